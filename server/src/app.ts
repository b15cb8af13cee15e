import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { AppContext } from "./context";
import type { Env, ServiceRole } from "./env";
import { createLogger, type Logger } from "./logger";
import { createMetrics } from "./metrics";
import { demoSeeders } from "./modules";
import { loadBankCatalog } from "./modules/banks/repository";
import { seedDemo } from "./modules/demo/seed";
import { createQueues } from "./queues/queue";
import { RedisClock } from "./redis/clock";
import { createRedis } from "./redis/connection";
import { createRealtime, type Realtime } from "./services/realtime";
import { createWebApp } from "./services/web";
import { startWorkers, type Workers } from "./services/worker";

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers or
 * URL over the 16 KB limit, malformed request lines) get the API's error
 * shape too, instead of an empty 400/431.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text, id, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "headers_too_large", "The request's URL or headers are too large."]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "request_timeout", "The request took too long to arrive."]
        : [400, "Bad Request", "bad_request", "The request is malformed."];
  const body = JSON.stringify({ error: { id, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
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
  options: { services?: ServiceRole[]; logger?: Logger; serveStatic?: boolean } = {},
): Promise<RunningSynaq> {
  const services = new Set(options.services ?? env.SYNAQ_SERVICES);
  const logger = options.logger ?? createLogger(env.LOG_LEVEL, { services: [...services].join(",") });
  const redis = createRedis(env.REDIS_URL);
  const logRedisError = (connection: string) => (error: Error) => logger.warn({ err: error, connection }, "redis connection error");
  redis.on("error", logRedisError("commands"));
  await redis.ping();

  const queueConnection = createRedis(env.REDIS_URL, "blocking");
  queueConnection.on("error", logRedisError("queues"));
  const queues = createQueues(queueConnection);
  const clock = new RedisClock(redis);
  await clock.start();
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
  };

  if (env.SEED_DEMO) await seedDemo(ctx, demoSeeders);

  const workers: Workers | undefined = services.has("worker") ? startWorkers(ctx) : undefined;

  let httpServer: HttpServer | undefined;
  let realtime: Realtime | undefined;
  let url: string | undefined;
  if (services.has("web") || services.has("realtime")) {
    const app = createWebApp(ctx, {
      serveStatic: services.has("web") && (options.serveStatic ?? true),
      webRoutes: services.has("web"),
      isReady: async () => {
        const checks: Record<string, boolean> = {
          redis: await redis.ping().then(() => true, () => false),
        };
        if (workers) checks.workers = workers.running();
        return { ready: Object.values(checks).every(Boolean), checks };
      },
    });
    httpServer = createServer(app);
    httpServer.on("clientError", answerClientError);
    if (services.has("realtime")) realtime = createRealtime(ctx, httpServer, clock);
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
        await redis.quit().catch(() => redis.disconnect());
        queueConnection.disconnect();
      })();
      return stopping;
    },
  };
}
