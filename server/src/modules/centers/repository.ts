import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { LocalizedText, Region } from "@shared/booking";
import { auditKeys, centerAuditScope } from "../audit";
import { redisNow } from "../../redis/connection";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";

/**
 * Centers, rooms and seats. All instants are epoch ms (UTC).
 *
 * Keys:
 *   centers                   zset: centerId by createdAt
 *   center:<centerId>         hash: id nameKk nameRu nameEn addressKk
 *                             addressRu addressEn timezone createdAt
 *                             [schedule accessibility] (JSON {kk,ru,en})
 *                             [region] (JSON {code, title {kk,ru,en}})
 *   center:<centerId>:rooms   zset: roomId by createdAt
 *   room:<roomId>             hash: id centerId name nameKk nameRu nameEn
 *                             createdAt (rooms made before names in three
 *                             languages have `name` only: it is all three)
 *   room:<roomId>:seats       hash: seat label → seatId (labels unique)
 *   room:<roomId>:slots       zset: slotId by startsAt (overlap checks)
 *   room:<roomId>:seat-order  hash: seatId → its place in label order (0…)
 *   room:<roomId>:free-seats  zset: the free seats with an enrolled kiosk,
 *                             scored by place: what admission pops
 *                             (scripts/_seats.lua; built with the seats,
 *                             for older rooms on their first admission)
 *   seat:<seatId>             hash: id roomId centerId label
 *
 * Slots are in slots/repository.ts.
 * A center's opening and region are audited in the network stream, its
 * rooms and seats in the center's, by the same script that makes them.
 */
export const centerKeys = {
  centers: "centers",
  center: (centerId: string) => `center:${centerId}`,
  centerRooms: (centerId: string) => `center:${centerId}:rooms`,
  room: (roomId: string) => `room:${roomId}`,
  roomSeats: (roomId: string) => `room:${roomId}:seats`,
  roomSlots: (roomId: string) => `room:${roomId}:slots`,
  roomSeatOrder: (roomId: string) => `room:${roomId}:seat-order`,
  roomFreeSeats: (roomId: string) => `room:${roomId}:free-seats`,
  seat: (seatId: string) => `seat:${seatId}`,
};

export interface CenterRecord {
  id: string;
  name: LocalizedText;
  address: LocalizedText;
  timezone: string;
  /** Where the portal's region filter finds it; absent on older centers. */
  region?: Region;
  /** Opening days and hours, for the public information page. */
  schedule?: LocalizedText;
  /** Accessibility arrangements and how to ask for them. */
  accessibility?: LocalizedText;
  createdAt: number;
}

export interface RoomRecord {
  id: string;
  centerId: string;
  /** The Russian name: what older clients and messages print. */
  name: string;
  names: LocalizedText;
  createdAt: number;
}

export interface SeatRecord {
  id: string;
  label: string;
  roomId: string;
  centerId: string;
}

/** Redis TIME: the clock cutoffs are judged by. */
export const serverNow = (redis: Redis): Promise<number> => redisNow(redis);

const num = (value: string | undefined) => Number(value ?? 0);

function toCenter(hash: Record<string, string>): CenterRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    name: {
      kk: hash.nameKk ?? "",
      ru: hash.nameRu ?? "",
      en: hash.nameEn ?? "",
    },
    address: {
      kk: hash.addressKk ?? "",
      ru: hash.addressRu ?? "",
      en: hash.addressEn ?? "",
    },
    timezone: hash.timezone ?? "",
    ...(hash.region ? { region: JSON.parse(hash.region) as Region } : {}),
    ...(hash.schedule
      ? { schedule: JSON.parse(hash.schedule) as LocalizedText }
      : {}),
    ...(hash.accessibility
      ? { accessibility: JSON.parse(hash.accessibility) as LocalizedText }
      : {}),
    createdAt: num(hash.createdAt),
  };
}

function toRoom(hash: Record<string, string>): RoomRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    centerId: hash.centerId ?? "",
    name: hash.nameRu || hash.name || "",
    names: {
      kk: hash.nameKk || hash.name || "",
      ru: hash.nameRu || hash.name || "",
      en: hash.nameEn || hash.name || "",
    },
    createdAt: num(hash.createdAt),
  };
}

function toSeat(hash: Record<string, string>): SeatRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    label: hash.label ?? "",
    roomId: hash.roomId ?? "",
    centerId: hash.centerId ?? "",
  };
}

export async function hashes(redis: Redis, keys: readonly string[]) {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, hash]) => {
    if (error) throw error;
    return hash as Record<string, string>;
  });
}

// ---------------------------------------------------------------------------
// Reads

