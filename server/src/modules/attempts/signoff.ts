import type { AppContext } from "../../context";
import { forbidden } from "../../errors";
import { checkpointAuditStreams } from "../audit/checkpoint";
import type { StaffPrincipal } from "../../http/route";
import { attemptIdsOfSlot, findAttempts } from "./repository";
import { publishOfficial } from "./official";
import { commandAttempt } from "./service";

/**
 * Results become official when an administrator and an operator have both
 * confirmed them; both names are recorded. Then the document is queued.
 */
export async function signOffAttempt(ctx: AppContext, actor: StaffPrincipal, attemptId: string) {
  if (actor.role !== "administrator" && actor.role !== "operator") {
    throw forbidden("Only an administrator and an operator sign off results.");
  }
  const { result } = await commandAttempt(ctx, attemptId, "signoff", `staff:${actor.accountId}:${actor.role}`, {
    role: actor.role,
    accountId: actor.accountId,
    fullName: actor.fullName,
  });
  const official = result.official === true;
  if (official) await publishOfficial(ctx, attemptId);
  return { attemptId, official };
}

/** Signs every scored, not yet signed attempt of a slot in one go. */
export async function signOffSlot(ctx: AppContext, actor: StaffPrincipal, slotId: string) {
  const attempts = await findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId));
  const field = actor.role === "administrator" ? "signedAdministrator" : "signedOperator";
  const signed: string[] = [];
  const refused: { attemptId: string; error: string }[] = [];
  for (const attempt of attempts) {
    if (attempt.state !== "scored" || attempt[field] !== null) continue;
    try {
      await signOffAttempt(ctx, actor, attempt.id);
      signed.push(attempt.id);
    } catch (error) {
      refused.push({ attemptId: attempt.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  await checkpointSlotAudit(ctx, slotId);
  return { signed: signed.length, refused };
}

/** Signs the slot's audit head at sign-off; a failure is logged, not the staff's problem. */
async function checkpointSlotAudit(ctx: AppContext, slotId: string) {
  await checkpointAuditStreams(ctx, { scopes: [`slot:${slotId}`] }).catch((error: unknown) =>
    ctx.logger.error({ err: error, slotId }, "audit checkpoint at sign-off failed"),
  );
}

