import type { ChainResult, FollowOn } from "@shared/attempts";
import type { BookingCreated, StaffBookingRequest } from "@shared/booking";
import type { AppContext } from "../../context";
import { conflict, isSynaqError, notFound, refusalError } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import {
  commandRequest,
  partRequestId,
  storedReply,
  storeReply,
} from "../../redis/request";
import { appendAudit, staffAgent } from "../audit";
import {
  bookSeat,
  findSlotBookingByIin,
  getBooking,
  listIinBookings,
  type BookingRecord,
} from "../booking";
import { centerKeys, getSeat } from "../centers";
import { findDocument } from "../certificates";
import { getSlot, type SlotRecord } from "../slots";
import { admitCandidate, seatIsFree } from "./admission";
import { findAttempt, linkChain, type Attempt } from "./repository";

/*
 * The assessment in the same visit (issue 20): once a knowledge test's
 * certificate is issued, the administrator chains the candidate to the
 * personal-qualities assessment that follows it in the same room — booked
 * at the desk and admitted to the same seat, without queueing again.
 *
 * The follow-on slot: an open slot in the room of the candidate's seat
 * whose program `requires` the program just passed and whose admission is
 * open now (ADMISSION_LEAD_MINUTES before its start until its
 * late-admission cutoff); the soonest when several.
 */

const DAY_MS = 24 * 3600_000;
/** Booking statuses that hold the IIN's one booking of a program. */
const ACTIVE = new Set(["booked", "admitted", "in_progress"]);

const by = (actor: StaffPrincipal) => `staff:${actor.accountId}:${actor.role}`;

/**
 * The follow-on slot of a program in a room for this IIN, or null: the
 * soonest open slot there whose program requires `programId` and whose
 * admission is open now.
 */
export async function findFollowOn(
  ctx: AppContext,
  input: { roomId: string; programId: string; iin: string },
): Promise<FollowOn | null> {
  const requiring = ctx.catalog.programs.filter(
    (program) => program.requires?.programId === input.programId,
  );
  if (requiring.length === 0) return null;
  const now = ctx.clock.now();
  const leadMs = ctx.env.ADMISSION_LEAD_MINUTES * 60_000;
  // Admission closes at the late-admission cutoff, before the slot ends,
  // and no slot lasts a day: earlier starts cannot be admitting.
  const slotIds = await ctx.redis.zrangebyscore(
    centerKeys.roomSlots(input.roomId),
    now - DAY_MS,
    now + leadMs,
  );
  const slots = await Promise.all(
    slotIds.map((slotId) => getSlot(ctx.redis, slotId)),
  );
  const admitting = slots
    .filter(
      (slot): slot is SlotRecord =>
        slot !== null &&
        slot.status === "open" &&
        slot.roomId === input.roomId &&
        requiring.some((program) => program.id === slot.programId) &&
        now >= slot.startsAt - leadMs &&
        now <= slot.lateAdmissionCutoffAt,
    )
    .sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
  const slot = admitting[0];
  if (!slot) return null;
  const program = requiring.find((entry) => entry.id === slot.programId)!;
  const booking = await findSlotBookingByIin(ctx.redis, slot.id, input.iin);
  return {
    slotId: slot.id,
    programId: program.id,
    programTitles: program.titles,
    startsAt: slot.startsAt,
    lateAdmissionCutoffAt: slot.lateAdmissionCutoffAt,
    bookingCutoffAt: slot.bookingCutoffAt,
    booked: booking !== null,
    bookingOpen: now < slot.bookingCutoffAt,
    seatsLeft: Math.max(0, slot.seatsOffered - slot.bookedSeats),
  };
}

/**
 * Refuses an attempt that cannot lead to an assessment: not a knowledge
 * test, not official, its document not issued yet, not a certificate (a
 * reference, or revoked), or chained already.
 */
async function checkSource(ctx: AppContext, attempt: Attempt): Promise<void> {
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === attempt.programId,
  );
  if (!program || program.kind !== "knowledge" || attempt.profile) {
    throw conflict(
      "not_a_knowledge_test",
      "Only a knowledge test leads on to an assessment in the same visit.",
    );
  }
  if (attempt.state === "voided" || attempt.officialAt === null) {
    throw conflict(
      "not_official",
      "The result is not official yet: the administrator and the operator both sign it off first.",
      { state: attempt.state },
    );
  }
  if (attempt.state !== "issued" || !attempt.certificateNumber) {
    throw conflict(
      "not_issued",
      "The result is official but its document is not issued yet: chain once the certificate is issued (it takes a few seconds).",
    );
  }
  const document = await findDocument(ctx.redis, attempt.certificateNumber);
  if (!document || document.kind !== "certificate" || document.revokedAt) {
    throw conflict(
      "not_certified",
      document?.revokedAt
        ? `Certificate ${attempt.certificateNumber} was revoked: the assessment needs a valid certificate.`
        : "The candidate got a reference, not a certificate: only a certificate leads on to the assessment.",
      { number: attempt.certificateNumber, kind: document?.kind ?? null },
    );
  }
  if (attempt.chainedTo) {
    throw conflict(
      "already_chained",
      "This candidate was already continued with the assessment.",
      { attemptId: attempt.chainedTo },
    );
  }
}

