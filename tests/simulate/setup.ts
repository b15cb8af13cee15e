import { createRedis } from "../../server/src/redis/connection";
import { createPlace } from "../support/booking";
import { enrollKiosk } from "../support/kiosk";
import { signInStaff } from "../support/processes";
import { Caller, expectStatus } from "./client";
import { SimKiosk } from "./kiosk";
import type { DayPlan } from "./plan";
import { SIM_PROGRAM, type SimSynaq } from "./synaq";

/**
 * Setting up the center before the day: staff accounts (written to Redis
 * as the account CLI would, then signed in through the API), the center,
 * its rooms and seats, one slot per room, and an enrolled kiosk on every
 * seat, connected and idle. Everything after this goes through the API.
 */

export interface Room {
  index: number;
  roomId: string;
  seatIds: string[];
  slotId: string;
  startsAt: number;
  /** The room's administrator at the desk (admission, sign-off, hand-over). */
  administrator: Caller;
  kiosks: SimKiosk[];
}

export interface Center {
  centerId: string;
  rooms: Room[];
  manager: Caller;
  /** Technical support: incidents, co-signing, the "needs attention" list. */
  operators: Caller[];
  /** When booking opens (Redis time, ms). */
  bookingOpensAt: number;
}

/** Runs `work` over `items`, `width` at a time. */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++)
        results[index] = await work(items[index]!, index);
    }),
  );
  return results;
}

async function redisTime(redisUrl: string): Promise<number> {
  const redis = createRedis(redisUrl);
  try {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  } finally {
    redis.disconnect();
  }
}

export async function setUpCenter(
  synaq: SimSynaq,
  plan: DayPlan,
  log: (line: string) => void,
): Promise<Center> {
  const { urls, redisUrl } = synaq;
  const url = urls[0]!;
  const staff = async (
    role: "manager" | "operator" | "administrator",
    name: string,
    index: number,
  ) =>
    new Caller(
      (await signInStaff(url, redisUrl, role, name)).client,
      urls,
      index,
    );
  const manager = await staff("manager", "sim-manager", 0);
  const operators = await Promise.all(
    [0, 1].map((index) =>
      staff("operator", `sim-operator-${index + 1}`, index),
    ),
  );
  const administrators = await Promise.all(
    plan.rooms.map((room) =>
      staff("administrator", `sim-admin-${room.index + 1}`, room.index),
    ),
  );

  const first = plan.rooms[0]!;
  const place = await createPlace(manager.client, first.seats, first.name);
  const places = [{ roomId: place.roomId, seatIds: place.seatIds }];
  for (const room of plan.rooms.slice(1)) {
    const created = expectStatus(
      await manager.post(`/centers/${place.centerId}/rooms`, {
        name: room.name,
      }),
      201,
      "room",
    );
    const seats = expectStatus(
      await manager.post(`/rooms/${created.id}/seats`, {
        prefix: String.fromCharCode(65 + room.index),
        from: 1,
        to: room.seats,
      }),
      201,
      "seats",
    );
    places.push({
      roomId: created.id as string,
      seatIds: (seats as { id: string }[]).map((seat) => seat.id),
    });
  }

  // An operator enrolls each seat's kiosk; each kiosk redeems its own code.
  const seats = places.flatMap((where, room) =>
    where.seatIds.map((seatId) => ({ room, seatId })),
  );
  const tokens = await inBatches(
    seats,
    8,
    async ({ seatId }) =>
      (await enrollKiosk(url, operators[0]!.client, seatId)).token,
  );

  const bookingOpensAt = (await redisTime(redisUrl)) + 3_000;
  const rooms: Room[] = [];
  for (const room of plan.rooms) {
    const where = places[room.index]!;
    const startsAt = bookingOpensAt + room.startsAfterMs;
    const slot = expectStatus(
      await manager.post("/slots", {
        roomId: where.roomId,
        programId: SIM_PROGRAM,
        startsAt: new Date(startsAt).toISOString(),
        seatsOffered: room.seats,
        bookingCutoffAt: new Date(startsAt).toISOString(),
        lateAdmissionCutoffAt: new Date(startsAt + 5 * 60_000).toISOString(),
      }),
      201,
      "slot",
    );
    rooms.push({
      index: room.index,
      roomId: where.roomId,
      seatIds: where.seatIds,
      slotId: slot.id as string,
      startsAt,
      administrator: administrators[room.index]!,
      kiosks: [],
    });
  }
  seats.forEach(({ room, seatId }, index) =>
    rooms[room]!.kiosks.push(new SimKiosk(seatId, tokens[index]!, urls, index)),
  );
  log(
    `center ${place.centerId}: ${rooms.length} rooms, ${seats.length} seats with kiosks, slots ${rooms.map((room) => room.slotId).join(", ")}`,
  );
  return {
    centerId: place.centerId,
    rooms,
    manager,
    operators,
    bookingOpensAt,
  };
}
