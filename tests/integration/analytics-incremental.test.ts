import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../server/src/context";
import { voidedItemsKey } from "../../server/src/modules/banks";
import { computeProgramItems } from "../../server/src/modules/analytics/compute";
import {
  analyticsKeys,
  backfillSlotCounts,
  getProgramCounts,
  getProgramItems,
  getSlotSummaries,
  getSlotAnalyticsMany,
  programSlotIds,
  saveProgramItems,
  saveSlotAnalytics,
  type SlotAnalytics,
} from "../../server/src/modules/analytics/repository";
import {
  complianceOf,
  describeSummary,
  itemStatistics,
  summarize,
  type AnalyticsSettings,
  type CandidateResult,
  type ItemKey,
  type ItemStatistics,
} from "../../server/src/modules/analytics/stats";
import { ANALYTICS_BANKS } from "../support/analytics";
import { startTestApp, type TestApp } from "../support/app";

/*
 * The program's item statistics are made from one merged aggregate that
 * each slot's run updates (its old counts out, its new ones in), not from
 * every slot's stored results. The slots here are stored analytics made of
 * random results (the job's output, as computeSlotAnalytics stores it);
 * analytics.test.ts and voiding.test.ts run the whole job from real slots.
 */

const SETTINGS: AnalyticsSettings = {
  minDiscrimination: 0.1,
  languageMargin: 0.15,
  minDrawn: 4,
};

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every command a connection sends, with its arguments. */
function countedConnection(redis: Redis) {
  const connection = redis.duplicate();
  const sent: { name: string; args: string[] }[] = [];
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = (command, stream) => {
    const { name, args } = command as unknown as {
      name: string;
      args: unknown[];
    };
    sent.push({ name, args: args.map(String) });
    return send(command, stream);
  };
  return { connection, sent };
}

/** The slots whose stored keys (analytics:slot:<id>…) commands named. */
function slotsNamed(sent: readonly { args: string[] }[]): Set<string> {
  const slots = new Set<string>();
  for (const { args } of sent) {
    for (const arg of args) {
      const match = /^analytics:slot:([^:]+)/.exec(arg);
      if (match) slots.add(match[1]!);
    }
  }
  return slots;
}

/**
 * A program's merged counts as stored: slots and candidates counted, each
 * item's version and aggregate (not the version every change bumps).
 */
async function countsOfIn(redis: Redis, programId: string) {
  const versions = await redis.zrange(
    analyticsKeys.programItemVersions(programId),
    0,
    -1,
    "WITHSCORES",
  );
  const itemIds = versions.filter((_v, index) => index % 2 === 0);
  return {
    counted: await redis.mget(
      analyticsKeys.programCounted(programId, "slots"),
      analyticsKeys.programCounted(programId, "candidates"),
    ),
    versions,
    items: await redis.mget(
      itemIds.map((itemId) => analyticsKeys.programItem(programId, itemId)),
    ),
  };
}

