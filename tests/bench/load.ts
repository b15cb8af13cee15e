import { randomBytes, randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type {
  AckedAnswers,
  AttemptEvent,
  KioskSeed,
  LoadCommand,
  LoadReply,
  LoadRequest,
  PhaseResult,
} from "./protocol";

/**
 * A load-generator child of run.ts: simulated kiosks speaking the real
 * protocol (socket.io over websocket, acks on every request), many sockets
 * in one event loop. Latency is measured here, from emit to ack.
 */

/** A kiosk that waits longer than this for an ack counts it as failed. */
const ACK_TIMEOUT_MS = 15_000;

interface Kiosk {
  index: number;
  socket: Socket;
  attemptId?: string;
  items: { id: string; options: string[] }[];
  seq: number;
  /** item id → acknowledged seqs (checked against Redis at the end). */
  acked: Map<string, number[]>;
  dropped: boolean;
}

interface Ack {
  ok: boolean;
  error?: { id: string };
  attempt?: { items?: { id: string; options: { id: string }[] }[] };
}

/** An id shaped like a Synaq kiosk's opaque ids (16 base64url chars). */
const opaqueId = () => randomBytes(12).toString("base64url");

const kiosks = new Map<number, Kiosk>();
const baseline: Kiosk[] = [];
let disconnects = 0;

function newPhase(): PhaseResult & { started: number } {
  return {
    latenciesMs: [],
    ok: 0,
    errors: {},
    elapsedMs: 0,
    disconnects: 0,
    retries: 0,
    started: performance.now(),
  };
}

function finish(phase: PhaseResult & { started: number }, before: number) {
  const { started, ...result } = phase;
  return {
    ...result,
    elapsedMs: Math.round(performance.now() - started),
    disconnects: disconnects - before,
  };
}

const countError = (phase: PhaseResult, id: string) => {
  phase.errors[id] = (phase.errors[id] ?? 0) + 1;
};

/** Emits with an ack; resolves with the reply and its latency, never throws. */
function emit(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<{ reply: Ack | null; ms: number; error?: string }> {
  const sent = performance.now();
  return new Promise((resolve) => {
    const done = (error: Error | null, reply?: Ack) => {
      const ms = performance.now() - sent;
      if (error) resolve({ reply: null, ms, error: "timeout" });
      else resolve({ reply: reply ?? null, ms });
    };
    if (payload === undefined) socket.timeout(ACK_TIMEOUT_MS).emit(event, done);
    else socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, done);
  });
}

/** Records one reply in the phase. */
function record(
  phase: PhaseResult,
  outcome: { reply: Ack | null; ms: number; error?: string },
): boolean {
  if (outcome.reply?.ok) {
    phase.ok++;
    phase.latenciesMs.push(Math.round(outcome.ms * 100) / 100);
    return true;
  }
  countError(phase, outcome.error ?? outcome.reply?.error?.id ?? "no_reply");
  return false;
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(concurrency, items.length) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    },
  );
  await Promise.all(lanes);
}

/**
 * Settles on the connect, on a refusal, and on a close before either: the
 * server drops a handshake not authenticated within SOCKET_AUTH_TIMEOUT_MS,
 * and socket.io-client then reports only a "disconnect".
 */