/** A center, or null. */
export async function getCenter(
  redis: Redis,
  centerId: string,
): Promise<CenterRecord | null> {
  return toCenter(await redis.hgetall(centerKeys.center(centerId)));
}

/** Several centers by id, in order; unknown ids are left out. */
export async function getCenters(
  redis: Redis,
  centerIds: readonly string[],
): Promise<CenterRecord[]> {
  const found = await hashes(redis, centerIds.map(centerKeys.center));
  return found.map(toCenter).filter((c): c is CenterRecord => c !== null);
}

/** Every center, oldest first. */
export async function listCenters(redis: Redis): Promise<CenterRecord[]> {
  return getCenters(redis, await redis.zrange(centerKeys.centers, 0, -1));
}

/** A room, or null. */
export async function getRoom(
  redis: Redis,
  roomId: string,
): Promise<RoomRecord | null> {
  return toRoom(await redis.hgetall(centerKeys.room(roomId)));
}

/** Several rooms by id, in order; unknown ids are left out. */
export async function getRooms(
  redis: Redis,
  roomIds: readonly string[],
): Promise<RoomRecord[]> {
  const found = await hashes(redis, roomIds.map(centerKeys.room));
  return found.map(toRoom).filter((r): r is RoomRecord => r !== null);
}

/**
 * A center's rooms, oldest first; rooms made in the same millisecond (a
 * seed, a script) by name, "Зал 2" before "Зал 10". The sorted set alone
 * would order those by their random ids.
 */
