import type { Redis } from "ioredis";
import type { AttemptScore } from "@shared/banks";
import type {
  AppealDecision,
  AppealGround,
  AppealStatus,
} from "@shared/appeals";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import {
  parseRequestReply,
  requestArgs,
  type CommandRequest,
} from "../../redis/request";
import { script } from "../../redis/scripts";
import { auditKeys } from "../audit";
import { bookingKeys } from "../booking";
import { slotKeys } from "../slots";
import { voidedItemsKey, voidedItemsOf } from "../banks";

/**
 * Appeals and what their decisions change. Every change is one Lua script
 * that also appends to the attempt's slot audit stream.
 *
 * Keys:
 *   appeal:<id>                  hash: id attemptId bookingId programId
 *                                slotId grounds itemId text status filedAt
 *                                closesAt [reviewStartedAt reviewedBy
 *                                decision reason decidedAt decidedBy
 *                                decidedByActor retestBookingId
 *                                affectedAttempts rescoredAt]
 *   appeal:attempt:<attemptId>   the attempt's open appeal (one at a time)
 *   attempt:<attemptId>:appeals  list of the attempt's appeal ids
 *   attempt:<attemptId>:revisions list of JSON: result revisions after
 *                                re-scoring (revision at appealId score
 *                                previousCertificateNumber
 *                                [certificateNumber issuedAt])
 *   appeals:all                  zset: appeal id by filedAt
 *   appeals:item:<itemId>        set: appeals naming the item
 *   appeals:stats                hash: filed upheld rejected itemsVoided
 *   appeals:voided:<programId>   hash: voided itemId → {appealId, at, by};
 *                                the only record scoring, re-scoring and
 *                                analytics read (banks/voided.ts)
 *   program:<programId>:attempts set: the program's attempt ids, what
 *                                re-scoring walks; admit.lua adds each
 *                                attempt (the retention purge anonymizes
 *                                attempts, it never deletes one)
 *   program-attempts:indexed     epoch ms the index was built from the
 *                                attempts stored before it existed
 */
export const appealKeys = {
  appeal: (id: string) => `appeal:${id}`,
  openOfAttempt: (attemptId: string) => `appeal:attempt:${attemptId}`,
  ofAttempt: (attemptId: string) => `attempt:${attemptId}:appeals`,
  revisions: (attemptId: string) => `attempt:${attemptId}:revisions`,
  all: "appeals:all",
  ofItem: (itemId: string) => `appeals:item:${itemId}`,
  stats: "appeals:stats",
  voided: voidedItemsKey,
  programAttempts: (programId: string) => `program:${programId}:attempts`,
  programAttemptsIndexed: "program-attempts:indexed",
};

export interface AppealRecord {
  id: string;
  attemptId: string;
  bookingId: string;
  programId: string;
  slotId: string;
  grounds: AppealGround;
  itemId: string | null;
  text: string;
  status: AppealStatus;
  filedAt: number;
  closesAt: number;
  reviewStartedAt: number | null;
  reviewedBy: string | null;
  decision: AppealDecision | null;
  reason: string | null;
  decidedAt: number | null;
  decidedBy: string | null;
  retestBookingId: string | null;
  affectedAttempts: number | null;
}

export interface ResultRevisionRecord {
  revision: number;
  at: number;
  appealId: string;
  score: AttemptScore;
  previousCertificateNumber: string;
  certificateNumber?: string;
  issuedAt?: number;
}

const text = (value: string | undefined) =>
  value === undefined || value === "" ? null : value;
const numberOrNull = (value: string | undefined) =>
  value === undefined || value === "" ? null : Number(value);

export function toAppeal(hash: Record<string, string>): AppealRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    attemptId: hash.attemptId ?? "",
    bookingId: hash.bookingId ?? "",
    programId: hash.programId ?? "",
    slotId: hash.slotId ?? "",
    grounds: (hash.grounds ?? "question_wrong") as AppealGround,
    itemId: text(hash.itemId),
    text: hash.text ?? "",
    status: (hash.status ?? "filed") as AppealStatus,
    filedAt: Number(hash.filedAt ?? 0),
    closesAt: Number(hash.closesAt ?? 0),
    reviewStartedAt: numberOrNull(hash.reviewStartedAt),
    reviewedBy: text(hash.reviewedBy),
    decision: text(hash.decision) as AppealDecision | null,
    reason: text(hash.reason),
    decidedAt: numberOrNull(hash.decidedAt),
    decidedBy: text(hash.decidedBy),
    retestBookingId: text(hash.retestBookingId),
    affectedAttempts: numberOrNull(hash.affectedAttempts),
  };
}

