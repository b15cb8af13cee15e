import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { voidedItems } from "../../server/src/modules/appeals/repository";
import { queueName } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  correctFor,
  examRoom,
  makeOfficial,
  SETUP_OVERRIDE,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  codeHeader,
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const pdftotext = (file: string) =>
  spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;

describe("appeals", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  const iins = syntheticIins(6, 900);
  /** A: appeals a question. B: another candidate of the slot. */
  let a: TestedCandidate;
  let b: TestedCandidate;
  /** C: technical failure, granted a retest. D: rules breach, rejected. */
  let c: TestedCandidate;
  let d: TestedCandidate;
  const numbers = new Map<string, string>();
  let voidedItemId: string;
  /** A slot C booked the normal way. */
  let laterSlotId: string;

  const publicClient = () => new ApiClient(app.url);
  const status = async (who: TestedCandidate, bookingId = who.bookingId) =>
    (
      await publicClient().get(
        `/bookings/${bookingId}`,
        codeHeader(who.code, freshIp()),
      )
    ).body;
  const fileAppeal = (who: TestedCandidate, body: unknown, code = who.code) =>
    publicClient().post(
      `/bookings/${who.bookingId}/appeals`,
      body,
      codeHeader(code, freshIp()),
    );

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-appeals-"));
    outDir = path.join(work, "output");
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    room = await examRoom(app, { manager, operator }, 5);
    // A answers every question right but its first, which the appeal names.
    let first = true;
    a = await takeTest(
      app,
      room,
      administrator,
      { iin: iins[0]!, fullName: "Әлия Бекқызы Жақсылықова" },
      (item) => {
        const wrong = first;
        first = false;
        return wrong ? ["d"] : correctFor(item);
      },
    );
    b = await takeTest(app, room, administrator, {
      iin: iins[1]!,
      fullName: "Иван Петрович Сидоров",
    });
    c = await takeTest(app, room, administrator, {
      iin: iins[2]!,
      fullName: "Сәуле Маратқызы Омарова",
    });
    d = await takeTest(app, room, administrator, {
      iin: iins[3]!,
      fullName: "Даурен Ерланұлы Қасымов",
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe("filing from the status page", () => {
    it("refuses an appeal before the result is official", async () => {
      const refused = await fileAppeal(a, {
        grounds: "technical_failure",
        text: "The kiosk froze for a minute.",
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("appeal_not_official");
      expect((await status(a)).appealWindow).toMatchObject({
        open: false,
        reason: "not_official",
      });
    });

    it("opens the window once the result is official, listing the form's questions", async () => {
      for (const who of [a, b, c, d]) {
        numbers.set(
          who.attemptId,
          await makeOfficial(app, { administrator, operator }, who.attemptId),
        );
      }
      const view = await status(a);
      expect(view.result).toMatchObject({
        passed: true,
        certificateNumber: numbers.get(a.attemptId),
      });
      expect(view.appealWindow.open).toBe(true);
      expect(view.appealWindow.workingDays).toBe(2);
      expect(Date.parse(view.appealWindow.closesAt)).toBeGreaterThan(
        Date.now() + 24 * 3600_000,
      );
      expect(
        view.appealWindow.questions.map((q: { itemId: string }) => q.itemId),
      ).toEqual(a.itemIds);
      expect(view.appealWindow.questions[0]).toMatchObject({
        number: 1,
        section: { kk: expect.any(String) },
      });
    }, 90_000);

    it("refuses a wrong code, a question not on the form and a missing question", async () => {
      const wrongCode = await fileAppeal(
        a,
        { grounds: "rules_breach", text: "Someone used a phone." },
        "0000000000000000000A",
      );
      expect(wrongCode.status).toBe(404);
      expect(wrongCode.body.error.id).toBe("booking_not_found");
      const notMine = ["law", "ethics"]
        .flatMap((section) => [1, 2, 3, 4, 5, 6].map((n) => `${section}-${n}`))
        .find((itemId) => !a.itemIds.includes(itemId));
      const offForm = await fileAppeal(a, {
        grounds: "question_wrong",
        itemId: notMine,
        text: "This question has two right answers.",
      });
      expect(offForm.status).toBe(422);
      expect(offForm.body.error.id).toBe("appeal_item_not_on_form");
      const noItem = await fileAppeal(a, {
        grounds: "question_wrong",
        text: "This question has two right answers.",
      });
      expect(noItem.body.error.id).toBe("appeal_item_required");
      const tooLong = await fileAppeal(a, {
        grounds: "rules_breach",
        text: "x".repeat(2001),
      });
      expect(tooLong.status).toBe(400);
    });

    it("files a wrong-question appeal, once", async () => {
      voidedItemId = a.itemIds[0]!;
      const filed = await fileAppeal(a, {
        grounds: "question_wrong",
        itemId: voidedItemId,
        text: "Question 1 has no right answer among the options.",
      });
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({
        grounds: "question_wrong",
        questionNumber: 1,
        status: "filed",
      });
      const again = await fileAppeal(a, {
        grounds: "technical_failure",
        text: "And the kiosk froze, too.",
      });
      expect(again.status).toBe(409);
      expect(again.body.error.id).toBe("appeal_already_open");
      const view = await status(a);
      expect(view.appeals).toHaveLength(1);
      expect(
        view.appeals[0].stages.map((s: { status: string }) => s.status),
      ).toEqual(["filed"]);
      expect(view.appealWindow.reason).toBe("appeal_open");
    });
  });

  describe("the reviewer", () => {
    let appealId: string;

    it("lists appeals, by question too; administrators read the list, operators nothing", async () => {
      const all = await reviewer.get("/appeals");
      expect(all.status).toBe(200);
      appealId = all.body[0].id;
      expect(all.body[0]).toMatchObject({
        attemptId: a.attemptId,
        grounds: "question_wrong",
        itemId: voidedItemId,
        status: "filed",
        maskedIin: `${a.iin.slice(0, 6)}******`,
      });
      const byItem = await reviewer.get(`/appeals?itemId=${voidedItemId}`);
      expect(byItem.body.map((row: { id: string }) => row.id)).toEqual([
        appealId,
      ]);
      const otherItem = a.itemIds[1]!;
      expect((await reviewer.get(`/appeals?itemId=${otherItem}`)).body).toEqual(
        [],
      );
      expect((await administrator.get("/appeals")).status).toBe(200);
      expect((await administrator.get(`/appeals/${appealId}`)).status).toBe(
        403,
      );
      expect((await operator.get("/appeals")).status).toBe(403);
      expect((await publicClient().get("/appeals")).status).toBe(401);
    });

    it("sees the answers item by item with the keys, and the audit timeline", async () => {
      const detail = (await reviewer.get(`/appeals/${appealId}`)).body;
      expect(detail.answers).toHaveLength(6);
      expect(detail.answers[0]).toMatchObject({
        number: 1,
        itemId: voidedItemId,
        chosen: ["d"],
        correct: false,
        voided: false,
      });
      expect(detail.answers[0].key.length).toBeGreaterThan(0);
      expect(detail.answers[0].stem).not.toBe("");
      expect(detail.answers[0].options).toHaveLength(4);
      expect(
        detail.answers
          .slice(1)
          .every((answer: { correct: boolean }) => answer.correct),
      ).toBe(true);
      expect(detail.result).toMatchObject({
        correct: 5,
        total: 6,
        passed: true,
      });
      const actions = detail.timeline.map(
        (entry: { action: string }) => entry.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          "booking.created",
          "attempt.admitted",
          "attempt.started",
          "attempt.submitted",
          "attempt.official",
          "attempt.issued",
          "appeal.filed",
        ]),
      );
    });

    it("takes the appeal up: the candidate sees it under review", async () => {
      const taken = await reviewer.post(`/appeals/${appealId}/review`);
      expect(taken.status).toBe(200);
      expect(taken.body.status).toBe("under_review");
      expect(
        (await reviewer.post(`/appeals/${appealId}/review`)).body.error.id,
      ).toBe("appeal_not_filed");
      const view = await status(a);
      expect(
        view.appeals[0].stages.map((s: { status: string }) => s.status),
      ).toEqual(["filed", "under_review"]);
    });

    it("upholds a wrong question: voids it, re-scores every attempt that had it and replaces their documents", async () => {
      const noReason = await reviewer.post(`/appeals/${appealId}/decision`, {
        decision: "upheld",
      });
      expect(noReason.status).toBe(400);
      const decided = await reviewer.post(`/appeals/${appealId}/decision`, {
        decision: "upheld",
        reason: "The key was wrong: the question is voided for everyone.",
      });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({
        status: "decided",
        decision: "upheld",
      });
      expect(await voidedItems(app.redis, ENGINE_LONG)).toEqual(
        new Set([voidedItemId]),
      );
      expect(
        (
          await reviewer.post(`/appeals/${appealId}/decision`, {
            decision: "rejected",
            reason: "again",
          })
        ).body.error.id,
      ).toBe("appeal_already_decided");

      const had = [a, b, c, d].filter((who) =>
        who.itemIds.includes(voidedItemId),
      );
      const hadNot = [a, b, c, d].filter(
        (who) => !who.itemIds.includes(voidedItemId),
      );
      expect(had).toContain(a);
      for (const who of had) {
        const view = await eventually(async () => {
          const current = await status(who);
          return current.revisions[0]?.certificateNumber ? current : undefined;
        }, 60_000);
        const oldNumber = numbers.get(who.attemptId)!;
        const newNumber = view.revisions[0].certificateNumber as string;
        expect(newNumber).not.toBe(oldNumber);
        expect(view.revisions[0]).toMatchObject({
          revision: 1,
          total: 5,
          previousCertificateNumber: oldNumber,
          voidedItems: 1,
        });
        expect(view.result.certificateNumber).toBe(newNumber);
        // The old document verifies as revoked, pointing to its replacement.
        const old = (
          await publicClient().get(`/certificates/${oldNumber}`, freshIp())
        ).body;
        expect(old).toMatchObject({
          valid: false,
          revoked: true,
          replacedBy: newNumber,
        });
        const current = (
          await publicClient().get(`/certificates/${newNumber}`, freshIp())
        ).body;
        expect(current).toMatchObject({
          valid: true,
          revoked: false,
          holder: who.fullName,
        });
        // The public record states no scores; the new document does.
        expect(current).not.toHaveProperty("scores");
        const file = path.join(outDir, `${newNumber}.pdf`);
        expect(existsSync(file)).toBe(true);
        const text = pdftotext(file);
        expect(text).toContain(newNumber);
        // The total row: correct, questions (5 now, 6 before), threshold.
        expect(text).toMatch(
          new RegExp(`Барлығы[^\\n]*\\b\\d+\\s+5\\s+≥ ?\\d+`),
        );
        expect(pdftotext(path.join(outDir, `${oldNumber}.pdf`))).toMatch(
          /Барлығы[^\n]*\b\d\s+6\s+≥ ?4/,
        );
      }
      // A: 5 of 6 before (the voided one wrong), 5 of 5 now.
      expect((await status(a)).revisions[0]).toMatchObject({
        correct: 5,
        total: 5,
        passed: true,
      });
      for (const who of hadNot) {
        expect((await status(who)).revisions).toEqual([]);
        const doc = (
          await publicClient().get(
            `/certificates/${numbers.get(who.attemptId)}`,
            freshIp(),
          )
        ).body;
        expect(doc.revoked).toBe(false);
      }
      const detail = (await reviewer.get(`/appeals/${appealId}`)).body;
      expect(detail.affectedAttempts).toBe(had.length);
      expect(detail.answers[0].voided).toBe(true);
      const decidedView = await status(a);
      expect(decidedView.appeals[0]).toMatchObject({
        status: "decided",
        decision: "upheld",
        reason: expect.stringContaining("voided"),
      });
      expect(
        decidedView.appeals[0].stages.map((s: { status: string }) => s.status),
      ).toEqual(["filed", "under_review", "decided"]);

      // The slot's statistics follow: the item is marked voided, A's total is the new one.
      const analytics = await eventually(async () => {
        const { body } = await manager.get(`/analytics/slots/${room.slotId}`);
        const item = (body.items ?? []).find(
          (row: { itemId: string }) => row.itemId === voidedItemId,
        );
        return item?.voided ? body : undefined;
      }, 20_000);
      const histogram = analytics.distribution.histogram as {
        correct: number;
        candidates: number;
      }[];
      expect(
        histogram
          .filter((bin) => bin.candidates > 0)
          .reduce((sum, bin) => sum + bin.candidates, 0),
      ).toBe(4);
      expect(histogram.find((bin) => bin.correct === 6)?.candidates ?? 0).toBe(
        4 - had.length,
      );
    }, 90_000);

    it("grants a retest for a confirmed technical failure, even past the cutoff and beside an active booking", async () => {
      const filed = await fileAppeal(c, {
        grounds: "technical_failure",
        text: "The kiosk restarted twice during my test.",
      });
      expect(filed.status).toBe(201);
      // C books a later test the normal way; a second public booking is refused.
      const place = await createPlace(manager, 2, "Зал 3");
      const later = await createSlot(app, manager, place, {
        programId: ENGINE_LONG,
      });
      laterSlotId = later.id;
      const normal = await publicClient().post(
        "/bookings",
        bookingBody(later.id, c.iin, { programId: ENGINE_LONG }),
        freshIp(),
      );
      expect(normal.status).toBe(201);
      const now = await redisNowMs(app);
      const retestSlot = await createSlot(app, manager, place, {
        programId: ENGINE_LONG,
        startsAt: now + 3 * 3600_000,
        bookingCutoffAt: now + 1_500,
        seatsOffered: 1,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      const closed = await publicClient().post(
        "/bookings",
        bookingBody(retestSlot.id, iins[4]!, { programId: ENGINE_LONG }),
        freshIp(),
      );
      expect(closed.body.error.id).toBe("slot_closed");

      const noSlot = await reviewer.post(`/appeals/${filed.body.id}/decision`, {
        decision: "upheld",
        reason: "Kiosk logs confirm two restarts.",
      });
      expect(noSlot.status).toBe(422);
      expect(noSlot.body.error.id).toBe("retest_slot_required");
      const decided = await manager.post(`/appeals/${filed.body.id}/decision`, {
        decision: "upheld",
        reason: "Kiosk logs confirm two restarts.",
        retestSlotId: retestSlot.id,
      });
      expect(decided.status).toBe(200);
      const retestId = decided.body.retestBookingId as string;
      expect(retestId).toBeTruthy();
      const view = await status(c);
      expect(view.appeals[0]).toMatchObject({
        decision: "upheld",
        retestBookingId: retestId,
      });
      // The candidate's own code opens the retest booking.
      const retest = await status(c, retestId);
      expect(retest).toMatchObject({
        status: "booked",
        retestOf: c.bookingId,
        slot: { id: retestSlot.id },
        consentCollectedBy: "Test manager",
      });
      // The seat capacity still holds: the one seat is now taken.
      const roster = (await manager.get(`/slots/${retestSlot.id}/roster`)).body;
      expect(roster.slot.freeSeats).toBe(0);
      expect(roster.entries[0].consent.collectedBy.fullName).toBe(
        "Test manager",
      );
    });

    it("upholds a breach of the rules with a retest, never on a full slot or beside the candidate's booking there", async () => {
      const filed = await fileAppeal(b, {
        grounds: "rules_breach",
        text: "The proctor talked to candidates loudly.",
      });
      expect(filed.status).toBe(201);
      const full = (await manager.get("/appeals")).body.find(
        (row: { grounds: string; attemptId: string }) =>
          row.attemptId === c.attemptId,
      );
      const retestSlotId = (await reviewer.get(`/appeals/${full.id}`)).body
        .retestBookingId
        ? (
            await status(
              c,
              (await reviewer.get(`/appeals/${full.id}`)).body.retestBookingId,
            )
          ).slot.id
        : "";
      const refused = await reviewer.post(
        `/appeals/${filed.body.id}/decision`,
        { decision: "upheld", reason: "Confirmed by the video.", retestSlotId },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("slot_full");
      // Nor beside the candidate's own active booking on the same slot.
      const own = await publicClient().post(
        "/bookings",
        bookingBody(laterSlotId, b.iin, { programId: ENGINE_LONG }),
        freshIp(),
      );
      expect(own.status).toBe(201);
      const twice = await reviewer.post(`/appeals/${filed.body.id}/decision`, {
        decision: "upheld",
        reason: "Confirmed by the video.",
        retestSlotId: laterSlotId,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.id).toBe("already_booked");
      expect(
        (await reviewer.get(`/appeals/${filed.body.id}`)).body.status,
      ).toBe("filed");
      // A slot with room: the breach is confirmed and a retest granted.
      const place = await createPlace(manager, 1, "Зал 4");
      const free = await createSlot(app, manager, place, {
        programId: ENGINE_LONG,
      });
      const granted = await reviewer.post(
        `/appeals/${filed.body.id}/decision`,
        {
          decision: "upheld",
          reason: "Confirmed by the video.",
          retestSlotId: free.id,
        },
      );
      expect(granted.status).toBe(200);
      const view = await status(b);
      expect(view.appeals[0]).toMatchObject({
        grounds: "rules_breach",
        decision: "upheld",
        retestBookingId: granted.body.retestBookingId,
      });
      expect(await status(b, granted.body.retestBookingId)).toMatchObject({
        status: "booked",
        retestOf: b.bookingId,
        slot: { id: free.id },
      });
    });

    it("rejects with a reason the candidate sees", async () => {
      const filed = await fileAppeal(d, {
        grounds: "rules_breach",
        text: "My neighbour was whispering answers.",
      });
      expect(filed.status).toBe(201);
      const before = await status(d);
      const decided = await reviewer.post(
        `/appeals/${filed.body.id}/decision`,
        { decision: "rejected", reason: "The video shows no such thing." },
      );
      expect(decided.status).toBe(200);
      const view = await status(d);
      expect(view.appeals[0]).toMatchObject({
        status: "decided",
        decision: "rejected",
        reason: "The video shows no such thing.",
      });
      // A rejection changes neither the result nor the document.
      expect(view.revisions).toEqual(before.revisions);
      expect(view.result).toEqual(before.result);
    });

    it("refuses an appeal once the window closed", async () => {
      // The result became official 30 days ago.
      const longAgo = (await redisNowMs(app)) - 30 * 24 * 3600_000;
      await app.redis.hset(`attempt:${d.attemptId}`, "officialAt", longAgo);
      const refused = await fileAppeal(d, {
        grounds: "technical_failure",
        text: "Thinking about it again, the kiosk was slow.",
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("appeal_window_closed");
      expect((await status(d)).appealWindow).toMatchObject({
        open: false,
        reason: "window_closed",
      });
    });

    it("counts appeals filed, upheld and rejected and items voided", async () => {
      const stats = (await administrator.get("/appeals/stats")).body;
      expect(stats).toEqual({
        filed: 4,
        open: 0,
        upheld: 3,
        rejected: 1,
        itemsVoided: 1,
      });
    });

    it("audits every step in the slot's intact hash chain", async () => {
      const verdict = await verifyAuditStream(app.redis, `slot:${room.slotId}`);
      expect(verdict.ok).toBe(true);
      const actions = (
        await reviewer.get(
          `/appeals/${(await reviewer.get(`/appeals?itemId=${voidedItemId}`)).body[0].id}`,
        )
      ).body.timeline.map((entry: { action: string }) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          "appeal.filed",
          "appeal.review_started",
          "appeal.decided",
          "attempt.rescored",
          "attempt.reissued",
        ]),
      );
    });
  });

  describe("a document still queued when its result is re-scored", () => {
    it("is issued first and then replaced, and its own late job changes nothing", async () => {
      // Hold the first documents back: the queue is paused for every worker.
      const connection = createRedis(app.redisUrl);
      const documents = new Queue(queueName("certificate.issue"), {
        connection,
      });
      await documents.pause();
      let e: TestedCandidate;
      let replacement: string;
      try {
        e = await takeTest(app, room, administrator, {
          iin: iins[4]!,
          fullName: "Ерлан Сәкенұлы Байжанов",
        });
        for (const signer of [administrator, operator]) {
          // E's seat kiosk reconnected: signed over it (issue 24).
          const signed = await signer.post(
            `/attempts/${e.attemptId}/sign-off`,
            SETUP_OVERRIDE,
          );
          expect(signed.status).toBe(200);
        }
        const filed = await fileAppeal(e, {
          grounds: "question_wrong",
          itemId: e.itemIds.find((itemId) => itemId !== voidedItemId)!,
          text: "This question quotes a repealed article.",
        });
        expect(filed.status).toBe(201);
        expect(await app.redis.hget(`attempt:${e.attemptId}`, "state")).toBe(
          "scored",
        );
        const decided = await reviewer.post(
          `/appeals/${filed.body.id}/decision`,
          {
            decision: "upheld",
            reason: "The article was repealed before the test.",
          },
        );
        expect(decided.status).toBe(200);
        const view = await eventually(async () => {
          const current = await status(e);
          return current.revisions[0]?.certificateNumber ? current : undefined;
        }, 60_000);
        const first = view.revisions[0].previousCertificateNumber as string;
        replacement = view.revisions[0].certificateNumber as string;
        expect(first).toMatch(/^SYN-/);
        expect(
          (await publicClient().get(`/certificates/${first}`, freshIp())).body,
        ).toMatchObject({ revoked: true, replacedBy: replacement });
        expect(view.result.certificateNumber).toBe(replacement);
      } finally {
        await documents.resume();
      }
      // The held job runs now and finds its document done: nothing goes back.
      await eventually(async () => {
        const counts = await documents.getJobCounts("waiting", "active");
        return (counts.waiting ?? 0) + (counts.active ?? 0) === 0
          ? true
          : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await status(e)).result.certificateNumber).toBe(replacement);
      expect(
        await app.redis.hget(`attempt:${e.attemptId}`, "certificateNumber"),
      ).toBe(replacement);
      await documents.close();
      connection.disconnect();
    }, 90_000);
  });
});
