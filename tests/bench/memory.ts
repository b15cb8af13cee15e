import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Redis } from "ioredis";
import type { Membership } from "../../server/src/archive/snapshot";
import { archiveKeys } from "../../server/src/archive/store";
import {
  archiveSlot,
  keptAtDeletion,
  removedAtDeletion,
  slotArchivable,
  slotInventory,
} from "../../server/src/modules/archive";
import { SETUP_OVERRIDE } from "../support/appeals";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  request,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";

/** The shipped 55-question program (55 minutes): a full-length attempt. */
const PROGRAM = "corps-b-legislation";
const BANKS_DIR = path.resolve(import.meta.dirname, "../../question-banks");
const DAY = 24 * 3600_000;
/** Candidates driven at once (each its own kiosk socket). */
const CONCURRENCY = 20;

/** A key's serialized value (DUMP) and its time to live, for copies. */
export interface KeyPayload {
  key: string;
  payload: Buffer;
  /** ms; 0 = none. */
  pttl: number;
}

/** What a slot leaves in Redis at one moment: its own keys and index entries. */
export interface SlotShape {
  /** Keys only the slot's records use (per slot, booking, attempt, person). */
  keys: string[];
  /** Its entries in indexes shared with other slots. */
  memberships: Membership[];
  /** MEMORY USAGE of each key, in the order of `keys`. */
  keyBytes: number[];
  /** The memberships' share of each shared key, by key. */
  sharedBytes: Record<string, number>;
  /** Σ MEMORY USAGE of the keys + the memberships' share of their keys. */
  bytes: number;
  /** The keys' DUMP payloads (when asked for: the restart bench copies them). */
  dumps?: KeyPayload[];
}

export interface SlotRun {
  candidates: number;
  slotId: string;
  programId: string;
  answersPerCandidate: number;
  revisionsPerCandidate: number;
  live: SlotShape;
  archived: SlotShape;
  /** Keys added after the setup that neither figure counts (not BullMQ's). */
  uncounted: { key: string; bytes: number }[];
  /** `ok`, or why slotArchivable said no (the slot was then archived with force). */
  archivable: string;
  seconds: number;
}

