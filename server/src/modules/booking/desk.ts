import { bookingStatusPath, type LocalizedText } from "@shared/booking";
import {
  DESK_PAST_DAYS,
  documentLast4,
  type DeskActionRequest,
  type DeskBooking,
  type DeskCodeRenewed,
  type DeskCodeRequest,
  type DeskFindRequest,
  type DeskFindResult,
  type DeskMoveRequest,
  type IdDocument,
} from "@shared/desk";
import { maskAddress, type MessageView } from "@shared/notifications";
import { maskIin, validateIin } from "@shared/iin";
import { toLocalTime } from "@shared/time";
import type { AppContext } from "../../context";
import {
  conflict,
  notFound,
  unprocessable,
  type SynaqError,
} from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { assertInScope, inScope } from "../../http/scope";
import { commandRequest } from "../../redis/request";
import { actorOf, appendAudit } from "../audit";
import type { MessageParams } from "../notifications";
import { getProgramInfo, getProgramRules } from "../programs";
import { describeSlot, getSlot, type SlotRecord } from "../slots";
import { messagesOfBooking, readArchivedBooking } from "./archived";
import { newBookingCode, renewedBookingCode } from "./code";
import { notifyBooking, scheduleReminder } from "./notify";
import {
  ACTIVE_BOOKING_STATUSES,
  bookingCodeSecret,
  deskCancelBookingRecord,
  getBooking,
  listIinBookings,
  moveBookingRecord,
  renewBookingCodeRecord,
  type AuditedDocument,
  type BookingRecord,
  type CancelRefusal,
  type MoveRefusal,
} from "./repository";
import { addDays, bookingBlock } from "./rules";
import { requireCertificate } from "./service";

/**
 * The desk: staff who have checked a person's ID document find that
 * person's bookings by IIN and cancel one, move it, or give it a new code.
 * This is how a person whose IIN someone else booked first gets their
 * place back.
 *
 * Scope. A squatted person must get their place back at ANY desk, so any
 * administrator or manager may find and act on the IIN's bookings at every
 * center of the network; at a center outside their scope they see only
 * what the actions need (no room, no messages, the contact masked). A move
 * lands only in a slot of their own scope: a desk fills its own rooms.
 *
 * Audit. Every find goes to the network stream (`booking.desk_lookup`,
 * subject `iin:<iin>`), every change to the booking's slot stream (a move
 * to both slots'), each with the staff account and the document shown:
 * its kind and the last four characters of its number, never more.
 */

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The document as the audit keeps it. */
const audited = (document: IdDocument): AuditedDocument => ({
  kind: document.kind,
  last4: documentLast4(document.number),
});

function requireIin(input: string): string {
  const iin = validateIin(input);
  if (!iin.valid) {
    throw unprocessable("invalid_iin", `The IIN is invalid: ${iin.message}`, {
      reason: iin.reason,
    });
  }
  return iin.iin;
}

/** Where messages about the booking go, masked; null when nowhere. */
function contactOf(booking: BookingRecord): DeskBooking["contact"] {
  if (booking.notifyBy === "email" && booking.email) {
    return { channel: "email", to: maskAddress(booking.email) };
  }
  if (booking.notifyBy === "sms" && booking.phone) {
    return { channel: "sms", to: maskAddress(booking.phone) };
  }
  return null;
}

const programTitles = (ctx: AppContext, programId: string): LocalizedText =>
  getProgramInfo(ctx, programId)?.titles ?? {
    kk: programId,
    ru: programId,
    en: programId,
  };

/** A booking whose status and time still allow the desk to change it. */
const changeable = (booking: BookingRecord, slot: SlotRecord, now: number) =>
  booking.status === "booked" && now < slot.lateAdmissionCutoffAt;

