import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { createRedis } from "../../server/src/redis/connection";
import { bankIdsOf, type BankIds } from "../support/kiosk";
import {
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import { startTestRedis } from "../support/redis";
import { connected, reconnectingKiosk } from "./support/journal";
import { recordScenario } from "./support/report";
import {
  admitAll,
  seedRoom,
  serverErrorsIn,
  startAll,
  type Room,
} from "./support/seed";

/**
 * Fault 6: duplicate deliveries and replays of `answer.save` (what a kiosk
 * re-sending its journal, or a network that delivers twice, produces): the
 * first delivery writes; every later one is acknowledged and changes
 * nothing — not the answer, not the audit stream, not the progress.
 */
describe("fault: duplicate and replayed answer.save", () => {
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let server: SynaqProcess;
  let room: Room;
  let attemptId: string;
  let items: { id: string }[];
  let bank: BankIds;
  let first: Socket;
  let second: Socket;
  const sockets: Socket[] = [];
  let acked = 0;
  let duplicates = 0;
  const failures: string[] = [];

  /** Saves bank options (`["b"]`) of a kiosk item, sent in the kiosk's ids. */
  const save = async (
    socket: Socket,
    itemId: string,
    response: string[],
    seq: number,
  ) => {
    const reply = await socket.timeout(10_000).emitWithAck("answer.save", {
      attemptId,
      itemId,
      response: bank.options(itemId, response),
      seq,
    });
    if (reply.ok) acked++;
    return reply as {
      ok: boolean;
      seq: number;
      savedAt: number;
      answered: number;
    };
  };
  const stored = async (itemId: string) =>
    JSON.parse(
      (await redis.hget(`attempt:${attemptId}:answers`, bank.item(itemId))) ??
        "null",
    ) as { r: string[]; seq: number; at: number } | null;
  const savedEntries = async () =>
    (
      await readAudit(
        redis,
        `slot:${room.slotId}`,
        (entry) => entry.action === "answer.saved",
      )
    ).length;
  const snapshot = async () => ({
    answers: await redis.hgetall(`attempt:${attemptId}:answers`),
    answered: await redis.hget(`attempt:${attemptId}`, "answered"),
    audit: await savedEntries(),
    lastSeq: await redis.hget(`attempt:${attemptId}`, "lastSeq"),
  });

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    server = await spawnSynaq({
      services: "web,realtime,worker",
      redisUrl: testRedis.url,
    });
    room = await seedRoom({
      url: server.url!,
      redisUrl: testRedis.url,
      redis,
      seats: 1,
      programId: "engine-long",
      iinOffset: 1300,
    });
    [attemptId] = (await admitAll(room)) as [string];
    await startAll(room, [attemptId]);
    // Two sockets of the same kiosk (a reconnect racing the old socket).
    first = reconnectingKiosk(server.url!, room.kiosks[0]!.token);
    second = reconnectingKiosk(server.url!, room.kiosks[0]!.token);
    sockets.push(first, second);
    await Promise.all([connected(first), connected(second)]);
    items = (await first.timeout(10_000).emitWithAck("attempt.resync")).attempt
      .items;
    bank = await bankIdsOf(redis, attemptId);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
  });

  let passed = 0;
  const cases = 4;
  afterAll(() => {
    const errors = serverErrorsIn(server?.output() ?? "");
    recordScenario({
      scenario: "6. duplicate deliveries and replays of answer.save",
      acked,
      lost: 0,
      badInputs: 0,
      serverErrors: errors.http + errors.socket,
      passed: passed === cases && failures.length === 0,
      notes: `${duplicates} duplicates/replays acked as no-ops (same seq twice, older after newer, two sockets of one kiosk, a burst)`,
    });
  });

  it("writes the same seq once: the second delivery is acked with the first savedAt", async () => {
    const once = await save(first, items[0]!.id, ["b"], 1);
    expect(once).toMatchObject({ ok: true, seq: 1, answered: 1 });
    const before = await snapshot();
    const again = await save(first, items[0]!.id, ["b"], 1);
    duplicates++;
    expect(again).toMatchObject({
      ok: true,
      seq: 1,
      savedAt: once.savedAt,
      answered: 1,
    });
    // Even with another response: the seq was used, the first write stands.
    const forged = await save(first, items[0]!.id, ["c"], 1);
    duplicates++;
    expect(forged).toMatchObject({ ok: true, seq: 1, savedAt: once.savedAt });
    expect(await snapshot()).toEqual(before);
    expect(await stored(items[0]!.id)).toMatchObject({ r: ["b"], seq: 1 });
    passed++;
  });

  it("ignores an older seq that arrives after a newer one", async () => {
    const newer = await save(first, items[1]!.id, ["c"], 5);
    expect(newer.ok).toBe(true);
    const before = await snapshot();
    for (const seq of [4, 3, 2]) {
      const older = await save(first, items[1]!.id, ["a"], seq);
      duplicates++;
      expect(older).toMatchObject({ ok: true, seq });
    }
    expect(await snapshot()).toEqual(before);
    expect(await stored(items[1]!.id)).toMatchObject({ r: ["c"], seq: 5 });
    passed++;
  });

  it("writes once the same message sent through two sockets of the same kiosk at once", async () => {
    const before = await snapshot();
    const replies = await Promise.all([
      save(first, items[2]!.id, ["a"], 7),
      save(second, items[2]!.id, ["a"], 7),
    ]);
    duplicates++;
    expect(replies.every((reply) => reply.ok && reply.seq === 7)).toBe(true);
    expect(replies[0].savedAt).toBe(replies[1].savedAt);
    const after = await snapshot();
    expect(after.audit).toBe(before.audit + 1);
    expect(Number(after.answered)).toBe(Number(before.answered) + 1);
    expect(await stored(items[2]!.id)).toMatchObject({ r: ["a"], seq: 7 });
    passed++;
  });

  it("writes once a burst of 40 identical deliveries spread over both sockets", async () => {
    const before = await snapshot();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        save(n % 2 ? first : second, items[3]!.id, ["d"], 8),
      ),
    );
    duplicates += 39;
    expect(replies.every((reply) => reply.ok && reply.seq === 8)).toBe(true);
    expect(new Set(replies.map((reply) => reply.savedAt)).size).toBe(1);
    const after = await snapshot();
    expect(after.audit).toBe(before.audit + 1);
    expect(after.lastSeq).toBe("8");
    // The replays of everything above, once more, change nothing at all.
    const settled = await snapshot();
    for (const [itemId, seq, response] of [
      [items[0]!.id, 1, ["b"]],
      [items[1]!.id, 5, ["c"]],
      [items[2]!.id, 7, ["a"]],
      [items[3]!.id, 8, ["d"]],
    ] as const) {
      expect((await save(second, itemId, [...response], seq)).ok).toBe(true);
      duplicates++;
    }
    expect(await snapshot()).toEqual(settled);
    passed++;
  });
});