function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/kiosk`, {
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", settle);
      socket.off("disconnect", onClose);
      if (!error) return resolve(socket);
      socket.close();
      reject(error);
    };
    const onConnect = () => settle();
    const onClose = (reason: string) =>
      settle(new Error(`closed before connecting (${reason})`));
    const timer = setTimeout(
      () => settle(new Error("no answer within 20 s")),
      20_000,
    );
    socket.once("connect", onConnect);
    socket.once("connect_error", settle);
    socket.once("disconnect", onClose);
  });
}

/**
 * Connects as a kiosk does: a failed handshake is tried again after a
 * random pause (socket.io's reconnection does the same), up to 3 times.
 */
async function connectKiosk(
  url: string,
  token: string,
  phase: PhaseResult,
): Promise<Socket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectSocket(url, token);
    } catch (error) {
      if (attempt === 3) throw error;
      phase.retries++;
      await new Promise((resolve) =>
        setTimeout(resolve, 250 + Math.random() * 500),
      );
    }
  }
}

function track(kiosk: Kiosk) {
  kiosk.socket.on("disconnect", () => {
    if (!kiosk.dropped) disconnects++;
    kiosk.dropped = true;
  });
}

async function connect(command: Extract<LoadCommand, { type: "connect" }>) {
  const phase = newPhase();
  const before = disconnects;
  await pool(command.kiosks, command.concurrency, async (seed: KioskSeed) => {
    const sent = performance.now();
    try {
      const socket = await connectKiosk(command.url, seed.token, phase);
      const kiosk: Kiosk = {
        index: seed.index,
        socket,
        items: [],
        seq: 0,
        acked: new Map(),
        dropped: false,
      };
      track(kiosk);
      kiosks.set(seed.index, kiosk);
      phase.ok++;
      phase.latenciesMs.push(Math.round(performance.now() - sent));
    } catch (error) {
      countError(phase, `connect: ${(error as Error).message}`);
    }
  });
  return finish(phase, before);
}

const bound = () => [...kiosks.values()].filter((kiosk) => kiosk.attemptId);

async function sendEach(
  event: AttemptEvent,
  indices: number[] | null,
  concurrency: number,
) {
  const phase = newPhase();
  const before = disconnects;
  const targets = indices
    ? indices.flatMap((index) => kiosks.get(index) ?? [])
    : bound();
  await pool(targets, concurrency, async (kiosk) => {
    record(
      phase,
      await emit(kiosk.socket, event, { attemptId: kiosk.attemptId }),
    );
  });
  return finish(phase, before);
}

/** The start spike: every kiosk presses start within [at, at + spread). */
async function spike(indices: number[], at: number, spreadMs: number) {
  const phase = newPhase();
  const before = disconnects;
  const targets = indices.flatMap((index) => kiosks.get(index) ?? []);
  const waitMs = Math.max(0, at - Date.now());
  await Promise.all(
    targets.map(
      (kiosk) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              void emit(kiosk.socket, "attempt.start", {
                attemptId: kiosk.attemptId,
              }).then((outcome) => {
                record(phase, outcome);
                resolve();
              });
            },
            waitMs + Math.random() * spreadMs,
          );
        }),
    ),
  );
  return finish(phase, before);
}

async function resync(concurrency: number) {
  const phase = newPhase();
  const before = disconnects;
  await pool(bound(), concurrency, async (kiosk) => {
    const outcome = await emit(kiosk.socket, "attempt.resync", undefined);
    if (record(phase, outcome)) {
      kiosk.items = (outcome.reply?.attempt?.items ?? []).map((item) => ({
        id: item.id,
        options: item.options.map((option) => option.id),
      }));
    }
  });
  return finish(phase, before);
}

/** One answer of a kiosk: the next item in turn, one option, the next seq. */
async function answer(kiosk: Kiosk, phase: PhaseResult) {
  const item = kiosk.items[kiosk.seq % Math.max(1, kiosk.items.length)];
  if (!item || kiosk.dropped) {
    countError(phase, kiosk.dropped ? "disconnected" : "no_items");
    return;
  }
  const seq = ++kiosk.seq;
  const response = [item.options[seq % item.options.length] ?? "a"];
  const outcome = await emit(kiosk.socket, "answer.save", {
    attemptId: kiosk.attemptId,
    itemId: item.id,
    response,
    seq,
  });
  if (record(phase, outcome)) {
    const seqs = kiosk.acked.get(item.id) ?? [];
    seqs.push(seq);
    kiosk.acked.set(item.id, seqs);
  }
}

async function openLoop(perKioskPerSecond: number, durationMs: number) {
  const phase = newPhase();
  const before = disconnects;
  const intervalMs = 1000 / perKioskPerSecond;
  const endsAt = performance.now() + durationMs;
  const inFlight: Promise<void>[] = [];
  await Promise.all(
    bound().map(
      (kiosk) =>
        new Promise<void>((resolve) => {
          // A random phase, so the kiosks do not answer in lockstep.
          let due = performance.now() + Math.random() * intervalMs;
          const schedule = () => {
            if (due >= endsAt) resolve();
            else setTimeout(tick, Math.max(0, due - performance.now()));
          };
          const tick = () => {
            inFlight.push(answer(kiosk, phase));
            due += intervalMs;
            schedule();
          };
          schedule();
        }),
    ),
  );
  await Promise.all(inFlight);
  return finish(phase, before);
}

async function closedLoop(targets: Kiosk[], durationMs: number) {
  const phase = newPhase();
  const before = disconnects;
  const endsAt = performance.now() + durationMs;
  await Promise.all(
    targets.map(async (kiosk) => {
      while (performance.now() < endsAt && !kiosk.dropped) {
        await answer(kiosk, phase);
      }
    }),
  );
  return finish(phase, before);
}

async function baselineConnect(url: string, count: number, offset: number) {
  const phase = newPhase();
  const before = disconnects;
  await pool(
    Array.from({ length: count }, (_, i) => offset + i),
    50,
    async (index) => {
      try {
        const socket = await connectKiosk(url, `baseline-${index}`, phase);
        const kiosk: Kiosk = {
          index,
          socket,
          // The same message as a Synaq kiosk's, byte for byte in size: a
          // UUID attempt id, the engine fixture's 6 items of 4 options, in
          // ids as long as a Synaq kiosk's (kiosk-ids.ts: "q" + 16, 16).
          attemptId: randomUUID(),
          items: Array.from({ length: 6 }, () => ({
            id: `q${opaqueId()}`,
            options: Array.from({ length: 4 }, opaqueId),
          })),
          seq: 0,
          acked: new Map(),
          dropped: false,
        };
        track(kiosk);
        baseline.push(kiosk);
        phase.ok++;
      } catch (error) {
        countError(phase, `connect: ${(error as Error).message}`);
      }
    },
  );
  return finish(phase, before);
}

function ackedAnswers(): AckedAnswers[] {
  return bound().map((kiosk) => ({
    attemptId: kiosk.attemptId ?? "",
    acked: Object.fromEntries(kiosk.acked),
  }));
}

async function handle(command: LoadCommand): Promise<unknown> {
  switch (command.type) {
    case "connect":
      return connect(command);
    case "bind":
      for (const { index, attemptId } of command.attempts) {
        const kiosk = kiosks.get(index);
        if (kiosk) kiosk.attemptId = attemptId;
      }
      return { bound: bound().length };
    case "command":
      return sendEach(command.event, command.indices, command.concurrency);
    case "spike":
      return spike(command.indices, command.at, command.spreadMs);
    case "resync":
      return resync(command.concurrency);
    case "open":
      return openLoop(command.perKioskPerSecond, command.durationMs);
    case "closed":
      return closedLoop(
        (command.target === "synaq" ? bound() : baseline).slice(
          0,
          command.kiosks,
        ),
        command.durationMs,
      );
    case "baseline-connect":
      return baselineConnect(command.url, command.kiosks, command.offset);
    case "acked":
      return ackedAnswers();
    case "disconnect":
      for (const kiosk of [...kiosks.values(), ...baseline]) {
        kiosk.dropped = true;
        kiosk.socket.close();
      }
      return { closed: kiosks.size + baseline.length };
  }
}

process.on("message", (message: LoadRequest) => {
  void handle(message.command).then(
    (result) => process.send?.({ id: message.id, result } satisfies LoadReply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: String(error),
      } satisfies LoadReply),
  );
});
// The orchestrator went away: so do we.
process.on("disconnect", () => process.exit(0));
