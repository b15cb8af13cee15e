import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../server/src/redis/connection";
import { freePort } from "../../server/src/redis/embedded";
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

/**
 * Fault 1: `kill -9` of the one server process (web, realtime and worker)
 * in the middle of a 1-minute test (engine-short), answers in flight; the
 * same command starts it again on the same port. The kiosks reconnect by
 * themselves and re-send their journals.
 */
describe("fault: kill -9 of the server process mid-test", () => {
  const SEATS = 4;
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let port: number;
  const processes: SynaqProcess[] = [];
  const sockets: Socket[] = [];
  let room: Room;

  const spawnServer = async () => {
    const server = await spawnSynaq({
      services: "web,realtime,worker",
      redisUrl: testRedis.url,
      env: { PORT: String(port), ANSWER_GRACE_MS: "2000" },
    });
    processes.push(server);
    return server;
  };

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    port = await freePort();
    const server = await spawnServer();
    room = await seedRoom({
      url: server.url!,
      redisUrl: testRedis.url,
      redis,
      seats: SEATS,
      programId: "engine-short",
      iinOffset: 1100,
    });
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
  });

  it("keeps every acknowledged answer and the deadlines, and still auto-submits", async () => {
    let passed = false;
    const journals: KioskJournal[] = [];
    let lost: string[] = [];
    try {
      const url = processes[0]!.url!;
      const attemptIds = await admitAll(room);
      for (const [index, kiosk] of room.kiosks.entries()) {
        const socket = reconnectingKiosk(url, kiosk.token);
        sockets.push(socket);
        await connected(socket);
        journals.push(new KioskJournal(attemptIds[index]!, socket));
      }
      // Started by staff: the deadline is 60 s after the start.
      const deadlines = await startAll(room, attemptIds);
      for (const [index, attemptId] of attemptIds.entries()) {
        const startedAt = Number(
          await redis.hget(`attempt:${attemptId}`, "startedAt"),
        );
        expect(deadlines[index]! - startedAt).toBe(60_000);
      }
      const items = await Promise.all(
        journals.map(async (journal) => {
          const reply = await journal.socket
            .timeout(10_000)
            .emitWithAck("attempt.resync");
          return reply.attempt.items as {
            id: string;
            type: string;
            options: { id: string }[];
          }[];
        }),
      );

      // Two answers each, acknowledged.
      for (const [k, journal] of journals.entries()) {
        for (const item of items[k]!.slice(0, 2))
          expect(await journal.answer(item.id, [item.options[3]!.id])).toBe(
            true,
          );
      }
      // One more each in flight, and the process dies under it.
      const inFlight = journals.map((journal, k) =>
        journal.answer(items[k]![2]!.id, answerFor(items[k]![2]!)),
      );
      await processes[0]!.kill9();
      expect(await processes[0]!.exited).toBeNull();
      await Promise.all(inFlight);
      await waitFor(
        "every kiosk to notice",
        () => (journals.every((j) => !j.socket.connected) ? true : undefined),
        30_000,
      );

      // Answers given while the server is down wait in the journals.
      for (const [k, journal] of journals.entries()) {
        expect(
          await journal.answer(items[k]![3]!.id, answerFor(items[k]![3]!)),
        ).toBe(false);
        expect(
          await journal.answer(items[k]![0]!.id, answerFor(items[k]![0]!)),
        ).toBe(false);
      }
      expect(journals.every((journal) => journal.unacked >= 2)).toBe(true);

      const restarted = await spawnServer();
      const restartedAt = await redisNow(redis);
      expect(restarted.url).toBe(url);
      // The kiosks come back by themselves and re-send what is unacked.
      await Promise.all(
        journals.map((journal) => connected(journal.socket, 60_000)),
      );
      await Promise.all(journals.map((journal) => journal.drain(30_000)));

      for (const [k, journal] of journals.entries()) {
        const reply = await journal.socket
          .timeout(10_000)
          .emitWithAck("attempt.resync");
        expect(reply.ok).toBe(true);
        expect(
          Math.abs(reply.attempt.deadlineAt - deadlines[k]!),
        ).toBeLessThanOrEqual(1_000);
        expect(
          Number(
            await redis.hget(`attempt:${journal.attemptId}`, "deadlineAt"),
          ),
        ).toBe(deadlines[k]);
        if (reply.attempt.state === "in_progress") {
          for (const [itemId, saved] of journal.acked)
            expect(reply.attempt.answers[itemId]?.seq).toBe(saved.seq);
        }
      }
      // The rest of the test (whatever the deadline still allows).
      for (const [k, journal] of journals.entries()) {
        for (const item of items[k]!.slice(4))
          await journal.answer(item.id, answerFor(item));
      }

      // Auto-submit still fires, from the restarted worker, at the same deadline.
      const lastDeadline = Math.max(...deadlines);
      await waitFor(
        "auto-submit",
        async () => {
          const states = await Promise.all(
            attemptIds.map((id) => redis.hget(`attempt:${id}`, "submitReason")),
          );
          return states.every((reason) => reason === "deadline")
            ? true
            : undefined;
        },
        Math.max(0, lastDeadline - (await redisNow(redis))) + 45_000,
        500,
      );
      for (const [k, attemptId] of attemptIds.entries()) {
        const attempt = await redis.hgetall(`attempt:${attemptId}`);
        expect(Number(attempt.submittedAt)).toBeGreaterThanOrEqual(
          deadlines[k]!,
        );
        expect(Number(attempt.submittedAt)).toBeLessThanOrEqual(
          Math.max(deadlines[k]!, restartedAt) + 10_000,
        );
      }
      await waitFor(
        "scoring",
        async () => {
          const states = await Promise.all(
            attemptIds.map((id) => redis.hget(`attempt:${id}`, "state")),
          );
          return states.every((state) => state === "scored") ? true : undefined;
        },
        45_000,
        500,
      );
      lost = (
        await Promise.all(
          journals.map((journal) => lostAnswers(redis, journal)),
        )
      ).flat();
      expect(lost).toEqual([]);

      // The killed process never said goodbye for its sockets; they stop
      // counting, so a kiosk that leaves now shows as disconnected.
      const connectedOf = async () => {
        const map = await room.operator.get(`/slots/${room.slotId}/seats`);
        expect(map.status).toBe(200);
        const tiles = map.body as {
          seatId: string;
          kiosk: { connected: boolean } | null;
        }[];
        return room.kiosks.map(
          (kiosk) =>
            tiles.find((tile) => tile.seatId === kiosk.seatId)?.kiosk
              ?.connected,
        );
      };
      expect(await connectedOf()).toEqual(room.kiosks.map(() => true));
      journals[0]!.socket.disconnect();
      await waitFor(
        "the seat map to show kiosk 1 gone",
        async () => ((await connectedOf())[0] === false ? true : undefined),
        20_000,
        500,
      );
      expect((await connectedOf()).slice(1)).toEqual(
        room.kiosks.slice(1).map(() => true),
      );
      passed = true;
    } finally {
      const errors = processes.map((p) => serverErrorsIn(p.output()));
      recordScenario({
        scenario: "1. kill -9 of the server (web+realtime+worker), restart",
        acked: journals.reduce(
          (sum, journal) => sum + journal.ackedSeqs.size,
          0,
        ),
        lost: lost.length,
        badInputs: 0,
        serverErrors: errors.reduce((sum, e) => sum + e.http + e.socket, 0),
        passed,
        notes: `${SEATS} kiosks, engine-short (60 s); deadlines unchanged; auto-submit by the restarted worker`,
      });
    }
  }, 180_000);
});
