import type { AppContext } from "../../context";
import { notFound, unprocessable } from "../../errors";
import { validateIin } from "@shared/iin";
import { appendAudit } from "../audit/repository";
import { attemptIdsOfSlot, findAttempt, findAttempts, addIncident, type Attempt } from "./repository";
import { commandAttempt, publishSeat } from "./service";
import { randomUUID } from "node:crypto";
import type { IncidentView } from "@shared/attempts";
import { publishLive } from "../live/publish";

/** The candidate confirmed name, program and language: instructions begin. */
export const confirmIdentity = (ctx: AppContext, attemptId: string, actor: string) =>
  commandAttempt(ctx, attemptId, "confirm", actor);

/**
 * Starts the test. A candidate may start only after the instructions
 * (when the center lets candidates start); staff may start at any time.
 */
export const startAttempt = (ctx: AppContext, attemptId: string, actor: string, by: "candidate" | "staff") =>
  commandAttempt(ctx, attemptId, "start", actor, { by, requireInstructionsOver: false }, "started");

/** The kiosk shows the staff's reason on its pause screen, so it is the update's reason. */
export const pauseAttempt = (ctx: AppContext, attemptId: string, actor: string, reason: string) =>
  commandAttempt(ctx, attemptId, "pause", actor, { reason }, reason);

export const resumeAttempt = (ctx: AppContext, attemptId: string, actor: string, reason: string) =>
  commandAttempt(ctx, attemptId, "resume", actor, { reason }, "resumed");

/** Extra time, ad hoc or as measured downtime given back. */
export const extendAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  input: { ms: number; reason: string; kind: "extra_time" | "downtime"; incidentId?: string },
) => commandAttempt(ctx, attemptId, "extend", actor, input, "extended");

export const submitAttempt = (ctx: AppContext, attemptId: string, actor: string, reason: "candidate" | "forced") =>
  commandAttempt(ctx, attemptId, "submit", actor, { reason }, "submitted");

export const voidAttempt = (ctx: AppContext, attemptId: string, actor: string, reason: string) =>
  commandAttempt(ctx, attemptId, "void", actor, { reason }, "voided");

async function attemptWithIin(ctx: AppContext, attemptId: string, iin: string): Promise<Attempt> {
  const checked = validateIin(iin);
  if (!checked.valid) throw unprocessable("invalid_iin", checked.message, { reason: checked.reason });
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt) throw notFound("attempt_not_found", "There is no such attempt.");
  if (attempt.iin !== checked.iin) {
    throw unprocessable("iin_mismatch", "This ID document's IIN is not the IIN of this candidate. Nobody else may continue this test.");
  }
  return attempt;
}

/** Moves a candidate to another kiosk, keeping answers and time; the ID is checked again. */
export async function reseatAttempt(ctx: AppContext, attemptId: string, actor: string, input: { seatId: string; iin: string; reason: string }) {
  await attemptWithIin(ctx, attemptId, input.iin);
  return commandAttempt(ctx, attemptId, "reseat", actor, { seatId: input.seatId, reason: input.reason }, "reseated");
}

/** Re-entry after a break: the ID document is checked again and it is audited. */
export async function recordReentry(ctx: AppContext, attemptId: string, actor: string, input: { iin: string; reason: string }) {
  await attemptWithIin(ctx, attemptId, input.iin);
  return commandAttempt(ctx, attemptId, "reentry", actor, { reason: input.reason });
}

/** Applies a command to every attempt of a slot (a room) that it fits. */
export async function commandRoom(
  ctx: AppContext,
  slotId: string,
  states: readonly string[],
  run: (attempt: Attempt) => Promise<unknown>,
) {
  const attempts = (await findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId))).filter((attempt) =>
    states.includes(attempt.state),
  );
  const outcomes = await Promise.allSettled(attempts.map(run));
  return {
    applied: outcomes.filter((outcome) => outcome.status === "fulfilled").length,
    refused: outcomes.filter((outcome) => outcome.status === "rejected").length,
  };
}

/** Records an incident on the attempt, audits it and shows it on the consoles. */
export async function recordIncident(
  ctx: AppContext,
  attempt: Attempt,
  input: { type: string; source: IncidentView["source"]; durationMs?: number | null; detail?: string; by: string },
): Promise<IncidentView> {
  const incident: IncidentView = {
    id: randomUUID(),
    attemptId: attempt.id,
    slotId: attempt.slotId,
    seatId: attempt.seatId,
    type: input.type,
    source: input.source,
    at: ctx.clock.now(),
    durationMs: input.durationMs ?? null,
    detail: input.detail ?? "",
    by: input.by,
  };
  await addIncident(ctx.redis, incident);
  await appendAudit(ctx.redis, `slot:${attempt.slotId}`, {
    actor: input.by,
    action: "incident.recorded",
    subject: `attempt:${attempt.id}`,
    data: { incidentId: incident.id, type: incident.type, source: incident.source, durationMs: incident.durationMs, detail: incident.detail },
  });
  await publishLive(ctx.redis, { target: "console", slotId: attempt.slotId, event: "incident.created", payload: incident });
  await publishSeat(ctx, attempt.slotId, attempt.seatId, attempt);
  return incident;
}