describe("incremental program item statistics", () => {
  let app: TestApp;
  let ctx: AppContext;
  let keys: Map<string, ItemKey>;
  const programId = "analytics-all";

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ANALYTICS_BANKS,
      ANALYTICS_MIN_DRAWN: String(SETTINGS.minDrawn),
      ANALYTICS_MIN_DISCRIMINATION: String(SETTINGS.minDiscrimination),
      ANALYTICS_LANGUAGE_MARGIN: String(SETTINGS.languageMargin),
    });
    ctx = app.synaq.ctx;
    keys = new Map(
      [...ctx.catalog.itemsById.values()].map((item) => [
        item.id,
        { itemId: item.id, options: item.options, correct: item.correct },
      ]),
    );
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  /** Random results of one slot: every item, few totals (ties abound). */
  function resultsOf(
    seed: number,
    voided: ReadonlySet<string> = new Set(),
  ): CandidateResult[] {
    const next = random(seed);
    return Array.from({ length: 6 + Math.floor(next() * 10) }, (_c, index) => {
      const ability = next();
      const items = [...keys.values()].map((key) => {
        const roll = next();
        const chosen =
          roll < 0.08
            ? []
            : roll < 0.08 + ability * 0.85
              ? [...key.correct]
              : [key.options[Math.floor(next() * key.options.length)]!];
        return {
          itemId: key.itemId,
          sectionId: key.itemId.split("-")[0]!,
          chosen,
          correct:
            chosen.length === key.correct.length &&
            key.correct.every((option) => chosen.includes(option)),
          timeMs: next() < 0.1 ? null : Math.floor(next() * 60_000),
          ...(voided.has(key.itemId) ? { voided: true } : {}),
        };
      });
      const correct = items.filter(
        (item) => item.correct && !item.voided,
      ).length;
      return {
        attemptId: `a${seed}-${String(index).padStart(3, "0")}`,
        language: next() < 0.5 ? ("kk" as const) : ("ru" as const),
        correct,
        total: items.filter((item) => !item.voided).length,
        passed: correct >= 7,
        sections: [],
        timeUsedMs: 1000,
        incidents: 0,
        pauses: 0,
        items,
      };
    });
  }

  /** A slot's analytics as computeSlotAnalytics stores them. */
  function analyticsOf(
    slotId: string,
    startsAt: number,
    results: CandidateResult[],
    computedAt: number,
    centerId = "center-incremental",
  ): SlotAnalytics {
    const summary = summarize(results, keys.size);
    return {
      slotId,
      centerId,
      programId,
      startsAt,
      computedAt,
      settings: SETTINGS,
      maxScore: keys.size,
      minCorrectTotal: 7,
      sectionIds: ["law", "ethics"],
      summary,
      distribution: describeSummary(summary, ["law", "ethics"]),
      candidates: [],
      results,
      items: itemStatistics(results, keys, SETTINGS),
      compliance: { stages: complianceOf([]), candidates: [] },
    };
  }

  /** The program's stored statistics against those of the pooled results. */
  async function expectPooled(pooled: CandidateResult[]) {
    const stored = (await getProgramItems(app.redis, programId))!;
    expect(stored.candidates).toBe(pooled.length);
    const expected = new Map(
      itemStatistics(pooled, keys, SETTINGS).map((item) => [item.itemId, item]),
    );
    expect(stored.items.all.map((item) => item.itemId).sort()).toEqual(
      [...expected.keys()].sort(),
    );
    for (const item of stored.items.all) {
      const want = expected.get(item.itemId)!;
      const strip = (statistics: ItemStatistics) => ({
        ...statistics,
        discrimination: null,
        flags: [],
        optionShares: statistics.optionShares.map(
          ({ upperShare: _upper, ...share }) => share,
        ),
      });
      expect(strip(item)).toEqual(strip(want));
      if (want.discrimination === null) expect(item.discrimination).toBeNull();
      else expect(item.discrimination).toBeCloseTo(want.discrimination, 12);
    }
    return stored;
  }

  it("a run on the N-th slot touches that slot only, and as many commands as on the first", async () => {
    const { connection, sent } = countedConnection(app.redis);
    const counted = { ...ctx, redis: connection };
    const runs: { commands: number; slots: Set<string>; slotsRead: number }[] =
      [];
    const pooled: CandidateResult[] = [];
    const SLOTS = 40;
    try {
      for (let n = 1; n <= SLOTS; n++) {
        const results = resultsOf(n);
        pooled.push(...results);
        sent.length = 0;
        // What runAnalyticsJob does once the slot's own data is read.
        expect(
          await saveSlotAnalytics(
            connection,
            analyticsOf(`inc-${n}`, 1_000_000 + n, results, 2_000_000 + n),
          ),
        ).toBe(true);
        const { slotsRead } = await computeProgramItems(counted, programId);
        runs.push({
          commands: sent.length,
          slots: slotsNamed(sent),
          slotsRead,
        });
      }
      // Each run named its own slot's keys only, and read no other slot.
      runs.forEach((run, index) => {
        expect(run.slots).toEqual(new Set([`inc-${index + 1}`]));
        expect(run.slotsRead).toBe(0);
      });
      // The same number of commands on the 40th slot as on the 2nd.
      expect(new Set(runs.slice(1).map((run) => run.commands)).size).toBe(1);
      expect(runs[SLOTS - 1]!.commands).toBeLessThanOrEqual(10);

      // The check has teeth: the computation from every slot's stored
      // results (before) names all 40.
      sent.length = 0;
      await getSlotAnalyticsMany(
        connection,
        await programSlotIds(connection, programId),
      );
      expect(slotsNamed(sent).size).toBe(SLOTS);

      const stored = await expectPooled(pooled);
      expect(stored.slots).toBe(SLOTS);
      // Languages: the same split as the pooled results.
      for (const language of ["kk", "ru"] as const) {
        const drawn = pooled.filter(
          (result) => result.language === language,
        ).length;
        expect(stored.items[language][0]!.drawn).toBe(drawn);
      }
    } finally {
      connection.disconnect();
    }
  });

  it("a re-run of the same slot, or a job that arrives twice, never counts it twice", async () => {
    const countsOf = () => countsOfIn(app.redis, programId);
    const before = await countsOf();
    const results = resultsOf(7);
    // The same run's save delivered twice, then a later run of the slot.
    const again = analyticsOf("inc-7", 1_000_007, results, 2_000_007);
    expect(await saveSlotAnalytics(app.redis, again)).toBe(true);
    expect(await saveSlotAnalytics(app.redis, again)).toBe(true);
    expect(
      await saveSlotAnalytics(app.redis, { ...again, computedAt: 3_000_007 }),
    ).toBe(true);
    expect(await countsOf()).toEqual(before);
    // A run that started before the stored one changes nothing.
    expect(
      await saveSlotAnalytics(
        app.redis,
        analyticsOf("inc-7", 1_000_007, resultsOf(99), 2_500_000),
      ),
    ).toBe(false);
    expect(await countsOf()).toEqual(before);

    // A re-run with other results replaces the slot's share, no more.
    const replaced = resultsOf(1007);
    expect(
      await saveSlotAnalytics(
        app.redis,
        analyticsOf("inc-7", 1_000_007, replaced, 4_000_007),
      ),
    ).toBe(true);
    await computeProgramItems(ctx, programId);
    const pooled = Array.from({ length: 40 }, (_v, index) =>
      index + 1 === 7 ? replaced : resultsOf(index + 1),
    ).flat();
    const stored = await expectPooled(pooled);
    expect(stored.slots).toBe(40);
  });

  it("keeps the program's statistics of the later counts when runs overlap", async () => {
    await computeProgramItems(ctx, programId);
    const current = (await getProgramItems(app.redis, programId))!;
    const { version } = await getProgramCounts(app.redis, programId);
    expect(version).toBeGreaterThan(40);
    // A run that read the counts before another slot's run changed them
    // finishes last: it must not put its older reading back.
    expect(
      await saveProgramItems(
        app.redis,
        { ...current, candidates: 1, computedAt: current.computedAt + 1 },
        version - 1,
      ),
    ).toBe(false);
    expect(await getProgramItems(app.redis, programId)).toEqual(current);
    expect(await saveProgramItems(app.redis, current, version)).toBe(true);
  });

  it("loses no slot's counts when the runs of a program's slots overlap", async () => {
    const overlapping = "analytics-overlap";
    const slots = Array.from({ length: 12 }, (_v, index) => ({
      ...analyticsOf(
        `ov-${index}`,
        50_000 + index,
        resultsOf(700 + index),
        60_000,
      ),
      programId: overlapping,
    }));
    // Twelve saves at once (the job runs four at a time per process, and
    // several processes), each slot's twice: every item is in every slot.
    const stored = await Promise.all(
      [...slots, ...slots].map((slot) => saveSlotAnalytics(app.redis, slot)),
    );
    expect(stored.every(Boolean)).toBe(true);
    await computeProgramItems(ctx, overlapping);
    const items = (await getProgramItems(app.redis, overlapping))!;
    const pooled = slots.flatMap((slot) => slot.results);
    expect(items.slots).toBe(12);
    expect(items.candidates).toBe(pooled.length);
    const expected = new Map(
      itemStatistics(pooled, keys, SETTINGS).map((item) => [item.itemId, item]),
    );
    for (const item of items.items.all) {
      expect(item.drawn).toBe(expected.get(item.itemId)!.drawn);
      expect(item.optionShares.map((option) => option.share)).toEqual(
        expected.get(item.itemId)!.optionShares.map((option) => option.share),
      );
    }
  });

  it("voiding an item (its slots re-scored and re-run) updates the program's statistics", async () => {
    const voidedItem = [...keys.keys()][3]!;
    await app.redis.hset(
      voidedItemsKey(programId),
      voidedItem,
      JSON.stringify({ appealId: "appeal-test", at: 1, by: "staff:test" }),
    );
    // Slots 1–10 re-run after the re-scoring (appeals/jobs.ts queues each
    // affected slot); the other 30 not yet.
    const voided = new Set([voidedItem]);
    for (let n = 1; n <= 10; n++) {
      expect(
        await saveSlotAnalytics(
          app.redis,
          analyticsOf(
            `inc-${n}`,
            1_000_000 + n,
            resultsOf(n, voided),
            5_000_000 + n,
          ),
        ),
      ).toBe(true);
    }
    await computeProgramItems(ctx, programId);
    const pooled = Array.from({ length: 40 }, (_v, index) =>
      index + 1 <= 10
        ? resultsOf(index + 1, voided)
        : index + 1 === 7
          ? resultsOf(1007)
          : resultsOf(index + 1),
    ).flat();
    const stored = await expectPooled(pooled);
    expect(stored.voidedItemIds).toEqual([voidedItem]);
    const item = stored.items.all.find((entry) => entry.itemId === voidedItem)!;
    expect(item.voided).toBe(true);
    expect(item.drawn).toBe(pooled.length);
    await app.redis.del(voidedItemsKey(programId));
  });

  it("rebuilds the counts of a program stored before they existed, once, without counting a slot twice", async () => {
    const older = "analytics-older";
    // As the previous version stored slots: JSON, run guard, indexes only.
    const slots = Array.from({ length: 12 }, (_v, index) => ({
      ...analyticsOf(
        `old-${index}`,
        10_000 + index,
        resultsOf(500 + index),
        20_000,
      ),
      programId: older,
    }));
    for (const slot of slots) {
      await app.redis
        .multi()
        .set(analyticsKeys.slot(slot.slotId), JSON.stringify(slot))
        .set(analyticsKeys.slotComputedAt(slot.slotId), String(slot.computedAt))
        .zadd(analyticsKeys.programSlots(older), slot.startsAt, slot.slotId)
        .zadd(
          analyticsKeys.centerSlots(slot.centerId),
          slot.startsAt,
          slot.slotId,
        )
        .exec();
    }
    // A slot run by this version before the program's rebuild, and a
    // backfill of one slot that died before marking the program ready.
    const fresh = {
      ...analyticsOf("new-0", 30_000, resultsOf(600), 40_000),
      programId: older,
    };
    expect(await saveSlotAnalytics(app.redis, fresh)).toBe(true);
    expect(await backfillSlotCounts(app.redis, slots[0]!)).toBe(true);
    expect(await backfillSlotCounts(app.redis, slots[0]!)).toBe(false);

    const first = await computeProgramItems(ctx, older);
    expect(first.slotsRead).toBe(11);
    const second = await computeProgramItems(ctx, older);
    expect(second.slotsRead).toBe(0);
    const stored = (await getProgramItems(app.redis, older))!;
    const pooled = [...slots, fresh].flatMap((slot) => slot.results);
    expect(stored.slots).toBe(13);
    expect(stored.candidates).toBe(pooled.length);
    const expected = new Map(
      itemStatistics(pooled, keys, SETTINGS).map((item) => [item.itemId, item]),
    );
    for (const item of stored.items.all) {
      expect(item.drawn).toBe(expected.get(item.itemId)!.drawn);
      expect(item.facility).toBe(expected.get(item.itemId)!.facility);
    }

    // The period report reads each slot's small summary, made from the
    // older JSON for a slot stored before summaries existed.
    await app.redis.del(analyticsKeys.slotSummary("old-5"));
    const { connection, sent } = countedConnection(app.redis);
    try {
      const summaries = await getSlotSummaries(
        connection,
        await programSlotIds(connection, older),
      );
      expect(summaries.map((summary) => summary.slotId)).toEqual([
        ...slots.map((slot) => slot.slotId),
        "new-0",
      ]);
      expect(summaries[5]).toEqual({
        slotId: "old-5",
        centerId: slots[5]!.centerId,
        programId: older,
        startsAt: slots[5]!.startsAt,
        computedAt: slots[5]!.computedAt,
        summary: slots[5]!.summary,
        candidates: slots[5]!.results.length,
        passRate: slots[5]!.distribution.passRate,
      });
      // The full JSON of that one slot only.
      const fullReads = sent.flatMap(({ args }) =>
        args.filter((arg) => /^analytics:slot:[^:]+$/.test(arg)),
      );
      expect(fullReads).toEqual([analyticsKeys.slot("old-5")]);
    } finally {
      connection.disconnect();
    }
  });
});