async function messagesOf(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<MessageView[]> {
  try {
    return await messagesOfBooking(ctx, booking);
  } catch (error) {
    // The timeline helps; the desk works without it.
    ctx.logger.warn(
      { err: error, bookingId: booking.id },
      "booking messages unreadable",
    );
    return [];
  }
}

/** A booking as the desk sees it (see the scope rule above). */
async function deskView(
  ctx: AppContext,
  actor: StaffPrincipal,
  booking: BookingRecord,
  slot: SlotRecord,
): Promise<DeskBooking> {
  const described = await describeSlot(ctx, slot);
  const visible = inScope(actor, slot.centerId);
  const now = ctx.clock.now();
  // An archived booking is history: nothing is left in Redis to change.
  const open = !booking.archived && changeable(booking, slot, now);
  return {
    id: booking.id,
    status: booking.status,
    fullName: booking.fullName,
    program: {
      id: booking.programId,
      titles: programTitles(ctx, booking.programId),
    },
    language: booking.language,
    source: booking.source,
    slot: {
      id: slot.id,
      startsAt: iso(slot.startsAt),
      date: described.date,
      time: described.time,
      utcOffset: described.utcOffset,
      center: { id: slot.centerId, name: described.place.name },
      ...(visible ? { room: described.room } : {}),
    },
    createdAt: iso(booking.createdAt),
    ...(booking.cancelledAt === null
      ? {}
      : { cancelledAt: iso(booking.cancelledAt) }),
    contact: contactOf(booking),
    inScope: visible,
    actions: { cancel: open, move: open, renewCode: !booking.archived },
    messages: visible ? await messagesOf(ctx, booking) : [],
  };
}

async function slotOf(ctx: AppContext, booking: BookingRecord) {
  const slot = await getSlot(ctx.redis, booking.slotId);
  if (!slot) throw new Error(`booking ${booking.id} names no slot`);
  return slot;
}

/**
 * Finds the IIN's bookings for the desk: the active ones and those of the
 * last DESK_PAST_DAYS days, newest slot first, anonymized ones left out.
 * Audited in the network stream before anything is shown.
 */
export async function findDeskBookings(
  ctx: AppContext,
  actor: StaffPrincipal,
  input: DeskFindRequest,
): Promise<DeskFindResult> {
  const iin = requireIin(input.iin);
  const since = ctx.clock.now() - DESK_PAST_DAYS * DAY;
  const found: { booking: BookingRecord; slot: SlotRecord }[] = [];
  for (const listed of await listIinBookings(ctx.redis, iin)) {
    if (listed.anonymizedAt !== null) continue;
    // An archived slot's booking is over: shown while recent, read from
    // the slot's archive file (its stub has no name or contact).
    if (listed.archived && listed.archived.startsAt < since) continue;
    const archived = listed.archived
      ? await readArchivedBooking(ctx, listed).catch((error: unknown) => {
          // The desk works without history; an operator must hear of it.
          ctx.logger.error(
            { err: error, bookingId: listed.id, slotId: listed.slotId },
            "archived booking unreadable",
          );
          return null;
        })
      : null;
    const booking = archived?.booking ?? listed;
    if (booking.anonymizedAt !== null) continue;
    const slot = archived?.slot ?? (await getSlot(ctx.redis, booking.slotId));
    if (!slot) continue;
    const active = ACTIVE_BOOKING_STATUSES.includes(booking.status);
    if (!active && slot.startsAt < since && booking.createdAt < since) {
      continue;
    }
    found.push({ booking, slot });
  }
  found.sort((a, b) => b.slot.startsAt - a.slot.startsAt);
  await appendAudit(ctx.redis, "network", {
    actor: actorOf(actor),
    action: "booking.desk_lookup",
    subject: `iin:${iin}`,
    data: {
      document: audited(input.document),
      bookings: found.map(({ booking }) => booking.id),
    },
  });
  return {
    maskedIin: maskIin(iin),
    bookings: await Promise.all(
      found.map(({ booking, slot }) => deskView(ctx, actor, booking, slot)),
    ),
  };
}

/** The person's booking: another IIN's (or none) is the same 404. */
async function bookingOfPerson(
  ctx: AppContext,
  bookingId: string,
  iin: string,
): Promise<BookingRecord> {
  const booking = await getBooking(ctx.redis, bookingId.toUpperCase());
  if (!booking || booking.iin !== iin || booking.anonymizedAt !== null) {
    throw notFound(
      "booking_not_found",
      "This person holds no booking with this number. Find their bookings by IIN again.",
    );
  }
  return booking;
}

/**
 * Runs a change against the booking as last read; when the booking moved
 * meanwhile (another desk: the change answers null), reads it again and
 * retries, a few times.
 */
async function withFreshBooking<Reply extends object | boolean>(
  ctx: AppContext,
  bookingId: string,
  iin: string,
  change: (booking: BookingRecord) => Promise<Reply | null>,
): Promise<Reply> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await change(await bookingOfPerson(ctx, bookingId, iin));
    if (outcome !== null) return outcome;
  }
  throw conflict(
    "booking_busy",
    "This booking is being changed at another desk right now. Find it again.",
  );
}

/**
 * Tells the contact on the booking, when the desk chose to: the person
 * may not own it (a squatter's phone would learn the new time or code).
 * Never throws (notifyBooking does not).
 */
