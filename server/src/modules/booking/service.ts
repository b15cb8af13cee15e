import { createHash, randomUUID } from "node:crypto";
import {
  CONSENT_VERSION,
  formatBookingCode,
  bookingStatusPath,
  normalizeBookingCode,
  type BookingBlock,
  type BookingCreated,
  type BookingFormOpened,
  type BookingRequest,
  type BookingStatusView,
  type StaffBookingRequest,
} from "@shared/booking";
import { eligibilityProblems } from "@shared/banks";
import { BOOKING_STATUSES, type BookingStatus } from "@shared/enums";
import { maskIin, validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import { formatLocalDateTime, toLocalTime } from "@shared/time";
import type { AppContext } from "../../context";
import {
  conflict,
  notFound,
  SynaqError,
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
import {
  getPositionCategory,
  getProgramInfo,
  getProgramRules,
} from "../programs";
import { addDays, bookingBlock, validCertificate } from "./rules";
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
  ACTIVE_BOOKING_STATUSES,
  type BookingRecord,
  type BookingSource,
  type NewBooking,
} from "./repository";
import {
  messagesOfBooking,
  slotOfBooking,
  withArchivedRecord,
} from "./archived";
import { announceBooking, notifyBooking } from "./notify";

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
  request: BookingRequest | StaffBookingRequest,
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
  if (agent.kind === "public") await countIinAttempt(ctx, iin.iin);
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
  const rules = getProgramRules(ctx, program.id);
  if (!rules) throw new Error(`program ${program.id} has no rules`);
  checkEligibility(ctx, request, rules);

  const staff = agent.kind === "staff" ? agent : null;
  const override =
    staff && "ruleOverride" in request ? request.ruleOverride : undefined;
  const { timezone } = await describeSlot(ctx, slot);
  const block = await bookingBlock(ctx, {
    iin: iin.iin,
    rules,
    testDate: toLocalTime(slot.startsAt, timezone).isoDate,
  });
  if (block && !override) refuseBlocked(block, staff !== null);
  if (rules.requires) {
    await requireCertificate(ctx, {
      iin: iin.iin,
      programId: rules.requires,
      testDate: toLocalTime(slot.startsAt, timezone).isoDate,
      desk: staff !== null,
    });
  }
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
      ...contactOf(request),
      formOpenedAt,
      positionCategory: request.positionCategory ?? null,
      candidateKind: request.candidateKind ?? null,
      ruleOverride:
        block && override
          ? { rule: block.rule, reason: override.reason }
          : null,
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
        // Nothing about that booking (where, when, since when): the
        // asker may not be the person.
        throw conflict(
          "already_booked",
          "This IIN already holds a booking for this program, and a person holds one at a time. The holder of its code can cancel it; if it was not you who booked it, come to any testing center's desk with your ID document.",
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
  // A repeat too: the message is one by its id, and the first run may
  // have died before queueing it.
  await announceBooking(ctx, reply.ok.id, code, slot);
  return {
    id: reply.ok.id,
    code,
    status: "booked",
    slot: await describeSlot(ctx, slot),
    ...urlsOf(ctx, reply.ok.id, code),
  };
}

/**
 * How the candidate hears about the booking: the channel chosen, else
 * e-mail when an address is given, else SMS when a phone is; messages in
 * the test language unless another is chosen.
 */
function contactOf(
  request: BookingRequest,
): Pick<NewBooking, "email" | "notifyBy" | "messageLanguage"> {
  const email = request.email ?? null;
  const notifyBy =
    request.notifyBy ?? (email ? "email" : request.phone ? "sms" : "none");
  if (notifyBy === "email" && !email) {
    throw unprocessable(
      "email_required",
      "Give an e-mail address to be told about the booking by e-mail.",
    );
  }
  if (notifyBy === "sms" && !request.phone) {
    throw unprocessable(
      "phone_required",
      "Give a phone number to be told about the booking by SMS.",
    );
  }
  return {
    email,
    notifyBy,
    messageLanguage: request.messageLanguage ?? request.language,
  };
}

/** The program must be for the category and kind the booking names. */
function checkEligibility(
  ctx: AppContext,
  request: BookingRequest,
  rules: NonNullable<ReturnType<typeof getProgramRules>>,
): void {
  if (request.positionCategory === undefined) {
    if (
      request.candidateKind &&
      !rules.eligibility.candidateKinds.includes(request.candidateKind)
    ) {
      throw unprocessable(
        "not_eligible",
        `This program is not for a ${request.candidateKind}.`,
        { reasons: ["candidate_kind"] },
      );
    }
    return;
  }
  const category = getPositionCategory(ctx, request.positionCategory);
  if (!category) {
    throw unprocessable(
      "unknown_position_category",
      `There is no position category "${request.positionCategory}" (GET /api/v1/position-categories).`,
    );
  }
  const reasons = eligibilityProblems(rules.eligibility, {
    category,
    candidateKind: request.candidateKind ?? "candidate",
  }).filter(
    // Without a kind, only the category is checked.
    (reason) => reason !== "candidate_kind" || request.candidateKind,
  );
  if (reasons.length > 0) {
    throw unprocessable(
      "not_eligible",
      `This program is not for ${[
        reasons.includes("corps") ? `corps ${category.corps}` : null,
        reasons.includes("category") ? `category ${category.code}` : null,
        reasons.includes("candidate_kind")
          ? `a ${String(request.candidateKind)}`
          : null,
      ]
        .filter(Boolean)
        .join(" or ")}. Choose a program for the position applied for.`,
      { reasons },
    );
  }
}

/**
 * A person who may not book the program now. The public API says only
 * that (the rules are about a person's history, which a stranger typing
 * an IIN must not learn); the desk sees the rule and the earliest date.
 */
function refuseBlocked(block: BookingBlock | null, desk: boolean): never {
  if (!desk || !block) {
    throw conflict(
      "not_bookable_now",
      "This program cannot be booked online for this person now. The status page of your earlier booking (the link on its receipt) says why and from when; a testing center's desk can help too.",
    );
  }
  throw conflict(
    block.rule,
    block.rule === "retake_too_soon"
      ? `The program may be taken again from ${block.earliestDate}: the last sitting (${block.since.programId}) was on ${block.since.testDate}.`
      : `The candidate holds certificate ${block.since.certificateNumber ?? ""}, valid until ${addDays(block.earliestDate, -1)}; the program may be booked for a test from ${block.earliestDate}.`,
    { ...block },
  );
}

/**
 * A program that follows another (the personal-qualities assessment after
 * the legislation test) needs a certificate of that one valid on the test
 * date. Refused like the other rules: generic in public, named at the
 * desk; no desk may set it aside (the procedure has no second stage
 * without the first).
 */
export async function requireCertificate(
  ctx: AppContext,
  input: { iin: string; programId: string; testDate: string; desk: boolean },
): Promise<void> {
  const certificate = await validCertificate(ctx, {
    iin: input.iin,
    programs: [input.programId],
    testDate: input.testDate,
  });
  if (certificate) return;
  if (!input.desk) refuseBlocked(null, false);
  throw conflict(
    "certificate_required",
    `This program needs a certificate of ${input.programId} valid on the test date (${input.testDate}); the candidate has none.`,
    { requires: input.programId, testDate: input.testDate },
  );
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

const iinAttemptWindows = new WeakMap<AppContext, FixedWindow>();

/**
 * Counts a public booking attempt for the IIN, from whatever address:
 * past LIMITS.maxBookingAttemptsPerIinPerHour, 429 and a pointer to the
 * desk, which alone can tell a person from a squatter. Keyed by a hash
 * of the IIN, so no key names one (and nothing but the counter is
 * written: a refused request changes no data).
 */
async function countIinAttempt(ctx: AppContext, iin: string): Promise<void> {
  let window = iinAttemptWindows.get(ctx);
  if (!window) {
    window = fixedWindow(
      ctx.redis,
      "booking-iin",
      LIMITS.maxBookingAttemptsPerIinPerHour,
      3600_000,
    );
    iinAttemptWindows.set(ctx, window);
  }
  const key = createHash("sha256")
    .update(`booking-iin:${iin}`)
    .digest("base64url")
    .slice(0, 22);
  const { count } = await window.hit(key);
  if (count > window.limit) {
    throw new SynaqError(
      429,
      "booking_attempts_limited",
      "Too many booking attempts for this IIN in the last hour. Try again later, or come to any testing center's desk with your ID document: the staff can book for you and sort out a booking made in your name.",
    );
  }
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
  // An archived slot's booking is a stub: the rest is in the archive file.
  return withArchivedRecord(ctx, booking);
}

/** The booking's slot, live or (archived) as its archive file has it. */
async function requireBookingSlot(ctx: AppContext, booking: BookingRecord) {
  if (!booking.archived) return requireSlot(ctx, booking.slotId);
  const slot = await slotOfBooking(ctx, booking);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  return slot;
}

/** What the holder of the code may see of a booking. */
export async function viewBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<BookingStatusView> {
  const slot = await requireBookingSlot(ctx, booking);
  const program = getProgramInfo(ctx, booking.programId);
  const described = await describeSlot(ctx, slot);
  const nextBooking = await nextBookingOf(ctx, booking, described.timezone);
  const messages = await messagesOfBooking(ctx, booking);
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
    slot: described,
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
    ...positionOf(ctx, booking),
    ...(nextBooking ? { nextBooking } : {}),
    ...(booking.anonymizedAt === null ? {} : { anonymized: true }),
    messages,
  };
}

function positionOf(
  ctx: AppContext,
  booking: BookingRecord,
): Pick<BookingStatusView, "positionCategory" | "candidateKind"> {
  const category = booking.positionCategory
    ? getPositionCategory(ctx, booking.positionCategory)
    : undefined;
  return {
    ...(category ? { positionCategory: category } : {}),
    ...(booking.candidateKind ? { candidateKind: booking.candidateKind } : {}),
  };
}

/**
 * For the holder of a booking's code: when the program cannot be booked
 * again yet, why and from which test date (today in the slot's zone).
 */
async function nextBookingOf(
  ctx: AppContext,
  booking: BookingRecord,
  timezone: string,
): Promise<BookingBlock | null> {
  if (booking.anonymizedAt !== null) return null;
  if ((ACTIVE_BOOKING_STATUSES as readonly string[]).includes(booking.status)) {
    return null;
  }
  const rules = getProgramRules(ctx, booking.programId);
  if (!rules) return null;
  return bookingBlock(ctx, {
    iin: booking.iin,
    rules,
    testDate: toLocalTime(ctx.clock.now(), timezone).isoDate,
  });
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
  await notifyBooking(ctx, cancelled ?? booking, "booking.cancelled", {
    by: actor === "public" ? "candidate" : "center",
  });
  return viewBooking(ctx, cancelled ?? booking);
}

/** The receipt PDF of a booking (the code is printed on it). */
export async function bookingReceipt(
  ctx: AppContext,
  booking: BookingRecord,
  code: string,
): Promise<Buffer> {
  const slot = await requireBookingSlot(ctx, booking);
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
    // Every no-show, not only this run's: a run that died before telling
    // them is repeated, and a message queued twice is one.
    for (const booking of await listSlotBookings(ctx.redis, slotId)) {
      if (booking.status === "no_show") {
        await notifyBooking(ctx, booking, "booking.no_show");
      }
    }
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
