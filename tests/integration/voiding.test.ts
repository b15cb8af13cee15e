import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LEGACY_VOIDED_ITEMS_KEY,
  migrateGlobalVoidedItems,
  voidedItemsKey,
  voidedItemsOf,
} from "../../server/src/modules/banks/voided";
import { makeOfficial } from "../support/appeals";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  request,
  type KioskSocket,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";

/**
 * Two programs drawing every item of one bank (tests/fixtures/voiding-banks:
 * 12 items, single key b, multiple keys a+c; pass ≥ 7 of 12).
 */
const VOIDING_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/voiding-banks",
);
const FIRST = "voiding-first";
const SECOND = "voiding-second";
const VOIDED = "law-3";
const keyOf = (type: string) => (type === "multiple" ? ["a", "c"] : ["b"]);

interface Candidate {
  attemptId: string;
  bookingId: string;
  code: string;
  kiosk: KioskSocket;
}

describe("voided items per program", () => {
  let app: TestApp;
  let work: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  const iins = syntheticIins(4, 1700);
  const slots = new Map<string, { slotId: string; tokens: string[] }>();
  /** Per program: one attempt scored before the voiding, one after. */
  const candidates = new Map<string, Candidate>();

  /** Books, admits and starts a candidate, then answers every question with its key. */
  async function answerEverything(
    programId: string,
    seat: number,
    iin: string,
  ): Promise<Candidate> {
    const slot = slots.get(programId)!;
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.slotId, iin, {
        programId,
        fullName: "Дана Ерланқызы Сапарова",
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const admitted = await administrator.post(
      `/slots/${slot.slotId}/admissions`,
      { iin },
    );
    expect(admitted.status).toBe(201);
    const attemptId = admitted.body.attemptId as string;
    const kiosk = await connectKiosk(app.url, slot.tokens[seat]!);
    await request(kiosk, "attempt.confirm", { attemptId });
    expect((await request(kiosk, "attempt.start", { attemptId })).ok).toBe(
      true,
    );
    const items = (await request(kiosk, "attempt.resync")).attempt.items as {
      id: string;
      type: string;
    }[];
    expect(items).toHaveLength(12);
    const bank = await bankIdsOf(app.redis, attemptId);
    for (const [index, item] of items.entries()) {
      const saved = await request(kiosk, "answer.save", {
        attemptId,
        itemId: item.id,
        response: bank.options(item.id, keyOf(item.type)),
        seq: index + 1,
      });
      expect(saved.ok).toBe(true);
    }
    return {
      attemptId,
      bookingId: booked.body.id,
      code: booked.body.code,
      kiosk,
    };
  }

  async function submitAndScore(candidate: Candidate) {
    expect(
      (
        await request(candidate.kiosk, "attempt.submit", {
          attemptId: candidate.attemptId,
        })
      ).ok,
    ).toBe(true);
    candidate.kiosk.close();
    await eventually(
      async () =>
        (await app.redis.hget(`attempt:${candidate.attemptId}`, "state")) ===
        "scored"
          ? true
          : undefined,
      20_000,
    );
  }

  const scoreOf = async (attemptId: string) =>
    JSON.parse((await app.redis.hget(`attempt:${attemptId}`, "result"))!) as {
      correct: number;
      total: number;
    };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-voiding-"));
    app = await startTestApp({
      BANKS_DIR: VOIDING_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    for (const programId of [FIRST, SECOND]) {
      const place = await createPlace(manager, 2, `Зал ${programId}`);
      const now = await redisNowMs(app);
      const slot = await createSlot(app, manager, place, {
        programId,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      });
      const tokens: string[] = [];
      for (const seatId of place.seatIds)
        tokens.push((await enrollKiosk(app.url, operator, seatId)).token);
      slots.set(programId, { slotId: slot.id, tokens });
    }
    // Each program: "before" is scored and official before the appeal; "after" answers now, submits later.
    candidates.set(
      `${FIRST}:before`,
      await answerEverything(FIRST, 0, iins[0]!),
    );
    candidates.set(
      `${SECOND}:before`,
      await answerEverything(SECOND, 0, iins[1]!),
    );
    candidates.set(
      `${FIRST}:after`,
      await answerEverything(FIRST, 1, iins[2]!),
    );
    candidates.set(
      `${SECOND}:after`,
      await answerEverything(SECOND, 1, iins[3]!),
    );
    for (const key of [`${FIRST}:before`, `${SECOND}:before`]) {
      const candidate = candidates.get(key)!;
      await submitAndScore(candidate);
      expect(await scoreOf(candidate.attemptId)).toMatchObject({
        correct: 12,
        total: 12,
      });
      await makeOfficial(app, { administrator, operator }, candidate.attemptId);
    }
  }, 180_000);

  afterAll(async () => {
    for (const candidate of candidates.values()) candidate.kiosk.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("an upheld appeal in one program voids the item there only, for attempts scored before and after", async () => {
    const appellant = candidates.get(`${FIRST}:before`)!;
    const filed = await new ApiClient(app.url).post(
      `/bookings/${appellant.bookingId}/appeals`,
      {
        grounds: "question_wrong",
        itemId: VOIDED,
        text: "None of the options of this question is right.",
      },
      codeHeader(appellant.code, freshIp()),
    );
    expect(filed.status).toBe(201);
    const appealId = filed.body.id as string;
    expect((await reviewer.post(`/appeals/${appealId}/review`)).status).toBe(
      200,
    );
    const decided = await reviewer.post(`/appeals/${appealId}/decision`, {
      decision: "upheld",
      reason: "The question has no right option.",
    });
    expect(decided.status).toBe(200);
    expect(await voidedItemsOf(app.redis, FIRST)).toEqual(new Set([VOIDED]));
    expect(await voidedItemsOf(app.redis, SECOND)).toEqual(new Set());
    expect(await app.redis.exists(LEGACY_VOIDED_ITEMS_KEY)).toBe(0);

    // Program 1, scored before: re-scored without the item.
    await eventually(
      async () =>
        (await scoreOf(appellant.attemptId)).total === 11 ? true : undefined,
      30_000,
    );
    expect(await scoreOf(appellant.attemptId)).toMatchObject({
      correct: 11,
      total: 11,
    });
    // Program 1, scored after: scored without it from the start.
    const firstAfter = candidates.get(`${FIRST}:after`)!;
    await submitAndScore(firstAfter);
    expect(await scoreOf(firstAfter.attemptId)).toMatchObject({
      correct: 11,
      total: 11,
    });

    // Program 2 shares the bank but had no appeal: before and after keep the item.
    const secondBefore = candidates.get(`${SECOND}:before`)!;
    const secondAfter = candidates.get(`${SECOND}:after`)!;
    await submitAndScore(secondAfter);
    expect(await scoreOf(secondBefore.attemptId)).toMatchObject({
      correct: 12,
      total: 12,
    });
    expect(await scoreOf(secondAfter.attemptId)).toMatchObject({
      correct: 12,
      total: 12,
    });
    expect(
      await app.redis.hget(`attempt:${secondBefore.attemptId}`, "rescoredAt"),
    ).toBeNull();

    // Analytics reads the same per-program record.
    for (const [programId, voided] of [
      [FIRST, [VOIDED]],
      [SECOND, []],
    ] as const) {
      await manager.post(
        `/analytics/slots/${slots.get(programId)!.slotId}/recompute`,
      );
      const items = await eventually(async () => {
        const response = await manager.get(
          `/analytics/programs/${programId}/items`,
        );
        return response.status === 200 &&
          response.body.voidedItemIds.length === voided.length
          ? response.body
          : undefined;
      }, 30_000);
      expect(items.voidedItemIds).toEqual(voided);
      expect(
        items.items.find((item: { itemId: string }) => item.itemId === VOIDED)
          .voided,
      ).toBe(programId === FIRST);
    }
  });

  it("moves the old global set into per-program records at start, once", async () => {
    // "ethics-2" was voided by an appeal of program 1 (both records exist);
    // "ethics-5" only in the global set: every program drawing it gets it.
    await app.redis.sadd(LEGACY_VOIDED_ITEMS_KEY, "ethics-2", "ethics-5");
    await app.redis.hset(
      voidedItemsKey(FIRST),
      "ethics-2",
      JSON.stringify({ appealId: "old", at: 1, by: "staff:old" }),
    );
    const restarted = await startTestApp(
      { BANKS_DIR: VOIDING_BANKS, ANSWER_GRACE_MS: "300" },
      { redis: { url: app.redisUrl } },
    );
    try {
      expect(await app.redis.exists(LEGACY_VOIDED_ITEMS_KEY)).toBe(0);
      expect(await voidedItemsOf(app.redis, FIRST)).toEqual(
        new Set([VOIDED, "ethics-2", "ethics-5"]),
      );
      expect(await voidedItemsOf(app.redis, SECOND)).toEqual(
        new Set(["ethics-5"]),
      );
      expect(
        JSON.parse((await app.redis.hget(voidedItemsKey(FIRST), "ethics-2"))!),
      ).toMatchObject({ appealId: "old" });
      // Again: nothing left to move, nothing changes.
      expect(
        await migrateGlobalVoidedItems(app.redis, restarted.synaq.ctx.catalog),
      ).toBe(0);
      expect(await voidedItemsOf(app.redis, SECOND)).toEqual(
        new Set(["ethics-5"]),
      );
    } finally {
      await restarted.stop();
    }
  });
});