export async function listRooms(
  redis: Redis,
  centerId: string,
): Promise<RoomRecord[]> {
  const rooms = await getRooms(
    redis,
    await redis.zrange(centerKeys.centerRooms(centerId), 0, -1),
  );
  return rooms.sort(
    (a, b) =>
      a.createdAt - b.createdAt ||
      byLabel(a.name, b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** How many seats a room has. */
export async function countSeats(redis: Redis, roomId: string) {
  return redis.hlen(centerKeys.roomSeats(roomId));
}

/** A seat (label, room, center), or null. */
export async function getSeat(
  redis: Redis,
  seatId: string,
): Promise<SeatRecord | null> {
  return toSeat(await redis.hgetall(centerKeys.seat(seatId)));
}

const byLabel = new Intl.Collator("en", { numeric: true }).compare;

/** A room's seats in label order (A-2 before A-10). */
export async function listSeats(
  redis: Redis,
  roomId: string,
): Promise<SeatRecord[]> {
  const seatIds = await redis.hvals(centerKeys.roomSeats(roomId));
  const found = await hashes(redis, seatIds.map(centerKeys.seat));
  return found
    .map(toSeat)
    .filter((s): s is SeatRecord => s !== null)
    .sort((a, b) => byLabel(a.label, b.label));
}

/**
 * Every seat id of the room in label order (as `listSeats`), with seats
 * about to be added among them: the order the room's free seats keep. A
 * seat whose record is missing goes last. `count`: the seats read.
 */
async function seatIdsInLabelOrder(
  redis: Redis,
  roomId: string,
  adding: readonly { id: string; label: string }[] = [],
) {
  const seatIds = await redis.hvals(centerKeys.roomSeats(roomId));
  const found = (await hashes(redis, seatIds.map(centerKeys.seat)))
    .map(toSeat)
    .filter((s): s is SeatRecord => s !== null);
  const listed = new Set(found.map((seat) => seat.id));
  return {
    count: seatIds.length,
    order: [
      ...[...found, ...adding]
        .sort((a, b) => byLabel(a.label, b.label))
        .map((seat) => seat.id),
      ...seatIds.filter((id) => !listed.has(id)).sort(),
    ],
  };
}

/**
 * Builds a room's free seats (scripts/free-seats-build.lua) when it has
 * none yet: a room from before they were kept. Harmless to repeat or race:
 * the script builds once; seats added meanwhile make it read them again.
 */
export async function buildFreeSeats(redis: Redis, roomId: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const reply = parseLuaReply<{ built: boolean }, "seats_changed">(
      await script("free-seats-build").run(
        redis,
        [
          centerKeys.roomSeats(roomId),
          centerKeys.roomSeatOrder(roomId),
          centerKeys.roomFreeSeats(roomId),
        ],
        (await seatIdsInLabelOrder(redis, roomId)).order,
      ),
    );
    if ("ok" in reply) return;
  }
  throw new Error(`room ${roomId}: seats kept changing while being ordered`);
}

// ---------------------------------------------------------------------------
// Changes (one Lua script each, audited in the same script)

/** Opening a center and its region are the network's business. */
const networkAudit = auditKeys("network");
const centerAudit = (centerId: string | null | undefined) =>
  auditKeys(centerAuditScope(centerId));

/** Creates a center. */
export async function insertCenter(
  redis: Redis,
  input: Omit<CenterRecord, "id" | "createdAt">,
  actor: string,
): Promise<CenterRecord> {
  const id = randomUUID();
  const reply = parseLuaReply<{ createdAt: number }>(
    await script("center-create").run(
      redis,
      [
        centerKeys.center(id),
        centerKeys.centers,
        networkAudit.stream,
        networkAudit.head,
      ],
      [
        id,
        input.name.kk,
        input.name.ru,
        input.name.en,
        input.address.kk,
        input.address.ru,
        input.address.en,
        input.timezone,
        actor,
        input.schedule ? JSON.stringify(input.schedule) : "",
        input.accessibility ? JSON.stringify(input.accessibility) : "",
        input.region ? JSON.stringify(input.region) : "",
      ],
    ),
  );
  if (!("ok" in reply)) throw new Error(`center-create: ${reply.error}`);
  return { ...input, id, createdAt: reply.ok.createdAt };
}

/** Sets the region of a center (one opened before regions existed). */
export async function updateCenterRegion(
  redis: Redis,
  centerId: string,
  region: Region,
  actor: string,
): Promise<LuaReply<{ updatedAt: number }, "center_not_found">> {
  return parseLuaReply(
    await script("center-region").run(
      redis,
      [centerKeys.center(centerId), networkAudit.stream, networkAudit.head],
      [centerId, JSON.stringify(region), region.code, actor],
    ),
  );
}

/**
 * Names a room in three languages (room-rename.lua), audited in its
 * center's stream; refuses `room_not_found`.
 */
export async function updateRoomNames(
  redis: Redis,
  room: RoomRecord,
  names: LocalizedText,
  actor: string,
): Promise<LuaReply<{ renamedAt: number }, "room_not_found">> {
  return parseLuaReply<{ renamedAt: number }, "room_not_found">(
    await script("room-rename").run(
      redis,
      [
        centerKeys.room(room.id),
        centerAudit(room.centerId).stream,
        centerAudit(room.centerId).head,
      ],
      [names.kk, names.ru, names.en, actor],
    ),
  );
}

/** Creates a room in a center; refuses `center_not_found`. */
export async function insertRoom(
  redis: Redis,
  input: { centerId: string; names: LocalizedText },
  actor: string,
): Promise<LuaReply<RoomRecord, "center_not_found">> {
  const id = randomUUID();
  const reply = parseLuaReply<{ createdAt: number }, "center_not_found">(
    await script("room-create").run(
      redis,
      [
        centerKeys.center(input.centerId),
        centerKeys.room(id),
        centerKeys.centerRooms(input.centerId),
        centerAudit(input.centerId).stream,
        centerAudit(input.centerId).head,
      ],
      [
        id,
        input.centerId,
        input.names.ru,
        actor,
        input.names.kk,
        input.names.ru,
        input.names.en,
      ],
    ),
  );
  if (!("ok" in reply)) return reply;
  return {
    ok: {
      id,
      centerId: input.centerId,
      name: input.names.ru,
      names: input.names,
      createdAt: reply.ok.createdAt,
    },
  };
}

/**
 * Adds seats to a room, all or none; refuses `room_not_found` and
 * `seat_label_taken` (with the label).
 */
export async function insertSeats(
  redis: Redis,
  roomId: string,
  labels: readonly string[],
  actor: string,
): Promise<LuaReply<SeatRecord[], "room_not_found" | "seat_label_taken">> {
  const seats = labels.map((label) => ({ id: randomUUID(), label }));
  // A room's center never changes; an unknown room is refused unwritten.
  const audit = centerAudit((await getRoom(redis, roomId))?.centerId);
  // Every seat's place in label order once these are in: the room's free
  // seats keep that order (the script checks nobody added seats meanwhile).
  const before = await seatIdsInLabelOrder(redis, roomId, seats);
  const reply = parseLuaReply<
    { centerId: string },
    "room_not_found" | "seat_label_taken"
  >(
    await script("seats-create").run(
      redis,
      [
        centerKeys.room(roomId),
        centerKeys.roomSeats(roomId),
        audit.stream,
        audit.head,
        centerKeys.roomSeatOrder(roomId),
        centerKeys.roomFreeSeats(roomId),
      ],
      [
        centerKeys.seat(""),
        roomId,
        actor,
        before.count,
        JSON.stringify(before.order),
        ...seats.flatMap((seat) => [seat.id, seat.label]),
      ],
    ),
  );
  if (!("ok" in reply)) return reply;
  const { centerId } = reply.ok;
  return { ok: seats.map((seat) => ({ ...seat, roomId, centerId })) };
}