export interface MemoryBench {
  /** Redis bytes per candidate, live, after a whole slot. */
  redisBytesPerCandidate: number;
  /** What stays in Redis per candidate once the slot is archived. */
  archivedBytesPerCandidate: number;
  memoryCandidates: number;
  memoryKeysLive: number;
  memoryKeysArchived: number;
  memoryAnswersPerCandidate: number;
  memoryRevisionsPerCandidate: number;
  memorySlotSeconds: number;
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function expectStatus(
  reply: { status: number; body: unknown },
  status: number,
  what: string,
) {
  if (reply.status !== status)
    throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

const usage = async (redis: Redis, key: string) =>
  Number((await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0")) ?? 0);

/** Entries of a set, zset or hash (what a membership is one of). */
async function entriesOf(redis: Redis, key: string): Promise<number> {
  const type = await redis.type(key);
  if (type === "zset") return redis.zcard(key);
  if (type === "set") return redis.scard(key);
  if (type === "hash") return redis.hlen(key);
  return 1;
}

/**
 * Σ MEMORY USAGE (SAMPLES 0: every element) over the keys, plus for each
 * shared index the slot's share of it: its usage × the slot's entries ÷
 * all its entries.
 */
async function measure(
  redis: Redis,
  keys: string[],
  memberships: Membership[],
  withDumps: boolean,
): Promise<SlotShape> {
  const present: string[] = [];
  const keyBytes: number[] = [];
  let bytes = 0;
  for (const key of new Set(keys)) {
    const used = await usage(redis, key);
    if (used > 0) {
      present.push(key);
      keyBytes.push(used);
      bytes += used;
    }
  }
  const perKey = new Map<string, number>();
  for (const entry of memberships) {
    perKey.set(entry.key, (perKey.get(entry.key) ?? 0) + 1);
  }
  const sharedBytes: Record<string, number> = {};
  for (const [key, mine] of perKey) {
    const all = await entriesOf(redis, key);
    if (all === 0) continue;
    sharedBytes[key] = ((await usage(redis, key)) * mine) / all;
    bytes += sharedBytes[key];
  }
  const shape: SlotShape = {
    keys: present,
    keyBytes,
    memberships,
    sharedBytes,
    bytes: Math.round(bytes),
  };
  if (withDumps) {
    shape.dumps = [];
    for (const key of present) {
      const [payload, pttl] = await Promise.all([
        redis.dumpBuffer(key),
        redis.pttl(key),
      ]);
      if (payload) shape.dumps.push({ key, payload, pttl: Math.max(0, pttl) });
    }
  }
  return shape;
}

async function allKeys(redis: Redis): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "COUNT", 1000);
    cursor = next;
    for (const key of found) keys.add(key);
  } while (cursor !== "0");
  return keys;
}

/**
 * One candidate's day at a kiosk: booked on the portal, admitted at the
 * desk, confirm, start, every item answered (three in four right), then
 * every `revisionEvery`-th item answered again with another option (the
 * candidate changes their mind in review), submit; waits until scored.
 */
async function candidateDay(
  app: TestApp,
  slotId: string,
  administrator: ApiClient,
  tokens: Map<string, string>,
  iin: string,
  index: number,
  revisionEvery: number,
): Promise<{ attemptId: string; answers: number; revisions: number }> {
  const booked = await new ApiClient(app.url).post(
    "/bookings",
    bookingBody(slotId, iin, {
      programId: PROGRAM,
      fullName: `Кандидат Бенчмарков ${index}`,
      language: index % 2 === 0 ? "kk" : "ru",
    }),
    freshIp(),
  );
  expectStatus(booked, 201, "booking");
  const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
    iin,
  });
  expectStatus(admitted, 201, "admission");
  const attemptId = String(admitted.body.attemptId);
  const token = tokens.get(String(admitted.body.seatId));
  if (!token) throw new Error("no kiosk on the admitted seat");
  const kiosk = await connectKiosk(app.url, token);
  try {
    const { catalog } = app.synaq.ctx;
    await request(kiosk, "attempt.confirm", { attemptId });
    const started = await request(kiosk, "attempt.start", { attemptId });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const resync = await request(kiosk, "attempt.resync");
    const shown = resync.attempt.items as { id: string }[];
    const bank = await bankIdsOf(app.redis, attemptId);
    let seq = 1;
    let revisions = 0;
    const save = async (kioskItemId: string, right: boolean) => {
      const item = catalog.itemsById.get(bank.item(kioskItemId));
      if (!item) throw new Error(`no bank item for ${kioskItemId}`);
      const wrong = item.options.filter((o) => !item.correct.includes(o));
      const chosen = right ? [...item.correct] : wrong.slice(0, 1);
      const saved = await request(kiosk, "answer.save", {
        attemptId,
        itemId: kioskItemId,
        response: bank.options(kioskItemId, chosen),
        seq: seq++,
      });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
    };
    for (const [i, item] of shown.entries()) await save(item.id, i % 4 !== 3);
    for (const [i, item] of shown.entries()) {
      if (i % revisionEvery !== 0) continue;
      await save(item.id, i % 4 === 3);
      revisions += 1;
    }
    const submitted = await request(kiosk, "attempt.submit", { attemptId });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    await eventually(async () => {
      const state = await app.redis.hget(`attempt:${attemptId}`, "state");
      return state === "scored" ? true : undefined;
    }, 60_000);
    return { attemptId, answers: shown.length, revisions };
  } finally {
    kiosk.close();
  }
}

/**
 * A whole slot through the real code, in an in-process app on its own
 * private redis-server: `candidates` booked, admitted, each a full
 * 55-question attempt with revisions, scored, signed off by both, the
 * document issued and handed over; the slot then ends and its appeal
 * window passes (times moved back, as Redis time cannot move), and the
 * slot is archived by `archiveSlot`. Its Redis memory is measured live
 * (before archival) and archived (stubs and pointer).
 */
