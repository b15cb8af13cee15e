import type { AppContext } from "../../context";
import { notFound, storageError, unprocessable } from "../../errors";
import { validateIin } from "@shared/iin";
import { appendAudit } from "../audit";
import {
  attemptIdsOfSlot,
  findAttempt,
  findAttempts,
  addIncident,
  type Attempt,
} from "./repository";
import { commandAttempt, publishSeat } from "./service";
import { startRule } from "./start-rule";
import { getSlot } from "../slots";
import { randomUUID } from "node:crypto";
import type { IncidentView, VoidCause } from "@shared/attempts";
import { publishLive } from "../live";
import {
  commandRequest,
  partRequestId,
  storedReply,
  storeReply,
} from "../../redis/request";

// The commands of an attempt. Each takes the client's request id last: with
// one it takes effect once and a repeat gets the first reply (service.ts).

/**
 * The start rule's arguments for a confirm or a start (start-rule.ts): the
 * script refuses it before `notBefore` and audits `heldUntil`.
 */
async function startRuleArgs(
  ctx: AppContext,
  attemptId: string,
  by: "candidate" | "staff",
): Promise<{ notBefore?: number; heldUntil?: number }> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  const slot = attempt ? await getSlot(ctx.redis, attempt.slotId) : null;
  // No attempt: the script refuses it (attempt_not_found).
  if (!slot) return {};
  const { notBefore, heldUntil } = startRule(
    ctx.env.EARLY_START,
    slot.startsAt,
    by,
  );
  return {
    ...(notBefore === null ? {} : { notBefore }),
    ...(heldUntil === null ? {} : { heldUntil }),
  };
}

/**
 * The candidate confirmed name, program and language: instructions begin.
 * Before the slot's start only where the start rule lets candidates.
 */
export const confirmIdentity = async (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  requestId?: string,
) =>
  commandAttempt(
    ctx,
    attemptId,
    "confirm",
    actor,
    await startRuleArgs(ctx, attemptId, "candidate"),
    undefined,
    requestId,
  );

/**
 * Starts the test. A candidate may start only after the instructions
 * (when the center lets candidates start); staff may start at any time,
 * before the slot's start only where the start rule lets them (an early
 * start, audited as such).
 */
export const startAttempt = async (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  by: "candidate" | "staff",
  requestId?: string,
) =>
  commandAttempt(
    ctx,
    attemptId,
    "start",
    actor,
    {
      by,
      requireInstructionsOver: false,
      ...(await startRuleArgs(ctx, attemptId, by)),
    },
    "started",
    requestId,
  );

/** The kiosk shows the staff's reason on its pause screen, so it is the update's reason. */
export const pauseAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  reason: string,
  requestId?: string,
) =>
  commandAttempt(ctx, attemptId, "pause", actor, { reason }, reason, requestId);

export const resumeAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  reason: string,
  requestId?: string,
) =>
  commandAttempt(
    ctx,
    attemptId,
    "resume",
    actor,
    { reason },
    "resumed",
    requestId,
  );

/** Extra time, ad hoc or as measured downtime given back. */
export type ExtendInput = {
  ms: number;
  reason: string;
  kind: "extra_time" | "downtime";
  incidentId?: string;
};

export const extendAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  input: ExtendInput,
  requestId?: string,
) =>
  commandAttempt(ctx, attemptId, "extend", actor, input, "extended", requestId);

export const submitAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  reason: "candidate" | "forced",
  requestId?: string,
) =>
  commandAttempt(
    ctx,
    attemptId,
    "submit",
    actor,
    { reason },
    "submitted",
    requestId,
  );

export const voidAttempt = (
  ctx: AppContext,
  attemptId: string,
  actor: string,
  input: { reason: string; cause: VoidCause },
  requestId?: string,
) =>
  commandAttempt(
    ctx,
    attemptId,
    "void",
    actor,
    { reason: input.reason, cause: input.cause },
    "voided",
    requestId,
  );

