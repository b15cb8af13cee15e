import type { Redis } from "ioredis";
import { script } from "../../redis/scripts";
import {
  runAttemptCommand,
  type AttemptCommand,
  type CommandResult,
} from "../attempts";
import { auditKeys } from "../audit";

/**
 * Keys:
 *   outage:beat              the last beat of any realtime process (Redis
 *                            TIME, ms): the service heartbeat
 *   outage:seq               the last outage id given
 *   outage:<id>              hash: id, startedAt, endedAt, durationMs,
 *                            creditable, recordedBy, creditedAt, credited
 *   outages                  sorted set: outage ids by start
 *   outages:uncredited       set: creditable outages whose credit is not
 *                            finished (timers and late answers wait)
 *   outage:<id>:credits      hash: attemptId → JSON credit (the record that
 *                            makes a credit happen once)
 *   outage:<id>:lock         one process credits an outage at a time
 * The attempt scripts read them too (scripts/_outage.lua).
 */
export const outageKeys = {
  beat: "outage:beat",
  seq: "outage:seq",
  outage: (id: string) => `outage:${id}`,
  all: "outages",
  uncredited: "outages:uncredited",
  credits: (id: string) => `outage:${id}:credits`,
  lock: (id: string) => `outage:${id}:lock`,
};

/** Each realtime process beats this often. */
export const OUTAGE_BEAT_MS = 1_000;
/**
 * A beat older than this: nobody serves the kiosks now, so timers and late
 * answers wait (OUTAGE_STALE_MS in _outage.lua says the same).
 */
export const OUTAGE_STALE_MS = 3_000;
/**
 * A gap between beats longer than this is recorded as an outage: beats a
 * few seconds late (a busy event loop, a slow Redis) are not.
 */
export const OUTAGE_DETECT_MS = 5_000;

export interface OutageRecord {
  id: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  creditable: boolean;
  recordedBy: string;
  creditedAt: number | null;
  /** Attempts credited, once the credit is finished. */
  credited: number;
}

/** What one attempt got back for one outage (outage_credit in attempt-command.lua). */
export interface StoredCredit {
  attemptId: string;
  slotId: string;
  centerId: string;
  seatId: string;
  ms: number;
  deadlineAt: number;
  at: number;
}

export interface BeatResult {
  now: number;
  /** Creditable outages whose credit is not finished. */
  pending: number;
  /** The outage this beat ended, if it ended one. */
  recorded?: Omit<OutageRecord, "recordedBy" | "creditedAt" | "credited">;
}

const numberOrNull = (value: string | undefined) =>
  value === undefined || value === "" ? null : Number(value);

function toOutage(hash: Record<string, string>): OutageRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    startedAt: Number(hash.startedAt),
    endedAt: Number(hash.endedAt),
    durationMs: Number(hash.durationMs),
    creditable: hash.creditable === "1",
    recordedBy: hash.recordedBy ?? "",
    creditedAt: numberOrNull(hash.creditedAt),
    credited: Number(hash.credited ?? 0),
  };
}

/** One beat of the service heartbeat (outage-beat.lua); records a gap. */
export async function beat(
  redis: Redis,
  input: { processId: string; minCreditMs: number },
): Promise<BeatResult> {
  const audit = auditKeys("network");
  const result = await script("outage-beat").run(
    redis,
    [
      outageKeys.beat,
      outageKeys.all,
      outageKeys.uncredited,
      outageKeys.seq,
      audit.stream,
      audit.head,
    ],
    [OUTAGE_DETECT_MS, input.minCreditMs, input.processId],
  );
  return JSON.parse(String(result)) as BeatResult;
}

export async function findOutage(
  redis: Redis,
  id: string,
): Promise<OutageRecord | null> {
  return toOutage(await redis.hgetall(outageKeys.outage(id)));
}

/** The latest outages, newest first. */
export async function listOutages(
  redis: Redis,
  limit: number,
): Promise<OutageRecord[]> {
  const ids = await redis.zrevrange(outageKeys.all, 0, limit - 1);
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(outageKeys.outage(id));
  const results = (await pipeline.exec()) ?? [];
  return results
    .map(([, hash]) => toOutage((hash ?? {}) as Record<string, string>))
    .filter((outage): outage is OutageRecord => outage !== null);
}

/**
 * Outages that started in [from, to], oldest first: the attempts of a
 * slot can only have lost time to these.
 */
export async function outagesStartingBetween(
  redis: Redis,
  from: number,
  to: number,
): Promise<OutageRecord[]> {
  const ids = await redis.zrangebyscore(outageKeys.all, from, to);
  const found = await Promise.all(ids.map((id) => findOutage(redis, id)));
  return found.filter((outage): outage is OutageRecord => outage !== null);
}

export async function listCredits(
  redis: Redis,
  outageIds: readonly string[],
): Promise<Map<string, StoredCredit[]>> {
  const pipeline = redis.pipeline();
  for (const id of outageIds) pipeline.hgetall(outageKeys.credits(id));
  const results = (await pipeline.exec()) ?? [];
  return new Map(
    outageIds.map((id, i) => {
      const hash = (results[i]?.[1] ?? {}) as Record<string, string>;
      const credits = Object.entries(hash).map(([attemptId, json]) => ({
        attemptId,
        ...(JSON.parse(json) as Omit<StoredCredit, "attemptId">),
      }));
      return [id, credits.sort((a, b) => a.at - b.at)];
    }),
  );
}

export async function uncreditedOutageIds(redis: Redis): Promise<string[]> {
  return (await redis.smembers(outageKeys.uncredited)).sort(
    (a, b) => Number(a) - Number(b),
  );
}

/**
 * Whether nobody serves the kiosks now, or an outage waits for its credit
 * (the same test as outage_pending in _outage.lua).
 */
export async function outagePending(
  redis: Redis,
  now: number,
): Promise<boolean> {
  const [beatAt, uncredited] = await Promise.all([
    redis.get(outageKeys.beat),
    redis.scard(outageKeys.uncredited),
  ]);
  if (beatAt !== null && now - Number(beatAt) > OUTAGE_STALE_MS) return true;
  return uncredited > 0;
}

/** The credit is finished: timers and late answers need not wait for it. */
export async function markCredited(
  redis: Redis,
  id: string,
  at: number,
): Promise<void> {
  const credited = await redis.hlen(outageKeys.credits(id));
  await redis
    .multi()
    .hset(outageKeys.outage(id), "creditedAt", at, "credited", credited)
    .srem(outageKeys.uncredited, id)
    .exec();
}

/**
 * Takes an outage's credit lock unless another process holds it. It is
 * short: a holder that died only delays the credit by that much, and two
 * processes crediting at once do no harm (each credit happens once).
 */
export async function takeCreditLock(
  redis: Redis,
  id: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  return (
    (await redis.set(outageKeys.lock(id), token, "PX", ttlMs, "NX")) === "OK"
  );
}

export async function releaseCreditLock(
  redis: Redis,
  id: string,
  token: string,
): Promise<void> {
  // The documents' token-checked unlock: the same compare-and-delete.
  await script("cert-unlock").run(redis, [outageKeys.lock(id)], [token]);
}

/** The attempt commands of this module, run by attempt-command.lua like every state change. */
export type OutageCommand = Extract<AttemptCommand, "outage_credit" | "reopen">;

export function runOutageCommand(
  redis: Redis,
  attemptId: string,
  command: OutageCommand,
  actor: string,
  args: Record<string, unknown>,
): Promise<CommandResult> {
  return runAttemptCommand(redis, attemptId, command, actor, args);
}
