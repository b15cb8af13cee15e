import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { auditKeys } from "../audit";
import { centerKeys, hashes } from "../centers";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";

/**
 * Slots: a program in a room at a time, with the seats offered. Instants
 * are epoch ms (UTC).
 *
 * Keys:
 *   slot:<slotId>             hash: id centerId roomId programId startsAt
 *                             endsAt bookingCutoffAt lateAdmissionCutoffAt
 *                             seatsOffered bookedSeats status(open|cancelled)
 *                             createdAt createdBy [cancelledAt noShowSweptAt]
 *   slots:by-start            zset: slotId by startsAt (all slots)
 *   room:<roomId>:slots       zset: slotId by startsAt (overlap checks; the
 *                             key is built in centers/repository.ts)
 *
 * `bookedSeats` counts the slot's bookings that are not cancelled; the
 * booking scripts (booking/repository.ts) move it, never Node. Slot
 * changes are audited in the slot's own stream by the script that makes
 * them.
 */
export const slotKeys = {
  slot: (slotId: string) => `slot:${slotId}`,
  slotsByStart: "slots:by-start",
};

const num = (value: string | undefined) => Number(value ?? 0);
const slotAudit = (slotId: string) => auditKeys(`slot:${slotId}`);

export type SlotStatus = "open" | "cancelled";

export interface SlotRecord {
  id: string;
  centerId: string;
  roomId: string;
  programId: string;
  startsAt: number;
  /** Start + instructions + the program's duration (no extra time). */
  endsAt: number;
  bookingCutoffAt: number;
  lateAdmissionCutoffAt: number;
  seatsOffered: number;
  /** Bookings not cancelled. */
  bookedSeats: number;
  status: SlotStatus;
  createdAt: number;
  noShowSweptAt: number | null;
}

function toSlot(hash: Record<string, string>): SlotRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    centerId: hash.centerId ?? "",
    roomId: hash.roomId ?? "",
    programId: hash.programId ?? "",
    startsAt: num(hash.startsAt),
    endsAt: num(hash.endsAt),
    bookingCutoffAt: num(hash.bookingCutoffAt),
    lateAdmissionCutoffAt: num(hash.lateAdmissionCutoffAt),
    seatsOffered: num(hash.seatsOffered),
    bookedSeats: num(hash.bookedSeats),
    status: hash.status === "cancelled" ? "cancelled" : "open",
    createdAt: num(hash.createdAt),
    noShowSweptAt: hash.noShowSweptAt ? Number(hash.noShowSweptAt) : null,
  };
}

// ---------------------------------------------------------------------------
// Reads

/** A slot with its counters, or null. */
export async function getSlot(
  redis: Redis,
  slotId: string,
): Promise<SlotRecord | null> {
  return toSlot(await redis.hgetall(slotKeys.slot(slotId)));
}

/** Slots starting in [from, to], earliest first, cancelled ones included. */
export async function listSlotsStartingBetween(
  redis: Redis,
  from: number,
  to: number,
): Promise<SlotRecord[]> {
  const slotIds = await redis.zrangebyscore(slotKeys.slotsByStart, from, to);
  const found = await hashes(redis, slotIds.map(slotKeys.slot));
  return found.map(toSlot).filter((s): s is SlotRecord => s !== null);
}

// ---------------------------------------------------------------------------
// Changes (one Lua script each, audited in the same script)

export type SlotCreateRefusal =
  "room_not_found" | "starts_in_past" | "seats_exceed_room" | "room_busy";

/**
 * Creates a slot. Refuses a start not in the future (Redis time), more
 * seats than the room has, and a room already used by an overlapping slot.
 */
export async function insertSlot(
  redis: Redis,
  input: Omit<
    SlotRecord,
    "id" | "centerId" | "bookedSeats" | "status" | "createdAt" | "noShowSweptAt"
  >,
  actor: string,
): Promise<LuaReply<SlotRecord, SlotCreateRefusal>> {
  const id = randomUUID();
  const audit = slotAudit(id);
  const reply = parseLuaReply<
    { createdAt: number; centerId: string },
    SlotCreateRefusal
  >(
    await script("slot-create").run(
      redis,
      [
        slotKeys.slot(id),
        centerKeys.room(input.roomId),
        centerKeys.roomSeats(input.roomId),
        centerKeys.roomSlots(input.roomId),
        slotKeys.slotsByStart,
        audit.stream,
        audit.head,
      ],
      [
        id,
        input.roomId,
        input.programId,
        input.startsAt,
        input.endsAt,
        input.bookingCutoffAt,
        input.lateAdmissionCutoffAt,
        input.seatsOffered,
        actor,
        slotKeys.slot(""),
      ],
    ),
  );
  if (!("ok" in reply)) return reply;
  return {
    ok: {
      ...input,
      id,
      centerId: reply.ok.centerId,
      bookedSeats: 0,
      status: "open",
      createdAt: reply.ok.createdAt,
      noShowSweptAt: null,
    },
  };
}

export type SlotChangeRefusal =
  | "slot_not_found"
  | "slot_cancelled"
  | "seats_exceed_room"
  | "seats_below_booked";

/**
 * Changes the seats a slot offers: never below its bookings, never above
 * the room's seats.
 */
export async function updateSlotSeats(
  redis: Redis,
  slot: Pick<SlotRecord, "id" | "roomId">,
  seatsOffered: number,
  actor: string,
): Promise<LuaReply<{ seatsOffered: number }, SlotChangeRefusal>> {
  const audit = slotAudit(slot.id);
  return parseLuaReply(
    await script("slot-update-seats").run(
      redis,
      [
        slotKeys.slot(slot.id),
        centerKeys.roomSeats(slot.roomId),
        audit.stream,
        audit.head,
      ],
      [slot.id, seatsOffered, actor],
    ),
  );
}

/** Cancels a slot that holds no bookings (cancelled ones aside). */
export async function cancelSlotRecord(
  redis: Redis,
  slotId: string,
  actor: string,
): Promise<
  LuaReply<
    { cancelledAt: number },
    "slot_not_found" | "slot_cancelled" | "slot_has_bookings"
  >
> {
  const audit = slotAudit(slotId);
  return parseLuaReply(
    await script("slot-cancel").run(
      redis,
      [slotKeys.slot(slotId), audit.stream, audit.head],
      [slotId, actor],
    ),
  );
}
