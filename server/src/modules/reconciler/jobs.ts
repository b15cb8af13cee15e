import type { AppContext } from "../../context";
import { RECONCILE_EVERY_MS, runReconcilerPass } from "./service";

/** The `reconciler.run` job: one pass (see runReconcilerPass). */
export async function runReconcilerJob(
  ctx: AppContext,
  _payload: { requestedAt: number },
): Promise<void> {
  await runReconcilerPass(ctx);
}

/**
 * At every worker start: the repeating pass is (re)registered — one
 * schedule however many workers — and one pass runs now, since whatever
 * crashed before this start may have lost a job.
 */
export async function scheduleReconciler(ctx: AppContext): Promise<void> {
  await ctx.queues.repeat(
    "reconciler.run",
    { requestedAt: 0 },
    RECONCILE_EVERY_MS,
  );
  await ctx.queues.add("reconciler.run", { requestedAt: ctx.clock.now() });
}
