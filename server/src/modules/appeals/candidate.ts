import { randomUUID } from "node:crypto";
import type {
  AppealRequest,
  AppealWindow,
  PublicAppeal,
  ResultRevision,
} from "@shared/appeals";
import type { AppContext } from "../../context";
import { conflict, unprocessable } from "../../errors";
import { redisNow } from "../../redis/connection";
import { notifyBooking, type BookingRecord } from "../booking";
import { getCenter } from "../centers";
import { getSlot, type SlotRecord } from "../slots";
import { findAttempt, loadForm, type Attempt } from "../attempts";
import {
  appealsOfAttempt,
  getAppeal,
  insertAppeal,
  resultRevisions,
  voidedItems,
  type AppealRecord,
} from "./repository";
import { readArchivedAppeals } from "./archived";
import { appealWindowClosesAt } from "./window";

// The candidate's side of appeals: the status page and filing.

const iso = (ms: number) => new Date(ms).toISOString();

async function attemptOf(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<Attempt | null> {
  return booking.attemptId ? findAttempt(ctx.redis, booking.attemptId) : null;
}

async function windowClosesAt(
  ctx: AppContext,
  attempt: Attempt,
  archivedSlot?: SlotRecord,
): Promise<number | null> {
  if (attempt.officialAt === null) return null;
  const slot = archivedSlot ?? (await getSlot(ctx.redis, attempt.slotId));
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
  // An archived slot's booking: everything below from its archive file.
  const archived = booking.archived
    ? await readArchivedAppeals(ctx, booking)
    : null;
  const attempt = archived?.attempt ?? (await attemptOf(ctx, booking));
  if (!attempt || attempt.startedAt === null) {
    return { appeals: [], revisions: [] };
  }
  const [form, appeals, revisions, closesAt, now] = await Promise.all([
    archived ? archived.form : loadForm(ctx.redis, attempt.id),
    archived ? archived.appeals : appealsOfAttempt(ctx.redis, attempt.id),
    archived ? archived.revisions : resultRevisions(ctx.redis, attempt.id),
    windowClosesAt(ctx, attempt, archived?.slot),
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
  const archived = booking.archived
    ? await readArchivedAppeals(ctx, booking)
    : null;
  const attempt = archived?.attempt ?? (await attemptOf(ctx, booking));
  if (!attempt || attempt.officialAt === null) {
    throw conflict(
      "appeal_not_official",
      "The result is not official yet. You can appeal once it is signed.",
    );
  }
  let itemId: string | null = null;
  const form = archived ? archived.form : await loadForm(ctx.redis, attempt.id);
  const numbers = new Map(
    (form?.items ?? []).map((item, index) => [item.itemId, index + 1]),
  );
  if (request.grounds === "question_wrong") {
    if (attempt.profile !== null) {
      // A questionnaire's statements have no right answer to be wrong.
      throw unprocessable(
        "appeal_no_key",
        "An assessment's statements have no right answers: appeal on a technical failure or a breach of the rules.",
      );
    }
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
  const closesAt = await windowClosesAt(ctx, attempt, archived?.slot);
  if (archived) {
    // A slot is archived only after its window closed: refused as the
    // script refuses a late appeal, and nothing is written.
    throw conflict(
      "appeal_window_closed",
      `The appeal window closed on ${iso(closesAt ?? 0)}: ${ctx.env.APPEAL_WINDOW_WORKING_DAYS} working days after the result.`,
    );
  }
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
  await notifyBooking(ctx, booking, "appeal.filed", { number: id }, id);
  return presentPublicAppeal(filed, numbers);
}
