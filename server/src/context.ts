import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { Redis } from "ioredis";
import type { Env } from "./env";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { BankCatalog } from "./modules/banks/validate";
import type { Queues } from "./queues/queue";
import type { RedisClock } from "./redis/clock";
import type { StorageProbe } from "./redis/storage-probe";

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
  /** Programs and question banks, loaded and validated at start. */
  catalog: BankCatalog;
  /** Redis time without a round trip (for display; Lua reads TIME itself). */
  clock: RedisClock;
  /** Whether Redis takes writes; the console's storage alarm. */
  storage: StorageProbe;
}
