import { existsSync, readFileSync } from "node:fs";
import type { Redis } from "ioredis";
import type { Env } from "../env";
import { createRedis } from "./connection";
import {
  dataDirRedisOptions,
  embeddedRedisFiles,
  embeddedRedisPassword,
  redactRedisUrl,
  startEmbeddedRedis,
} from "./embedded";

export interface CliRedis {
  redis: Redis;
  /** Where it is connected, the password masked: safe to print. */
  url: string;
  /** Disconnects, and stops the embedded Redis if this command started it. */
  close(): Promise<void>;
}

/** Whether the pid file names a live redis-server. */
function redisServerRunning(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(
      "redis-server",
    );
  } catch {
    return false;
  }
}

/** Connects and checks with PING, so a wrong password fails here. */
async function connected(url: string): Promise<Redis> {
  const redis = createRedis(url, "commands", {
    connectionName: "synaq:cli",
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (times > 20 ? null : 100),
  });
  redis.on("error", () => undefined);
  try {
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)}: ${reason}`);
  }
  return redis;
}

/**
 * The Redis an operator command (`audit:verify`, `data:purge`,
 * `account:*`) works on: `explicitUrl` (`--redis`), else `REDIS_URL`, else
 * the embedded Redis of `DATA_DIR`. That one is reached with the password
 * kept in `DATA_DIR/redis/password` while `npm start` runs it; when nothing
 * runs it, it is started on the same data for the command and stopped on
 * `close()`.
 */
export async function openCliRedis(
  env: Env,
  explicitUrl?: string,
): Promise<CliRedis> {
  const external = explicitUrl ?? env.REDIS_URL;
  if (external !== undefined) {
    const redis = await connected(external);
    return {
      redis,
      url: redactRedisUrl(external),
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }

  const files = embeddedRedisFiles(env.DATA_DIR);
  if (existsSync(files.urlFile) && redisServerRunning(files.pidFile)) {
    const address = readFileSync(files.urlFile, "utf8").trim();
    const password = embeddedRedisPassword(env.DATA_DIR);
    const url = address.replace("redis://", `redis://:${password}@`);
    const redis = await connected(url);
    return {
      redis,
      url: address,
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }

  const embedded = await startEmbeddedRedis(dataDirRedisOptions(env));
  let redis: Redis;
  try {
    redis = await connected(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    redis,
    url: `${embedded.address} (started for this command on ${files.dir})`,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
      await embedded.stop();
    },
  };
}
