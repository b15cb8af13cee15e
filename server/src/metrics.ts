import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from "prom-client";
import type { Redis } from "ioredis";
import { archiveKeys } from "./archive/store";

/** The metrics a center's monitoring scrapes from `/metrics`. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "synaq_" });
  return {
    registry,
    connectedKiosks: new Gauge({
      name: "synaq_connected_kiosks",
      help: "Kiosk sockets connected to this process",
      registers: [registry],
    }),
    connectedConsoles: new Gauge({
      name: "synaq_connected_consoles",
      help: "Console sockets connected to this process",
      registers: [registry],
    }),
    answerSaveSeconds: new Histogram({
      name: "synaq_answer_save_seconds",
      help: "Time from receiving answer.save to its acknowledgement",
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    answerBatchSize: new Histogram({
      name: "synaq_answer_batch_size",
      help: "Answers per save-answers.lua call (one per batch)",
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "synaq_queue_jobs",
      help: "Jobs per queue and state",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
    httpErrors: new Counter({
      name: "synaq_http_errors_total",
      help: "HTTP responses with status >= 500",
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Redis's INFO memory `used_memory` (bytes), or null when it cannot be read. */
async function redisUsedMemory(redis: Redis): Promise<number | null> {
  const info = await redis.info("memory").catch(() => null);
  const match = info ? /^used_memory:(\d+)/m.exec(info) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Hot state on `/metrics`, read from Redis at each scrape: the memory
 * Redis uses and how many slots are archived (their keys out of Redis).
 * A scrape while Redis is away keeps the last figures.
 */
export function registerStorageMetrics(registry: Registry, redis: Redis) {
  new Gauge({
    name: "synaq_redis_used_memory_bytes",
    help: "Memory Redis uses (INFO memory used_memory)",
    registers: [registry],
    async collect() {
      const bytes = await redisUsedMemory(redis);
      if (bytes !== null) this.set(bytes);
    },
  });
  new Gauge({
    name: "synaq_archived_slots",
    help: "Slots archived to ARCHIVE_DIR (only their stubs left in Redis)",
    registers: [registry],
    async collect() {
      const count = await redis.scard(archiveKeys.all).catch(() => null);
      if (count !== null) this.set(count);
    },
  });
}
