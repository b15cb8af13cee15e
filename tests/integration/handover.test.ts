import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { newRequestId } from "../../server/shared/requests";
import { queueName } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import { entryHash } from "../../server/src/modules/audit/chain";
import {
  auditKeys,
  readAudit,
} from "../../server/src/modules/audit/repository";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  correctFor,
  examRoom,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  codeHeader,
  createPlace,
  eventually,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const MIN = 60_000;
/** A's hand-over request id (22+ base64url characters). */
const HAND_A = newRequestId();

/**
 * The exam of `attemptIds` happened `ms` earlier: every entry of theirs in
 * the slot's audit stream moves back by `ms`, the chain re-hashed (the
 * compliance report reads its times from the stream; Redis TIME cannot be
 * moved). Atomic against the app's own writes (WATCH).
 */
async function shiftBack(
  redis: Redis,
  slotId: string,
  attemptIds: readonly string[],
  ms: number,
): Promise<void> {
  const { stream, head } = auditKeys(`slot:${slotId}`);
  const subjects = new Set(attemptIds.map((id) => `attempt:${id}`));
  for (;;) {
    await redis.watch(stream);
    const entries = await redis.xrange(stream, "-", "+");
    const rewrite = redis.multi().del(stream);
    let prev = "0";
    for (const [id, flat] of entries) {
      const at = (name: string) => flat.indexOf(name) + 1;
      const value = (name: string) => flat[at(name)] ?? "";
      if (subjects.has(value("subject")))
        flat[at("at")] = String(Number(value("at")) - ms);
      flat[at("prev")] = prev;
      prev = entryHash({
        prev,
        at: value("at"),
        actor: value("actor"),
        action: value("action"),
        subject: value("subject"),
        data: value("data"),
      });
      flat[at("hash")] = prev;
      rewrite.xadd(stream, id, ...flat);
    }
    if (await rewrite.set(head, prev).exec()) return;
  }
}

type StageMeasure = {
  stage: string;
  ms: number | null;
  limitMs: number;
  within: boolean | null;
  pending?: boolean;
};
type ComplianceRow = { attemptId: string; stages: StageMeasure[] };

