import type { AppContext } from "../../context";
import { refusalError } from "../../errors";
import type { AnyJob } from "../../queues/jobs";
import { getSeat } from "../centers";
import { findKiosk, kioskOfSeat } from "../kiosks";
import { publishLive } from "../live";
import { countOpenEpisodes } from "./episodes";
import { attemptTiming, seatView } from "./presenters";
import {
  attemptIdOfSeat,
  attemptRequest,
  findAttempt,
  runAttemptCommand,
  type Attempt,
  type AttemptCommand,
  type AttemptSnapshot,
} from "./repository";

/**
 * Everything that must follow a state change: the kiosk on the seat and the
 * consoles watching the slot learn of it, and the timers follow the new
 * deadline. Best effort: the change itself is already durable.
 */
export async function afterChange(
  ctx: AppContext,
  attemptId: string,
  options: { reason?: string; fromSeatId?: string } = {},
): Promise<Attempt | null> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt) return null;
  const now = ctx.clock.now();
  await publishLive(ctx.redis, {
    target: "kiosk",
    seatId: attempt.seatId,
    event: "attempt.updated",
    payload: {
      ...attemptTiming(attempt, now),
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  if (options.fromSeatId && options.fromSeatId !== attempt.seatId) {
    await publishLive(ctx.redis, {
      target: "kiosk",
      seatId: options.fromSeatId,
      event: "attempt.updated",
      payload: { ...attemptTiming(attempt, now), detached: true },
    });
    await publishSeat(ctx, attempt.slotId, options.fromSeatId);
  }
  await publishSeat(ctx, attempt.slotId, attempt.seatId, attempt);
  await scheduleFollowUps(ctx, attempt);
  return attempt;
}

/**
 * The timer or the scoring the attempt's state calls for, and its delay;
 * null when its next step is up to people (paused, scored, …). The
 * reconciler asks the same question to find what was lost.
 */
export function followUpOf(
  attempt: Pick<Attempt, "id" | "state" | "instructionsEndsAt" | "deadlineAt">,
  now: number,
  graceMs: number,
): {
  job: Extract<AnyJob, { name: "attempt.timer" | "attempt.score" }>;
  delay: number;
} | null {
  if (attempt.state === "instructions" && attempt.instructionsEndsAt !== null) {
    return {
      job: {
        name: "attempt.timer",
        payload: { attemptId: attempt.id, at: attempt.instructionsEndsAt },
      },
      delay: Math.max(0, attempt.instructionsEndsAt - now),
    };
  }
  if (attempt.state === "in_progress" && attempt.deadlineAt !== null) {
    return {
      job: {
        name: "attempt.timer",
        payload: { attemptId: attempt.id, at: attempt.deadlineAt },
      },
      delay: Math.max(0, attempt.deadlineAt - now),
    };
  }
  if (attempt.state === "submitted" || attempt.state === "expired") {
    // An expired attempt still takes answers that were in flight at the
    // deadline (the grace), so it is scored only after the grace.
    const after =
      attempt.state === "expired" && attempt.deadlineAt !== null
        ? attempt.deadlineAt + graceMs + 250
        : now;
    return {
      job: { name: "attempt.score", payload: { attemptId: attempt.id } },
      delay: Math.max(0, after - now),
    };
  }
  return null;
}

/** Queues the timer or the scoring the attempt's state calls for. */
export async function scheduleFollowUps(
  ctx: AppContext,
  attempt: Attempt,
): Promise<void> {
  const followUp = followUpOf(
    attempt,
    ctx.clock.now(),
    ctx.env.ANSWER_GRACE_MS,
  );
  if (!followUp) return;
  const { job, delay } = followUp;
  if (job.name === "attempt.timer")
    await ctx.queues.add(job.name, job.payload, { delay });
  // A scoring job kept as finished ran before this end (an attempt reopened
  // after an outage, over again): a plain add of its id would do nothing.
  else await ctx.queues.requeue(job, { delay });
}

/**
 * Sends one seat's tile to every console watching the slot. It follows
 * every answer, so the independent reads go out together: two round trips
 * (one write each with auto-pipelining) instead of six in a row.
 */
export async function publishSeat(
  ctx: AppContext,
  slotId: string,
  seatId: string,
  known?: Attempt | null,
): Promise<void> {
  const [seat, attemptId, kioskId] = await Promise.all([
    getSeat(ctx.redis, seatId),
    known === undefined
      ? attemptIdOfSeat(ctx.redis, seatId)
      : (known?.id ?? null),
    kioskOfSeat(ctx.redis, seatId),
  ]);
  if (!seat) return;
  const [found, kiosk, incidents] = await Promise.all([
    known ?? (attemptId ? findAttempt(ctx.redis, attemptId) : null),
    kioskId ? findKiosk(ctx.redis, kioskId) : null,
    attemptId
      ? countOpenEpisodes(ctx, [attemptId]).then(
          (counts) => counts.get(attemptId) ?? 0,
        )
      : 0,
  ]);
  const attempt = found && found.slotId === slotId ? found : null;
  await publishLive(ctx.redis, {
    target: "console",
    slotId,
    event: "seat.updated",
    payload: seatView(
      { slotId, seat, kiosk, attempt, incidents: attempt ? incidents : 0 },
      ctx.clock.now(),
    ),
  });
}

/**
 * Runs a command, turns a refusal into its API error, then follows up. With
 * the client's request id it takes effect once; a repeat gets the first
 * reply and follows up again (from the attempt as it is now), since a first
 * run whose reply was lost may not have.
 */
export async function commandAttempt(
  ctx: AppContext,
  attemptId: string,
  command: AttemptCommand,
  actor: string,
  args: Record<string, unknown> = {},
  reason?: string,
  requestId?: string,
): Promise<{ attempt: AttemptSnapshot; result: Record<string, unknown> }> {
  const request = attemptRequest(requestId, attemptId, command, actor, args);
  const result = await runAttemptCommand(
    ctx.redis,
    attemptId,
    command,
    actor,
    args,
    request,
  );
  if ("error" in result) {
    const { error, ...details } = result;
    throw refusalError(
      String(error),
      Object.keys(details).length > 0 ? details : undefined,
    );
  }
  if (!result.noop) {
    await afterChange(ctx, attemptId, {
      ...(reason ? { reason } : {}),
      ...(typeof result.fromSeatId === "string"
        ? { fromSeatId: result.fromSeatId }
        : {}),
    });
  }
  return { attempt: result.attempt, result };
}
