import type { Redis } from "ioredis";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { analyticsKeys, type SlotAnalytics } from "../analytics";
import { appealKeys } from "../appeals";
import { auditKeys } from "../audit";
import { accommodationKeys } from "../accommodations";
import { bookingKeys } from "../booking";
import { certKeys } from "../certificates";

/** Ids of every booking (a SCAN: the purge runs rarely, offline of the answer path). */
export async function allBookingIds(redis: Redis): Promise<string[]> {
  const ids: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      "booking:*",
      "COUNT",
      1000,
      "TYPE",
      "hash",
    );
    cursor = next;
    for (const key of keys) {
      if (key.split(":").length === 2) ids.push(key.slice("booking:".length));
    }
  } while (cursor !== "0");
  return ids.sort();
}

/**
 * The official-result keys behind an attempt's documents: the original and
 * one per re-issued revision (appeals).
 */
export async function officialResultKeys(
  redis: Redis,
  attemptId: string,
): Promise<string[]> {
  const revisions = await redis.llen(appealKeys.revisions(attemptId));
  return [
    certKeys.official(attemptId),
    ...Array.from({ length: revisions }, (_, index) =>
      certKeys.official(`${attemptId}-r${index + 1}`),
    ),
  ];
}

/** Document numbers of an attempt: the first one and every re-issue. */
export async function documentNumbers(
  redis: Redis,
  attemptId: string,
): Promise<string[]> {
  const revisions = await redis.llen(appealKeys.revisions(attemptId));
  const ids = [
    attemptId,
    ...Array.from({ length: revisions }, (_, i) => `${attemptId}-r${i + 1}`),
  ];
  const allocations = await redis.mget(ids.map(certKeys.attempt));
  return allocations
    .filter((json): json is string => json !== null)
    .map((json) => (JSON.parse(json) as { number: string }).number);
}

/** Anonymizes one booking and its attempt (retention-anonymize.lua). */
export async function anonymizeBooking(
  redis: Redis,
  booking: {
    id: string;
    iin: string;
    slotId: string;
    attemptId: string | null;
  },
  input: {
    maskedIin: string;
    placeholderName: string;
    actor: string;
    before: string;
    officialKeys: readonly string[];
  },
): Promise<
  LuaReply<
    { at: number; attempt: boolean; accommodation: boolean },
    "not_found" | "already_anonymized"
  >
> {
  const audit = auditKeys(`slot:${booking.slotId}`);
  return parseLuaReply(
    await script("retention-anonymize").run(
      redis,
      [
        bookingKeys.booking(booking.id),
        bookingKeys.slotIins(booking.slotId),
        bookingKeys.iinBookings(booking.iin),
        `attempt:${booking.attemptId ?? "none"}`,
        accommodationKeys.accommodation(booking.iin),
        audit.stream,
        audit.head,
        ...input.officialKeys,
      ],
      [input.maskedIin, input.placeholderName, input.actor, input.before],
    ),
  );
}

/** Marks a document whose file the purge deleted. */
export async function markDocumentPurged(
  redis: Redis,
  number: string,
  at: number,
): Promise<void> {
  await redis.hset(certKeys.document(number), "purgedAt", at);
}

/** True when the attempt has an appeal under way. */
export async function hasOpenAppeal(
  redis: Redis,
  attemptId: string,
): Promise<boolean> {
  return (await redis.exists(appealKeys.openOfAttempt(attemptId))) === 1;
}

/**
 * Rewrites a slot's stored analytics with `anonymize` (which says whether
 * it changed anything). Optimistic: should the analytics job store a new
 * reading meanwhile, the rewrite starts over on it. The run guard moves to
 * `now`, so a job that read the names before the purge cannot store them
 * back (analytics-save.lua keeps the reading of the later run).
 */
export async function rewriteSlotAnalytics(
  redis: Redis,
  slotId: string,
  now: number,
  anonymize: (analytics: SlotAnalytics) => boolean,
  options: { dryRun: boolean },
): Promise<boolean> {
  const key = analyticsKeys.slot(slotId);
  const guard = analyticsKeys.slotComputedAt(slotId);
  for (;;) {
    await redis.watch(key, guard);
    const [json, storedAt] = await Promise.all([
      redis.get(key),
      redis.get(guard),
    ]);
    const analytics = json ? (JSON.parse(json) as SlotAnalytics) : null;
    const changed = analytics !== null && anonymize(analytics);
    if (!analytics || !changed || options.dryRun) {
      await redis.unwatch();
      return changed;
    }
    const written = await redis
      .multi()
      .set(key, JSON.stringify(analytics))
      .set(guard, String(Math.max(now, Number(storedAt ?? 0))))
      .exec();
    if (written) return true;
  }
}
