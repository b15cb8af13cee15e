import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { enrollKiosk } from "../support/kiosk";
import { signedInStaff } from "../support/staff";

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);

/**
 * Admission without a chosen seat: the first free seat with an enrolled
 * kiosk, also when several administrators admit at the same moment.
 */
describe("admission: seats chosen by the server", () => {
  let app: TestApp;
  let administrator: ApiClient;
  let place: Place;
  let slotId: string;
  const iins = syntheticIins(9, 700);
  const enrolled = new Set<string>();

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 12);
    const now = await redisNowMs(app);
    slotId = (
      await createSlot(app, manager, place, {
        programId: "engine-long",
        seatsOffered: 12,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      })
    ).id;
    // Kiosks on every seat but, and on only eight seats in all.
    for (const [index, seatId] of place.seatIds.entries()) {
      if (index === 2 || index === 6 || enrolled.size === 8) continue;
      await enrollKiosk(app.url, operator, seatId);
      enrolled.add(seatId);
    }
    for (const iin of iins) {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(slotId, iin, { programId: "engine-long" }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
    }
  });
  afterAll(() => app.stop());

  it("gives eight candidates admitted at once the eight enrolled seats, one each, and refuses the ninth", async () => {
    const replies = await Promise.all(
      iins.map((iin) =>
        administrator.post(`/slots/${slotId}/admissions`, { iin }),
      ),
    );
    const admitted = replies.filter((reply) => reply.status === 201);
    expect(admitted).toHaveLength(8);
    const seats = admitted.map((reply) => reply.body.seatId as string);
    expect(new Set(seats)).toEqual(enrolled);
    const refused = replies.filter((reply) => reply.status !== 201);
    expect(refused.map((reply) => [reply.status, reply.body.error.id])).toEqual(
      [[409, "no_free_seat"]],
    );
  });
});
