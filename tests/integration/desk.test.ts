import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../server/shared/limits";
import { newRequestId } from "../../server/shared/requests";
import { refusalReasonFor } from "../../server/shared/refusals";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { bookingKeys } from "../../server/src/modules/booking/repository";
import { startTestApp, type TestApp } from "../support/app";
import { ENGINE_BANKS, ENGINE_LONG, examRoom } from "../support/appeals";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const iins = syntheticIins(40, 4_200);
let nextIin = 0;
const freshIin = () => iins[nextIin++] ?? "";

/** The ID card the administrator checked: only its last 4 may be kept. */
const ID_CARD = { kind: "id_card", number: "048 215 679" } as const;
const requestId = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");

describe("the desk: a person's bookings by IIN, after the ID check", () => {
  let app: TestApp;
  let manager: ApiClient;
  let operator: ApiClient;
  /** An administrator of the exam room's center only. */
  let administrator: ApiClient;
  let administratorId: string;
  let room: Awaited<ReturnType<typeof examRoom>>;
  /** Another center of the network, outside the administrator's scope. */
  let far: Place;
  const anonymous = () => new ApiClient(app.url);

  /** A public booking of the engine program; returns id and code. */
  async function book(
    slotId: string,
    iin: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; code: string }> {
    const booked = await anonymous().post(
      "/bookings",
      bookingBody(slotId, iin, { programId: ENGINE_LONG, ...extra }),
      freshIp(),
    );
    if (booked.status !== 201) throw new Error(JSON.stringify(booked.body));
    return booked.body;
  }

  const find = (iin: string, client = administrator) =>
    client.post("/staff/bookings/find", { iin, document: ID_CARD });

  const status = (bookingId: string, code: string) =>
    anonymous().get(`/bookings/${bookingId}`, codeHeader(code, freshIp()));

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    room = await examRoom(app, { manager, operator }, 3);
    far = await createPlace(manager, 4);
    const admin = await signedInStaff(app, "administrator", undefined, {
      kind: "centers",
      centerIds: [room.place.centerId],
    });
    administrator = admin.client;
    administratorId = admin.account.id;
  });
  afterAll(() => app.stop());

  describe("POST /api/v1/staff/bookings/find", () => {
    it("finds the IIN's bookings from the body, at any center, and audits the document's last 4 only", async () => {
      const iin = freshIin();
      const farSlot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const booked = await book(farSlot.id, iin, {
        phone: "+7 701 234 56 78",
      });

      const found = await find(iin);
      expect(found.status).toBe(200);
      expect(found.body.maskedIin).not.toContain(iin);
      expect(found.body.bookings).toHaveLength(1);
      const [booking] = found.body.bookings;
      expect(booking).toMatchObject({
        id: booked.id,
        status: "booked",
        program: { id: ENGINE_LONG },
        source: "online",
        slot: {
          id: farSlot.id,
          startsAt: farSlot.startsAt,
          center: { id: far.centerId },
        },
        // Another center's booking: only what the actions need.
        inScope: false,
        actions: { cancel: true, move: true, renewCode: true },
        contact: { channel: "sms", to: "+7 *** *** 56 78" },
        messages: [],
      });
      expect(booking.slot.room).toBeUndefined();
      // The center's own staff see the room and the messages' timeline.
      const own = (await find(iin, manager)).body.bookings[0];
      expect(own.inScope).toBe(true);
      expect(own.slot.room).toMatchObject({ id: far.roomId });
      expect(Array.isArray(own.messages)).toBe(true);

      const lookups = await readAudit(
        app.redis,
        "network",
        (entry) =>
          entry.action === "booking.desk_lookup" &&
          entry.actor === `staff:${administratorId}:administrator`,
      );
      expect(lookups).toHaveLength(1);
      expect(lookups[0]).toMatchObject({
        subject: `iin:${iin}`,
        data: {
          document: { kind: "id_card", last4: "5679" },
          bookings: [booked.id],
        },
      });
      expect(JSON.stringify(lookups[0])).not.toMatch(/048\s?215|215\s?679/);
      expect((await verifyAuditStream(app.redis, "network")).ok).toBe(true);
    });

    it("takes the IIN in the body only: no route carries one in its URL", async () => {
      const openapi = (await anonymous().get("/openapi.json")).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const desk = Object.keys(openapi.paths).filter((path) =>
        path.startsWith("/api/v1/staff/bookings/"),
      );
      expect(desk).toEqual(
        expect.arrayContaining([
          "/api/v1/staff/bookings/find",
          "/api/v1/staff/bookings/{bookingId}/cancel",
          "/api/v1/staff/bookings/{bookingId}/move",
          "/api/v1/staff/bookings/{bookingId}/code",
        ]),
      );
      for (const path of desk) expect(path).not.toMatch(/iin/i);
      const lookup = JSON.stringify(
        openapi.paths["/api/v1/staff/bookings/find"],
      );
      expect(lookup).not.toMatch(/"in":"(query|path)"/);
    });

    it("refuses an invalid IIN, a missing document and staff who do not work a desk", async () => {
      const invalid = await find("123456789012");
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.id).toBe("invalid_iin");
      const noDocument = await administrator.post("/staff/bookings/find", {
        iin: freshIin(),
      });
      expect(noDocument.status).toBe(400);
      expect((await find(freshIin(), operator)).status).toBe(403);
      expect(
        (
          await anonymous().post("/staff/bookings/find", {
            iin: freshIin(),
            document: ID_CARD,
          })
        ).status,
      ).toBe(401);
    });
  });

  describe("POST /api/v1/staff/bookings/:bookingId/cancel", () => {
    it("cancels past the public cutoff, frees the seat once and audits the document", async () => {
      const place = await createPlace(manager, 2);
      const now = await redisNowMs(app);
      const slot = await createSlot(app, manager, place, {
        programId: ENGINE_LONG,
        startsAt: now + 3 * 3600_000,
        bookingCutoffAt: now + 1500,
      });
      const iin = freshIin();
      const booked = await book(slot.id, iin);
      await new Promise((resolve) => setTimeout(resolve, 1700));

      const online = await anonymous().delete(
        `/bookings/${booked.id}`,
        codeHeader(booked.code, freshIp()),
      );
      expect(online.status).toBe(409);
      expect(online.body.error.id).toBe("cancel_closed");

      // Another person's IIN does not reach the booking.
      const wrongPerson = await administrator.post(
        `/staff/bookings/${booked.id}/cancel`,
        { iin: freshIin(), document: ID_CARD, notify: false },
      );
      expect(wrongPerson.status).toBe(404);
      expect(wrongPerson.body.error.id).toBe("booking_not_found");

      const key = { "Idempotency-Key": requestId() };
      const body = { iin, document: ID_CARD, notify: false };
      const cancelled = await administrator.post(
        `/staff/bookings/${booked.id}/cancel`,
        body,
        key,
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        id: booked.id,
        status: "cancelled",
        actions: { cancel: false, move: false },
      });
      const repeated = await administrator.post(
        `/staff/bookings/${booked.id}/cancel`,
        body,
        key,
      );
      expect(repeated.status).toBe(200);
      const again = await administrator.post(
        `/staff/bookings/${booked.id}/cancel`,
        body,
      );
      expect(again.status).toBe(409);
      expect(again.body.error.id).toBe("already_cancelled");

      expect(await app.redis.hget(`slot:${slot.id}`, "bookedSeats")).toBe("0");
      expect(
        await app.redis.hget(bookingKeys.slotIins(slot.id), iin),
      ).toBeNull();
      const entries = await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (entry) => entry.action === "booking.cancelled",
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: `staff:${administratorId}:administrator`,
        subject: `booking:${booked.id}`,
        data: { desk: true, document: { kind: "id_card", last4: "5679" } },
      });
      expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
        true,
      );
    });
  });

  describe("POST /api/v1/staff/bookings/:bookingId/move", () => {
    it("moves the seat, the roster entry and the admission to the new slot; the booking keeps its number and code", async () => {
      const iin = freshIin();
      const farSlot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const booked = await book(farSlot.id, iin);
      const freeSeats = async (slotId: string) =>
        (await anonymous().get(`/slots/${slotId}`)).body.freeSeats as number;
      const farFree = await freeSeats(farSlot.id);
      const examFree = await freeSeats(room.slotId);

      const moved = await administrator.post(
        `/staff/bookings/${booked.id}/move`,
        { iin, document: ID_CARD, notify: false, slotId: room.slotId },
        { "Idempotency-Key": requestId() },
      );
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        id: booked.id,
        status: "booked",
        inScope: true,
        slot: { id: room.slotId, room: { id: room.place.roomId } },
      });

      expect(await freeSeats(farSlot.id)).toBe(farFree + 1);
      expect(await freeSeats(room.slotId)).toBe(examFree - 1);
      const farRoster = (await manager.get(`/slots/${farSlot.id}/roster`)).body;
      expect(
        farRoster.entries.map(
          (entry: { bookingId: string }) => entry.bookingId,
        ),
      ).not.toContain(booked.id);
      const examRoster = (await manager.get(`/slots/${room.slotId}/roster`))
        .body;
      expect(examRoster.entries).toContainEqual(
        expect.objectContaining({ bookingId: booked.id, iin }),
      );
      // The holder's code opens the moved booking.
      const seen = await status(booked.id, booked.code);
      expect(seen.status).toBe(200);
      expect(seen.body.slot.id).toBe(room.slotId);

      for (const slotId of [farSlot.id, room.slotId]) {
        const entries = await readAudit(
          app.redis,
          `slot:${slotId}`,
          (entry) => entry.action === "booking.moved",
        );
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          actor: `staff:${administratorId}:administrator`,
          data: {
            fromSlotId: farSlot.id,
            toSlotId: room.slotId,
            document: { kind: "id_card", last4: "5679" },
          },
        });
        expect((await verifyAuditStream(app.redis, `slot:${slotId}`)).ok).toBe(
          true,
        );
      }

      expect(
        await app.redis.hget(bookingKeys.slotIins(farSlot.id), iin),
      ).toBeNull();
      const admitted = await administrator.post(
        `/slots/${room.slotId}/admissions`,
        { iin },
      );
      expect(admitted.status).toBe(201);
      expect(
        await app.redis.hget(bookingKeys.booking(booked.id), "status"),
      ).toBe("admitted");
    });

    it("refuses a full, closed, other-program or out-of-scope slot with booking's error ids", async () => {
      const iin = freshIin();
      const farSlot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const booked = await book(farSlot.id, iin);
      const moveTo = (slotId: string, client = administrator) =>
        client.post(`/staff/bookings/${booked.id}/move`, {
          iin,
          document: ID_CARD,
          notify: false,
          slotId,
        });

      const nearby = await createPlace(manager, 2);
      const full = await createSlot(app, manager, nearby, {
        programId: ENGINE_LONG,
        seatsOffered: 1,
      });
      await book(full.id, freshIin());
      expect((await moveTo(full.id, manager)).body.error.id).toBe("slot_full");

      const otherStart = (await redisNowMs(app)) + 5 * 24 * 3600_000;
      const other = await createSlot(app, manager, nearby, {
        programId: "engine-short",
        startsAt: otherStart,
        lateAdmissionCutoffAt: otherStart + 60_000,
      });
      const mismatch = await moveTo(other.id, manager);
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.error.id).toBe("program_mismatch");

      const closing = await createSlot(app, manager, nearby, {
        programId: ENGINE_LONG,
        startsAt: (await redisNowMs(app)) + 3 * 3600_000,
        bookingCutoffAt: (await redisNowMs(app)) + 300,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const closed = await moveTo(closing.id, manager);
      expect(closed.status).toBe(409);
      expect(closed.body.error.id).toBe("slot_closed");

      // The administrator's desk fills its own rooms only.
      const elsewhere = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const outOfScope = await moveTo(elsewhere.id);
      expect(outOfScope.status).toBe(403);
      expect(outOfScope.body.error.id).toBe("out_of_scope");
      expect(
        await app.redis.hget(bookingKeys.booking(booked.id), "slotId"),
      ).toBe(farSlot.id);
    });
  });

  describe("POST /api/v1/staff/bookings/:bookingId/code", () => {
    it("gives a new code once: the old one stops opening the booking, the new one opens it and its receipt", async () => {
      const iin = freshIin();
      const farSlot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const squatted = await book(farSlot.id, iin);

      const key = { "Idempotency-Key": requestId() };
      const body = {
        iin,
        document: { kind: "passport", number: "N12345678" },
        notify: false,
      };
      const renewed = await administrator.post(
        `/staff/bookings/${squatted.id}/code`,
        body,
        key,
      );
      expect(renewed.status).toBe(200);
      const code = renewed.body.code as string;
      expect(code).toMatch(
        /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/,
      );
      expect(code).not.toBe(squatted.code);
      expect(renewed.body.booking).toMatchObject({ id: squatted.id });
      expect(renewed.body.statusUrl).toContain(`#${encodeURIComponent(code)}`);
      // A repeat (the answer lost) shows the same new code.
      const repeated = await administrator.post(
        `/staff/bookings/${squatted.id}/code`,
        body,
        key,
      );
      expect(repeated.status).toBe(200);
      expect(repeated.body.code).toBe(code);

      const old = squatted.code;
      const oldStatus = await status(squatted.id, old);
      expect(oldStatus.status).toBe(404);
      expect(oldStatus.body.error.id).toBe("booking_not_found");
      const oldCancel = await anonymous().delete(
        `/bookings/${squatted.id}`,
        codeHeader(old, freshIp()),
      );
      expect(oldCancel.status).toBe(404);
      const oldReceipt = await anonymous().get(
        `/bookings/${squatted.id}/receipt.pdf`,
        codeHeader(old, freshIp()),
      );
      expect(oldReceipt.status).toBe(404);

      const fresh = await status(squatted.id, code);
      expect(fresh.status).toBe(200);
      expect(fresh.body.status).toBe("booked");
      const receipt = await anonymous().get(
        `/bookings/${squatted.id}/receipt.pdf`,
        codeHeader(code, freshIp()),
      );
      expect(receipt.status).toBe(200);
      expect(receipt.headers.get("content-type")).toBe("application/pdf");

      const entries = await readAudit(
        app.redis,
        `slot:${farSlot.id}`,
        (entry) => entry.action === "booking.code_renewed",
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: `staff:${administratorId}:administrator`,
        data: { document: { kind: "passport", last4: "5678" } },
      });
      // Redis holds the new code's hash only.
      const stored = await app.redis.hgetall(bookingKeys.booking(squatted.id));
      expect(JSON.stringify(stored)).not.toContain(code);
    });
  });

  describe("giving a squatted booking back", () => {
    it("puts the person's name and contact in place of the squatter's with the new code", async () => {
      const iin = freshIin();
      const slot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const squatted = await book(slot.id, iin, {
        fullName: "Бөтен Адам",
        phone: "+7 705 000 11 22",
      });
      const renewed = await administrator.post(
        `/staff/bookings/${squatted.id}/code`,
        {
          iin,
          document: ID_CARD,
          notify: true,
          holder: {
            fullName: "Сейітова Әсел Нұрланқызы",
            email: "asel@example.kz",
          },
        },
      );
      expect(renewed.status).toBe(200);
      expect(renewed.body.booking).toMatchObject({
        fullName: "Сейітова Әсел Нұрланқызы",
        contact: { channel: "email", to: "a***@example.kz" },
      });
      const stored = await app.redis.hgetall(bookingKeys.booking(squatted.id));
      expect(stored).toMatchObject({
        fullName: "Сейітова Әсел Нұрланқызы",
        email: "asel@example.kz",
        notifyBy: "email",
      });
      expect(stored.phone).toBeUndefined();
      const seen = await status(squatted.id, renewed.body.code);
      expect(seen.body.fullName).toBe("Сейітова Әсел Нұрланқызы");
      // The new code went to the person's own address, not the squatter's phone.
      const messages = (await find(iin, manager)).body.bookings[0].messages;
      expect(messages).toContainEqual(
        expect.objectContaining({
          kind: "booking.code_renewed",
          to: "a***@example.kz",
        }),
      );
      const [entry] = await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (audited) => audited.action === "booking.code_renewed",
      );
      expect(entry?.data).toMatchObject({ holderReplaced: true });
    });
  });

  describe("messages to the contact on the booking", () => {
    it("go only when the desk says the contact is the person's, and show on the timeline", async () => {
      const iin = freshIin();
      const slot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const booked = await book(slot.id, iin, { phone: "+7 701 555 44 33" });
      const kinds = async (): Promise<string[]> =>
        (await find(iin, manager)).body.bookings[0].messages.map(
          (message: { kind: string }) => message.kind,
        );
      await eventually(async () =>
        (await kinds()).includes("booking.made") ? true : undefined,
      );
      const renew = (notify: boolean) =>
        administrator.post(`/staff/bookings/${booked.id}/code`, {
          iin,
          document: ID_CARD,
          notify,
        });
      expect((await renew(false)).status).toBe(200);
      expect(await kinds()).not.toContain("booking.code_renewed");
      expect((await renew(true)).status).toBe(200);
      await eventually(async () =>
        (await kinds()).includes("booking.code_renewed") ? true : undefined,
      );
    });
  });

  describe("the public booking API about other people", () => {
    it("refuses a second booking for the IIN without saying which program, slot or when", async () => {
      const iin = freshIin();
      const first = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const second = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      const held = await book(first.id, iin);
      const refused = await anonymous().post(
        "/bookings",
        bookingBody(second.id, iin, { programId: ENGINE_LONG }),
        freshIp(),
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("already_booked");
      expect(refused.body.error.details).toBeUndefined();
      const text = JSON.stringify(refused.body);
      const startsAt = Date.parse(first.startsAt);
      const local = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Almaty",
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hour12: false,
      }).formatToParts(startsAt);
      const part = (type: string) =>
        local.find((piece) => piece.type === type)?.value ?? "";
      for (const secret of [
        held.id,
        first.id,
        first.startsAt,
        `${part("day")}.${part("month")}.${part("year")}`,
        `${part("hour")}:${part("minute")}`,
        far.centerId,
        far.roomId,
        "Astana",
        "Астана",
        "Engine program",
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(refused.body.error.message).toMatch(/desk/);
    });

    it("limits attempts for one IIN from any address, and sends the person to a desk", async () => {
      const iin = freshIin();
      const slot = await createSlot(app, manager, far, {
        programId: ENGINE_LONG,
      });
      await book(slot.id, iin);
      for (
        let attempt = 2;
        attempt <= LIMITS.maxBookingAttemptsPerIinPerHour;
        attempt++
      ) {
        const refused = await anonymous().post(
          "/bookings",
          bookingBody(slot.id, iin, { programId: ENGINE_LONG }),
          freshIp(),
        );
        expect(refused.body.error.id).toBe("already_booked");
      }
      const limited = await anonymous().post(
        "/bookings",
        bookingBody(slot.id, iin, { programId: ENGINE_LONG }),
        freshIp(),
      );
      expect(limited.status).toBe(429);
      expect(limited.body.error.id).toBe("booking_attempts_limited");
      expect(limited.body.error.message).toMatch(/desk/);
      expect(JSON.stringify(limited.body)).not.toContain(slot.id);

      // Another IIN from the same address is not held back, nor the desk.
      const address = freshIp();
      const other = await anonymous().post(
        "/bookings",
        bookingBody(slot.id, freshIin(), { programId: ENGINE_LONG }),
        address,
      );
      expect(other.status).toBe(201);
      const desk = await manager.post(
        "/staff/bookings",
        bookingBody(slot.id, iin, { programId: ENGINE_LONG }),
      );
      expect(desk.body.error.id).toBe("already_booked");
      // No Redis key names the IIN.
      expect(await app.redis.keys(`ratelimit:*${iin}*`)).toEqual([]);
    });
  });
});