export async function runSlot(opts: {
  candidates: number;
  dumps?: boolean;
  log?: (message: string) => void;
}): Promise<SlotRun> {
  const log = opts.log ?? (() => undefined);
  const began = performance.now();
  const { candidates } = opts;
  const app = await startTestApp({
    BANKS_DIR,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
    ANALYTICS_DELAY_MS: "200",
  });
  try {
    const { ctx } = app.synaq;
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    const place = await createPlace(manager, candidates);
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: PROGRAM,
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 20 * 60_000,
    });
    const tokens = new Map<string, string>();
    await pool(place.seatIds, 8, async (seatId) => {
      tokens.set(seatId, (await enrollKiosk(app.url, operator, seatId)).token);
    });
    const before = await allKeys(app.redis);
    log(`memory: ${candidates} candidates take ${PROGRAM}`);

    const iins = syntheticIins(candidates, 3100);
    const attempts: string[] = [];
    let answers = 0;
    let revisions = 0;
    await pool(iins, CONCURRENCY, async (iin, index) => {
      const day = await candidateDay(
        app,
        slot.id,
        administrator,
        tokens,
        iin,
        index,
        5,
      );
      attempts.push(day.attemptId);
      answers += day.answers;
      revisions += day.revisions;
    });

    log("memory: sign-off, documents, hand-over");
    await pool(attempts, 4, async (attemptId) => {
      for (const signer of [administrator, operator]) {
        const signed = await signer.post(
          `/attempts/${attemptId}/sign-off`,
          SETUP_OVERRIDE,
        );
        expectStatus(signed, 200, "sign-off");
      }
    });
    await eventually(
      async () => {
        for (const attemptId of attempts) {
          const state = await app.redis.hget(`attempt:${attemptId}`, "state");
          if (state !== "issued") return undefined;
        }
        return true;
      },
      120_000 + candidates * 2_000,
    );
    await pool(attempts, 4, async (attemptId) => {
      const handed = await administrator.post(
        `/attempts/${attemptId}/handover`,
        { method: attempts.indexOf(attemptId) % 2 ? "printed" : "electronic" },
      );
      expectStatus(handed, 200, "hand-over");
    });

    // The slot ends and its appeal window passes: times moved back.
    const later = await redisNowMs(app);
    await app.redis.hset(`slot:${slot.id}`, {
      startsAt: later - 3 * 3600_000,
      endsAt: later - 60_000,
    });
    await app.redis.zadd("slots:by-start", later - 3 * 3600_000, slot.id);
    for (const attemptId of attempts) {
      await app.redis.hset(
        `attempt:${attemptId}`,
        "officialAt",
        later - 30 * DAY,
      );
    }
    // The analytics runs the hand-overs asked for land first (one at the
    // hand-over limit, 20 minutes on, is not waited for).
    await eventually(async () => {
      const at = await redisNowMs(app);
      const pending = await ctx.queues.list("analytics.compute", [
        "waiting",
        "active",
        "delayed",
      ]);
      return pending.some(
        (job) =>
          job.payload.slotId === slot.id &&
          job.payload.requestedAt < at + 60_000,
      )
        ? undefined
        : true;
    }, 60_000);

    const inventory = await slotInventory(app.redis, slot.id);
    const live = await measure(
      app.redis,
      inventory.keys,
      inventory.memberships,
      opts.dumps ?? false,
    );
    log(`memory: live ${live.keys.length} keys, ${live.bytes} bytes`);

    const verdict = await slotArchivable(ctx, slot.id);
    const archivable = verdict.ok ? "ok" : verdict.reason;
    if (!verdict.ok) log(`memory: not archivable (${verdict.reason}): forced`);
    await archiveSlot(ctx, slot.id, { force: !verdict.ok });

    // What stays: the booking stubs (and the slot's small summary), each
    // document's stub, each person's history, the pointer and versions.
    const programId = PROGRAM;
    const documentNumbers = inventory.keys
      .filter((key) => key.startsWith("cert:doc:"))
      .map((key) => key.slice("cert:doc:".length));
    const archivedKeys = [
      ...inventory.keys.filter((key) => keptAtDeletion(slot.id, key)),
      ...documentNumbers.map((number) => `archived:doc:${number}`),
      ...iins.map((iin) => `iin:${iin}:history`),
      archiveKeys.pointer(slot.id),
      archiveKeys.versions(slot.id),
    ];
    const archivedMemberships: Membership[] = [
      ...inventory.memberships.filter((entry) => !removedAtDeletion(entry)),
      { key: archiveKeys.all, type: "set-member", member: slot.id },
      {
        key: `archived:program:${programId}:slots`,
        type: "set-member",
        member: slot.id,
      },
    ];
    const archived = await measure(
      app.redis,
      archivedKeys,
      archivedMemberships,
      opts.dumps ?? false,
    );
    log(
      `memory: archived ${archived.keys.length} keys, ${archived.bytes} bytes`,
    );

    // Anything else the day added and still holds, for the record.
    const counted = new Set([
      ...archived.keys,
      ...archivedMemberships.map((entry) => entry.key),
    ]);
    const uncounted: { key: string; bytes: number }[] = [];
    for (const key of await allKeys(app.redis)) {
      if (before.has(key) || counted.has(key) || key.startsWith("bull:"))
        continue;
      uncounted.push({ key, bytes: await usage(app.redis, key) });
    }
    return {
      candidates,
      slotId: slot.id,
      programId,
      answersPerCandidate: answers / candidates,
      revisionsPerCandidate: revisions / candidates,
      live,
      archived,
      uncounted,
      archivable,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await app.stop();
  }
}

