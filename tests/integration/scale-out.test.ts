import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../server/src/redis/connection";
import {
  bookingBody,
  createPlace,
  eventually,
  freshIp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectConsole,
  connectKiosk,
  enrollKiosk,
  nextEvent,
  request,
  type BankIds,
  type ConsoleSocket,
  type KioskSocket,
} from "../support/kiosk";
import {
  countWorkers,
  signInStaff,
  spawnSynaq,
  stopAllProcesses,
  type SynaqProcess,
} from "../support/processes";
import { startTestRedis } from "../support/redis";

const LONG = "engine-long";

/** The bank behind each kiosk item id seen (ids differ per attempt). */
const banks = new Map<string, BankIds>();
const learnIds = async (
  redis: Redis,
  attemptId: string,
  shown: { id: string }[],
) => {
  const bank = await bankIdsOf(redis, attemptId);
  for (const item of shown) banks.set(item.id, bank);
};

/** The key of the engine fixture (single → b, multiple → a and c) in the kiosk's ids. */
const correctFor = (item: { id: string; type: string }) => {
  const bank = banks.get(item.id);
  if (!bank) throw new Error(`no attempt showed ${item.id}`);
  return bank.options(item.id, item.type === "multiple" ? ["a", "c"] : ["b"]);
};

interface KioskItem {
  id: string;
  type: string;
}

/**
 * Two `web,realtime` processes (A and B) and one `worker` process, all
 * real child processes on one Redis, as DESIGN.md §1 runs them behind a
 * balancer. Kiosks sit on B; the console and the REST calls go to A.
 */
