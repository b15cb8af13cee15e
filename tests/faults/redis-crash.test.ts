import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../server/src/redis/connection";
import {
  freePort,
  startEmbeddedRedis,
  type EmbeddedRedis,
} from "../../server/src/redis/embedded";
import {
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import {
  connected,
  KioskJournal,
  lostAnswers,
  reconnectingKiosk,
} from "./support/journal";
import { recordScenario } from "./support/report";
import {
  admitAll,
  seedRoom,
  serverErrorsIn,
  startAll,
  waitFor,
  type Room,
} from "./support/seed";

/**
 * Fault 2: `kill -9` of Redis (AOF on, `appendfsync everysec` as shipped;
 * FAULTS_FSYNC=always to compare) under a steady stream of answers, then
 * the same redis-server on the same port and folder. Redis writes the AOF
 * before it replies, so an acknowledged answer is in the kernel's page cache
 * when the process dies: everysec loses nothing on a process crash (only a
 * power loss needs `always`).
 */
const FSYNC = process.env.FAULTS_FSYNC === "always" ? "always" : "everysec";

describe(`fault: kill -9 of Redis (appendfsync ${FSYNC}) under load`, () => {
  const SEATS = 3;
  let dir: string;
  let port: number;
  let embedded: EmbeddedRedis;
  let redisUrl: string;
  let redis: Redis;
  let server: SynaqProcess;
  let room: Room;
  const sockets: Socket[] = [];

  const startRedis = async () => {
    embedded = await startEmbeddedRedis({ dir, port, fsync: FSYNC });
    return embedded;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "synaq-faults-redis-"));
    port = await freePort();
    await startRedis();
    redisUrl = embedded.url;
    redis = createRedis(redisUrl);
    redis.on("error", () => undefined);
    server = await spawnSynaq({ services: "web,realtime,worker", redisUrl });
    room = await seedRoom({
      url: server.url!,
      redisUrl,
      redis,
      seats: SEATS,
      programId: "engine-long",
      iinOffset: 1200,
    });
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stopAllProcesses();
    redis?.disconnect();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loses no acknowledged answer; the server and the kiosks carry on by themselves", async () => {
    let passed = false;
    let lost: string[] = [];
    const journals: KioskJournal[] = [];
    let outageErrors = 0;
    try {
      const attemptIds = await admitAll(room);
      await startAll(room, attemptIds);
      for (const [index, kiosk] of room.kiosks.entries()) {
        const socket = reconnectingKiosk(server.url!, kiosk.token);
        sockets.push(socket);
        await connected(socket);
        journals.push(new KioskJournal(attemptIds[index]!, socket, 5_000));
      }
      const items = await Promise.all(
        journals.map(
          async (journal) =>
            (await journal.socket.timeout(10_000).emitWithAck("attempt.resync"))
              .attempt.items as { id: string; options: { id: string }[] }[],
        ),
      );

      // Each kiosk answers and changes its answers as fast as acks come back.
      let running = true;
      const load = journals.map(async (journal, k) => {
        for (let n = 0; running; n++) {
          const item = items[k]![n % items[k]!.length]!;
          const choices = [...item.options.map((option) => [option.id]), []];
          const ok = await journal.answer(
            item.id,
            choices[n % choices.length]!,
          );
          if (!ok) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      await waitFor(
        "answers before the crash",
        () =>
          journals.every((j) => j.ackedSeqs.size >= 20) ? true : undefined,
        30_000,
        50,
      );
      const ackedBeforeKill = journals.map((journal) => journal.ackedSeqs.size);

      process.kill(embedded.pid, "SIGKILL");
      await embedded.stop(); // resolves once the killed process has exited
      // An outage of a few seconds: answers get errors and stay in the journals.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const duringOutage = journals.map((journal) => journal.failures.length);
      expect(duringOutage.every((count) => count > 0)).toBe(true);
      expect(journals.every((journal) => journal.unacked > 0)).toBe(true);

      await startRedis();
      // The server's connections come back by themselves.
      await waitFor(
        "readyz",
        async () =>
          (await fetch(`${server.url}/readyz`)).status === 200
            ? true
            : undefined,
        60_000,
        250,
      );
      const ackedAfterRestart = journals.map(
        (journal) => journal.ackedSeqs.size,
      );
      await waitFor(
        "answers after the restart",
        () =>
          journals.every(
            (journal, k) =>
              journal.ackedSeqs.size >= ackedAfterRestart[k]! + 10,
          )
            ? true
            : undefined,
        60_000,
        100,
      );
      running = false;
      await Promise.all(load);
      await Promise.all(journals.map((journal) => journal.drain(30_000)));
      outageErrors = journals.reduce(
        (sum, journal) => sum + journal.failures.length,
        0,
      );

      expect(server.output()).not.toMatch(/exited|uncaught/i);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      lost = (
        await Promise.all(
          journals.map((journal) => lostAnswers(redis, journal)),
        )
      ).flat();
      expect(lost).toEqual([]);
      expect(
        journals.every(
          (journal, k) => journal.ackedSeqs.size > ackedBeforeKill[k]!,
        ),
      ).toBe(true);
      // The kiosks' sockets may have stayed up; whatever happened they are connected now.
      expect(journals.every((journal) => journal.socket.connected)).toBe(true);
      passed = true;
    } finally {
      const errors = serverErrorsIn(server.output());
      recordScenario({
        scenario: `2. kill -9 of Redis (AOF, appendfsync ${FSYNC}), restart`,
        acked: journals.reduce(
          (sum, journal) => sum + journal.ackedSeqs.size,
          0,
        ),
        lost: lost.length,
        badInputs: 0,
        serverErrors: errors.http,
        passed,
        notes: `${SEATS} kiosks under load; ${outageErrors} answer errors during the outage, all re-sent from the journals`,
      });
    }
  }, 180_000);
});
