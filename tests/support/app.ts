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
  const env = loadEnv({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
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
    },
  };
}
