import {
  roomNames,
  seatLabels,
  type Center,
  type CenterInput,
  type LocalizedText,
  type Room,
  type SeatsInput,
} from "@shared/booking";
import { isValidTimeZone } from "@shared/time";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import {
  countSeats,
  getCenter,
  getRoom,
  insertCenter,
  insertRoom,
  insertSeats,
  type CenterRecord,
  type RoomRecord,
  type SeatRecord,
  listCenters,
  listRooms,
  listSeats,
  updateRoomNames,
} from "./repository";

export const presentCenter = (center: CenterRecord): Center => ({
  id: center.id,
  name: center.name,
  address: center.address,
  ...(center.region ? { region: center.region } : {}),
  timezone: center.timezone,
  ...(center.schedule ? { schedule: center.schedule } : {}),
  ...(center.accessibility ? { accessibility: center.accessibility } : {}),
});

export const presentRoom = (room: RoomRecord, seatCount: number): Room => ({
  id: room.id,
  centerId: room.centerId,
  name: room.name,
  names: room.names,
  seatCount,
});

/** The center, or 404 `center_not_found`. */
export async function requireCenter(ctx: AppContext, centerId: string) {
  const center = await getCenter(ctx.redis, centerId);
  if (!center) throw notFound("center_not_found", "There is no such center.");
  return center;
}

/** The room, or 404 `room_not_found`. */
export async function requireRoom(ctx: AppContext, roomId: string) {
  const room = await getRoom(ctx.redis, roomId);
  if (!room) throw notFound("room_not_found", "There is no such room.");
  return room;
}

/** Opens a testing center; its time zone defaults to CENTER_TIMEZONE. */
export async function registerCenter(
  ctx: AppContext,
  input: CenterInput,
  actor: string,
): Promise<CenterRecord> {
  const timezone = input.timezone ?? ctx.env.CENTER_TIMEZONE;
  if (!isValidTimeZone(timezone)) {
    throw unprocessable(
      "invalid_timezone",
      `"${timezone}" is not an IANA time zone (e.g. Asia/Almaty).`,
    );
  }
  return insertCenter(
    ctx.redis,
    {
      name: input.name,
      address: input.address,
      timezone,
      ...(input.region ? { region: input.region } : {}),
      ...(input.schedule ? { schedule: input.schedule } : {}),
      ...(input.accessibility ? { accessibility: input.accessibility } : {}),
    },
    actor,
  );
}

/** Whether a center is in the region a filter names (no filter: all are). */
export const inRegion = (
  center: Pick<CenterRecord, "region">,
  regionCode: string | undefined,
) => regionCode === undefined || center.region?.code === regionCode;

/** Adds a room to a center. */
export async function addRoom(
  ctx: AppContext,
  centerId: string,
  name: string | Partial<LocalizedText>,
  actor: string,
): Promise<RoomRecord> {
  const names =
    typeof name === "string" ? roomNames({ name }) : roomNames({ names: name });
  const reply = await insertRoom(ctx.redis, { centerId, names }, actor);
  if ("ok" in reply) return reply.ok;
  throw notFound("center_not_found", "There is no such center.");
}

/**
 * Renames a room in Kazakh, Russian and English (a language left empty
 * takes another's); the room as it now is, with its seat count.
 */
export async function renameRoom(
  ctx: AppContext,
  roomId: string,
  names: LocalizedText,
  actor: string,
): Promise<Room> {
  const room = await getRoom(ctx.redis, roomId);
  const missing = () => notFound("room_not_found", "There is no such room.");
  if (!room) throw missing();
  const reply = await updateRoomNames(ctx.redis, room, names, actor);
  if (!("ok" in reply)) throw missing();
  return presentRoom(
    { ...room, name: names.ru, names },
    await countSeats(ctx.redis, roomId),
  );
}

/** Adds seats ("A-01".."A-10") to a room, all or none. */
export async function addSeats(
  ctx: AppContext,
  roomId: string,
  input: SeatsInput,
  actor: string,
): Promise<SeatRecord[]> {
  const labels = seatLabels(input);
  const duplicate = labels.find((label, i) => labels.indexOf(label) !== i);
  if (duplicate) {
    throw unprocessable(
      "duplicate_seat_label",
      `The label ${duplicate} is given twice.`,
    );
  }
  const reply = await insertSeats(ctx.redis, roomId, labels, actor);
  if ("ok" in reply) return reply.ok;
  if (reply.error === "room_not_found") {
    throw notFound("room_not_found", "There is no such room.");
  }
  throw conflict(
    "seat_label_taken",
    `The room already has a seat labelled ${String(reply.details.label)}.`,
    { label: reply.details.label },
  );
}

/** Rooms with their seat counts. */
export async function roomsWithSeatCounts(
  ctx: AppContext,
  rooms: readonly RoomRecord[],
): Promise<Room[]> {
  return Promise.all(
    rooms.map(async (room) =>
      presentRoom(room, await countSeats(ctx.redis, room.id)),
    ),
  );
}

/** The centers the public sees, of one region or all. */
export async function listPublicCenters(
  ctx: AppContext,
  regionCode: string | undefined,
): Promise<Center[]> {
  return (await listCenters(ctx.redis))
    .filter((center) => inRegion(center, regionCode))
    .map(presentCenter);
}

/** A center's rooms with their seat counts, or 404 `center_not_found`. */
export async function centerRooms(
  ctx: AppContext,
  centerId: string,
): Promise<Room[]> {
  await requireCenter(ctx, centerId);
  return roomsWithSeatCounts(ctx, await listRooms(ctx.redis, centerId));
}

/** A room's seats, or 404 `room_not_found`. */
export async function roomSeats(ctx: AppContext, roomId: string) {
  await requireRoom(ctx, roomId);
  return listSeats(ctx.redis, roomId);
}
