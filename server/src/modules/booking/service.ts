import { randomUUID } from "node:crypto";
import {
  CONSENT_VERSION,
  formatBookingCode,
  bookingStatusPath,
  normalizeBookingCode,
  type BookingCreated,
  type BookingFormOpened,
  type BookingRequest,
  type BookingStatusView,
} from "@shared/booking";
import { BOOKING_STATUSES, type BookingStatus } from "@shared/enums";
import { maskIin, validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import { formatLocalDateTime } from "@shared/time";
import type { AppContext } from "../../context";
import {
  conflict,
  notFound,
  tooManyRequests,
  unprocessable,
} from "../../errors";
import { fixedWindow, type FixedWindow } from "../../http/rate-limit";
import { getSlot, requireSlot, describeSlot } from "../slots";
import { commandRequest } from "../../redis/request";
import {
  bookingCodeMatches,
  derivedBookingCode,
  newBookingCode,
  newBookingId,
} from "./code";
import { getProgramInfo } from "../programs";
import { renderReceipt } from "../documents";
import {
  bookingCodeSecret,
  cancelBookingRecord,
  getBooking,
  bookingFormOpenedAt,
  insertBooking,
  saveBookingForm,
  listSlotBookings,
  markNoShows,
  type BookingRecord,
  type BookingSource,
} from "./repository";

const iso = (ms: number) => new Date(ms).toISOString();

/** Who books: the public portal, or a staff member helping a candidate. */
export type BookingAgent =
  | { kind: "public" }
  | { kind: "staff"; accountId: string; fullName: string; actor: string };

// ---------------------------------------------------------------------------
// Booking

const urlsOf = (ctx: AppContext, bookingId: string, code: string) => ({
  // The receipt needs the code in the X-Booking-Code header; the status
  // page's link carries it in the fragment, which browsers never send.
  receiptUrl: `${ctx.publicUrl}/api/v1/bookings/${bookingId}/receipt.pdf`,
  statusUrl: `${ctx.publicUrl}${bookingStatusPath(bookingId, code)}`,
});

/**
 * Books a seat for a candidate. Checks that need no lock run first (consent,
 * IIN, program, language); the seat itself is taken by one atomic script
 * that also refuses a closed or full slot and a second active booking of
 * the IIN for the program.
 */
/** A booking form was opened: the booking that follows carries its id. */
export async function openBookingForm(
  ctx: AppContext,
): Promise<BookingFormOpened> {
  const formId = randomUUID();
  const openedAt = ctx.clock.now();
  await saveBookingForm(ctx.redis, formId, openedAt);
  return { formId, openedAt };
}

export async function bookSeat(
  ctx: AppContext,
  request: BookingRequest,
  agent: BookingAgent,
  requestId?: string,
): Promise<BookingCreated> {
  if (request.consent !== true) {
    throw unprocessable(
      "consent_required",
      "The candidate must agree to the processing of personal data (GET /api/v1/consent).",
      { consentVersion: CONSENT_VERSION },
    );
  }
  const iin = validateIin(request.iin);
  if (!iin.valid) {
    throw unprocessable("invalid_iin", `The IIN is invalid: ${iin.message}`, {
      reason: iin.reason,
    });
  }
  const program = getProgramInfo(ctx, request.programId);
  if (!program) {
    throw notFound(
      "program_not_found",
      `There is no program "${request.programId}".`,
    );
  }
  const slot = await getSlot(ctx.redis, request.slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  if (slot.programId !== program.id) {
    throw unprocessable(
      "program_mismatch",
      `This slot is for the program "${slot.programId}", not "${program.id}".`,
    );
  }
  if (!program.languages.includes(request.language)) {
    throw unprocessable(
      "language_not_offered",
      `The program is offered in ${program.languages.join(", ")} only.`,
      { languages: program.languages },
    );
  }

  const staff = agent.kind === "staff" ? agent : null;
  const actor = staff ? staff.actor : "public";
  // With the client's request id the booking is made once, and its code is
  // derived from the id: a repeat (the first reply lost) returns the same
  // booking and the same code, and Redis still holds only the code's hash.
  const once = commandRequest(requestId, actor, "booking.create", request);
  const { code, codeHash } = requestId
    ? derivedBookingCode(await bookingCodeSecret(ctx.redis), {
        requestId,
        iin: iin.iin,
        slotId: slot.id,
      })
    : newBookingCode();
  const formOpenedAt = request.formId
    ? await bookingFormOpenedAt(ctx.redis, request.formId)
    : null;
  const source: BookingSource = staff ? "staff" : "online";
  const reply = await insertBooking(
    ctx.redis,
    {
      id: newBookingId(),
      iin: iin.iin,
      fullName: request.fullName,
      programId: program.id,
      slotId: slot.id,
      language: request.language,
      source,
      codeHash,
      consentVersion: CONSENT_VERSION,
      collectedBy: staff ? `staff:${staff.accountId}` : null,
      collectedByName: staff ? staff.fullName : null,
      phone: request.phone ?? null,
      formOpenedAt,
    },
    actor,
    once,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "slot_not_found":
        throw notFound("slot_not_found", "There is no such slot.");
      case "program_mismatch":
        throw unprocessable(
          "program_mismatch",
          "This slot is for another program.",
        );
      case "slot_closed":
        throw conflict(
          "slot_closed",
          reply.details.reason === "cancelled"
            ? "This slot was cancelled. Choose another one."
            : "Booking for this slot has closed. Choose a later one.",
        );
      case "already_booked":
        throw conflict(
          "already_booked",
          "This IIN already holds a booking for this program. Cancel it first to book another time.",
        );
      case "slot_full":
        throw conflict(
          "slot_full",
          "All seats of this slot are taken. Choose another one.",
        );
      case "booking_id_taken":
        // 60 random bits make this practically impossible; be loud if not.
        throw new Error("booking id collision");
    }
  }
  return {
    id: reply.ok.id,
    code,
    status: "booked",
    slot: await describeSlot(ctx, slot),
    ...urlsOf(ctx, reply.ok.id, code),
  };
}

const wrongCodeWindows = new WeakMap<AppContext, FixedWindow>();
function wrongCodeWindow(ctx: AppContext): FixedWindow {
  let window = wrongCodeWindows.get(ctx);
  if (!window) {
    window = fixedWindow(
      ctx.redis,
      "booking-code",
      LIMITS.maxWrongBookingCodesPerMinute,
    );
    wrongCodeWindows.set(ctx, window);
  }
  return window;
}

/**
 * The booking, when the code matches. A wrong code and an unknown id get
 * the same 404 (nothing tells which), and both count against the client's
 * budget of wrong codes; past it, 429 until the minute is over.
 */
export async function findBookingWithCode(
  ctx: AppContext,
  input: { bookingId: string; code: string; clientIp: string },
): Promise<BookingRecord> {
  const window = wrongCodeWindow(ctx);
  if ((await window.peek(input.clientIp)) >= window.limit) {
    throw tooManyRequests(
      "Too many wrong booking codes. Wait a minute and try again.",
    );
  }
  const booking = await getBooking(ctx.redis, input.bookingId.toUpperCase());
  if (!booking || !bookingCodeMatches(input.code, booking.codeHash)) {
    await window.hit(input.clientIp);
    throw notFound(
      "booking_not_found",
      "No booking has this number and code. Check both on your receipt.",
    );
  }
  return booking;
}

/** What the holder of the code may see of a booking. */
export async function viewBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<BookingStatusView> {
  const slot = await requireSlot(ctx, booking.slotId);
  const program = getProgramInfo(ctx, booking.programId);
  return {
    id: booking.id,
    status: booking.status,
    fullName: booking.fullName,
    maskedIin: maskIin(booking.iin),
    program: {
      id: booking.programId,
      titles: program?.titles ?? {
        kk: booking.programId,
        ru: booking.programId,
        en: booking.programId,
      },
    },
    language: booking.language,
    slot: await describeSlot(ctx, slot),
    consentVersion: booking.consentVersion,
    ...(booking.collectedByName
      ? { consentCollectedBy: booking.collectedByName }
      : {}),
    createdAt: iso(booking.createdAt),
    ...(booking.cancelledAt === null
      ? {}
      : { cancelledAt: iso(booking.cancelledAt) }),
    ...(booking.resultPassed === null
      ? {}
      : {
          result: {
            passed: booking.resultPassed,
            ...(booking.certificateNumber
              ? { certificateNumber: booking.certificateNumber }
              : {}),
          },
        }),
    appeals: [],
    revisions: [],
    ...(booking.retestOf ? { retestOf: booking.retestOf } : {}),
    ...(booking.anonymizedAt === null ? {} : { anonymized: true }),
  };
}

/**
 * Cancels a booking and frees its seat (until the booking cutoff). With
 * the client's request id, once: a repeat gets the cancelled booking.
 */
export async function cancelBooking(
  ctx: AppContext,
  booking: BookingRecord,
  actor: string,
  requestId?: string,
): Promise<BookingStatusView> {
  const reply = await cancelBookingRecord(
    ctx.redis,
    booking,
    actor,
    commandRequest(requestId, actor, `booking.cancel:${booking.id}`, {}),
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "booking_not_found":
        throw notFound("booking_not_found", "There is no such booking.");
      case "already_cancelled":
        throw conflict(
          "already_cancelled",
          "This booking is already cancelled.",
        );
      case "cancel_closed":
        throw conflict(
          "cancel_closed",
          reply.details.reason === "cutoff"
            ? "Booking for this slot has closed, so it can no longer be cancelled online. Contact the testing center."
            : `The booking can no longer be cancelled (it is ${String(reply.details.status)}).`,
        );
    }
  }
  const cancelled = await getBooking(ctx.redis, booking.id);
  return viewBooking(ctx, cancelled ?? booking);
}

