import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import type { AnyJob } from "../../queues/jobs";
import { idOf, type QueuedJob } from "../../queues/queue";
import { getSlotAnalytics } from "../analytics";
import { requestSlotAnalytics } from "../../queues/requests";
import {
  publishOfficial,
  attemptIdsOfSlot,
  findAttempt,
  findAttemptTimes,
  type AttemptTimes,
  followUpOf,
} from "../attempts";
import { appendAudit, refillSaltPool } from "../audit";
import { loadOfficialResult } from "../certificates";
import { requeueStrandedMessages } from "../notifications";
import { outagePending, creditPendingOutages } from "../outages";
import { getSlot, listSlotsStartingBetween, type SlotRecord } from "../slots";
import {
  countTry,
  findAttentionItem,
  listAttentionItems,
  releasePassLock,
  removeAttentionItems,
  resetTries,
  saveAttentionItem,
  takePassLock,
  triesOf,
  type AttentionItem,
  type ReconciledJobOf,
} from "./repository";

/** How often the repeating pass runs. */
export const RECONCILE_EVERY_MS = 60_000;
/**
 * A pass looks at slots starting from 00:00 UTC this many days back until
 * a day ahead: live and recently ended ones, not the whole history.
 */
export const RECONCILE_DAYS = 3;
/**
 * How many times the reconciler runs a failed job again itself (one more
 * attempt per pass, so a minute apart: a disk full for half a minute heals)
 * before it asks a person.
 */
export const RECONCILE_RETRIES = 3;
/**
 * A running attempt's deadline timer is looked at once the deadline is this
 * near (ten passes before it), not on every pass of a two-hour test.
 */
export const TIMER_CHECK_AHEAD_MS = 10 * 60_000;
/** A pass that takes longer than this is presumed dead; another may start. */
const PASS_LOCK_MS = 5 * 60_000;
const ACTOR = "system:reconciler";
/**
 * The pass shares its process with the kiosks' answers: after each slice of
 * its own work this long it pauses as long. Unpaced, a pass over a
 * 10,000-attempt day held the event loop and Redis for seconds, and the
 * answers meanwhile waited 20-30 ms instead of 2; with 10 ms slices an
 * answer arriving in one still waited up to 10 ms (more on a busy machine,
 * where a slice of work takes longer than its CPU time).
 */
const PASS_SLICE_MS = 4;
const DAY_MS = 24 * 3600_000;

/** Job states in which the job is still on its way. */
const ON_ITS_WAY = new Set([
  "waiting",
  "delayed",
  "active",
  "prioritized",
  "waiting-children",
]);

export interface ReconcileReport {
  /** Another process was running a pass: this one did nothing. */
  skipped: boolean;
  slots: number;
  attempts: number;
  requeued: {
    itemId: string;
    jobId: string;
    reason: "missing" | "failed" | "completed";
  }[];
  /** Items on the "needs attention" list after the pass. */
  attention: string[];
  /** Messages to candidates whose lost job was queued again. */
  messages: string[];
}

/** One thing an attempt or a slot waits for from the queues. */
interface Need {
  itemId: string;
  job: ReconciledJobOf;
  slot: SlotRecord;
  attemptId: string | null;
  /** The kept job serving it, if any. */
  found: QueuedJob<AnyJob["name"]> | null;
  /** Whether re-queueing a lost job counts towards the retries (decide). */
  lostCounts: boolean;
  /** Re-reads the state: is this still needed (something may have moved on)? */
  stillNeeded(): Promise<boolean>;
  /** Queues it afresh (lost, or finished without effect). */
  queue(): Promise<void>;
}

type Decision = "wait" | "queue" | "retry" | "flag";

/**
 * What to do about a need, given the job that serves it and how often the
 * reconciler already re-queued it. A lost job is queued again every time
 * (its new run is a fresh chance) unless `lostCounts`: analytics jobs are
 * found by slot, so "none on its way" may mean one ran without effect.
 */
export function decide(
  found: { state: string } | null,
  tries: number,
  options: { retries?: number; lostCounts?: boolean } = {},
): Decision {
  const { retries = RECONCILE_RETRIES, lostCounts = false } = options;
  if (found && ON_ITS_WAY.has(found.state)) return "wait";
  const lost = !found || found.state === "unknown";
  if (lost && !lostCounts) return "queue";
  if (tries >= retries) return "flag";
  return found?.state === "failed" ? "retry" : "queue";
}

