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

/**
 * The room's free seats (room:<id>:free-seats, scripts/_seats.lua): the
 * seats admission without a chosen seat pops, kept by every script that
 * frees or takes a seat.
 */
describe("admission: the room's free seats", () => {
  let app: TestApp;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let centerId: string;
  let iinOffset = 2_000;

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    centerId = (await createPlace(manager, 1)).centerId;
  });
  afterAll(() => app.stop());

  interface Hall {
    roomId: string;
    slotId: string;
    iins: string[];
    /** label → seatId */
    seats: Map<string, string>;
    /** label → kioskId */
    kiosks: Map<string, string>;
    labelOf: (seatId: string) => string;
  }

  /** Adds seats to a room and enrolls a kiosk on those in `enroll`. */
  async function addSeats(hall: Hall, labels: string[], enroll: string[]) {
    const created = await manager.post(`/rooms/${hall.roomId}/seats`, {
      labels,
    });
    expect(created.status).toBe(201);
    for (const seat of created.body as { id: string; label: string }[])
      hall.seats.set(seat.label, seat.id);
    for (const label of enroll) await enrollOn(hall, label);
  }

  async function enrollOn(hall: Hall, label: string) {
    const enrolled = await enrollKiosk(
      app.url,
      operator,
      hall.seats.get(label)!,
    );
    hall.kiosks.set(label, enrolled.kiosk.id);
  }

  /**
   * A room with `labels` (kiosks on `enroll`), one slot of engine-long
   * admitting now with a booking per seat.
   */
  async function hall(labels: string[], enroll: string[]): Promise<Hall> {
    const room = await manager.post(`/centers/${centerId}/rooms`, {
      name: `Зал ${iinOffset}`,
    });
    expect(room.status).toBe(201);
    const seats = new Map<string, string>();
    const made: Hall = {
      roomId: room.body.id,
      slotId: "",
      iins: syntheticIins(labels.length, iinOffset),
      seats,
      kiosks: new Map(),
      labelOf: (seatId) =>
        [...seats].find(([, id]) => id === seatId)?.[0] ?? "?",
    };
    iinOffset += labels.length;
    await addSeats(made, labels, enroll);
    const now = await redisNowMs(app);
    made.slotId = (
      await createSlot(
        app,
        manager,
        { centerId, roomId: made.roomId, seatIds: [...seats.values()] },
        {
          programId: "engine-long",
          startsAt: now + 5 * 60_000,
          bookingCutoffAt: now + 4 * 60_000,
          lateAdmissionCutoffAt: now + 20 * 60_000,
        },
      )
    ).id;
    for (const iin of made.iins) {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(made.slotId, iin, { programId: "engine-long" }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
    }
    return made;
  }

  const admit = (hall: Hall, iin: string, seatId?: string) =>
    administrator.post(
      `/slots/${hall.slotId}/admissions`,
      seatId ? { iin, seatId } : { iin },
    );

  /** Admits the next candidates one by one: the labels of their seats. */
  async function admitLabels(hall: Hall, iins: string[]) {
    const labels: string[] = [];
    for (const iin of iins) {
      const reply = await admit(hall, iin);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      labels.push(hall.labelOf(reply.body.seatId));
    }
    return labels;
  }

  /** The labels in the room's free seats, first to pop first. */
  async function freeLabels(hall: Hall) {
    const ids = await app.redis.zrange(`room:${hall.roomId}:free-seats`, 0, -1);
    return ids.map(hall.labelOf);
  }

  it("fills the seats in label order (A-2 before A-10), seats added later in their place", async () => {
    const room = await hall(["B-10", "B-2", "A-1"], ["B-10", "B-2", "A-1"]);
    // Added after the room's free seats exist, between B-2 and B-10.
    await addSeats(room, ["B-9"], ["B-9"]);
    expect(await freeLabels(room)).toEqual(["A-1", "B-2", "B-9", "B-10"]);
    expect(await admitLabels(room, room.iins.slice(0, 3))).toEqual([
      "A-1",
      "B-2",
      "B-9",
    ]);
    expect(await freeLabels(room)).toEqual(["B-10"]);
  });

  describe("a seat freed or taken", () => {
    let room: Hall;
    const attemptOn = new Map<string, string>();
    const labelsOf = (count: number) =>
      Array.from({ length: count }, (_, i) => `C-${i + 1}`);

    beforeAll(async () => {
      // Eight seats (eight bookings), kiosks on two.
      room = await hall(labelsOf(8), ["C-1", "C-2"]);
      for (const iin of room.iins.slice(0, 2)) {
        const reply = await admit(room, iin);
        expect(reply.status).toBe(201);
        attemptOn.set(room.labelOf(reply.body.seatId), reply.body.attemptId);
      }
      expect([...attemptOn.keys()]).toEqual(["C-1", "C-2"]);
    });

    it("refuses when every enrolled seat is held", async () => {
      const refused = await admit(room, room.iins[2]!);
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("no_free_seat");
    });

    it("gives the seat of a voided attempt to the next candidate", async () => {
      const voided = await administrator.post(
        `/attempts/${attemptOn.get("C-1")}/void`,
        { reason: "kiosk failed", cause: "technical" },
      );
      expect(voided.status).toBe(200);
      expect(await freeLabels(room)).toEqual(["C-1"]);
      const next = await admit(room, room.iins[2]!);
      expect(room.labelOf(next.body.seatId)).toBe("C-1");
      attemptOn.set("C-1", next.body.attemptId);
    });

    it("gives the seat of a submitted test to the next candidate", async () => {
      const attemptId = attemptOn.get("C-2")!;
      expect(
        (await administrator.post(`/attempts/${attemptId}/start`, {})).status,
      ).toBe(200);
      expect(await freeLabels(room)).toEqual([]);
      const submitted = await administrator.post(
        `/attempts/${attemptId}/submit`,
        { reason: "candidate finished" },
      );
      expect(submitted.status).toBe(200);
      const next = await admit(room, room.iins[3]!);
      expect(room.labelOf(next.body.seatId)).toBe("C-2");
      attemptOn.set("C-2", next.body.attemptId);
    });

    it("gives a seat to the next candidate once a kiosk is enrolled on it", async () => {
      await enrollOn(room, "C-5");
      expect(await freeLabels(room)).toEqual(["C-5"]);
      const next = await admit(room, room.iins[4]!);
      expect(room.labelOf(next.body.seatId)).toBe("C-5");
      attemptOn.set("C-5", next.body.attemptId);
    });

    it("frees the seat a re-seated candidate left and takes the one moved to", async () => {
      await enrollOn(room, "C-3");
      expect(await freeLabels(room)).toEqual(["C-3"]);
      const moved = await operator.post(
        `/attempts/${attemptOn.get("C-1")}/reseat`,
        {
          seatId: room.seats.get("C-3"),
          iin: room.iins[2],
          reason: "screen broke",
        },
      );
      expect(moved.status).toBe(200);
      expect(await freeLabels(room)).toEqual(["C-1"]);
      const next = await admit(room, room.iins[5]!);
      expect(room.labelOf(next.body.seatId)).toBe("C-1");
    });

    it("never gives a seat whose kiosk was revoked", async () => {
      await enrollOn(room, "C-4");
      expect(await freeLabels(room)).toEqual(["C-4"]);
      const revoked = await operator.post(
        `/kiosks/${room.kiosks.get("C-4")}/revoke`,
        {},
      );
      expect(revoked.status).toBe(200);
      expect(await freeLabels(room)).toEqual([]);
      const refused = await admit(room, room.iins[6]!);
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("no_free_seat");
    });

    it("keeps a chosen seat's refusals, and a chosen seat leaves the free seats", async () => {
      const iin = room.iins[6]!;
      const other = await hall(["D-1"], []);
      const notInRoom = await admit(room, iin, other.seats.get("D-1"));
      expect(notInRoom.status).toBe(422);
      expect(notInRoom.body.error.id).toBe("seat_not_in_room");
      const notEnrolled = await admit(room, iin, room.seats.get("C-4"));
      expect(notEnrolled.status).toBe(409);
      expect(notEnrolled.body.error.id).toBe("seat_not_enrolled");
      const taken = await admit(room, iin, room.seats.get("C-2"));
      expect(taken.status).toBe(409);
      expect(taken.body.error.id).toBe("seat_taken");

      await enrollOn(room, "C-6");
      await enrollOn(room, "C-7");
      expect(await freeLabels(room)).toEqual(["C-6", "C-7"]);
      const chosen = await admit(room, iin, room.seats.get("C-7"));
      expect(chosen.status).toBe(201);
      expect(room.labelOf(chosen.body.seatId)).toBe("C-7");
      expect(await freeLabels(room)).toEqual(["C-6"]);
    });
  });

  it("never gives one seat to two of 50 candidates admitted at once", async () => {
    const labels = Array.from(
      { length: 50 },
      (_, i) => `E-${String(i + 1).padStart(2, "0")}`,
    );
    const room = await hall(labels, labels);
    const replies = await Promise.all(room.iins.map((iin) => admit(room, iin)));
    expect(replies.map((reply) => reply.status)).toEqual(
      replies.map(() => 201),
    );
    const seats = replies.map((reply) => reply.body.seatId as string);
    expect(new Set(seats)).toEqual(new Set(room.seats.values()));
    expect(await freeLabels(room)).toEqual([]);
  });

  it("builds the free seats of a room from before they were kept, once, on its first admission", async () => {
    const labels = ["F-1", "F-2", "F-3", "F-4", "F-5", "F-6"];
    const room = await hall(labels, ["F-1", "F-3", "F-4", "F-5", "F-6"]);
    const held = await admit(room, room.iins[0]!, room.seats.get("F-3"));
    expect(held.status).toBe(201);
    // What a room made before this version looks like: no order, no set.
    await app.redis.del(
      `room:${room.roomId}:seat-order`,
      `room:${room.roomId}:free-seats`,
    );
    // Three first admissions at once, all finding the set missing.
    const replies = await Promise.all(
      room.iins.slice(1, 4).map((iin) => admit(room, iin)),
    );
    expect(
      replies.map((reply) => room.labelOf(reply.body.seatId)).sort(),
    ).toEqual(["F-1", "F-4", "F-5"]);
    expect(await freeLabels(room)).toEqual(["F-6"]);
    expect(await app.redis.hlen(`room:${room.roomId}:seat-order`)).toBe(6);
    // And kept from then on.
    const voided = await administrator.post(
      `/attempts/${held.body.attemptId}/void`,
      { reason: "kiosk failed", cause: "technical" },
    );
    expect(voided.status).toBe(200);
    expect(await freeLabels(room)).toEqual(["F-3", "F-6"]);
  });
});
