/**
 * What run.ts (the orchestrator) and load.ts (a load-generator child) say
 * to each other over the IPC channel: one request, one reply, by id.
 */

export interface KioskSeed {
  /** The kiosk's number in the whole run (seat i of the run). */
  index: number;
  token: string;
}

/** Kiosk commands that take only the attempt id (`{ attemptId }`). */
export type AttemptEvent =
  "attempt.confirm" | "attempt.start" | "attempt.submit";

export type LoadCommand =
  | { type: "connect"; url: string; kiosks: KioskSeed[]; concurrency: number }
  | { type: "bind"; attempts: { index: number; attemptId: string }[] }
  /** Sends `event` for the given kiosks (all when null), paced. */
  | {
      type: "command";
      event: AttemptEvent;
      indices: number[] | null;
      concurrency: number;
    }
  /** `attempt.start` of each kiosk at a random moment of [at, at+spread). */
  | { type: "spike"; indices: number[]; at: number; spreadMs: number }
  /** `attempt.resync` of every kiosk: learns its items and options. */
  | { type: "resync"; concurrency: number }
  /** Open loop: each kiosk answers every 1/rate s, whatever the acks do. */
  | { type: "open"; perKioskPerSecond: number; durationMs: number }
  /** Closed loop: `kiosks` kiosks, each answering as soon as acked. */
  | {
      type: "closed";
      target: "synaq" | "baseline";
      kiosks: number;
      durationMs: number;
    }
  | { type: "baseline-connect"; url: string; kiosks: number; offset: number }
  /** Every acknowledged answer, to check against Redis. */
  | { type: "acked" }
  | { type: "disconnect" };

export interface LoadRequest {
  id: number;
  command: LoadCommand;
}

export interface LoadReply {
  id: number;
  result?: unknown;
  error?: string;
}

/** One phase as one generator saw it. */
export interface PhaseResult {
  /** Emit-to-ack times of the acknowledged (ok) requests. */
  latenciesMs: number[];
  ok: number;
  /** Refusals by error id, timeouts as "timeout", failed connects … */
  errors: Record<string, number>;
  elapsedMs: number;
  /** Sockets that dropped during the phase. */
  disconnects: number;
  /** Handshakes tried again after a failure (connect phases). */
  retries: number;
}

/** The acknowledged answers of one attempt: item id → acked seqs. */
export interface AckedAnswers {
  attemptId: string;
  acked: Record<string, number[]>;
}