/** A pause of PASS_SLICE_MS after each PASS_SLICE_MS of work. */
function pacer(): () => Promise<void> {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < PASS_SLICE_MS) return;
    await sleep(PASS_SLICE_MS);
    sliceStarted = performance.now();
  };
}

/** What an attempt waits for from the queues next, if anything. */
function attemptNeed(
  ctx: AppContext,
  attempt: AttemptTimes,
): { job: ReconciledJobOf; delay: number } | null {
  const followUp = followUpOf(
    attempt,
    ctx.clock.now(),
    ctx.env.ANSWER_GRACE_MS,
  );
  if (followUp) return followUp;
  if (attempt.state === "scored" && attempt.officialAt !== null) {
    return {
      job: { name: "certificate.issue", payload: { attemptId: attempt.id } },
      delay: 0,
    };
  }
  return null;
}

const itemIdOf = (name: string, subjectId: string) => `${name}:${subjectId}`;

/**
 * Whether the slot's stored analytics miss an official result or its
 * document: computed before the result (or its hand-over) was recorded.
 */
async function analyticsStale(
  ctx: AppContext,
  slotId: string,
  attempts: readonly AttemptTimes[],
): Promise<boolean> {
  const official = attempts.filter(
    (attempt) => attempt.officialAt !== null && attempt.state !== "voided",
  );
  if (official.length === 0) return false;
  const stored = await getSlotAnalytics(ctx.redis, slotId);
  if (!stored) return true;
  const rows = new Map(stored.candidates.map((row) => [row.attemptId, row]));
  return official.some((attempt) => {
    const row = rows.get(attempt.id);
    return !row || row.certificateNumber !== attempt.certificateNumber;
  });
}

/**
 * One reconciler pass: every attempt of the recent slots is compared with
 * the job it waits for (its deadline timer, its scoring, its document) and
 * every slot with official results with its analytics. What is missing, or
 * finished without effect, is queued again; a failed job runs once more
 * per pass, up to RECONCILE_RETRIES, and then goes on the "needs attention"
 * list. Each re-queue is audited in the slot's stream. Idempotent: a second
 * pass finds the jobs the first one queued on their way. An outage whose
 * credit was left unfinished (its process died) is credited first.
 */