/** Every Kazakh-specific letter, lower case: ә ғ қ ң ө ұ ү һ і. */
const KAZAKH_NAME = "Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов";
const KAZAKH_LETTERS = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];

/**
 * Written refusals at the desk: a refused admission or desk booking gets
 * a numbered slip in Kazakh and Russian, audited with the staff account,
 * within the staff member's scope, once per request.
 */
describe("refusal slips", () => {
  let app: TestApp;
  let work: string;
  let place: Place;
  let slotId: string;
  let desk: ApiClient;
  let deskAccountId: string;
  let otherDesk: ApiClient;
  const iins = syntheticIins(4, 4200);
  const INVALID_IIN = "780322300455";
  /** The slips made, in order: id, number and the request id of each. */
  const slips: { id: string; number: string; key: string; body: unknown }[] =
    [];

  const pdfText = async (client: ApiClient, url: string) => {
    const response = await client.get(url.replace(/^\/api\/v1/, ""));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const file = path.join(work, `${slips.length}-${Date.now()}.pdf`);
    writeFileSync(file, response.body as Buffer);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    }).stdout;
    return text.replace(/\s+/g, " ");
  };

  const issue = async (body: Record<string, unknown>) => {
    const key = newRequestId();
    const response = await desk.post("/refusals", body, {
      "Idempotency-Key": key,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.number).toMatch(/^REF-\d{4}-\d{6}$/);
    slips.push({ ...response.body, key, body });
    return response.body as { id: string; number: string; slipUrl: string };
  };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-refusals-"));
    app = await startBookingApp();
    const manager = (await signedInStaff(app, "manager")).client;
    place = await createPlace(manager, 4);
    const elsewhere = await createPlace(manager, 2, "Зал 2");
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      startsAt: now + 10 * 60_000,
      bookingCutoffAt: now + 8 * 60_000,
      lateAdmissionCutoffAt: now + 25 * 60_000,
    });
    slotId = slot.id;
    const administrator = await signedInStaff(app, "administrator", undefined, {
      kind: "centers",
      centerIds: [place.centerId],
    });
    desk = administrator.client;
    deskAccountId = administrator.account.id;
    otherDesk = (
      await signedInStaff(app, "administrator", undefined, {
        kind: "centers",
        centerIds: [elsewhere.centerId],
      })
    ).client;
    // iins[0] booked this program online: a second booking is refused.
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, iins[0]!, { fullName: "Иван Петрович Сидоров" }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("prints a slip for an admission refused as not on the roster", async () => {
    const refused = await desk.post(`/slots/${slotId}/admissions`, {
      iin: iins[1],
    });
    expect(refused.status).toBe(409);
    const reason = refusalReasonFor("admission", refused.body.error.id);
    expect(reason).toBe("not_on_roster");
    const slip = await issue({
      kind: "admission",
      slotId,
      iin: iins[1],
      fullName: KAZAKH_NAME,
      reason,
    });
    expect(slip.slipUrl).toBe(`/api/v1/refusals/${slip.id}/slip.pdf`);
    const text = await pdfText(desk, slip.slipUrl);
    for (const expected of [
      slip.number,
      KAZAKH_NAME,
      `${iins[1]!.slice(0, 6)}******`,
      // The reason, in both languages.
      "Бас тарту себебі",
      "тізімінде жоқ",
      "Причина отказа",
      "в списке сеанса нет",
      // What was asked: admission to this slot, program, center, room.
      "Тестілеуге жіберу",
      "Допуск к тестированию",
      "Астанинский центр тестирования",
      "аудитория Зал 1",
      // The staff member and how to complain.
      "Test administrator",
      "администратор тестирования",
      "5 жұмыс күні",
      "5 рабочих дней",
      "в суд",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(iins[1]);
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
  });

  it("prints a slip for a desk booking refused as already booked", async () => {
    const refused = await desk.post(
      "/staff/bookings",
      bookingBody(slotId, iins[0]!, { fullName: "Иван Петрович Сидоров" }),
    );
    expect(refused.status).toBe(409);
    const reason = refusalReasonFor("booking", refused.body.error.id);
    expect(reason).toBe("booking_already_booked");
    const slip = await issue({
      kind: "booking",
      slotId,
      iin: iins[0],
      fullName: "Иван Петрович Сидоров",
      reason,
    });
    const text = await pdfText(desk, slip.slipUrl);
    for (const expected of [
      slip.number,
      "Иван Петрович Сидоров",
      "Тестілеуге жазылу",
      "Запись на тестирование",
      "уже записан на эту программу",
      "осы бағдарламаға жазылып қойған",
      "Test administrator",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("prints a slip for an invalid IIN, masked as typed", async () => {
    const refused = await desk.post(`/slots/${slotId}/admissions`, {
      iin: INVALID_IIN,
    });
    expect(refused.status).toBe(422);
    const reason = refusalReasonFor("admission", refused.body.error.id);
    expect(reason).toBe("invalid_iin");
    const slip = await issue({
      kind: "admission",
      slotId,
      iin: INVALID_IIN,
      reason,
    });
    const text = await pdfText(desk, slip.slipUrl);
    expect(text).toContain("780322******");
    expect(text).toContain("жарамсыз");
    expect(text).toContain("недействителен");
    expect(text).toContain("жарамды ЖСН емес");
    expect(text).toContain("не является действительным ИИН");
    expect(text).not.toContain(INVALID_IIN);
  });

  it("records a refusal for a person without an identity document", async () => {
    const slip = await issue({
      kind: "admission",
      slotId,
      iin: iins[2],
      fullName: "Сәуле Маратқызы Омарова",
      reason: "no_id_document",
      note: "Жеке куәлік жоқ, тек жүргізуші куәлігі.",
    });
    const text = await pdfText(desk, slip.slipUrl);
    expect(text).toContain("Сәуле Маратқызы Омарова");
    expect(text).toContain("такой документ не предъявлен");
    expect(text).toContain("мұндай құжат көрсетілмеді");
    expect(text).toContain("Жеке куәлік жоқ, тек жүргізуші куәлігі.");
  });

  it("numbers the slips consecutively", () => {
    const serials = slips.map(({ number }) => Number(number.split("-")[2]));
    expect(serials.length).toBe(4);
    serials.forEach((serial, index) =>
      expect(serial).toBe(serials[0]! + index),
    );
    expect(new Set(slips.map(({ number }) => number.slice(0, 8))).size).toBe(1);
  });

  it("audits each slip as refusal.issued with the staff account, naming nobody", async () => {
    const entries = (await readAudit(app.redis, `slot:${slotId}`)).filter(
      (entry) => entry.action === "refusal.issued",
    );
    expect(entries.map((entry) => entry.data.number)).toEqual(
      slips.map(({ number }) => number),
    );
    for (const entry of entries) {
      expect(entry.actor).toBe(`staff:${deskAccountId}:administrator`);
      expect(entry.data.staffName).toBe("Test administrator");
      expect(JSON.stringify(entry.data)).not.toContain("Сидоров");
      expect(JSON.stringify(entry.data)).not.toContain(iins[0]);
    }
    expect(entries.map((entry) => entry.subject)).toEqual(
      slips.map(({ id }) => `refusal:${id}`),
    );
    expect((await verifyAuditStream(app.redis, `slot:${slotId}`)).ok).toBe(
      true,
    );
  });

  it("takes a repeat with the same Idempotency-Key as the same slip", async () => {
    const first = slips[0]!;
    const again = await desk.post("/refusals", first.body, {
      "Idempotency-Key": first.key,
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.id, number: first.number });
    const listed = await desk.get(`/refusals?slotId=${slotId}`);
    expect(listed.status).toBe(200);
    expect(
      listed.body.map((entry: { number: string }) => entry.number),
    ).toEqual(slips.map(({ number }) => number).reverse());
    expect(listed.body[0].maskedIin).toBe(`${iins[2]!.slice(0, 6)}******`);
    expect(JSON.stringify(listed.body)).not.toContain(iins[2]);
  });

  it("prints the same document at every reprint", async () => {
    const url = `/refusals/${slips[0]!.id}/slip.pdf`;
    const [one, two] = await Promise.all([desk.get(url), desk.get(url)]);
    expect(Buffer.compare(one.body as Buffer, two.body as Buffer)).toBe(0);
  });

  it("refuses a reason that is not true", async () => {
    const onRoster = await desk.post(
      "/refusals",
      { kind: "admission", slotId, iin: iins[0], reason: "not_on_roster" },
      { "Idempotency-Key": newRequestId() },
    );
    expect(onRoster.status).toBe(409);
    expect(onRoster.body.error.id).toBe("refusal_reason_mismatch");
    const validAsInvalid = await desk.post(
      "/refusals",
      { kind: "admission", slotId, iin: iins[3], reason: "invalid_iin" },
      { "Idempotency-Key": newRequestId() },
    );
    expect(validAsInvalid.status).toBe(422);
    const stillOpen = await desk.post(
      "/refusals",
      { kind: "admission", slotId, iin: iins[3], reason: "admission_closed" },
      { "Idempotency-Key": newRequestId() },
    );
    expect(stillOpen.status).toBe(409);
    const wrongKind = await desk.post(
      "/refusals",
      { kind: "booking", slotId, iin: iins[3], reason: "not_on_roster" },
      { "Idempotency-Key": newRequestId() },
    );
    expect(wrongKind.status).toBe(400);
    expect((await desk.get(`/refusals?slotId=${slotId}`)).body.length).toBe(4);
  });

  it("keeps slips within the staff member's centers", async () => {
    const refused = await otherDesk.post(
      "/refusals",
      { kind: "admission", slotId, iin: iins[3], reason: "no_id_document" },
      { "Idempotency-Key": newRequestId() },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("out_of_scope");
    const slip = await otherDesk.get(`/refusals/${slips[0]!.id}/slip.pdf`);
    expect(slip.status).toBe(403);
    const list = await otherDesk.get(`/refusals?slotId=${slotId}`);
    expect(list.status).toBe(403);
    // Without a slot: the newest of one's own centers, none of the others'.
    const own = await otherDesk.get("/refusals");
    expect(own.status).toBe(200);
    expect(own.body).toEqual([]);
    expect((await desk.get("/refusals")).body.length).toBe(4);
    const operator = (await signedInStaff(app, "operator")).client;
    expect(
      (
        await operator.post(
          "/refusals",
          { kind: "admission", slotId, iin: iins[3], reason: "no_id_document" },
          { "Idempotency-Key": newRequestId() },
        )
      ).status,
    ).toBe(403);
    expect((await desk.get(`/refusals/no-such-id/slip.pdf`)).status).toBe(404);
    expect((await desk.get(`/refusals?slotId=${slotId}`)).body.length).toBe(4);
  });
});
