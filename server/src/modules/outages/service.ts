import { randomUUID } from "node:crypto";
import type { OutageExpired, OutageList, ReopenResult } from "@shared/outages";
import type { StaffScope } from "@shared/accounts";
import type { AppContext } from "../../context";
import { filterInScope } from "../../http/scope";
import {
  attemptIdsOfSlot,
  findAttempts,
  type Attempt,
  afterChange,
} from "../attempts";
import { getSeat } from "../centers";
import { getSlot, listSlotsStartingBetween } from "../slots";
import {
  findOutage,
  listCredits,
  listOutages,
  markCredited,
  outagesStartingBetween,
  releaseCreditLock,
  runOutageCommand,
  takeCreditLock,
  uncreditedOutageIds,
} from "./repository";
import { outageExpiredIn, timeLostTo } from "./rules";

const ACTOR = "system:outage";
const DAY_MS = 24 * 3600_000;
/**
 * The slots an outage may have reached start from this long before it
 * (a long program, admitted early) until a day after it ended.
 */
const SLOTS_BEFORE_MS = 2 * DAY_MS;
const SLOTS_AFTER_MS = DAY_MS;
/**
 * Short: a crediting process that died delays the credit (and every timer
 * waiting for it) by this much at most. A credit running longer lets a
 * second process join in, which is harmless: each credit happens once.
 */
const CREDIT_LOCK_MS = 10_000;

/** OUTAGE_CREDIT_MIN_SECONDS in ms: outages up to this long credit nothing. */
export const minCreditMs = (ctx: AppContext) =>
  ctx.env.OUTAGE_CREDIT_MIN_SECONDS * 1000;

/**
 * Gives an outage's time back to every attempt it took test time from:
 * each running (or later paused) attempt that started before the outage
 * ended and lost more than OUTAGE_CREDIT_MIN_SECONDS gets the lost time on
 * its deadline, once (outage_credit in attempt-command.lua), audited as
 * `attempt.outage_credited`; its kiosk, the consoles and its timer follow.
 * Then the outage is marked credited, and the timers and late answers that
 * waited for it go on. Idempotent; null when another process is at it.
 */
export async function creditOutage(
  ctx: AppContext,
  outageId: string,
): Promise<{ credited: number } | null> {
  const token = randomUUID();
  if (!(await takeCreditLock(ctx.redis, outageId, token, CREDIT_LOCK_MS))) {
    return null;
  }
  try {
    const outage = await findOutage(ctx.redis, outageId);
    if (!outage) return null;
    if (outage.creditedAt !== null) return { credited: outage.credited };
    const slots = await listSlotsStartingBetween(
      ctx.redis,
      outage.startedAt - SLOTS_BEFORE_MS,
      outage.endedAt + SLOTS_AFTER_MS,
    );
    let credited = 0;
    for (const slot of slots) {
      const attempts = await findAttempts(
        ctx.redis,
        await attemptIdsOfSlot(ctx.redis, slot.id),
      );
      for (const attempt of attempts) {
        // The script decides again, atomically; this only spares the calls.
        if (timeLostTo(outage, attempt) <= minCreditMs(ctx)) continue;
        const result = await runOutageCommand(
          ctx.redis,
          attempt.id,
          "outage_credit",
          ACTOR,
          {
            outageId,
            minMs: minCreditMs(ctx),
            centerId: slot.centerId,
          },
        );
        if ("error" in result) {
          ctx.logger.error(
            { attemptId: attempt.id, outageId, error: result.error },
            "outage credit refused",
          );
          continue;
        }
        if (result.noop) continue;
        credited += 1;
        // The credit is durable; a lost push or timer is mended by the
        // kiosk's next resync and the reconciler, and must not hold up the
        // timers waiting for this outage.
        await afterChange(ctx, attempt.id, { reason: "outage_credited" }).catch(
          (error: unknown) =>
            ctx.logger.warn(
              { err: error, attemptId: attempt.id },
              "after an outage credit",
            ),
        );
      }
    }
    await markCredited(ctx.redis, outageId, ctx.clock.now());
    ctx.logger.warn(
      { outageId, durationMs: outage.durationMs, credited },
      "outage credited",
    );
    return { credited };
  } finally {
    await releaseCreditLock(ctx.redis, outageId, token);
  }
}

/**
 * Finishes every outage whose credit is not done: the process that
 * recorded it may have died half-way. Run by every realtime process while
 * its beat sees one, and by every reconciler pass.
 */
export async function creditPendingOutages(ctx: AppContext): Promise<void> {
  for (const id of await uncreditedOutageIds(ctx.redis)) {
    await creditOutage(ctx, id);
  }
}

