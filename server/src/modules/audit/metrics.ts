import type { Redis } from "ioredis";
import { Counter, Gauge, type Registry } from "prom-client";
import { saltPoolState } from "./repository";

/**
 * The salt pool on `/metrics`, read from Redis at each scrape (Lua counts
 * the misses, so every process reports the installation's figure). A
 * scrape while Redis is away keeps the last figures rather than failing.
 */
export function registerAuditMetrics(registry: Registry, redis: Redis): void {
  const state = () => saltPoolState(redis).catch(() => null);
  new Counter({
    name: "synaq_audit_salt_pool_empty_total",
    help: "Audit entries written with personal values in plain because the salt pool was empty",
    registers: [registry],
    async collect() {
      const read = await state();
      if (!read) return;
      this.reset();
      this.inc(read.emptyTotal);
    },
  });
  new Gauge({
    name: "synaq_audit_salt_pool_keys",
    help: "Random keys waiting in the audit salt pool for new audit scopes",
    registers: [registry],
    async collect() {
      const read = await state();
      if (read) this.set(read.size);
    },
  });
}
