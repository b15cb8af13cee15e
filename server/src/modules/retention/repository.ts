import type { Redis } from "ioredis";
import { getArchivePointer, getArchivedSlotScope } from "../../archive/store";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { analyticsKeys, type SlotAnalytics } from "../analytics";
import { appealKeys } from "../appeals";
import { auditKeys, centerAuditScope } from "../audit";
import { accommodationKeys } from "../accommodations";
import { bookingKeys } from "../booking";
import { certKeys } from "../certificates";
import { complaintKeys } from "../complaints";
import { messageKeys } from "../notifications";
import { refusalKeys } from "../refusals";

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
    "not_found" | "already_anonymized" | "complaint_open"
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
        complaintKeys.ofBooking(booking.id),
        complaintKeys.open,
        messageKeys.bookingMessages(booking.id),
        ...input.officialKeys,
      ],
      [
        input.maskedIin,
        input.placeholderName,
        input.actor,
        input.before,
        messageKeys.message(""),
      ],
    ),
  );
}

/** True when one of the booking's complaints is still open. */
export async function hasOpenComplaint(
  redis: Redis,
  bookingId: string,
): Promise<boolean> {
  const ids = await redis.lrange(complaintKeys.ofBooking(bookingId), 0, -1);
  if (ids.length === 0) return false;
  const scores = await redis.zmscore(complaintKeys.open, ...ids);
  return scores.some((score) => score !== null);
}

/** What the purge reads of a complaint to decide whether it is old enough. */
export interface ComplaintFacts {
  id: string;
  state: "open" | "decided";
  bookingId: string | null;
  slotId: string | null;
  centerId: string;
  refusalNumber: string | null;
  filedAt: number;
  decidedAt: number | null;
  anonymizedAt: number | null;
  /** The stream it was filed in when that was not its slot's (archived). */
  auditScope: `center:${string}` | null;
}

const orNull = (value: string | null | undefined) =>
  value === null || value === undefined || value === "" ? null : value;

async function complaintFacts(
  redis: Redis,
  ids: readonly string[],
): Promise<ComplaintFacts[]> {
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) {
    pipeline.hmget(
      complaintKeys.complaint(id),
      "id",
      "state",
      "bookingId",
      "slotId",
      "centerId",
      "refusalNumber",
      "filedAt",
      "decidedAt",
      "anonymizedAt",
      "auditScope",
    );
  }
  const replies = (await pipeline.exec()) ?? [];
  return replies.flatMap(([error, fields]) => {
    if (error) throw error;
    const [id, state, bookingId, slotId, centerId, refusal, filedAt, ...rest] =
      fields as (string | null)[];
    const [decidedAt, anonymizedAt, auditScope] = rest;
    if (!id) return [];
    return [
      {
        id,
        state: state === "decided" ? "decided" : "open",
        bookingId: orNull(bookingId),
        slotId: orNull(slotId),
        centerId: centerId ?? "",
        refusalNumber: orNull(refusal),
        filedAt: Number(filedAt ?? 0),
        decidedAt: orNull(decidedAt) === null ? null : Number(decidedAt),
        anonymizedAt:
          orNull(anonymizedAt) === null ? null : Number(anonymizedAt),
        auditScope: auditScope?.startsWith("center:")
          ? (auditScope as `center:${string}`)
          : null,
      } satisfies ComplaintFacts,
    ];
  });
}

/** Every open complaint (few: each is decided within days). */
export async function openComplaints(redis: Redis): Promise<ComplaintFacts[]> {
  return complaintFacts(redis, await redis.zrange(complaintKeys.open, 0, -1));
}

/**
 * Complaints decided before `cutoff` (epoch ms): no complaint decided
 * later can be old enough, whatever its slot.
 */
export async function complaintsDecidedBefore(
  redis: Redis,
  cutoff: number,
): Promise<ComplaintFacts[]> {
  return complaintFacts(
    redis,
    await redis.zrangebyscore(complaintKeys.decided, "-inf", `(${cutoff}`),
  );
}