/** The receipt PDF of a booking (the code is printed on it). */
export async function bookingReceipt(
  ctx: AppContext,
  booking: BookingRecord,
  code: string,
): Promise<Buffer> {
  const slot = await requireSlot(ctx, booking.slotId);
  const described = await describeSlot(ctx, slot);
  const program = getProgramInfo(ctx, booking.programId);
  const printedCode = formatBookingCode(normalizeBookingCode(code) ?? code);
  return renderReceipt({
    bookingId: booking.id,
    code: printedCode,
    fullName: booking.fullName,
    iin: booking.iin,
    program: program?.titles ?? {
      kk: booking.programId,
      ru: booking.programId,
      en: booking.programId,
    },
    language: booking.language,
    slot: described,
    cancelUntil: formatLocalDateTime(slot.bookingCutoffAt, described.timezone),
    statusUrl: urlsOf(ctx, booking.id, printedCode).statusUrl,
    consentVersion: booking.consentVersion,
    consentCollectedBy: booking.collectedByName,
  });
}

// ---------------------------------------------------------------------------
// Roster

/**
 * How many of a slot's bookings stand at each status: the figures the
 * console's Today shows from the roster, without the candidates' data.
 */
export async function slotBookingCounts(
  ctx: AppContext,
  slotId: string,
): Promise<Record<BookingStatus, number>> {
  const counts = Object.fromEntries(
    BOOKING_STATUSES.map((status) => [status, 0]),
  ) as Record<BookingStatus, number>;
  for (const booking of await listSlotBookings(ctx.redis, slotId)) {
    counts[booking.status] += 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------
// No-shows

/**
 * The `slot.no-show` job: at the late-admission cutoff, bookings never
 * admitted become `no_show`. Too early (clock skew) throws, so BullMQ
 * retries it a moment later.
 */
export async function sweepNoShows(
  ctx: AppContext,
  slotId: string,
): Promise<void> {
  const reply = await markNoShows(ctx.redis, slotId, "system:no-show");
  if ("ok" in reply) {
    ctx.logger.info({ slotId, marked: reply.ok.marked }, "no-shows marked");
    return;
  }
  if (reply.error === "slot_not_found") {
    ctx.logger.warn({ slotId }, "no-show sweep for an unknown slot");
    return;
  }
  throw new Error(
    `no-show sweep ran ${String(reply.details.waitMs)} ms before the cutoff`,
  );
}
