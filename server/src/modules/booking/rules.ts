import type { BookingBlock } from "@shared/booking";
import { toLocalTime } from "@shared/time";
import type { AppContext } from "../../context";
import { findDocument } from "../certificates";
import type { ProgramRules } from "../programs";
import { describeSlot, getSlot } from "../slots";
import { listIinBookings, type BookingRecord } from "./repository";

/**
 * The procedure's two rules on booking a program again, as data on the
 * program (question-banks/README.md):
 *
 * - the retake interval: no sitting earlier than `retakeAfterDays` after
 *   the test date of the last sitting of the program or an equivalent.
 *   A sitting is a booking whose attempt started (status `completed`);
 *   no-shows, cancellations and attempts voided for a technical failure
 *   don't count. Retests granted on appeal are booked by the appeal, not
 *   here, so they are never refused;
 * - a valid certificate: while one of the program (or an equivalent) is
 *   valid on the new test date, the program is not booked again unless it
 *   says `bookableWhileValid`.
 *
 * Both compare local dates in the centers' zones, as the documents print
 * them: a certificate "valid until 12.12.2027" is valid all that day.
 */

/** `2026-12-06` plus `days`, as a calendar date. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days))
    .toISOString()
    .slice(0, 10);
}

interface Sitting {
  booking: BookingRecord;
  testDate: string;
  /** The zone of the sitting's center (its local dates are in it). */
  timezone: string;
}

/**
 * The IIN's sittings of a program family, with their local test dates. A
 * sitting of an archived slot comes from the IIN's history (its slot key
 * is gone): its start and its center's zone.
 */
async function sittingsOf(
  ctx: AppContext,
  iin: string,
  family: readonly string[],
): Promise<Sitting[]> {
  const bookings = (await listIinBookings(ctx.redis, iin)).filter(
    (booking) =>
      family.includes(booking.programId) &&
      booking.status === "completed" &&
      booking.voidCause !== "technical",
  );
  const sittings: Sitting[] = [];
  for (const booking of bookings) {
    if (booking.archived) {
      const timezone = booking.archived.timezone || ctx.env.CENTER_TIMEZONE;
      sittings.push({
        booking,
        testDate: toLocalTime(booking.archived.startsAt, timezone).isoDate,
        timezone,
      });
      continue;
    }
    const slot = await getSlot(ctx.redis, booking.slotId);
    if (!slot) continue;
    const { timezone } = await describeSlot(ctx, slot);
    sittings.push({
      booking,
      testDate: toLocalTime(slot.startsAt, timezone).isoDate,
      timezone,
    });
  }
  return sittings;
}

/**
 * The IIN's certificate of one of `programs` valid on `testDate`, or null:
 * its number, program, test date and last valid day (local dates).
 */
export async function validCertificate(
  ctx: AppContext,
  input: { iin: string; programs: readonly string[]; testDate: string },
): Promise<{
  number: string;
  programId: string;
  testDate: string;
  validUntil: string;
} | null> {
  let best: Awaited<ReturnType<typeof validCertificate>> = null;
  for (const sitting of await sittingsOf(ctx, input.iin, input.programs)) {
    const number = sitting.booking.certificateNumber;
    if (!number || sitting.booking.resultPassed !== true) continue;
    const document = await findDocument(ctx.redis, number);
    if (
      !document ||
      document.kind !== "certificate" ||
      document.revokedAt ||
      !document.validUntil
    ) {
      continue;
    }
    const validUntil = toLocalTime(
      Date.parse(document.validUntil),
      sitting.timezone,
    ).isoDate;
    if (input.testDate > validUntil) continue;
    if (!best || validUntil > best.validUntil) {
      best = {
        number,
        programId: sitting.booking.programId,
        testDate: sitting.testDate,
        validUntil,
      };
    }
  }
  return best;
}

/**
 * Why the IIN may not sit the program on `testDate` (yyyy-mm-dd, the new
 * slot's local date), or null when it may. Without a date: the block that
 * holds today, with the earliest date it allows (for the status page).
 */
export async function bookingBlock(
  ctx: AppContext,
  input: { iin: string; rules: ProgramRules; testDate: string },
): Promise<BookingBlock | null> {
  const { rules } = input;
  const sittings = await sittingsOf(ctx, input.iin, rules.family);
  const blocks: BookingBlock[] = [];

  if (rules.retakeAfterDays > 0) {
    const last = sittings.reduce<Sitting | null>(
      (latest, sitting) =>
        !latest || sitting.testDate > latest.testDate ? sitting : latest,
      null,
    );
    if (last) {
      const earliestDate = addDays(last.testDate, rules.retakeAfterDays);
      if (input.testDate < earliestDate) {
        blocks.push({
          rule: "retake_too_soon",
          programId: rules.id,
          earliestDate,
          since: {
            programId: last.booking.programId,
            testDate: last.testDate,
          },
        });
      }
    }
  }

  if (!rules.bookableWhileValid) {
    const certificate = await validCertificate(ctx, {
      iin: input.iin,
      programs: rules.family,
      testDate: input.testDate,
    });
    if (certificate) {
      blocks.push({
        rule: "certificate_still_valid",
        programId: rules.id,
        earliestDate: addDays(certificate.validUntil, 1),
        since: {
          programId: certificate.programId,
          testDate: certificate.testDate,
          certificateNumber: certificate.number,
        },
      });
    }
  }

  // The block that lasts longest is the one to tell.
  return blocks.reduce<BookingBlock | null>(
    (latest, block) =>
      !latest || block.earliestDate > latest.earliestDate ? block : latest,
    null,
  );
}
