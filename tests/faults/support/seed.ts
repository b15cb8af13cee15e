import type { Redis } from "ioredis";
import {
  bookingBody,
  createPlace,
  freshIp,
  syntheticIins,
  type Place,
} from "../../support/booking";
import { ApiClient } from "../../support/http";
import { enrollKiosk } from "../../support/kiosk";
import { signInStaff } from "../../support/processes";

/**
 * A room for fault scenarios on spawned processes (tests/support/processes):
 * staff signed in, a center with `seats` seats, a slot of `programId`
 * starting in five minutes (admission is open), one booking and one
 * enrolled kiosk per seat.
 */
export interface Room {
  manager: ApiClient;
  administrator: ApiClient;
  operator: ApiClient;
  place: Place;
  slotId: string;
  iins: string[];
  bookings: { id: string; code: string }[];
  kiosks: { token: string; kioskId: string; seatId: string }[];
}

export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

export async function seedRoom(options: {
  url: string;
  redisUrl: string;
  redis: Redis;
  seats: number;
  programId: string;
  iinOffset: number;
}): Promise<Room> {
  const { url, redisUrl } = options;
  const [manager, administrator, operator] = await Promise.all([
    signInStaff(url, redisUrl, "manager"),
    signInStaff(url, redisUrl, "administrator"),
    signInStaff(url, redisUrl, "operator"),
  ]);
  const place = await createPlace(manager.client, options.seats);
  const now = await redisNow(options.redis);
  const slot = await manager.client.post("/slots", {
    roomId: place.roomId,
    programId: options.programId,
    startsAt: new Date(now + 5 * 60_000).toISOString(),
    seatsOffered: options.seats,
    bookingCutoffAt: new Date(now + 4 * 60_000).toISOString(),
    lateAdmissionCutoffAt: new Date(now + 6 * 60_000).toISOString(),
  });
  if (slot.status !== 201)
    throw new Error(`slot: ${JSON.stringify(slot.body)}`);
  const iins = syntheticIins(options.seats, options.iinOffset);
  const bookings = [];
  for (const iin of iins) {
    const booked = await new ApiClient(url).post(
      "/bookings",
      bookingBody(slot.body.id, iin, { programId: options.programId }),
      freshIp(),
    );
    if (booked.status !== 201)
      throw new Error(`booking: ${JSON.stringify(booked.body)}`);
    bookings.push({
      id: booked.body.id as string,
      code: booked.body.code as string,
    });
  }
  const kiosks = [];
  for (const seatId of place.seatIds) {
    const enrolled = await enrollKiosk(url, operator.client, seatId);
    kiosks.push({ token: enrolled.token, kioskId: enrolled.kiosk.id, seatId });
  }
  return {
    manager: manager.client,
    administrator: administrator.client,
    operator: operator.client,
    place,
    slotId: slot.body.id as string,
    iins,
    bookings,
    kiosks,
  };
}

/** Admits the booked candidate of each seat; returns the attempt ids in seat order. */
export async function admitAll(room: Room): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, iin] of room.iins.entries()) {
    const admitted = await room.administrator.post(
      `/slots/${room.slotId}/admissions`,
      { iin, seatId: room.place.seatIds[index] },
    );
    if (admitted.status !== 201)
      throw new Error(`admission: ${JSON.stringify(admitted.body)}`);
    ids.push(admitted.body.attemptId as string);
  }
  return ids;
}

/** The administrator starts each attempt; returns the deadlines the server set. */
export async function startAll(
  room: Room,
  attemptIds: string[],
): Promise<number[]> {
  const deadlines: number[] = [];
  for (const attemptId of attemptIds) {
    const started = await room.administrator.post(
      `/attempts/${attemptId}/start`,
      {},
    );
    if (started.status !== 200 || started.body.state !== "in_progress")
      throw new Error(`start: ${JSON.stringify(started.body)}`);
    deadlines.push(started.body.deadlineAt as number);
  }
  return deadlines;
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * 5xx answers and failed socket handlers a process logged (errorMapper logs
 * "unhandled error" for every 500; events.ts "socket handler failed").
 */
export function serverErrorsIn(output: string): {
  http: number;
  socket: number;
} {
  return {
    http: output.match(/"msg":"unhandled error"/g)?.length ?? 0,
    socket: output.match(/"msg":"socket handler failed"/g)?.length ?? 0,
  };
}
