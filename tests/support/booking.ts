import path from "node:path";
import { iinCheckDigit } from "../../server/shared/iin";
import { startTestApp, type TestApp } from "./app";
import type { ApiClient } from "./http";

/**
 * Programs for booking tests (tests/fixtures/booking-banks): the shipped
 * ids with their real durations (corps-b-legislation 55 min,
 * program-1-2016 110 min, 10 min instructions each) and a Russian-only
 * one, so the tests do not depend on the question content.
 */
export const BOOKING_BANKS_DIR = path.resolve(
  import.meta.dirname,
  "../fixtures/booking-banks",
);

export const CORPS_B = "corps-b-legislation";
export const PROGRAM_1 = "program-1-2016";
export const RU_ONLY = "ru-only-fixture";

/** A test app with the booking fixtures and a public limit tests never hit. */
export function startBookingApp(env: Record<string, string> = {}) {
  return startTestApp({
    BANKS_DIR: BOOKING_BANKS_DIR,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
    ...env,
  });
}

/**
 * `count` distinct valid synthetic IINs (men born 1 Jan 1990 + `offset`
 * days…), skipping serials for which no check digit exists.
 */
export function syntheticIins(count: number, offset = 0): string[] {
  const iins: string[] = [];
  for (let serial = 0; iins.length < count; serial++) {
    const day = new Date(
      Date.UTC(1990, 0, 1 + offset + Math.floor(serial / 10_000)),
    );
    const yymmdd = [
      day.getUTCFullYear() % 100,
      day.getUTCMonth() + 1,
      day.getUTCDate(),
    ]
      .map((part) => String(part).padStart(2, "0"))
      .join("");
    const first11 = `${yymmdd}3${String(serial % 10_000).padStart(4, "0")}`;
    const check = iinCheckDigit([...first11].map(Number));
    if (check !== null) iins.push(`${first11}${check}`);
  }
  return iins;
}

let ipCounter = 0;
/** A fresh client address (the app trusts X-Forwarded-For from loopback). */
/** Request headers carrying a booking code (never in the URL), plus any others. */
export const codeHeader = (
  code: string,
  headers: Record<string, string> = {},
) => ({
  ...headers,
  "X-Booking-Code": code,
});

export const freshIp = () => {
  ipCounter++;
  return {
    "x-forwarded-for": `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`,
  };
};

export interface Place {
  centerId: string;
  roomId: string;
  seatIds: string[];
}

/** A center with one room of `seats` seats (A-01…), made by a manager. */
export async function createPlace(
  manager: ApiClient,
  seats = 10,
  roomName = "Зал 1",
): Promise<Place> {
  const center = await manager.post("/centers", {
    name: {
      kk: "Астана тестілеу орталығы",
      ru: "Астанинский центр тестирования",
      en: "Astana testing center",
    },
    address: {
      kk: "Астана қ., Сарыарқа даңғылы, 1",
      ru: "г. Астана, проспект Сарыарка, 1",
      en: "1 Saryarka Ave, Astana",
    },
  });
  if (center.status !== 201) throw new Error(JSON.stringify(center.body));
  const room = await manager.post(`/centers/${center.body.id}/rooms`, {
    name: roomName,
  });
  if (room.status !== 201) throw new Error(JSON.stringify(room.body));
  const created = await manager.post(`/rooms/${room.body.id}/seats`, {
    prefix: "A",
    from: 1,
    to: seats,
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return {
    centerId: center.body.id,
    roomId: room.body.id,
    seatIds: created.body.map((seat: { id: string }) => seat.id),
  };
}

let slotHour = 0;
/**
 * Schedules a slot in the room. By default it starts days ahead, each new
 * slot an hour and a half after the last, so slots never overlap.
 */
export async function createSlot(
  app: TestApp,
  manager: ApiClient,
  place: Place,
  options: {
    programId?: string;
    seatsOffered?: number;
    startsAt?: number;
    bookingCutoffAt?: number;
    lateAdmissionCutoffAt?: number;
  } = {},
) {
  const [seconds] = await app.redis.time();
  const now = Number(seconds) * 1000;
  slotHour += 3;
  const startsAt =
    options.startsAt ?? now + 2 * 24 * 3600_000 + slotHour * 3600_000;
  const response = await manager.post("/slots", {
    roomId: place.roomId,
    programId: options.programId ?? CORPS_B,
    startsAt: new Date(startsAt).toISOString(),
    seatsOffered: options.seatsOffered ?? place.seatIds.length,
    ...(options.bookingCutoffAt === undefined
      ? {}
      : { bookingCutoffAt: new Date(options.bookingCutoffAt).toISOString() }),
    ...(options.lateAdmissionCutoffAt === undefined
      ? {}
      : {
          lateAdmissionCutoffAt: new Date(
            options.lateAdmissionCutoffAt,
          ).toISOString(),
        }),
  });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body as {
    id: string;
    startsAt: string;
    bookingCutoffAt: string;
    lateAdmissionCutoffAt: string;
    seatsOffered: number;
  };
}

/** A valid booking request body for the slot. */
export function bookingBody(
  slotId: string,
  iin: string,
  extra: Record<string, unknown> = {},
) {
  return {
    iin,
    fullName: "Асқар Нұрланұлы Серікбаев",
    programId: CORPS_B,
    slotId,
    language: "kk",
    consent: true,
    ...extra,
  };
}

/** Redis TIME in ms. */
export async function redisNowMs(app: TestApp): Promise<number> {
  const [seconds, micros] = await app.redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Polls until `check` returns a value (not undefined) or time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