const slotAudit = (slotId: string) => auditKeys(`slot:${slotId}`);

/** An appeal, or null. */
export async function getAppeal(
  redis: Redis,
  id: string,
): Promise<AppealRecord | null> {
  return toAppeal(await redis.hgetall(appealKeys.appeal(id)));
}

/** Several appeals by id, in order; unknown ids are left out. */
export async function getAppeals(
  redis: Redis,
  ids: readonly string[],
): Promise<AppealRecord[]> {
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(appealKeys.appeal(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies
    .map(([error, hash]) => {
      if (error) throw error;
      return toAppeal(hash as Record<string, string>);
    })
    .filter((appeal): appeal is AppealRecord => appeal !== null);
}

/** Appeals newest first; only those naming `itemId` when given. */
export async function listAppeals(
  redis: Redis,
  filter: { itemId?: string } = {},
): Promise<AppealRecord[]> {
  const ids = filter.itemId
    ? await redis.smembers(appealKeys.ofItem(filter.itemId))
    : await redis.zrevrange(appealKeys.all, 0, -1);
  const appeals = await getAppeals(redis, ids);
  return appeals.sort((a, b) => b.filedAt - a.filedAt);
}

/** The attempt's appeals, oldest first. */
export async function appealsOfAttempt(
  redis: Redis,
  attemptId: string,
): Promise<AppealRecord[]> {
  return getAppeals(
    redis,
    await redis.lrange(appealKeys.ofAttempt(attemptId), 0, -1),
  );
}

/** Counters for the console. */
export async function appealCounters(redis: Redis): Promise<{
  filed: number;
  upheld: number;
  rejected: number;
  itemsVoided: number;
}> {
  const hash = await redis.hgetall(appealKeys.stats);
  return {
    filed: Number(hash.filed ?? 0),
    upheld: Number(hash.upheld ?? 0),
    rejected: Number(hash.rejected ?? 0),
    itemsVoided: Number(hash.itemsVoided ?? 0),
  };
}

/**
 * The items voided by upheld appeals for a program: they leave every
 * attempt's score (see banks/scoring.ts). Analytics reads this too.
 */
export async function voidedItems(
  redis: Redis,
  programId: string,
): Promise<Set<string>> {
  return voidedItemsOf(redis, programId);
}

/** The attempt's result revisions, oldest first. */
export async function resultRevisions(
  redis: Redis,
  attemptId: string,
): Promise<ResultRevisionRecord[]> {
  const entries = await redis.lrange(appealKeys.revisions(attemptId), 0, -1);
  return entries.map(parseRevision);
}

/** One entry of `attempt:<id>:revisions`. */
export function parseRevision(json: string): ResultRevisionRecord {
  const entry = JSON.parse(json) as ResultRevisionRecord;
  return {
    ...entry,
    previousCertificateNumber: entry.previousCertificateNumber || "",
  };
}

export type FileRefusal = "not_official" | "window_closed" | "duplicate";

/** Files an appeal (appeal-file.lua). */
export async function insertAppeal(
  redis: Redis,
  appeal: {
    id: string;
    attemptId: string;
    bookingId: string;
    programId: string;
    slotId: string;
    grounds: AppealGround;
    itemId: string | null;
    text: string;
  },
  closesAt: number,
  actor: string,
): Promise<LuaReply<{ filedAt: number }, FileRefusal>> {
  const audit = slotAudit(appeal.slotId);
  return parseLuaReply(
    await script("appeal-file").run(
      redis,
      [
        appealKeys.appeal(appeal.id),
        appealKeys.openOfAttempt(appeal.attemptId),
        appealKeys.ofAttempt(appeal.attemptId),
        appealKeys.all,
        appealKeys.ofItem(appeal.itemId ?? "none"),
        appealKeys.stats,
        `attempt:${appeal.attemptId}`,
        audit.stream,
        audit.head,
      ],
      [
        JSON.stringify({ ...appeal, itemId: appeal.itemId ?? "" }),
        closesAt,
        actor,
      ],
    ),
  );
}

/** filed → under_review (appeal-review.lua). */
export async function markUnderReview(
  redis: Redis,
  appeal: Pick<AppealRecord, "id" | "slotId">,
  actor: string,
  reviewerName: string,
): Promise<LuaReply<{ at: number }, "not_found" | "not_filed">> {
  const audit = slotAudit(appeal.slotId);
  return parseLuaReply(
    await script("appeal-review").run(
      redis,
      [appealKeys.appeal(appeal.id), audit.stream, audit.head],
      [actor, reviewerName],
    ),
  );
}

export type DecideRefusal =
  | "not_found"
  | "already_decided"
  | "slot_not_found"
  | "program_mismatch"
  | "slot_closed"
  | "slot_full"
  | "already_on_slot"
  | "booking_id_taken";

/** A retest booking, made by the decision itself. */
export interface RetestBooking {
  id: string;
  slotId: string;
  iin: string;
  fullName: string;
  programId: string;
  language: string;
  codeHash: string;
  consentVersion: string;
  collectedBy: string;
  collectedByName: string;
  phone: string;
  /** The candidate's choice of messages, as on the appealed booking. */
  email: string;
  notifyBy: string;
  messageLanguage: string;
  retestOf: string;
}

/**
 * Decides an appeal with its effect, in one step (appeal-decide.lua); with
 * a request, once.
 */
export async function recordDecision(
  redis: Redis,
  appeal: Pick<
    AppealRecord,
    "id" | "attemptId" | "slotId" | "programId" | "bookingId"
  >,
  input: {
    decision: AppealDecision;
    reason: string;
    actor: string;
    actorName: string;
    effect: "none" | "void_item" | "retest";
    retest?: RetestBooking;
  },
  request?: CommandRequest,
): Promise<
  LuaReply<{ decidedAt: number; retestBookingId?: string }, DecideRefusal>
> {
  const audit = slotAudit(appeal.slotId);
  const retest = input.retest;
  const retestSlot = retest?.slotId ?? appeal.slotId;
  const retestAudit = slotAudit(retestSlot);
  return parseRequestReply(
    await script("appeal-decide").run(
      redis,
      [
        appealKeys.appeal(appeal.id),
        appealKeys.openOfAttempt(appeal.attemptId),
        appealKeys.stats,
        audit.stream,
        audit.head,
        appealKeys.voided(appeal.programId),
        slotKeys.slot(retestSlot),
        bookingKeys.slotBookings(retestSlot),
        bookingKeys.slotIins(retestSlot),
        bookingKeys.iinBookings(retest?.iin ?? "none"),
        bookingKeys.booking(retest?.id ?? "none"),
        bookingKeys.booking(appeal.bookingId),
        retestAudit.stream,
        retestAudit.head,
      ],
      [
        input.decision,
        input.reason,
        input.actor,
        input.actorName,
        input.effect,
        // A retest is booked by staff; `retestOf` tells it from a desk booking.
        retest ? JSON.stringify({ ...retest, source: "staff" }) : "",
        ...requestArgs(request),
      ],
    ),
  );
}

/** Records the appeal's re-scoring reach (how many attempts it changed). */
export async function recordAffected(
  redis: Redis,
  appealId: string,
  affected: number,
  at: number,
): Promise<void> {
  await redis.hset(appealKeys.appeal(appealId), {
    affectedAttempts: affected,
    rescoredAt: at,
  });
}

/** Writes an attempt's new score (appeal-rescore.lua). */
export async function writeRescore(
  redis: Redis,
  attempt: { id: string; bookingId: string; slotId: string },
  input: { score: AttemptScore; appealId: string; actor: string },
): Promise<
  LuaReply<
    { unchanged?: boolean; revision?: number; official?: boolean },
    "not_scored"
  >
> {
  const audit = slotAudit(attempt.slotId);
  return parseLuaReply(
    await script("appeal-rescore").run(
      redis,
      [
        `attempt:${attempt.id}`,
        bookingKeys.booking(attempt.bookingId),
        appealKeys.revisions(attempt.id),
        audit.stream,
        audit.head,
      ],
      [
        JSON.stringify(input.score),
        input.score.passed ? "1" : "0",
        input.score.correct,
        input.score.total,
        input.appealId,
        input.actor,
      ],
    ),
  );
}

/** Records a revision's new document number (appeal-reissued.lua). */
export async function recordReissue(
  redis: Redis,
  attempt: { id: string; bookingId: string; slotId: string },
  input: {
    revision: number;
    number: string;
    replaces: string;
    actor: string;
  },
): Promise<LuaReply<{ at?: number; unchanged?: boolean }, string>> {
  const audit = slotAudit(attempt.slotId);
  return parseLuaReply(
    await script("appeal-reissued").run(
      redis,
      [
        `attempt:${attempt.id}`,
        bookingKeys.booking(attempt.bookingId),
        appealKeys.revisions(attempt.id),
        audit.stream,
        audit.head,
      ],
      [input.revision, input.number, input.replaces, input.actor],
    ),
  );
}

/**
 * Ids of every attempt of a program, from its index (admit.lua adds each
 * attempt as it creates it; nothing deletes attempts, and an id whose
 * attempt is gone is dropped by `forgetAttempts`). The index is built
 * first if this installation has never had it.
 */
export async function attemptIdsOfProgram(
  redis: Redis,
  programId: string,
): Promise<string[]> {
  await ensureProgramAttemptsIndex(redis);
  return redis.smembers(appealKeys.programAttempts(programId));
}

/**
 * Those of `attemptIds` whose form may hold `itemId`: the attempt's
 * items hash (written with the form by admit.lua) has it, or has nothing
 * to say (no such hash). One pipelined HEXISTS and EXISTS per attempt;
 * the caller still checks the form itself.
 */
export async function attemptsMayHoldItem(
  redis: Redis,
  attemptIds: readonly string[],
  itemId: string,
): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of attemptIds) {
    pipeline.hexists(`attempt:${id}:items`, itemId);
    pipeline.exists(`attempt:${id}:items`);
  }
  const replies = (await pipeline.exec()) ?? [];
  return attemptIds.filter((_, index) => {
    const [holdsError, holds] = replies[index * 2] ?? [];
    const [existsError, exists] = replies[index * 2 + 1] ?? [];
    if (holdsError) throw holdsError;
    if (existsError) throw existsError;
    return holds === 1 || exists === 0;
  });
}

