import { AnswerSaveSchema } from "@shared/attempts";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { scriptError } from "./errors";
import { saveAnswer } from "./repository";
import { publishSeat } from "./service";

/**
 * Saves one answer from a kiosk and acknowledges it only once it is in
 * Redis (and so in the AOF). The console's seat tile follows.
 */
export async function saveCandidateAnswer(
  ctx: AppContext,
  kiosk: { kioskId: string; seatId: string },
  payload: unknown,
) {
  const started = process.hrtime.bigint();
  const parsed = AnswerSaveSchema.safeParse(payload);
  if (!parsed.success) {
    throw badRequest("invalid_answer", `The answer is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  const answer = parsed.data;
  const result = await saveAnswer(ctx.redis, {
    attemptId: answer.attemptId,
    seatId: kiosk.seatId,
    itemId: answer.itemId,
    response: answer.response,
    seq: answer.seq,
    graceMs: ctx.env.ANSWER_GRACE_MS,
    actor: `kiosk:${kiosk.kioskId}`,
  });
  ctx.metrics.answerSaveSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  if ("error" in result) throw scriptError(result.error);
  if (!result.duplicate) {
    // The seat tile's progress; not awaited by the ack.
    void publishSeatLater(ctx, answer.attemptId);
  }
  return { seq: result.seq, savedAt: result.savedAt, answered: result.answered };
}

/**
 * Progress on the seat map is coalesced per attempt (at most one refresh
 * per 500 ms), so a busy room does not turn each answer into a broadcast.
 */
const pending = new Map<string, NodeJS.Timeout>();
function publishSeatLater(ctx: AppContext, attemptId: string): Promise<void> {
  if (pending.has(attemptId)) return Promise.resolve();
  pending.set(
    attemptId,
    setTimeout(() => {
      pending.delete(attemptId);
      void (async () => {
        const attempt = await ctx.redis.hmget(`attempt:${attemptId}`, "slotId", "seatId");
        if (attempt[0] && attempt[1]) await publishSeat(ctx, attempt[0], attempt[1]);
      })().catch((error: unknown) => ctx.logger.warn({ err: error }, "seat update failed"));
    }, 500).unref(),
  );
  return Promise.resolve();
}
