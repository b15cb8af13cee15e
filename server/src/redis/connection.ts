import { Redis, type RedisOptions } from "ioredis";

const SENTINEL_URL =
  /^redis\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/]+)\/([^/?#]+)(?:\/(\d+))?\/?$/;

/**
 * Where a URL points: `redis://` and `rediss://` (TLS) are one server;
 * `redis+sentinel://[user:password@]host:port,host:port/<master>[/db]`
 * asks the Sentinels for the master of that name and follows a failover.
 * The password is the master's (and its replicas'); the Sentinels are
 * expected on a private network without one.
 */
export function redisTarget(
  url: string,
): { url: string } | { options: RedisOptions } {
  const sentinel = SENTINEL_URL.exec(url);
  if (!url.startsWith("redis+sentinel:")) return { url };
  if (!sentinel) {
    throw new Error(
      "REDIS_URL: expected redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/db]",
    );
  }
  const [, username, password, hosts = "", name = "", db] = sentinel;
  const sentinels = hosts.split(",").map((entry) => {
    const [host = "", port = "26379"] = entry.split(":");
    return { host, port: Number(port) };
  });
  return {
    options: {
      sentinels,
      name,
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
      ...(db ? { db: Number(db) } : {}),
      // A command refused by a demoted master was not applied: after the
      // reconnect (which asks the Sentinels again) it is sent to the new one.
      reconnectOnError: (error) =>
        error.message.includes("READONLY") ? 2 : false,
    },
  };
}

/**
 * One place that opens Redis connections. Blocking users (BullMQ workers)
 * need `maxRetriesPerRequest: null`; request paths fail fast instead of
 * queueing forever when Redis is gone.
 *
 * The request connection never re-sends a command that was sent but not
 * answered when the connection dropped: Redis may have run it (a booking,
 * a time grant), and only the client, repeating with its request id, can
 * have it recognised. Such a command fails ("Connection is closed.", the
 * `storage_unavailable` 503 of errors.ts) and the client repeats it.
 * Commands queued while disconnected were never sent and still go out.
 */
export function createRedis(
  url: string,
  purpose: "commands" | "blocking" | "subscriber" = "commands",
  extra: RedisOptions = {},
): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: purpose === "commands" ? 3 : null,
    enableReadyCheck: true,
    connectionName: `synaq:${purpose}`,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...(purpose === "commands" ? { autoResendUnfulfilledCommands: false } : {}),
    ...extra,
  };
  const target = redisTarget(url);
  const redis =
    "url" in target
      ? new Redis(target.url, options)
      : new Redis({ ...options, ...target.options });
  if (options.autoResendUnfulfilledCommands === false)
    failUnansweredOnClose(redis);
  return redis;
}

/**
 * ioredis with `autoResendUnfulfilledCommands: false` drops the commands in
 * flight at a disconnect without settling them when it reconnects before
 * `maxRetriesPerRequest` (5.x, event_handler.js readyHandler): their callers
 * would wait forever. At "close" (emitted on the next tick, before any
 * reconnect) they are still in `commandQueue`: they fail here instead.
 */
function failUnansweredOnClose(redis: Redis): void {
  redis.on("close", () => {
    for (
      let item = redis.commandQueue.shift();
      item;
      item = redis.commandQueue.shift()
    ) {
      item.command.reject(new Error(CONNECTION_CLOSED));
    }
  });
}

/** ioredis's own message for a command that lost its connection. */
const CONNECTION_CLOSED = "Connection is closed.";

/** Redis `TIME` in epoch milliseconds: the one clock the server trusts. */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