/** The room of the attempt's seat: the follow-on must be in it. */
async function roomOf(ctx: AppContext, attempt: Attempt): Promise<string> {
  return (await getSeat(ctx.redis, attempt.seatId))?.roomId ?? attempt.roomId;
}

/**
 * What the console offers after a knowledge test's document is issued:
 * the follow-on slot, or null when the attempt cannot be chained (or there
 * is none admitting now).
 */
export async function followOnOf(
  ctx: AppContext,
  attempt: Attempt,
): Promise<FollowOn | null> {
  if (attempt.state !== "issued" || attempt.chainedTo) return null;
  try {
    await checkSource(ctx, attempt);
  } catch (error) {
    if (isSynaqError(error)) return null;
    throw error;
  }
  return findFollowOn(ctx, {
    roomId: await roomOf(ctx, attempt),
    programId: attempt.programId,
    iin: attempt.iin,
  });
}

/**
 * Before the desk books and admits: the candidate is not admitted to
 * another slot, the seat is free with its kiosk, and — when a booking is
 * to be made — the slot still takes bookings and has a seat. Each refusal
 * changes nothing.
 */
async function checkHall(
  ctx: AppContext,
  attempt: Attempt,
  followOn: FollowOn,
  needsBooking: boolean,
): Promise<void> {
  const elsewhere = (await listIinBookings(ctx.redis, attempt.iin)).find(
    (booking) =>
      (booking.status === "admitted" || booking.status === "in_progress") &&
      booking.slotId !== followOn.slotId,
  );
  if (elsewhere) {
    throw conflict(
      "admitted_elsewhere",
      "The candidate is admitted to another slot right now; finish that one first.",
      { slotId: elsewhere.slotId, attemptId: elsewhere.attemptId },
    );
  }
  const { free, enrolled } = await seatIsFree(ctx, attempt.seatId);
  if (!enrolled)
    throw conflict(
      "seat_not_enrolled",
      "No kiosk is enrolled on the candidate's seat any more.",
    );
  if (!free) throw refusalError("seat_taken");
  if (!needsBooking) return;
  if (!followOn.bookingOpen) {
    throw conflict(
      "follow_on_booking_closed",
      `Booking for the assessment's slot closed at ${new Date(followOn.bookingCutoffAt).toISOString()} and the candidate holds no booking on it. A center that chains schedules the assessment with its booking cutoff at its start.`,
      { slotId: followOn.slotId, bookingCutoffAt: followOn.bookingCutoffAt },
    );
  }
  if (followOn.seatsLeft <= 0) {
    throw conflict(
      "slot_full",
      "All seats of the assessment's slot are taken.",
      { slotId: followOn.slotId },
    );
  }
}

/** The desk booking the chain makes: the first booking's person, consent collected by the administrator. */
function deskRequest(
  attempt: Attempt,
  first: BookingRecord | null,
  followOn: Pick<FollowOn, "slotId" | "programId">,
): StaffBookingRequest {
  return {
    iin: attempt.iin,
    fullName: first?.fullName ?? attempt.fullName,
    programId: followOn.programId,
    slotId: followOn.slotId,
    language: first?.language ?? attempt.language,
    consent: true,
    ...(first?.positionCategory
      ? { positionCategory: first.positionCategory }
      : {}),
    ...(first?.candidateKind ? { candidateKind: first.candidateKind } : {}),
  };
}

/**
 * The booking this chain request made, with its code: made now when the
 * candidate holds none; found again when a first run of the same request
 * made it (the booking script replays it and the code is derived from the
 * request id again). Null when the candidate had booked it themselves.
 */
async function deskBooking(
  ctx: AppContext,
  actor: StaffPrincipal,
  request: StaffBookingRequest,
  existing: BookingRecord | null,
  requestId: string | undefined,
): Promise<BookingCreated | null> {
  const bookingRequestId = partRequestId(requestId, "booking");
  if (!existing)
    return bookSeat(ctx, request, staffAgent(actor), bookingRequestId);
  if (!bookingRequestId || !ACTIVE.has(existing.status)) return null;
  try {
    // Another booking of the program is active, so the script either
    // replays this request's own booking or refuses: nothing is written.
    const again = await bookSeat(
      ctx,
      request,
      staffAgent(actor),
      bookingRequestId,
    );
    return again.id === existing.id ? again : null;
  } catch (error) {
    if (isSynaqError(error)) return null;
    throw error;
  }
}