describe("the hand-over of documents (§7(5))", () => {
  let app: TestApp;
  let work: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  /** A: handed over at once. B: handed over 25 min after the end. C: never. */
  let a: TestedCandidate;
  let b: TestedCandidate;
  let c: TestedCandidate;
  const numbers = new Map<string, string>();
  let first: { number: string; method: string; at: number; by: unknown };

  const handOver = (
    client: ApiClient,
    who: { attemptId: string },
    method: string,
    requestId?: string,
  ) =>
    client.post(
      `/attempts/${who.attemptId}/handover`,
      { method },
      requestId ? { "Idempotency-Key": requestId } : {},
    );
  const handedOverEntries = async (who: TestedCandidate) =>
    readAudit(
      app.redis,
      `slot:${room.slotId}`,
      (entry) =>
        entry.action === "document.handed_over" &&
        entry.subject === `attempt:${who.attemptId}`,
    );

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-handover-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_DELAY_MS: "200",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    room = await examRoom(app, { manager, operator }, 3);
    const iins = syntheticIins(3, 1700);
    // A gets the first question wrong: the appeal at the end names it.
    let wrong = true;
    a = await takeTest(
      app,
      room,
      administrator,
      { iin: iins[0]!, fullName: "Әлия Бекқызы Жақсылықова" },
      (item) => {
        const answer = wrong ? ["d"] : correctFor(item);
        wrong = false;
        return answer;
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
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe("POST /api/v1/attempts/:attemptId/handover", () => {
    it("is refused before the document is issued", async () => {
      const refused = await handOver(administrator, a, "printed");
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("document_not_issued");
      expect(await handedOverEntries(a)).toEqual([]);
      for (const who of [a, b, c]) {
        numbers.set(
          who.attemptId,
          await makeOfficial(app, { administrator, operator }, who.attemptId),
        );
      }
    }, 120_000);

    it("records the printed hand-over on the attempt with the time and the staff member, and audits it", async () => {
      const recorded = await handOver(administrator, a, "printed", HAND_A);
      expect(recorded.status).toBe(200);
      first = recorded.body;
      expect(first).toMatchObject({
        number: numbers.get(a.attemptId),
        method: "printed",
        by: { fullName: "Test administrator" },
      });
      expect(Math.abs(first.at - Date.now())).toBeLessThan(10_000);

      const detail = await operator.get(`/attempts/${a.attemptId}`);
      expect(detail.body.handover).toEqual(first);
      expect(
        detail.body.timeline.map((entry: { action: string }) => entry.action),
      ).toContain("document.handed_over");
      const row = (
        await operator.get(`/slots/${room.slotId}/results`)
      ).body.find(
        (candidate: { attemptId: string }) =>
          candidate.attemptId === a.attemptId,
      );
      expect(row.handover).toEqual(first);

      const entries = await handedOverEntries(a);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        at: first.at,
        data: { number: numbers.get(a.attemptId), method: "printed" },
      });
      expect(entries[0]!.actor).toMatch(/^staff:.+:administrator$/);
    });

    it("takes effect once: a repeat, or a second hand-over of the same paper, answers the first record", async () => {
      const repeat = await handOver(administrator, a, "printed", HAND_A);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first);
      // The operator, a minute later, thinks it was e-mailed: the paper
      // was handed over already, and that stays the record.
      const second = await handOver(operator, a, "electronic");
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first);
      const reused = await handOver(administrator, a, "electronic", HAND_A);
      expect(reused.status).toBe(409);
      expect(reused.body.error.id).toBe("request_id_reused");
      expect(await handedOverEntries(a)).toHaveLength(1);
      expect(
        (await operator.get(`/attempts/${a.attemptId}`)).body.handover,
      ).toEqual(first);
    });

    it("is for the slot's administrators and operators only, in their scope", async () => {
      const elsewhere = await createPlace(manager, 1, "Зал 9");
      const otherCenter = (
        await signedInStaff(app, "administrator", undefined, {
          kind: "centers",
          centerIds: [elsewhere.centerId],
        })
      ).client;
      const outOfScope = await handOver(otherCenter, b, "printed");
      expect(outOfScope.status).toBe(403);
      expect(outOfScope.body.error.id).toBe("out_of_scope");
      expect((await handOver(manager, b, "printed")).status).toBe(403);
      const reviewer = (await signedInStaff(app, "reviewer")).client;
      expect((await handOver(reviewer, b, "printed")).status).toBe(403);
      expect(
        (
          await new ApiClient(app.url).post(
            `/attempts/${b.attemptId}/handover`,
            {
              method: "printed",
            },
          )
        ).status,
      ).toBe(401);
      const unknown = await handOver(
        administrator,
        { attemptId: "no-such-attempt" },
        "printed",
      );
      expect(unknown.status).toBe(404);
      expect((await handOver(administrator, b, "by_pigeon")).status).toBe(400);
      expect(await handedOverEntries(b)).toEqual([]);
      expect(
        (await operator.get(`/attempts/${b.attemptId}`)).body.handover,
      ).toBe(null);
    });
  });

  describe("compliance: handed over within 20 min of the end, issued within 30", () => {
    it("looks again once the 20 minutes have passed: the issue queues a delayed run", async () => {
      const connection = createRedis(app.redisUrl);
      const analytics = new Queue(queueName("analytics.compute"), {
        connection,
      });
      try {
        const delayed = (await analytics.getDelayed())
          .map((job) => job.data as { slotId: string; requestedAt: number })
          .filter((data) => data.slotId === room.slotId);
        for (const who of [a, b, c]) {
          const endedAt = Number(
            await app.redis.hget(`attempt:${who.attemptId}`, "submittedAt"),
          );
          expect(
            delayed.some(
              (data) =>
                data.requestedAt > endedAt + 20 * MIN &&
                data.requestedAt <= endedAt + 22 * MIN,
            ),
            who.fullName,
          ).toBe(true);
        }
      } finally {
        await analytics.close();
        connection.disconnect();
      }
    });

    it("counts A within, B (recorded 25 min after the end) over, C (never recorded) pending over", async () => {
      // B's and C's exams ended 25 minutes ago: their documents were issued
      // seconds after the end, within 30 min; B is handed over now.
      await shiftBack(
        app.redis,
        room.slotId,
        [b.attemptId, c.attemptId],
        25 * MIN,
      );
      const late = await handOver(operator, b, "electronic");
      expect(late.status).toBe(200);
      expect(late.body.method).toBe("electronic");

      const recompute = await manager.post(
        `/analytics/slots/${room.slotId}/recompute`,
      );
      expect(recompute.status).toBe(202);
      const stageOf = (
        rows: ComplianceRow[],
        who: TestedCandidate,
        stage: string,
      ) =>
        rows
          .find((row) => row.attemptId === who.attemptId)
          ?.stages.find((measure) => measure.stage === stage);
      const body = await eventually(async () => {
        const response = await manager.get(
          `/analytics/slots/${room.slotId}/compliance`,
        );
        if (response.status !== 200) return undefined;
        const rows = response.body.candidates as ComplianceRow[];
        return stageOf(rows, b, "handedOver")?.within === false
          ? response.body
          : undefined;
      }, 30_000);
      const rows = body.candidates as ComplianceRow[];

      expect(stageOf(rows, a, "handedOver")).toMatchObject({
        limitMs: 20 * MIN,
        within: true,
      });
      expect(stageOf(rows, a, "issued")).toMatchObject({
        limitMs: 30 * MIN,
        within: true,
      });

      const bHanded = stageOf(rows, b, "handedOver")!;
      expect(bHanded.within).toBe(false);
      expect(bHanded.pending).toBeUndefined();
      expect(bHanded.ms).toBeGreaterThanOrEqual(25 * MIN);
      expect(stageOf(rows, b, "issued")).toMatchObject({ within: true });

      const cHanded = stageOf(rows, c, "handedOver")!;
      expect(cHanded).toMatchObject({ within: false, pending: true });
      expect(cHanded.ms).toBeGreaterThanOrEqual(25 * MIN);
      const cIssued = stageOf(rows, c, "issued")!;
      expect(cIssued.within).toBe(true);
      expect(cIssued.ms).toBeLessThan(5 * MIN);

      type StageShare = {
        stage: string;
        measured: number;
        within: number;
        worst: { attemptId: string; pending: boolean }[];
      };
      const stages = Object.fromEntries(
        (body.stages as StageShare[]).map((stage) => [stage.stage, stage]),
      );
      expect(stages.issued).toMatchObject({ measured: 3, within: 3 });
      expect(stages.handedOver).toMatchObject({ measured: 3, within: 1 });
      expect(
        stages.handedOver!.worst.map((worst) => [
          worst.attemptId,
          worst.pending,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [b.attemptId, false],
          [c.attemptId, true],
        ]),
      );
    }, 60_000);
  });

  describe("a document re-issued after an appeal", () => {
    it("is handed over again, under its own number", async () => {
      const code = codeHeader(a.code, freshIp());
      const filed = await new ApiClient(app.url).post(
        `/bookings/${a.bookingId}/appeals`,
        {
          grounds: "question_wrong",
          itemId: a.itemIds[0],
          text: "Question 1 has no right answer among the options.",
        },
        code,
      );
      expect(filed.status).toBe(201);
      const reviewer = (await signedInStaff(app, "reviewer")).client;
      const appealId = (await reviewer.get("/appeals")).body[0].id as string;
      expect((await reviewer.post(`/appeals/${appealId}/review`)).status).toBe(
        200,
      );
      const decided = await reviewer.post(`/appeals/${appealId}/decision`, {
        decision: "upheld",
        reason: "The key was wrong: the question is voided for everyone.",
      });
      expect(decided.status).toBe(200);
      const renewed = await eventually(async () => {
        const number = await app.redis.hget(
          `attempt:${a.attemptId}`,
          "certificateNumber",
        );
        return number && number !== numbers.get(a.attemptId)
          ? number
          : undefined;
      }, 60_000);

      const again = await handOver(administrator, a, "printed");
      expect(again.status).toBe(200);
      expect(again.body.number).toBe(renewed);
      expect(again.body.at).toBeGreaterThan(first.at);
      expect(
        (await handedOverEntries(a)).map((entry) => entry.data.number),
      ).toEqual([numbers.get(a.attemptId), renewed]);
      expect((await handOver(operator, a, "electronic")).body).toEqual(
        again.body,
      );
    }, 120_000);
  });
});
