import { Router } from "express";
import { z } from "zod";
import {
  CenterSlotSearch,
  PublicSlot,
  Slot,
  SlotInput,
  SlotSearch,
  SlotUpdate,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { actorOf } from "../audit";
import { centerOfRoom } from "../centers";
import { centerOfSlot } from "./owners";
import {
  cancelSlot,
  changeSeatsOffered,
  listCenterSlots,
  listOpenSlots,
  presentSlot,
  publicSlot,
  requireSlot,
  scheduleSlot,
} from "./service";

const STAFF_READERS = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;
const MANAGER = ["manager", "network-manager"] as const;

const Id = z.string().min(1).max(64);

/**
 * Slots: managers schedule them, staff read a center's, and the public
 * booking API lists the open ones with their free seats.
 */
export function slotRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots",
    summary:
      "Slots open for booking (before their cutoff), with free seats; default from now for 60 days",
    tags: ["booking"],
    access: "public",
    query: SlotSearch,
    response: z.array(PublicSlot),
    errors: { 422: "Bad range (invalid_range)", 429: "Rate limited" },
    handler: ({ query }) =>
      listOpenSlots(ctx, {
        ...(query.program ? { programId: query.program } : {}),
        ...(query.center ? { centerId: query.center } : {}),
        ...(query.region ? { regionCode: query.region } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId",
    summary: "One slot with its free seats, open or not",
    tags: ["booking"],
    access: "public",
    params: z.object({ slotId: Id }),
    response: PublicSlot,
    errors: { 404: "Unknown slot", 429: "Rate limited" },
    handler: ({ params }) => publicSlot(ctx, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots",
    summary:
      "Schedule a slot: a program in a room at a time, with seats offered and cutoffs",
    tags: ["centers"],
    access: MANAGER,
    status: 201,
    body: SlotInput,
    response: Slot,
    errors: {
      404: "Unknown room or program (room_not_found, program_not_found)",
      409: "The room is used by an overlapping slot (room_busy)",
      422: "Starts in the past, more seats than the room has, or cutoffs out of order",
    },
    handler: async ({ body, actor }) => {
      assertInScope(actor, await centerOfRoom(ctx, body.roomId));
      return presentSlot(await scheduleSlot(ctx, body, actorOf(actor)));
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/centers/:centerId/slots",
    summary:
      "A center's slots of every status, by start (default: from 12 hours ago, 30 days on)",
    tags: ["centers"],
    access: STAFF_READERS,
    params: z.object({ centerId: Id }),
    center: ({ centerId }) => centerId,
    query: CenterSlotSearch,
    response: z.array(Slot),
    errors: { 404: "Unknown center", 422: "Bad range (invalid_range)" },
    handler: async ({ params, query }) =>
      (
        await listCenterSlots(ctx, {
          centerId: params.centerId,
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.program ? { programId: query.program } : {}),
        })
      ).map(presentSlot),
  });

  defineRoute(router, ctx.registry, {
    method: "patch",
    path: "/slots/:slotId",
    summary: "Change the seats a slot offers",
    tags: ["centers"],
    access: MANAGER,
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx, slotId),
    body: SlotUpdate,
    response: Slot,
    errors: {
      404: "Unknown slot",
      409: "Below the seats booked, or the slot is cancelled",
      422: "More seats than the room has",
    },
    handler: async ({ params, body, actor }) =>
      presentSlot(
        await changeSeatsOffered(
          ctx,
          params.slotId,
          body.seatsOffered,
          actorOf(actor),
        ),
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/cancel",
    summary: "Cancel a slot that holds no bookings",
    tags: ["centers"],
    access: MANAGER,
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx, slotId),
    response: Slot,
    errors: {
      404: "Unknown slot",
      409: "The slot holds bookings (slot_has_bookings) or is cancelled",
    },
    handler: async ({ params, actor }) => {
      await requireSlot(ctx, params.slotId);
      return presentSlot(await cancelSlot(ctx, params.slotId, actorOf(actor)));
    },
  });

  return router;
}
