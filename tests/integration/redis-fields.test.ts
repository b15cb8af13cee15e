import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldsOfMany } from "../../server/src/redis/fields";
import { startTestRedis } from "../support/redis";

// The reconciler's pass reads its attempts and messages this way, a few
// hundred hashes per call: what it reads must be what a plain HMGET reads.
describe("fieldsOfMany (the periodic passes' reads)", () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("gives each key's fields in key order across calls, null for a missing field or hash", async () => {
    const keys: string[] = [];
    const pipeline = redis.pipeline();
    for (let i = 0; i < 620; i++) {
      const key = `fields-test:${i}`;
      keys.push(key);
      // Every seventh hash has no deadline; every 100th does not exist.
      if (i % 100 === 99) continue;
      pipeline.hset(key, {
        id: `a${i}`,
        state: i % 2 === 0 ? "in_progress" : "scored",
        fullName: "Дана Ерланқызы Сапарова",
        ...(i % 7 === 0 ? {} : { deadlineAt: String(1_000_000 + i) }),
      });
    }
    await pipeline.exec();

    const rows = await fieldsOfMany(redis, keys, [
      "id",
      "state",
      "deadlineAt",
    ] as const);

    expect(rows).toHaveLength(620);
    for (const [i, row] of rows.entries()) {
      expect(row).toEqual(
        await redis.hmget(keys[i]!, "id", "state", "deadlineAt"),
      );
    }
    expect(rows[0]).toEqual(["a0", "in_progress", null]);
    expect(rows[1]).toEqual(["a1", "scored", "1000001"]);
    expect(rows[99]).toEqual([null, null, null]);
    expect(rows[619]).toEqual(["a619", "scored", "1000619"]);
  });

  it("reads nothing for no keys", async () => {
    expect(await fieldsOfMany(redis, [], ["id"] as const)).toEqual([]);
  });
});
