import { Redis, type RedisOptions } from "ioredis";

/**
 * One place that opens Redis connections. Blocking users (BullMQ workers)
 * need `maxRetriesPerRequest: null`; request paths fail fast instead of
 * queueing forever when Redis is gone.
 */
export function createRedis(
  url: string,
  purpose: "commands" | "blocking" | "subscriber" = "commands",
  extra: RedisOptions = {},
): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: purpose === "commands" ? 3 : null,
    enableReadyCheck: true,
    connectionName: `synaq:${purpose}`,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...extra,
  });
  return client;
}

/** Redis `TIME` in epoch milliseconds: the one clock the server trusts. */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
