import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { startSynaq, type RunningSynaq } from "../../server/src/app";
import { loadEnv } from "../../server/src/env";
import { createRedis } from "../../server/src/redis/connection";
import { startTestRedis } from "./redis";

export interface TestApp {
  url: string;
  synaq: RunningSynaq;
  /** A direct connection to the app's Redis, to check what was stored. */
  redis: Redis;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * A scratch DATA_DIR and CERT_OUTPUT_DIR per test Redis: test files run in
 * parallel and must not share keys, checkpoints or documents. A second
 * app on the same Redis (a "restart") gets the same folder.
 */
const scratchDirs = new Map<string, string>();
function scratchDirOf(redisUrl: string): string {
  let dir = scratchDirs.get(redisUrl);
  if (!dir) {
    dir = mkdtempSync(path.join(tmpdir(), "synaq-app-"));
    scratchDirs.set(redisUrl, dir);
  }
  return dir;
}

/**
 * Starts Synaq in-process on a free port against its own redis-server.
 * The demo seed is off unless asked for; static clients are not served
 * unless asked for (browser tests).
 */
export async function startTestApp(
  envOverrides: Record<string, string> = {},
  options: { serveStatic?: boolean; redis?: { url: string } } = {},
): Promise<TestApp> {
  // A second app on the same Redis plays "the server restarted".
  const testRedis = options.redis
    ? { url: options.redis.url, stop: () => Promise.resolve() }
    : await startTestRedis();
  const scratch = scratchDirOf(testRedis.url);
  const env = loadEnv({
    NODE_ENV: "test",
    DATA_DIR: path.join(scratch, "data"),
    CERT_OUTPUT_DIR: path.join(scratch, "output"),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    // Tests admit and start at once in slots a few minutes ahead: the start
    // rule as it was before EARLY_START (early-start.test.ts tests the rest).
    EARLY_START: "candidate",
    // The archive sweep queues slots whenever a test runs it, not only in
    // the night hours (archive-hardening.test.ts tests ARCHIVE_HOURS).
    ARCHIVE_HOURS: "00-24",
    // Tests play clients behind a proxy with X-Forwarded-For from loopback.
    TRUST_PROXY: "127.0.0.1,::1",
    ...envOverrides,
    REDIS_URL: testRedis.url,
  });
  const synaq = await startSynaq(
    { ...env, REDIS_URL: testRedis.url },
    { serveStatic: options.serveStatic ?? false },
  );
  const redis = createRedis(testRedis.url);
  redis.on("error", () => undefined); // the test reads through it; the app logs its own
  return {
    url: synaq.url ?? "",
    synaq,
    redis,
    redisUrl: testRedis.url,
    async stop() {
      redis.disconnect();
      await synaq.stop();
      await testRedis.stop();
      if (!options.redis) {
        scratchDirs.delete(testRedis.url);
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
