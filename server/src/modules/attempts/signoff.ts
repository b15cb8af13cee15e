import type { Incident, SignOffCheck } from "@shared/attempts";
import { incidentIsOpen } from "@shared/incidents";
import type { AppContext } from "../../context";
import { conflict, forbidden, storageError } from "../../errors";
import { checkpointAuditStreams } from "../audit";
import { listSlotBookings } from "../booking";
import type { StaffPrincipal } from "../../http/route";
import {
  commandRequest,
  partRequestId,
  storedReply,
  storeReply,
} from "../../redis/request";
import {
  attemptIdsOfSlot,
  attemptRequest,
  findAttempt,
  findAttempts,
  listSlotIncidents,
  type Attempt,
} from "./repository";
import { publishOfficial } from "./official";
import { commandAttempt } from "./service";

/**
 * An incident still waiting for a person: not acknowledged, and not closed
 * on its own (a short disconnect the kiosk recovered from is closed
 * automatically and stays in the audit). The incident queue's own rule,
 * so the sign-off counts what the queue shows open.
 */
export const isUnreviewed = (incident: Incident): boolean =>
  incidentIsOpen(incident);

/** The test is over for these; any other attempt state is still under way. */
const FINISHED = new Set<Attempt["state"]>([
  "submitted",
  "expired",
  "scored",
  "issued",
  "voided",
]);

/** Where an unfinished attempt stands, in the words of the sign-off dialog. */
function unfinishedStatus(
  state: Attempt["state"],
): SignOffCheck["unfinished"][number]["status"] {
  if (state === "in_progress") return "in_progress";
  if (state === "paused") return "paused";
  return "admitted";
}

const roleField = (actor: StaffPrincipal) =>
  actor.role === "administrator" ? "signedAdministrator" : "signedOperator";

/**
 * What a sign-off of the slot would sign over: its unreviewed incidents,
 * its booked candidates who have not finished (not tested yet, admitted,
 * testing, paused), and how many finished attempts the caller's role has
 * not signed yet. No-shows and cancelled bookings are settled.
 */
export async function signOffCheck(
  ctx: AppContext,
  actor: StaffPrincipal,
  slotId: string,
): Promise<SignOffCheck> {
  const [incidents, bookings, attempts] = await Promise.all([
    listSlotIncidents(ctx.redis, slotId),
    listSlotBookings(ctx.redis, slotId),
    attemptIdsOfSlot(ctx.redis, slotId).then((ids) =>
      findAttempts(ctx.redis, ids),
    ),
  ]);
  const byBooking = new Map(
    attempts.map((attempt) => [attempt.bookingId, attempt]),
  );
  const unfinished: SignOffCheck["unfinished"] = [];
  for (const booking of bookings) {
    const attempt = byBooking.get(booking.id);
    if (attempt) {
      if (!FINISHED.has(attempt.state))
        unfinished.push({
          bookingId: booking.id,
          fullName: booking.fullName,
          status: unfinishedStatus(attempt.state),
        });
    } else if (booking.status === "booked") {
      unfinished.push({
        bookingId: booking.id,
        fullName: booking.fullName,
        status: "booked",
      });
    }
  }
  const field = roleField(actor);
  const unreviewed = incidents.filter(isUnreviewed);
  const incidentsByAttempt: Record<string, number> = {};
  for (const incident of unreviewed)
    incidentsByAttempt[incident.attemptId] =
      (incidentsByAttempt[incident.attemptId] ?? 0) + 1;
  return {
    unreviewedIncidents: unreviewed.length,
    incidentsByAttempt,
    unfinished,
    toSign: attempts.filter(
      (attempt) => attempt.state === "scored" && attempt[field] === null,
    ).length,
  };
}

/**
 * Refuses to sign over unresolved items without a reason: 409
 * signoff_unresolved with the counts, so the console can list them.
 */
function requireReason(
  unreviewedIncidents: number,
  unfinished: number,
  overrideReason: string | undefined,
) {
  if (overrideReason || (unreviewedIncidents === 0 && unfinished === 0)) return;
  throw conflict(
    "signoff_unresolved",
    `${unreviewedIncidents} incident(s) not reviewed and ${unfinished} ` +
      "candidate(s) not finished. Review them first, or sign with a reason.",
    { unreviewedIncidents, unfinished },
  );
}

const signer = (actor: StaffPrincipal, overrideReason?: string) => ({
  actor: `staff:${actor.accountId}:${actor.role}`,
  args: {
    role: actor.role,
    accountId: actor.accountId,
    fullName: actor.fullName,
    // Only when given: a plain sign-off's request stays as it was.
    ...(overrideReason ? { overrideReason } : {}),
  },
});

/**
 * Results become official when an administrator and an operator have both
 * confirmed them; both names are recorded. Then the document is queued.
 * An incident of the attempt nobody reviewed needs `overrideReason`, which
 * the sign-off's audit entry keeps. With the client's request id, once: a
 * repeat gets the first answer.
 */
export async function signOffAttempt(
  ctx: AppContext,
  actor: StaffPrincipal,
  attemptId: string,
  requestId?: string,
  overrideReason?: string,
  /** The slot's sign-off checked the whole slot already. */
  checked = false,
) {
  if (actor.role !== "administrator" && actor.role !== "operator") {
    throw forbidden("Only an administrator and an operator sign off results.");
  }
  const { actor: by, args } = signer(actor, overrideReason);
  // A repeat of a sign-off that went through is answered, not checked again.
  const replay =
    checked ||
    (await storedReply(
      ctx.redis,
      attemptRequest(requestId, attemptId, "signoff", by, args),
    ));
  if (!replay) {
    const attempt = await findAttempt(ctx.redis, attemptId);
    if (attempt) {
      const incidents = await listSlotIncidents(ctx.redis, attempt.slotId);
      requireReason(
        incidents.filter(
          (incident) =>
            incident.attemptId === attemptId && isUnreviewed(incident),
        ).length,
        0,
        overrideReason,
      );
    }
  }
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
 * Signs every finished (scored), not yet signed attempt of a slot in one
 * go; candidates still testing or not come yet are left alone. Unreviewed
 * incidents or unfinished candidates need `overrideReason`, kept in each
 * sign-off's audit entry. With the client's request id each attempt is
 * signed under an id derived from it, so a repeat after a failure half-way
 * signs the rest and counts what the first run signed; a repeat of a
 * finished batch gets its first answer.
 */
export async function signOffSlot(
  ctx: AppContext,
  actor: StaffPrincipal,
  slotId: string,
  requestId?: string,
  overrideReason?: string,
) {
  if (actor.role !== "administrator" && actor.role !== "operator") {
    throw forbidden("Only an administrator and an operator sign off results.");
  }
  const { actor: by, args } = signer(actor, overrideReason);
  const request = commandRequest(
    requestId,
    by,
    `slot.signoff:${slotId}`,
    overrideReason ? { overrideReason } : {},
  );
  const first = await storedReply<{
    signed: number;
    refused: { attemptId: string; error: string }[];
  }>(ctx.redis, request);
  if (first) return { signed: first.signed, refused: first.refused };
  const check = await signOffCheck(ctx, actor, slotId);
  requireReason(
    check.unreviewedIncidents,
    check.unfinished.length,
    overrideReason,
  );
  const attempts = await findAttempts(
    ctx.redis,
    await attemptIdsOfSlot(ctx.redis, slotId),
  );
  const field = roleField(actor);
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
      await signOffAttempt(
        ctx,
        actor,
        attempt.id,
        partId,
        overrideReason,
        true,
      );
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
