import { connect, createServer, type Socket as NetSocket } from "node:net";
import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { createRedis } from "../../server/src/redis/connection";
import { freePort } from "../../server/src/redis/embedded";
import {
  answerFor,
  connected,
  KioskJournal,
  lostAnswers,
  reconnectingKiosk,
} from "../faults/support/journal";
import {
  admitAll,
  redisNow,
  seedRoom,
  startAll,
  waitFor,
  type Room,
} from "../faults/support/seed";
import {
  signInStaff,
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import { startTestRedis } from "../support/redis";

/** How long both realtime processes stay dead. */
const OUTAGE_MS = 90_000;
const GRACE_MS = 5_000;

interface KioskItem {
  id: string;
  type: string;
  options: { id: string }[];
}

/**
 * A TCP balancer in front of the realtime processes, as a center runs
 * them: each new connection goes to the next process that accepts it, so
 * the kiosks of a dead process reconnect to a live one.
 */
function startBalancer(ports: readonly number[]) {
  let next = 0;
  const open = new Set<NetSocket>();
  const server = createServer((client) => {
    open.add(client);
    client.on("error", () => client.destroy());
    client.on("close", () => open.delete(client));
    const tryPort = (attempt: number) => {
      if (attempt >= ports.length || client.destroyed) {
        client.destroy();
        return;
      }
      const port = ports[(next + attempt) % ports.length]!;
      const upstream = connect(port, "127.0.0.1");
      let joined = false;
      upstream.once("connect", () => {
        joined = true;
        next = (next + attempt + 1) % ports.length;
        open.add(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.on("error", () => {
        if (!joined) tryPort(attempt + 1);
        else client.destroy();
      });
      upstream.on("close", () => {
        open.delete(upstream);
        if (joined) client.destroy();
      });
      client.once("close", () => upstream.destroy());
    };
    tryPort(0);
  });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close() {
          for (const socket of open) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

/**
 * Outage time-back on real processes: two `web,realtime` processes behind
 * a balancer and a `worker`, one Redis. Losing one realtime process is no
 * outage (its kiosks carry on on the other); losing both is one, and its
 * time goes back on every running attempt's deadline.
 */
describe("outages: time given back to the running attempts", () => {
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let ports: [number, number];
  let balancer: Awaited<ReturnType<typeof startBalancer>>;
  const realtime: (SynaqProcess | undefined)[] = [undefined, undefined];
  const sockets: Socket[] = [];
  /** engine-long: L1 runs, L2 is paused before the outage. */
  let long: Room;
  /** engine-short (60 s): E expires in the outage's first second, X later. */
  let short: Room;
  let url: string;
  const ids = { L1: "", L2: "", E: "", X: "" };
  const journals: Record<string, KioskJournal> = {};
  const items: Record<string, KioskItem[]> = {};
  const deadlines: Record<string, number> = {};
  let killedAt = 0;

  const startRealtime = async (index: 0 | 1) => {
    realtime[index] = await spawnSynaq({
      services: "web,realtime",
      redisUrl: testRedis.url,
      env: { PORT: String(ports[index]), ANSWER_GRACE_MS: String(GRACE_MS) },
    });
  };
  const attempt = (id: string) => redis.hgetall(`attempt:${id}`);
  const auditOf = (room: Room, action: string) =>
    readAudit(redis, `slot:${room.slotId}`, (entry) => entry.action === action);

  /** A kiosk of the balancer with its journal and the items it shows. */
  const openKiosk = async (name: keyof typeof ids, token: string) => {
    const socket = reconnectingKiosk(balancer.url, token);
    sockets.push(socket);
    await connected(socket);
    journals[name] = new KioskJournal(ids[name], socket);
    const reply = await socket.timeout(10_000).emitWithAck("attempt.resync");
    items[name] = reply.attempt.items as KioskItem[];
  };

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    ports = [await freePort(), await freePort()];
    await Promise.all([
      startRealtime(0),
      startRealtime(1),
      spawnSynaq({
        services: "worker",
        redisUrl: testRedis.url,
        env: { ANSWER_GRACE_MS: String(GRACE_MS) },
      }),
    ]);
    url = realtime[0]!.url!;
    balancer = await startBalancer(ports);
    const base = { url, redisUrl: testRedis.url, redis, seats: 2 };
    short = await seedRoom({
      ...base,
      programId: "engine-short",
      iinOffset: 3100,
    });
    long = await seedRoom({
      ...base,
      programId: "engine-long",
      iinOffset: 3200,
    });

    // E first, so the outage can begin a second before its deadline; X ten
    // seconds later, so its deadline falls well inside the outage.
    [ids.E, ids.X] = (await admitAll(short)) as [string, string];
    [ids.L1, ids.L2] = (await admitAll(long)) as [string, string];
    [deadlines.E] = (await startAll(short, [ids.E])) as [number];
    [deadlines.L1, deadlines.L2] = (await startAll(long, [ids.L1, ids.L2])) as [
      number,
      number,
    ];
    await openKiosk("E", short.kiosks[0]!.token);
    await openKiosk("L1", long.kiosks[0]!.token);
    await openKiosk("L2", long.kiosks[1]!.token);
    const paused = await long.operator.post(`/attempts/${ids.L2}/pause`, {
      reason: "the candidate felt unwell",
    });
    expect(paused.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    [deadlines.X] = (await startAll(short, [ids.X])) as [number];
    await openKiosk("X", short.kiosks[1]!.token);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await balancer?.close();
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
  });

  it("records no outage on a fresh install, and none when one of two realtime processes dies: its kiosks carry on on the other", async () => {
    expect(await redis.exists("outage:beat")).toBe(1);
    expect(await redis.zcard("outages")).toBe(0);

    // The balancer spread the kiosks over both processes: some lose theirs.
    let dropped = 0;
    for (const journal of Object.values(journals)) {
      journal.socket.once("disconnect", () => (dropped += 1));
    }
    await realtime[1]!.kill9();
    // Every kiosk is (back) on the live process and saves there.
    for (const name of ["E", "X", "L1"] as const) {
      const item = items[name]![0]!;
      await waitFor(
        `${name}'s answer on the live process`,
        async () =>
          (await journals[name]!.answer(item.id, answerFor(item)))
            ? true
            : undefined,
        20_000,
        500,
      );
    }
    // Longer than it takes to see an outage.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(dropped).toBeGreaterThan(0);
    expect(await redis.zcard("outages")).toBe(0);
    expect(await auditOf(long, "attempt.outage_credited")).toEqual([]);
    expect(Number((await attempt(ids.L1)).deadlineAt)).toBe(deadlines.L1);
    await startRealtime(1);
  }, 60_000);

  it(`gives a ${OUTAGE_MS / 1000} s outage back to every running attempt once, nothing to a paused one, and takes the answers kept meanwhile`, async () => {
    for (const name of ["E", "X", "L1"] as const) {
      const item = items[name]![1]!;
      expect(await journals[name]!.answer(item.id, answerFor(item))).toBe(true);
    }
    // Both processes that serve kiosks die a second before E's deadline.
    await waitFor(
      "a second before E's deadline",
      async () =>
        (await redisNow(redis)) >= deadlines.E! - 1_000 ? true : undefined,
      70_000,
      50,
    );
    killedAt = await redisNow(redis);
    await Promise.all(realtime.map((process_) => process_!.kill9()));
    await waitFor("every kiosk to notice", () =>
      Object.values(journals).every((journal) => !journal.socket.connected)
        ? true
        : undefined,
    );
    // Answers given while nobody serves wait in the journals.
    for (const name of ["E", "X", "L1"] as const) {
      const item = items[name]![2]!;
      expect(await journals[name]!.answer(item.id, answerFor(item))).toBe(
        false,
      );
    }

    // The worker keeps running: it expires E (its timer could not yet tell
    // the beat had stopped) but not X, whose deadline passes later.
    await waitFor(
      "E expired",
      async () =>
        (await attempt(ids.E)).submitReason === "deadline" ? true : undefined,
      15_000,
    );
    await waitFor(
      "X's deadline",
      async () =>
        (await redisNow(redis)) > deadlines.X! + 8_000 ? true : undefined,
      30_000,
      500,
    );
    expect((await attempt(ids.X)).state).toBe("in_progress");
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, killedAt + OUTAGE_MS - Date.now())),
    );
    const waited = await redisNow(redis);
    expect((await attempt(ids.X)).state).toBe("in_progress");
    expect((await attempt(ids.L1)).state).toBe("in_progress");

    await Promise.all([startRealtime(0), startRealtime(1)]);
    const outage = await waitFor("the outage credited", async () => {
      const [id] = await redis.zrange("outages", 0, -1);
      const found = id ? await redis.hgetall(`outage:${id}`) : undefined;
      return found?.creditedAt ? found : undefined;
    });
    expect(await redis.zcard("outages")).toBe(1);
    const startedAt = Number(outage.startedAt);
    const durationMs = Number(outage.durationMs);
    expect(startedAt).toBeLessThan(killedAt + 1_000);
    expect(startedAt).toBeGreaterThan(killedAt - 2_000);
    expect(durationMs).toBeGreaterThanOrEqual(waited - killedAt);
    expect(durationMs).toBeLessThan(OUTAGE_MS + 30_000);
    expect(outage.credited).toBe("2");

    // Each running attempt got the whole outage back, once, audited.
    for (const [name, room] of [
      ["L1", long],
      ["X", short],
    ] as const) {
      expect(Number((await attempt(ids[name])).deadlineAt)).toBe(
        deadlines[name]! + durationMs,
      );
      const credited = (await auditOf(room, "attempt.outage_credited")).filter(
        (entry) => entry.subject === `attempt:${ids[name]}`,
      );
      expect(credited.map((entry) => entry.data)).toEqual([
        {
          outageId: outage.id,
          ms: durationMs,
          from: startedAt,
          deadlineAt: deadlines[name]! + durationMs,
        },
      ]);
    }
    expect(await auditOf(short, "attempt.expired")).toHaveLength(1);
    // Paused before the outage: its clock was stopped, nothing to give back.
    expect(Number((await attempt(ids.L2)).deadlineAt)).toBe(deadlines.L2);
    expect((await attempt(ids.L2)).state).toBe("paused");
    expect(
      (await auditOf(long, "attempt.outage_credited")).map(
        (entry) => entry.subject,
      ),
    ).toEqual([`attempt:${ids.L1}`]);

    // The kiosks come back, see the new deadline, and their journals go in.
    for (const name of ["X", "L1"] as const) {
      const journal = journals[name]!;
      await connected(journal.socket, 30_000);
      await journal.drain(30_000);
      expect(await lostAnswers(redis, journal)).toEqual([]);
      expect(journal.refused.size).toBe(0);
      const reply = await journal.socket
        .timeout(10_000)
        .emitWithAck("attempt.resync");
      expect(reply.attempt.deadlineAt).toBe(deadlines[name]! + durationMs);
      expect(reply.attempt.state).toBe("in_progress");
    }

    // The operator sees it and what it credited; staff of one center see
    // only their center's credits.
    const creditsOf = async (client: Room["operator"]) => {
      const listed = await client.get("/outages");
      expect(listed.status).toBe(200);
      expect(listed.body.outages).toHaveLength(1);
      expect(listed.body.outages[0]).toMatchObject({
        id: outage.id,
        startedAt,
        durationMs,
        creditable: true,
      });
      return (
        listed.body.outages[0].credits as { attemptId: string; ms: number }[]
      )
        .map((credit) => [credit.attemptId, credit.ms])
        .sort();
    };
    expect(await creditsOf(long.operator)).toEqual(
      [
        [ids.L1, durationMs],
        [ids.X, durationMs],
      ].sort(),
    );
    const ofLong = await signInStaff(
      url,
      testRedis.url,
      "operator",
      undefined,
      {
        kind: "centers",
        centerIds: [long.place.centerId],
      },
    );
    expect(await creditsOf(ofLong.client)).toEqual([[ids.L1, durationMs]]);

    // Still exactly once: another pass (a reconciler, a late process) changes nothing.
    expect(await redis.scard("outages:uncredited")).toBe(0);
    expect(Number((await attempt(ids.X)).deadlineAt)).toBe(
      deadlines.X! + durationMs,
    );
  }, 240_000);

  it("lists the attempt the outage expired for the administrator, who reopens it with its unused time; its journal goes in", async () => {
    const outageId = (await redis.zrange("outages", 0, -1))[0]!;
    const outage = await redis.hgetall(`outage:${outageId}`);
    const unused = deadlines.E! - Number(outage.startedAt);
    expect(unused).toBeGreaterThan(0);
    await waitFor(
      "E scored",
      async () =>
        (await attempt(ids.E)).state === "scored" ? true : undefined,
      30_000,
    );
    // Its kiosk is back; what it kept meanwhile waits, neither saved nor refused.
    await connected(journals.E!.socket, 30_000);
    await journals.E!.flush();
    expect(journals.E!.unacked).toBeGreaterThan(0);
    expect(journals.E!.refused.size).toBe(0);
    expect(journals.E!.failures).toContain("outage_pending");

    const listed = await short.administrator.get(
      `/slots/${short.slotId}/outage-expired`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.attempts).toEqual([
      expect.objectContaining({
        attemptId: ids.E,
        state: "scored",
        outageId,
        remainingMs: unused,
        deadlineAt: deadlines.E,
      }),
    ]);
    expect(
      (await long.administrator.get(`/slots/${long.slotId}/outage-expired`))
        .body.attempts,
    ).toEqual([]);
    expect(
      (
        await short.operator.post(
          `/slots/${short.slotId}/outage-expired/reopen`,
          {},
        )
      ).status,
    ).toBe(403);

    const before = await redisNow(redis);
    const reopened = await short.administrator.post(
      `/slots/${short.slotId}/outage-expired/reopen`,
      {},
    );
    const after = await redisNow(redis);
    expect(reopened.status).toBe(200);
    expect(reopened.body.refused).toEqual([]);
    expect(
      reopened.body.reopened.map(
        (entry: { attemptId: string; remainingMs: number }) => [
          entry.attemptId,
          entry.remainingMs,
        ],
      ),
    ).toEqual([[ids.E, unused]]);
    const again = await attempt(ids.E);
    expect(again.result).toBeUndefined();
    const deadlineAt = Number(reopened.body.reopened[0].deadlineAt);
    expect(deadlineAt).toBeGreaterThanOrEqual(before + unused);
    expect(deadlineAt).toBeLessThanOrEqual(after + unused);
    const [audited] = await auditOf(short, "attempt.reopened");
    expect(audited).toMatchObject({
      subject: `attempt:${ids.E}`,
      data: { outageId, remainingMs: unused, deadlineAt },
    });

    // The journal's answer goes in; nothing is listed any more.
    await journals.E!.drain(10_000);
    expect(await lostAnswers(redis, journals.E!)).toEqual([]);
    expect(
      (await short.administrator.get(`/slots/${short.slotId}/outage-expired`))
        .body.attempts,
    ).toEqual([]);

    // Its time runs out again, and it is scored again.
    const scored = await waitFor(
      "E scored again",
      async () => {
        const found = await attempt(ids.E);
        return found.state === "scored" ? found : undefined;
      },
      unused + GRACE_MS + 20_000,
      250,
    );
    expect(Number(scored.submittedAt)).toBeGreaterThanOrEqual(deadlineAt);
    expect(JSON.parse(scored.result!)).toMatchObject({
      total: expect.any(Number),
    });
  }, 90_000);
});
