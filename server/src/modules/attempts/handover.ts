import type { Handover, HandoverMethod } from "@shared/attempts";
import type { AppContext } from "../../context";
import { conflict, notFound } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { requestSlotAnalytics } from "../../queues/requests";
import { commandRequest } from "../../redis/request";
import { certKeys } from "../certificates";
import { findAttempt, recordHandover } from "./repository";
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
