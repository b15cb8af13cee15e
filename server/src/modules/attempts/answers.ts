import { AnswerSaveSchema } from "@shared/attempts";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { scriptError } from "./errors";
import { saveAnswer } from "./repository";
import { noteProgress } from "./progress";

/**
 * Saves one answer from a kiosk and acknowledges it only once it is in
 * Redis (and so in the AOF). The console's seat tile follows (batched).
 */
export async function saveCandidateAnswer(
  ctx: AppContext,
  kiosk: { kioskId: string; seatId: string },
  payload: unknown,
) {
  const started = process.hrtime.bigint();
  const parsed = AnswerSaveSchema.safeParse(payload);
  if (!parsed.success) {
    throw badRequest(
      "invalid_answer",
      `The answer is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
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
  ctx.metrics.answerSaveSeconds.observe(
    Number(process.hrtime.bigint() - started) / 1e9,
  );
  if ("error" in result) throw scriptError(result.error);
  if (!result.duplicate) {
    noteProgress(ctx, result.slotId, {
      seatId: kiosk.seatId,
      attemptId: answer.attemptId,
      answered: result.answered,
      lastSaveAt: result.savedAt,
    });
  }
  return {
    seq: result.seq,
    savedAt: result.savedAt,
    answered: result.answered,
  };
}
