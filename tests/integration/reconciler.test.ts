import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import {
  runReconcilerPass,
  type ReconcileReport,
} from "../../server/src/modules/reconciler/service";
import type { JobName } from "../../server/src/queues/jobs";
import { queueName } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import { startTestApp, type TestApp } from "../support/app";
import { ENGINE_BANKS, examRoom, takeTest } from "../support/appeals";
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
import { enrollKiosk } from "../support/kiosk";
import { startTestRedis } from "../support/redis";
import { signedInStaff } from "../support/staff";

const ENV = {
  BANKS_DIR: ENGINE_BANKS,
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  ANSWER_GRACE_MS: "300",
};

/** BullMQ's own view of a queue: what an operator would see in Redis. */
function openQueue(redisUrl: string, name: JobName) {
  const connection = createRedis(redisUrl, "blocking");
  const queue = new Queue(queueName(name), { connection });
  return {
    queue,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

async function requeuedEntries(app: TestApp, slotId: string) {
  return readAudit(
    app.redis,
    `slot:${slotId}`,
    (entry) => entry.action === "reconciler.requeued",
  );
}

describe("the reconciler: lost jobs", () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let front: TestApp;
  let worker: TestApp | undefined;
  let work: string;
  let slotId: string;
  let submittedId: string;
  let runningId: string;
  let deadlineAt: number;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-reconciler-"));
    redis = await startTestRedis();
    // Web and realtime only: nothing takes a job off a queue until a
    // worker starts, so a job can be lost "between" the two steps.
    front = await startTestApp(
      {
        ...ENV,
        DATA_DIR: path.join(work, "data"),
        SYNAQ_SERVICES: "web,realtime",
      },
      { redis },
    );
    const manager = (await signedInStaff(front, "manager")).client;
    const administrator = (await signedInStaff(front, "administrator")).client;
    const operator = (await signedInStaff(front, "operator")).client;
    const place = await createPlace(manager, 2);
    for (const seatId of place.seatIds)
      await enrollKiosk(front.url, operator, seatId);
    const now = await redisNowMs(front);
    const slot = await createSlot(front, manager, place, {
      programId: "engine-short",
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 6 * 60_000,
    });
    slotId = slot.id;
    const attemptIds: string[] = [];
    for (const iin of syntheticIins(2, 1500)) {
      const booked = await new ApiClient(front.url).post(
        "/bookings",
        bookingBody(slot.id, iin, { programId: "engine-short" }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      const admitted = await administrator.post(
        `/slots/${slot.id}/admissions`,
        { iin },
      );
      expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
      const started = await administrator.post(
        `/attempts/${admitted.body.attemptId}/start`,
        {},
      );
      expect(started.body.state).toBe("in_progress");
      attemptIds.push(admitted.body.attemptId as string);
      deadlineAt = started.body.deadlineAt as number;
    }
    [submittedId, runningId] = attemptIds as [string, string];
    const submitted = await administrator.post(
      `/attempts/${submittedId}/submit`,
      { reason: "the candidate asked to finish" },
    );
    expect(submitted.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await front?.stop();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("queues a lost scoring job again, once however often it runs", async () => {
    const scoring = openQueue(redis.url, "attempt.score");
    try {
      expect(await scoring.queue.getJob(`score-${submittedId}`)).toBeDefined();
      // The crash between the state change and the queue.
      await scoring.queue.remove(`score-${submittedId}`);
      expect(
        await scoring.queue.getJob(`score-${submittedId}`),
      ).toBeUndefined();

      const first = await runReconcilerPass(front.synaq.ctx);
      expect(first.skipped).toBe(false);
      expect(first.requeued).toEqual([
        {
          itemId: `attempt.score:${submittedId}`,
          jobId: `score-${submittedId}`,
          reason: "missing",
        },
      ]);
      const second = await runReconcilerPass(front.synaq.ctx);
      expect(second.requeued).toEqual([]);

      expect(
        await scoring.queue.getJobCounts("waiting", "delayed"),
      ).toMatchObject({ waiting: 1, delayed: 0 });
      expect(await scoring.queue.getJob(`score-${submittedId}`)).toMatchObject({
        data: { attemptId: submittedId },
      });
      const audited = await requeuedEntries(front, slotId);
      expect(
        audited.map(({ actor, subject, data }) => ({ actor, subject, data })),
      ).toEqual([
        {
          actor: "system:reconciler",
          subject: `attempt:${submittedId}`,
          data: {
            job: "attempt.score",
            jobId: `score-${submittedId}`,
            reason: "missing",
          },
        },
      ]);
    } finally {
      await scoring.close();
    }
  });

  it("looks at a running attempt's deadline timer only once the deadline is within ten minutes", async () => {
    const timers = openQueue(redis.url, "attempt.timer");
    const attemptKey = `attempt:${runningId}`;
    let near = 0;
    try {
      // A deadline two hours away whose timer is not queued (as if lost):
      // the pass leaves it, a timer lost so early is queued again later.
      const far = (await redisNowMs(front)) + 2 * 3600_000;
      await front.redis.hset(attemptKey, "deadlineAt", String(far));
      const early = await runReconcilerPass(front.synaq.ctx);
      expect(early.requeued).toEqual([]);
      expect(
        await timers.queue.getJob(`timer-${runningId}-${far}`),
      ).toBeUndefined();

      // Nine minutes away: the pass finds its timer missing and queues it.
      near = (await redisNowMs(front)) + 9 * 60_000;
      await front.redis.hset(attemptKey, "deadlineAt", String(near));
      const due = await runReconcilerPass(front.synaq.ctx);
      expect(due.requeued).toEqual([
        {
          itemId: `attempt.timer:${runningId}`,
          jobId: `timer-${runningId}-${near}`,
          reason: "missing",
        },
      ]);
      expect(
        await timers.queue.getJob(`timer-${runningId}-${near}`),
      ).toMatchObject({ data: { attemptId: runningId, at: near } });
    } finally {
      if (near) await timers.queue.remove(`timer-${runningId}-${near}`);
      await front.redis.hset(attemptKey, "deadlineAt", String(deadlineAt));
      await timers.close();
    }
  });

  it("queues a lost deadline timer at a worker's start: the attempt expires at its deadline, and the rescued scoring runs", async () => {
    const timers = openQueue(redis.url, "attempt.timer");
    try {
      await timers.queue.remove(`timer-${runningId}-${deadlineAt}`);
      expect(
        await timers.queue.getJob(`timer-${runningId}-${deadlineAt}`),
      ).toBeUndefined();
    } finally {
      await timers.close();
    }
    expect(await redisNowMs(front)).toBeLessThan(deadlineAt - 5_000);

    worker = await startTestApp(
      { ...ENV, DATA_DIR: path.join(work, "data"), SYNAQ_SERVICES: "worker" },
      { redis },
    );
    await eventually(
      async () =>
        (await front.redis.hget(`attempt:${submittedId}`, "state")) === "scored"
          ? true
          : undefined,
      20_000,
    );
    // The pass at the worker's start found the timer missing.
    const audited = await eventually(async () => {
      const entries = await requeuedEntries(front, slotId);
      return entries.find(
        (entry) =>
          entry.subject === `attempt:${runningId}` &&
          entry.data.jobId === `timer-${runningId}-${deadlineAt}`,
      );
    }, 10_000);
    expect(audited.data).toEqual({
      job: "attempt.timer",
      jobId: `timer-${runningId}-${deadlineAt}`,
      reason: "missing",
    });
    expect(await front.redis.hget(`attempt:${runningId}`, "state")).toBe(
      "in_progress",
    );

    const expired = await eventually(async () => {
      const attempt = await front.redis.hgetall(`attempt:${runningId}`);
      return attempt.state === "expired" || attempt.state === "scored"
        ? attempt
        : undefined;
    }, 75_000);
    expect(expired.submitReason).toBe("deadline");
    expect(Number(expired.submittedAt)).toBeGreaterThanOrEqual(deadlineAt);
    expect(Number(expired.submittedAt) - deadlineAt).toBeLessThan(3_000);

    // And it runs every minute from whichever worker is free.
    const schedule = openQueue(redis.url, "reconciler.run");
    try {
      const schedulers = await schedule.queue.getJobSchedulers();
      expect(schedulers.map((scheduler) => scheduler.every)).toEqual([60_000]);
    } finally {
      await schedule.close();
    }
  }, 120_000);
});

describe("the reconciler: a document job that keeps failing", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let operator: ApiClient;
  let attemptId: string;
  let slotId: string;
  const itemId = () => `certificate.issue:${attemptId}`;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-reconciler-docs-"));
    // A file where the documents' folder should be: every render fails,
    // as on a full or read-only disk.
    writeFileSync(path.join(work, "blocked"), "not a folder");
    outDir = path.join(work, "blocked", "output");
    app = await startTestApp({
      ...ENV,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: outDir,
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    const room = await examRoom(app, { manager, operator }, 1);
    slotId = room.slotId;
    const [iin] = syntheticIins(1, 1600);
    attemptId = (
      await takeTest(app, room, administrator, {
        iin: iin!,
        fullName: "Дана Серікқызы",
      })
    ).attemptId;
    for (const signer of [administrator, operator]) {
      expect(
        (await signer.post(`/attempts/${attemptId}/sign-off`)).status,
      ).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("retries it, then lists it under needs attention with the error; a retry after the fix issues the document", async () => {
    const documents = openQueue(app.redisUrl, "certificate.issue");
    const failedJob = () =>
      eventually(async () => {
        const job = await documents.queue.getJob(`certificate-${attemptId}`);
        return job && (await job.isFailed()) ? job : undefined;
      }, 40_000);
    try {
      // BullMQ's own five attempts, with backoff.
      expect((await failedJob()).attemptsMade).toBe(5);

      let report: ReconcileReport | undefined;
      for (let pass = 0; pass < 8; pass++) {
        await failedJob();
        report = await runReconcilerPass(app.synaq.ctx);
        if (report.attention.includes(itemId())) break;
      }
      // Three passes (these or the worker's own) ran it once more each,
      // the fourth asked a person.
      const requeued = await requeuedEntries(app, slotId);
      expect(
        requeued
          .filter((entry) => entry.subject === `attempt:${attemptId}`)
          .map((entry) => entry.data),
      ).toEqual(
        Array.from({ length: 3 }, () => ({
          job: "certificate.issue",
          jobId: `certificate-${attemptId}`,
          reason: "failed",
          error: expect.stringContaining("ENOTDIR"),
        })),
      );
      expect(report?.attention).toEqual([itemId()]);
      expect(await app.redis.hget(`attempt:${attemptId}`, "state")).toBe(
        "scored",
      );

      const listed = await operator.get("/reconciler/items");
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          itemId: itemId(),
          job: "certificate.issue",
          jobId: `certificate-${attemptId}`,
          slotId,
          attemptId,
          attempts: 8,
          error: expect.stringContaining("ENOTDIR"),
        }),
      ]);
      // Still failing: another pass keeps it listed and runs nothing.
      const again = await runReconcilerPass(app.synaq.ctx);
      expect(again.requeued).toEqual([]);
      expect((await operator.get("/reconciler/items")).body.items).toHaveLength(
        1,
      );

      // The disk is fixed; the operator presses Retry.
      rmSync(path.join(work, "blocked"));
      mkdirSync(outDir, { recursive: true });
      const retried = await operator.post(
        `/reconciler/items/${encodeURIComponent(itemId())}/retry`,
      );
      expect(retried.status).toBe(202);
      const number = await eventually(async () => {
        const attempt = await app.redis.hgetall(`attempt:${attemptId}`);
        return attempt.state === "issued"
          ? attempt.certificateNumber
          : undefined;
      }, 30_000);
      expect(number).toMatch(/\S/);
      expect((await operator.get("/reconciler/items")).body.items).toEqual([]);
      expect((await runReconcilerPass(app.synaq.ctx)).attention).toEqual([]);

      const [audited] = await readAudit(
        app.redis,
        `slot:${slotId}`,
        (entry) => entry.action === "reconciler.retried",
      );
      expect(audited).toMatchObject({
        actor: expect.stringMatching(/^staff:.+:operator$/),
        subject: `attempt:${attemptId}`,
        data: {
          job: "certificate.issue",
          jobId: `certificate-${attemptId}`,
          error: expect.stringContaining("ENOTDIR"),
        },
      });
      // A second press finds nothing left to retry.
      expect(
        (
          await operator.post(
            `/reconciler/items/${encodeURIComponent(itemId())}/retry`,
          )
        ).status,
      ).toBe(404);
    } finally {
      await documents.close();
    }
  }, 150_000);

  it("computes a slot's analytics again when the stored reading was lost", async () => {
    const key = `analytics:slot:${slotId}`;
    const number = await app.redis.hget(
      `attempt:${attemptId}`,
      "certificateNumber",
    );
    // Every run asked for so far (at sign-off, at the issue) is done; the
    // one delayed to 20 minutes after the end (the hand-over's limit) is
    // still to come.
    const analyticsQueue = openQueue(app.redisUrl, "analytics.compute");
    try {
      await eventually(async () => {
        const counts = await analyticsQueue.queue.getJobCounts(
          "waiting",
          "active",
        );
        const idle = Object.values(counts).every((count) => count === 0);
        return idle && (await app.redis.get(key))?.includes(number!)
          ? true
          : undefined;
      }, 20_000);
    } finally {
      await analyticsQueue.close();
    }
    await app.redis.del(key);

    const report = await runReconcilerPass(app.synaq.ctx);
    expect(report.requeued).toEqual([
      expect.objectContaining({
        itemId: `analytics.compute:${slotId}`,
        reason: "missing",
      }),
    ]);
    expect((await runReconcilerPass(app.synaq.ctx)).requeued).toEqual([]);
    const stored = await eventually(
      async () => (await app.redis.get(key)) ?? undefined,
      20_000,
    );
    expect(JSON.parse(stored).candidates).toEqual([
      expect.objectContaining({ attemptId, certificateNumber: number }),
    ]);
  });

  it("is for operators and managers: administrators may not retry", async () => {
    const administrator = (await signedInStaff(app, "administrator")).client;
    expect((await administrator.get("/reconciler/items")).status).toBe(403);
  });
});
