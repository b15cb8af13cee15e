import type { AppContext } from "../../context";
import { getArchiveProgress, listArchiveVersions } from "../../archive/store";
import type { JobHandler } from "../../queues/handler";
import { redisNow } from "../../redis/connection";
import { slotKeys } from "../slots";
import { slotArchivable } from "./eligibility";
import { archiveSlot } from "./service";

const SWEEP_EVERY_MS = 3600_000;

/** The version an archival of the slot writes now (or is writing). */
async function nextVersion(ctx: AppContext, slotId: string): Promise<number> {
  const progress = await getArchiveProgress(ctx.redis, slotId);
  if (progress?.pending) return progress.pending.version;
  if (progress?.state === "deleting") return progress.version;
  const versions = await listArchiveVersions(ctx.redis, slotId);
  return Math.max(progress?.version ?? 0, versions.length) + 1;
}

/**
 * `archive.sweep`: queues every slot closed for good, and every archival a
 * crash cut short. Slots leave `slots:by-start` when archived, so the
 * sweep looks only at what is still live.
 */
export const runArchiveSweep: JobHandler<"archive.sweep"> = async (ctx) => {
  const now = await redisNow(ctx.redis);
  const slotIds = await ctx.redis.zrangebyscore(
    slotKeys.slotsByStart,
    "-inf",
    now,
  );
  for (const slotId of slotIds) {
    const progress = await getArchiveProgress(ctx.redis, slotId);
    const unfinished =
      progress?.state === "writing" || progress?.state === "deleting";
    if (!unfinished && !(await slotArchivable(ctx, slotId)).ok) continue;
    await ctx.queues.add("archive.slot", {
      slotId,
      version: await nextVersion(ctx, slotId),
    });
  }
};

/** `archive.slot`: archives the slot, or finishes the archival in progress. */
export const runArchiveSlotJob: JobHandler<"archive.slot"> = async (
  ctx,
  { slotId },
) => {
  const progress = await getArchiveProgress(ctx.redis, slotId);
  if (progress?.state === "archived") return;
  const unfinished =
    progress?.state === "writing" || progress?.state === "deleting";
  // Conditions may have changed since the sweep (a late complaint).
  if (!unfinished && !(await slotArchivable(ctx, slotId)).ok) return;
  await archiveSlot(ctx, slotId);
};

/** The hourly sweep, from whichever worker is free. */
export async function scheduleArchiveSweep(ctx: AppContext): Promise<void> {
  await ctx.queues.repeat("archive.sweep", { requestedAt: 0 }, SWEEP_EVERY_MS);
}
