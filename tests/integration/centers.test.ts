import { getAccommodation } from "../../server/src/modules/accommodations/repository";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeeders } from "../../server/src/modules";
import { listSlotBookings } from "../../server/src/modules/booking/repository";
import {
  getCenter,
  getRoom,
  getSeat,
  listCenters,
  listRooms,
  listSeats,
} from "../../server/src/modules/centers/repository";
import {
  getSlot,
  listSlotsStartingBetween,
} from "../../server/src/modules/slots/repository";
import { seedDemo } from "../../server/src/modules/demo/seed";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import type { TestApp } from "../support/app";
import {
  CORPS_B,
  bookingBody,
  createPlace,
  createSlot,
  redisNowMs,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const HOUR = 3600_000;

describe("centers, rooms, seats and slots", () => {
  let app: TestApp;
  let manager: ApiClient;
  let operator: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    anonymous = new ApiClient(app.url);
  });
  afterAll(() => app.stop());

  describe("POST /api/v1/centers", () => {
    it("opens a center in Asia/Almaty by default and lists it publicly", async () => {
      const { status, body } = await manager.post("/centers", {
        name: { kk: "Орталық", ru: "Центр", en: "Center" },
        address: { kk: "Астана", ru: "Астана", en: "Astana" },
      });
      expect(status).toBe(201);
      expect(body).toEqual({
        id: expect.any(String),
        name: { kk: "Орталық", ru: "Центр", en: "Center" },
        address: { kk: "Астана", ru: "Астана", en: "Astana" },
        timezone: "Asia/Almaty",
      });
      const listed = await anonymous.get("/centers");
      expect(listed.status).toBe(200);
      expect(listed.body).toContainEqual(body);
      expect(await getCenter(app.redis, body.id)).toMatchObject({
        name: { en: "Center" },
      });
    });

    it("refuses a time zone that does not exist", async () => {
      const { status, body } = await manager.post("/centers", {
        name: { kk: "A", ru: "A", en: "A" },
        address: { kk: "A", ru: "A", en: "A" },
        timezone: "Asia/Atlantis",
      });
      expect(status).toBe(422);
      expect(body.error.id).toBe("invalid_timezone");
    });

    it("is for managers only", async () => {
      const center = {
        name: { kk: "A", ru: "A", en: "A" },
        address: { kk: "A", ru: "A", en: "A" },
      };
      expect((await operator.post("/centers", center)).status).toBe(403);
      expect((await anonymous.post("/centers", center)).status).toBe(401);
    });

    it("writes the change into the network audit stream", async () => {
      const entries = await readAudit(
        app.redis,
        "network",
        (entry) => entry.action === "center.created",
      );
      expect(entries.length).toBeGreaterThan(0);
      expect((await verifyAuditStream(app.redis, "network")).ok).toBe(true);
    });
  });

  describe("rooms and seats", () => {
    let place: Place;
    beforeAll(async () => {
      place = await createPlace(manager, 10);
    });

    it("creates seats A-01..A-10 in one request, in label order", async () => {
      const seats = await operator.get(`/rooms/${place.roomId}/seats`);
      expect(seats.status).toBe(200);
      expect(seats.body.map((seat: { label: string }) => seat.label)).toEqual([
        "A-01",
        "A-02",
        "A-03",
        "A-04",
        "A-05",
        "A-06",
        "A-07",
        "A-08",
        "A-09",
        "A-10",
      ]);
      const rooms = await operator.get(`/centers/${place.centerId}/rooms`);
      expect(rooms.body).toEqual([
        {
          id: place.roomId,
          centerId: place.centerId,
          name: "Зал 1",
          // A room named once has that name in every language (issue 24).
          names: { kk: "Зал 1", ru: "Зал 1", en: "Зал 1" },
          seatCount: 10,
        },
      ]);
    });

    it("exports getSeat, getRoom and listSeats for the delivery engine", async () => {
      const seatId = place.seatIds[0] ?? "";
      expect(await getSeat(app.redis, seatId)).toEqual({
        id: seatId,
        label: "A-01",
        roomId: place.roomId,
        centerId: place.centerId,
      });
      expect(await getSeat(app.redis, "no-such-seat")).toBeNull();
      expect(await getRoom(app.redis, place.roomId)).toMatchObject({
        name: "Зал 1",
        centerId: place.centerId,
      });
      expect((await listSeats(app.redis, place.roomId)).at(-1)?.label).toBe(
        "A-10",
      );
    });

    it("adds no seat at all when one label is taken", async () => {
      const { status, body } = await manager.post(
        `/rooms/${place.roomId}/seats`,
        {
          labels: ["A-11", "A-12", "A-10"],
        },
      );
      expect(status).toBe(409);
      expect(body.error).toMatchObject({
        id: "seat_label_taken",
        details: { label: "A-10" },
      });
      expect(await listSeats(app.redis, place.roomId)).toHaveLength(10);
    });

    it("refuses a label given twice in one request", async () => {
      const { status, body } = await manager.post(
        `/rooms/${place.roomId}/seats`,
        {
          labels: ["B-01", "B-01"],
        },
      );
      expect(status).toBe(422);
      expect(body.error.id).toBe("duplicate_seat_label");
    });

    it("answers 404 for an unknown center or room", async () => {
      expect(
        (await manager.post("/centers/nope/rooms", { name: "X" })).body.error
          .id,
      ).toBe("center_not_found");
      expect(
        (await manager.post("/rooms/nope/seats", { labels: ["X-1"] })).body
          .error.id,
      ).toBe("room_not_found");
    });
  });

  describe("POST /api/v1/slots", () => {
    let place: Place;
    beforeAll(async () => {
      place = await createPlace(manager, 10);
    });

    it("closes booking an hour before the start and admission 15 minutes after, by default", async () => {
      const startsAt = (await redisNowMs(app)) + 30 * HOUR;
      const start = new Date(Math.ceil(startsAt / 60_000) * 60_000);
      const { status, body } = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: start.toISOString(),
        seatsOffered: 8,
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        centerId: place.centerId,
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: start.toISOString(),
        // 10 minutes of instructions, then the program's 55.
        endsAt: new Date(start.getTime() + 65 * 60_000).toISOString(),
        bookingCutoffAt: new Date(start.getTime() - HOUR).toISOString(),
        lateAdmissionCutoffAt: new Date(
          start.getTime() + 15 * 60_000,
        ).toISOString(),
        seatsOffered: 8,
        bookedSeats: 0,
        freeSeats: 8,
        status: "open",
      });
      expect(await getSlot(app.redis, body.id)).toMatchObject({
        startsAt: start.getTime(),
        seatsOffered: 8,
      });
    });

    it("accepts a start with a +05:00 offset", async () => {
      const { status, body } = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-03-01T10:00:00+05:00",
        seatsOffered: 1,
      });
      expect(status).toBe(201);
      expect(body.startsAt).toBe("2099-03-01T05:00:00.000Z");
    });

    it("refuses more seats than the room has", async () => {
      const { status, body } = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-03-02T10:00:00+05:00",
        seatsOffered: 11,
      });
      expect(status).toBe(422);
      expect(body.error).toMatchObject({
        id: "seats_exceed_room",
        details: { roomSeats: 10 },
      });
    });

    it("refuses a start in the past", async () => {
      const { status, body } = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: new Date((await redisNowMs(app)) - 60_000).toISOString(),
        seatsOffered: 1,
      });
      expect(status).toBe(422);
      expect(body.error.id).toBe("starts_in_past");
    });

    it("refuses a slot overlapping another in the same room", async () => {
      const first = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-04-01T09:00:00+05:00",
        seatsOffered: 5,
      });
      expect(first.status).toBe(201);
      // 09:00 + 65 min ends 10:05; 10:00 overlaps, 10:05 does not.
      const overlapping = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-04-01T10:00:00+05:00",
        seatsOffered: 5,
      });
      expect(overlapping.status).toBe(409);
      expect(overlapping.body.error).toMatchObject({
        id: "room_busy",
        details: { slotId: first.body.id },
      });
      const after = await manager.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-04-01T10:05:00+05:00",
        seatsOffered: 5,
      });
      expect(after.status).toBe(201);
    });

    it("refuses an unknown program or room, and cutoffs out of order", async () => {
      const base = {
        roomId: place.roomId,
        programId: CORPS_B,
        seatsOffered: 1,
      };
      const unknownProgram = await manager.post("/slots", {
        ...base,
        programId: "no-such-program",
        startsAt: "2099-05-01T10:00:00Z",
      });
      expect(unknownProgram.body.error.id).toBe("program_not_found");
      const unknownRoom = await manager.post("/slots", {
        ...base,
        roomId: "nope",
        startsAt: "2099-05-01T10:00:00Z",
      });
      expect(unknownRoom.body.error.id).toBe("room_not_found");
      const lateCutoff = await manager.post("/slots", {
        ...base,
        startsAt: "2099-05-01T10:00:00Z",
        bookingCutoffAt: "2099-05-01T10:30:00Z",
      });
      expect(lateCutoff.status).toBe(422);
      expect(lateCutoff.body.error.id).toBe("invalid_cutoff");
    });

    it("lists a center's slots for staff, and is for managers to create", async () => {
      const listed = await operator.get(
        `/centers/${place.centerId}/slots?from=2099-01-01T00:00:00Z&to=2099-06-01T00:00:00Z`,
      );
      expect(listed.status).toBe(200);
      expect(
        listed.body.map((slot: { startsAt: string }) => slot.startsAt),
      ).toEqual([
        "2099-03-01T05:00:00.000Z",
        "2099-04-01T04:00:00.000Z",
        "2099-04-01T05:05:00.000Z",
      ]);
      const refused = await operator.post("/slots", {
        roomId: place.roomId,
        programId: CORPS_B,
        startsAt: "2099-06-01T10:00:00Z",
        seatsOffered: 1,
      });
      expect(refused.status).toBe(403);
    });
  });

  describe("changing and cancelling a slot", () => {
    let place: Place;
    beforeAll(async () => {
      place = await createPlace(manager, 10);
    });

    it("never offers fewer seats than are booked, nor more than the room has", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 5 });
      const [a, b] = syntheticIins(2, 100);
      for (const iin of [a, b]) {
        expect(
          (await anonymous.post("/bookings", bookingBody(slot.id, iin ?? "")))
            .status,
        ).toBe(201);
      }
      const tooFew = await manager.patch(`/slots/${slot.id}`, {
        seatsOffered: 1,
      });
      expect(tooFew.status).toBe(409);
      expect(tooFew.body.error).toMatchObject({
        id: "seats_below_booked",
        details: { bookedSeats: 2 },
      });
      const tooMany = await manager.patch(`/slots/${slot.id}`, {
        seatsOffered: 11,
      });
      expect(tooMany.status).toBe(422);
      const fine = await manager.patch(`/slots/${slot.id}`, {
        seatsOffered: 2,
      });
      expect(fine.body).toMatchObject({
        seatsOffered: 2,
        bookedSeats: 2,
        freeSeats: 0,
      });

      const cancel = await manager.post(`/slots/${slot.id}/cancel`);
      expect(cancel.status).toBe(409);
      expect(cancel.body.error.id).toBe("slot_has_bookings");
    });

    it("cancels an empty slot, which then takes no booking and leaves the public list", async () => {
      const slot = await createSlot(app, manager, place);
      const cancelled = await manager.post(`/slots/${slot.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe("cancelled");
      expect(
        (await manager.post(`/slots/${slot.id}/cancel`)).body.error.id,
      ).toBe("slot_cancelled");

      const booking = await anonymous.post(
        "/bookings",
        bookingBody(slot.id, "900102300121"),
      );
      expect(booking.status).toBe(409);
      expect(booking.body.error.id).toBe("slot_closed");
      const listed = await anonymous.get(`/slots?center=${place.centerId}`);
      expect(listed.body.map((s: { id: string }) => s.id)).not.toContain(
        slot.id,
      );
    });

    it("audits creation, seat changes and cancellation in the slot's own stream", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 3 });
      await manager.patch(`/slots/${slot.id}`, { seatsOffered: 4 });
      await manager.post(`/slots/${slot.id}/cancel`);
      const entries = await readAudit(app.redis, `slot:${slot.id}`);
      expect(entries.map((entry) => entry.action)).toEqual([
        "slot.created",
        "slot.seats_changed",
        "slot.cancelled",
      ]);
      expect(entries[1]?.data).toEqual({ from: 3, to: 4 });
      expect(entries[0]?.actor).toMatch(/^staff:.+:manager$/);
      expect(
        await verifyAuditStream(app.redis, `slot:${slot.id}`),
      ).toMatchObject({
        ok: true,
        entries: 3,
      });
    });
  });

  it("documents the routes and schemas in the OpenAPI document", async () => {
    const { body } = await anonymous.get("/openapi.json");
    expect(body.paths).toHaveProperty(["/api/v1/centers", "post"]);
    expect(body.paths).toHaveProperty(["/api/v1/rooms/{roomId}/seats", "post"]);
    expect(body.paths).toHaveProperty([
      "/api/v1/slots/{slotId}/cancel",
      "post",
    ]);
    expect(body.components.schemas).toHaveProperty("Slot");
    expect(body.components.schemas).toHaveProperty("Center");
  });
});

describe("the demo seed", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startBookingApp({ SEED_DEMO: "true" });
  });
  afterAll(() => app.stop());

  async function seeded() {
    const center = (await listCenters(app.redis)).find(
      (c) => c.name.en === "Synaq demo testing center",
    );
    const rooms = center ? await listRooms(app.redis, center.id) : [];
    const now = await redisNowMs(app);
    const slots = await listSlotsStartingBetween(
      app.redis,
      now,
      now + 5 * 24 * HOUR,
    );
    return { center, rooms, slots, now };
  }

  it("opens the demo center with two rooms of ten seats and slots for both programs", async () => {
    const { center, rooms, slots } = await seeded();
    expect(center).toMatchObject({
      name: {
        kk: "Synaq демо тестілеу орталығы",
        ru: "Демонстрационный центр тестирования Synaq",
      },
      address: { ru: expect.stringContaining("Астана") },
      timezone: "Asia/Almaty",
    });
    expect(rooms.map((room) => room.name)).toEqual(["Зал 1", "Зал 2"]);
    const labels = await Promise.all(
      rooms.map(async (room) =>
        (await listSeats(app.redis, room.id)).map((seat) => seat.label),
      ),
    );
    expect(labels[0]).toEqual([
      "A-01",
      "A-02",
      "A-03",
      "A-04",
      "A-05",
      "A-06",
      "A-07",
      "A-08",
      "A-09",
      "A-10",
    ]);
    expect(labels[1]?.[9]).toBe("B-10");
    expect(new Set(slots.map((slot) => slot.programId))).toEqual(
      new Set([CORPS_B, "program-1-2016"]),
    );
    // Three future days of 3 corps-b and 1 program-1 slots each, at least.
    expect(slots.length).toBeGreaterThanOrEqual(12);
    for (const slot of slots) {
      expect(slot.startsAt % (5 * 60_000)).toBe(0);
    }
  });

  it("starts a slot within the hour in each room, with three bookings on the corps-b one", async () => {
    const { rooms, slots, now } = await seeded();
    for (const room of rooms) {
      const soon = slots.filter(
        (slot) => slot.roomId === room.id && slot.startsAt - now <= 90 * 60_000,
      );
      expect(soon.length).toBeGreaterThanOrEqual(1);
    }
    const first = slots.find(
      (slot) => slot.programId === CORPS_B && slot.bookedSeats > 0,
    );
    expect(first?.bookedSeats).toBe(3);
    const bookings = await listSlotBookings(app.redis, first?.id ?? "");
    expect(bookings.map((booking) => booking.iin).sort()).toEqual([
      "010615500890",
      "851231405677",
      "900102300121",
    ]);
    expect(await getAccommodation(app.redis, "851231405677")).toMatchObject({
      extraMinutes: 15,
    });
  });

  it("changes nothing when run again", async () => {
    const before = await seeded();
    await seedDemo(app.synaq.ctx, demoSeeders);
    const after = await seeded();
    // The Astana center and the Almaty one (tests/integration/network.test.ts).
    expect((await listCenters(app.redis)).length).toBe(2);
    expect(after.rooms.map((room) => room.id)).toEqual(
      before.rooms.map((room) => room.id),
    );
    expect(after.slots.map((slot) => [slot.id, slot.bookedSeats])).toEqual(
      before.slots.map((slot) => [slot.id, slot.bookedSeats]),
    );
  });
});
