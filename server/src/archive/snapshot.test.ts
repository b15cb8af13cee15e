import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedis } from "../redis/connection";
import { startEmbeddedRedis, type EmbeddedRedis } from "../redis/embedded";
import { dumpKeys, restoreKeys, type KeyDump } from "./snapshot";

/** Dumps without the time left to live, which moves between two reads. */
const withoutTtl = (dumps: KeyDump[]) =>
  dumps.map(({ pttl: _pttl, ...dump }) => dump);

describe("dumpKeys / restoreKeys against a real Redis", () => {
  let server: EmbeddedRedis;
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "synaq-snapshot-"));
    server = await startEmbeddedRedis({ dir });
    redis = createRedis(server.url);
  }, 30_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await redis.flushall();
  });

  async function writeOneOfEach() {
    await redis.set("s", "plain ✓ Қазақша \n with newline");
    await redis.hset("h", { a: "1", b: '{"json":true}', "": "empty field" });
    await redis.sadd("set", "x", "y", "z");
    await redis.zadd("z", 1.5, "one", -2, "two", 1e15, "big");
    await redis.rpush("l", "first", "second", "first");
    await redis.xadd("x", "1700000000000-0", "a", "1", "b", "2");
    await redis.xadd("x", "1700000000000-5", "a", "3");
    await redis.xadd("x", "1700000000001-0", "only", "field");
    await redis.set("ttl", "v", "PX", 600_000);
    await redis.hset("hash-ttl", "f", "v");
    await redis.pexpire("hash-ttl", 900_000);
  }
  const ALL = ["s", "h", "set", "z", "l", "x", "ttl", "hash-ttl"];

  it("dumps every type with its values, stream ids and TTL", async () => {
    await writeOneOfEach();
    const dumps = await dumpKeys(redis, [...ALL, "missing"]);
    expect(dumps.map((dump) => [dump.key, dump.type])).toEqual([
      ["s", "string"],
      ["h", "hash"],
      ["set", "set"],
      ["z", "zset"],
      ["l", "list"],
      ["x", "stream"],
      ["ttl", "string"],
      ["hash-ttl", "hash"],
    ]);
    const byKey = new Map(dumps.map((dump) => [dump.key, dump]));
    expect(byKey.get("z")?.value).toEqual([
      ["two", -2],
      ["one", 1.5],
      ["big", 1e15],
    ]);
    expect(byKey.get("x")?.value).toEqual([
      ["1700000000000-0", ["a", "1", "b", "2"]],
      ["1700000000000-5", ["a", "3"]],
      ["1700000000001-0", ["only", "field"]],
    ]);
    expect(byKey.get("l")?.value).toEqual(["first", "second", "first"]);
    expect(byKey.get("s")?.pttl).toBeUndefined();
    expect(byKey.get("ttl")?.pttl).toBeGreaterThan(590_000);
    expect(byKey.get("hash-ttl")?.pttl).toBeGreaterThan(890_000);
  });

  it("writes every key back exactly, stream ids and TTLs included", async () => {
    await writeOneOfEach();
    const before = await dumpKeys(redis, ALL);
    const survivesJson = JSON.parse(JSON.stringify(before)) as KeyDump[];
    await redis.flushall();
    await restoreKeys(redis, survivesJson, []);
    const after = await dumpKeys(redis, ALL);
    expect(withoutTtl(after)).toEqual(withoutTtl(before));
    expect(await redis.pttl("ttl")).toBeGreaterThan(590_000);
    expect(await redis.pttl("s")).toBe(-1);
    // New entries after a restore never reuse an id the stream gave out.
    const next = await redis.xadd("x", "*", "k", "v");
    expect(next && next > "1700000000001-0").toBe(true);
  });

  it("replaces a key that exists rather than merging into it", async () => {
    await redis.hset("h", { a: "1" });
    const dumps = await dumpKeys(redis, ["h"]);
    await redis.hset("h", { stray: "field" });
    await restoreKeys(redis, dumps, []);
    expect(await redis.hgetall("h")).toEqual({ a: "1" });
  });

  it("keeps a stream's last id when its newest entries were deleted", async () => {
    await redis.xadd("x", "5-0", "a", "1");
    await redis.xadd("x", "9-0", "a", "2");
    await redis.xdel("x", "9-0");
    const dumps = await dumpKeys(redis, ["x"]);
    expect(dumps[0]).toMatchObject({ type: "stream", lastId: "9-0" });
    await redis.del("x");
    await restoreKeys(redis, dumps, []);
    await expect(redis.xadd("x", "7-0", "a", "3")).rejects.toThrow(
      /equal or smaller/,
    );
  });

  it("puts memberships back into shared indexes without touching the rest", async () => {
    await redis.zadd("shared:z", 1, "other");
    await redis.sadd("shared:s", "other");
    await redis.hset("shared:h", "other", "x");
    await restoreKeys(
      redis,
      [],
      [
        { key: "shared:z", type: "zset-member", member: "mine", score: 42 },
        { key: "shared:s", type: "set-member", member: "mine" },
        { key: "shared:h", type: "hash-field", field: "mine", value: "v" },
      ],
    );
    expect(await redis.zrange("shared:z", 0, -1, "WITHSCORES")).toEqual([
      "other",
      "1",
      "mine",
      "42",
    ]);
    expect((await redis.smembers("shared:s")).sort()).toEqual([
      "mine",
      "other",
    ]);
    expect(await redis.hgetall("shared:h")).toEqual({
      other: "x",
      mine: "v",
    });
  });

  it("refuses a value that JSON cannot carry unchanged (not UTF-8)", async () => {
    await redis.set("binary", Buffer.from([0xff, 0xfe, 0x00]));
    await expect(dumpKeys(redis, ["binary"])).rejects.toThrow(/not UTF-8/);
  });

  it("reads a long stream page by page", async () => {
    const pipeline = redis.pipeline();
    for (let i = 1; i <= 2_500; i++) pipeline.xadd("long", `${i}-0`, "n", i);
    await pipeline.exec();
    const [dump] = await dumpKeys(redis, ["long"]);
    expect(dump?.type).toBe("stream");
    expect(dump?.value).toHaveLength(2_500);
    expect((dump?.value as [string, string[]][]).at(-1)).toEqual([
      "2500-0",
      ["n", "2500"],
    ]);
  });
});
