import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addOfficialToSlot,
  certKeys,
  storeOfficialResult,
} from "../../server/src/modules/certificates/repository";
import { sampleOfficialResult } from "../../server/src/modules/documents/sample-data";
import { createQueues } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import {
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import { startTestRedis } from "../support/redis";
import { recordScenario } from "./support/report";
import { serverErrorsIn, waitFor } from "./support/seed";

/**
 * Fault 5: a `--services=worker` process killed with SIGKILL while it
 * renders a certificate. A second worker takes the job over (BullMQ's
 * stalled-job check, then the render lock's expiry) and the end state is
 * exactly one number, one record and one signed file per attempt.
 */
describe("fault: kill -9 of a worker while it renders a certificate", () => {
  const DOCUMENTS = 3;
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let outDir: string;
  const workers: SynaqProcess[] = [];

  const spawnWorker = async () => {
    const worker = await spawnSynaq({
      services: "worker",
      redisUrl: testRedis.url,
      env: { CERT_OUTPUT_DIR: outDir },
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    outDir = mkdtempSync(path.join(tmpdir(), "synaq-faults-certs-"));
  }, 60_000);

  afterAll(async () => {
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("ends with one number, one record and one validly signed file per attempt", async () => {
    let passed = false;
    let recoveryMs = 0;
    let issued = 0;
    try {
      const first = await spawnWorker();
      const slotId = `slot-${randomBytes(4).toString("hex")}`;
      const results = Array.from({ length: DOCUMENTS }, (_, n) =>
        sampleOfficialResult({
          kind: n === 1 ? "reference" : "certificate",
          attemptId: `att-${randomBytes(5).toString("hex")}`,
          slotId,
        }),
      );
      const connection = createRedis(testRedis.url, "blocking");
      const queues = createQueues(connection);
      try {
        for (const result of results) {
          await storeOfficialResult(redis, result);
          await addOfficialToSlot(redis, result.slotId, result.attemptId);
          await queues.add("certificate.issue", {
            attemptId: result.attemptId,
          });
        }
      } finally {
        await queues.close();
        connection.disconnect();
      }

      // Killed the moment it holds a render lock, i.e. mid-render.
      const locked = await waitFor(
        "a render lock",
        async () => {
          const [, keys] = await redis.scan(
            "0",
            "MATCH",
            "cert:lock:*",
            "COUNT",
            1000,
          );
          return keys.length > 0 ? keys : undefined;
        },
        90_000,
        10,
      );
      await first.kill9();
      const killedAt = Date.now();
      expect(await first.exited).toBeNull();
      expect(locked[0]).toMatch(/^cert:lock:attempt:att-/);
      const rendered = readdirSync(outDir).filter((name) =>
        name.endsWith(".pdf"),
      ).length;
      expect(rendered).toBeLessThan(DOCUMENTS);

      await spawnWorker();
      await waitFor(
        "every document",
        async () => {
          const records = await Promise.all(
            results.map((result) =>
              redis.get(certKeys.attempt(result.attemptId)),
            ),
          );
          if (!records.every(Boolean)) return undefined;
          const numbers = records.map(
            (record) => (JSON.parse(record!) as { number: string }).number,
          );
          const documents = await Promise.all(
            numbers.map((number) => redis.exists(certKeys.document(number))),
          );
          return documents.every((exists) => exists === 1) ? true : undefined;
        },
        150_000,
        500,
      );
      recoveryMs = Date.now() - killedAt;

      const numbers = await Promise.all(
        results.map(
          async (result) =>
            (
              JSON.parse(
                (await redis.get(certKeys.attempt(result.attemptId)))!,
              ) as { number: string }
            ).number,
        ),
      );
      expect(new Set(numbers).size).toBe(DOCUMENTS);
      const [, docKeys] = await redis.scan(
        "0",
        "MATCH",
        "cert:doc:*",
        "COUNT",
        1000,
      );
      expect(docKeys.sort()).toEqual(
        numbers.map((number) => certKeys.document(number)).sort(),
      );
      // One file per attempt, named by its number, and no temp file left behind.
      expect(readdirSync(outDir).sort()).toEqual(
        numbers.map((number) => `${number}.pdf`).sort(),
      );
      for (const number of numbers) {
        const out = spawnSync("pdfsig", [path.join(outDir, `${number}.pdf`)], {
          encoding: "utf8",
          timeout: 60_000,
        }).stdout;
        expect(out, number).toContain("Signature is Valid");
        expect(out, number).toContain("Total document signed");
      }
      issued = numbers.length;
      passed = true;
    } finally {
      const errors = workers.map((worker) => serverErrorsIn(worker.output()));
      recordScenario({
        scenario: "5. kill -9 of a worker mid-render, a second worker",
        acked: 0,
        lost: 0,
        badInputs: 0,
        serverErrors: errors.reduce((sum, e) => sum + e.http, 0),
        passed,
        notes: `${issued}/${DOCUMENTS} documents, one number and file each, pdfsig valid; taken over after ${(recoveryMs / 1000).toFixed(1)} s`,
      });
    }
  }, 240_000);
});
