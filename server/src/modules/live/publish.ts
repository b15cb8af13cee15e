import type { Redis } from "ioredis";

/**
 * Live updates fan out through one Redis pub/sub channel: any process (web,
 * worker) publishes; every realtime process forwards to its own sockets.
 * Pub/sub may drop a message on a reconnect; clients resync on every
 * (re)connect, so a dropped update costs at most one refresh.
 */
export const LIVE_CHANNEL = "live:updates";

export type LiveMessage =
  | {
      target: "console";
      slotId: string;
      event: "seat.updated";
      payload: unknown;
    }
  | {
      target: "console";
      slotId: string;
      event: "seat.progress";
      payload: unknown;
    }
  | {
      target: "console";
      slotId: string;
      event: "incident.created";
      payload: unknown;
    }
  | {
      target: "kiosk";
      seatId: string;
      event: "attempt.updated";
      payload: unknown;
    }
  | {
      target: "kiosk";
      kioskId: string;
      event: "kiosk.revoked";
      payload: unknown;
    }
  /** Staff sessions that ended (logout, password change, deactivation): their console sockets close. */
  | { target: "sessions"; event: "sessions.ended"; sessionHashes: string[] };

export async function publishLive(
  redis: Redis,
  message: LiveMessage,
): Promise<void> {
  await redis.publish(LIVE_CHANNEL, JSON.stringify(message));
}
