import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { runAttemptCommand } from "../../server/src/modules/attempts/repository";
import { createRedis, redisNow } from "../../server/src/redis/connection";
import { startTestRedis } from "../support/redis";

/**
 * The credit of an outage to one attempt, as attempt-command.lua decides
 * it: the time the test clock ran while nobody could serve the kiosk.
 */
describe("outage credit (attempt-command.lua outage_credit)", () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  const MIN = 30_000;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = createRedis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  /** An outage of `ms` that ended a moment ago, and an attempt in it. */
  async function scene(
    id: string,
    outageMs: number,
    attempt: Record<string, string | number>,
  ) {
    const now = await redisNow(redis);
    const from = now - outageMs;
    await redis.hset(`outage:${id}`, {
      id,
      startedAt: from,
      endedAt: now,
      durationMs: outageMs,
      creditable: "1",
    });
    await redis.hset(`attempt:${id}`, {
      id,
      slotId: "slot-1",
      bookingId: `booking-${id}`,
      seatId: `seat-${id}`,
      ...attempt,
    });
    return { now, from };
  }
  const credit = (id: string, outageId = id) =>
    runAttemptCommand(redis, id, "outage_credit", "system:outage", {
      outageId,
      minMs: MIN,
      centerId: "center-1",
    });
  const deadlineOf = async (id: string) =>
    Number(await redis.hget(`attempt:${id}`, "deadlineAt"));

  it("gives a running attempt the whole outage back, once", async () => {
    const { now, from } = await scene("a1", 90_000, {
      state: "in_progress",
      startedAt: 0,
      deadlineAt: 0,
    });
    await redis.hset("attempt:a1", {
      startedAt: from - 60_000,
      deadlineAt: now + 600_000,
    });
    await credit("a1");
    expect(await deadlineOf("a1")).toBe(now + 600_000 + 90_000);
    await credit("a1");
    expect(await deadlineOf("a1")).toBe(now + 600_000 + 90_000);
    const entries = await readAudit(
      redis,
      "slot:slot-1",
      (entry) =>
        entry.action === "attempt.outage_credited" &&
        entry.subject === "attempt:a1",
    );
    expect(entries).toHaveLength(1);
  });

  it("gives an attempt resumed during the outage only the time after its resume (the resume gave back the rest)", async () => {
    const { now, from } = await scene("a2", 90_000, {
      state: "in_progress",
      startedAt: 0,
      deadlineAt: 0,
    });
    // Paused before the outage, resumed 50 s into it through a web process still up.
    await redis.hset("attempt:a2", {
      startedAt: from - 60_000,
      deadlineAt: now + 600_000,
      resumedAt: from + 50_000,
    });
    await credit("a2");
    expect(await deadlineOf("a2")).toBe(now + 600_000 + 40_000);
  });

  it("gives a paused attempt nothing, and a short loss nothing", async () => {
    const paused = await scene("a3", 90_000, {
      state: "paused",
      startedAt: 0,
      deadlineAt: 0,
    });
    await redis.hset("attempt:a3", {
      startedAt: paused.from - 60_000,
      pausedAt: paused.from - 10_000,
      deadlineAt: paused.now + 600_000,
    });
    await credit("a3");
    expect(await deadlineOf("a3")).toBe(paused.now + 600_000);

    const short = await scene("a4", 20_000, {
      state: "in_progress",
      startedAt: 0,
      deadlineAt: 0,
    });
    await redis.hset("attempt:a4", {
      startedAt: short.from - 60_000,
      deadlineAt: short.now + 600_000,
    });
    await credit("a4");
    expect(await deadlineOf("a4")).toBe(short.now + 600_000);
  });
});
