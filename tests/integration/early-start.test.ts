import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EarlyStart } from "@shared/attempts";
import type { AuditEntry } from "@shared/audit";
import { toLocalTime } from "@shared/time";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  correctFor,
  makeOfficial,
} from "../support/appeals";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  nextEvent,
  request,
  type KioskSocket,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";

const pdftotext = (file: string) =>
  spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;

const MINUTE = 60_000;

describe("the start rule (EARLY_START): a candidate admitted before the slot's start", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  const iins = syntheticIins(8, 2400);
  const kiosks: KioskSocket[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-early-start-"));
    outDir = path.join(work, "output");
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      EARLY_START: "administrator",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
  }, 60_000);

  afterAll(async () => {
    for (const kiosk of kiosks) kiosk.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The rule is read at every command: as a restart with it would set it. */
  const rule = (value: EarlyStart) => {
    app.synaq.ctx.env.EARLY_START = value;
  };

  /**
   * A room of `seats` kiosks and a slot of the engine program starting in
   * `startsIn` ms, with one candidate per seat booked and admitted now.
   */
  async function admittedEarly(startsIn: number, seats = 1) {
    const place = await createPlace(manager, seats);
    const tokens = new Map<string, string>();
    for (const seatId of place.seatIds)
      tokens.set(seatId, (await enrollKiosk(app.url, operator, seatId)).token);
    const now = await redisNowMs(app);
    const startsAt = now + startsIn;
    const slot = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
      startsAt,
      bookingCutoffAt: startsAt - Math.min(MINUTE, startsIn / 2),
      lateAdmissionCutoffAt: startsAt + 20 * MINUTE,
    });
    const candidates = [];
    for (let seat = 0; seat < seats; seat++) {
      const iin = iins.shift()!;
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(slot.id, iin, {
          programId: ENGINE_LONG,
          fullName: "Айгерім Болатқызы Сәрсенова",
        }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      const admitted = await administrator.post(
        `/slots/${slot.id}/admissions`,
        { iin },
      );
      expect(admitted.status).toBe(201);
      const kiosk = await connectKiosk(
        app.url,
        tokens.get(admitted.body.seatId as string)!,
      );
      kiosks.push(kiosk);
      candidates.push({ attemptId: admitted.body.attemptId as string, kiosk });
    }
    return { slotId: slot.id, startsAt, candidates };
  }

  const stateOf = (attemptId: string) =>
    app.redis.hget(`attempt:${attemptId}`, "state");

  const startedEntry = async (attemptId: string) => {
    const detail = await administrator.get(`/attempts/${attemptId}`);
    return (detail.body.timeline as AuditEntry[]).find(
      (entry) => entry.action === "attempt.started",
    );
  };

  describe("EARLY_START=never", () => {
    it("cannot start before the slot's time: not by the kiosk, not by staff, not for the room", async () => {
      rule("never");
      const slot = await admittedEarly(20 * MINUTE);
      const [{ attemptId, kiosk }] = slot.candidates as [
        (typeof slot.candidates)[number],
      ];
      // The kiosk is told when the test starts, who may start it, and
      // the center's zone to show it in.
      const view = (await request(kiosk, "attempt.resync")).attempt;
      expect(view).toMatchObject({
        state: "admitted",
        startsAt: slot.startsAt,
        earlyStart: "never",
        timeZone: "Asia/Almaty",
      });

      const confirmed = await request(kiosk, "attempt.confirm", {
        attemptId,
      });
      expect(confirmed).toMatchObject({
        ok: false,
        error: { id: "before_start_time" },
      });
      const started = await request(kiosk, "attempt.start", { attemptId });
      expect(started.error?.id).toBe("before_start_time");

      const bySeat = await administrator.post(`/attempts/${attemptId}/start`);
      expect(bySeat.status).toBe(409);
      expect(bySeat.body.error.id).toBe("before_start_time");
      expect(bySeat.body.error.message).toMatch(/start time/);
      const byRoom = await administrator.post(`/slots/${slot.slotId}/start`);
      expect(byRoom.body).toEqual({ applied: 0, refused: 1 });

      expect(await stateOf(attemptId)).toBe("admitted");
    });
  });

  describe("EARLY_START=administrator", () => {
    it("the candidate waits; an administrator starts a seat and the room early, audited, and the kiosk moves on", async () => {
      rule("administrator");
      const slot = await admittedEarly(20 * MINUTE, 2);
      const [first, second] = slot.candidates as [
        (typeof slot.candidates)[number],
        (typeof slot.candidates)[number],
      ];
      expect(
        (await request(first.kiosk, "attempt.resync")).attempt.earlyStart,
      ).toBe("administrator");
      for (const event of ["attempt.confirm", "attempt.start"]) {
        const refused = await request(first.kiosk, event, {
          attemptId: first.attemptId,
        });
        expect(refused.error?.id, event).toBe("before_start_time");
      }

      const moved = nextEvent<{ state: string; reason?: string }>(
        first.kiosk,
        "attempt.updated",
        (update) => update.state === "in_progress",
      );
      const bySeat = await administrator.post(
        `/attempts/${first.attemptId}/start`,
      );
      expect(bySeat.status).toBe(200);
      expect(bySeat.body.state).toBe("in_progress");
      expect(await moved).toMatchObject({ reason: "started" });
      const entry = await startedEntry(first.attemptId);
      expect(entry?.actor).toMatch(/^staff:.+:administrator$/);
      expect(entry?.data).toMatchObject({
        by: "staff",
        early: true,
        heldUntil: slot.startsAt,
      });

      const byRoom = await administrator.post(`/slots/${slot.slotId}/start`);
      expect(byRoom.body).toEqual({ applied: 1, refused: 0 });
      expect(await stateOf(second.attemptId)).toBe("in_progress");
      expect((await startedEntry(second.attemptId))?.data.early).toBe(true);
    });
  });

  describe("EARLY_START=candidate", () => {
    it("the candidate admitted early goes on by themselves", async () => {
      rule("candidate");
      const slot = await admittedEarly(20 * MINUTE);
      const [{ attemptId, kiosk }] = slot.candidates as [
        (typeof slot.candidates)[number],
      ];
      const confirmed = await request(kiosk, "attempt.confirm", {
        attemptId,
      });
      expect(confirmed.attempt.state).toBe("instructions");
      const started = await request(kiosk, "attempt.start", { attemptId });
      expect(started.attempt.state).toBe("in_progress");
      // Nobody was held: no early start, nothing to leave out of compliance.
      const entry = await startedEntry(attemptId);
      expect(entry?.data.by).toBe("candidate");
      expect(entry?.data).not.toHaveProperty("early");
      expect(entry?.data).not.toHaveProperty("heldUntil");
    });
  });

  describe("after the slot's start time", () => {
    it("after the slot's start: the wait is not counted as instructions, and the certificate prints the scheduled and the actual times", async () => {
      rule("administrator");
      const slot = await admittedEarly(8_000);
      const [{ attemptId, kiosk }] = slot.candidates as [
        (typeof slot.candidates)[number],
      ];
      const early = await request(kiosk, "attempt.confirm", { attemptId });
      expect(early.error?.id).toBe("before_start_time");
      await eventually(
        async () =>
          (await redisNowMs(app)) > slot.startsAt + 1_000 ? true : undefined,
        20_000,
      );
      // Staff start at once (no confirmation): before the rule, compliance
      // counted everything from admission as instructions.
      const started = await administrator.post(`/attempts/${attemptId}/start`);
      expect(started.status).toBe(200);
      const entry = await startedEntry(attemptId);
      expect(entry?.data).toMatchObject({ heldUntil: slot.startsAt });
      expect(entry?.data).not.toHaveProperty("early");

      const shown = (await request(kiosk, "attempt.resync")).attempt.items as {
        id: string;
        type: string;
      }[];
      const bank = await bankIdsOf(app.redis, attemptId);
      let seq = 1;
      for (const item of shown) {
        const saved = await request(kiosk, "answer.save", {
          attemptId,
          itemId: item.id,
          response: bank.options(
            item.id,
            correctFor({ id: bank.item(item.id), type: item.type }),
          ),
          seq: seq++,
        });
        expect(saved.ok).toBe(true);
      }
      expect((await request(kiosk, "attempt.submit", { attemptId })).ok).toBe(
        true,
      );
      await eventually(async () =>
        (await stateOf(attemptId)) === "scored" ? true : undefined,
      );
      const number = await makeOfficial(
        app,
        { administrator, operator },
        attemptId,
      );

      const attempt = await app.redis.hgetall(`attempt:${attemptId}`);
      const startedAt = Number(attempt.startedAt);
      const admittedAt = Number(attempt.admittedAt);
      expect(startedAt - admittedAt).toBeGreaterThan(5_000);
      const compliance = await eventually(async () => {
        const response = await manager.get(
          `/analytics/slots/${slot.slotId}/compliance`,
        );
        return response.status === 200 ? response.body : undefined;
      }, 30_000);
      const instructions = (
        compliance.candidates[0].stages as { stage: string; ms: number }[]
      ).find((stage) => stage.stage === "instructions");
      // From the slot's start, not from the admission seconds before it.
      expect(instructions?.ms).toBe(startedAt - slot.startsAt);

      const zone = "Asia/Almaty";
      const text = pdftotext(path.join(outDir, `${number}.pdf`));
      const time = (ms: number) => toLocalTime(ms, zone).time;
      expect(text).toMatch(
        new RegExp(`по расписанию:\\s*${time(slot.startsAt)}`),
      );
      expect(text).toMatch(
        new RegExp(
          `фактически:\\s*${time(startedAt)}–${time(Number(attempt.submittedAt))}`,
        ),
      );
      expect(text).toContain("кесте бойынша");
      expect(text).toContain("нақты");
    }, 90_000);
  });
});
