import type { Redis } from "ioredis";

/** What the lookups need: the context, or anything holding its Redis. */
export type RedisSource = { redis: Redis };
import { centerKeys } from "./repository";

/*
 * The center a slot, room or seat belongs to: what staff scope is checked
 * against (http/scope.ts). Null when there is no such thing, so the route
 * answers its own 404. Other modules reach their targets' centers through
 * these (an attempt, a booking, an incident, an appeal, a document: their
 * slot's center; a kiosk: its own centerId).
 */

export async function centerField(
  redis: Redis,
  key: string,
): Promise<string | null> {
  try {
    return (await redis.hget(key, "centerId")) || null;
  } catch (error) {
    // An id that names another kind of key ("x:official") names no target.
    if (error instanceof Error && error.message.startsWith("WRONGTYPE"))
      return null;
    throw error;
  }
}

/** The center of a room, or null. */
export const centerOfRoom = ({ redis }: RedisSource, roomId: string) =>
  centerField(redis, centerKeys.room(roomId));

/** The center of a seat, or null. */
export const centerOfSeat = ({ redis }: RedisSource, seatId: string) =>
  centerField(redis, centerKeys.seat(seatId));
