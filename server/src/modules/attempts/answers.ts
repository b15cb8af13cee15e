import type { AnswerSave } from "@shared/attempts";
import type { AppContext } from "../../context";
import { refusalError, storageError } from "../../errors";
import { kioskIdsOfAttempt } from "./kiosk-ids";
import { saveAnswer } from "./repository";
import { noteProgress } from "./progress";

/**
 * An id no item or option has: an id the attempt never showed goes to the
 * script as this, so the script refuses it (unknown_item/unknown_option)
 * after its seat, state and time checks, in the same order as ever.
 */
const UNKNOWN = "!unknown";

/**
 * Saves one answer from a kiosk and acknowledges it only once it is in
 * Redis (and so in the AOF). The kiosk sends the attempt's opaque item and
 * option ids (kiosk-ids.ts); they are mapped back here, so Redis, the
 * audit stream and scoring only ever hold the banks' ids. The console's
 * seat tile follows (batched).
 */
export async function saveCandidateAnswer(
  ctx: AppContext,
  kiosk: { kioskId: string; seatId: string },
  answer: AnswerSave,
): Promise<{ seq: number; savedAt: number; answered: number }> {
  const started = process.hrtime.bigint();
  const ids = await kioskIdsOfAttempt(ctx.redis, answer.attemptId);
  const itemId = ids?.realItem(answer.itemId) ?? UNKNOWN;
  const response = answer.response.map(
    (optionId) => ids?.realOption(itemId, optionId) ?? UNKNOWN,
  );
  const result = await saveAnswer(ctx.redis, {
    attemptId: answer.attemptId,
    seatId: kiosk.seatId,
    itemId,
    response,
    seq: answer.seq,
    graceMs: ctx.env.ANSWER_GRACE_MS,
    actor: `kiosk:${kiosk.kioskId}`,
  }).catch((error: unknown) => {
    // A full or vanished Redis wrote nothing: the kiosk keeps the answer
    // in its journal and sends it again.
    const refusal = storageError(error);
    if (!refusal) throw error;
    if (refusal.id === "storage_full") ctx.storage.refused();
    throw refusal;
  });
  ctx.metrics.answerSaveSeconds.observe(
    Number(process.hrtime.bigint() - started) / 1e9,
  );
  if ("error" in result) throw refusalError(result.error);
  const saved = result.ok;
  if (!saved.duplicate) {
    noteProgress(ctx, saved.slotId, {
      seatId: kiosk.seatId,
      attemptId: answer.attemptId,
      answered: saved.answered,
      lastSaveAt: saved.savedAt,
    });
  }
  return {
    seq: saved.seq,
    savedAt: saved.savedAt,
    answered: saved.answered,
  };
}
