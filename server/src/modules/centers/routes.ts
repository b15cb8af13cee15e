import { Router } from "express";
import { z } from "zod";
import {
  Center,
  CenterInput,
  InstantInput,
  Room,
  RoomInput,
  Seat,
  SeatsInput,
  Slot,
  SlotInput,
  SlotUpdate,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { unprocessable } from "../../errors";
import { defineRoute } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { actorOf } from "../audit/service";
import { centerOfRoom, centerOfSlot } from "./owners";
import { listCenters, listRooms, listSeats, serverNow } from "./repository";
import {
  addRoom,
  addSeats,
  cancelSlot,
  changeSeatsOffered,
  inRegion,
  listCenterSlots,
  presentCenter,
  presentRoom,
  presentSlot,
  registerCenter,
  requireCenter,
  requireRoom,
  requireSlot,
  roomsWithSeatCounts,
  scheduleSlot,
} from "./service";

const STAFF_READERS = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;
const MANAGER = ["manager", "network-manager"] as const;
const DAY = 24 * 3600_000;

const Id = z.string().min(1).max(64);
const RegionCode = z.string().max(32).describe("A region's code, e.g. astana");

/**
 * Centers, rooms, seats and slots: managers configure them; administrators
 * and operators read them; the center list is public.
 */
export function centerRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/centers",
    summary:
      "Testing centers: names, addresses, regions and time zones (`?region=<code>`: one region's)",
    tags: ["centers"],
    access: "public",
    query: z.object({ region: RegionCode.optional() }),
    response: z.array(Center),
    errors: { 429: "Rate limited" },
    handler: async ({ query }) =>
      (await listCenters(ctx.redis))
        .filter((center) => inRegion(center, query.region))
        .map(presentCenter),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/centers/:centerId",
    summary: "One testing center",
    tags: ["centers"],
    access: "public",
    params: z.object({ centerId: Id }),
    response: Center,
    errors: { 404: "Unknown center", 429: "Rate limited" },
    handler: async ({ params }) =>
      presentCenter(await requireCenter(ctx, params.centerId)),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/centers",
    summary: "Open a testing center",
    tags: ["centers"],
    access: MANAGER,
    status: 201,
    body: CenterInput,
    response: Center,
    errors: {
      403: "A manager of some centers only (out_of_scope): centers are opened network-wide",
      422: "Unknown time zone (invalid_timezone)",
    },
    network: true,
    handler: async ({ body, actor }) =>
      presentCenter(await registerCenter(ctx, body, actorOf(actor))),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/centers/:centerId/rooms",
    summary: "A center's rooms with their seat counts",
    tags: ["centers"],
    access: STAFF_READERS,
    params: z.object({ centerId: Id }),
    center: ({ centerId }) => centerId,
    response: z.array(Room),
    errors: { 404: "Unknown center" },
    handler: async ({ params }) => {
      await requireCenter(ctx, params.centerId);
      return roomsWithSeatCounts(
        ctx,
        await listRooms(ctx.redis, params.centerId),
      );
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/centers/:centerId/rooms",
    summary: "Add a room to a center",
    tags: ["centers"],
    access: MANAGER,
    status: 201,
    params: z.object({ centerId: Id }),
    center: ({ centerId }) => centerId,
    body: RoomInput,
    response: Room,
    errors: { 404: "Unknown center" },
    handler: async ({ params, body, actor }) =>
      presentRoom(
        await addRoom(ctx, params.centerId, body.name, actorOf(actor)),
        0,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/rooms/:roomId/seats",
    summary: "A room's seats in label order",
    tags: ["centers"],
    access: STAFF_READERS,
    params: z.object({ roomId: Id }),
    center: ({ roomId }) => centerOfRoom(ctx.redis, roomId),
    response: z.array(Seat),
    errors: { 404: "Unknown room" },
    handler: async ({ params }) => {
      await requireRoom(ctx, params.roomId);
      return listSeats(ctx.redis, params.roomId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/rooms/:roomId/seats",
    summary:
      'Add seats, all or none: explicit labels, or a row ({"prefix":"A","from":1,"to":10} gives A-01..A-10)',
    tags: ["centers"],
    access: MANAGER,
    status: 201,
    params: z.object({ roomId: Id }),
    center: ({ roomId }) => centerOfRoom(ctx.redis, roomId),
    body: SeatsInput,
    response: z.array(Seat),
    errors: {
      404: "Unknown room",
      409: "A label is taken (seat_label_taken)",
      422: "A label is given twice (duplicate_seat_label)",
    },
    handler: async ({ params, body, actor }) =>
      addSeats(ctx, params.roomId, body, actorOf(actor)),
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
      assertInScope(actor, await centerOfRoom(ctx.redis, body.roomId));
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
    query: z.object({
      from: InstantInput.optional(),
      to: InstantInput.optional(),
      program: z.string().max(100).optional(),
    }),
    response: z.array(Slot),
    errors: { 404: "Unknown center", 422: "Bad range (invalid_range)" },
    handler: async ({ params, query }) => {
      await requireCenter(ctx, params.centerId);
      const now = await serverNow(ctx.redis);
      const from = query.from ? Date.parse(query.from) : now - DAY / 2;
      const to = query.to ? Date.parse(query.to) : from + 30 * DAY;
      if (to < from || to - from > 366 * DAY) {
        throw unprocessable(
          "invalid_range",
          "`to` must follow `from`, at most a year later.",
        );
      }
      const slots = await listCenterSlots(ctx, {
        centerId: params.centerId,
        from,
        to,
        ...(query.program ? { programId: query.program } : {}),
      });
      return slots.map(presentSlot);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "patch",
    path: "/slots/:slotId",
    summary: "Change the seats a slot offers",
    tags: ["centers"],
    access: MANAGER,
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx.redis, slotId),
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
    center: ({ slotId }) => centerOfSlot(ctx.redis, slotId),
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
