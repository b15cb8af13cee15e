import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_LONG,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
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
import { PQ, pqBanks } from "../support/pq-banks";
import { signedInStaff } from "../support/staff";

/**
 * The assessment in the same visit (issue 20): a room with the legislation
 * test now and the personal-qualities assessment right after it, both
 * admitting now. After the test's certificate is issued, the administrator
 * chains the candidate: booked at the desk and admitted to the same seat.
 */
const PQ_BANKS = pqBanks(mkdtempSync(path.join(tmpdir(), "synaq-chain-")));
const MINUTE = 60_000;

const newKey = () => randomBytes(16).toString("base64url");
/** Every item answered wrong: a reference, not a certificate. */
const wrong = (item: { type: string }) =>
  item.type === "multiple" ? ["b"] : ["a"];

interface Room {
  place: Place;
  slotId: string;
  tokens: Map<string, string>;
}

describe("continuing with the assessment in the same visit", () => {
  let app: TestApp;
  let manager: ApiClient;
  let administrator: ApiClient;
  let administratorId: string;
  let operator: ApiClient;
  let room: Room;
  let pqSlotId: string;
  /** Passes; chained by the desk. */
  let passer: TestedCandidate;
  /** Fails: a reference. */
  let failer: TestedCandidate;
  /** Passes and books the assessment online before the chain. */
  let prebooked: TestedCandidate;
  const chainKey = newKey();
  let chained: Record<string, any>;

  const chain = (attemptId: string, key = newKey()) =>
    administrator.post(
      `/attempts/${attemptId}/chain`,
      {},
      { "Idempotency-Key": key },
    );
  const auditOf = async (slotId: string) =>
    (await app.redis.xrange(`audit:slot:${slotId}`, "-", "+")).map(
      ([, flat]) => {
        const fields: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2)
          fields[flat[i]!] = flat[i + 1]!;
        return {
          action: fields.action ?? "",
          actor: fields.actor ?? "",
          subject: fields.subject ?? "",
          data: JSON.parse(fields.data ?? "{}") as Record<string, unknown>,
        };
      },
    );

  /** A room of `seats` enrolled kiosks and a legislation-test slot admitting now. */
  async function testRoom(seats: number, name: string): Promise<Room> {
    const place = await createPlace(manager, seats, name);
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
      startsAt: now + 5 * MINUTE,
      bookingCutoffAt: now + 4 * MINUTE,
      lateAdmissionCutoffAt: now + 20 * MINUTE,
    });
    const tokens = new Map<string, string>();
    for (const seatId of place.seatIds) {
      tokens.set(seatId, (await enrollKiosk(app.url, operator, seatId)).token);
    }
    return { place, slotId: slot.id, tokens };
  }

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: PQ_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
      // The assessment starts when the 65-minute test ends: its admission
      // opens two hours before, so both admit now.
      ADMISSION_LEAD_MINUTES: "120",
    });
    manager = (await signedInStaff(app, "manager")).client;
    const admin = await signedInStaff(app, "administrator");
    administrator = admin.client;
    administratorId = admin.account.id;
    operator = (await signedInStaff(app, "operator")).client;

    room = await testRoom(3, "Зал 7");
    const testStart = Date.parse(
      (await manager.get(`/slots/${room.slotId}`)).body.startsAt as string,
    );
    // Right after the test (10 + 55 minutes), in the same room; bookings
    // close at its start, so the desk can still book in the hall.
    const pqStart = testStart + 65 * MINUTE;
    pqSlotId = (
      await createSlot(app, manager, room.place, {
        programId: PQ,
        startsAt: pqStart,
        bookingCutoffAt: pqStart,
        lateAdmissionCutoffAt: pqStart + 20 * MINUTE,
      })
    ).id;

    const [first, second, third] = syntheticIins(3, 6100);
    passer = await takeTest(app, room, administrator, {
      iin: first!,
      fullName: "Әсел Нұрланқызы Жұмабаева",
    });
    failer = await takeTest(
      app,
      room,
      administrator,
      { iin: second!, fullName: "Марат Серікұлы Ахметов" },
      wrong,
    );
    prebooked = await takeTest(app, room, administrator, {
      iin: third!,
      fullName: "Гүлнар Бекқызы Оспанова",
    });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  it("refuses a result that is not official yet", async () => {
    const refused = await chain(failer.attemptId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("not_official");
    for (const who of [passer, failer, prebooked]) {
      await makeOfficial(app, { administrator, operator }, who.attemptId);
    }
  }, 90_000);

  it("offers the follow-on slot on the issued test's detail", async () => {
    const detail = await administrator.get(`/attempts/${passer.attemptId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      state: "issued",
      chainedTo: null,
      followOn: {
        slotId: pqSlotId,
        programId: PQ,
        booked: false,
        bookingOpen: true,
        seatsLeft: 3,
      },
    });
    expect(detail.body.followOn.programTitles.ru).toMatch(/личных качеств/);
    // A reference leads nowhere.
    const reference = await administrator.get(`/attempts/${failer.attemptId}`);
    expect(reference.body.followOn).toBeNull();
  });

  it("books the candidate at the desk and admits them to the same seat", async () => {
    const seatId = await app.redis.hget(
      `attempt:${passer.attemptId}`,
      "seatId",
    );
    const response = await chain(passer.attemptId, chainKey);
    expect(response.status).toBe(201);
    chained = response.body;
    expect(chained).toMatchObject({
      chainedFrom: passer.attemptId,
      slotId: pqSlotId,
      programId: PQ,
      seatId,
      fullName: passer.fullName,
      language: "kk",
      booking: { id: chained.bookingId },
    });
    expect(chained.booking.code).toMatch(/\S{10,}/);

    const attempt = await app.redis.hgetall(`attempt:${chained.attemptId}`);
    expect(attempt).toMatchObject({
      state: "admitted",
      slotId: pqSlotId,
      seatId,
      iin: passer.iin,
      programId: PQ,
      chainedFrom: passer.attemptId,
    });
    expect(await app.redis.get(`seat:${seatId}:attempt`)).toBe(
      chained.attemptId,
    );
    expect(
      await app.redis.hget(`attempt:${passer.attemptId}`, "chainedTo"),
    ).toBe(chained.attemptId);

    // A desk booking: the same person and language, the consent collected
    // by the administrator.
    const booking = await app.redis.hgetall(`booking:${chained.bookingId}`);
    expect(booking).toMatchObject({
      status: "admitted",
      iin: passer.iin,
      fullName: passer.fullName,
      language: "kk",
      programId: PQ,
      source: "staff",
      collectedBy: `staff:${administratorId}`,
      attemptId: chained.attemptId,
    });

    const audit = await auditOf(pqSlotId);
    const actor = `staff:${administratorId}:administrator`;
    expect(
      audit.filter(
        (entry) =>
          entry.action === "booking.created" &&
          entry.subject === `booking:${chained.bookingId}`,
      ),
    ).toMatchObject([
      { actor, data: { source: "staff", collectedBy: booking.collectedBy } },
    ]);
    expect(
      audit.filter(
        (entry) =>
          entry.subject === `attempt:${chained.attemptId}` &&
          ["attempt.admitted", "attempt.chained"].includes(entry.action),
      ),
    ).toMatchObject([
      { action: "attempt.admitted", actor, data: { seatId } },
      {
        action: "attempt.chained",
        actor,
        data: {
          chainedFrom: passer.attemptId,
          bookingId: chained.bookingId,
          bookedAtDesk: true,
        },
      },
    ]);

    // The console's seat panel: the new attempt knows where it came from,
    // and the test's attempt offers no follow-on any more.
    const detail = await administrator.get(`/attempts/${chained.attemptId}`);
    expect(detail.body).toMatchObject({
      chainedFrom: passer.attemptId,
      followOn: null,
    });
    expect(
      detail.body.timeline.map((entry: { action: string }) => entry.action),
    ).toContain("attempt.chained");
    const source = await administrator.get(`/attempts/${passer.attemptId}`);
    expect(source.body).toMatchObject({
      chainedTo: chained.attemptId,
      followOn: null,
    });
  });

  it("answers a repeat with the same attempt and booking code, and writes nothing", async () => {
    const before = await auditOf(pqSlotId);
    const again = await chain(passer.attemptId, chainKey);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(chained);
    expect(await auditOf(pqSlotId)).toHaveLength(before.length);
    expect(await app.redis.scard(`slot:${pqSlotId}:attempts`)).toBe(1);
    // A new request is a new chain: refused, the candidate is continued.
    const another = await chain(passer.attemptId);
    expect(another.status).toBe(409);
    expect(another.body.error).toMatchObject({
      id: "already_chained",
      details: { attemptId: chained.attemptId },
    });
  });

  it("refuses a reference holder", async () => {
    const refused = await chain(failer.attemptId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("not_certified");
    expect(
      await app.redis.hget(`slot:${pqSlotId}:iins`, failer.iin),
    ).toBeNull();
  });

  it("admits a candidate who booked the assessment already, once the seat is free", async () => {
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(pqSlotId, prebooked.iin, {
        programId: PQ,
        fullName: prebooked.fullName,
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const detail = await administrator.get(`/attempts/${prebooked.attemptId}`);
    expect(detail.body.followOn).toMatchObject({
      slotId: pqSlotId,
      booked: true,
    });

    // Everyone sat the test at the first free seat: the chained candidate
    // holds it now.
    const seatId = (await app.redis.hget(
      `attempt:${prebooked.attemptId}`,
      "seatId",
    ))!;
    expect(await app.redis.get(`seat:${seatId}:attempt`)).toBe(
      chained.attemptId,
    );
    const busy = await chain(prebooked.attemptId);
    expect(busy.status).toBe(409);
    expect(busy.body.error.id).toBe("seat_taken");
    expect(await app.redis.hget(`booking:${booked.body.id}`, "status")).toBe(
      "booked",
    );

    // The operator moves the chained candidate to another kiosk.
    const other = room.place.seatIds.find((id) => id !== seatId)!;
    const moved = await operator.post(`/attempts/${chained.attemptId}/reseat`, {
      seatId: other,
      iin: passer.iin,
      reason: "Пернетақта істемейді",
    });
    expect(moved.status).toBe(200);

    const seatsBefore = await app.redis.hget(`slot:${pqSlotId}`, "bookedSeats");
    const admitted = await chain(prebooked.attemptId);
    expect(admitted.status).toBe(201);
    expect(admitted.body).toMatchObject({
      chainedFrom: prebooked.attemptId,
      bookingId: booked.body.id,
      seatId,
    });
    // Their own booking: no new one, no code to hand over.
    expect(admitted.body).not.toHaveProperty("booking");
    expect(await app.redis.hget(`slot:${pqSlotId}`, "bookedSeats")).toBe(
      seatsBefore,
    );
    expect(await app.redis.hget(`booking:${booked.body.id}`, "status")).toBe(
      "admitted",
    );
    const entry = (await auditOf(pqSlotId)).find(
      (candidate) =>
        candidate.action === "attempt.chained" &&
        candidate.subject === `attempt:${admitted.body.attemptId}`,
    );
    expect(entry?.data).toMatchObject({
      chainedFrom: prebooked.attemptId,
      bookedAtDesk: false,
    });
  });

  it("answers 409 no_follow_on_slot where no assessment follows in the room", async () => {
    const lone = await testRoom(1, "Зал 8");
    const [iin] = syntheticIins(1, 6200);
    const candidate = await takeTest(app, lone, administrator, {
      iin: iin!,
      fullName: "Дәурен Қайратұлы Ержанов",
    });
    await makeOfficial(app, { administrator, operator }, candidate.attemptId);
    const detail = await administrator.get(`/attempts/${candidate.attemptId}`);
    expect(detail.body.followOn).toBeNull();
    const refused = await chain(candidate.attemptId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("no_follow_on_slot");
    expect(refused.body.error.message).toMatch(/same room/);
  }, 90_000);
});
