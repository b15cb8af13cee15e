import { randomUUID } from "node:crypto";
import type {
  AppealDecisionInput,
  AppealDetail,
  AppealRequest,
  AppealStats,
  AppealSummary,
  AppealWindow,
  PublicAppeal,
  ResultRevision,
} from "@shared/appeals";
import { maskIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { redisNow } from "../../redis/connection";
import { commandRequest, storedReply } from "../../redis/request";
import { requestSlotAnalytics } from "../analytics/compute";
import { readAudit } from "../audit/repository";
import { actorOf } from "../audit/service";
import { isCorrect, scoreAttempt } from "../banks/scoring";
import { getBooking, type BookingRecord } from "../booking/repository";
import { newBookingId } from "../booking/code";
import { getCenter, getSlot } from "../centers/repository";
import { findDocument, revokeDocument } from "../certificates/repository";
import { issueDocument } from "../certificates/service";
import {
  buildOfficialResult,
  issueAttemptDocument,
} from "../attempts/official";
import {
  findAttempt,
  loadAnswers,
  loadForm,
  type Attempt,
} from "../attempts/repository";
import {
  appealCounters,
  appealsOfAttempt,
  attemptIdsOfProgram,
  getAppeal,
  insertAppeal,
  listAppeals,
  markUnderReview,
  recordAffected,
  recordDecision,
  recordReissue,
  resultRevisions,
  voidedItems,
  writeRescore,
  type AppealRecord,
} from "./repository";
import { appealWindowClosesAt } from "./window";

const iso = (ms: number) => new Date(ms).toISOString();
const SYSTEM_ACTOR = "system:appeals";

// ---------------------------------------------------------------------------
// The candidate's side: the status page

async function attemptOf(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<Attempt | null> {
  return booking.attemptId ? findAttempt(ctx.redis, booking.attemptId) : null;
}

async function windowClosesAt(
  ctx: AppContext,
  attempt: Attempt,
): Promise<number | null> {
  if (attempt.officialAt === null) return null;
  const slot = await getSlot(ctx.redis, attempt.slotId);
  const center = slot ? await getCenter(ctx.redis, slot.centerId) : null;
  return appealWindowClosesAt({
    officialAt: attempt.officialAt,
    timeZone: center?.timezone ?? ctx.env.CENTER_TIMEZONE,
    workingDays: ctx.env.APPEAL_WINDOW_WORKING_DAYS,
    holidays: ctx.env.APPEAL_HOLIDAYS,
  });
}

function stagesOf(appeal: AppealRecord): PublicAppeal["stages"] {
  const stages: PublicAppeal["stages"] = [
    { status: "filed", at: iso(appeal.filedAt) },
  ];
  if (appeal.reviewStartedAt !== null) {
    stages.push({ status: "under_review", at: iso(appeal.reviewStartedAt) });
  }
  if (appeal.decidedAt !== null) {
    stages.push({ status: "decided", at: iso(appeal.decidedAt) });
  }
  return stages;
}

function presentPublicAppeal(
  appeal: AppealRecord,
  questionNumbers: ReadonlyMap<string, number>,
): PublicAppeal {
  const number = appeal.itemId ? questionNumbers.get(appeal.itemId) : undefined;
  return {
    id: appeal.id,
    grounds: appeal.grounds,
    ...(number === undefined ? {} : { questionNumber: number }),
    text: appeal.text,
    status: appeal.status,
    stages: stagesOf(appeal),
    ...(appeal.decision ? { decision: appeal.decision } : {}),
    ...(appeal.reason ? { reason: appeal.reason } : {}),
    ...(appeal.retestBookingId
      ? { retestBookingId: appeal.retestBookingId }
      : {}),
  };
}

function presentRevisions(
  revisions: Awaited<ReturnType<typeof resultRevisions>>,
  voidedCount: number,
): ResultRevision[] {
  return revisions.map((revision) => ({
    revision: revision.revision,
    at: iso(revision.at),
    passed: revision.score.passed,
    correct: revision.score.correct,
    total: revision.score.total,
    ...(revision.previousCertificateNumber
      ? { previousCertificateNumber: revision.previousCertificateNumber }
      : {}),
    ...(revision.certificateNumber
      ? { certificateNumber: revision.certificateNumber }
      : {}),
    voidedItems: voidedCount,
  }));
}

/**
 * What the status page shows about appeals: the window and the questions
 * of the form to name, each appeal with its stages, and any change of the
 * result an upheld appeal made.
 */
export async function bookingAppealView(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<{
  appealWindow?: AppealWindow;
  appeals: PublicAppeal[];
  revisions: ResultRevision[];
}> {
  const attempt = await attemptOf(ctx, booking);
  if (!attempt || attempt.startedAt === null) {
    return { appeals: [], revisions: [] };
  }
  const [form, appeals, revisions, closesAt, now] = await Promise.all([
    loadForm(ctx.redis, attempt.id),
    appealsOfAttempt(ctx.redis, attempt.id),
    resultRevisions(ctx.redis, attempt.id),
    windowClosesAt(ctx, attempt),
    redisNow(ctx.redis),
  ]);
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === attempt.programId,
  );
  const questions = (form?.items ?? []).map((item, index) => {
    const section = program?.sections.find((s) => s.id === item.sectionId);
    return {
      number: index + 1,
      itemId: item.itemId,
      section: section?.titles ?? {
        kk: item.sectionId,
        ru: item.sectionId,
        en: item.sectionId,
      },
    };
  });
  const numbers = new Map(questions.map((q) => [q.itemId, q.number]));
  const hasOpen = appeals.some((appeal) => appeal.status !== "decided");
  const reason: AppealWindow["reason"] =
    closesAt === null
      ? "not_official"
      : now >= closesAt
        ? "window_closed"
        : hasOpen
          ? "appeal_open"
          : "open";
  const voided = await voidedItems(ctx.redis, attempt.programId);
  const voidedOnForm = (form?.items ?? []).filter((item) =>
    voided.has(item.itemId),
  ).length;
  return {
    appealWindow: {
      open: reason === "open",
      ...(closesAt === null ? {} : { closesAt: iso(closesAt) }),
      reason,
      workingDays: ctx.env.APPEAL_WINDOW_WORKING_DAYS,
      questions,
    },
    appeals: appeals.map((appeal) => presentPublicAppeal(appeal, numbers)),
    revisions: presentRevisions(revisions, voidedOnForm),
  };
}

/**
 * Files the candidate's appeal. The result must be official and the
 * window open (checked again in the script against Redis time); a
 * question_wrong appeal names an item of the candidate's own form.
 */
export async function fileAppeal(
  ctx: AppContext,
  booking: BookingRecord,
  request: AppealRequest,
): Promise<PublicAppeal> {
  const attempt = await attemptOf(ctx, booking);
  if (!attempt || attempt.officialAt === null) {
    throw conflict(
      "appeal_not_official",
      "The result is not official yet. You can appeal once it is signed.",
    );
  }
  let itemId: string | null = null;
  const form = await loadForm(ctx.redis, attempt.id);
  const numbers = new Map(
    (form?.items ?? []).map((item, index) => [item.itemId, index + 1]),
  );
  if (request.grounds === "question_wrong") {
    if (!request.itemId) {
      throw unprocessable(
        "appeal_item_required",
        "Say which question is wrong (its number on your test).",
      );
    }
    if (!numbers.has(request.itemId)) {
      throw unprocessable(
        "appeal_item_not_on_form",
        "That question was not on your test.",
      );
    }
    itemId = request.itemId;
  }
  const closesAt = await windowClosesAt(ctx, attempt);
  const id = randomUUID();
  const reply = await insertAppeal(
    ctx.redis,
    {
      id,
      attemptId: attempt.id,
      bookingId: booking.id,
      programId: attempt.programId,
      slotId: attempt.slotId,
      grounds: request.grounds,
      itemId,
      text: request.text,
    },
    closesAt ?? 0,
    `public:booking:${booking.id}`,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "not_official":
        throw conflict(
          "appeal_not_official",
          "The result is not official yet. You can appeal once it is signed.",
        );
      case "window_closed":
        throw conflict(
          "appeal_window_closed",
          `The appeal window closed on ${iso(Number(reply.details.closedAt))}: ${ctx.env.APPEAL_WINDOW_WORKING_DAYS} working days after the result.`,
        );
      case "duplicate":
        throw conflict(
          "appeal_already_open",
          "This test already has an appeal under way. Its decision comes first.",
        );
    }
  }
  const filed = await getAppeal(ctx.redis, id);
  if (!filed) throw new Error(`appeal ${id} vanished after filing`);
  return presentPublicAppeal(filed, numbers);
}

// ---------------------------------------------------------------------------
// The reviewer's side

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
    timeline: timeline.map((entry) => ({
      at: iso(entry.at),
      actor: entry.actor,
      action: entry.action,
      data: entry.data,
    })),
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
  ctx.logger.info(
    { appealId: id, decision: input.decision, effect },
    "appeal decided",
  );
  return appealDetail(ctx, id);
}

