import type {
  AttemptDetail,
  Incident,
  IncidentGrant,
  ResultRow,
} from "@shared/attempts";
import { GRANT_STATES } from "@shared/incidents";
import type { AppContext } from "../../context";
import { conflict, notFound, storageError } from "../../errors";
import { storedReply } from "../../redis/request";
import { readAudit } from "../audit";
import { centerOfSlot } from "../slots";
import { followOnOf } from "./chain";
import { extendAttempt, recordIncident, type ExtendInput } from "./commands";
import { attemptEpisodes } from "./episodes";
import { acknowledgeOne } from "./incidents";
import { attemptTiming } from "./presenters";
import {
  attemptIdsOfSlot,
  attemptRequest,
  claimIncidentGrant,
  findAttempt,
  findAttempts,
  findIncident,
  listIncidents,
  listSlotIncidents,
  releaseIncidentGrant,
  saveIncident,
  type Attempt,
} from "./repository";

// What supervisors read and do beside the attempt's own commands: an
// attempt's detail, incidents (logged, acknowledged, downtime given back)
// and a slot's results.

const maskedIin = (iin: string) => `${iin.slice(0, 6)}******`;

async function requireAttempt(
  ctx: AppContext,
  attemptId: string,
): Promise<Attempt> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  return attempt;
}

async function requireIncident(
  ctx: AppContext,
  incidentId: string,
): Promise<Incident> {
  const incident = await findIncident(ctx.redis, incidentId);
  if (!incident)
    throw notFound("incident_not_found", "There is no such incident.");
  return incident;
}

/** The center of an attempt (its slot's), or null: what scope checks. */
export async function centerOfAttempt(
  ctx: AppContext,
  attemptId: string,
): Promise<string | null> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  return attempt ? centerOfSlot(ctx, attempt.slotId) : null;
}

/** The center of an incident (its slot's), or null. */
export async function centerOfIncident(
  ctx: AppContext,
  incidentId: string,
): Promise<string | null> {
  const incident = await findIncident(ctx.redis, incidentId);
  return incident ? centerOfSlot(ctx, incident.slotId) : null;
}

/** An attempt's timing now, or 404 `attempt_not_found`. */
export async function timingOf(ctx: AppContext, attemptId: string) {
  return attemptTiming(await requireAttempt(ctx, attemptId), ctx.clock.now());
}

/** An attempt with its timing, incidents and audit timeline (no answers). */
export async function attemptDetail(
  ctx: AppContext,
  attemptId: string,
): Promise<AttemptDetail> {
  const attempt = await requireAttempt(ctx, attemptId);
  const [incidents, timeline, followOn] = await Promise.all([
    listIncidents(ctx.redis, attempt.id),
    readAudit(
      ctx.redis,
      `slot:${attempt.slotId}`,
      (entry) =>
        entry.subject === `attempt:${attempt.id}` &&
        entry.action !== "answer.saved",
    ),
    followOnOf(ctx, attempt),
  ]);
  const { iin: _iin, ...rest } = attempt;
  return {
    ...rest,
    followOn,
    maskedIin: maskedIin(attempt.iin),
    timing: attemptTiming(attempt, ctx.clock.now()),
    incidents,
    episodes: attemptEpisodes(ctx, attempt, incidents),
    timeline,
  };
}

/** An incident staff observed on an attempt. */
export async function recordStaffIncident(
  ctx: AppContext,
  attemptId: string,
  input: { type: Incident["type"]; detail: string; by: string },
): Promise<Incident> {
  const attempt = await requireAttempt(ctx, attemptId);
  return recordIncident(ctx, attempt, { ...input, source: "staff" });
}

/** A slot's incident queue, oldest first. */
export function slotIncidents(
  ctx: AppContext,
  slotId: string,
): Promise<Incident[]> {
  return listSlotIncidents(ctx.redis, slotId);
}

/**
 * Acknowledges an incident (the first acknowledgement stays), with a
 * comment; audited (`incident.acknowledged`, incidents.ts).
 */