/** Drops ids whose attempt no longer exists from the program's index. */
export async function forgetAttempts(
  redis: Redis,
  programId: string,
  attemptIds: readonly string[],
): Promise<void> {
  if (attemptIds.length === 0) return;
  await redis.srem(appealKeys.programAttempts(programId), ...attemptIds);
}

/**
 * Builds the attempts-per-program index from the attempts already stored,
 * once per installation (data from before the index): a SCAN of the
 * attempt hashes, each SADDed to its program's set, then the marker. Safe
 * to repeat or to run twice at once (SADD is idempotent) and to crash
 * half-way (no marker: the next use builds it again); attempts admitted
 * meanwhile are added by admit.lua itself. Returns the attempts indexed,
 * or 0 when the marker says it is done.
 */
export async function ensureProgramAttemptsIndex(
  redis: Redis,
): Promise<number> {
  if (await redis.exists(appealKeys.programAttemptsIndexed)) return 0;
  let indexed = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      "attempt:*",
      "COUNT",
      1000,
      "TYPE",
      "hash",
    );
    cursor = next;
    const attempts = keys.filter((key) => key.split(":").length === 2);
    if (attempts.length === 0) continue;
    const reads = redis.pipeline();
    for (const key of attempts) reads.hget(key, "programId");
    const programs = (await reads.exec()) ?? [];
    const writes = redis.pipeline();
    attempts.forEach((key, index) => {
      const [error, programId] = programs[index] ?? [];
      if (error) throw error;
      if (typeof programId !== "string" || programId === "") return;
      writes.sadd(appealKeys.programAttempts(programId), key.slice(8));
      indexed += 1;
    });
    for (const [error] of (await writes.exec()) ?? []) if (error) throw error;
  } while (cursor !== "0");
  const [seconds] = await redis.time();
  await redis.set(appealKeys.programAttemptsIndexed, Number(seconds) * 1000);
  return indexed;
}
