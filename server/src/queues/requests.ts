import type { AppContext } from "../context";
import { redisNow } from "../redis/connection";

// Jobs that several modules ask for. They live here, below every module,
// so that asking for one is not an import of the module that runs it
// (scoring and appeals are below analytics).

/**
 * Queues the analytics of a slot: when a result becomes official and on
 * demand. A short delay lets a whole slot's sign-off settle into one run.
 */
export async function requestSlotAnalytics(
  ctx: AppContext,
  slotId: string,
  delayMs = ctx.env.ANALYTICS_DELAY_MS,
): Promise<number> {
  // Redis TIME, as computedAt: two processes' estimates of it differ by ms.
  const requestedAt = await redisNow(ctx.redis);
  await ctx.queues.add(
    "analytics.compute",
    { slotId, requestedAt },
    { delay: delayMs },
  );
  return requestedAt;
}

/**
 * Queues the analytics of a slot to run at `at` (Redis time, epoch ms),
 * for a limit that passes with nobody acting (a hand-over never recorded
 * counts as over once its limit is past): only a run after `at` covers it.
 * Requests within the same minute are one job.
 */
export async function requestSlotAnalyticsAt(
  ctx: AppContext,
  slotId: string,
  at: number,
): Promise<void> {
  const requestedAt = Math.ceil(at / 60_000) * 60_000;
  const now = await redisNow(ctx.redis);
  await ctx.queues.add(
    "analytics.compute",
    { slotId, requestedAt },
    { delay: Math.max(0, requestedAt - now) },
  );
}