export function acknowledgeIncident(
  ctx: AppContext,
  incidentId: string,
  staff: { actor: string; name: string },
  comment: string | undefined,
): Promise<Incident> {
  return acknowledgeOne(ctx, incidentId, { ...staff, comment });
}

/**
 * Gives an incident's measured downtime back to the candidate, once: the
 * grant is claimed, the attempt extended, the incident marked. Two
 * operators pressing "grant" at once give the time back once.
 */
export async function grantIncidentDowntime(
  ctx: AppContext,
  incidentId: string,
  input: {
    reason: string;
    by: string;
    byName: string;
    requestId: string | undefined;
  },
): Promise<IncidentGrant> {
  const incident = await requireIncident(ctx, incidentId);
  const extension: ExtendInput = {
    ms: incident.durationMs ?? 0,
    reason: input.reason,
    kind: "downtime",
    incidentId: incident.id,
  };
  const request = attemptRequest(
    input.requestId,
    incident.attemptId,
    "extend",
    input.by,
    extension,
  );
  // A repeat of a grant whose time was given (its reply lost on the way)
  // skips the checks the first run changed, and finishes it.
  if (!(await storedReply(ctx.redis, request))) {
    if (incident.grantedMs !== undefined)
      throw conflict(
        "already_granted",
        "This downtime was already given back.",
      );
    // The console no longer offers it then; the server still says no.
    const attempt = await requireAttempt(ctx, incident.attemptId);
    if (!GRANT_STATES.includes(attempt.state))
      throw conflict(
        "grant_closed",
        `The test is over (${attempt.state}): time can no longer be given back.`,
      );
    if (!incident.durationMs)
      throw conflict(
        "nothing_measured",
        "This incident has no measured duration to give back.",
      );
    // The claim is the request's, so its repeat may go on.
    if (!(await claimIncidentGrant(ctx.redis, incident.id, request?.key))) {
      throw conflict(
        "already_granted",
        "This downtime was already given back.",
      );
    }
  }
  try {
    await extendAttempt(
      ctx,
      incident.attemptId,
      input.by,
      extension,
      input.requestId,
    );
  } catch (error) {
    // Redis gone mid-way: the time may have been given. With a request
    // id its repeat finds out, so the claim stays its own; without one
    // (or on a refusal, which changed nothing) it is let go.
    if (!request || !storageError(error))
      await releaseIncidentGrant(ctx.redis, incident.id);
    throw error;
  }
  // Read again: an acknowledgement or an automatic close may have come meanwhile.
  const granted = (await findIncident(ctx.redis, incident.id)) ?? incident;
  granted.grantedMs = extension.ms;
  if (granted.acknowledgedAt === undefined) {
    granted.acknowledgedBy = input.byName;
    granted.acknowledgedAt = ctx.clock.now();
  }
  await saveIncident(ctx.redis, granted);
  return {
    incident: granted,
    timing: await timingOf(ctx, incident.attemptId),
  };
}

/** A slot's results: scores, sign-offs and documents, by admission. */
export async function slotResults(
  ctx: AppContext,
  slotId: string,
): Promise<ResultRow[]> {
  const attempts = await findAttempts(
    ctx.redis,
    await attemptIdsOfSlot(ctx.redis, slotId),
  );
  // Column headers in the reader's language: the program's section titles.
  const sectionTitles = (programId: string) =>
    Object.fromEntries(
      (
        ctx.catalog.programs.find((program) => program.id === programId)
          ?.sections ?? []
      ).map((section) => [section.id, section.titles]),
    );
  return attempts
    .sort((a, b) => a.admittedAt - b.admittedAt)
    .map((attempt) => ({
      attemptId: attempt.id,
      bookingId: attempt.bookingId,
      fullName: attempt.fullName,
      maskedIin: maskedIin(attempt.iin),
      seatId: attempt.seatId,
      state: attempt.state,
      result: attempt.result,
      profile: attempt.profile,
      signedAdministrator: attempt.signedAdministrator,
      signedOperator: attempt.signedOperator,
      officialAt: attempt.officialAt,
      certificateNumber: attempt.certificateNumber,
      voidReason: attempt.voidReason,
      handover: attempt.handover,
      sectionTitles: sectionTitles(attempt.programId),
    }));
}
