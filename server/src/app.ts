import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { AppContext } from "./context";
import type { Env, ServiceRole } from "./env";
import { createLogger, type Logger } from "./logger";
import { createMetrics, registerStorageMetrics } from "./metrics";
import { demoSeeders } from "./modules";
import { loadBankCatalog } from "./modules/banks/repository";
import { migrateGlobalVoidedItems } from "./modules/banks/voided";
import { kioskIdSecret } from "./modules/attempts/kiosk-ids";
import { refillSaltPool, registerAuditMetrics } from "./modules/audit";
import { seedDemo } from "./modules/demo/seed";
import { createQueues } from "./queues/queue";
import { RedisClock } from "./redis/clock";
import { createRedis } from "./redis/connection";
import { startStorageProbe } from "./redis/storage-probe";
import { createRealtime, type Realtime } from "./services/realtime";
import { createWebApp } from "./services/web";
import { startWorkers, type Workers } from "./services/worker";

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers or
 * URL over the 16 KB limit, malformed request lines) get the API's error
 * shape too, instead of an empty 400/431.
 */
function answerClientError(
  error: Error & { code?: string },
  socket: Duplex,
): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text, id, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [
          431,
          "Request Header Fields Too Large",
          "headers_too_large",
          "The request's URL or headers are too large.",
        ]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [
            408,
            "Request Timeout",
            "request_timeout",
            "The request took too long to arrive.",
          ]
        : [400, "Bad Request", "bad_request", "The request is malformed."];
  const body = JSON.stringify({ error: { id, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** How often each process checks that Redis takes writes. */
const STORAGE_PROBE_MS = 5_000;
/** /readyz says 503 when Redis does not answer a PING within this. */
const READY_PING_MS = 1_000;

/** Whether a Redis command succeeds within `ms`. */
function answersWithin(
  command: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    command.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(false), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

export interface RunningSynaq {
  ctx: AppContext;
  /** Base URL of this process's HTTP server, when it runs one. */
  url: string | undefined;
  realtime: Realtime | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the chosen process roles against the Redis at `env.REDIS_URL`.
 * Used by `npm start` and, in-process, by the tests.
 */
export async function startSynaq(
  env: Env & { REDIS_URL: string },
  options: {
    services?: ServiceRole[];
    logger?: Logger;
    serveStatic?: boolean;
  } = {},
): Promise<RunningSynaq> {
  const services = new Set(options.services ?? env.SYNAQ_SERVICES);
  const logger =
    options.logger ??
    createLogger(env.LOG_LEVEL, { services: [...services].join(",") });
  const redis = createRedis(env.REDIS_URL);
  const logRedisError = (connection: string) => (error: Error) =>
    logger.warn({ err: error, connection }, "redis connection error");
  redis.on("error", logRedisError("commands"));
  await redis.ping();

  const queueConnection = createRedis(env.REDIS_URL, "blocking");
  queueConnection.on("error", logRedisError("queues"));
  const queues = createQueues(queueConnection);
  const clock = new RedisClock(redis);
  await clock.start();
  const storage = startStorageProbe(redis, {
    intervalMs: STORAGE_PROBE_MS,
    onChange: (alarm, previous) => {
      if (alarm.state === "ok") {
        logger.warn({ was: previous.state }, "redis takes writes again");
      } else {
        logger.error(
          { state: alarm.state },
          alarm.state === "full"
            ? "redis refuses writes: maxmemory reached (REDIS_MAXMEMORY)"
            : "redis is unreachable",
        );
      }
    },
  });
  const ctx: AppContext = {
    env,
    redis,
    logger,
    queues,
    metrics: createMetrics(),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    registry: new OpenAPIRegistry(),
    catalog: await loadBankCatalog(env.BANKS_DIR),
    clock,
    storage,
  };

  // Once per installation, and harmless to repeat: voided items recorded
  // per program, and the secret the kiosks' item and option ids derive from.
  await migrateGlobalVoidedItems(redis, ctx.catalog, logger);
  await kioskIdSecret(redis);
  // Random keys for the audit's salted commitments, which Lua cannot make.
  await refillSaltPool(redis);
  registerAuditMetrics(ctx.metrics.registry, redis);
  registerStorageMetrics(ctx.metrics.registry, redis);

  // Production has nothing demo in it, whatever SEED_DEMO says.
  if (env.SEED_DEMO && env.NODE_ENV !== "production")
    await seedDemo(ctx, demoSeeders);

  const workers: Workers | undefined = services.has("worker")
    ? startWorkers(ctx)
    : undefined;

  let httpServer: HttpServer | undefined;
  let realtime: Realtime | undefined;
  let url: string | undefined;
  if (services.has("web") || services.has("realtime")) {
    const app = createWebApp(ctx, {
      serveStatic: services.has("web") && (options.serveStatic ?? true),
      webRoutes: services.has("web"),
      isReady: async () => {
        const checks: Record<string, boolean> = {
          // Not while the connection is down (a restarting Redis), even
          // if the PING would queue and succeed after the reconnect.
          redis:
            redis.status === "ready" &&
            (await answersWithin(redis.ping(), READY_PING_MS)),
        };
        if (workers) checks.workers = workers.running();
        return { ready: Object.values(checks).every(Boolean), checks };
      },
    });
    httpServer = createServer(app);
    httpServer.on("clientError", answerClientError);
    if (services.has("realtime"))
      realtime = createRealtime(ctx, httpServer, clock);
    await new Promise<void>((resolve, reject) => {
      httpServer?.once("error", reject);
      httpServer?.listen(env.PORT, env.HOST, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    if (!env.PUBLIC_URL) ctx.publicUrl = `http://localhost:${port}`;
  }

  let stopping: Promise<void> | undefined;
  return {
    ctx,
    url,
    realtime,
    stop() {
      stopping ??= (async () => {
        // Stop accepting first, then close sockets, then let jobs finish.
        const closed = httpServer
          ? new Promise<void>((resolve) => httpServer?.close(() => resolve()))
          : Promise.resolve();
        httpServer?.closeIdleConnections();
        await realtime?.close();
        httpServer?.closeAllConnections();
        await closed;
        await workers?.close();
        await queues.close();
        clock.stop();
        storage.stop();
        await redis.quit().catch(() => redis.disconnect());
        queueConnection.disconnect();
      })();
      return stopping;
    },
  };
}
