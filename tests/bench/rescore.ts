import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startSynaq } from "../../server/src/app";
import { loadEnv } from "../../server/src/env";
import { createLogger } from "../../server/src/logger";
import { runAppealRescore } from "../../server/src/modules/appeals/jobs";
import {
  appealKeys,
  ensureProgramAttemptsIndex,
} from "../../server/src/modules/appeals/repository";
import {
  assembleForm,
  newFormSeed,
  scoreAttempt,
} from "../../server/src/modules/banks";
import { startTestRedis } from "../support/redis";

/** The program voided over: the real banks' 135 questions drawn from 278. */
const PROGRAM = "program-1-2016";
const BANKS_DIR = path.resolve(import.meta.dirname, "../../question-banks");
/** Attempts per slot (one audit stream each, as on a testing day). */
const PER_SLOT = 200;
/** Attempts written per pipeline. */
const CHUNK = 250;

export interface RescoreBench {
  /** The `appeal.rescore` job, end to end (index, reads, scripts, queueing). */
  rescoreMs: number;
  /** Attempts of the program whose item was voided. */
  attempts: number;
  /** Keys in Redis when the job started. */
  keys: number;
}

/**
 * Voids one item of a program over 20,000 issued attempts among 80,000
 * keys (quick: 2,000 among 8,000) and times the `appeal.rescore` job that
 * follows, on a private redis-server. The attempts are written as
 * admission, answers, scoring and sign-off leave them (attempt hash, items,
 * form, answers: four keys each, and the program's attempt index;
 * forms assembled from the real banks, three answers in four right), the
 * appeal as appeal-decide.lua leaves it. The index is built (the one-time
 * SCAN an installation from before it does) before the timing starts.
 * No worker runs: the certificate.reissue and analytics jobs the re-score
 * queues stay queued, so only the re-score is timed.
 */
export async function benchRescore(opts: {
  quick: boolean;
}): Promise<RescoreBench> {
  const attempts = opts.quick ? 2_000 : 20_000;
  const testRedis = await startTestRedis();
  const scratch = mkdtempSync(path.join(tmpdir(), "synaq-bench-rescore-"));
  const env = loadEnv({
    NODE_ENV: "test",
    DATA_DIR: path.join(scratch, "data"),
    CERT_OUTPUT_DIR: path.join(scratch, "output"),
    BANKS_DIR,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    REDIS_URL: testRedis.url,
  });
  const synaq = await startSynaq(
    { ...env, REDIS_URL: testRedis.url },
    { services: [], logger: createLogger("silent", {}) },
  );
  try {
    const { ctx } = synaq;
    const { redis, catalog } = ctx;
    const program = catalog.programs.find((p) => p.id === PROGRAM);
    if (!program) throw new Error(`${PROGRAM} is not in ${BANKS_DIR}`);
    const [seconds] = await redis.time();
    const now = Number(seconds) * 1000;
    let voidedItemId = "";
    for (let start = 0; start < attempts; start += CHUNK) {
      const pipeline = redis.pipeline();
      for (
        let index = start;
        index < Math.min(attempts, start + CHUNK);
        index++
      ) {
        const attemptId = randomUUID();
        const language = index % 2 === 0 ? "kk" : "ru";
        const form = assembleForm(
          program,
          catalog.itemsBySection,
          newFormSeed(),
          language,
        );
        voidedItemId ||= form.items[0]?.itemId ?? "";
        const answers: Record<string, string> = {};
        const responses: Record<string, string[]> = {};
        form.items.forEach((formItem, seq) => {
          const item = catalog.itemsById.get(formItem.itemId);
          const right = item ? [...item.correct] : [];
          const wrong = formItem.optionOrder.filter((o) => !right.includes(o));
          const response = seq % 4 === 3 ? wrong.slice(0, 1) : right;
          responses[formItem.itemId] = response;
          answers[formItem.itemId] = JSON.stringify({
            r: response,
            seq: seq + 1,
            at: now - 3_600_000 + seq * 20_000,
          });
        });
        const score = scoreAttempt(program, catalog.itemsById, form, responses);
        const slotId = `bench-slot-${Math.floor(index / PER_SLOT)}`;
        pipeline.hset(`attempt:${attemptId}`, {
          id: attemptId,
          bookingId: `bench-booking-${index}`,
          slotId,
          roomId: "bench-room",
          seatId: `bench-seat-${index % PER_SLOT}`,
          programId: PROGRAM,
          iin: String(900_000_000_000 + index),
          fullName: "Дана Ерланқызы Сапарова",
          language,
          state: "issued",
          durationMs: 3_600_000,
          extraMs: 0,
          instructionsMs: 600_000,
          admittedAt: now - 4_000_000,
          admittedBy: "staff:bench",
          pausedTotalMs: 0,
          answered: form.items.length,
          total: form.items.length,
          accommodationNote: "",
          startedAt: now - 3_700_000,
          deadlineAt: now - 100_000,
          submittedAt: now - 200_000,
          submitReason: "candidate",
          lastSeq: form.items.length,
          result: JSON.stringify(score),
          passed: score.passed ? "1" : "0",
          officialAt: now - 100_000,
          certificateNumber: `SYN-2026-${String(index + 1).padStart(6, "0")}`,
        });
        pipeline.hset(
          `attempt:${attemptId}:items`,
          Object.fromEntries(
            form.items.map((item) => [item.itemId, item.optionOrder.join(",")]),
          ),
        );
        pipeline.set(`attempt:${attemptId}:form`, JSON.stringify(form));
        pipeline.sadd(appealKeys.programAttempts(PROGRAM), attemptId);
        pipeline.hset(`attempt:${attemptId}:answers`, answers);
      }
      await pipeline.exec();
    }
    const appealId = randomUUID();
    await redis.hset(`appeal:${appealId}`, {
      id: appealId,
      attemptId: "bench",
      bookingId: "bench-booking-0",
      programId: PROGRAM,
      slotId: "bench-slot-0",
      grounds: "question_wrong",
      itemId: voidedItemId,
      text: "None of the options is right.",
      status: "decided",
      filedAt: now - 50_000,
      closesAt: now + 86_400_000,
      decision: "upheld",
      reason: "The question has no right option.",
      decidedAt: now - 10_000,
      decidedBy: "staff:bench",
    });
    await redis.hset(
      `appeals:voided:${PROGRAM}`,
      voidedItemId,
      JSON.stringify({ appealId, at: now - 10_000, by: "staff:bench" }),
    );
    // What this installation's first re-score did once, timed apart.
    const indexStarted = performance.now();
    await ensureProgramAttemptsIndex(redis);
    const indexMs = performance.now() - indexStarted;
    const keys = await redis.dbsize();
    const started = performance.now();
    await runAppealRescore(ctx, { appealId });
    const rescoreMs = performance.now() - started;
    const affected = Number(
      await redis.hget(`appeal:${appealId}`, "affectedAttempts"),
    );
    if (!(affected > 0)) throw new Error("the re-score changed no attempt");
    process.stderr.write(
      `re-scored ${affected} of ${attempts} attempts (item ${voidedItemId}) in ${Math.round(rescoreMs)} ms; ` +
        `the index built once from ${keys} keys in ${Math.round(indexMs)} ms\n`,
    );
    return { rescoreMs: Math.round(rescoreMs), attempts, keys };
  } finally {
    await synaq.stop();
    await testRedis.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// `npx tsx tests/bench/rescore.ts [--quick]`: one JSON object on stdout.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchRescore({ quick: process.argv.includes("--quick") }).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
