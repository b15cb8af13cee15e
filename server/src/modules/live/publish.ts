import type { Redis } from "ioredis";
import type { LiveMessage } from "@shared/realtime";

/**
 * Live updates fan out through one Redis pub/sub channel: any process (web,
 * worker) publishes; every realtime process forwards to its own sockets.
 * Pub/sub may drop a message on a reconnect; clients resync on every
 * (re)connect, so a dropped update costs at most one refresh.
 */
export const LIVE_CHANNEL = "live:updates";

/** Publishes one live update, typed by the event maps (@shared/realtime). */
export async function publishLive(
  redis: Redis,
  message: LiveMessage,
): Promise<void> {
  await redis.publish(LIVE_CHANNEL, JSON.stringify(message));
}