// ---------------------------------------------------------------------------
// Jobs

/**
 * The `appeal.rescore` job: every attempt of the program that had the
 * voided item is scored again without it. Attempts not scored yet need
 * nothing (their scoring reads the voided set); official ones whose score
 * changed get a new revision and a `certificate.reissue` job. Idempotent:
 * an unchanged score is a no-op.
 */
export async function runAppealRescore(
  ctx: AppContext,
  payload: { appealId: string },
): Promise<void> {
  const appeal = await getAppeal(ctx.redis, payload.appealId);
  if (!appeal?.itemId || appeal.decision !== "upheld") return;
  const program = ctx.catalog.programs.find((p) => p.id === appeal.programId);
  if (!program) throw new Error(`program ${appeal.programId} is not loaded`);
  // The appealed program's own record: another program on the same bank
  // keeps the item, and its attempts are not walked here.
  const voided = await voidedItems(ctx.redis, appeal.programId);
  let affected = 0;
  const slots = new Set<string>();
  for (const attemptId of await attemptIdsOfProgram(
    ctx.redis,
    appeal.programId,
  )) {
    const [attempt, form] = await Promise.all([
      findAttempt(ctx.redis, attemptId),
      loadForm(ctx.redis, attemptId),
    ]);
    if (!attempt || !form) continue;
    if (!form.items.some((item) => item.itemId === appeal.itemId)) continue;
    affected += 1;
    if (attempt.state !== "scored" && attempt.state !== "issued") continue;
    const answers = await loadAnswers(ctx.redis, attemptId);
    const responses = Object.fromEntries(
      Object.entries(answers).map(([itemId, saved]) => [
        itemId,
        saved.response,
      ]),
    );
    const score = scoreAttempt(
      program,
      ctx.catalog.itemsById,
      form,
      responses,
      voided,
    );
    const reply = await writeRescore(ctx.redis, attempt, {
      score,
      appealId: appeal.id,
      actor: SYSTEM_ACTOR,
    });
    if (!("ok" in reply)) continue;
    slots.add(attempt.slotId);
    if (reply.ok.official && reply.ok.revision) {
      await ctx.queues.add("certificate.reissue", {
        attemptId,
        revision: reply.ok.revision,
      });
    }
  }
  await recordAffected(
    ctx.redis,
    appeal.id,
    affected,
    await redisNow(ctx.redis),
  );
  // The slots' statistics follow the new scores (the voided item drops out).
  for (const slotId of slots) await requestSlotAnalytics(ctx, slotId);
  ctx.logger.info({ appealId: appeal.id, affected }, "attempts re-scored");
}