/** A slot's attempts with the outage each expired in, if any. */
async function expiredByOutage(
  ctx: AppContext,
  slotId: string,
): Promise<{ attempt: Attempt; outage: { id: string; startedAt: number } }[]> {
  const attempts = (
    await findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId))
  ).filter(
    (attempt) =>
      (attempt.state === "expired" || attempt.state === "scored") &&
      attempt.deadlineAt !== null,
  );
  if (attempts.length === 0) return [];
  const deadlines = attempts.map((attempt) => attempt.deadlineAt ?? 0);
  // An outage holding a deadline started before it, by at most its length.
  const outages = await outagesStartingBetween(
    ctx.redis,
    Math.min(...deadlines) - SLOTS_BEFORE_MS,
    Math.max(...deadlines),
  );
  return attempts.flatMap((attempt) => {
    const outage = outageExpiredIn(attempt, outages);
    return outage ? [{ attempt, outage }] : [];
  });
}

/**
 * The attempts of a slot that expired only because of an outage (the
 * timer ended them in its first seconds, before it could tell), for the
 * administrator to reopen. Their results are not official yet.
 */
export async function listExpiredByOutage(
  ctx: AppContext,
  slotId: string,
): Promise<OutageExpired[]> {
  const found = await expiredByOutage(ctx, slotId);
  const seats = new Map(
    await Promise.all(
      [...new Set(found.map(({ attempt }) => attempt.seatId))].map(
        async (seatId) =>
          [
            seatId,
            (await getSeat(ctx.redis, seatId))?.label ?? seatId,
          ] as const,
      ),
    ),
  );
  return found
    .map(({ attempt, outage }) => ({
      attemptId: attempt.id,
      fullName: attempt.fullName,
      seatId: attempt.seatId,
      seatLabel: seats.get(attempt.seatId) ?? attempt.seatId,
      state: attempt.state as "expired" | "scored",
      deadlineAt: attempt.deadlineAt ?? 0,
      outageId: outage.id,
      outageStartedAt: outage.startedAt,
      remainingMs: (attempt.deadlineAt ?? 0) - outage.startedAt,
    }))
    .sort(
      (a, b) =>
        a.seatLabel.localeCompare(b.seatLabel, undefined, { numeric: true }) ||
        a.attemptId.localeCompare(b.attemptId),
    );
}

/**
 * Reopens every attempt of the slot an outage expired: back to the test
 * with the time each had when the outage began, its score and signatures
 * cleared (reopen in attempt-command.lua, audited `attempt.reopened`); the
 * kiosks and consoles learn of it and the new deadlines get their timers.
 * One refusal (a seat taken meanwhile) does not stop the others.
 */
export async function reopenExpiredByOutage(
  ctx: AppContext,
  slotId: string,
  actor: string,
): Promise<ReopenResult> {
  const result: ReopenResult = { reopened: [], refused: [] };
  for (const { attempt } of await expiredByOutage(ctx, slotId)) {
    const reply = await runOutageCommand(
      ctx.redis,
      attempt.id,
      "reopen",
      actor,
      {},
    );
    if ("error" in reply) {
      result.refused.push({
        attemptId: attempt.id,
        error: String(reply.error),
      });
      continue;
    }
    await afterChange(ctx, attempt.id, { reason: "reopened" });
    result.reopened.push({
      attemptId: attempt.id,
      remainingMs: Number(reply.remainingMs),
      deadlineAt: reply.attempt.deadlineAt ?? 0,
    });
  }
  return result;
}

/**
 * The latest outages with what each credited, for the operator. Staff of
 * some centers see every outage (it stopped everyone) but only the credits
 * of their centers' attempts.
 */
export async function outageList(
  ctx: AppContext,
  viewer: { scope: StaffScope },
  limit: number,
): Promise<OutageList> {
  const outages = await listOutages(ctx.redis, limit);
  const credits = await listCredits(
    ctx.redis,
    outages.map((outage) => outage.id),
  );
  const shown = new Map(
    outages.map((outage) => [
      outage.id,
      filterInScope(
        viewer,
        credits.get(outage.id) ?? [],
        (credit) => credit.centerId,
      ),
    ]),
  );
  const names = new Map(
    (
      await findAttempts(ctx.redis, [
        ...new Set(
          [...shown.values()].flat().map((credit) => credit.attemptId),
        ),
      ])
    ).map((attempt) => [attempt.id, attempt.fullName]),
  );
  return {
    minCreditMs: minCreditMs(ctx),
    outages: outages.map((outage) => ({
      id: outage.id,
      startedAt: outage.startedAt,
      endedAt: outage.endedAt,
      durationMs: outage.durationMs,
      creditable: outage.creditable,
      creditedAt: outage.creditedAt,
      credits: (shown.get(outage.id) ?? []).map((credit) => ({
        ...credit,
        fullName: names.get(credit.attemptId) ?? "",
      })),
    })),
  };
}

/** Whether a slot exists (its routes answer 404 otherwise). */
export async function slotExists(
  ctx: AppContext,
  slotId: string,
): Promise<boolean> {
  return (await getSlot(ctx.redis, slotId)) !== null;
}
