import type { AppContext } from "../../context";
import { SynaqError } from "../../errors";
import {
  archiveKeys,
  getArchiveProgress,
  listArchiveVersions,
  type ArchiveProgress,
} from "../../archive/store";
import type { JobHandler } from "../../queues/handler";
import type { JobPayloads } from "../../queues/jobs";
import { redisNow } from "../../redis/connection";
import { slotKeys } from "../slots";
import { slotArchivable } from "./eligibility";
import { archiveSlot } from "./service";

const SWEEP_EVERY_MS = 3600_000;

/**
 * Set once every pointer a deployment had before `archive:slots:in-progress`
 * existed was looked at (backfillInProgress): its value is when.
 */
const BACKFILLED_KEY = `${archiveKeys.inProgress}:backfilled`;

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) the center network's wall clock shows at `instantMs`. */
function localHour(instantMs: number, timeZone: string): number {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      hourCycle: "h23",
    });
    hourFormats.set(timeZone, format);
  }
  return Number(format.format(new Date(instantMs)));
}

/**
 * Whether `instantMs` falls in ARCHIVE_HOURS (`HH-HH`, local, end
 * exclusive; a window may wrap midnight, `00-24` is all day). Pure.
 */
export function withinArchiveHours(
  instantMs: number,
  hours: string,
  timeZone: string,
): boolean {
  const from = Number(hours.slice(0, 2));
  const to = Number(hours.slice(3, 5));
  const hour = localHour(instantMs, timeZone);
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

const unfinished = (progress: ArchiveProgress | null) =>
  progress?.state === "writing" || progress?.state === "deleting";

/** The version an archival of the slot writes now (or is writing). */
async function nextVersion(
  ctx: AppContext,
  slotId: string,
  progress: ArchiveProgress | null,
): Promise<number> {
  if (progress?.pending) return progress.pending.version;
  if (progress?.state === "deleting") return progress.version;
  const versions = await listArchiveVersions(ctx.redis, slotId);
  return Math.max(progress?.version ?? 0, versions.length) + 1;
}

/**
 * Pointers from before `archive:slots:in-progress` existed: an archival a
 * crash cut short then is found once by a SCAN (the first sweep after the
 * upgrade, in the night hours) and joins the set. Idempotent; a member the
 * archival finished meanwhile is skipped by the sweep (state checked).
 */
async function backfillInProgress(ctx: AppContext): Promise<void> {
  const { redis } = ctx;
  if (await redis.exists(BACKFILLED_KEY)) return;
  const prefix = archiveKeys.pointer("");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      `${prefix}*`,
      "COUNT",
      1000,
    );
    cursor = next;
    const pointers = keys.filter(
      (key) => !key.slice(prefix.length).includes(":"),
    );
    if (pointers.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of pointers) pipeline.hget(key, "state");
    const states = (await pipeline.exec()) ?? [];
    const found = pointers.filter((_key, index) => {
      const state = states[index]?.[1];
      return state === "writing" || state === "deleting";
    });
    if (found.length > 0) {
      await redis.sadd(
        archiveKeys.inProgress,
        ...found.map((key) => key.slice(prefix.length)),
      );
    }
  } while (cursor !== "0");
  await redis.set(BACKFILLED_KEY, String(await redisNow(redis)));
}

/** Job states in which the job will still run without help. */
const ON_ITS_WAY = new Set([
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
]);

/**
 * Queues the slot's `archive.slot` job (id `archive-<slot>-v<N>`). A job of
 * that id kept as failed (five attempts, e.g. while a restore held the
 * lock) is retried with its attempts anew, one kept as completed (it found
 * the slot not archivable then) is queued again: else the id would make
 * the add a no-op for days. False when it is queued or running already.
 */
async function queueArchival(
  ctx: AppContext,
  payload: JobPayloads["archive.slot"],
): Promise<boolean> {
  const job = { name: "archive.slot", payload } as const;
  const found = await ctx.queues.find(job);
  if (found && ON_ITS_WAY.has(found.state)) return false;
  if (
    found?.state === "failed" &&
    (await ctx.queues.retry(job.name, found.id, { resetAttempts: true }))
  ) {
    return true;
  }
  await ctx.queues.requeue(job);
  return true;
}

/**
 * `archive.sweep`: in ARCHIVE_HOURS only, queues at most
 * ARCHIVE_SWEEP_LIMIT slots: first every archival a crash cut short
 * (`archive:slots:in-progress`: a slot half-deleted has left
 * `slots:by-start`), then the slots of `slots:by-start` closed for good.
 */
export const runArchiveSweep: JobHandler<"archive.sweep"> = async (ctx) => {
  const { redis, env } = ctx;
  const now = await redisNow(redis);
  if (!withinArchiveHours(now, env.ARCHIVE_HOURS, env.CENTER_TIMEZONE)) return;
  await backfillInProgress(ctx);
  const limit = env.ARCHIVE_SWEEP_LIMIT;
  let queued = 0;
  const resumed = new Set<string>();
  for (const slotId of (await redis.smembers(archiveKeys.inProgress)).sort()) {
    if (queued >= limit) return;
    resumed.add(slotId);
    const progress = await getArchiveProgress(redis, slotId);
    if (!unfinished(progress)) continue;
    const version = await nextVersion(ctx, slotId, progress);
    if (await queueArchival(ctx, { slotId, version })) queued += 1;
  }
  const slotIds = await redis.zrangebyscore(slotKeys.slotsByStart, "-inf", now);
  for (const slotId of slotIds) {
    if (queued >= limit) return;
    if (resumed.has(slotId)) continue;
    const progress = await getArchiveProgress(redis, slotId);
    if (!unfinished(progress) && !(await slotArchivable(ctx, slotId)).ok) {
      continue;
    }
    const version = await nextVersion(ctx, slotId, progress);
    if (await queueArchival(ctx, { slotId, version })) queued += 1;
  }
};

/**
 * `archive.slot`: archives the slot, or finishes the archival in progress.
 * A slot a restore (or another archival) holds is left for the next sweep:
 * no throw, so five busy attempts never fail the job for good.
 */
export const runArchiveSlotJob: JobHandler<"archive.slot"> = async (
  ctx,
  { slotId },
) => {
  const progress = await getArchiveProgress(ctx.redis, slotId);
  if (progress?.state === "archived") return;
  // Conditions may have changed since the sweep (a late complaint).
  if (!unfinished(progress) && !(await slotArchivable(ctx, slotId)).ok) return;
  try {
    await archiveSlot(ctx, slotId);
  } catch (error) {
    if (error instanceof SynaqError && error.id === "archive_busy") {
      ctx.logger.info(
        { slotId },
        "archive: the slot is busy (restore or archival); the next sweep comes back",
      );
      return;
    }
    throw error;
  }
};

/** The hourly sweep, from whichever worker is free. */
export async function scheduleArchiveSweep(ctx: AppContext): Promise<void> {
  await ctx.queues.repeat("archive.sweep", { requestedAt: 0 }, SWEEP_EVERY_MS);
}
