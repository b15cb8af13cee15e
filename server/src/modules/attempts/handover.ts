import type { Redis } from "ioredis";
import type { Handover, HandoverMethod } from "@shared/attempts";
import type { AppContext } from "../../context";
import { conflict, notFound } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { requestSlotAnalytics } from "../../queues/requests";
import { parseLuaReply } from "../../redis/reply";
import {
  commandRequest,
  parseRequestReply,
  requestArgs,
  type CommandRequest,
} from "../../redis/request";
import { script } from "../../redis/scripts";
import { auditKeys, centerAuditScope } from "../audit";
import {
  archivedDocKeys,
  certKeys,
  findDocument,
  isArchivedDocument,
} from "../certificates";
import { centerOfSlot, UNKNOWN_CENTER } from "../slots";
import {
  attemptKeys,
  findAttempt,
  recordHandover,
  type HandoverRecorded,
} from "./repository";
import { publishSeat } from "./service";

// The last step of a candidate's visit: the document reaches them, printed
// at the desk or sent electronically. The regulation gives the
// administrator 20 minutes from the end (§7(5)); the compliance report
// measures it from the event recorded here (analytics/stats.ts).

/** What a refusal of attempt-handover.lua tells the person at the desk. */
function handoverRefusal(id: string, details: Record<string, unknown>): Error {
  switch (id) {
    case "attempt_not_found":
      return notFound("attempt_not_found", "There is no such attempt.");
    case "document_replaced":
      return conflict(
        "document_replaced",
        "A new document was issued for this candidate meanwhile (after an appeal). Reload the results and hand over the new one.",
        details,
      );
    case "document_not_found":
      return notFound(
        "document_not_found",
        "There is no document with this number.",
      );
    case "slot_archiving":
      return conflict(
        "slot_archiving",
        "The slot is being archived; try again in a minute.",
      );
    case "document_revoked":
      return conflict(
        "document_revoked",
        "This document is revoked: it cannot be handed over.",
        details,
      );
    default:
      return conflict(
        "document_not_issued",
        "The signed document is not issued yet: wait until the results screen shows its number, then hand it over.",
        details,
      );
  }
}

/**
 * Records that the attempt's current document reached the candidate, with
 * the staff member and the time (Redis time), audited as
 * `document.handed_over`. Once per document: a second hand-over of the
 * same number answers the first record; with the client's request id a
 * repeat gets the first reply.
 */
export async function handOverDocument(
  ctx: AppContext,
  actor: StaffPrincipal,
  attemptId: string,
  method: HandoverMethod,
  requestId?: string,
): Promise<Handover> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  const by = `staff:${actor.accountId}:${actor.role}`;
  const number = attempt.certificateNumber ?? "";
  // Handed over while the slot was archived: that record answers (once
  // per document), carried into the restored attempt.
  if (number && (await carryArchivedHandover(ctx.redis, attemptId, number))) {
    const carried = await findAttempt(ctx.redis, attemptId);
    if (carried?.handover) return carried.handover;
  }
  const reply = await recordHandover(
    ctx.redis,
    {
      attemptId,
      slotId: attempt.slotId,
      number,
      documentKey: certKeys.document(number),
      method,
      actor: by,
      staff: { id: actor.accountId, fullName: actor.fullName },
    },
    commandRequest(requestId, by, `attempt.handover:${attemptId}`, {
      method,
    }),
  );
  if ("error" in reply) throw handoverRefusal(reply.error, reply.details);
  if (reply.ok.recorded) {
    // The record is durable already; should these fail, the client's
    // repeat (the stored reply says `recorded`) does them again.
    await publishSeat(ctx, attempt.slotId, attempt.seatId);
    await requestSlotAnalytics(ctx, attempt.slotId);
  }
  return reply.ok.handover;
}

/*
 * A document the candidate never came for does not keep its slot in Redis:
 * ARCHIVE_HANDOVER_DAYS after issue the slot is archived with the hand-over
 * absent (modules/archive/eligibility.ts). When the candidate comes later,
 * the desk records the hand-over on the archived document by its number
 * (the attempt's keys are in the archive file; the desk finds the number
 * by the IIN):
 *   archived:handover:<number>   hash: number method at by(JSON) slotId
 *                                attemptId
 * audited `document.handed_over` in the center's stream (the slot's own
 * stream is in the archive file and must not grow a second chain). It
 * outlives the slot's restores and new versions (the document stubs are
 * rewritten then, this key is not); a restored attempt takes it over on
 * its next hand-over request (carryArchivedHandover), so it stays once.
 */
