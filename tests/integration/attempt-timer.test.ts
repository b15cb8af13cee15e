import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { startTestRedis } from "../support/redis";
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
  request,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
const ENV = {
  BANKS_DIR: ENGINE_BANKS,
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  ANSWER_GRACE_MS: "500",
};

describe("the server-owned timer", () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let first: TestApp;
  let second: TestApp | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
    first = await startTestApp(ENV, { redis });
  });
  afterAll(async () => {
    await second?.stop();
    await redis.stop();
  });

  it("survives a server restart mid-attempt and auto-submits at the unchanged deadline", async () => {
    const manager = (await signedInStaff(first, "manager")).client;
    const administrator = (await signedInStaff(first, "administrator")).client;
    const operator = (await signedInStaff(first, "operator")).client;
    const place = await createPlace(manager, 1);
    const now = await redisNowMs(first);
    const slot = await createSlot(first, manager, place, {
      programId: "engine-short",
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 6 * 60_000,
    });
    const [iin] = syntheticIins(1, 900);
    const booked = await new ApiClient(first.url).post(
      "/bookings",
      bookingBody(slot.id, iin!, { programId: "engine-short" }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const { token } = await enrollKiosk(first.url, operator, place.seatIds[0]!);
    const admitted = await administrator.post(`/slots/${slot.id}/admissions`, {
      iin,
    });
    expect(admitted.status).toBe(201);
    const attemptId = admitted.body.attemptId as string;
    const started = await administrator.post(
      `/attempts/${attemptId}/start`,
      {},
    );
    expect(started.body.state).toBe("in_progress");
    const deadlineAt = started.body.deadlineAt as number;
    const startedAt = Number(
      await first.redis.hget(`attempt:${attemptId}`, "startedAt"),
    );
    expect(deadlineAt - startedAt).toBe(60_000);

    let kiosk = await connectKiosk(first.url, token);
    const items = (await request(kiosk, "attempt.resync")).attempt.items as {
      id: string;
      type: string;
    }[];
    const bank = await bankIdsOf(first.redis, attemptId);
    const acked: string[] = [];
    for (const item of items.slice(0, 3)) {
      const key = bank.options(
        item.id,
        item.type === "multiple" ? ["a", "c"] : ["b"],
      );
      const reply = await request(kiosk, "answer.save", {
        attemptId,
        itemId: item.id,
        response: key,
        seq: acked.length + 1,
      });
      expect(reply.ok).toBe(true);
      acked.push(item.id);
    }
    kiosk.close();

    // The web, realtime and worker process goes away and comes back.
    await first.stop();
    second = await startTestApp(ENV, { redis });
    kiosk = await connectKiosk(second.url, token);
    const resync = (await request(kiosk, "attempt.resync")).attempt;
    expect(resync.deadlineAt).toBe(deadlineAt);
    expect(Object.keys(resync.answers).sort()).toEqual([...acked].sort());
    kiosk.close();

    const viewer = (await signedInStaff(second, "administrator")).client;
    const result = await eventually(async () => {
      const rows = (await viewer.get(`/slots/${slot.id}/results`))
        .body as any[];
      return rows[0]?.state === "scored" ? rows[0] : undefined;
    }, 75_000);
    const attempt = await second.redis.hgetall(`attempt:${attemptId}`);
    expect(attempt.submitReason).toBe("deadline");
    expect(Number(attempt.submittedAt)).toBeGreaterThanOrEqual(deadlineAt);
    expect(Number(attempt.submittedAt) - deadlineAt).toBeLessThan(3_000);
    expect(result.result.correct).toBe(3);
    expect(result.result.passed).toBe(false);
  }, 120_000);
});
