import { getAccommodation } from "../../server/src/modules/accommodations/repository";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_VERSION } from "../../server/shared/booking";
import {
  toLocalTime,
  wallClockAt,
  wallClockToInstant,
} from "../../server/shared/time";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import {
  bookingKeys,
  findSlotBookingByIin,
  getBooking,
  listIinBookings,
} from "../../server/src/modules/booking/repository";
import type { TestApp } from "../support/app";
import {
  codeHeader,
  CORPS_B,
  PROGRAM_1,
  RU_ONLY,
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  redisNowMs,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const HOUR = 3600_000;
const iins = syntheticIins(2_000);
let nextIin = 0;
const freshIin = () => iins[nextIin++] ?? "";

/** The code from a BookingCreated, as a query string value. */
const codeOf = (created: { code: string }) => encodeURIComponent(created.code);

describe("booking", () => {
  let app: TestApp;
  let manager: ApiClient;
  let public_: ApiClient;
  let place: Place;

  beforeAll(async () => {
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    public_ = new ApiClient(app.url);
    place = await createPlace(manager, 10);
  });
  afterAll(() => app.stop());

  describe("GET /api/v1/slots and /api/v1/centers", () => {
    it("lists future open slots with free seats, names and local time", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 4 });
      const { status, body } = await public_.get(
        `/slots?program=${CORPS_B}&center=${place.centerId}`,
      );
      expect(status).toBe(200);
      const listed = body.find((s: { id: string }) => s.id === slot.id);
      const local = toLocalTime(Date.parse(slot.startsAt), "Asia/Almaty");
      expect(listed).toMatchObject({
        program: { id: CORPS_B, titles: { en: "Corps B: legislation" } },
        languages: ["kk", "ru"],
        center: {
          id: place.centerId,
          name: { en: "Astana testing center" },
          timezone: "Asia/Almaty",
        },
        room: { id: place.roomId, name: "Зал 1" },
        startsAt: slot.startsAt,
        bookingCutoffAt: slot.bookingCutoffAt,
        local: { date: local.date, time: local.time, utcOffset: "UTC+5" },
        seatsOffered: 4,
        freeSeats: 4,
        open: true,
      });
    });

    it("leaves out slots past their booking cutoff and other programs", async () => {
      const now = await redisNowMs(app);
      const closed = await createSlot(
        app,
        manager,
        await createPlace(manager, 2),
        {
          startsAt: now + 2 * HOUR,
          bookingCutoffAt: now + 500,
        },
      );
      const other = await createSlot(app, manager, place, {
        programId: PROGRAM_1,
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      const { body } = await public_.get(`/slots?program=${CORPS_B}`);
      const ids = body.map((s: { id: string }) => s.id);
      expect(ids).not.toContain(closed.id);
      expect(ids).not.toContain(other.id);
      const single = await public_.get(`/slots/${closed.id}`);
      expect(single.body).toMatchObject({ id: closed.id, open: false });
    });

    it("lists centers publicly", async () => {
      const { status, body } = await public_.get("/centers");
      expect(status).toBe(200);
      expect(body).toContainEqual(
        expect.objectContaining({
          id: place.centerId,
          timezone: "Asia/Almaty",
        }),
      );
    });

    it("publishes the consent text and its version", async () => {
      const { body } = await public_.get("/consent");
      expect(body.version).toBe(CONSENT_VERSION);
      expect(body.text.kk).toMatch(/дербес деректер/i);
      expect(body.text.ru).toMatch(/персональных данных/);
    });
  });

  describe("POST /api/v1/bookings", () => {
    it("keeps when the booking form was opened, to time the booking; a stale or unknown form id only goes unmeasured", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 3 });
      const opened = await public_.post("/booking-forms", {});
      expect(opened.status).toBe(201);
      expect(opened.body).toEqual({
        formId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        openedAt: expect.any(Number),
      });
      const timed = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin(), { formId: opened.body.formId }),
      );
      expect(timed.status).toBe(201);
      const stored = await app.redis.hgetall(
        bookingKeys.booking(timed.body.id),
      );
      expect(Number(stored.formOpenedAt)).toBe(opened.body.openedAt);
      expect(Number(stored.createdAt)).toBeGreaterThanOrEqual(
        opened.body.openedAt,
      );
      const entries = await app.redis.xrange(`audit:slot:${slot.id}`, "-", "+");
      const created = entries
        .map(([, fields]) => fields)
        .find((fields) => fields.includes(`booking:${timed.body.id}`))!;
      expect(JSON.parse(created[created.indexOf("data") + 1]!)).toMatchObject({
        formOpenedAt: opened.body.openedAt,
      });

      const unknown = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin(), {
          formId: "00000000-0000-4000-8000-000000000000",
        }),
      );
      expect(unknown.status).toBe(201);
      expect(
        await app.redis.hget(
          bookingKeys.booking(unknown.body.id),
          "formOpenedAt",
        ),
      ).toBeNull();
      const malformed = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin(), { formId: "not-a-form" }),
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.id).toBe("invalid_request");
    });

    it("books a seat, answers the code once and stores only its hash", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 3 });
      const iin = freshIin();
      const { status, body } = await public_.post(
        "/bookings",
        bookingBody(slot.id, iin, { phone: "+7 701 234 56 78" }),
      );
      expect(status).toBe(201);
      expect(body).toMatchObject({
        id: expect.stringMatching(/^[0-9A-Z]{12}$/),
        code: expect.stringMatching(
          /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/,
        ),
        status: "booked",
        slot: {
          id: slot.id,
          startsAt: slot.startsAt,
          timezone: "Asia/Almaty",
          utcOffset: "UTC+5",
          place: {
            centerId: place.centerId,
            name: { kk: "Астана тестілеу орталығы" },
          },
          room: { id: place.roomId, name: "Зал 1" },
        },
      });
      // The code never travels in a URL: the status link keeps it in the
      // fragment (browsers do not send it), the receipt needs the header.
      expect(body.receiptUrl).toBe(
        `${app.synaq.ctx.publicUrl}/api/v1/bookings/${body.id}/receipt.pdf`,
      );
      expect(body.statusUrl).toBe(
        `${app.synaq.ctx.publicUrl}/booking/${body.id}#${encodeURIComponent(body.code)}`,
      );

      const stored = await app.redis.hgetall(bookingKeys.booking(body.id));
      expect(stored).toMatchObject({
        status: "booked",
        iin,
        programId: CORPS_B,
        slotId: slot.id,
        language: "kk",
        source: "online",
        consentVersion: CONSENT_VERSION,
        consentAt: expect.stringMatching(/^\d{13}$/),
        phone: "+7 701 234 56 78",
        codeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(stored).not.toHaveProperty("collectedBy");
      expect(JSON.stringify(stored)).not.toContain(body.code.replace(/-/g, ""));

      expect(await app.redis.hget(bookingKeys.slotIins(slot.id), iin)).toBe(
        body.id,
      );
      expect(
        await app.redis.zrange(bookingKeys.slotBookings(slot.id), 0, -1),
      ).toEqual([body.id]);
      expect(await app.redis.smembers(bookingKeys.iinBookings(iin))).toEqual([
        body.id,
      ]);
      expect((await findSlotBookingByIin(app.redis, slot.id, iin))?.id).toBe(
        body.id,
      );
      expect((await listIinBookings(app.redis, iin)).map((b) => b.id)).toEqual([
        body.id,
      ]);
      expect((await public_.get(`/slots/${slot.id}`)).body.freeSeats).toBe(2);
    });

    it("writes the booking's audit entry into the slot's stream", async () => {
      const slot = await createSlot(app, manager, place);
      const iin = freshIin();
      const { body } = await public_.post(
        "/bookings",
        bookingBody(slot.id, iin),
      );
      const entries = await readAudit(app.redis, `slot:${slot.id}`);
      expect(entries.at(-1)).toMatchObject({
        actor: "public",
        action: "booking.created",
        subject: `booking:${body.id}`,
        data: {
          iin,
          programId: CORPS_B,
          source: "online",
          consentVersion: CONSENT_VERSION,
        },
      });
      expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
        true,
      );
    });

    it("refuses without consent (422 consent_required)", async () => {
      const slot = await createSlot(app, manager, place);
      for (const consent of [false, undefined]) {
        const { status, body } = await public_.post(
          "/bookings",
          bookingBody(slot.id, freshIin(), { consent }),
        );
        expect(status).toBe(422);
        expect(body.error.id).toBe("consent_required");
      }
    });

    it("refuses an invalid IIN saying which check failed (422 invalid_iin)", async () => {
      const slot = await createSlot(app, manager, place);
      const checkDigit = await public_.post(
        "/bookings",
        bookingBody(slot.id, "780322300455"),
      );
      expect(checkDigit.status).toBe(422);
      expect(checkDigit.body.error).toMatchObject({
        id: "invalid_iin",
        message: expect.stringMatching(/check digit/),
        details: { reason: "check_digit" },
      });
      const month13 = await public_.post(
        "/bookings",
        bookingBody(slot.id, "901302300121"),
      );
      expect(month13.body.error.message).toMatch(/birth date/);
    });

    it("answers 404 slot_not_found and program_not_found", async () => {
      const slot = await createSlot(app, manager, place);
      const noSlot = await public_.post(
        "/bookings",
        bookingBody("no-such-slot", freshIin()),
      );
      expect(noSlot.status).toBe(404);
      expect(noSlot.body.error.id).toBe("slot_not_found");
      const noProgram = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin(), { programId: "no-such-program" }),
      );
      expect(noProgram.status).toBe(404);
      expect(noProgram.body.error.id).toBe("program_not_found");
    });

    it("refuses a slot of another program (422 program_mismatch)", async () => {
      const slot = await createSlot(app, manager, place, {
        programId: PROGRAM_1,
      });
      const { status, body } = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin()),
      );
      expect(status).toBe(422);
      expect(body.error.id).toBe("program_mismatch");
    });

    it("refuses a language the program does not offer (422 language_not_offered)", async () => {
      const slot = await createSlot(app, manager, place, {
        programId: RU_ONLY,
      });
      const body = bookingBody(slot.id, freshIin(), { programId: RU_ONLY });
      const kazakh = await public_.post("/bookings", body);
      expect(kazakh.status).toBe(422);
      expect(kazakh.body.error.id).toBe("language_not_offered");
      expect(
        (await public_.post("/bookings", { ...body, language: "ru" })).status,
      ).toBe(201);
    });

    it("refuses a full slot (409 slot_full)", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 1 });
      expect(
        (await public_.post("/bookings", bookingBody(slot.id, freshIin())))
          .status,
      ).toBe(201);
      const { status, body } = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin()),
      );
      expect(status).toBe(409);
      expect(body.error.id).toBe("slot_full");
    });

    it("refuses a slot past its booking cutoff (409 slot_closed)", async () => {
      const now = await redisNowMs(app);
      const slot = await createSlot(
        app,
        manager,
        await createPlace(manager, 2),
        {
          startsAt: now + HOUR,
          bookingCutoffAt: now + 400,
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      const { status, body } = await public_.post(
        "/bookings",
        bookingBody(slot.id, freshIin()),
      );
      expect(status).toBe(409);
      expect(body.error.id).toBe("slot_closed");
    });

    it("refuses a second active booking of the IIN for the program (409 already_booked)", async () => {
      const first = await createSlot(app, manager, place);
      const second = await createSlot(app, manager, place);
      const other = await createSlot(app, manager, place, {
        programId: PROGRAM_1,
      });
      const iin = freshIin();
      const booked = await public_.post(
        "/bookings",
        bookingBody(first.id, iin),
      );
      expect(booked.status).toBe(201);

      const again = await public_.post(
        "/bookings",
        bookingBody(second.id, iin),
      );
      expect(again.status).toBe(409);
      expect(again.body.error.id).toBe("already_booked");
      const sameSlot = await public_.post(
        "/bookings",
        bookingBody(first.id, iin),
      );
      expect(sameSlot.body.error.id).toBe("already_booked");

      // Another program is another booking.
      expect(
        (
          await public_.post(
            "/bookings",
            bookingBody(other.id, iin, { programId: PROGRAM_1 }),
          )
        ).status,
      ).toBe(201);

      // Admitted and in progress still count; completed does not.
      await app.redis.hset(
        bookingKeys.booking(booked.body.id),
        "status",
        "in_progress",
      );
      expect(
        (await public_.post("/bookings", bookingBody(second.id, iin))).body
          .error.id,
      ).toBe("already_booked");
      await app.redis.hset(
        bookingKeys.booking(booked.body.id),
        "status",
        "completed",
      );
      expect(
        (await public_.post("/bookings", bookingBody(second.id, iin))).status,
      ).toBe(201);
    });

    it("lets the IIN book again after cancelling", async () => {
      const first = await createSlot(app, manager, place);
      const second = await createSlot(app, manager, place);
      const iin = freshIin();
      const booked = (
        await public_.post("/bookings", bookingBody(first.id, iin))
      ).body;
      expect(
        (
          await public_.delete(
            `/bookings/${booked.id}`,
            codeHeader(codeOf(booked)),
          )
        ).status,
      ).toBe(200);
      expect(
        (await public_.post("/bookings", bookingBody(second.id, iin))).status,
      ).toBe(201);
    });

    it("is in the OpenAPI document with its request and response schemas", async () => {
      const { body } = await public_.get("/openapi.json");
      const post = body.paths["/api/v1/bookings"].post;
      expect(post.requestBody.content["application/json"].schema.$ref).toMatch(
        /BookingRequest$/,
      );
      expect(
        post.responses["201"].content["application/json"].schema.$ref,
      ).toMatch(/BookingCreated$/);
      for (const status of ["404", "409", "422", "429"])
        expect(post.responses).toHaveProperty(status);
      expect(body.paths).toHaveProperty(["/api/v1/slots", "get"]);
      expect(body.paths).toHaveProperty([
        "/api/v1/bookings/{bookingId}",
        "delete",
      ]);
      expect(
        body.paths["/api/v1/bookings/{bookingId}/receipt.pdf"].get.responses[
          "200"
        ].content,
      ).toHaveProperty("application/pdf");
      expect(body.components.schemas).toHaveProperty("BookingStatusView");
    });
  });

  describe("GET and DELETE /api/v1/bookings/:id", () => {
    it("shows the status with a masked IIN to the holder of the code", async () => {
      const slot = await createSlot(app, manager, place);
      const iin = freshIin();
      const created = (
        await public_.post("/bookings", bookingBody(slot.id, iin))
      ).body;
      const { status, body } = await public_.get(
        `/bookings/${created.id}`,
        codeHeader(codeOf(created)),
      );
      expect(status).toBe(200);
      expect(body).toEqual({
        id: created.id,
        status: "booked",
        fullName: "Асқар Нұрланұлы Серікбаев",
        maskedIin: `${iin.slice(0, 6)}******`,
        program: {
          id: CORPS_B,
          titles: expect.objectContaining({ kk: "«Б» корпусы: заңнама" }),
        },
        language: "kk",
        slot: created.slot,
        consentVersion: CONSENT_VERSION,
        createdAt: expect.any(String),
        // Not tested yet: no appeal window, nothing appealed or re-scored.
        appeals: [],
        revisions: [],
        // Booked with no e-mail or phone: nothing was sent.
        messages: [],
        complaints: [],
      });
      // The code as a person types it: lower case, no dashes.
      const typed = created.code.toLowerCase().replace(/-/g, "");
      expect(
        (
          await public_.get(
            `/bookings/${created.id.toLowerCase()}`,
            codeHeader(typed),
          )
        ).status,
      ).toBe(200);
    });

    it("shows the result once the engine has set it", async () => {
      const slot = await createSlot(app, manager, place);
      const created = (
        await public_.post("/bookings", bookingBody(slot.id, freshIin()))
      ).body;
      await app.redis.hset(bookingKeys.booking(created.id), {
        status: "completed",
        resultPassed: "1",
        certificateNumber: "SQ-2026-000042",
      });
      const { body } = await public_.get(
        `/bookings/${created.id}`,
        codeHeader(codeOf(created)),
      );
      expect(body.status).toBe("completed");
      expect(body.result).toEqual({
        passed: true,
        certificateNumber: "SQ-2026-000042",
      });
    });

    it("answers a wrong code exactly like an unknown booking (404 booking_not_found)", async () => {
      const slot = await createSlot(app, manager, place);
      const created = (
        await public_.post("/bookings", bookingBody(slot.id, freshIin()))
      ).body;
      const wrong = await public_.get(
        `/bookings/${created.id}`,
        codeHeader("AAAAA-AAAAA-AAAAA-AAAAA", freshIp()),
      );
      const unknown = await public_.get(
        `/bookings/ZZZZZZZZZZZZ`,
        codeHeader(codeOf(created), freshIp()),
      );
      expect(wrong.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error.id).toBe("booking_not_found");
      const cancel = await public_.delete(
        `/bookings/${created.id}`,
        codeHeader("AAAAA-AAAAA-AAAAA-AAAAA", freshIp()),
      );
      expect(cancel.status).toBe(404);
      expect((await getBooking(app.redis, created.id))?.status).toBe("booked");
    });

    it("limits wrong codes to 10 a minute per client, then 429 even for the right code", async () => {
      const slot = await createSlot(app, manager, place);
      const created = (
        await public_.post("/bookings", bookingBody(slot.id, freshIin()))
      ).body;
      const attacker = freshIp();
      for (let i = 0; i < 10; i++) {
        const guess = await public_.get(
          `/bookings/${created.id}`,
          codeHeader(`AAAAA-AAAAA-AAAAA-AAAA${i}`, attacker),
        );
        expect(guess.status).toBe(404);
      }
      const blocked = await public_.get(
        `/bookings/${created.id}`,
        codeHeader(codeOf(created), attacker),
      );
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.id).toBe("rate_limited");
      expect(
        (
          await public_.get(
            `/bookings/${created.id}/receipt.pdf`,
            codeHeader(codeOf(created), attacker),
          )
        ).status,
      ).toBe(429);
      // Another client is not affected.
      expect(
        (
          await public_.get(
            `/bookings/${created.id}`,
            codeHeader(codeOf(created), freshIp()),
          )
        ).status,
      ).toBe(200);
    });

    it("cancels, frees the seat, and refuses a second cancel (409 already_cancelled)", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 1 });
      const iin = freshIin();
      const created = (
        await public_.post("/bookings", bookingBody(slot.id, iin))
      ).body;
      expect((await public_.get(`/slots/${slot.id}`)).body.freeSeats).toBe(0);

      const { status, body } = await public_.delete(
        `/bookings/${created.id}`,
        codeHeader(codeOf(created)),
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: created.id,
        status: "cancelled",
        cancelledAt: expect.any(String),
      });
      expect((await public_.get(`/slots/${slot.id}`)).body.freeSeats).toBe(1);
      expect(
        await app.redis.hget(bookingKeys.slotIins(slot.id), iin),
      ).toBeNull();
      // The roster keeps the cancelled booking, with its status.
      expect(
        await app.redis.zrange(bookingKeys.slotBookings(slot.id), 0, -1),
      ).toEqual([created.id]);

      const again = await public_.delete(
        `/bookings/${created.id}`,
        codeHeader(codeOf(created)),
      );
      expect(again.status).toBe(409);
      expect(again.body.error.id).toBe("already_cancelled");

      const actions = (await readAudit(app.redis, `slot:${slot.id}`)).map(
        (entry) => entry.action,
      );
      expect(
        actions.filter((action) => action === "booking.cancelled"),
      ).toHaveLength(1);
    });

    it("refuses to cancel after the booking cutoff, or once admitted (409 cancel_closed)", async () => {
      const now = await redisNowMs(app);
      const soon = await createSlot(
        app,
        manager,
        await createPlace(manager, 2),
        {
          startsAt: now + HOUR,
          bookingCutoffAt: now + 600,
        },
      );
      const late = (
        await public_.post("/bookings", bookingBody(soon.id, freshIin()))
      ).body;
      await new Promise((resolve) => setTimeout(resolve, 800));
      const afterCutoff = await public_.delete(
        `/bookings/${late.id}`,
        codeHeader(codeOf(late)),
      );
      expect(afterCutoff.status).toBe(409);
      expect(afterCutoff.body.error.id).toBe("cancel_closed");

      const slot = await createSlot(app, manager, place);
      const admitted = (
        await public_.post("/bookings", bookingBody(slot.id, freshIin()))
      ).body;
      await app.redis.hset(
        bookingKeys.booking(admitted.id),
        "status",
        "admitted",
      );
      const refused = await public_.delete(
        `/bookings/${admitted.id}`,
        codeHeader(codeOf(admitted)),
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("cancel_closed");
    });
  });

  describe("GET /api/v1/bookings/:id/receipt.pdf", () => {
    it("prints receipt number, name, IIN, program, language, local date and time and place in Kazakh and Russian, with a QR code to the status page", async () => {
      const now = await redisNowMs(app);
      const today = wallClockAt(now, "Asia/Almaty");
      // 10:00 in Astana, three days from now.
      const startsAt = wallClockToInstant(
        {
          year: today.year,
          month: today.month,
          day: today.day + 3,
          hour: 10,
          minute: 0,
        },
        "Asia/Almaty",
      );
      const roomPlace = await createPlace(manager, 5, "Аудитория 305");
      const slot = await createSlot(app, manager, roomPlace, { startsAt });
      const iin = freshIin();
      const created = (
        await public_.post(
          "/bookings",
          bookingBody(slot.id, iin, {
            fullName: "Әйгерім Ғалымжанқызы Өтегенова",
            language: "ru",
          }),
        )
      ).body;

      const pdf = await public_.get(
        `/bookings/${created.id}/receipt.pdf`,
        codeHeader(codeOf(created)),
      );
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");

      const dir = mkdtempSync(path.join(tmpdir(), "synaq-receipt-"));
      try {
        const file = path.join(dir, "receipt.pdf");
        writeFileSync(file, pdf.body as Buffer);
        const text = spawnSync("pdftotext", ["-layout", file, "-"], {
          encoding: "utf8",
        }).stdout.replace(/\s+/g, " ");
        const local = toLocalTime(startsAt, "Asia/Almaty");
        expect(local.time).toBe("10:00");
        expect(text).toContain("Тестілеуге жазылу түбіртегі");
        expect(text).toContain("Квитанция о записи на тестирование");
        expect(text).toContain(created.id);
        expect(text).toContain("Әйгерім Ғалымжанқызы Өтегенова");
        expect(text).toContain(iin);
        expect(text).toContain("«Б» корпусы: заңнама");
        expect(text).toContain("Корпус «Б»: законодательство");
        expect(text).toContain("орыс тілі / русский язык");
        expect(text).toContain(`${local.date} 10:00 (UTC+5)`);
        expect(text).toContain("Астана тестілеу орталығы");
        expect(text).toContain("г. Астана, проспект Сарыарка, 1");
        expect(text).toContain("Аудитория 305");
        expect(text).toContain(created.code);

        spawnSync("pdfimages", ["-png", file, path.join(dir, "image")]);
        const image = readdirSync(dir).find((name) => name.startsWith("image"));
        expect(image).toBeDefined();
        const qr = spawnSync(
          "zbarimg",
          ["--raw", "-q", path.join(dir, image ?? "")],
          { encoding: "utf8" },
        );
        expect(qr.stdout.trim()).toBe(created.statusUrl);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("staff-assisted booking", () => {
    it("records who collected the consent and audits it as theirs", async () => {
      const { client: desk, account } = await signedInStaff(
        app,
        "administrator",
      );
      const slot = await createSlot(app, manager, place);
      const { status, body } = await desk.post(
        "/staff/bookings",
        bookingBody(slot.id, freshIin()),
      );
      expect(status).toBe(201);
      expect(body.code).toBeTruthy();
      const stored = await getBooking(app.redis, body.id);
      expect(stored).toMatchObject({
        source: "staff",
        collectedBy: `staff:${account.id}`,
        collectedByName: "Test administrator",
        consentVersion: CONSENT_VERSION,
      });
      const entry = (await readAudit(app.redis, `slot:${slot.id}`)).at(-1);
      expect(entry).toMatchObject({
        actor: `staff:${account.id}:administrator`,
        action: "booking.created",
        data: { source: "staff", collectedBy: `staff:${account.id}` },
      });
    });

    it("still needs the consent and is for administrators and managers", async () => {
      const slot = await createSlot(app, manager, place);
      const { client: desk } = await signedInStaff(app, "administrator");
      const noConsent = await desk.post(
        "/staff/bookings",
        bookingBody(slot.id, freshIin(), { consent: false }),
      );
      expect(noConsent.body.error.id).toBe("consent_required");
      const { client: operator } = await signedInStaff(app, "operator");
      expect(
        (
          await operator.post(
            "/staff/bookings",
            bookingBody(slot.id, freshIin()),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await public_.post(
            "/staff/bookings",
            bookingBody(slot.id, freshIin()),
          )
        ).status,
      ).toBe(401);
    });
  });

  describe("GET /api/v1/slots/:id/roster and accommodations", () => {
    it("lists every booking of the slot with status, name, full IIN, language and accommodation", async () => {
      const slot = await createSlot(app, manager, place);
      const [withAccommodation, plain, cancelled] = [
        freshIin(),
        freshIin(),
        freshIin(),
      ];
      const put = await manager.put("/accommodations", {
        iin: withAccommodation,
        extraMinutes: 25,
        note: "Нашар көреді / Слабовидящий",
        approvedBy: "Решение комиссии № 7",
      });
      expect(put.status).toBe(200);
      await public_.post("/bookings", bookingBody(slot.id, withAccommodation));
      await public_.post(
        "/bookings",
        bookingBody(slot.id, plain, { language: "ru", phone: "87010000000" }),
      );
      const gone = (
        await public_.post("/bookings", bookingBody(slot.id, cancelled))
      ).body;
      await public_.delete(`/bookings/${gone.id}`, codeHeader(codeOf(gone)));

      const { client: operator } = await signedInStaff(app, "operator");
      const { status, body } = await operator.get(`/slots/${slot.id}/roster`);
      expect(status).toBe(200);
      expect(body.slot).toMatchObject({ id: slot.id, bookedSeats: 2 });
      expect(body.entries).toEqual([
        expect.objectContaining({
          iin: withAccommodation,
          status: "booked",
          language: "kk",
          source: "online",
          accommodation: {
            extraMinutes: 25,
            note: "Нашар көреді / Слабовидящий",
          },
        }),
        expect.objectContaining({
          iin: plain,
          language: "ru",
          phone: "87010000000",
          accommodation: null,
        }),
        expect.objectContaining({ iin: cancelled, status: "cancelled" }),
      ]);
      expect((await public_.get(`/slots/${slot.id}/roster`)).status).toBe(401);
    });

    it("keeps the accommodation on the candidate, with who approved and who entered it", async () => {
      const { client: admin, account } = await signedInStaff(
        app,
        "administrator",
      );
      const iin = freshIin();
      const put = await admin.put("/accommodations", {
        iin: iin,
        extraMinutes: 15,
        note: "",
        approvedBy: "Комиссия шешімі № 3",
      });
      expect(put.body).toMatchObject({
        iin,
        extraMinutes: 15,
        approvedBy: "Комиссия шешімі № 3",
        setBy: { id: account.id, fullName: "Test administrator" },
        setAt: expect.any(String),
      });
      expect(
        (await admin.post("/accommodations/lookup", { iin })).body.extraMinutes,
      ).toBe(15);
      expect(await getAccommodation(app.redis, iin)).toMatchObject({
        extraMinutes: 15,
        note: "",
      });

      // Applied to every later booking of the IIN.
      const slot = await createSlot(app, manager, place);
      await public_.post("/bookings", bookingBody(slot.id, iin));
      const roster = (await admin.get(`/slots/${slot.id}/roster`)).body;
      expect(roster.entries[0].accommodation).toEqual({
        extraMinutes: 15,
        note: "",
      });
      const created = (await readAudit(app.redis, `slot:${slot.id}`)).at(-1);
      expect(created?.data.extraMinutes).toBe(15);

      expect((await admin.post("/accommodations/remove", { iin })).status).toBe(
        204,
      );
      expect((await admin.post("/accommodations/lookup", { iin })).status).toBe(
        404,
      );
      expect(
        (await admin.post("/accommodations/remove", { iin })).body.error.id,
      ).toBe("accommodation_not_found");

      const audit = await readAudit(
        app.redis,
        "network",
        (entry) => entry.subject === `iin:${iin}`,
      );
      expect(audit.map((entry) => entry.action)).toEqual([
        "accommodation.set",
        "accommodation.removed",
      ]);
      expect((await verifyAuditStream(app.redis, "network")).ok).toBe(true);
    });

    it("refuses an invalid IIN, more than 120 minutes, and other roles", async () => {
      const bad = await manager.put("/accommodations", {
        iin: "780322300455",
        extraMinutes: 10,
        approvedBy: "X",
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.id).toBe("invalid_iin");
      const tooLong = await manager.put("/accommodations", {
        iin: freshIin(),
        extraMinutes: 121,
        approvedBy: "X",
      });
      expect(tooLong.status).toBe(400);
      const { client: operator } = await signedInStaff(app, "operator");
      expect(
        (
          await operator.put("/accommodations", {
            iin: freshIin(),
            extraMinutes: 5,
            approvedBy: "X",
          })
        ).status,
      ).toBe(403);
    });
  });

  describe("races", () => {
    it("books exactly 10 of 1,000 concurrent requests for 10 seats", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 10 });
      const candidates = Array.from({ length: 1_000 }, () => freshIin());
      const responses = await Promise.all(
        candidates.map((iin) =>
          public_.post("/bookings", bookingBody(slot.id, iin)),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.filter((status) => status === 409)).toHaveLength(990);
      expect(
        responses
          .filter((r) => r.status === 409)
          .every((r) => r.body.error.id === "slot_full"),
      ).toBe(true);

      expect((await public_.get(`/slots/${slot.id}`)).body.freeSeats).toBe(0);
      expect(await app.redis.hget(`slot:${slot.id}`, "bookedSeats")).toBe("10");
      expect(await app.redis.zcard(bookingKeys.slotBookings(slot.id))).toBe(10);
      const audit = await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (e) => e.action === "booking.created",
      );
      expect(audit).toHaveLength(10);
      expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
        true,
      );
    });

    it("gives one IIN one booking when it asks for many slots at once", async () => {
      const slots = await Promise.all(
        Array.from({ length: 5 }, () => createSlot(app, manager, place)),
      );
      const iin = freshIin();
      const responses = await Promise.all(
        slots.flatMap((slot) =>
          Array.from({ length: 4 }, () =>
            public_.post("/bookings", bookingBody(slot.id, iin)),
          ),
        ),
      );
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(
        responses
          .filter((r) => r.status === 409)
          .every((r) => r.body.error.id === "already_booked"),
      ).toBe(true);
    });

    it("frees a cancelled seat exactly once, however many cancels race", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 2 });
      const [a, b] = [freshIin(), freshIin()];
      const first = (await public_.post("/bookings", bookingBody(slot.id, a)))
        .body;
      await public_.post("/bookings", bookingBody(slot.id, b));

      const cancels = await Promise.all(
        Array.from({ length: 10 }, () =>
          public_.delete(`/bookings/${first.id}`, codeHeader(codeOf(first))),
        ),
      );
      expect(cancels.filter((r) => r.status === 200)).toHaveLength(1);
      expect(
        cancels
          .filter((r) => r.status === 409)
          .every((r) => r.body.error.id === "already_cancelled"),
      ).toBe(true);
      expect(await app.redis.hget(`slot:${slot.id}`, "bookedSeats")).toBe("1");

      const rebookers = Array.from({ length: 30 }, () => freshIin());
      const rebooked = await Promise.all(
        rebookers.map((iin) =>
          public_.post("/bookings", bookingBody(slot.id, iin)),
        ),
      );
      expect(rebooked.filter((r) => r.status === 201)).toHaveLength(1);
      expect((await public_.get(`/slots/${slot.id}`)).body.freeSeats).toBe(0);
    });

    it("never overbooks while cancels and bookings interleave", async () => {
      const slot = await createSlot(app, manager, place, { seatsOffered: 3 });
      const holders = [];
      for (let i = 0; i < 3; i++) {
        holders.push(
          (await public_.post("/bookings", bookingBody(slot.id, freshIin())))
            .body,
        );
      }
      const results = await Promise.all([
        ...holders.map((holder) =>
          public_.delete(`/bookings/${holder.id}`, codeHeader(codeOf(holder))),
        ),
        ...Array.from({ length: 40 }, () =>
          public_.post("/bookings", bookingBody(slot.id, freshIin())),
        ),
      ]);
      const booked = results.slice(3).filter((r) => r.status === 201).length;
      expect(results.slice(0, 3).every((r) => r.status === 200)).toBe(true);
      expect(booked).toBeLessThanOrEqual(3);
      const stored = Number(
        await app.redis.hget(`slot:${slot.id}`, "bookedSeats"),
      );
      expect(stored).toBe(booked);
      const roster = (await manager.get(`/slots/${slot.id}/roster`)).body
        .entries;
      expect(
        roster.filter((entry: { status: string }) => entry.status === "booked"),
      ).toHaveLength(booked);
    });
  });
});

describe("the public rate limit", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startBookingApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "5" });
  });
  afterAll(() => app.stop());

  it("answers 429 rate_limited past RATE_LIMIT_PUBLIC_PER_MINUTE per client, shared by all public routes", async () => {
    const api = new ApiClient(app.url);
    const client = freshIp();
    const paths = ["/slots", "/centers", "/consent", "/slots", "/centers"];
    for (const route of paths)
      expect((await api.get(route, client)).status).toBe(200);
    const limited = await api.post(
      "/bookings",
      bookingBody("x", "900102300121"),
      client,
    );
    expect(limited.status).toBe(429);
    expect(limited.body.error.id).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await api.get("/slots", freshIp())).status).toBe(200);
  });

  it("does not limit staff routes", async () => {
    const { client: manager } = await signedInStaff(app, "manager");
    for (let i = 0; i < 8; i++)
      expect((await manager.get("/accounts")).status).toBe(200);
  });
});
