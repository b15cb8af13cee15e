import type { Form } from "@shared/banks";
import type { AppContext } from "../../context";
import { redisNow } from "../../redis/connection";
import { requestSlotAnalytics } from "../../queues/requests";
import { scoreAttempt } from "../banks";
import { getBooking, notifyBooking } from "../booking";
import { verificationUrl } from "@shared/certificates";
import { findDocument, revokeDocument, issueDocument } from "../certificates";
import {
  buildOfficialResult,
  issueAttemptDocument,
  findAttempt,
  loadAnswers,
  loadForm,
  type Attempt,
} from "../attempts";
import {
  restoreArchivedSlotsWithItem,
  type RestoreArchivedSlot,
} from "./archived";
import {
  attemptIdsOfProgram,
  attemptsMayHoldItem,
  forgetAttempts,
  getAppeal,
  recordAffected,
  recordReissue,
  resultRevisions,
  voidedItems,
  writeRescore,
} from "./repository";

const SYSTEM_ACTOR = "system:appeals";

/** Attempts re-scored at once: their reads and writes share round trips. */
const RESCORE_BATCH = 200;

/**
 * The `appeal.rescore` job: every attempt of the program that had the
 * voided item is scored again without it. Attempts not scored yet need
 * nothing (their scoring reads the voided set); official ones whose score
 * changed get a new revision and a `certificate.reissue` job. Idempotent:
 * an unchanged score is a no-op. With `restore`, archived slots whose forms
 * held the item are restored first (restoreArchivedSlotsWithItem). The
 * program's attempts come from its index, and only those whose items hold
 * the voided one are read, a batch at a time.
 */
export async function runAppealRescore(
  ctx: AppContext,
  payload: { appealId: string },
  restore?: RestoreArchivedSlot,
): Promise<void> {
  const appeal = await getAppeal(ctx.redis, payload.appealId);
  if (!appeal?.itemId || appeal.decision !== "upheld") return;
  if (restore) {
    await restoreArchivedSlotsWithItem(
      ctx,
      { programId: appeal.programId, itemId: appeal.itemId },
      restore,
    );
  }
  const itemId = appeal.itemId;
  const program = ctx.catalog.programs.find((p) => p.id === appeal.programId);
  if (!program) throw new Error(`program ${appeal.programId} is not loaded`);
  // The appealed program's own record: another program on the same bank
  // keeps the item, and its attempts are not walked here.
  const voided = await voidedItems(ctx.redis, appeal.programId);
  let affected = 0;
  const slots = new Set<string>();

  const rescore = async (attempt: Attempt, form: Form) => {
    const answers = await loadAnswers(ctx.redis, attempt.id);
    const responses = Object.fromEntries(
      Object.entries(answers).map(([answered, saved]) => [
        answered,
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
    if (!("ok" in reply)) return;
    slots.add(attempt.slotId);
    if (reply.ok.official && reply.ok.revision) {
      await ctx.queues.add("certificate.reissue", {
        attemptId: attempt.id,
        revision: reply.ok.revision,
      });
    }
  };

  const programAttempts = await attemptIdsOfProgram(
    ctx.redis,
    appeal.programId,
  );
  for (let start = 0; start < programAttempts.length; start += RESCORE_BATCH) {
    const batch = await attemptsMayHoldItem(
      ctx.redis,
      programAttempts.slice(start, start + RESCORE_BATCH),
      itemId,
    );
    const loaded = await Promise.all(
      batch.map(async (attemptId) => {
        const [attempt, form] = await Promise.all([
          findAttempt(ctx.redis, attemptId),
          loadForm(ctx.redis, attemptId),
        ]);
        return { attemptId, attempt, form };
      }),
    );
    // An id whose attempt is gone leaves the index.
    await forgetAttempts(
      ctx.redis,
      appeal.programId,
      loaded.filter((entry) => !entry.attempt).map((entry) => entry.attemptId),
    );
    const holding = loaded.flatMap(({ attempt, form }) =>
      attempt && form && form.items.some((item) => item.itemId === itemId)
        ? [{ attempt, form }]
        : [],
    );
    affected += holding.length;
    await Promise.all(
      holding
        .filter(
          ({ attempt }) =>
            attempt.state === "scored" || attempt.state === "issued",
        )
        .map(({ attempt, form }) => rescore(attempt, form)),
    );
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
  // Revisions re-score keyed items; an assessment has none to re-score.
  if (base.kind === "assessment") {
    throw new Error(`${attempt.id} is an assessment: no revision applies`);
  }
  const old = await findDocument(ctx.redis, previous);
  // A re-issued certificate keeps the validity of the certificate it
  // replaces; one replacing a reference counts from the test date.
  const keptValidity =
    revision.score.passed && old?.kind === "certificate" && old.validUntil
      ? { validUntil: old.validUntil }
      : {};
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
    ...keptValidity,
  });
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
  // The candidate hears of the new document (once per number, so a re-run
  // of this job sends nothing more).
  const booking = await getBooking(ctx.redis, attempt.bookingId);
  if (booking) {
    await notifyBooking(
      ctx,
      booking,
      "result.ready",
      {
        document: revision.score.passed ? "certificate" : "reference",
        documentNumber: issued.number,
        verifyLink: verificationUrl(ctx.publicUrl, issued.number),
      },
      issued.number,
    );
  }
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
