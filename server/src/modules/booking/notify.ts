import { bookingStatusPath } from "@shared/booking";
import type { MessageKind } from "@shared/notifications";
import { wallClockAt, wallClockToInstant } from "@shared/time";
import type { AppContext } from "../../context";
import { notify, type MessageParams, type Recipient } from "../notifications";
import { getProgramInfo } from "../programs";
import { describeSlot, getSlot, type SlotRecord } from "../slots";
import { getBooking, type BookingRecord } from "./repository";

/** Who a booking's messages go to: its contact details and choice. */
export function recipientOf(booking: BookingRecord): Recipient {
  return {
    bookingId: booking.id,
    slotId: booking.slotId,
    phone: booking.phone,
    email: booking.email,
    channel: booking.notifyBy,
    language: booking.messageLanguage,
  };
}

/**
 * What every message about a booking may say, from the booking and its
 * (current) slot: bookingId, program, date, time, place, address, room and
 * statusLink — the status page, with the code in its fragment when the
 * caller passes `code` (the link then opens the booking at once).
 */
async function bookingParams(
  ctx: AppContext,
  booking: BookingRecord,
  code: string | undefined,
): Promise<MessageParams> {
  const program = getProgramInfo(ctx, booking.programId);
  const slot = await getSlot(ctx.redis, booking.slotId);
  const where = slot ? await describeSlot(ctx, slot) : null;
  return {
    bookingId: booking.id,
    program: program?.titles ?? booking.programId,
    statusLink: code
      ? `${ctx.publicUrl}${bookingStatusPath(booking.id, code)}`
      : `${ctx.publicUrl}/booking/${encodeURIComponent(booking.id)}`,
    ...(where
      ? {
          date: where.date,
          time: where.time,
          place: where.place.name,
          address: where.place.address,
          room: where.room.name ? where.room.names : "—",
        }
      : {}),
  };
}

/**
 * Tells the candidate about their booking (see notifications' `notify`):
 * the booking's own parameters are filled in here, `params` adds the
 * kind's others (templates/README.md) and may override them. `key` tells
 * apart messages of one kind (an appeal id, a document number); the same
 * key again is the same message. Never throws; an anonymized booking gets
 * nothing.
 */
export async function notifyBooking(
  ctx: AppContext,
  booking: BookingRecord,
  kind: MessageKind,
  params: MessageParams = {},
  key?: string,
): Promise<void> {
  if (booking.notifyBy === "none" || booking.anonymizedAt !== null) return;
  try {
    const code = typeof params.code === "string" ? params.code : undefined;
    await notify(
      ctx,
      recipientOf(booking),
      kind,
      { ...(await bookingParams(ctx, booking, code)), ...params },
      key,
    );
  } catch (error) {
    ctx.logger.error(
      { err: error, bookingId: booking.id, kind },
      "a message to a candidate could not be prepared",
    );
  }
}

/** The local hour of the evening before the test the reminder is sent at. */
export const REMINDER_HOUR = 18;

/** When the reminder of a slot is due: 18:00 the local day before. */
export function reminderDueAt(startsAt: number, timezone: string): number {
  const day = wallClockAt(startsAt, timezone);
  const before = new Date(Date.UTC(day.year, day.month - 1, day.day - 1));
  return wallClockToInstant(
    {
      year: before.getUTCFullYear(),
      month: before.getUTCMonth() + 1,
      day: before.getUTCDate(),
      hour: REMINDER_HOUR,
      minute: 0,
    },
    timezone,
  );
}

/**
 * Queues the reminder of a booking (`booking.remind`, run by jobs.ts) for
 * the evening before its slot. A booking made after that needs none: the
 * message that it was made said when. Never throws.
 */
export async function scheduleReminder(
  ctx: AppContext,
  booking: Pick<BookingRecord, "id" | "notifyBy">,
  slot: SlotRecord,
): Promise<void> {
  if (booking.notifyBy === "none") return;
  try {
    const { timezone } = await describeSlot(ctx, slot);
    const delay = reminderDueAt(slot.startsAt, timezone) - ctx.clock.now();
    if (delay <= 0) return;
    await ctx.queues.add(
      "booking.remind",
      { bookingId: booking.id, slotId: slot.id },
      { delay },
    );
  } catch (error) {
    ctx.logger.error(
      { err: error, bookingId: booking.id },
      "the booking's reminder could not be scheduled",
    );
  }
}

/**
 * A booking was made: the message with its code, and the reminder for the
 * evening before. Only while it is still booked (a repeated request may
 * come after a cancellation). Never throws.
 */
export async function announceBooking(
  ctx: AppContext,
  bookingId: string,
  code: string,
  slot: SlotRecord,
): Promise<void> {
  const booking = await getBooking(ctx.redis, bookingId).catch(() => null);
  if (booking?.status !== "booked") return;
  await notifyBooking(ctx, booking, "booking.made", { code });
  await scheduleReminder(ctx, booking, slot);
}
