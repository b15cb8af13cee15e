import { Router } from "express";
import { z } from "zod";
import {
  Center,
  CenterInput,
  Room,
  RoomInput,
  roomNames,
  Seat,
  SeatsInput,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { actorOf } from "../audit";
import { centerOfRoom } from "./owners";
import {
  addRoom,
  addSeats,
  centerRooms,
  listPublicCenters,
  roomSeats,
  presentCenter,
  presentRoom,
  registerCenter,
  renameRoom,
  requireCenter,
} from "./service";

const STAFF_READERS = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;
const MANAGER = ["manager", "network-manager"] as const;

const Id = z.string().min(1).max(64);
const RegionCode = z.string().max(32).describe("A region's code, e.g. astana");

/**
 * Centers, rooms and seats: managers configure them; administrators and
 * operators read them; the center list is public.
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
    handler: ({ query }) => listPublicCenters(ctx, query.region),
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
    handler: ({ params }) => centerRooms(ctx, params.centerId),
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
        await addRoom(ctx, params.centerId, roomNames(body), actorOf(actor)),
        0,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "put",
    path: "/rooms/:roomId/names",
    summary:
      "Name a room in Kazakh, Russian and English (a language left empty takes another's)",
    tags: ["centers"],
    access: MANAGER,
    params: z.object({ roomId: Id }),
    center: ({ roomId }) => centerOfRoom(ctx, roomId),
    body: RoomInput,
    response: Room,
    errors: { 404: "Unknown room" },
    handler: async ({ params, body, actor }) =>
      renameRoom(ctx, params.roomId, roomNames(body), actorOf(actor)),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/rooms/:roomId/seats",
    summary: "A room's seats in label order",
    tags: ["centers"],
    access: STAFF_READERS,
    params: z.object({ roomId: Id }),
    center: ({ roomId }) => centerOfRoom(ctx, roomId),
    response: z.array(Seat),
    errors: { 404: "Unknown room" },
    handler: ({ params }) => roomSeats(ctx, params.roomId),
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
    center: ({ roomId }) => centerOfRoom(ctx, roomId),
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

  return router;
}
