import type { Redis } from "ioredis";
import type { RefusalKind, RefusalReason } from "@shared/refusals";
import type { StaffRole } from "@shared/enums";
import { parseRequestReply, requestArgs } from "../../redis/request";
import type { CommandRequest } from "../../redis/request";
import type { LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { auditKeys } from "../audit";

/**
 * Written refusals, one Lua script to record each (refusal-issue.lua),
 * audited in the slot's stream.
 *
 * Keys:
 *   refusal:<id>               hash: id number kind reason slotId centerId
 *                              fullName maskedIin iinValid note issuedAt
 *                              staffAccountId staffName staffRole actor
 *                              slip (JSON: what the slip prints of the
 *                              slot, the place and the rules, frozen at
 *                              issue, so a reprint is the same page)
 *   refusals:counters          hash: year → last serial of that year
 *   refusals:numbers           hash: number → refusal id
 *   refusals:slot:<slotId>     zset: refusal ids by issuedAt
 *   refusals:center:<centerId> zset: refusal ids by issuedAt
 *   refusals:all               zset: refusal ids by issuedAt
 *
 * The full IIN is never stored: the slip prints it masked, and a complaint
 * names the slip's number.
 */
export const refusalKeys = {
  refusal: (id: string) => `refusal:${id}`,
  counters: "refusals:counters",
  numbers: "refusals:numbers",
  ofSlot: (slotId: string) => `refusals:slot:${slotId}`,
  ofCenter: (centerId: string) => `refusals:center:${centerId}`,
  all: "refusals:all",
};

/** What a slip prints besides the person and the reason, frozen at issue. */
export interface RefusalSlipFacts {
  programId: string;
  program: { kk: string; ru: string };
  center: { kk: string; ru: string };
  address: { kk: string; ru: string };
  /** The room's names (a single string on slips issued before 2026-12-07). */
  room: { kk: string; ru: string } | string;
  timezone: string;
  startsAt: number;
  admissionOpensAt: number;
  lateAdmissionCutoffAt: number;
  complaintWorkingDays: number;
}

export interface RefusalRecord {
  id: string;
  number: string;
  kind: RefusalKind;
  reason: RefusalReason;
  slotId: string;
  centerId: string;
  /** As stated; "" when nobody said it. */
  fullName: string;
  maskedIin: string;
  /** Whether what was typed is a valid IIN (the slip says so when not). */
  iinValid: boolean;
  note: string;
  issuedAt: number;
  staff: { accountId: string; fullName: string; role: StaffRole };
  actor: string;
  slip: RefusalSlipFacts;
}

export type NewRefusal = Omit<RefusalRecord, "number" | "issuedAt">;

function toRefusal(hash: Record<string, string>): RefusalRecord | null {
  if (!hash.id || !hash.number || !hash.slip) return null;
  return {
    id: hash.id,
    number: hash.number,
    kind: (hash.kind ?? "admission") as RefusalKind,
    reason: (hash.reason ?? "") as RefusalReason,
    slotId: hash.slotId ?? "",
    centerId: hash.centerId ?? "",
    fullName: hash.fullName ?? "",
    maskedIin: hash.maskedIin ?? "",
    iinValid: hash.iinValid === "1",
    note: hash.note ?? "",
    issuedAt: Number(hash.issuedAt ?? 0),
    staff: {
      accountId: hash.staffAccountId ?? "",
      fullName: hash.staffName ?? "",
      role: (hash.staffRole ?? "administrator") as StaffRole,
    },
    actor: hash.actor ?? "",
    slip: JSON.parse(hash.slip) as RefusalSlipFacts,
  };
}

/**
 * Records a refusal with the next number of the year, its indexes and its
 * `refusal.issued` audit entry, once per request id.
 */
export async function insertRefusal(
  redis: Redis,
  refusal: NewRefusal,
  utcOffsetMinutes: number,
  request?: CommandRequest,
): Promise<
  LuaReply<{ id: string; number: string; issuedAt: number }, "refusal_id_taken">
> {
  const audit = auditKeys(`slot:${refusal.slotId}`);
  // Flat strings only: cjson would print long numbers in exponent form.
  const record: Record<string, string> = {
    kind: refusal.kind,
    reason: refusal.reason,
    slotId: refusal.slotId,
    centerId: refusal.centerId,
    fullName: refusal.fullName,
    maskedIin: refusal.maskedIin,
    iinValid: refusal.iinValid ? "1" : "0",
    note: refusal.note,
    staffAccountId: refusal.staff.accountId,
    staffName: refusal.staff.fullName,
    staffRole: refusal.staff.role,
    actor: refusal.actor,
    slip: JSON.stringify(refusal.slip),
  };
  // The audit names the refusal, never the person's name (audit is forever).
  const auditData = {
    kind: refusal.kind,
    reason: refusal.reason,
    maskedIin: refusal.maskedIin,
    staffName: refusal.staff.fullName,
  };
  return parseRequestReply(
    await script("refusal-issue").run(
      redis,
      [
        refusalKeys.refusal(refusal.id),
        refusalKeys.counters,
        refusalKeys.numbers,
        refusalKeys.ofSlot(refusal.slotId),
        refusalKeys.ofCenter(refusal.centerId),
        refusalKeys.all,
        audit.stream,
        audit.head,
      ],
      [
        refusal.id,
        JSON.stringify(record),
        String(utcOffsetMinutes),
        refusal.actor,
        JSON.stringify(auditData),
        ...requestArgs(request),
      ],
    ),
  );
}

/** A refusal, or null. */
export async function getRefusal(
  redis: Redis,
  id: string,
): Promise<RefusalRecord | null> {
  return toRefusal(await redis.hgetall(refusalKeys.refusal(id)));
}

/** The refusal a slip's number names, or null. */
export async function findRefusalByNumber(
  redis: Redis,
  number: string,
): Promise<RefusalRecord | null> {
  const id = await redis.hget(refusalKeys.numbers, number);
  return id ? getRefusal(redis, id) : null;
}

/** The center a refusal belongs to (staff scope), or null. */
export async function centerOfRefusal(
  redis: Redis,
  id: string,
): Promise<string | null> {
  return (await redis.hget(refusalKeys.refusal(id), "centerId")) || null;
}

async function getRefusals(
  redis: Redis,
  ids: readonly string[],
): Promise<RefusalRecord[]> {
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(refusalKeys.refusal(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies.flatMap(([error, hash]) => {
    if (error) throw error;
    const refusal = toRefusal(hash as Record<string, string>);
    return refusal ? [refusal] : [];
  });
}

/** The slot's refusals, newest first. */
export async function listSlotRefusals(
  redis: Redis,
  slotId: string,
): Promise<RefusalRecord[]> {
  return getRefusals(
    redis,
    await redis.zrevrange(refusalKeys.ofSlot(slotId), 0, -1),
  );
}

/**
 * The newest `limit` refusals of some centers (of all, with null), newest
 * first.
 */
export async function listRecentRefusals(
  redis: Redis,
  centerIds: readonly string[] | null,
  limit: number,
): Promise<RefusalRecord[]> {
  if (centerIds === null) {
    return getRefusals(
      redis,
      await redis.zrevrange(refusalKeys.all, 0, limit - 1),
    );
  }
  const scored: { id: string; at: number }[] = [];
  for (const centerId of centerIds) {
    const flat = await redis.zrevrange(
      refusalKeys.ofCenter(centerId),
      0,
      limit - 1,
      "WITHSCORES",
    );
    for (let index = 0; index + 1 < flat.length; index += 2) {
      scored.push({ id: flat[index]!, at: Number(flat[index + 1]) });
    }
  }
  scored.sort((a, b) => b.at - a.at);
  return getRefusals(
    redis,
    scored.slice(0, limit).map(({ id }) => id),
  );
}
