import type { AppContext } from "../../context";
import { forbidden, storageError } from "../../errors";
import { checkpointAuditStreams } from "../audit";
import type { StaffPrincipal } from "../../http/route";
import {
  commandRequest,
  partRequestId,
  storedReply,
  storeReply,
} from "../../redis/request";
import { attemptIdsOfSlot, attemptRequest, findAttempts } from "./repository";
import { publishOfficial } from "./official";
import { commandAttempt } from "./service";

const signer = (actor: StaffPrincipal) => ({
  actor: `staff:${actor.accountId}:${actor.role}`,
  args: {
    role: actor.role,
    accountId: actor.accountId,
    fullName: actor.fullName,
  },
});

/**
 * Results become official when an administrator and an operator have both
 * confirmed them; both names are recorded. Then the document is queued.
 * With the client's request id, once: a repeat gets the first answer.
 */
export async function signOffAttempt(
  ctx: AppContext,
  actor: StaffPrincipal,
  attemptId: string,
  requestId?: string,
) {
  if (actor.role !== "administrator" && actor.role !== "operator") {
    throw forbidden("Only an administrator and an operator sign off results.");
  }
  const { actor: by, args } = signer(actor);
  const { result } = await commandAttempt(
    ctx,
    attemptId,
    "signoff",
    by,
    args,
    undefined,
    requestId,
  );
  const official = result.official === true;
  if (official) await publishOfficial(ctx, attemptId);
  return { attemptId, official };
}

/**
 * Signs every scored, not yet signed attempt of a slot in one go. With the
 * client's request id each attempt is signed under an id derived from it,
 * so a repeat after a failure half-way signs the rest and counts what the
 * first run signed; a repeat of a finished batch gets its first answer.
 */
export async function signOffSlot(
  ctx: AppContext,
  actor: StaffPrincipal,
  slotId: string,
  requestId?: string,
) {
  const { actor: by, args } = signer(actor);
  const request = commandRequest(requestId, by, `slot.signoff:${slotId}`, {});
  const first = await storedReply<{
    signed: number;
    refused: { attemptId: string; error: string }[];
  }>(ctx.redis, request);
  if (first) return { signed: first.signed, refused: first.refused };
  const attempts = await findAttempts(
    ctx.redis,
    await attemptIdsOfSlot(ctx.redis, slotId),
  );
  const field =
    actor.role === "administrator" ? "signedAdministrator" : "signedOperator";
  const signed: string[] = [];
  const refused: { attemptId: string; error: string }[] = [];
  for (const attempt of attempts) {
    const partId = partRequestId(requestId, attempt.id);
    if (attempt.state !== "scored" && attempt.state !== "issued") continue;
    if (attempt[field] !== null) {
      // Signed already: by this batch's first run, or by someone before it.
      if (
        partId &&
        (await storedReply(
          ctx.redis,
          attemptRequest(partId, attempt.id, "signoff", by, args),
        ))
      )
        signed.push(attempt.id);
      continue;
    }
    if (attempt.state !== "scored") continue;
    try {
      await signOffAttempt(ctx, actor, attempt.id, partId);
      signed.push(attempt.id);
    } catch (error) {
      // Redis gone half-way: 503, and the client's repeat signs the rest.
      if (storageError(error)) throw error;
      refused.push({
        attemptId: attempt.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  await checkpointSlotAudit(ctx, slotId);
  return storeReply(ctx.redis, request, { signed: signed.length, refused });
}

/** Signs the slot's audit head at sign-off; a failure is logged, not the staff's problem. */
async function checkpointSlotAudit(ctx: AppContext, slotId: string) {
  await checkpointAuditStreams(ctx, { scopes: [`slot:${slotId}`] }).catch(
    (error: unknown) =>
      ctx.logger.error(
        { err: error, slotId },
        "audit checkpoint at sign-off failed",
      ),
  );
}
