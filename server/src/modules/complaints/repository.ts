import type { Redis } from "ioredis";
import type {
  ComplaintCategory,
  ComplaintOutcome,
  ComplaintSource,
  ComplaintState,
} from "@shared/complaints";
import type { UiLanguage } from "@shared/enums";
import { NOTIFY_CHANNELS, type NotifyChannel } from "@shared/notifications";
import { parseRequestReply, requestArgs } from "../../redis/request";
import type { CommandRequest } from "../../redis/request";
import type { LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { auditKeys, centerAuditScope } from "../audit";

/**
 * Complaints (besides appeals): each change is one Lua script that also
 * appends to the audit stream of the slot the complaint concerns, or, for
 * one without a booking, of its center. One filed about an archived slot
 * records its center's stream as its own (`auditScope`): the slot's
 * stream lives in the archive file, and a second chain must not grow.
 *
 * Keys:
 *   complaint:<id>              hash: id number category text source
 *                               bookingId slotId centerId fullName iin
 *                               phone email notifyBy messageLanguage
 *                               refusalNumber filedBy filedByName state
 *                               filedAt deadlineAt [outcome reason
 *                               decidedAt decidedBy decidedByActor]
 *                               [auditScope: `center:<id>` when filed
 *                               about an archived slot's booking]
 *   complaints:numbers          hash: year → the last number given that year
 *   complaints:open             zset: open complaint ids by deadlineAt
 *   complaints:decided          zset: decided complaint ids by decidedAt
 *   complaints:center:<centerId> zset: the center's complaint ids by filedAt
 *   booking:<bookingId>:complaints list: the booking's complaint ids
 */
export const complaintKeys = {
  complaint: (id: string) => `complaint:${id}`,
  numbers: "complaints:numbers",
  open: "complaints:open",
  decided: "complaints:decided",
  ofCenter: (centerId: string) => `complaints:center:${centerId}`,
  ofBooking: (bookingId: string) => `booking:${bookingId}:complaints`,
};

export interface ComplaintRecord {
  id: string;
  number: string;
  category: ComplaintCategory;
  text: string;
  source: ComplaintSource;
  bookingId: string | null;
  slotId: string | null;
  centerId: string;
  fullName: string;
  iin: string;
  phone: string | null;
  email: string | null;
  notifyBy: NotifyChannel;
  messageLanguage: UiLanguage;
  refusalNumber: string | null;
  /** The actor who wrote it down (`public` from the status page). */
  filedBy: string;
  filedByName: string | null;
  state: ComplaintState;
  filedAt: number;
  deadlineAt: number;
  outcome: ComplaintOutcome | null;
  reason: string | null;
  decidedAt: number | null;
  decidedBy: string | null;
  /**
   * The audit stream the complaint's entries go to when it is not its
   * slot's: a complaint about an archived slot's booking (its center's).
   */
  auditScope: `center:${string}` | null;
}

/** What filing writes; the script adds number, state and instants. */
export type NewComplaint = Omit<
  ComplaintRecord,
  | "number"
  | "state"
  | "filedAt"
  | "deadlineAt"
  | "outcome"
  | "reason"
  | "decidedAt"
  | "decidedBy"
  | "auditScope"
> & { auditScope?: `center:${string}` | null };

const text = (value: string | undefined) =>
  value === undefined || value === "" ? null : value;
const numberOrNull = (value: string | undefined) =>
  value === undefined || value === "" ? null : Number(value);

function toComplaint(hash: Record<string, string>): ComplaintRecord | null {
  if (!hash.id) return null;
  const language = hash.messageLanguage;
  return {
    id: hash.id,
    number: hash.number ?? "",
    category: (hash.category ?? "technical") as ComplaintCategory,
    text: hash.text ?? "",
    source: hash.source === "desk" ? "desk" : "status_page",
    bookingId: text(hash.bookingId),
    slotId: text(hash.slotId),
    centerId: hash.centerId ?? "",
    fullName: hash.fullName ?? "",
    iin: hash.iin ?? "",
    phone: text(hash.phone),
    email: text(hash.email),
    notifyBy:
      NOTIFY_CHANNELS.find((channel) => channel === hash.notifyBy) ?? "none",
    messageLanguage: language === "ru" || language === "en" ? language : "kk",
    refusalNumber: text(hash.refusalNumber),
    filedBy: hash.filedBy ?? "",
    filedByName: text(hash.filedByName),
    state: hash.state === "decided" ? "decided" : "open",
    filedAt: Number(hash.filedAt ?? 0),
    deadlineAt: Number(hash.deadlineAt ?? 0),
    outcome: text(hash.outcome) as ComplaintOutcome | null,
    reason: text(hash.reason),
    decidedAt: numberOrNull(hash.decidedAt),
    decidedBy: text(hash.decidedBy),
    auditScope: hash.auditScope?.startsWith("center:")
      ? (hash.auditScope as `center:${string}`)
      : null,
  };
}

/**
 * The audit stream of a complaint: the one it recorded (an archived
 * slot's: its center's), else its slot's, else its center's.
 */
export const complaintAuditScope = (complaint: {
  slotId: string | null;
  centerId: string;
  auditScope?: `center:${string}` | null;
}) =>
  complaint.auditScope ??
  (complaint.slotId
    ? (`slot:${complaint.slotId}` as const)
    : centerAuditScope(complaint.centerId));

/** A complaint, or null. */
export async function getComplaint(
  redis: Redis,
  id: string,
): Promise<ComplaintRecord | null> {
  return toComplaint(await redis.hgetall(complaintKeys.complaint(id)));
}

/** Several complaints by id, in order; unknown ids are left out. */
export async function getComplaints(
  redis: Redis,
  ids: readonly string[],
): Promise<ComplaintRecord[]> {
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(complaintKeys.complaint(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies
    .map(([error, hash]) => {
      if (error) throw error;
      return toComplaint(hash as Record<string, string>);
    })
    .filter((complaint): complaint is ComplaintRecord => complaint !== null);
}

/** Open complaints, the earliest deadline first. */
export async function listOpenComplaints(
  redis: Redis,
): Promise<ComplaintRecord[]> {
  return getComplaints(redis, await redis.zrange(complaintKeys.open, 0, -1));
}

/** Decided complaints, the latest decision first. */
export async function listDecidedComplaints(
  redis: Redis,
): Promise<ComplaintRecord[]> {
  return getComplaints(
    redis,
    await redis.zrevrange(complaintKeys.decided, 0, -1),
  );
}

/** A booking's complaints, oldest first. */
export async function complaintsOfBooking(
  redis: Redis,
  bookingId: string,
): Promise<ComplaintRecord[]> {
  return getComplaints(
    redis,
    await redis.lrange(complaintKeys.ofBooking(bookingId), 0, -1),
  );
}

/** A center's complaints filed in [from, to], oldest first. */
export async function centerComplaints(
  redis: Redis,
  centerId: string,
  from = -Infinity,
  to = Infinity,
): Promise<ComplaintRecord[]> {
  const bound = (value: number, infinite: string) =>
    Number.isFinite(value) ? String(value) : infinite;
  return getComplaints(
    redis,
    await redis.zrangebyscore(
      complaintKeys.ofCenter(centerId),
      bound(from, "-inf"),
      bound(to, "+inf"),
    ),
  );
}

/**
 * The deadline and the registration year for the day filing runs on, and
 * for the day after (complaint-file.lua picks by Redis time).
 */
export interface FilingDays {
  dayEndsAt: number;
  today: { deadlineAt: number; year: number };
  tomorrow: { deadlineAt: number; year: number };
}

export type FileRefusal = "id_taken" | "too_many";

/** Files a complaint (complaint-file.lua); with a request, once. */
export async function insertComplaint(
  redis: Redis,
  complaint: NewComplaint,
  days: FilingDays,
  input: { actor: string; perBookingLimit: number },
  request?: CommandRequest,
): Promise<
  LuaReply<
    { id: string; number: string; filedAt: number; deadlineAt: number },
    FileRefusal
  >
> {
  const audit = auditKeys(complaintAuditScope(complaint));
  return parseRequestReply(
    await script("complaint-file").run(
      redis,
      [
        complaintKeys.complaint(complaint.id),
        complaintKeys.numbers,
        complaintKeys.open,
        complaintKeys.ofCenter(complaint.centerId),
        complaintKeys.ofBooking(complaint.bookingId ?? "none"),
        audit.stream,
        audit.head,
      ],
      [
        JSON.stringify({
          ...complaint,
          bookingId: complaint.bookingId ?? "",
          slotId: complaint.slotId ?? "",
          phone: complaint.phone ?? "",
          email: complaint.email ?? "",
          refusalNumber: complaint.refusalNumber ?? "",
          filedByName: complaint.filedByName ?? "",
          auditScope: complaint.auditScope ?? "",
        }),
        days.dayEndsAt,
        days.today.deadlineAt,
        days.today.year,
        days.tomorrow.deadlineAt,
        days.tomorrow.year,
        input.actor,
        input.perBookingLimit,
        ...requestArgs(request),
      ],
    ),
  );
}

/** Decides a complaint once (complaint-decide.lua); with a request, once. */
export async function recordComplaintDecision(
  redis: Redis,
  complaint: Pick<ComplaintRecord, "id" | "slotId" | "centerId" | "auditScope">,
  input: {
    outcome: ComplaintOutcome;
    reason: string;
    actor: string;
    actorName: string;
  },
  request?: CommandRequest,
): Promise<
  LuaReply<
    { decidedAt: number; late: boolean },
    "not_found" | "already_decided"
  >
> {
  const audit = auditKeys(complaintAuditScope(complaint));
  return parseRequestReply(
    await script("complaint-decide").run(
      redis,
      [
        complaintKeys.complaint(complaint.id),
        complaintKeys.open,
        complaintKeys.decided,
        audit.stream,
        audit.head,
      ],
      [
        input.outcome,
        input.reason,
        input.actor,
        input.actorName,
        ...requestArgs(request),
      ],
    ),
  );
}
