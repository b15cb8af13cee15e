import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Form } from "@shared/banks";
import { scoreAttempt } from "../../server/src/modules/banks";
import { runAppealRescore } from "../../server/src/modules/appeals/jobs";
import {
  appealKeys,
  attemptIdsOfProgram,
  voidedItems,
} from "../../server/src/modules/appeals/repository";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  codeHeader,
  eventually,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** Draws from the same bank sections as engine-long. */
const ENGINE_SHORT = "engine-short";

describe("re-scoring walks the program's attempt index", () => {
  let app: TestApp;
  let work: string;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  /** Admitted, answered (all right) and scored the real way. */
  const tested: TestedCandidate[] = [];
  const iins = syntheticIins(4, 2300);

  const attemptKey = (id: string) => `attempt:${id}`;
  const formOf = async (id: string) =>
    JSON.parse((await app.redis.get(`${attemptKey(id)}:form`))!) as Form;
  const holds = async (id: string, itemId: string) =>
    (await formOf(id)).items.some((item) => item.itemId === itemId);
  const rescoredAt = (id: string) =>
    app.redis.hget(attemptKey(id), "rescoredAt");
  const storedScore = async (id: string) =>
    JSON.parse((await app.redis.hget(attemptKey(id), "result"))!) as unknown;

  /** The score scoring itself gives the stored form and answers now. */
  async function expectedScore(id: string) {
    const form = await formOf(id);
    const program = app.synaq.ctx.catalog.programs.find(
      (p) => p.id === form.programId,
    )!;
    const answers = await app.redis.hgetall(`${attemptKey(id)}:answers`);
    const responses = Object.fromEntries(
      Object.entries(answers).map(([itemId, json]) => [
        itemId,
        (JSON.parse(json) as { r: string[] }).r,
      ]),
    );
    return scoreAttempt(
      program,
      app.synaq.ctx.catalog.itemsById,
      form,
      responses,
      await voidedItems(app.redis, form.programId),
    );
  }

  /**
   * An attempt written straight into Redis as a copy of `source` (its
   * hash, items, form and answers), as data from before the index looks:
   * in no index. `swap` replaces one item of the form by another of its
   * section; `programId` moves it to another program.
   */
  async function copyAttempt(
    source: string,
    options: { swap?: [string, string]; programId?: string } = {},
  ): Promise<string> {
    const id = randomUUID();
    const hash = await app.redis.hgetall(attemptKey(source));
    const form = await formOf(source);
    const items = await app.redis.hgetall(`${attemptKey(source)}:items`);
    const answers = await app.redis.hgetall(`${attemptKey(source)}:answers`);
    if (options.swap) {
      const [from, to] = options.swap;
      const replacement = app.synaq.ctx.catalog.itemsById.get(to)!;
      form.items = form.items.map((item) =>
        item.itemId === from
          ? { ...item, itemId: to, optionOrder: [...replacement.options] }
          : item,
      );
      delete items[from];
      items[to] = replacement.options.join(",");
      delete answers[from];
    }
    if (options.programId) form.programId = options.programId;
    await app.redis
      .multi()
      .hset(attemptKey(id), {
        ...hash,
        id,
        programId: options.programId ?? hash.programId,
      })
      .hdel(attemptKey(id), "officialAt", "certificateNumber", "rescoredAt")
      .hset(attemptKey(id), "state", "scored")
      .hset(`${attemptKey(id)}:items`, items)
      .set(`${attemptKey(id)}:form`, JSON.stringify(form))
      .hset(`${attemptKey(id)}:answers`, answers)
      .exec();
    return id;
  }

  /** Deletes an attempt's records (nothing in Synaq does). */
  const removeAttempt = (id: string) =>
    app.redis.del(
      attemptKey(id),
      `${attemptKey(id)}:items`,
      `${attemptKey(id)}:form`,
      `${attemptKey(id)}:answers`,
    );

  /** Voids `itemId` for a program as appeal-decide.lua records it, and runs the job. */
  async function voidAndRescore(programId: string, itemId: string) {
    const appealId = randomUUID();
    await app.redis.hset(appealKeys.appeal(appealId), {
      id: appealId,
      attemptId: tested[0]!.attemptId,
      bookingId: tested[0]!.bookingId,
      programId,
      slotId: "test",
      grounds: "question_wrong",
      itemId,
      text: "The question has no right option.",
      status: "decided",
      decision: "upheld",
      reason: "Voided.",
    });
    await app.redis.hset(
      appealKeys.voided(programId),
      itemId,
      JSON.stringify({ appealId, at: 1, by: "staff:test" }),
    );
    await runAppealRescore(app.synaq.ctx, { appealId });
    return Number(
      await app.redis.hget(appealKeys.appeal(appealId), "affectedAttempts"),
    );
  }

  /** An item of the bank section of `itemId` that the form does not hold. */
  async function otherItemOfSection(attemptId: string, itemId: string) {
    const form = await formOf(attemptId);
    const { catalog } = app.synaq.ctx;
    const item = catalog.itemsById.get(itemId)!;
    const section = [...catalog.itemsById.values()].filter(
      (other) =>
        other.bankId === item.bankId &&
        other.bankSectionId === item.bankSectionId,
    );
    return section.find(
      (other) => !form.items.some((formItem) => formItem.itemId === other.id),
    )!.id;
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-rescore-index-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    const room = await examRoom(app, { manager, operator }, 4);
    for (const [index, iin] of iins.entries()) {
      tested.push(
        await takeTest(app, room, administrator, {
          iin,
          fullName: `Кандидат ${index + 1}`,
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("indexes each attempt at admission, without a scan of the keyspace", async () => {
    expect(
      new Set(
        await app.redis.smembers(appealKeys.programAttempts(ENGINE_LONG)),
      ),
    ).toEqual(new Set(tested.map((who) => who.attemptId)));
    // Nothing has needed the index built from older data yet.
    expect(await app.redis.exists(appealKeys.programAttemptsIndexed)).toBe(0);
  });

  it("an upheld appeal re-scores exactly the program's attempts that hold the item", async () => {
    // An installation whose index was already built: only what admit.lua
    // wrote is walked (a copy written by hand is in no index).
    await app.redis.set(appealKeys.programAttemptsIndexed, Date.now());
    const appellant = tested[0]!;
    const voided = appellant.itemIds[0]!;
    const unindexed = await copyAttempt(appellant.attemptId);
    const holding = tested.filter((who) => who.itemIds.includes(voided));
    const before = new Map<string, unknown>();
    for (const who of tested)
      before.set(who.attemptId, await storedScore(who.attemptId));

    await makeOfficial(app, { administrator, operator }, appellant.attemptId);
    const filed = await new ApiClient(app.url).post(
      `/bookings/${appellant.bookingId}/appeals`,
      {
        grounds: "question_wrong",
        itemId: voided,
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
    const affected = await eventually(async () => {
      const value = await app.redis.hget(
        appealKeys.appeal(appealId),
        "affectedAttempts",
      );
      return value === null ? undefined : Number(value);
    }, 30_000);

    expect(affected).toBe(holding.length);
    for (const who of tested) {
      if (who.itemIds.includes(voided)) {
        expect(await rescoredAt(who.attemptId)).not.toBeNull();
        expect(await storedScore(who.attemptId)).toEqual(
          await expectedScore(who.attemptId),
        );
        expect(await storedScore(who.attemptId)).toMatchObject({
          correct: 5,
          total: 5,
        });
      } else {
        expect(await rescoredAt(who.attemptId)).toBeNull();
        expect(await storedScore(who.attemptId)).toEqual(
          before.get(who.attemptId),
        );
      }
    }
    expect(await rescoredAt(unindexed)).toBeNull();
    // The official result got a revision, and its document is replaced.
    expect(
      await app.redis.llen(appealKeys.revisions(appellant.attemptId)),
    ).toBe(1);
    await eventually(
      async () =>
        (
          await app.redis.lindex(appealKeys.revisions(appellant.attemptId), 0)
        )?.includes("certificateNumber") || undefined,
      30_000,
    );
    await removeAttempt(unindexed);
  });

  it("builds the index from attempts stored before it, once, and re-scores them too", async () => {
    const source = tested[1]!;
    const voided = source.itemIds.find(
      (itemId) => itemId !== tested[0]!.itemIds[0],
    )!;
    const older = await copyAttempt(source.attemptId);
    const olderWithout = await copyAttempt(source.attemptId, {
      swap: [voided, await otherItemOfSection(source.attemptId, voided)],
    });
    const otherProgram = await copyAttempt(source.attemptId, {
      programId: ENGINE_SHORT,
    });
    // Data from before the index: no set, no marker.
    await app.redis.del(
      appealKeys.programAttempts(ENGINE_LONG),
      appealKeys.programAttemptsIndexed,
    );
    const before = await storedScore(older);

    const affected = await voidAndRescore(ENGINE_LONG, voided);

    const program = [
      ...tested.map((who) => who.attemptId),
      older,
      olderWithout,
    ];
    expect(
      new Set(
        await app.redis.smembers(appealKeys.programAttempts(ENGINE_LONG)),
      ),
    ).toEqual(new Set(program));
    expect(
      await app.redis.smembers(appealKeys.programAttempts(ENGINE_SHORT)),
    ).toEqual([otherProgram]);
    expect(await app.redis.exists(appealKeys.programAttemptsIndexed)).toBe(1);
    const holding: string[] = [];
    for (const id of program) if (await holds(id, voided)) holding.push(id);
    expect(holding).toContain(older);
    expect(holding).not.toContain(olderWithout);
    expect(affected).toBe(holding.length);
    expect(await storedScore(older)).not.toEqual(before);
    expect(await storedScore(older)).toEqual(await expectedScore(older));
    expect(await rescoredAt(olderWithout)).toBeNull();
    expect(await rescoredAt(otherProgram)).toBeNull();
    for (const id of holding) {
      expect(await storedScore(id)).toEqual(await expectedScore(id));
    }

    // The marker stands: the next re-score reads the set, scans nothing.
    const extra = await copyAttempt(source.attemptId);
    await voidAndRescore(ENGINE_LONG, voided);
    expect(await attemptIdsOfProgram(app.redis, ENGINE_LONG)).not.toContain(
      extra,
    );
    expect(await rescoredAt(extra)).toBeNull();
    await removeAttempt(extra);
  });

  it("an attempt that is gone drops out of the index and the count", async () => {
    const source = tested[2]!;
    const voided = source.itemIds[source.itemIds.length - 1]!;
    const gone = await copyAttempt(source.attemptId);
    await app.redis.sadd(appealKeys.programAttempts(ENGINE_LONG), gone);
    await removeAttempt(gone);
    const holding: string[] = [];
    for (const id of await attemptIdsOfProgram(app.redis, ENGINE_LONG)) {
      if (id !== gone && (await holds(id, voided))) holding.push(id);
    }

    expect(await voidAndRescore(ENGINE_LONG, voided)).toBe(holding.length);
    expect(
      await app.redis.sismember(appealKeys.programAttempts(ENGINE_LONG), gone),
    ).toBe(0);
    expect(await app.redis.exists(attemptKey(gone))).toBe(0);
  });
});
