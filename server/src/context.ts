import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { Redis } from "ioredis";
import type { Env } from "./env";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Queues } from "./queues/queue";

/** What every module gets: configuration and the shared connections. */
export interface AppContext {
  env: Env;
  redis: Redis;
  logger: Logger;
  queues: Queues;
  metrics: Metrics;
  /** Base URL printed on receipts and in QR codes. */
  publicUrl: string;
  registry: OpenAPIRegistry;
}
