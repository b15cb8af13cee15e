import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  request,
  type BankIds,
  type KioskSocket,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";
import { saveAnswers } from "../../server/src/modules/attempts/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { script } from "../../server/src/redis/scripts";

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
const LONG = "engine-long";

interface KioskItem {
  id: string;
  options: { id: string }[];
}

/** One seat's kiosk with its candidate's attempt running. */
interface Seat {
  kiosk: KioskSocket;
  kioskId: string;
  seatId: string;
  attemptId: string;
  items: KioskItem[];
  bank: BankIds;
}

type Reply = {
  ok: boolean;
  seq?: number;
  answered?: number;
  error?: { id: string };
};

/**
 * Micro-batched answer saves (answers.ts → save-answers.lua): answers that
 * arrive together go to Redis in one script call, and each keeps every
 * rule of a single save and gets its own verdict and audit entry.
 */
describe("batched answer saves", () => {
  let app: TestApp;
  let place: Place;
  let slotId: string;
  const seats: Seat[] = [];

  /** The slot's `answer.saved` entries of an attempt, oldest first. */
  const savedEntries = async (attemptId: string) =>
    (await app.redis.xrange(`audit:slot:${slotId}`, "-", "+"))
      .map(([, fields]) => {
        const entry: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2)
          entry[fields[i]!] = fields[i + 1]!;
        return entry;
      })
      .filter(
        (entry) =>
          entry.action === "answer.saved" &&
          entry.subject === `attempt:${attemptId}`,
      )
      .map(
        (entry) =>
          JSON.parse(entry.data!) as {
            itemId: string;
            seq: number;
            response: string[] | object;
          },
      );

  const stored = async (attemptId: string, itemId: string) => {
    const raw = await app.redis.hget(`attempt:${attemptId}:answers`, itemId);
    return raw
      ? (JSON.parse(raw) as { r: string[] | object; seq: number })
      : null;
  };

  /** Script calls and answers so far (synaq_answer_batch_size). */
  const batches = async () => {
    const metric = await app.synaq.ctx.metrics.answerBatchSize.get();
    const value = (suffix: string) =>
      metric.values.find(
        (v) => v.metricName === `synaq_answer_batch_size_${suffix}`,
      )?.value ?? 0;
    return { calls: value("count"), answers: value("sum") };
  };

  /** The kiosk's payload for an answer with the bank's option ids. */
  const answer = (seat: Seat, item: number, options: string[], seq: number) => {
    const kioskItem = seat.items[item]!;
    return {
      attemptId: seat.attemptId,
      itemId: kioskItem.id,
      response: seat.bank.options(kioskItem.id, options),
      seq,
    };
  };

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 3);
    const now = await redisNowMs(app);
    slotId = (
      await createSlot(app, manager, place, {
        programId: LONG,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      })
    ).id;
    const iins = syntheticIins(3, 700);
    for (const [index, seatId] of place.seatIds.entries()) {
      const iin = iins[index]!;
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(slotId, iin, { programId: LONG }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      const enrolled = await enrollKiosk(app.url, operator, seatId);
      const kiosk = await connectKiosk(app.url, enrolled.token);
      const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
        iin,
        seatId,
      });
      expect(admitted.status).toBe(201);
      const attemptId = admitted.body.attemptId as string;
      expect((await request(kiosk, "attempt.confirm", { attemptId })).ok).toBe(
        true,
      );
      expect((await request(kiosk, "attempt.start", { attemptId })).ok).toBe(
        true,
      );
      const resync = await request(kiosk, "attempt.resync");
      seats.push({
        kiosk,
        kioskId: enrolled.kiosk.id,
        seatId,
        attemptId,
        items: resync.attempt.items,
        bank: await bankIdsOf(app.redis, attemptId),
      });
    }
  });
  afterAll(async () => {
    for (const seat of seats) seat.kiosk.close();
    await app.stop();
  });

  it("gives each answer of a mixed batch over the sockets its own verdict", async () => {
    const [a, b, c] = seats as [Seat, Seat, Seat];
    // c's time ran out (and its grace) while it was still in progress.
    await app.redis.hset(
      `attempt:${c.attemptId}`,
      "deadlineAt",
      (await redisNowMs(app)) - 10_000,
    );
    const before = await batches();
    // Emitted in one turn of this event loop: they reach the server
    // together, as a room's answers do.
    const sent: [KioskSocket, unknown][] = [
      [a.kiosk, answer(a, 0, ["a"], 1)], // ok
      [a.kiosk, answer(a, 0, ["b"], 1)], // the same seq again: duplicate
      [a.kiosk, { ...answer(a, 1, ["a"], 2), itemId: "q-not-on-form" }],
      [a.kiosk, { ...answer(a, 1, ["a"], 3), response: ["zz"] }],
      [a.kiosk, answer(a, 2, ["a"], 4)], // two saves of one item, in order
      [a.kiosk, answer(a, 2, ["c"], 5)],
      [b.kiosk, answer(a, 3, ["a"], 6)], // a's attempt from b's seat
      [c.kiosk, answer(c, 0, ["a"], 1)], // past its deadline
      [b.kiosk, answer(b, 0, ["d"], 1)], // ok
    ];
    const replies = (await Promise.all(
      sent.map(([kiosk, payload]) => request(kiosk, "answer.save", payload)),
    )) as Reply[];
    expect(replies.map((reply) => reply.error?.id ?? "ok")).toEqual([
      "ok",
      "ok",
      "unknown_item",
      "unknown_option",
      "ok",
      "ok",
      "not_your_attempt",
      "deadline_passed",
      "ok",
    ]);
    expect(replies[0]).toMatchObject({ seq: 1, answered: 1 });
    // The duplicate is acked with its seq and changes nothing.
    expect(replies[1]).toMatchObject({ seq: 1, answered: 1 });
    expect(replies[4]).toMatchObject({ seq: 4, answered: 2 });
    expect(replies[5]).toMatchObject({ seq: 5, answered: 2 });

    // Fewer script calls than answers: they went in batches.
    const after = await batches();
    expect(after.answers - before.answers).toBe(sent.length);
    expect(after.calls - before.calls).toBeLessThan(sent.length);

    const item = (seat: Seat, index: number) =>
      seat.bank.item(seat.items[index]!.id);
    expect(await stored(a.attemptId, item(a, 0))).toMatchObject({
      r: ["a"],
      seq: 1,
    });
    expect(await stored(a.attemptId, item(a, 1))).toBeNull();
    expect(await stored(a.attemptId, item(a, 2))).toMatchObject({
      r: ["c"],
      seq: 5,
    });
    expect(await stored(a.attemptId, item(a, 3))).toBeNull();
    expect(await stored(b.attemptId, item(b, 0))).toMatchObject({
      r: ["d"],
      seq: 1,
    });
    expect(await app.redis.hlen(`attempt:${c.attemptId}:answers`)).toBe(0);

    // One audit entry per applied answer, in arrival order; none for the
    // duplicate or the refused ones.
    expect(await savedEntries(a.attemptId)).toEqual([
      { itemId: item(a, 0), seq: 1, response: ["a"] },
      { itemId: item(a, 2), seq: 4, response: ["a"] },
      { itemId: item(a, 2), seq: 5, response: ["c"] },
    ]);
    expect(await savedEntries(b.attemptId)).toEqual([
      { itemId: item(b, 0), seq: 1, response: ["d"] },
    ]);
    expect(await savedEntries(c.attemptId)).toEqual([]);
    expect(await app.redis.hget(`attempt:${a.attemptId}`, "lastSeq")).toBe("5");
  });

  it("applies a crafted batch in one script call, each answer on its own", async () => {
    const [a, b, c] = seats as [Seat, Seat, Seat];
    const kiosk = (seat: Seat) => `kiosk:${seat.kioskId}`;
    const item = (seat: Seat, index: number) =>
      seat.bank.item(seat.items[index]!.id);
    const entriesBefore = (await savedEntries(b.attemptId)).length;
    // Two of an item's options side by side as the attempt stores them
    // ("c,a,d,b"), sent as one id.
    const twoAsOne = (await app.redis.hget(
      `attempt:${b.attemptId}:items`,
      item(b, 2),
    ))!
      .split(",")
      .slice(0, 2)
      .join(",");
    const replies = await saveAnswers(
      app.redis,
      [
        // b: a new item, then the same item with a lower seq (stale).
        { ...base(b), itemId: item(b, 1), response: ["a"], seq: 7 },
        { ...base(b), itemId: item(b, 1), response: ["b"], seq: 6 },
        // a's attempt from b's seat.
        { ...base(b), attemptId: a.attemptId, itemId: item(a, 4), seq: 8 },
        // c: past its deadline (first test).
        { ...base(c), itemId: item(c, 1), response: ["a"], seq: 2 },
        // b: an item and an option the form does not have.
        { ...base(b), itemId: "no-such-item", response: [], seq: 9 },
        { ...base(b), itemId: item(b, 2), response: ["x"], seq: 10 },
        // b: cleared, then answered again, in this order.
        { ...base(b), itemId: item(b, 0), response: [], seq: 11 },
        { ...base(b), itemId: item(b, 3), response: ["b", "a"], seq: 12 },
        // an attempt that does not exist.
        { ...base(b), attemptId: "nope", itemId: item(b, 3), seq: 13 },
        // b: an item never answered sent empty, then empty again: the
        // count stays; two options of the item as one id.
        { ...base(b), itemId: item(b, 5), response: [], seq: 14 },
        { ...base(b), itemId: item(b, 5), response: [], seq: 15 },
        { ...base(b), itemId: item(b, 2), response: [twoAsOne], seq: 16 },
      ],
      300,
    );
    expect(
      replies.map((reply) =>
        "error" in reply
          ? reply.error
          : reply.ok.duplicate
            ? "duplicate"
            : "saved",
      ),
    ).toEqual([
      "saved",
      "duplicate",
      "not_your_attempt",
      "deadline_passed",
      "unknown_item",
      "unknown_option",
      "saved",
      "saved",
      "attempt_not_found",
      "saved",
      "saved",
      "unknown_option",
    ]);
    // The count of answered items follows each save in turn.
    expect(replies[0]).toMatchObject({ ok: { answered: 2, seq: 7 } });
    expect(replies[6]).toMatchObject({ ok: { answered: 1, seq: 11 } });
    expect(replies[7]).toMatchObject({
      ok: { answered: 2, seq: 12, slotId },
    });
    expect(replies[9]).toMatchObject({ ok: { answered: 2, seq: 14 } });
    expect(replies[10]).toMatchObject({ ok: { answered: 2, seq: 15 } });
    expect(await app.redis.hget(`attempt:${b.attemptId}`, "answered")).toBe(
      "2",
    );
    expect(await stored(b.attemptId, item(b, 1))).toMatchObject({
      r: ["a"],
      seq: 7,
    });
    // A cleared answer is stored as cjson writes an empty list (luaList).
    expect(await stored(b.attemptId, item(b, 0))).toMatchObject({
      r: {},
      seq: 11,
    });
    expect(await stored(a.attemptId, item(a, 4))).toBeNull();
    expect((await savedEntries(b.attemptId)).slice(entriesBefore)).toEqual([
      { itemId: item(b, 1), seq: 7, response: ["a"] },
      { itemId: item(b, 0), seq: 11, response: {} },
      { itemId: item(b, 3), seq: 12, response: ["b", "a"] },
      { itemId: item(b, 5), seq: 14, response: {} },
      { itemId: item(b, 5), seq: 15, response: {} },
    ]);
    // The hash chain holds across entries written by one call.
    expect((await verifyAuditStream(app.redis, `slot:${slotId}`)).ok).toBe(
      true,
    );

    function base(seat: Seat) {
      return {
        attemptId: seat.attemptId,
        seatId: seat.seatId,
        itemId: "",
        response: ["a"],
        seq: 1,
        actor: kiosk(seat),
      };
    }
  });

  it("keeps the audit chain whole when an answer breaks off its batch", async () => {
    // The script keeps the chain's head in hand through a batch and writes
    // it at the end: a batch an error stops halfway (here an answer whose
    // response is not JSON, which the server never sends) must still leave
    // the head on its last entry, or every later entry would break the chain.
    const [, b] = seats as [Seat, Seat];
    const keys = (seat: Seat) => [
      `attempt:${seat.attemptId}`,
      `attempt:${seat.attemptId}:items`,
      `attempt:${seat.attemptId}:answers`,
    ];
    const item = (index: number) => b.bank.item(b.items[index]!.id);
    const entriesBefore = (await savedEntries(b.attemptId)).length;
    const answer = (index: number, response: string, seq: number) => [
      b.seatId,
      item(index),
      response,
      seq,
      `kiosk:${b.kioskId}`,
    ];
    await expect(
      script("save-answers").run(
        app.redis,
        [...keys(b), ...keys(b), ...keys(b)],
        [
          300,
          ...answer(1, '["a"]', 20),
          ...answer(2, "{oops", 21),
          ...answer(4, '["a"]', 22),
        ],
      ),
    ).rejects.toThrow();
    // Not a transaction: what was applied before the error stays, with its
    // entry; nothing after it was.
    expect(await stored(b.attemptId, item(1))).toMatchObject({ seq: 20 });
    expect(await stored(b.attemptId, item(4))).toBeNull();
    expect((await savedEntries(b.attemptId)).slice(entriesBefore)).toEqual([
      { itemId: item(1), seq: 20, response: ["a"] },
    ]);
    expect((await verifyAuditStream(app.redis, `slot:${slotId}`)).ok).toBe(
      true,
    );
    // And the next save chains on from it.
    const [next] = await saveAnswers(
      app.redis,
      [
        {
          attemptId: b.attemptId,
          seatId: b.seatId,
          itemId: item(4),
          response: ["a"],
          seq: 23,
          actor: `kiosk:${b.kioskId}`,
        },
      ],
      300,
    );
    expect(next).toMatchObject({ ok: { seq: 23 } });
    expect((await verifyAuditStream(app.redis, `slot:${slotId}`)).ok).toBe(
      true,
    );
  });
});