async function tell(
  ctx: AppContext,
  input: { notify: boolean },
  booking: BookingRecord,
  kind: "booking.cancelled" | "booking.moved" | "booking.code_renewed",
  params: MessageParams,
  key: string,
): Promise<void> {
  if (!input.notify) return;
  await notifyBooking(ctx, booking, kind, params, key);
}

/**
 * Cancels the person's booking at the desk: past the public cutoff too,
 * until admission (or the end of late admission). Frees the seat; with
 * the request id, once.
 */
export async function deskCancelBooking(
  ctx: AppContext,
  actor: StaffPrincipal,
  bookingId: string,
  input: DeskActionRequest,
  requestId?: string,
): Promise<DeskBooking> {
  const iin = requireIin(input.iin);
  const document = audited(input.document);
  const by = actorOf(actor);
  const once = commandRequest(
    requestId,
    by,
    `booking.desk-cancel:${bookingId}`,
    {
      iin,
      document,
    },
  );
  const replayed = await withFreshBooking(
    ctx,
    bookingId,
    iin,
    async (booking) => {
      const reply = await deskCancelBookingRecord(
        ctx.redis,
        booking,
        by,
        document,
        once,
      );
      if ("ok" in reply) return reply.replayed === true;
      if (reply.error === "booking_moved") return null;
      throw cancelRefusal(reply.error, reply.details);
    },
  );
  const cancelled = await bookingOfPerson(ctx, bookingId, iin);
  if (!replayed) {
    await tell(
      ctx,
      input,
      cancelled,
      "booking.cancelled",
      { by: "center" },
      "desk",
    );
  }
  return deskView(ctx, actor, cancelled, await slotOf(ctx, cancelled));
}

function cancelRefusal(
  error: CancelRefusal,
  details: Record<string, unknown>,
): SynaqError {
  switch (error) {
    case "booking_not_found":
      return notFound("booking_not_found", "There is no such booking.");
    case "already_cancelled":
      return conflict(
        "already_cancelled",
        "This booking is already cancelled.",
      );
    case "cancel_closed":
      return conflict(
        "cancel_closed",
        details.reason === "over"
          ? "The slot's admission is over: the booking can no longer be cancelled."
          : `The booking can no longer be cancelled (it is ${String(details.status)}).`,
      );
  }
}

/**
 * Moves the person's booking to another slot of its program with a free
 * seat, in the staff member's scope: the booking keeps its id and code.
 * The program's rules hold for the new date as for a desk booking.
 */
export async function deskMoveBooking(
  ctx: AppContext,
  actor: StaffPrincipal,
  bookingId: string,
  input: DeskMoveRequest,
  requestId?: string,
): Promise<DeskBooking> {
  const iin = requireIin(input.iin);
  const document = audited(input.document);
  const by = actorOf(actor);
  const target = await getSlot(ctx.redis, input.slotId);
  if (!target) throw notFound("slot_not_found", "There is no such slot.");
  assertInScope(actor, target.centerId);
  const once = commandRequest(requestId, by, `booking.move:${bookingId}`, {
    iin,
    document,
    slotId: target.id,
  });
  const moved = await withFreshBooking(ctx, bookingId, iin, async (booking) => {
    if (
      target.programId === booking.programId &&
      target.id !== booking.slotId
    ) {
      await checkRulesOn(ctx, booking, target);
    }
    const reply = await moveBookingRecord(
      ctx.redis,
      booking,
      target.id,
      by,
      document,
      once,
    );
    if ("ok" in reply) return reply;
    if (reply.error === "booking_moved") return null;
    throw moveRefusal(reply.error, reply.details);
  });
  const booking = await bookingOfPerson(ctx, bookingId, iin);
  if (!moved.replayed) {
    await tell(
      ctx,
      input,
      booking,
      "booking.moved",
      {},
      `moved:${moved.ok.movedAt}`,
    );
    // The reminder of the old slot sees the booking gone (jobs.ts).
    await scheduleReminder(ctx, booking, target);
  }
  return deskView(ctx, actor, booking, await slotOf(ctx, booking));
}

function moveRefusal(
  error: Exclude<MoveRefusal, "booking_moved">,
  details: Record<string, unknown>,
): SynaqError {
  switch (error) {
    case "booking_not_found":
      return notFound("booking_not_found", "There is no such booking.");
    case "move_closed":
      return conflict(
        "move_closed",
        details.reason === "over"
          ? "The slot's admission is over: the booking can no longer be moved."
          : `Only a booking not yet admitted can be moved (this one is ${String(details.status)}).`,
      );
    case "same_slot":
      return conflict("same_slot", "The booking is already on this slot.");
    case "slot_not_found":
      return notFound("slot_not_found", "There is no such slot.");
    case "program_mismatch":
      return unprocessable(
        "program_mismatch",
        "This slot is for another program: a booking moves within its program only.",
      );
    case "slot_closed":
      return conflict(
        "slot_closed",
        details.reason === "cancelled"
          ? "This slot was cancelled. Choose another one."
          : "Booking for this slot has closed. Choose a later one.",
      );
    case "slot_full":
      return conflict(
        "slot_full",
        "All seats of this slot are taken. Choose another one.",
      );
    case "already_booked":
      return conflict(
        "already_booked",
        "The candidate already holds a booking on this slot.",
      );
  }
}