export function memoryFigures(run: SlotRun): MemoryBench {
  return {
    redisBytesPerCandidate: Math.round(run.live.bytes / run.candidates),
    archivedBytesPerCandidate: Math.round(run.archived.bytes / run.candidates),
    memoryCandidates: run.candidates,
    memoryKeysLive: run.live.keys.length,
    memoryKeysArchived: run.archived.keys.length,
    memoryAnswersPerCandidate: run.answersPerCandidate,
    memoryRevisionsPerCandidate: run.revisionsPerCandidate,
    memorySlotSeconds: Math.round(run.seconds),
  };
}

/** Candidates of the measured slot: a room of 100 (quick: 20). */
export const memoryCandidates = (quick: boolean) => (quick ? 20 : 100);

export async function benchMemory(opts: {
  quick: boolean;
  log?: (message: string) => void;
}): Promise<MemoryBench> {
  return memoryFigures(
    await runSlot({ candidates: memoryCandidates(opts.quick), log: opts.log }),
  );
}

// `npx tsx tests/bench/memory.ts [--quick] [--candidates N]`: this alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--candidates");
  const candidates =
    at > 0
      ? Number(process.argv[at + 1])
      : memoryCandidates(process.argv.includes("--quick"));
  const run = await runSlot({
    candidates,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  /** Keys and bytes by the key's shape (ids left out); shares of shared keys. */
  const byPrefix = (shape: SlotShape) => {
    const counts: Record<string, [number, number]> = {};
    const add = (key: string, bytes: number, shared: boolean) => {
      const prefix =
        (shared ? "share of " : "") +
        key.replace(/[0-9a-zA-Z-]*\d[0-9a-zA-Z-]*/g, "<id>");
      const [keys, total] = counts[prefix] ?? [0, 0];
      counts[prefix] = [keys + 1, Math.round(total + bytes)];
    };
    shape.keys.forEach((key, i) => add(key, shape.keyBytes[i] ?? 0, false));
    for (const [key, bytes] of Object.entries(shape.sharedBytes))
      add(key, bytes, true);
    return counts;
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        ...memoryFigures(run),
        archivable: run.archivable,
        liveKeys: byPrefix(run.live),
        archivedKeys: byPrefix(run.archived),
        uncounted: run.uncounted,
      },
      null,
      2,
    )}\n`,
  );
}
