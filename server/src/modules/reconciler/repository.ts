import type { Redis } from "ioredis";
import type { ReconciledJob } from "@shared/reconciler";
import type { AnyJob } from "../../queues/jobs";
import { script } from "../../redis/scripts";

/**
 * Keys:
 *   reconciler:attention        hash: itemId → JSON AttentionItem (the
 *                               operator's "needs attention" list)
 *   reconciler:tries:<itemId>   how often the reconciler itself re-ran the
 *                               item's job (expires: a need met is forgotten)
 *   reconciler:lock             one pass at a time across worker processes
 */
export const reconcilerKeys = {
  attention: "reconciler:attention",
  tries: (itemId: string) => `reconciler:tries:${itemId}`,
  lock: "reconciler:lock",
};

/** A job the reconciler watches over, with its payload. */
export type ReconciledJobOf = Extract<AnyJob, { name: ReconciledJob }>;

/** A job the reconciler could not mend: it failed again after its retries. */
export interface AttentionItem {
  /** `<job name>:<attempt or slot id>`: one item per thing that is stuck. */
  itemId: string;
  job: ReconciledJobOf;
  jobId: string;
  slotId: string;
  centerId: string;
  attemptId: string | null;
  error: string;
  failedAt: number | null;
  /** Runs of the job so far: its own attempts and the reconciler's. */
  attempts: number;
  recordedAt: number;
}

/** A tries counter outlives any retry schedule, then goes by itself. */
const TRIES_TTL_SECONDS = 14 * 24 * 3600;

export async function listAttentionItems(
  redis: Redis,
): Promise<AttentionItem[]> {
  const items = Object.values(
    await redis.hgetall(reconcilerKeys.attention),
  ).map((json) => JSON.parse(json) as AttentionItem);
  return items.sort(
    (a, b) => a.recordedAt - b.recordedAt || a.itemId.localeCompare(b.itemId),
  );
}

export async function findAttentionItem(
  redis: Redis,
  itemId: string,
): Promise<AttentionItem | null> {
  const json = await redis.hget(reconcilerKeys.attention, itemId);
  return json ? (JSON.parse(json) as AttentionItem) : null;
}

export async function saveAttentionItem(
  redis: Redis,
  item: AttentionItem,
): Promise<void> {
  await redis.hset(reconcilerKeys.attention, item.itemId, JSON.stringify(item));
}

export async function removeAttentionItems(
  redis: Redis,
  itemIds: readonly string[],
): Promise<void> {
  if (itemIds.length > 0)
    await redis.hdel(reconcilerKeys.attention, ...itemIds);
}

export async function triesOf(redis: Redis, itemId: string): Promise<number> {
  return Number((await redis.get(reconcilerKeys.tries(itemId))) ?? 0);
}

export async function countTry(redis: Redis, itemId: string): Promise<void> {
  await redis
    .multi()
    .incr(reconcilerKeys.tries(itemId))
    .expire(reconcilerKeys.tries(itemId), TRIES_TTL_SECONDS)
    .exec();
}

export async function resetTries(redis: Redis, itemId: string): Promise<void> {
  await redis.del(reconcilerKeys.tries(itemId));
}

/**
 * Takes the pass lock unless another process holds it; the token lets only
 * its holder release it. Expires on its own if the holder dies mid-pass.
 */
export async function takePassLock(
  redis: Redis,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  return (
    (await redis.set(reconcilerKeys.lock, token, "PX", ttlMs, "NX")) === "OK"
  );
}

export async function releasePassLock(
  redis: Redis,
  token: string,
): Promise<void> {
  // The documents' token-checked unlock: the same compare-and-delete.
  await script("cert-unlock").run(redis, [reconcilerKeys.lock], [token]);
}
