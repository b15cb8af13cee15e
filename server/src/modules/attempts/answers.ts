import type { AnswerSave } from "@shared/attempts";
import type { AppContext } from "../../context";
import { refusalError, storageError } from "../../errors";
import type { LuaReply } from "../../redis/reply";
import {
  cachedKioskIds,
  kioskIdsOfAttempt,
  type KioskIdMap,
} from "./kiosk-ids";
import { saveAnswers, type AnswerSaved, type AnswerToSave } from "./repository";
import { noteProgress } from "./progress";

/**
 * An id no item or option has: an id the attempt never showed goes to the
 * script as this, so the script refuses it (unknown_item/unknown_option)
 * after its seat, state and time checks, in the same order as ever.
 */
const UNKNOWN = "!unknown";

/** The most answers one script call applies. */
export const MAX_ANSWER_BATCH = 64;

/** What a kiosk is told of a saved answer. */
export interface AnswerAck {
  seq: number;
  savedAt: number;
  answered: number;
}

interface Waiting {
  answer: AnswerToSave;
  /** When it arrived (hrtime), for answerSaveSeconds. */
  started: bigint;
  resolve(reply: LuaReply<AnswerSaved>): void;
  reject(error: unknown): void;
}

/**
 * The answers of one process waiting for their script call. An answer
 * that arrives while no call is in flight goes out at the end of this turn
 * of the event loop (setImmediate: with whatever arrived in the same turn);
 * one that arrives while a call is in flight waits for it to return and
 * goes with the others that arrived meanwhile, at most MAX_ANSWER_BATCH per
 * call (a full batch goes at once, pipelined behind the one in flight).
 * One connection carries every call in order, so two answers of the same
 * attempt are applied in the order they arrived.
 */
class AnswerBatcher {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly ctx: AppContext) {}

  save(answer: AnswerToSave, started: bigint): Promise<LuaReply<AnswerSaved>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ answer, started, resolve, reject });
      if (this.queue.length >= MAX_ANSWER_BATCH) this.send();
      else if (this.inFlight === 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.inFlight === 0) this.send();
        });
      }
    });
  }

  private send(): void {
    const batch = this.queue.splice(0, MAX_ANSWER_BATCH);
    if (batch.length === 0) return;
    this.inFlight++;
    void this.apply(batch).finally(() => {
      this.inFlight--;
      if (this.inFlight === 0 && this.queue.length > 0) this.send();
    });
  }

  /** One script call for the batch; settles every answer of it. */
  private async apply(batch: Waiting[]): Promise<void> {
    const { ctx } = this;
    ctx.metrics.answerBatchSize.observe(batch.length);
    let replies: LuaReply<AnswerSaved>[];
    try {
      replies = await saveAnswers(
        ctx.redis,
        batch.map((waiting) => waiting.answer),
        ctx.env.ANSWER_GRACE_MS,
      );
    } catch (error) {
      // A full or vanished Redis wrote nothing: each kiosk keeps its
      // answer in its journal and sends it again.
      const refusal = storageError(error);
      for (const waiting of batch) {
        if (refusal?.id === "storage_full") ctx.storage.refused();
        waiting.reject(refusal ?? error);
      }
      return;
    }
    const done = process.hrtime.bigint();
    batch.forEach((waiting, i) => {
      ctx.metrics.answerSaveSeconds.observe(
        Number(done - waiting.started) / 1e9,
      );
      const reply = replies[i];
      if (reply) waiting.resolve(reply);
      else waiting.reject(new Error(`save-answers gave no verdict ${i}`));
    });
  }
}

const batchers = new WeakMap<AppContext, AnswerBatcher>();

function batcherOf(ctx: AppContext): AnswerBatcher {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batcher = new AnswerBatcher(ctx);
    batchers.set(ctx, batcher);
  }
  return batcher;
}

/**
 * Saves one answer from a kiosk and acknowledges it only once it is in
 * Redis (and so in the AOF). The kiosk sends the attempt's opaque item and
 * option ids (kiosk-ids.ts); they are mapped back here, so Redis, the
 * audit stream and scoring only ever hold the banks' ids. The answer goes
 * to Redis in a batch with the others that arrive together (AnswerBatcher)
 * and gets its own verdict. The console's seat tile follows (batched).
 */
export async function saveCandidateAnswer(
  ctx: AppContext,
  kiosk: { kioskId: string; seatId: string },
  answer: AnswerSave,
): Promise<AnswerAck> {
  const started = process.hrtime.bigint();
  // Cached: no await, so answers keep their order into the batch.
  const ids: KioskIdMap | null =
    cachedKioskIds(answer.attemptId) ??
    (await kioskIdsOfAttempt(ctx.redis, answer.attemptId));
  const itemId = ids?.realItem(answer.itemId) ?? UNKNOWN;
  const response = answer.response.map(
    (optionId) => ids?.realOption(itemId, optionId) ?? UNKNOWN,
  );
  const result = await batcherOf(ctx).save(
    {
      attemptId: answer.attemptId,
      seatId: kiosk.seatId,
      itemId,
      response,
      seq: answer.seq,
      actor: `kiosk:${kiosk.kioskId}`,
    },
    started,
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
