import type {
  AppealDecisionInput,
  AppealDetail,
  AppealStats,
  AppealSummary,
} from "@shared/appeals";
import { maskIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { commandRequest, storedReply } from "../../redis/request";
import { readAudit, actorOf } from "../audit";
import { staffNames } from "../accounts";
import { isCorrect } from "../banks";
import {
  getBooking,
  newBookingId,
  notifyBooking,
  type BookingRecord,
} from "../booking";
import { findAttempt, loadAnswers, loadForm } from "../attempts";
import {
  appealCounters,
  appealsOfAttempt,
  getAppeal,
  listAppeals,
  markUnderReview,
  recordDecision,
  voidedItems,
  type AppealRecord,
} from "./repository";
import { centerOfSlot } from "../slots";

const iso = (ms: number) => new Date(ms).toISOString();

// The reviewer's side of appeals. The candidate's side (the status page,
// filing) is in candidate.ts; the re-scoring and re-issue jobs in jobs.ts.

async function requireAppeal(
  ctx: AppContext,
  id: string,
): Promise<AppealRecord> {
  const appeal = await getAppeal(ctx.redis, id);
  if (!appeal) throw notFound("appeal_not_found", "There is no such appeal.");
  return appeal;
}

async function summarize(
  ctx: AppContext,
  appeals: readonly AppealRecord[],
): Promise<AppealSummary[]> {
  const bookings = new Map<string, BookingRecord | null>();
  for (const appeal of appeals) {
    if (!bookings.has(appeal.bookingId)) {
      bookings.set(
        appeal.bookingId,
        await getBooking(ctx.redis, appeal.bookingId),
      );
    }
  }
  return appeals.map((appeal) => {
    const booking = bookings.get(appeal.bookingId);
    return {
      id: appeal.id,
      attemptId: appeal.attemptId,
      bookingId: appeal.bookingId,
      programId: appeal.programId,
      slotId: appeal.slotId,
      fullName: booking?.fullName ?? "",
      maskedIin: booking ? maskIin(booking.iin) : "",
      grounds: appeal.grounds,
      ...(appeal.itemId ? { itemId: appeal.itemId } : {}),
      status: appeal.status,
      ...(appeal.decision ? { decision: appeal.decision } : {}),
      filedAt: iso(appeal.filedAt),
      ...(appeal.decidedAt === null
        ? {}
        : { decidedAt: iso(appeal.decidedAt) }),
    };
  });
}

/** The reviewers' list, newest first, optionally of one item's appeals. */
export async function listAppealSummaries(
  ctx: AppContext,
  filter: { itemId?: string },
): Promise<AppealSummary[]> {
  return summarize(ctx, await listAppeals(ctx.redis, filter));
}

/** The console's numbers. */
export async function appealStats(ctx: AppContext): Promise<AppealStats> {
  const counters = await appealCounters(ctx.redis);
  return {
    ...counters,
    open: Math.max(0, counters.filed - counters.upheld - counters.rejected),
  };
}

/**
 * One appeal with the attempt's answers item by item (stem, options, the
 * candidate's choice and the key: staff only) and its audit timeline.
 */
export async function appealDetail(
  ctx: AppContext,
  id: string,
): Promise<AppealDetail> {
  const appeal = await requireAppeal(ctx, id);
  const [summary] = await summarize(ctx, [appeal]);
  const attempt = await findAttempt(ctx.redis, appeal.attemptId);
  if (!summary || !attempt)
    throw notFound("attempt_not_found", "The appealed attempt is gone.");
  const [form, answers, voided] = await Promise.all([
    loadForm(ctx.redis, attempt.id),
    loadAnswers(ctx.redis, attempt.id),
    voidedItems(ctx.redis, attempt.programId),
  ]);
  const subjects = new Set([
    `attempt:${attempt.id}`,
    `booking:${attempt.bookingId}`,
    ...(await appealsOfAttempt(ctx.redis, attempt.id)).map(
      (a) => `appeal:${a.id}`,
    ),
  ]);
  const timeline = await readAudit(
    ctx.redis,
    `slot:${attempt.slotId}`,
    (entry) => subjects.has(entry.subject),
  );
  const names = await staffNames(
    ctx.redis,
    timeline.map((entry) => entry.actor),
  );
  return {
    ...summary,
    text: appeal.text,
    language: attempt.language,
    ...(appeal.reason ? { reason: appeal.reason } : {}),
    ...(appeal.decidedBy ? { decidedBy: appeal.decidedBy } : {}),
    ...(appeal.reviewStartedAt === null
      ? {}
      : { reviewStartedAt: iso(appeal.reviewStartedAt) }),
    ...(appeal.retestBookingId
      ? { retestBookingId: appeal.retestBookingId }
      : {}),
    ...(appeal.affectedAttempts === null
      ? {}
      : { affectedAttempts: appeal.affectedAttempts }),
    result: attempt.result
      ? {
          passed: attempt.result.passed,
          correct: attempt.result.correct,
          total: attempt.result.total,
        }
      : null,
    certificateNumber: attempt.certificateNumber,
    answers: (form?.items ?? []).map((formItem, index) => {
      const item = ctx.catalog.itemsById.get(formItem.itemId);
      const text =
        item?.text[attempt.language] ?? item?.text.kk ?? item?.text.ru;
      const chosen = answers[formItem.itemId]?.response ?? [];
      return {
        number: index + 1,
        itemId: formItem.itemId,
        sectionId: formItem.sectionId,
        stem: text?.stem ?? "",
        options: formItem.optionOrder.map((optionId) => ({
          id: optionId,
          text: text?.options[optionId] ?? optionId,
        })),
        chosen,
        key: item?.correct ?? [],
        correct: item ? isCorrect(item, chosen) : false,
        voided: voided.has(formItem.itemId),
      };
    }),
    timeline: timeline.map((entry) => {
      const name = names.get(entry.actor.split(":")[1] ?? "");
      return {
        at: iso(entry.at),
        actor: entry.actor,
        ...(entry.actor.startsWith("staff:") && name
          ? { actorName: name }
          : {}),
        action: entry.action,
        data: entry.data,
      };
    }),
  };
}

/** A reviewer takes the appeal up: the candidate sees "under review". */
export async function startReview(
  ctx: AppContext,
  id: string,
  actor: StaffPrincipal,
): Promise<AppealDetail> {
  const appeal = await requireAppeal(ctx, id);
  const reply = await markUnderReview(
    ctx.redis,
    appeal,
    actorOf(actor),
    actor.fullName,
  );
  if (!("ok" in reply) && reply.error === "not_filed") {
    throw conflict(
      "appeal_not_filed",
      `The appeal is already ${String(reply.details.status).replace("_", " ")}.`,
    );
  }
  return appealDetail(ctx, id);
}

/**
 * Decides an appeal. Rejected: recorded. Upheld on a wrong question: the
 * item is voided for its program and every attempt that had it is
 * re-scored by the `appeal.rescore` job. Upheld on a technical failure or
 * a breach of the rules: a retest booking is made on the chosen slot in
 * the same step as the decision.
 */
export async function decideAppeal(
  ctx: AppContext,
  id: string,
  input: AppealDecisionInput,
  actor: StaffPrincipal,
  requestId?: string,
): Promise<AppealDetail> {
  const appeal = await requireAppeal(ctx, id);
  // With the client's request id, once: a repeat (the first reply lost)
  // passes the check its first run changed, and the script answers it.
  const once = commandRequest(
    requestId,
    actorOf(actor),
    `appeal.decide:${id}`,
    input,
  );
  const repeat = (await storedReply(ctx.redis, once)) !== null;
  if (appeal.status === "decided" && !repeat) {
    throw conflict("appeal_already_decided", "This appeal is already decided.");
  }
  const upheld = input.decision === "upheld";
  const effect = !upheld
    ? "none"
    : appeal.grounds === "question_wrong"
      ? "void_item"
      : "retest";
  let retest;
  if (effect === "retest") {
    if (!input.retestSlotId) {
      throw unprocessable(
        "retest_slot_required",
        "Choose the slot of the retest the upheld appeal grants.",
      );
    }
    const booking = await getBooking(ctx.redis, appeal.bookingId);
    if (!booking)
      throw notFound("booking_not_found", "The appealed booking is gone.");
    retest = {
      id: newBookingId(),
      slotId: input.retestSlotId,
      iin: booking.iin,
      fullName: booking.fullName,
      programId: booking.programId,
      language: booking.language,
      // The candidate's code opens the retest too: one code, one person.
      codeHash: booking.codeHash,
      consentVersion: booking.consentVersion,
      collectedBy: `staff:${actor.accountId}`,
      collectedByName: actor.fullName,
      phone: booking.phone ?? "",
      email: booking.email ?? "",
      notifyBy: booking.notifyBy,
      messageLanguage: booking.messageLanguage,
      retestOf: booking.id,
    };
  }
  const reply = await recordDecision(
    ctx.redis,
    appeal,
    {
      decision: input.decision,
      reason: input.reason,
      actor: actorOf(actor),
      actorName: actor.fullName,
      effect,
      ...(retest ? { retest } : {}),
    },
    once,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "not_found":
        throw notFound("appeal_not_found", "There is no such appeal.");
      case "already_decided":
        throw conflict(
          "appeal_already_decided",
          "This appeal is already decided.",
        );
      case "slot_not_found":
        throw notFound("slot_not_found", "There is no such slot.");
      case "program_mismatch":
        throw unprocessable(
          "program_mismatch",
          "The retest slot is for another program.",
        );
      case "slot_closed":
        throw conflict("slot_closed", "The retest slot was cancelled.");
      case "slot_full":
        throw conflict("slot_full", "The retest slot has no free seat.");
      case "already_on_slot":
        throw conflict(
          "already_booked",
          "The candidate already holds a booking on this slot. Choose another slot for the retest.",
        );
      case "booking_id_taken":
        throw new Error("booking id collision");
    }
  }
  if (effect === "void_item") {
    await ctx.queues.add("appeal.rescore", { appealId: id });
  }
  const appealed = await getBooking(ctx.redis, appeal.bookingId);
  if (appealed) {
    await notifyBooking(
      ctx,
      appealed,
      "appeal.decided",
      { number: id, decision: input.decision, reason: input.reason },
      id,
    );
  }
  ctx.logger.info(
    { appealId: id, decision: input.decision, effect },
    "appeal decided",
  );
  return appealDetail(ctx, id);
}

/** The center of an appeal (its slot's), or null: what scope checks. */
export async function centerOfAppeal(
  ctx: AppContext,
  appealId: string,
): Promise<string | null> {
  const appeal = await getAppeal(ctx.redis, appealId);
  return appeal ? centerOfSlot(ctx, appeal.slotId) : null;
}