export const archivedHandoverKey = (number: string) =>
  `archived:handover:${number}`;

/** The hand-over recorded on an archived document, or null. */
export async function findArchivedHandover(
  redis: Redis,
  number: string,
): Promise<Handover | null> {
  const hash = await redis.hgetall(archivedHandoverKey(number));
  if (hash.number !== number || !hash.by) return null;
  return {
    number,
    method: hash.method === "electronic" ? "electronic" : "printed",
    at: Number(hash.at ?? 0),
    by: JSON.parse(hash.by) as Handover["by"],
  };
}

/**
 * Copies a hand-over recorded while the slot was archived into the
 * restored attempt (attempt-handover-carry.lua); whether it did.
 */
export async function carryArchivedHandover(
  redis: Redis,
  attemptId: string,
  number: string,
): Promise<boolean> {
  const reply = parseLuaReply<{ carried: boolean }>(
    await script("attempt-handover-carry").run(
      redis,
      [attemptKeys.attempt(attemptId), archivedHandoverKey(number)],
      [number],
    ),
  );
  return "ok" in reply && reply.ok.carried;
}

/**
 * After a restore: every attempt of the slot takes over the hand-over its
 * document got while archived. Returns how many did.
 */
export async function reconcileHandoverStubs(
  redis: Redis,
  attemptIds: readonly string[],
): Promise<number> {
  let carried = 0;
  for (const attemptId of attemptIds) {
    const number = await redis.hget(
      attemptKeys.attempt(attemptId),
      "certificateNumber",
    );
    if (number && (await carryArchivedHandover(redis, attemptId, number))) {
      carried += 1;
    }
  }
  return carried;
}

async function recordArchivedHandover(
  redis: Redis,
  input: {
    number: string;
    attemptId: string;
    centerId: string;
    method: HandoverMethod;
    actor: string;
    staff: { id: string; fullName: string };
  },
  request?: CommandRequest,
) {
  const audit = auditKeys(centerAuditScope(input.centerId));
  return parseRequestReply<HandoverRecorded>(
    await script("attempt-handover-archived").run(
      redis,
      [
        archivedHandoverKey(input.number),
        archivedDocKeys.document(input.number),
        audit.stream,
        audit.head,
      ],
      [
        input.number,
        input.method,
        input.actor,
        input.staff.id,
        input.staff.fullName,
        input.attemptId,
        ...requestArgs(request),
      ],
    ),
  );
}

/**
 * Records that an archived slot's document reached the candidate, by its
 * number: scope checked against the document's center (the stub keeps
 * it), once per document, refused when revoked or replaced. A document
 * whose slot is live (or restored) is handed over through its attempt
 * (handOverDocument) as always.
 */
export async function handOverArchivedDocument(
  ctx: AppContext,
  actor: StaffPrincipal,
  number: string,
  method: HandoverMethod,
  requestId?: string,
): Promise<Handover> {
  const document = await findDocument(ctx.redis, number);
  if (!document) {
    throw notFound(
      "document_not_found",
      "There is no document with this number.",
    );
  }
  if (!isArchivedDocument(document)) {
    assertInScope(actor, await centerOfSlot(ctx, document.slotId));
    const attemptId = await ctx.redis.hget(certKeys.numberOwners, number);
    if (!attemptId) {
      throw notFound("attempt_not_found", "There is no such attempt.");
    }
    return handOverDocument(ctx, actor, attemptId, method, requestId);
  }
  const centerId = document.archived.centerId || UNKNOWN_CENTER;
  assertInScope(actor, centerId);
  const by = `staff:${actor.accountId}:${actor.role}`;
  const reply = await recordArchivedHandover(
    ctx.redis,
    {
      number,
      attemptId: (await ctx.redis.hget(certKeys.numberOwners, number)) ?? "",
      centerId,
      method,
      actor: by,
      staff: { id: actor.accountId, fullName: actor.fullName },
    },
    commandRequest(requestId, by, `document.handover:${number}`, { method }),
  );
  if ("error" in reply) throw handoverRefusal(reply.error, reply.details);
  return reply.ok.handover;
}