/**
 * The program's rules on the new date, as the desk booking checks them
 * (named, since staff see why): the retake interval, a valid certificate,
 * and the certificate a follow-on program requires. A rule the desk would
 * set aside is set aside by cancelling and booking again with a reason.
 */
async function checkRulesOn(
  ctx: AppContext,
  booking: BookingRecord,
  target: SlotRecord,
): Promise<void> {
  const rules = getProgramRules(ctx, booking.programId);
  if (!rules) return;
  const { timezone } = await describeSlot(ctx, target);
  const testDate = toLocalTime(target.startsAt, timezone).isoDate;
  const block = await bookingBlock(ctx, { iin: booking.iin, rules, testDate });
  if (block) {
    throw conflict(
      block.rule,
      block.rule === "retake_too_soon"
        ? `The program may be taken again from ${block.earliestDate}: the last sitting was on ${block.since.testDate}. To set the rule aside, cancel and book again with a reason.`
        : `The candidate holds certificate ${block.since.certificateNumber ?? ""}, valid until ${addDays(block.earliestDate, -1)}. To set the rule aside, cancel and book again with a reason.`,
      { ...block },
    );
  }
  if (rules.requires) {
    await requireCertificate(ctx, {
      iin: booking.iin,
      programId: rules.requires,
      testDate,
      desk: true,
    });
  }
}

/**
 * Gives the person's booking a new code; the old one stops working at
 * once. The code is shown once (with the receipt). With the request id it
 * is derived from it, so a repeat shows the same code. When someone
 * else made the booking, `holder` puts the person's own name and contact
 * in place of theirs, in the same step.
 */
export async function deskRenewCode(
  ctx: AppContext,
  actor: StaffPrincipal,
  bookingId: string,
  input: DeskCodeRequest,
  requestId?: string,
): Promise<DeskCodeRenewed> {
  const iin = requireIin(input.iin);
  const document = audited(input.document);
  const by = actorOf(actor);
  const holder = input.holder
    ? {
        fullName: input.holder.fullName,
        phone: input.holder.phone ?? null,
        email: input.holder.email ?? null,
      }
    : null;
  const once = commandRequest(
    requestId,
    by,
    `booking.renew-code:${bookingId}`,
    { iin, document, holder },
  );
  const id = bookingId.toUpperCase();
  // Made once the booking is found to be the person's: a refusal before
  // writes nothing (not even the secret, on a fresh installation).
  let made: { code: string; codeHash: string } | undefined;
  const renewed = await withFreshBooking(ctx, id, iin, async (booking) => {
    made ??= requestId
      ? renewedBookingCode(await bookingCodeSecret(ctx.redis), {
          requestId,
          bookingId: id,
        })
      : newBookingCode();
    const { codeHash } = made;
    const reply = await renewBookingCodeRecord(
      ctx.redis,
      booking,
      codeHash,
      by,
      document,
      holder,
      once,
    );
    if ("ok" in reply) return reply;
    if (reply.error === "booking_moved") return null;
    throw reply.error === "booking_not_found"
      ? notFound("booking_not_found", "There is no such booking.")
      : conflict(
          "booking_anonymized",
          "This booking's personal data was removed under the retention policy.",
        );
  });
  const booking = await bookingOfPerson(ctx, id, iin);
  const { code, codeHash } = made as { code: string; codeHash: string };
  if (renewed.replayed && booking.codeHash !== codeHash) {
    throw conflict(
      "code_superseded",
      "Another new code was given to this booking since. Give a new code again.",
    );
  }
  if (!renewed.replayed) {
    await tell(
      ctx,
      input,
      booking,
      "booking.code_renewed",
      { code },
      `renewed:${renewed.ok.renewedAt}`,
    );
  }
  return {
    booking: await deskView(ctx, actor, booking, await slotOf(ctx, booking)),
    code,
    receiptUrl: `${ctx.publicUrl}/api/v1/bookings/${booking.id}/receipt.pdf`,
    statusUrl: `${ctx.publicUrl}${bookingStatusPath(booking.id, code)}`,
  };
}