describe("scale-out: two web,realtime processes and a worker on one Redis", () => {
  let testRedis: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  let a: SynaqProcess;
  let b: SynaqProcess;
  let administrator: ApiClient;
  let operator: ApiClient;
  let place: Place;
  let slotId: string;
  const iins = syntheticIins(2, 700);
  const tokens: string[] = [];
  const sockets: { close(): unknown }[] = [];
  let watcher: ConsoleSocket;

  const admit = async (iin: string, seatId: string) => {
    const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
      iin,
      seatId,
    });
    expect(admitted.status).toBe(201);
    return admitted.body.attemptId as string;
  };
  const tracked = <T extends { close(): unknown }>(socket: T) => {
    sockets.push(socket);
    return socket;
  };
  const results = async () =>
    (await administrator.get(`/slots/${slotId}/results`)).body as {
      attemptId: string;
      state: string;
      result: { correct: number; total: number; passed: boolean } | null;
    }[];
  const scoredResult = (attemptId: string) =>
    eventually(async () => {
      const row = (await results()).find((r) => r.attemptId === attemptId);
      return row?.state === "scored" ? row : undefined;
    }, 20_000);

  beforeAll(async () => {
    testRedis = await startTestRedis();
    redis = createRedis(testRedis.url);
    const redisUrl = testRedis.url;
    [a, b] = await Promise.all([
      spawnSynaq({ services: "web,realtime", redisUrl }),
      spawnSynaq({ services: "web,realtime", redisUrl }),
      spawnSynaq({ services: "worker", redisUrl }),
    ]);
    const url = a.url!;
    const [manager, admin, op] = await Promise.all([
      signInStaff(url, redisUrl, "manager"),
      signInStaff(url, redisUrl, "administrator"),
      signInStaff(url, redisUrl, "operator"),
    ]);
    administrator = admin.client;
    operator = op.client;
    place = await createPlace(manager.client, 2);
    const [seconds] = await redis.time();
    const now = Number(seconds) * 1000;
    const slot = await manager.client.post("/slots", {
      roomId: place.roomId,
      programId: LONG,
      startsAt: new Date(now + 5 * 60_000).toISOString(),
      seatsOffered: 2,
      bookingCutoffAt: new Date(now + 4 * 60_000).toISOString(),
      lateAdmissionCutoffAt: new Date(now + 20 * 60_000).toISOString(),
    });
    expect(slot.status).toBe(201);
    slotId = slot.body.id;
    for (const iin of iins) {
      // Bookings go through either process: both serve the same API.
      const booked = await new ApiClient(b.url!).post(
        "/bookings",
        bookingBody(slotId, iin, { programId: LONG }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
    }
    for (const seatId of place.seatIds) {
      tokens.push((await enrollKiosk(b.url!, operator, seatId)).token);
    }
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stopAllProcesses();
    redis?.disconnect();
    await testRedis?.stop();
  });

  it("keeps the jobs in the worker process: the web processes run none", async () => {
    for (const web of [a, b]) {
      const ready = await fetch(`${web.url}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Record<string, boolean> };
      expect(body.checks).toEqual({ redis: true });
    }
    // BullMQ counts workers across processes: exactly the worker's own.
    expect(await countWorkers(testRedis.url, "attempt.timer")).toBe(1);
    expect(await countWorkers(testRedis.url, "attempt.score")).toBe(1);
  });

  let attemptOnB: string;
  let kioskOnB: KioskSocket;
  let items: KioskItem[];

  it("shows a console on A the seat of a kiosk on B, live, and the other way round", async () => {
    watcher = tracked(await connectConsole(a.url!, administrator));
    const watched = await request(watcher, "slot.watch", { slotId });
    expect(watched.ok).toBe(true);
    expect(watched.seats).toHaveLength(2);

    kioskOnB = tracked(await connectKiosk(b.url!, tokens[0]!));
    const seat = place.seatIds[0]!;
    const tileOf = (
      state: string,
      extra: (tile: any) => boolean = () => true,
    ) =>
      nextEvent(
        watcher,
        "seat.updated",
        (tile: any) =>
          tile.seatId === seat && tile.attempt?.state === state && extra(tile),
        5_000,
      );

    // A (REST) → B (the kiosk's socket).
    const toldKiosk = nextEvent(kioskOnB, "attempt.updated");
    attemptOnB = await admit(iins[0]!, seat);
    expect(await toldKiosk).toMatchObject({
      attemptId: attemptOnB,
      state: "admitted",
    });

    // B (the kiosk's events) → A (the console's socket).
    const inProgress = tileOf("in_progress");
    const confirmed = await request(kioskOnB, "attempt.confirm", {
      attemptId: attemptOnB,
    });
    expect(confirmed.ok).toBe(true);
    const started = await request(kioskOnB, "attempt.start", {
      attemptId: attemptOnB,
    });
    expect(started.attempt.state).toBe("in_progress");
    expect((await inProgress).kiosk.connected).toBe(true);

    items = (await request(kioskOnB, "attempt.resync")).attempt.items;
    expect(items).toHaveLength(6);
    await learnIds(redis, attemptOnB, items);
    const progressed = nextEvent(
      watcher,
      "seat.progress",
      (progress: any) =>
        progress.seats.some(
          (tile: any) => tile.seatId === seat && tile.answered === 1,
        ),
      5_000,
    );
    const saved = await request(kioskOnB, "answer.save", {
      attemptId: attemptOnB,
      itemId: items[0]!.id,
      response: correctFor(items[0]!),
      seq: 1,
    });
    expect(saved).toMatchObject({ ok: true, seq: 1, answered: 1 });
    await progressed;
  });

  it("scores in the worker an attempt submitted on B, and A's REST shows it", async () => {
    const kiosk = tracked(await connectKiosk(b.url!, tokens[1]!));
    const attemptId = await admit(iins[1]!, place.seatIds[1]!);
    await request(kiosk, "attempt.confirm", { attemptId });
    await request(kiosk, "attempt.start", { attemptId });
    const own: KioskItem[] = (await request(kiosk, "attempt.resync")).attempt
      .items;
    await learnIds(redis, attemptId, own);
    for (const [index, item] of own.entries()) {
      const reply = await request(kiosk, "answer.save", {
        attemptId,
        itemId: item.id,
        response: correctFor(item),
        seq: index + 1,
      });
      expect(reply.ok).toBe(true);
    }
    const submitted = await request(kiosk, "attempt.submit", { attemptId });
    expect(submitted.attempt.state).toBe("submitted");
    const scored = await scoredResult(attemptId);
    expect(scored.result).toMatchObject({ correct: 6, total: 6, passed: true });
  });

  it("after kill -9 of B, its kiosk carries on on A with every acknowledged answer and the same deadline", async () => {
    const before = (await administrator.get(`/attempts/${attemptOnB}`)).body
      .timing.deadlineAt as number;
    const acked = new Map<string, number>([[items[0]!.id, 1]]);
    for (const [index, item] of items.slice(1, 3).entries()) {
      const seq = index + 2;
      const reply = await request(kioskOnB, "answer.save", {
        attemptId: attemptOnB,
        itemId: item.id,
        response: correctFor(item),
        seq,
      });
      expect(reply).toMatchObject({ ok: true, seq });
      acked.set(item.id, seq);
    }
    // One answer in flight when B dies: acked or not, the kiosk's journal
    // sends it again after the reconnect, and a replay is harmless.
    const inFlight = {
      attemptId: attemptOnB,
      itemId: items[3]!.id,
      response: correctFor(items[3]!),
      seq: 4,
    };
    const lost = nextEvent(kioskOnB, "disconnect");
    kioskOnB.emit("answer.save", inFlight, () => undefined);
    await b.kill9();
    await lost;
    expect(await b.exited).toBeNull();

    // The balancer sends the reconnecting kiosk to A.
    const kiosk = tracked(await connectKiosk(a.url!, tokens[0]!));
    const resend = await request(kiosk, "answer.save", inFlight);
    expect(resend).toMatchObject({ ok: true, seq: 4 });
    acked.set(inFlight.itemId, inFlight.seq);

    const resync = (await request(kiosk, "attempt.resync")).attempt;
    expect(resync.state).toBe("in_progress");
    expect(resync.deadlineAt).toBe(before);
    expect(
      Object.fromEntries(
        Object.entries(resync.answers).map(([itemId, saved]: [string, any]) => [
          itemId,
          saved.seq,
        ]),
      ),
    ).toEqual(Object.fromEntries(acked));

    const progressed = nextEvent(
      watcher,
      "seat.progress",
      (progress: any) =>
        progress.seats.some(
          (seat: any) => seat.attemptId === attemptOnB && seat.answered === 6,
        ),
      5_000,
    );
    for (const [index, item] of items.slice(4).entries()) {
      const reply = await request(kiosk, "answer.save", {
        attemptId: attemptOnB,
        itemId: item.id,
        response: correctFor(item),
        seq: 5 + index,
      });
      expect(reply.ok).toBe(true);
    }
    await progressed;
    const submitted = await request(kiosk, "attempt.submit", {
      attemptId: attemptOnB,
    });
    expect(submitted.attempt.state).toBe("submitted");
    const scored = await scoredResult(attemptOnB);
    expect(scored.result).toMatchObject({ correct: 6, total: 6 });
  });
});
