import type { Request, RequestHandler } from "express";
import type { Redis } from "ioredis";
import type { AppContext } from "../context";
import { tooManyRequests } from "../errors";

/**
 * Fixed-window counters in Redis (INCR, then PEXPIRE NX), so every web
 * process behind a balancer shares one budget per client. No Redis store
 * for express-rate-limit is installed, and this is all we need of one.
 */
export interface FixedWindow {
  /** Counts one event for `key`; returns the count in the current window. */
  hit(key: string): Promise<{ count: number; resetMs: number }>;
  /** The count so far, without counting. */
  peek(key: string): Promise<number>;
  readonly limit: number;
}

/** A named fixed window of `windowMs` allowing `limit` events per key. */
export function fixedWindow(
  redis: Redis,
  name: string,
  limit: number,
  windowMs = 60_000,
): FixedWindow {
  const keyOf = (key: string) => `ratelimit:${name}:${key}`;
  return {
    limit,
    async hit(key) {
      const redisKey = keyOf(key);
      const replies = await redis
        .multi()
        .incr(redisKey)
        .pexpire(redisKey, windowMs, "NX")
        .pttl(redisKey)
        .exec();
      const count = Number(replies?.[0]?.[1] ?? 0);
      const ttl = Number(replies?.[2]?.[1] ?? windowMs);
      return { count, resetMs: ttl > 0 ? ttl : windowMs };
    },
    async peek(key) {
      return Number((await redis.get(keyOf(key))) ?? 0);
    },
  };
}

/** The client's address; `trust proxy` (web.ts) decides whom to believe. */
export const clientIp = (req: Request): string =>
  req.ip ?? req.socket.remoteAddress ?? "unknown";

const publicLimiters = new WeakMap<AppContext, RequestHandler>();

/**
 * The one budget all anonymous API traffic shares (every public route,
 * login, kiosk enrollment): RATE_LIMIT_PUBLIC_PER_MINUTE requests per client
 * IP per minute, then 429 `rate_limited`. Signed-in staff and enrolled
 * kiosks are not counted. Mounted once in web.ts after the principal
 * resolvers.
 */
export function publicRateLimit(ctx: AppContext): RequestHandler {
  let limiter = publicLimiters.get(ctx);
  if (!limiter) {
    const window = fixedWindow(
      ctx.redis,
      "public",
      ctx.env.RATE_LIMIT_PUBLIC_PER_MINUTE,
    );
    limiter = async (req, res, next) => {
      const { count, resetMs } = await window.hit(clientIp(req));
      res.setHeader("RateLimit-Limit", String(window.limit));
      res.setHeader(
        "RateLimit-Remaining",
        String(Math.max(0, window.limit - count)),
      );
      res.setHeader("RateLimit-Reset", String(Math.ceil(resetMs / 1000)));
      if (count > window.limit) {
        res.setHeader("Retry-After", String(Math.ceil(resetMs / 1000)));
        throw tooManyRequests();
      }
      next();
    };
    publicLimiters.set(ctx, limiter);
  }
  return limiter;
}
