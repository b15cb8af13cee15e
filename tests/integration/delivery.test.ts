import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectConsole,
  connectKiosk,
  enrollKiosk,
  nextEvent,
  request,
  type BankIds,
  type KioskSocket,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";
import { verifyAuditStream } from "../../server/src/modules/audit/service";

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
const LONG = "engine-long";

/** The key of the engine fixture: single → b, multiple → a and c. */
const correctFor = (item: { id: string; type: string }) =>
  item.type === "multiple" ? ["a", "c"] : ["b"];

describe("the delivery engine", () => {
  let app: TestApp;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let place: Place;
  let slotId: string;
  const tokens: string[] = [];
  const iins = syntheticIins(8, 300);

  const book = async (iin: string, name = "Әлия Бекқызы Жақсылықова") => {
    const response = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, iin, { programId: LONG, fullName: name }),
      freshIp(),
    );
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 4);
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: LONG,
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 20 * 60_000,
    });
    slotId = slot.id;
    for (const seatId of place.seatIds.slice(0, 3))
      tokens.push((await enrollKiosk(app.url, operator, seatId)).token);
  });
  afterAll(() => app.stop());

  describe("kiosk enrollment", () => {
    it("binds a kiosk to its seat with a one-time code", async () => {
      const me = await fetch(`${app.url}/api/v1/kiosks/me`, {
        headers: { authorization: `Bearer ${tokens[0]}` },
      });
      expect(me.status).toBe(200);
      const body = (await me.json()) as {
        kiosk: {
          seatId: string;
          seatLabel: string;
          centerName: { kk: string };
        };
      };
      expect(body.kiosk.seatId).toBe(place.seatIds[0]);
      expect(body.kiosk.seatLabel).toBe("A-01");
      expect(body.kiosk.centerName.kk).toContain("тестілеу");
    });

    it("refuses an unknown code and a code used twice", async () => {
      const code = (
        await operator.post("/kiosks/enrollment-codes", {
          seatId: place.seatIds[3],
        })
      ).body.code as string;
      const enroll = (value: string) =>
        fetch(`${app.url}/api/v1/kiosks/enroll`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code: value }),
        });
      expect((await enroll("ZZZZ-ZZZZ")).status).toBe(404);
      const first = await enroll(code.toLowerCase());
      expect(first.status).toBe(201);
      const again = await enroll(code);
      expect(again.status).toBe(404);
      expect(((await again.json()) as { error: { id: string } }).error.id).toBe(
        "enrollment_code_invalid",
      );
    });

    it("lets only operators and managers create enrollment codes", async () => {
      const refused = await administrator.post("/kiosks/enrollment-codes", {
        seatId: place.seatIds[0],
      });
      expect(refused.status).toBe(403);
    });

    it("refuses sockets without a token or with a revoked one, at once", async () => {
      await expect(connectKiosk(app.url, "")).rejects.toThrow(/unauthorized/);
      const extra = await enrollKiosk(app.url, operator, place.seatIds[3]!);
      const socket = await connectKiosk(app.url, extra.token);
      const revoked = nextEvent(socket, "disconnect");
      const revoke = await operator.post(`/kiosks/${extra.kiosk.id}/revoke`);
      expect(revoke.status).toBe(200);
      await revoked;
      await expect(connectKiosk(app.url, extra.token)).rejects.toThrow(
        /unauthorized/,
      );
      const rest = await fetch(`${app.url}/api/v1/kiosks/me`, {
        headers: { authorization: `Bearer ${extra.token}` },
      });
      expect(rest.status).toBe(401);
    });
  });

  describe("admission", () => {
    it("refuses an invalid IIN saying which check failed", async () => {
      const response = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: "780322300455",
      });
      expect(response.status).toBe(422);
      expect(response.body.error.id).toBe("invalid_iin");
      expect(response.body.error.details.reason).toBe("check_digit");
    });

    it("refuses an IIN that is not on the roster and says where it is booked today", async () => {
      const now = await redisNowMs(app);
      const otherPlace = await createPlace(manager, 2, "Зал 2");
      const other = await createSlot(app, manager, otherPlace, {
        programId: LONG,
        startsAt: now + 3 * 3600_000,
        bookingCutoffAt: now + 2 * 3600_000,
      });
      const response = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(other.id, iins[7]!, { programId: LONG }),
        freshIp(),
      );
      expect(response.status).toBe(201);
      const refused = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: iins[7],
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("not_on_roster");
      expect(refused.body.error.message).toContain("Зал 2");
      // The places in every language, for the console to word in the
      // reader's, and whether this administrator may open that desk.
      expect(refused.body.error.details.bookedElsewhere).toEqual([
        expect.objectContaining({
          slotId: other.id,
          centerId: otherPlace.centerId,
          center: expect.objectContaining({
            kk: "Астана тестілеу орталығы",
            ru: "Астанинский центр тестирования",
          }),
          room: { kk: "Зал 2", ru: "Зал 2", en: "Зал 2" },
          startsAt: other.startsAt,
          inScope: true,
        }),
      ]);
      const stranger = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: iins[6],
      });
      expect(stranger.body.error.message).toContain("no booking today");
    });

    it("refuses admission before the admission window opens", async () => {
      const now = await redisNowMs(app);
      const later = await createSlot(app, manager, place, {
        programId: LONG,
        startsAt: now + 6 * 3600_000,
        bookingCutoffAt: now + 5 * 3600_000,
      });
      const booking = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(later.id, iins[5]!, { programId: LONG }),
        freshIp(),
      );
      expect(booking.status).toBe(201);
      const refused = await administrator.post(
        `/slots/${later.id}/admissions`,
        { iin: iins[5] },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("admission_not_open");
    });

    it("is for administrators only", async () => {
      const refused = await operator.post(`/slots/${slotId}/admissions`, {
        iin: iins[0],
      });
      expect(refused.status).toBe(403);
    });
  });

  describe("a whole attempt", () => {
    let kiosk: KioskSocket;
    let otherKiosk: KioskSocket;
    let attemptId: string;
    let items: { id: string; type: string; options: { id: string }[] }[];
    let bank: BankIds;
    /** The kiosk's ids of a kiosk item's key, and of one bank option. */
    const keyOf = (item: { id: string; type: string }) =>
      bank.options(
        item.id,
        correctFor({ id: bank.item(item.id), type: item.type }),
      );
    const option = (item: { id: string }, bankOptionId: string) =>
      bank.options(item.id, [bankOptionId]);

    beforeAll(async () => {
      await manager.put("/accommodations", {
        iin: iins[0],
        extraMinutes: 15,
        note: "Көру қабілеті нашар: үлкен шрифт",
        approvedBy: "Комиссия шешімі №4",
      });
      await book(iins[0]!);
      await book(iins[1]!, "Иван Петрович Сидоров");
      kiosk = await connectKiosk(app.url, tokens[0]!);
      otherKiosk = await connectKiosk(app.url, tokens[1]!);
    });
    afterAll(() => {
      kiosk.close();
      otherKiosk.close();
    });

    it("admits a candidate to a free enrolled seat with the accommodation applied", async () => {
      const updated = nextEvent(kiosk, "attempt.updated");
      const response = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: iins[0],
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        seatId: place.seatIds[0],
        seatLabel: "A-01",
        extraMinutes: 15,
        accommodationNote: "Көру қабілеті нашар: үлкен шрифт",
      });
      attemptId = response.body.attemptId;
      expect((await updated).state).toBe("admitted");
      const again = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: iins[0],
      });
      expect(again.status).toBe(409);
      expect(again.body.error.id).toBe("booking_admitted");
    });

    it("shows no question before the test starts", async () => {
      const reply = await request(kiosk, "attempt.resync");
      expect(reply.ok).toBe(true);
      expect(reply.attempt.state).toBe("admitted");
      expect(reply.attempt.candidate.fullName).toBe("Әлия Бекқызы Жақсылықова");
      expect(reply.attempt.items).toEqual([]);
    });

    it("runs the instructions, then starts with the accommodation's extra time", async () => {
      const confirmed = await request(kiosk, "attempt.confirm", { attemptId });
      expect(confirmed.attempt.state).toBe("instructions");
      expect(
        confirmed.attempt.instructionsEndsAt - confirmed.attempt.serverNow,
      ).toBeGreaterThan(9.9 * 60_000);
      const started = await request(kiosk, "attempt.start", { attemptId });
      expect(started.ok).toBe(true);
      expect(started.attempt.state).toBe("in_progress");
      // 55 minutes plus 15 accommodated.
      expect(started.attempt.remainingMs).toBeGreaterThan(70 * 60_000 - 2_000);
      expect(started.attempt.remainingMs).toBeLessThanOrEqual(70 * 60_000);
      const resync = await request(kiosk, "attempt.resync");
      items = resync.attempt.items;
      bank = await bankIdsOf(app.redis, attemptId);
      expect(items).toHaveLength(6);
      expect(new Set(items.map((item) => item.id)).size).toBe(6);
      expect(JSON.stringify(resync)).not.toMatch(/"correct"|"key"/);
      expect(items[0]).toHaveProperty("stem");
      expect(items[0]!.options).toHaveLength(4);
    });

    it("acknowledges each answer only once saved, and a replay changes nothing", async () => {
      const first = items[0]!;
      const ack = await request(kiosk, "answer.save", {
        attemptId,
        itemId: first.id,
        response: option(first, "d"),
        seq: 1,
      });
      expect(ack).toMatchObject({ ok: true, seq: 1, answered: 1 });
      // Redis holds the bank's ids: the kiosk's ids are mapped back on save.
      const stored = JSON.parse(
        (await app.redis.hget(
          `attempt:${attemptId}:answers`,
          bank.item(first.id),
        ))!,
      );
      expect(stored).toMatchObject({ r: ["d"], seq: 1, at: ack.savedAt });

      const second = await request(kiosk, "answer.save", {
        attemptId,
        itemId: first.id,
        response: keyOf(first),
        seq: 2,
      });
      expect(second.ok).toBe(true);
      const replay = await request(kiosk, "answer.save", {
        attemptId,
        itemId: first.id,
        response: option(first, "d"),
        seq: 1,
      });
      expect(replay).toMatchObject({ ok: true, seq: 1 });
      const after = JSON.parse(
        (await app.redis.hget(
          `attempt:${attemptId}:answers`,
          bank.item(first.id),
        ))!,
      );
      expect(after).toMatchObject({
        r: correctFor({ id: bank.item(first.id), type: first.type }),
        seq: 2,
      });
    });

    it("refuses bad answers with an error id and writes nothing", async () => {
      const before = await app.redis.hgetall(`attempt:${attemptId}:answers`);
      const cases: [unknown, string][] = [
        [
          { attemptId, itemId: "not-on-form", response: ["a"], seq: 10 },
          "unknown_item",
        ],
        [
          { attemptId, itemId: items[1]!.id, response: ["z"], seq: 11 },
          "unknown_option",
        ],
        [
          {
            attemptId,
            itemId: items[1]!.id,
            response: [...option(items[1]!, "a"), ...option(items[1]!, "a")],
            seq: 12,
          },
          "unknown_option",
        ],
        // The bank's own ids are not the kiosk's: they are refused.
        [
          {
            attemptId,
            itemId: bank.item(items[1]!.id),
            response: option(items[1]!, "a"),
            seq: 12,
          },
          "unknown_item",
        ],
        [
          { attemptId, itemId: items[1]!.id, response: ["a"], seq: 12 },
          "unknown_option",
        ],
        [
          { attemptId, itemId: items[1]!.id, response: "a", seq: 13 },
          "invalid_answer",
        ],
        [
          { attemptId, itemId: items[1]!.id, response: ["a"], seq: -1 },
          "invalid_answer",
        ],
        [
          { attemptId, itemId: "x".repeat(5000), response: ["a"], seq: 14 },
          "invalid_answer",
        ],
        [
          {
            attemptId,
            itemId: items[1]!.id,
            response: ["a"],
            seq: 15,
            __proto__: { polluted: 1 },
            extra: 1,
          },
          "invalid_answer",
        ],
        ["not an object", "invalid_answer"],
      ];
      for (const [payload, id] of cases) {
        const reply = await request(kiosk, "answer.save", payload);
        expect(reply, JSON.stringify(payload).slice(0, 80)).toMatchObject({
          ok: false,
          error: { id },
        });
      }
      const foreign = await request(otherKiosk, "answer.save", {
        attemptId,
        itemId: items[1]!.id,
        response: ["a"],
        seq: 16,
      });
      expect(foreign).toMatchObject({
        ok: false,
        error: { id: "not_your_attempt" },
      });
      const submitForeign = await request(otherKiosk, "attempt.submit", {
        attemptId,
      });
      expect(submitForeign).toMatchObject({
        ok: false,
        error: { id: "not_your_attempt" },
      });
      expect(await app.redis.hgetall(`attempt:${attemptId}:answers`)).toEqual(
        before,
      );
    });

    it("shows the live seat map to a console within a second of a change", async () => {
      const console = await connectConsole(app.url, administrator);
      try {
        const watched = await request(console, "slot.watch", { slotId });
        expect(watched.ok).toBe(true);
        const tile = watched.seats.find(
          (seat: { seatId: string }) => seat.seatId === place.seatIds[0],
        );
        expect(tile).toMatchObject({
          label: "A-01",
          kiosk: { connected: true },
          attempt: {
            state: "in_progress",
            answered: 1,
            total: 6,
            maskedIin: `${iins[0]!.slice(0, 6)}******`,
          },
        });
        const progressed = nextEvent(
          console,
          "seat.progress",
          (progress: any) =>
            progress.seats.some((seat: any) => seat.answered === 2),
          1_500,
        );
        const saved = await request(kiosk, "answer.save", {
          attemptId,
          itemId: items[1]!.id,
          response: keyOf(items[1]!),
          seq: 3,
        });
        const progress = await progressed;
        expect(progress).toEqual({
          slotId,
          seats: [
            {
              seatId: place.seatIds[0],
              attemptId,
              answered: 2,
              lastSaveAt: saved.savedAt,
            },
          ],
        });
      } finally {
        console.close();
      }
    });

    it("pauses with a reason, refuses answers while paused, and gives the paused time back exactly", async () => {
      const before = (await administrator.get(`/attempts/${attemptId}`)).body
        .timing;
      const paused = await operator.post(`/attempts/${attemptId}/pause`, {
        reason: "Жарық өшті / power cut",
      });
      expect(paused.status).toBe(200);
      expect(paused.body.state).toBe("paused");
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const refused = await request(kiosk, "answer.save", {
        attemptId,
        itemId: items[2]!.id,
        response: option(items[2]!, "b"),
        seq: 4,
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { id: "attempt_paused" },
      });
      const frozen = (await administrator.get(`/attempts/${attemptId}`)).body
        .timing;
      expect(frozen.remainingMs).toBe(paused.body.remainingMs);
      const resumed = await operator.post(`/attempts/${attemptId}/resume`, {
        reason: "power back",
      });
      expect(resumed.body.state).toBe("in_progress");
      const attempt = (await administrator.get(`/attempts/${attemptId}`)).body;
      const pausedFor = attempt.pausedTotalMs;
      expect(pausedFor).toBeGreaterThanOrEqual(1_200);
      expect(resumed.body.deadlineAt).toBe(before.deadlineAt + pausedFor);
      expect(
        attempt.timeline.map((entry: { action: string }) => entry.action),
      ).toEqual(
        expect.arrayContaining([
          "attempt.admitted",
          "attempt.started",
          "attempt.paused",
          "attempt.resumed",
        ]),
      );
    });

    it("adds extra time with a reason, and only administrators may", async () => {
      const before = (await administrator.get(`/attempts/${attemptId}`)).body
        .timing.deadlineAt;
      expect(
        (
          await operator.post(`/attempts/${attemptId}/extend`, {
            minutes: 5,
            reason: "kiosk swap",
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await administrator.post(`/attempts/${attemptId}/extend`, {
            minutes: 5,
          })
        ).status,
      ).toBe(400);
      const extended = await administrator.post(
        `/attempts/${attemptId}/extend`,
        { minutes: 5, reason: "kiosk was swapped" },
      );
      expect(extended.status).toBe(200);
      expect(extended.body.deadlineAt).toBe(before + 5 * 60_000);
    });

    it("re-seats the candidate after checking the ID again, keeping answers and time", async () => {
      const before = (await administrator.get(`/attempts/${attemptId}`)).body;
      const wrongId = await operator.post(`/attempts/${attemptId}/reseat`, {
        seatId: place.seatIds[2],
        iin: iins[1],
        reason: "screen broke",
      });
      expect(wrongId.status).toBe(422);
      expect(wrongId.body.error.id).toBe("iin_mismatch");
      const detached = nextEvent(
        kiosk,
        "attempt.updated",
        (timing: any) => timing.detached === true,
      );
      const moved = await operator.post(`/attempts/${attemptId}/reseat`, {
        seatId: place.seatIds[2],
        iin: iins[0],
        reason: "screen broke",
      });
      expect(moved.status).toBe(200);
      await detached;
      kiosk.close();
      kiosk = await connectKiosk(app.url, tokens[2]!);
      const resync = await request(kiosk, "attempt.resync");
      expect(resync.attempt.attemptId).toBe(attemptId);
      expect(resync.attempt.deadlineAt).toBe(before.timing.deadlineAt);
      expect(Object.keys(resync.attempt.answers)).toHaveLength(2);
      // The new seat shows the same questions under the same ids: the kiosk
      // journal's unsent answers still apply.
      expect(
        resync.attempt.items.map(
          (item: { id: string; options: { id: string }[] }) => [
            item.id,
            item.options.map((option) => option.id),
          ],
        ),
      ).toEqual(
        items.map((item) => [item.id, item.options.map((option) => option.id)]),
      );
      expect(
        Object.keys(resync.attempt.answers).every((itemId) =>
          items.some((item) => item.id === itemId),
        ),
      ).toBe(true);
      const oldSeat = await connectKiosk(app.url, tokens[0]!);
      expect((await request(oldSeat, "attempt.resync")).attempt).toBeNull();
      oldSeat.close();
    });

    it("records kiosk incidents and lets the operator give measured downtime back", async () => {
      const console = await connectConsole(app.url, operator);
      await request(console, "slot.watch", { slotId });
      const seen = nextEvent(console, "incident.created");
      const reported = await request(kiosk, "incident.report", {
        attemptId,
        type: "page_hidden",
        durationMs: 4_000,
      });
      expect(reported.ok).toBe(true);
      const incident = await seen;
      expect(incident).toMatchObject({
        type: "page_hidden",
        source: "kiosk",
        durationMs: 4_000,
      });
      console.close();
      const before = (await administrator.get(`/attempts/${attemptId}`)).body
        .timing.deadlineAt;
      const granted = await operator.post(
        `/incidents/${incident.id}/grant`,
        {},
      );
      expect(granted.status).toBe(200);
      expect(granted.body.timing.deadlineAt).toBe(before + 4_000);
      expect(
        (await operator.post(`/incidents/${incident.id}/grant`, {})).body.error
          .id,
      ).toBe("already_granted");

      // Two operators pressing "grant" at the same moment give it back once.
      const again = await request(kiosk, "incident.report", {
        attemptId,
        type: "focus_loss",
        durationMs: 3_000,
      });
      expect(again.ok).toBe(true);
      const second = (
        await operator.get(`/slots/${slotId}/incidents`)
      ).body.find((found: { type: string }) => found.type === "focus_loss");
      const beforeRace = (await administrator.get(`/attempts/${attemptId}`))
        .body.timing.deadlineAt;
      const race = await Promise.all(
        Array.from({ length: 4 }, () =>
          operator.post(`/incidents/${second.id}/grant`, {}),
        ),
      );
      expect(race.map((reply) => reply.status).sort()).toEqual([
        200, 409, 409, 409,
      ]);
      expect(
        (await administrator.get(`/attempts/${attemptId}`)).body.timing
          .deadlineAt,
      ).toBe(beforeRace + 3_000);
    });

    it("submits on the candidate's confirmation, scores, and becomes official after both sign-offs", async () => {
      for (const [index, item] of items.entries()) {
        if (index < 2) continue;
        const reply = await request(kiosk, "answer.save", {
          attemptId,
          itemId: item.id,
          response: keyOf(item),
          seq: 10 + index,
        });
        expect(reply.ok).toBe(true);
      }
      const submitted = await request(kiosk, "attempt.submit", { attemptId });
      expect(submitted.attempt.state).toBe("submitted");
      const late = await request(kiosk, "answer.save", {
        attemptId,
        itemId: items[0]!.id,
        response: option(items[0]!, "a"),
        seq: 99,
      });
      expect(late).toMatchObject({
        ok: false,
        error: { id: "attempt_submitted" },
      });
      // After submission the kiosk keeps the count of its answers, not the questions.
      const finished = await request(kiosk, "attempt.resync");
      expect(
        finished.attempt.items.map((item: { id: string }) => item.id),
      ).toEqual(items.map((item) => item.id));
      expect(
        finished.attempt.items.every(
          (item: { stem: string; options: unknown[] }) =>
            item.stem === "" && item.options.length === 0,
        ),
      ).toBe(true);
      expect(JSON.stringify(finished)).not.toMatch(/сұрақ|Вопрос/);
      expect(Object.keys(finished.attempt.answers)).toHaveLength(6);

      const scored = await eventually(async () => {
        const results = (await administrator.get(`/slots/${slotId}/results`))
          .body as any[];
        const mine = results.find((row) => row.attemptId === attemptId);
        return mine?.state === "scored" ? mine : undefined;
      });
      expect(scored.result).toMatchObject({
        correct: 6,
        total: 6,
        passed: true,
      });
      expect(scored.result.sections).toEqual([
        { sectionId: "law", correct: 3, total: 3, minCorrect: 2, passed: true },
        {
          sectionId: "ethics",
          correct: 3,
          total: 3,
          minCorrect: 1,
          passed: true,
        },
      ]);

      const manageRefused = await manager.post(
        `/attempts/${attemptId}/sign-off`,
      );
      expect(manageRefused.status).toBe(403);
      const first = await administrator.post(`/attempts/${attemptId}/sign-off`);
      expect(first.body).toEqual({ attemptId, official: false });
      expect(
        (await administrator.post(`/attempts/${attemptId}/sign-off`)).body.error
          .id,
      ).toBe("already_signed");
      const second = await operator.post(`/attempts/${attemptId}/sign-off`);
      expect(second.body).toEqual({ attemptId, official: true });
      const booking = await app.redis.hgetall(
        `booking:${(await administrator.get(`/attempts/${attemptId}`)).body.bookingId}`,
      );
      expect(booking.status).toBe("completed");
      expect(booking.resultPassed).toBe("1");

      // The signed certificate follows, and the booking shows its number.
      const issued = await eventually(async () => {
        const attempt = (await administrator.get(`/attempts/${attemptId}`))
          .body;
        return attempt.state === "issued" ? attempt : undefined;
      }, 20_000);
      const record = await new ApiClient(app.url).get(
        `/certificates/${issued.certificateNumber}`,
        freshIp(),
      );
      expect(record.body).toMatchObject({
        valid: true,
        revoked: false,
        kind: "certificate",
        holder: "Әлия Бекқызы Жақсылықова",
        result: "passed",
      });
      expect(
        await app.redis.hget(
          `booking:${issued.bookingId}`,
          "certificateNumber",
        ),
      ).toBe(issued.certificateNumber);
    });

    it("voids an attempt with a reason", async () => {
      const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
        iin: iins[1],
      });
      expect(admitted.status).toBe(201);
      // Not started yet: no answer is taken.
      const seatKiosk = await connectKiosk(
        app.url,
        tokens[place.seatIds.indexOf(admitted.body.seatId)]!,
      );
      const early = await request(seatKiosk, "answer.save", {
        attemptId: admitted.body.attemptId,
        itemId: "law-1",
        response: ["a"],
        seq: 1,
      });
      seatKiosk.close();
      expect(early).toMatchObject({
        ok: false,
        error: { id: "attempt_not_started" },
      });
      expect(
        (
          await administrator.post(
            `/attempts/${admitted.body.attemptId}/void`,
            {},
          )
        ).status,
      ).toBe(400);
      const voided = await administrator.post(
        `/attempts/${admitted.body.attemptId}/void`,
        { reason: "Телефон пайдаланды / used a phone" },
      );
      expect(voided.body.state).toBe("voided");
    });

    it("keeps an intact hash-chained audit of the slot", async () => {
      const verdict = await verifyAuditStream(app.redis, `slot:${slotId}`);
      expect(verdict.ok).toBe(true);
      expect(verdict.entries).toBeGreaterThan(15);
    });
  });
});
