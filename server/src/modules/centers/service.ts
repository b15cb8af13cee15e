import {
  seatLabels,
  type Center,
  type CenterInput,
  type Room,
  type SeatsInput,
  type Slot,
  type SlotInput,
} from "@shared/booking";
import { LIMITS } from "@shared/limits";
import { isValidTimeZone } from "@shared/time";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import { getProgramInfo } from "../booking/programs";
import {
  cancelSlotRecord,
  countSeats,
  getCenter,
  getRoom,
  getSlot,
  insertCenter,
  insertRoom,
  insertSeats,
  insertSlot,
  listSlotsStartingBetween,
  serverNow,
  updateSlotSeats,
  type CenterRecord,
  type RoomRecord,
  type SeatRecord,
  type SlotRecord,
} from "./repository";

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

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
  seatCount,
});

export const presentSlot = (slot: SlotRecord): Slot => ({
  id: slot.id,
  centerId: slot.centerId,
  roomId: slot.roomId,
  programId: slot.programId,
  startsAt: iso(slot.startsAt),
  endsAt: iso(slot.endsAt),
  bookingCutoffAt: iso(slot.bookingCutoffAt),
  lateAdmissionCutoffAt: iso(slot.lateAdmissionCutoffAt),
  seatsOffered: slot.seatsOffered,
  bookedSeats: slot.bookedSeats,
  freeSeats: freeSeatsOf(slot),
  status: slot.status,
  createdAt: iso(slot.createdAt),
});

/** Seats still bookable (never negative, even after seats were reduced). */
export const freeSeatsOf = (slot: SlotRecord) =>
  Math.max(0, slot.seatsOffered - slot.bookedSeats);

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

/** The slot, or 404 `slot_not_found`. */
export async function requireSlot(ctx: AppContext, slotId: string) {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  return slot;
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
  name: string,
  actor: string,
): Promise<RoomRecord> {
  const reply = await insertRoom(ctx.redis, { centerId, name }, actor);
  if ("ok" in reply) return reply.ok;
  throw notFound("center_not_found", "There is no such center.");
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

/** When each cutoff falls: the slot's own, or the regulation's defaults. */
export function slotTimes(
  input: Pick<
    SlotInput,
    "startsAt" | "bookingCutoffAt" | "lateAdmissionCutoffAt"
  >,
  program: { durationMinutes: number; instructionsMinutes: number },
) {
  const startsAt = Date.parse(input.startsAt);
  const endsAt =
    startsAt + (program.instructionsMinutes + program.durationMinutes) * MINUTE;
  const bookingCutoffAt = input.bookingCutoffAt
    ? Date.parse(input.bookingCutoffAt)
    : startsAt - LIMITS.defaultBookingCutoffMinutes * MINUTE;
  const lateAdmissionCutoffAt = input.lateAdmissionCutoffAt
    ? Date.parse(input.lateAdmissionCutoffAt)
    : startsAt + LIMITS.defaultLateAdmissionMinutes * MINUTE;
  return { startsAt, endsAt, bookingCutoffAt, lateAdmissionCutoffAt };
}

/**
 * Schedules a slot for a program in a room, and the no-show sweep that
 * runs at its late-admission cutoff.
 */
export async function scheduleSlot(
  ctx: AppContext,
  input: SlotInput,
  actor: string,
): Promise<SlotRecord> {
  const program = getProgramInfo(ctx, input.programId);
  if (!program) {
    throw notFound(
      "program_not_found",
      `There is no program "${input.programId}".`,
    );
  }
  const times = slotTimes(input, program);
  if (times.bookingCutoffAt > times.startsAt) {
    throw unprocessable(
      "invalid_cutoff",
      "Booking must close at or before the start.",
    );
  }
  if (
    times.lateAdmissionCutoffAt < times.startsAt ||
    times.lateAdmissionCutoffAt > times.endsAt
  ) {
    throw unprocessable(
      "invalid_cutoff",
      "Late admission must close between the start and the end of the slot.",
    );
  }
  const reply = await insertSlot(
    ctx.redis,
    {
      ...times,
      roomId: input.roomId,
      programId: program.id,
      seatsOffered: input.seatsOffered,
    },
    actor,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "room_not_found":
        throw notFound("room_not_found", "There is no such room.");
      case "starts_in_past":
        throw unprocessable(
          "starts_in_past",
          "The slot must start in the future.",
        );
      case "seats_exceed_room":
        throw unprocessable(
          "seats_exceed_room",
          `The room has only ${String(reply.details.roomSeats)} seats.`,
          { roomSeats: reply.details.roomSeats },
        );
      case "room_busy":
        throw conflict(
          "room_busy",
          "Another slot uses this room at that time.",
          { slotId: reply.details.slotId },
        );
    }
  }
  const slot = reply.ok;
  await queueNoShowSweep(ctx, slot);
  return slot;
}