async function attemptWithIin(
  ctx: AppContext,
  attemptId: string,
  iin: string,
): Promise<Attempt> {
  const checked = validateIin(iin);
  if (!checked.valid)
    throw unprocessable("invalid_iin", checked.message, {
      reason: checked.reason,
    });
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  if (attempt.iin !== checked.iin) {
    throw unprocessable(
      "iin_mismatch",
      "This ID document's IIN is not the IIN of this candidate. Nobody else may continue this test.",
    );
  }
  return attempt;
}

/** Moves a candidate to another kiosk, keeping answers and time; the ID is checked again. */
export async function reseatAttempt(
  ctx: AppContext,
  attemptId: string,
  actor: string,
  input: { seatId: string; iin: string; reason: string },
  requestId?: string,
) {
  await attemptWithIin(ctx, attemptId, input.iin);
  return commandAttempt(
    ctx,
    attemptId,
    "reseat",
    actor,
    { seatId: input.seatId, reason: input.reason },
    "reseated",
    requestId,
  );
}

/** Re-entry after a break: the ID document is checked again and it is audited. */
export async function recordReentry(
  ctx: AppContext,
  attemptId: string,
  actor: string,
  input: { iin: string; reason: string },
  requestId?: string,
) {
  await attemptWithIin(ctx, attemptId, input.iin);
  return commandAttempt(
    ctx,
    attemptId,
    "reentry",
    actor,
    { reason: input.reason },
    undefined,
    requestId,
  );
}

/**
 * Applies a command to every attempt of a slot (a room) that it fits. With
 * the client's request id, each attempt's command carries an id derived
 * from it (once per attempt, so a repeat after a crash half-way finishes the
 * rest) and a repeat of the whole gets the first counts.
 */
export async function commandRoom(
  ctx: AppContext,
  slotId: string,
  states: readonly string[],
  run: (attempt: Attempt, requestId: string | undefined) => Promise<unknown>,
  room?: {
    requestId: string | undefined;
    actor: string;
    command: string;
    args: Record<string, unknown>;
  },
) {
  const request = commandRequest(
    room?.requestId,
    room?.actor ?? "",
    `room.${room?.command ?? ""}:${slotId}`,
    room?.args ?? {},
  );
  const first = await storedReply<{ applied: number; refused: number }>(
    ctx.redis,
    request,
  );
  if (first) return { applied: first.applied, refused: first.refused };
  const attempts = (
    await findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId))
  ).filter((attempt) => states.includes(attempt.state));
  const outcomes = await Promise.allSettled(
    attempts.map((attempt) =>
      run(attempt, partRequestId(room?.requestId, attempt.id)),
    ),
  );
  // Redis gone half-way: 503, and the client's repeat finishes the rest.
  for (const outcome of outcomes) {
    if (outcome.status === "rejected" && storageError(outcome.reason))
      throw outcome.reason;
  }
  return storeReply(ctx.redis, request, {
    applied: outcomes.filter((outcome) => outcome.status === "fulfilled")
      .length,
    refused: outcomes.filter((outcome) => outcome.status === "rejected").length,
  });
}

/** Records an incident on the attempt, audits it and shows it on the consoles. */
export async function recordIncident(
  ctx: AppContext,
  attempt: Attempt,
  input: {
    type: string;
    source: IncidentView["source"];
    durationMs?: number | null;
    detail?: string;
    by: string;
  },
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
    data: {
      incidentId: incident.id,
      type: incident.type,
      source: incident.source,
      durationMs: incident.durationMs,
      detail: incident.detail,
    },
  });
  await publishLive(ctx.redis, {
    target: "console",
    slotId: attempt.slotId,
    event: "incident.created",
    payload: incident,
  });
  await publishSeat(ctx, attempt.slotId, attempt.seatId, attempt);
  return incident;
}