/**
 * The `certificate.reissue` job: renders and signs the document of a
 * result revision under a new number, revokes the document it replaces
 * (its verification then names the new number) and shows the new number
 * on the attempt and the booking. A first document still queued is
 * issued here first, so there is always one to replace; a later revision
 * waits (by failing, so BullMQ retries) for the one before it.
 */
export async function runCertificateReissue(
  ctx: AppContext,
  payload: { attemptId: string; revision: number },
): Promise<void> {
  let attempt = await findAttempt(ctx.redis, payload.attemptId);
  if (!attempt) return;
  const revisions = await resultRevisions(ctx.redis, attempt.id);
  const revision = revisions[payload.revision - 1];
  if (!revision || revision.certificateNumber) return;
  if (attempt.state === "scored" && attempt.officialAt !== null) {
    // The first document is still queued: issue it now (idempotent, so
    // its own job later finds it done), then replace it.
    await issueAttemptDocument(ctx, { attemptId: attempt.id });
    attempt = (await findAttempt(ctx.redis, attempt.id)) ?? attempt;
  }
  const previous =
    payload.revision === 1
      ? attempt.state === "issued"
        ? revision.previousCertificateNumber || attempt.certificateNumber
        : null
      : (revisions[payload.revision - 2]?.certificateNumber ?? null);
  if (!previous) {
    throw new Error(
      `revision ${payload.revision} of ${attempt.id} waits for the document it replaces`,
    );
  }
  const base = await buildOfficialResult(ctx, attempt);
  const titlesOf = (sectionId: string) =>
    base.sections.find((s) => s.sectionId === sectionId)?.titles ?? {
      kk: sectionId,
      ru: sectionId,
      en: sectionId,
    };
  const issued = await issueDocument(ctx, {
    ...base,
    attemptId: `${attempt.id}-r${payload.revision}`,
    kind: revision.score.passed ? "certificate" : "reference",
    sections: revision.score.sections.map((section) => ({
      ...section,
      titles: titlesOf(section.sectionId),
    })),
    correct: revision.score.correct,
    total: revision.score.total,
    minCorrectTotal: revision.score.minCorrectTotal,
    passed: revision.score.passed,
  });
  const old = await findDocument(ctx.redis, previous);
  if (old && !old.revokedAt) {
    await revokeDocument(ctx.redis, old, {
      reason: `Appeal ${revision.appealId}: re-scored without a voided question`,
      actor: SYSTEM_ACTOR,
      replacedBy: issued.number,
    });
  }
  const reply = await recordReissue(ctx.redis, attempt, {
    revision: payload.revision,
    number: issued.number,
    replaces: previous,
    actor: SYSTEM_ACTOR,
  });
  if (!("ok" in reply)) throw new Error(`appeal-reissued: ${reply.error}`);
  ctx.logger.info(
    {
      attemptId: attempt.id,
      revision: payload.revision,
      number: issued.number,
      replaces: previous,
    },
    "document re-issued after an appeal",
  );
}