/**
 * Queues the no-show sweep for the slot's late-admission cutoff. The delay
 * is measured on Redis time, the clock the sweep's script checks against.
 */
export async function queueNoShowSweep(
  ctx: AppContext,
  slot: Pick<SlotRecord, "id" | "lateAdmissionCutoffAt">,
): Promise<void> {
  const now = await serverNow(ctx.redis);
  // A little past the cutoff, so the sweep never runs a hair too early.
  const delay = Math.max(0, slot.lateAdmissionCutoffAt - now + 250);
  await ctx.queues.add("slot.no-show", { slotId: slot.id }, { delay });
}

/** Changes the seats a slot offers (within the room, above its bookings). */
export async function changeSeatsOffered(
  ctx: AppContext,
  slotId: string,
  seatsOffered: number,
  actor: string,
): Promise<SlotRecord> {
  const slot = await requireSlot(ctx, slotId);
  const reply = await updateSlotSeats(ctx.redis, slot, seatsOffered, actor);
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "slot_not_found":
        throw notFound("slot_not_found", "There is no such slot.");
      case "slot_cancelled":
        throw conflict("slot_cancelled", "The slot is cancelled.");
      case "seats_exceed_room":
        throw unprocessable(
          "seats_exceed_room",
          `The room has only ${String(reply.details.roomSeats)} seats.`,
          { roomSeats: reply.details.roomSeats },
        );
      case "seats_below_booked":
        throw conflict(
          "seats_below_booked",
          `${String(reply.details.bookedSeats)} seats are booked; offer at least that many.`,
          { bookedSeats: reply.details.bookedSeats },
        );
    }
  }
  return requireSlot(ctx, slotId);
}

/** Cancels a slot nobody holds a booking for. */
export async function cancelSlot(
  ctx: AppContext,
  slotId: string,
  actor: string,
): Promise<SlotRecord> {
  const reply = await cancelSlotRecord(ctx.redis, slotId, actor);
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "slot_not_found":
        throw notFound("slot_not_found", "There is no such slot.");
      case "slot_cancelled":
        throw conflict("slot_cancelled", "The slot is already cancelled.");
      case "slot_has_bookings":
        throw conflict(
          "slot_has_bookings",
          `The slot holds ${String(reply.details.bookedSeats)} bookings; they must be cancelled first.`,
          { bookedSeats: reply.details.bookedSeats },
        );
    }
  }
  return requireSlot(ctx, slotId);
}

/** A center's slots starting in [from, to], for staff (all statuses). */
export async function listCenterSlots(
  ctx: AppContext,
  query: { centerId: string; from: number; to: number; programId?: string },
): Promise<SlotRecord[]> {
  const slots = await listSlotsStartingBetween(ctx.redis, query.from, query.to);
  return slots.filter(
    (slot) =>
      slot.centerId === query.centerId &&
      (!query.programId || slot.programId === query.programId),
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