export async function runReconcilerPass(
  ctx: AppContext,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    skipped: false,
    slots: 0,
    attempts: 0,
    requeued: [],
    attention: [],
    messages: [],
  };
  const token = randomUUID();
  if (!(await takePassLock(ctx.redis, token, PASS_LOCK_MS)))
    return { ...report, skipped: true };
  try {
    // An outage whose credit its process left half-done is finished first:
    // every timer waits for it.
    await creditPendingOutages(ctx).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "reconciler could not credit an outage"),
    );
    // The audit's salt pool, used as new scopes take their keys.
    await refillSaltPool(ctx.redis).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "reconciler could not refill salts"),
    );
    // While nobody serves the kiosks, the timers wait on purpose and look
    // again every few seconds: a deadline timer that ran is not lost then.
    const timersWait = await outagePending(ctx.redis, ctx.clock.now());
    const now = ctx.clock.now();
    const from = Math.floor(now / DAY_MS) * DAY_MS - RECONCILE_DAYS * DAY_MS;
    const slots = new Map(
      (await listSlotsStartingBetween(ctx.redis, from, now + DAY_MS)).map(
        (slot) => [slot.id, slot],
      ),
    );
    // Items already listed are looked at again whatever their age, so one
    // leaves the list only when its job has gone through.
    const listed = await listAttentionItems(ctx.redis);
    for (const item of listed) {
      if (slots.has(item.slotId)) continue;
      const slot = await getSlot(ctx.redis, item.slotId);
      if (slot) slots.set(slot.id, slot);
    }
    // Analytics job ids carry their request time: find them by slot.
    const [analyticsOnTheirWay, analyticsFailed] = await Promise.all([
      ctx.queues.list("analytics.compute", [
        "waiting",
        "delayed",
        "active",
        "prioritized",
      ]),
      ctx.queues.list("analytics.compute", ["failed"]),
    ]);
    // A run delayed to a later check (the hand-over's limit, 20 minutes
    // after the end) does not cover a reading lost now.
    const soon = ctx.clock.now() + 60_000;
    const analyticsPending = new Set(
      analyticsOnTheirWay
        .filter((job) => job.payload.requestedAt <= soon)
        .map((job) => job.payload.slotId),
    );

    const flagged = new Set<string>();
    const giveWay = pacer();
    for (const slot of slots.values()) {
      report.slots += 1;
      // Only what says the job each waits for: the whole hashes of a
      // 10,000-attempt day were half a second of reading and ~50 MB of
      // garbage a minute.
      const attempts = await findAttemptTimes(
        ctx.redis,
        await attemptIdsOfSlot(ctx.redis, slot.id),
      );
      report.attempts += attempts.length;
      const needs: Need[] = [];
      for (const attempt of attempts) {
        await giveWay();
        const need = attemptNeed(ctx, attempt);
        if (!need || (timersWait && need.job.name === "attempt.timer"))
          continue;
        const { job } = need;
        // A deadline timer matters only when it is due: one lost hours
        // before is queued again in time from the passes of its last
        // minutes, and the passes over a long day stay small.
        if (job.name === "attempt.timer" && need.delay > TIMER_CHECK_AHEAD_MS)
          continue;
        // Nearly every job is on its way: its state alone says so, without
        // reading the job (a pass over a 10,000-candidate day stays light).
        if (ON_ITS_WAY.has(await ctx.queues.stateOf(job))) continue;
        needs.push({
          itemId: itemIdOf(job.name, attempt.id),
          job,
          slot,
          attemptId: attempt.id,
          found: await ctx.queues.find(job),
          lostCounts: false,
          async stillNeeded() {
            const now = await findAttempt(ctx.redis, attempt.id);
            const again = now ? attemptNeed(ctx, now) : null;
            return again !== null && idOf(again.job) === idOf(job);
          },
          async queue() {
            const fresh = await findAttempt(ctx.redis, attempt.id);
            const again = fresh ? attemptNeed(ctx, fresh) : null;
            if (!fresh || !again) return;
            // A result made official whose publishing was lost: store it
            // (and ask for its analytics) before its document is queued.
            if (
              again.job.name === "certificate.issue" &&
              !(await loadOfficialResult(ctx.redis, fresh.id))
            ) {
              await publishOfficial(ctx, fresh.id);
            }
            await ctx.queues.requeue(again.job, { delay: again.delay });
          },
        });
      }
      if (
        !analyticsPending.has(slot.id) &&
        (await analyticsStale(ctx, slot.id, attempts))
      ) {
        const failed = analyticsFailed
          .filter((job) => job.payload.slotId === slot.id)
          .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))[0];
        needs.push({
          itemId: itemIdOf("analytics.compute", slot.id),
          job: failed
            ? { name: "analytics.compute", payload: failed.payload }
            : {
                name: "analytics.compute",
                payload: { slotId: slot.id, requestedAt: now },
              },
          slot,
          attemptId: null,
          found: failed ?? null,
          lostCounts: true,
          async stillNeeded() {
            const pending = await ctx.queues.list("analytics.compute", [
              "waiting",
              "delayed",
              "active",
              "prioritized",
            ]);
            const dueSoon = ctx.clock.now() + 60_000;
            if (
              pending.some(
                (job) =>
                  job.payload.slotId === slot.id &&
                  job.payload.requestedAt <= dueSoon,
              )
            )
              return false;
            return analyticsStale(
              ctx,
              slot.id,
              await findAttemptTimes(
                ctx.redis,
                await attemptIdsOfSlot(ctx.redis, slot.id),
              ),
            );
          },
          async queue() {
            await requestSlotAnalytics(ctx, slot.id, 0);
          },
        });
      }
      for (const need of needs) {
        try {
          const outcome = await mend(ctx, need);
          if (outcome === "flagged") flagged.add(need.itemId);
          else if (outcome)
            report.requeued.push({
              itemId: need.itemId,
              jobId: idOf(need.job),
              reason: outcome,
            });
        } catch (error) {
          // One stuck thing must not stop the pass for the others.
          ctx.logger.error(
            { err: error, itemId: need.itemId },
            "reconciler could not mend",
          );
        }
      }
    }
    // A message to a candidate whose job was lost goes out after all.
    const messages = await requeueStrandedMessages(ctx).catch(
      (error: unknown) => {
        ctx.logger.error(
          { err: error },
          "reconciler could not look at messages",
        );
        return [];
      },
    );
    report.messages = messages;
    await removeAttentionItems(
      ctx.redis,
      listed
        .map((item) => item.itemId)
        .filter((itemId) => !flagged.has(itemId)),
    );
    report.attention = [...flagged].sort();
    if (report.requeued.length > 0 || flagged.size > 0 || messages.length) {
      ctx.logger.warn(
        {
          requeued: report.requeued,
          attention: report.attention,
          messages: report.messages,
        },
        "reconciler mended jobs",
      );
    }
    return report;
  } finally {
    await releasePassLock(ctx.redis, token);
  }
}