type StoredChain = Omit<ChainResult, "booking"> & { bookedHere: boolean };

/**
 * Continues a candidate whose knowledge test's certificate is issued with
 * the assessment that follows in the same room: a desk booking (unless
 * they booked it already) and the admission to the same seat. With the
 * request id, once: the booking and the admission each run with an id
 * derived from it, and a repeat gets the same attempt (and the same
 * booking code). The booking and the admission write their own audit
 * entries; `attempt.chained` in the assessment slot's stream links the two
 * attempts.
 */
export async function chainAttempt(
  ctx: AppContext,
  actor: StaffPrincipal,
  attemptId: string,
  requestId?: string,
): Promise<ChainResult> {
  const request = commandRequest(
    requestId,
    by(actor),
    `chain:${attemptId}`,
    {},
  );
  const first = await storedReply<StoredChain>(ctx.redis, request);
  if (first) {
    const { replayed: _replayed, ...stored } = first;
    return finish(ctx, actor, stored, requestId);
  }

  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  await checkSource(ctx, attempt);
  const followOn = await findFollowOn(ctx, {
    roomId: await roomOf(ctx, attempt),
    programId: attempt.programId,
    iin: attempt.iin,
  });
  if (!followOn) {
    throw conflict(
      "no_follow_on_slot",
      `No slot in this room whose program requires ${attempt.programId} is admitting now. To continue in the same visit, a center schedules the assessment's slot in the same room right after the test's (admission opens ${ctx.env.ADMISSION_LEAD_MINUTES} minutes before its start).`,
    );
  }

  const existing = await findSlotBookingByIin(
    ctx.redis,
    followOn.slotId,
    attempt.iin,
  );
  // A booking already admitted is this request's first run (its admission
  // replays below) or a refusal admission words itself.
  if (!existing || existing.status === "booked") {
    await checkHall(ctx, attempt, followOn, existing === null);
  }
  const bookingRequest = deskRequest(
    attempt,
    await getBooking(ctx.redis, attempt.bookingId),
    followOn,
  );
  const booked = await deskBooking(
    ctx,
    actor,
    bookingRequest,
    existing,
    requestId,
  );
  const admission = await admitCandidate(
    ctx,
    actor,
    { slotId: followOn.slotId, iin: attempt.iin, seatId: attempt.seatId },
    partRequestId(requestId, "admission"),
  );
  const stored = await storeReply<StoredChain>(ctx.redis, request, {
    ...admission,
    chainedFrom: attempt.id,
    slotId: followOn.slotId,
    programTitles: followOn.programTitles,
    startsAt: followOn.startsAt,
    bookedHere: booked !== null,
  });
  return finish(ctx, actor, stored, requestId, booked);
}

/**
 * Links the two attempts and audits the chain once (a repeat finds the
 * link and writes nothing), then answers with the booking's code when the
 * desk made the booking.
 */
async function finish(
  ctx: AppContext,
  actor: StaffPrincipal,
  stored: StoredChain,
  requestId: string | undefined,
  booked?: BookingCreated | null,
): Promise<ChainResult> {
  const { bookedHere, ...chain } = stored;
  if (await linkChain(ctx.redis, chain.chainedFrom, chain.attemptId)) {
    await appendAudit(ctx.redis, `slot:${chain.slotId}`, {
      actor: by(actor),
      action: "attempt.chained",
      subject: `attempt:${chain.attemptId}`,
      data: {
        chainedFrom: chain.chainedFrom,
        bookingId: chain.bookingId,
        seatId: chain.seatId,
        bookedAtDesk: bookedHere,
      },
    });
  }
  const booking =
    booked ??
    (bookedHere ? await bookingAgain(ctx, actor, chain, requestId) : null);
  return {
    ...chain,
    ...(booking
      ? {
          booking: {
            id: booking.id,
            code: booking.code,
            receiptUrl: booking.receiptUrl,
            statusUrl: booking.statusUrl,
          },
        }
      : {}),
  };
}

/** A repeat's booking code: the booking script replays the first run's booking. */
async function bookingAgain(
  ctx: AppContext,
  actor: StaffPrincipal,
  chain: Omit<StoredChain, "bookedHere">,
  requestId: string | undefined,
): Promise<BookingCreated | null> {
  const [attempt, booking] = await Promise.all([
    findAttempt(ctx.redis, chain.chainedFrom),
    getBooking(ctx.redis, chain.bookingId),
  ]);
  if (!attempt || !booking) return null;
  const first = await getBooking(ctx.redis, attempt.bookingId);
  return deskBooking(
    ctx,
    actor,
    deskRequest(attempt, first, chain),
    booking,
    requestId,
  );
}
