import type { Redis } from "ioredis";
import { io, type Socket } from "socket.io-client";
import { bankIdsOf } from "../../support/kiosk";

/**
 * A test kiosk that behaves like kiosk-client on the wire: its socket
 * reconnects by itself, every answer goes to a journal first (with a
 * per-attempt sequence number), and whatever was not acknowledged is sent
 * again, in order, on every (re)connect. The journal also keeps what the
 * server acknowledged, to check against Redis afterwards.
 */

export interface SavedAnswer {
  attemptId: string;
  itemId: string;
  response: string[];
  seq: number;
}

/** Refusals that retrying cannot change: the answer is dropped, not lost. */
const FINAL_REFUSALS = new Set([
  "deadline_passed",
  "attempt_submitted",
  "attempt_expired",
  "attempt_scored",
  "attempt_voided",
]);

/** A kiosk socket that reconnects on its own, like the real kiosk's. */
export function reconnectingKiosk(url: string, token: string): Socket {
  return io(`${url}/kiosk`, {
    transports: ["websocket"],
    auth: { token },
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
    randomizationFactor: 0.2,
    timeout: 5_000,
  });
}

/** Resolves once the socket is connected (it may already be). */
export function connected(socket: Socket, timeoutMs = 30_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("connect", onConnect);
      reject(new Error(`not connected within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConnect = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.once("connect", onConnect);
  });
}

export class KioskJournal {
  private readonly pending = new Map<number, SavedAnswer>();
  /** Every seq the server acknowledged. */
  readonly ackedSeqs = new Set<number>();
  /** The latest acknowledged answer per item. */
  readonly acked = new Map<string, { seq: number; response: string[] }>();
  /** Final refusals by seq (e.g. sent after the deadline's grace). */
  readonly refused = new Map<number, string>();
  /** Transient failures (error ids or "timeout"), retried from the journal. */
  readonly failures: string[] = [];
  private nextSeq = 1;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly attemptId: string,
    readonly socket: Socket,
    private readonly ackTimeoutMs = 8_000,
  ) {
    socket.on("connect", () => void this.flush());
  }

  /** Gives an answer: journal first, then the wire. True once acknowledged. */
  answer(itemId: string, response: string[]): Promise<boolean> {
    const entry = {
      attemptId: this.attemptId,
      itemId,
      response,
      seq: this.nextSeq++,
    };
    this.pending.set(entry.seq, entry);
    return this.send(entry);
  }

  get unacked(): number {
    return this.pending.size;
  }

  private async send(entry: SavedAnswer): Promise<boolean> {
    if (!this.socket.connected) return false;
    let reply: { ok: boolean; seq?: number; error?: { id: string } };
    try {
      reply = await this.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck("answer.save", entry);
    } catch {
      this.failures.push("timeout");
      return false;
    }
    if (reply.ok) {
      this.pending.delete(entry.seq);
      this.ackedSeqs.add(entry.seq);
      const latest = this.acked.get(entry.itemId);
      if (!latest || latest.seq < entry.seq)
        this.acked.set(entry.itemId, {
          seq: entry.seq,
          response: entry.response,
        });
      return true;
    }
    const id = reply.error?.id ?? "unknown";
    if (FINAL_REFUSALS.has(id)) {
      this.pending.delete(entry.seq);
      this.refused.set(entry.seq, id);
    } else {
      this.failures.push(id);
    }
    return false;
  }

  /** Re-sends every unacknowledged entry in order (one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const seq of [...this.pending.keys()].sort((a, b) => a - b)) {
        const entry = this.pending.get(seq);
        if (!entry || !this.socket.connected) continue;
        await this.send(entry);
      }
    });
    return this.flushing;
  }

  /** Flushes until nothing is left unacknowledged, or fails after the deadline. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      if (Date.now() > until)
        throw new Error(
          `${this.pending.size} answers still unacknowledged after ${timeoutMs} ms`,
        );
      await this.flush();
      if (this.pending.size > 0)
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Acknowledged answers that Redis does not hold: an item whose stored seq
 * is older than the last acked one, or the same seq with another response.
 * The journal holds the kiosk's ids, Redis the bank's.
 */
export async function lostAnswers(
  redis: Redis,
  journal: KioskJournal,
): Promise<string[]> {
  const stored = await redis.hgetall(`attempt:${journal.attemptId}:answers`);
  const bank = await bankIdsOf(redis, journal.attemptId);
  const lost: string[] = [];
  for (const [itemId, acked] of journal.acked) {
    const raw = stored[bank.item(itemId)];
    const saved = raw
      ? (JSON.parse(raw) as { r: unknown; seq: number })
      : undefined;
    // Redis's cjson writes an empty list as `{}`; the server reads it as [] (loadAnswers).
    const response = Array.isArray(saved?.r)
      ? bank.options(itemId, saved.r as string[])
      : [];
    if (
      !saved ||
      saved.seq < acked.seq ||
      (saved.seq === acked.seq &&
        JSON.stringify(response) !== JSON.stringify(acked.response))
    ) {
      lost.push(
        `${journal.attemptId}/${itemId}: acked seq ${acked.seq}, stored ${raw ?? "nothing"}`,
      );
    }
  }
  return lost;
}

/**
 * An answer as a kiosk gives one: options of the item as shown (the
 * second; the first and third of a multiple-choice item). A kiosk cannot
 * know the key, and these tests count answers, not scores.
 */
export const answerFor = (item: { type: string; options: { id: string }[] }) =>
  (item.type === "multiple"
    ? [item.options[0], item.options[2]]
    : [item.options[1]]
  ).map((option) => option?.id ?? "missing");