/** Acts on one need; says what it did (null: nothing to do). */
async function mend(
  ctx: AppContext,
  need: Need,
): Promise<"missing" | "failed" | "completed" | "flagged" | null> {
  const tries = await triesOf(ctx.redis, need.itemId);
  const decision = decide(need.found, tries, { lostCounts: need.lostCounts });
  if (decision === "wait") return null;
  // The state was read a moment ago: a job that just did its work must
  // not be queued again, nor a need someone else just met be flagged.
  if (!(await need.stillNeeded())) return null;
  if (decision === "flag") {
    await flag(ctx, need, tries);
    return "flagged";
  }
  const reason =
    decision === "retry" ? "failed" : need.found ? "completed" : "missing";
  if (decision === "retry" && need.found) {
    // One more attempt, not a fresh five: the passes space them a minute apart.
    if (
      !(await ctx.queues.retry(need.job.name, need.found.id, {
        resetAttempts: false,
      }))
    )
      return null;
  } else {
    await need.queue();
  }
  if (reason !== "missing" || need.lostCounts)
    await countTry(ctx.redis, need.itemId);
  await appendAudit(ctx.redis, `slot:${need.slot.id}`, {
    actor: ACTOR,
    action: "reconciler.requeued",
    subject: need.attemptId
      ? `attempt:${need.attemptId}`
      : `slot:${need.slot.id}`,
    data: {
      job: need.job.name,
      jobId: need.found?.id ?? idOf(need.job),
      reason,
      ...(need.found?.failedReason ? { error: need.found.failedReason } : {}),
    },
  });
  return reason;
}

async function flag(ctx: AppContext, need: Need, tries: number): Promise<void> {
  const existing = await findAttentionItem(ctx.redis, need.itemId);
  const item: AttentionItem = {
    itemId: need.itemId,
    job: need.job,
    jobId: need.found?.id ?? idOf(need.job),
    slotId: need.slot.id,
    centerId: need.slot.centerId,
    attemptId: need.attemptId,
    error:
      need.found?.failedReason ?? "The job finished without doing its work.",
    failedAt: need.found?.finishedOn ?? null,
    attempts: need.found?.attemptsMade ?? tries,
    recordedAt: existing?.recordedAt ?? ctx.clock.now(),
  };
  await saveAttentionItem(ctx.redis, item);
}

/**
 * A person's retry of an item on the list: its job runs again with all its
 * attempts (or is queued afresh), the item leaves the list, and the retry
 * is audited. Failing again, it returns at the next pass.
 */
export async function retryAttentionItem(
  ctx: AppContext,
  item: AttentionItem,
  actor: string,
): Promise<{ itemId: string; jobId: string }> {
  const found = await ctx.queues.find(item.job);
  const retried =
    found?.state === "failed" &&
    (await ctx.queues.retry(item.job.name, found.id, { resetAttempts: true }));
  if (!retried && !(found && ON_ITS_WAY.has(found.state))) {
    if (item.job.name === "analytics.compute")
      await requestSlotAnalytics(ctx, item.slotId, 0);
    else await ctx.queues.requeue(item.job);
  }
  await removeAttentionItems(ctx.redis, [item.itemId]);
  // A person looked: should it fail again, the reconciler tries anew first.
  await resetTries(ctx.redis, item.itemId);
  await appendAudit(ctx.redis, `slot:${item.slotId}`, {
    actor,
    action: "reconciler.retried",
    subject: item.attemptId
      ? `attempt:${item.attemptId}`
      : `slot:${item.slotId}`,
    data: { job: item.job.name, jobId: item.jobId, error: item.error },
  });
  return { itemId: item.itemId, jobId: item.jobId };
}

/** An item of the list, or 404. */
export async function attentionItem(
  ctx: AppContext,
  itemId: string,
): Promise<AttentionItem> {
  const item = await findAttentionItem(ctx.redis, itemId);
  if (!item)
    throw notFound(
      "item_not_found",
      "This item is no longer on the list: it may have gone through meanwhile.",
    );
  return item;
}

export { listAttentionItems };

/** Jobs the reconciler could not mend, oldest first. */
export const attentionItems = (ctx: AppContext) =>
  listAttentionItems(ctx.redis);
