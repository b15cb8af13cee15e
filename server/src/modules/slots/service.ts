import {
  type BookingSlot,
  type PublicSlot,
  type Slot,
  type SlotInput,
} from "@shared/booking";
import { LIMITS } from "@shared/limits";
import { toLocalTime } from "@shared/time";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import {
  getCenter,
  getCenters,
  getRoom,
  getRooms,
  serverNow,
  type CenterRecord,
  type RoomRecord,
  inRegion,
  presentCenter,
  requireCenter,
} from "../centers";
import { getProgramInfo } from "../programs";
import {
  cancelSlotRecord,
  getSlot,
  insertSlot,
  listSlotsStartingBetween,
  updateSlotSeats,
  type SlotRecord,
} from "./repository";

const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

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

/** The slot, or 404 `slot_not_found`. */
export async function requireSlot(ctx: AppContext, slotId: string) {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  return slot;
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

/**
 * A center's slots starting in [from, to], for staff (all statuses); by
 * default from 12 hours ago for 30 days.
 */
export async function listCenterSlots(
  ctx: AppContext,
  query: { centerId: string; from?: string; to?: string; programId?: string },
): Promise<SlotRecord[]> {
  await requireCenter(ctx, query.centerId);
  const now = await serverNow(ctx.redis);
  const from = query.from ? Date.parse(query.from) : now - DAY / 2;
  const to = query.to ? Date.parse(query.to) : from + 30 * DAY;
  if (to < from || to - from > 366 * DAY) {
    throw unprocessable(
      "invalid_range",
      "`to` must follow `from`, at most a year later.",
    );
  }
  const slots = await listSlotsStartingBetween(ctx.redis, from, to);
  return slots.filter(
    (slot) =>
      slot.centerId === query.centerId &&
      (!query.programId || slot.programId === query.programId),
  );
}

// ---------------------------------------------------------------------------
// Slots, as the public sees them

async function placesOf(ctx: AppContext, slots: readonly SlotRecord[]) {
  const [centers, rooms] = await Promise.all([
    getCenters(ctx.redis, [...new Set(slots.map((slot) => slot.centerId))]),
    getRooms(ctx.redis, [...new Set(slots.map((slot) => slot.roomId))]),
  ]);
  return {
    centers: new Map(centers.map((center) => [center.id, center])),
    rooms: new Map(rooms.map((room) => [room.id, room])),
  };
}

function presentPublicSlot(
  ctx: AppContext,
  slot: SlotRecord,
  center: CenterRecord,
  room: RoomRecord,
  now: number,
): PublicSlot | null {
  const program = getProgramInfo(ctx, slot.programId);
  if (!program) return null;
  const local = toLocalTime(slot.startsAt, center.timezone);
  return {
    id: slot.id,
    program: { id: program.id, titles: program.titles },
    languages: program.languages,
    center: presentCenter(center),
    room: { id: room.id, name: room.name, names: room.names },
    startsAt: iso(slot.startsAt),
    endsAt: iso(slot.endsAt),
    bookingCutoffAt: iso(slot.bookingCutoffAt),
    local: { date: local.date, time: local.time, utcOffset: local.utcOffset },
    seatsOffered: slot.seatsOffered,
    freeSeats: freeSeatsOf(slot),
    open: isOpen(slot, now),
  };
}

const isOpen = (slot: SlotRecord, now: number) =>
  slot.status === "open" && now < slot.bookingCutoffAt;

/**
 * Slots open for booking (not cancelled, before their booking cutoff)
 * starting in [from, to]: by default from now for 60 days. Full slots are
 * listed with `freeSeats: 0`.
 */
export async function listOpenSlots(
  ctx: AppContext,
  query: {
    programId?: string;
    centerId?: string;
    regionCode?: string;
    from?: string;
    to?: string;
  },
): Promise<PublicSlot[]> {
  const now = await serverNow(ctx.redis);
  const from = query.from ? Date.parse(query.from) : now;
  const to = query.to ? Date.parse(query.to) : from + 60 * DAY;
  if (to < from) {
    throw unprocessable("invalid_range", "`to` must not be before `from`.");
  }
  if (to - from > 366 * DAY) {
    throw unprocessable("invalid_range", "Ask for at most a year at a time.");
  }
  const slots = (await listSlotsStartingBetween(ctx.redis, from, to)).filter(
    (slot) =>
      isOpen(slot, now) &&
      (!query.programId || slot.programId === query.programId) &&
      (!query.centerId || slot.centerId === query.centerId),
  );
  const { centers, rooms } = await placesOf(ctx, slots);
  return slots.flatMap((slot) => {
    const center = centers.get(slot.centerId);
    const room = rooms.get(slot.roomId);
    if (center && !inRegion(center, query.regionCode)) return [];
    const shown =
      center && room ? presentPublicSlot(ctx, slot, center, room, now) : null;
    return shown ? [shown] : [];
  });
}

/** One slot as the public sees it, open or not. */
export async function publicSlot(
  ctx: AppContext,
  slotId: string,
): Promise<PublicSlot> {
  const slot = await requireSlot(ctx, slotId);
  const { centers, rooms } = await placesOf(ctx, [slot]);
  const center = centers.get(slot.centerId);
  const room = rooms.get(slot.roomId);
  const shown =
    center && room
      ? presentPublicSlot(ctx, slot, center, room, await serverNow(ctx.redis))
      : null;
  if (!shown) throw notFound("slot_not_found", "There is no such slot.");
  return shown;
}

/** Where and when a slot is, in its center's time zone. */
export async function describeSlot(
  ctx: AppContext,
  slot: SlotRecord,
): Promise<BookingSlot> {
  const [center, room] = await Promise.all([
    getCenter(ctx.redis, slot.centerId),
    getRoom(ctx.redis, slot.roomId),
  ]);
  const timezone = center?.timezone ?? ctx.env.CENTER_TIMEZONE;
  const local = toLocalTime(slot.startsAt, timezone);
  const blank = { kk: "", ru: "", en: "" };
  return {
    id: slot.id,
    startsAt: iso(slot.startsAt),
    endsAt: iso(slot.endsAt),
    bookingCutoffAt: iso(slot.bookingCutoffAt),
    timezone,
    date: local.date,
    time: local.time,
    utcOffset: local.utcOffset,
    place: {
      centerId: slot.centerId,
      name: center?.name ?? blank,
      address: center?.address ?? blank,
    },
    room: {
      id: slot.roomId,
      name: room?.name ?? "",
      names: room?.names ?? { kk: "", ru: "", en: "" },
    },
  };
}
