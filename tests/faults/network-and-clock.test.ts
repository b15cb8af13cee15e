import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureOffset } from "../../kiosk-client/src/lib/clock";
import { createRedis } from "../../server/src/redis/connection";
import {
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import { startTestRedis } from "../support/redis";
import {
  connected,
  answerFor,
  KioskJournal,
  lostAnswers,
  reconnectingKiosk,
} from "./support/journal";
import { startProxy, type CuttableProxy } from "../support/proxy";
import { recordScenario } from "./support/report";
import {
  admitAll,
  redisNow,
  seedRoom,
  serverErrorsIn,
  startAll,
  waitFor,
  type Room,
} from "./support/seed";
import { consoleSocket } from "./support/world";

/**
 * Fault 3: kiosks lose the network (a TCP proxy between them and the server
 * is cut) for CUT_MS, the 60 s of the fault plan. Fault 4: a kiosk whose
 * clock is an hour off either way.
 */
const CUT_MS = 60_000;

describe("faults: network loss and a wrong kiosk clock", () => {
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let server: SynaqProcess;
  let proxy: CuttableProxy;
  let room: Room;
  let attemptIds: string[];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    server = await spawnSynaq({
      services: "web,realtime,worker",
      redisUrl: testRedis.url,
    });
    proxy = await startProxy(Number(new URL(server.url!).port));
    room = await seedRoom({
      url: server.url!,
      redisUrl: testRedis.url,
      redis,
      seats: 4,
      programId: "engine-long",
      iinOffset: 1600,
    });
    attemptIds = await admitAll(room);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await proxy?.close();
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
  });

  it(`keeps answers given offline for ${CUT_MS / 1000} s, lets the time run, measures the outage and gives it back`, async () => {
    let passed = false;
    let lost: string[] = [];
    const journals: KioskJournal[] = [];
    let measured: number[] = [];
    try {
      await startAll(room, attemptIds.slice(0, 3));
      const watcher = await consoleSocket(
        server.url!,
        room.operator.cookieHeader(),
      );
      sockets.push(watcher);
      expect(
        (
          await watcher
            .timeout(10_000)
            .emitWithAck("slot.watch", { slotId: room.slotId })
        ).ok,
      ).toBe(true);
      const incidentsSeen: {
        type: string;
        durationMs: number | null;
        attemptId: string;
        id: string;
      }[] = [];
      watcher.on("incident.created", (incident) =>
        incidentsSeen.push(incident),
      );

      // Kiosks 0 and 1 behind the proxy, kiosk 2 direct (its network stays up).
      for (const [k, attemptId] of attemptIds.slice(0, 3).entries()) {
        const socket = reconnectingKiosk(
          k < 2 ? proxy.url : server.url!,
          room.kiosks[k]!.token,
        );
        sockets.push(socket);
        await connected(socket);
        journals.push(new KioskJournal(attemptId, socket));
      }
      const resync = (journal: KioskJournal) =>
        journal.socket.timeout(10_000).emitWithAck("attempt.resync");
      const items = await Promise.all(
        journals.map(
          async (journal) =>
            (await resync(journal)).attempt.items as {
              id: string;
              type: string;
              options: { id: string }[];
            }[],
        ),
      );
      for (const [k, journal] of journals.entries())
        expect(
          await journal.answer(items[k]![0]!.id, answerFor(items[k]![0]!)),
        ).toBe(true);
      const before = await Promise.all(journals.map(resync));

      const disconnected = journals
        .slice(0, 2)
        .map(
          (journal) =>
            new Promise((resolve) =>
              journal.socket.once("disconnect", resolve),
            ),
        );
      const cutAt = await redisNow(redis);
      proxy.cut();
      await Promise.all(disconnected);
      // Offline: the answers wait in the journals; the direct kiosk carries on.
      for (const [k, journal] of journals.entries()) {
        for (const item of items[k]!.slice(1, 3))
          await journal.answer(item.id, answerFor(item));
      }
      expect(
        journals.slice(0, 2).every((journal) => journal.unacked === 2),
      ).toBe(true);
      expect(journals[2]!.unacked).toBe(0);
      const offlineFor = Math.max(0, cutAt + CUT_MS - (await redisNow(redis)));
      await new Promise((resolve) => setTimeout(resolve, offlineFor));
      proxy.restore();
      await Promise.all(
        journals.map((journal) => connected(journal.socket, 30_000)),
      );
      await Promise.all(journals.map((journal) => journal.drain(30_000)));
      const restoredAt = await redisNow(redis);

      // The server's time kept running: remaining shrank by the time that passed; the deadline did not move.
      const after = await Promise.all(journals.map(resync));
      for (const [k] of journals.entries()) {
        expect(after[k].attempt.deadlineAt).toBe(before[k].attempt.deadlineAt);
        const elapsed =
          after[k].attempt.serverNow - before[k].attempt.serverNow;
        expect(elapsed).toBeGreaterThanOrEqual(CUT_MS - 1_000);
        expect(
          Math.abs(
            before[k].attempt.remainingMs -
              after[k].attempt.remainingMs -
              elapsed,
          ),
        ).toBeLessThanOrEqual(1_000);
      }

      // The console saw each cut kiosk's disconnect, with its length.
      const disconnects = await waitFor(
        "the disconnect incidents",
        () => {
          const found = journals
            .slice(0, 2)
            .map((journal) =>
              incidentsSeen.find(
                (incident) =>
                  incident.type === "disconnect" &&
                  incident.attemptId === journal.attemptId,
              ),
            );
          return found.every(Boolean)
            ? (found as (typeof incidentsSeen)[number][])
            : undefined;
        },
        15_000,
      );
      measured = disconnects.map((incident) => incident.durationMs ?? 0);
      for (const duration of measured) {
        expect(duration).toBeGreaterThanOrEqual(CUT_MS - 1_500);
        expect(duration).toBeLessThanOrEqual(restoredAt - cutAt + 1_000);
      }
      expect(
        incidentsSeen.some(
          (incident) => incident.attemptId === journals[2]!.attemptId,
        ),
      ).toBe(false);
      const queue = await room.operator.get(`/slots/${room.slotId}/incidents`);
      expect(queue.status).toBe(200);
      expect(JSON.stringify(queue.body)).toContain(disconnects[0]!.id);

      // The operator gives exactly the measured time back, once.
      const deadlineBefore = Number(
        await redis.hget(`attempt:${journals[0]!.attemptId}`, "deadlineAt"),
      );
      const granted = await room.operator.post(
        `/incidents/${disconnects[0]!.id}/grant`,
        { reason: "Желі үзілді / network cut" },
      );
      expect(granted.status).toBe(200);
      expect(granted.body.timing.deadlineAt - deadlineBefore).toBe(
        disconnects[0]!.durationMs,
      );
      expect(
        Number(
          await redis.hget(`attempt:${journals[0]!.attemptId}`, "deadlineAt"),
        ) - deadlineBefore,
      ).toBe(disconnects[0]!.durationMs);
      const twice = await room.operator.post(
        `/incidents/${disconnects[0]!.id}/grant`,
        {},
      );
      expect(twice.status).toBe(409);
      expect(twice.body.error.id).toBe("already_granted");
      // The kiosk learns the new deadline.
      expect((await resync(journals[0]!)).attempt.deadlineAt).toBe(
        deadlineBefore + disconnects[0]!.durationMs!,
      );

      lost = (
        await Promise.all(
          journals.map((journal) => lostAnswers(redis, journal)),
        )
      ).flat();
      expect(lost).toEqual([]);
      passed = true;
    } finally {
      const errors = serverErrorsIn(server.output());
      recordScenario({
        scenario: `3. network cut for ${CUT_MS / 1000} s (TCP proxy), 2 of 3 kiosks`,
        acked: journals.reduce(
          (sum, journal) => sum + journal.ackedSeqs.size,
          0,
        ),
        lost: lost.length,
        badInputs: 0,
        serverErrors: errors.http + errors.socket,
        passed,
        notes: `offline answers synced; deadline unchanged, time ran on; disconnect incidents ${measured.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}; grant moved the deadline by exactly that`,
      });
    }
  }, 150_000);

  it("shows the true remaining time on a kiosk whose clock is an hour off, and the deadline ignores it", async () => {
    let passed = false;
    let worst = 0;
    try {
      // The fourth candidate starts the test from the skewed kiosk itself.
      const attemptId = attemptIds[3]!;
      const socket = reconnectingKiosk(server.url!, room.kiosks[3]!.token);
      sockets.push(socket);
      await connected(socket);
      expect(
        (
          await socket
            .timeout(10_000)
            .emitWithAck("attempt.confirm", { attemptId })
        ).ok,
      ).toBe(true);
      const started = await socket
        .timeout(10_000)
        .emitWithAck("attempt.start", { attemptId });
      expect(started.ok).toBe(true);
      const attempt = await redis.hgetall(`attempt:${attemptId}`);
      const startedAt = Number(attempt.startedAt);
      const deadlineAt = Number(attempt.deadlineAt);
      // Server time decides: the start is Redis TIME, the deadline 55 minutes later.
      expect(Math.abs(startedAt - (await redisNow(redis)))).toBeLessThan(5_000);
      expect(deadlineAt - startedAt).toBe(55 * 60_000);

      for (const skew of [3_600_000, -3_600_000, 0]) {
        const skewedNow = () => Date.now() + skew;
        // kiosk-client's own offset method (NTP-style median of samples).
        const offset = await measureOffset(socket, 5, skewedNow);
        expect(offset).not.toBeNull();
        const shown = deadlineAt - (skewedNow() + offset!);
        const truth = deadlineAt - (await redisNow(redis));
        worst = Math.max(worst, Math.abs(shown - truth));
        expect(Math.abs(shown - truth), `skew ${skew}`).toBeLessThanOrEqual(
          1_000,
        );
        // The server's view is the same whatever the kiosk's clock says.
        const view = (
          await socket.timeout(10_000).emitWithAck("attempt.resync")
        ).attempt;
        expect(view.deadlineAt).toBe(deadlineAt);
      }
      expect(
        Number(await redis.hget(`attempt:${attemptId}`, "deadlineAt")),
      ).toBe(deadlineAt);
      passed = true;
    } finally {
      recordScenario({
        scenario: "4. kiosk clock off by ±1 h",
        acked: 0,
        lost: 0,
        badInputs: 0,
        serverErrors: 0,
        passed,
        notes: `countdown from kiosk-client's measureOffset within ${Math.round(worst)} ms of server time; deadline from Redis TIME`,
      });
    }
  }, 60_000);
});
