import type { Redis } from "ioredis";
import { redisNow } from "./connection";

/**
 * Redis time for code that needs "now" without a round trip per call:
 * the offset between this process's clock and Redis `TIME`, re-measured
 * every 30 s. Deadlines themselves are always set inside Lua from TIME.
 */
export class RedisClock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: Redis) {}

  async start(): Promise<void> {
    await this.measure();
    this.timer = setInterval(
      () => void this.measure().catch(() => undefined),
      30_000,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  now(): number {
    return Math.round(Date.now() + this.offsetMs);
  }

  private async measure(): Promise<void> {
    const before = Date.now();
    const server = await redisNow(this.redis);
    const after = Date.now();
    this.offsetMs = server - (before + after) / 2;
  }
}
