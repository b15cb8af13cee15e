import type { AppContext } from "../../context";
import { scoreAttempt, scoreProfile, voidedItemsOf } from "../banks";
import {
  findAttempt,
  loadAnswers,
  loadForm,
  runAttemptCommand,
} from "./repository";
import { afterChange, scheduleFollowUps } from "./service";

/** How soon a timer that waited for an outage looks again. */
const OUTAGE_RECHECK_MS = 5_000;

/**
 * The attempt's timer: ends the instructions or the test when their time
 * has come. Deadlines move (pause, extra time), so the job re-reads them in
 * the script and does nothing when it fired for an old deadline; the job
 * queued for the new deadline does the work.
 */
export async function runAttemptTimer(
  ctx: AppContext,
  payload: { attemptId: string; at: number },
): Promise<void> {
  const attempt = await findAttempt(ctx.redis, payload.attemptId);
  if (!attempt) return;
  const command =
    attempt.state === "instructions"
      ? "instructions_over"
      : attempt.state === "in_progress"
        ? "expire"
        : null;
  if (!command) return;
  const result = await runAttemptCommand(
    ctx.redis,
    attempt.id,
    command,
    "system:timer",
  );
  if ("error" in result)
    throw new Error(`timer refused: ${String(result.error)}`);
  if (!result.noop) {
    await afterChange(ctx, attempt.id, {
      reason: command === "expire" ? "time_over" : "instructions_over",
    });
    return;
  }
  if (result.outage === true) {
    // Nobody serves the kiosk, or an outage's time is not yet credited
    // (modules/outages): look again shortly. A credit moves the deadline
    // and queues that deadline's own job.
    await ctx.queues.add(
      "attempt.timer",
      { attemptId: attempt.id, at: ctx.clock.now() + OUTAGE_RECHECK_MS },
      { delay: OUTAGE_RECHECK_MS },
    );
    return;
  }
  // Fired early (a clock step, or an old deadline): make sure the current one has its job.
  await scheduleFollowUps(ctx, attempt);
}

/** Scores a finished attempt against its program's thresholds. Idempotent. */
export async function runAttemptScoring(
  ctx: AppContext,
  payload: { attemptId: string },
): Promise<void> {
  const attempt = await findAttempt(ctx.redis, payload.attemptId);
  if (
    !attempt ||
    (attempt.state !== "submitted" && attempt.state !== "expired")
  )
    return;
  const [form, answers, voided] = await Promise.all([
    loadForm(ctx.redis, attempt.id),
    loadAnswers(ctx.redis, attempt.id),
    // Voided for this program only: another program on the bank keeps it.
    voidedItemsOf(ctx.redis, attempt.programId),
  ]);
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === attempt.programId,
  );
  if (!form || !program)
    throw new Error(`cannot score ${attempt.id}: form or program missing`);
  const responses = Object.fromEntries(
    Object.entries(answers).map(([itemId, saved]) => [itemId, saved.response]),
  );
  if (program.kind === "personal-qualities") {
    // A profile, not a score: nothing is voided in a questionnaire.
    const profile = scoreProfile(
      program,
      ctx.catalog.itemsById,
      form,
      responses,
    );
    const scored = await runAttemptCommand(
      ctx.redis,
      attempt.id,
      "score",
      "system:scoring",
      {
        profile: JSON.stringify(profile),
        passed: profile.rule ? profile.rule.met : true,
        stens: Object.fromEntries(
          profile.scales.map((scale) => [scale.scaleId, scale.sten]),
        ),
      },
    );
    if ("error" in scored)
      throw new Error(`scoring refused: ${String(scored.error)}`);
    if (!scored.noop) await afterChange(ctx, attempt.id, { reason: "scored" });
    return;
  }
  const score = scoreAttempt(
    program,
    ctx.catalog.itemsById,
    form,
    responses,
    voided,
  );
  const result = await runAttemptCommand(
    ctx.redis,
    attempt.id,
    "score",
    "system:scoring",
    {
      result: JSON.stringify(score),
      passed: score.passed,
      correct: score.correct,
      total: score.total,
    },
  );
  if ("error" in result)
    throw new Error(`scoring refused: ${String(result.error)}`);
  if (!result.noop) await afterChange(ctx, attempt.id, { reason: "scored" });
}