/**
 * Where an entry about a slot goes: its own stream, or, once the slot is
 * archived (its stream is in the file, and one started in Redis would be
 * a second chain a restore overwrites), its center's stream (the center
 * from the archive pointer; the network's if the pointer does not say).
 */
async function slotAuditScope(
  redis: Redis,
  slotId: string,
  centerId?: string,
): Promise<`slot:${string}` | `center:${string}` | "network"> {
  const state = (await getArchivePointer(redis, slotId))?.state;
  if (state !== "archived" && state !== "deleting") return `slot:${slotId}`;
  const center =
    (await getArchivedSlotScope(redis, slotId))?.centerId || centerId;
  return center ? centerAuditScope(center) : "network";
}

/** Anonymizes one decided complaint (retention-anonymize-complaint.lua). */
export async function anonymizeComplaint(
  redis: Redis,
  complaint: Pick<ComplaintFacts, "id" | "slotId" | "centerId" | "auditScope">,
  input: { placeholderName: string; actor: string; before: string },
): Promise<
  LuaReply<
    { at: number; messages: number },
    "not_found" | "already_anonymized" | "open"
  >
> {
  // The stream the complaint was filed in (its slot's, else its center's),
  // or its center's once the slot's stream is in an archive file.
  const audit = auditKeys(
    complaint.auditScope ??
      (complaint.slotId
        ? await slotAuditScope(redis, complaint.slotId, complaint.centerId)
        : centerAuditScope(complaint.centerId)),
  );
  return parseLuaReply(
    await script("retention-anonymize-complaint").run(
      redis,
      [
        complaintKeys.complaint(complaint.id),
        // A complaint without a booking has its messages under its own id.
        messageKeys.bookingMessages(complaint.id),
        audit.stream,
        audit.head,
      ],
      [
        input.placeholderName,
        input.actor,
        input.before,
        messageKeys.message(""),
      ],
    ),
  );
}

/** What the purge reads of a refusal. */
export interface RefusalFacts {
  id: string;
  number: string;
  slotId: string;
  issuedAt: number;
  anonymizedAt: number | null;
}

/**
 * Refusals issued before `cutoff` (epoch ms): one issued later cannot be
 * old enough.
 */
export async function refusalsIssuedBefore(
  redis: Redis,
  cutoff: number,
): Promise<RefusalFacts[]> {
  const ids = await redis.zrangebyscore(refusalKeys.all, "-inf", `(${cutoff}`);
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) {
    pipeline.hmget(
      refusalKeys.refusal(id),
      "id",
      "number",
      "slotId",
      "issuedAt",
      "anonymizedAt",
    );
  }
  const replies = (await pipeline.exec()) ?? [];
  return replies.flatMap(([error, fields]) => {
    if (error) throw error;
    const [id, number, slotId, issuedAt, anonymizedAt] = fields as (
      string | null
    )[];
    if (!id) return [];
    return [
      {
        id,
        number: number ?? "",
        slotId: slotId ?? "",
        issuedAt: Number(issuedAt ?? 0),
        anonymizedAt:
          orNull(anonymizedAt) === null ? null : Number(anonymizedAt),
      },
    ];
  });
}

/** Anonymizes one refusal (retention-anonymize-refusal.lua). */
export async function anonymizeRefusal(
  redis: Redis,
  refusal: Pick<RefusalFacts, "id" | "slotId">,
  input: { placeholderName: string; actor: string; before: string },
): Promise<LuaReply<{ at: number }, "not_found" | "already_anonymized">> {
  const audit = auditKeys(await slotAuditScope(redis, refusal.slotId));
  return parseLuaReply(
    await script("retention-anonymize-refusal").run(
      redis,
      [refusalKeys.refusal(refusal.id), audit.stream, audit.head],
      [input.placeholderName, input.actor, input.before],
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
