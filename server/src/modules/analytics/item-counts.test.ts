import { describe, expect, it } from "vitest";
import {
  compareLanguagesFromCounts,
  countResults,
  decodeItemPair,
  decodeSlotCounts,
  encodeItemPair,
  encodeSlotCounts,
  itemPairsOf,
  itemsOfLanguage,
  itemStatisticsFromCounts,
  mergeCounts,
  replaceInItem,
  pointBiserialFromSums,
  type ResultCounts,
} from "./item-counts";
import {
  compareLanguages,
  itemStatistics,
  pointBiserial,
  UPPER_GROUP_SHARE,
  type AnalyticsSettings,
  type CandidateResult,
  type ItemKey,
  type ItemStatistics,
} from "./stats";

const SETTINGS: AnalyticsSettings = {
  minDiscrimination: 0.2,
  languageMargin: 0.15,
  minDrawn: 5,
};

/** A small deterministic generator (mulberry32), so a failure repeats. */
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

const OPTIONS = ["a", "b", "c", "d"];

/** A bank of items (one with two keys), some voided. */
function bank(next: () => number, size: number) {
  const keys = new Map<string, ItemKey>();
  for (let index = 0; index < size; index++) {
    const itemId = `q${index}`;
    const correct =
      index % 7 === 3
        ? ["a", "c"]
        : [OPTIONS[Math.floor(next() * OPTIONS.length)]!];
    keys.set(itemId, { itemId, options: OPTIONS, correct });
  }
  return keys;
}

/**
 * Slots of candidates drawing forms from the bank: scores from few items,
 * so ties on the total score are everywhere (also at the 27 % boundary).
 */
function slotsOf(
  seed: number,
  keys: ReadonlyMap<string, ItemKey>,
  voided: ReadonlySet<string>,
  slotCount: number,
): CandidateResult[][] {
  const next = random(seed);
  const itemIds = [...keys.keys()];
  return Array.from({ length: slotCount }, (_slot, slotIndex) =>
    Array.from({ length: 1 + Math.floor(next() * 25) }, (_c, index) => {
      const ability = next();
      const form = itemIds.filter(() => next() < 0.6);
      const items = form.map((itemId) => {
        const key = keys.get(itemId)!;
        const roll = next();
        const chosen =
          roll < 0.1
            ? []
            : roll < 0.1 + ability * 0.8
              ? [...key.correct]
              : [OPTIONS[Math.floor(next() * OPTIONS.length)]!];
        return {
          itemId,
          sectionId: Number(itemId.slice(1)) % 2 === 0 ? "s1" : "s2",
          chosen,
          correct:
            chosen.length === key.correct.length &&
            key.correct.every((option) => chosen.includes(option)),
          timeMs: next() < 0.2 ? null : Math.floor(next() * 90_000),
          ...(voided.has(itemId) ? { voided: true } : {}),
        };
      });
      const correct = items.filter(
        (item) => item.correct && !item.voided,
      ).length;
      return {
        attemptId: `s${slotIndex}-c${String(index).padStart(3, "0")}`,
        language: next() < 0.5 ? ("kk" as const) : ("ru" as const),
        correct,
        total: form.length,
        passed: correct >= form.length / 2,
        sections: [],
        timeUsedMs: 0,
        incidents: 0,
        pauses: 0,
        items,
      };
    }),
  );
}

/** The counts of each slot added, as the program's stored counts would be. */
const programCounts = (slots: CandidateResult[][]): ResultCounts =>
  mergeCounts(slots.map((results) => countResults(results)));

/** The item's upper group from the pooled results: [boundary straddled?]. */
function boundaryOf(results: readonly CandidateResult[], itemId: string) {
  const scores = results
    .filter((result) => result.items.some((item) => item.itemId === itemId))
    .map((result) => result.correct)
    .sort((a, b) => b - a);
  const size = Math.max(1, Math.ceil(UPPER_GROUP_SHARE * scores.length));
  const cut = scores[size - 1]!;
  return {
    straddled: size < scores.length && scores[size] === cut,
    scores,
    size,
    cut,
  };
}

/**
 * The documented rule at a straddled boundary, from the pooled rows: every
 * row above the boundary score counts 1, each row at it counts the places
 * left over the rows tied there.
 */
function proportionalUpperShare(
  results: readonly CandidateResult[],
  itemId: string,
  chose: (chosen: readonly string[], correct: boolean) => boolean,
): number {
  const { scores, size, cut } = boundaryOf(results, itemId);
  const above = scores.filter((score) => score > cut).length;
  const tied = scores.filter((score) => score === cut).length;
  const weight = (size - above) / tied;
  let total = 0;
  for (const result of results) {
    const item = result.items.find((row) => row.itemId === itemId);
    if (!item || !chose(item.chosen, item.correct)) continue;
    if (result.correct > cut) total += 1;
    else if (result.correct === cut) total += weight;
  }
  return total / size;
}

function expectSameStatistics(
  merged: ItemStatistics[],
  pooled: ItemStatistics[],
  results: readonly CandidateResult[],
  languageResults: readonly CandidateResult[],
) {
  expect(merged.map((item) => item.itemId).sort()).toEqual(
    pooled.map((item) => item.itemId).sort(),
  );
  const byId = new Map(merged.map((item) => [item.itemId, item]));
  let straddled = 0;
  for (const expected of pooled) {
    const actual = byId.get(expected.itemId)!;
    expect(actual.sectionId).toBe(expected.sectionId);
    expect(actual.drawn).toBe(expected.drawn);
    expect(actual.facility).toBe(expected.facility);
    expect(actual.omitted).toBe(expected.omitted);
    expect(actual.meanTimeMs).toBe(expected.meanTimeMs);
    expect(actual.voided).toBe(expected.voided);
    if (expected.discrimination === null)
      expect(actual.discrimination).toBeNull();
    else expect(actual.discrimination).toBeCloseTo(expected.discrimination, 12);
    const boundary = boundaryOf(languageResults, expected.itemId);
    expected.optionShares.forEach((option, index) => {
      const share = actual.optionShares[index]!;
      expect(share.optionId).toBe(option.optionId);
      expect(share.key).toBe(option.key);
      expect(share.share).toBe(option.share);
      if (!boundary.straddled) expect(share.upperShare).toBe(option.upperShare);
      else
        expect(share.upperShare).toBeCloseTo(
          proportionalUpperShare(languageResults, expected.itemId, (chosen) =>
            chosen.includes(option.optionId),
          ),
          12,
        );
    });
    if (boundary.straddled) straddled++;
    else expect(actual.flags).toEqual(expected.flags);
  }
  expect(results.length).toBeGreaterThan(0);
  return straddled;
}

describe("item statistics from merged counts", () => {
  it("equal those of the pooled results, per language and in all, on random data with ties", () => {
    let straddled = 0;
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const keys = bank(random(seed * 7919), 12);
      const voided = new Set(seed % 3 === 0 ? ["q2"] : []);
      const slots = slotsOf(seed, keys, voided, 1 + (seed % 6));
      const pooled = slots.flat();
      const counts = programCounts(slots);
      expect(counts.slots).toBe(slots.length);
      expect(counts.candidates).toBe(pooled.length);
      for (const language of ["all", "kk", "ru"] as const) {
        const results =
          language === "all"
            ? pooled
            : pooled.filter((result) => result.language === language);
        straddled += expectSameStatistics(
          itemStatisticsFromCounts(
            itemsOfLanguage(counts, language),
            keys,
            SETTINGS,
          ),
          itemStatistics(results, keys, SETTINGS),
          pooled,
          results,
        );
        compared++;
      }
      const comparison = compareLanguagesFromCounts(counts, keys, SETTINGS);
      const expected = compareLanguages(pooled, SETTINGS);
      expect(
        [...comparison].sort((a, b) => a.itemId.localeCompare(b.itemId)),
      ).toEqual([...expected].sort((a, b) => a.itemId.localeCompare(b.itemId)));
    }
    // The data did exercise both cases of the boundary.
    expect(compared).toBe(120);
    expect(straddled).toBeGreaterThan(20);
  });

  it("are identical, flags included, when no tie straddles the upper group's boundary", () => {
    // 11 candidates with distinct totals: the top ceil(2.97) = 3 are 10, 9, 8.
    const keys = new Map<string, ItemKey>([
      ["x", { itemId: "x", options: ["a", "b"], correct: ["a"] }],
    ]);
    const results: CandidateResult[] = Array.from(
      { length: 11 },
      (_v, index) => ({
        attemptId: `c${index}`,
        language: "kk",
        correct: index,
        total: 11,
        passed: false,
        sections: [],
        timeUsedMs: 0,
        incidents: 0,
        pauses: 0,
        items: [
          {
            itemId: "x",
            sectionId: "s",
            // The strong choose the distractor: flagged.
            chosen: [index >= 8 ? "b" : "a"],
            correct: index < 8,
            timeMs: 1000 * index,
          },
        ],
      }),
    );
    const settings = { ...SETTINGS, minDrawn: 1 };
    const merged = itemStatisticsFromCounts(
      itemsOfLanguage(
        mergeCounts([
          countResults(results.slice(0, 4)),
          countResults(results.slice(4)),
        ]),
        "all",
      ),
      keys,
      settings,
    );
    const pooled = itemStatistics(results, keys, settings);
    expect(merged[0]!.flags).toEqual([
      "negative_discrimination",
      "distractor_over_key",
    ]);
    expect({ ...merged[0]!, discrimination: null }).toEqual({
      ...pooled[0]!,
      discrimination: null,
    });
    expect(merged[0]!.discrimination).toBeCloseTo(
      pooled[0]!.discrimination!,
      12,
    );
  });

  it("count a tie at the boundary in proportion: k places over m tied candidates", () => {
    // Totals 5, 3, 3, 3 (and 0 ×6): 10 drew the item, the group is 3:
    // the 5 and two of the three 3s. Of the 3s one chose b: it counts 2/3.
    const keys = new Map<string, ItemKey>([
      ["x", { itemId: "x", options: ["a", "b"], correct: ["a"] }],
    ]);
    const row = (attemptId: string, correct: number, option: string) => ({
      attemptId,
      language: "ru" as const,
      correct,
      total: 6,
      passed: false,
      sections: [],
      timeUsedMs: 0,
      incidents: 0,
      pauses: 0,
      items: [
        {
          itemId: "x",
          sectionId: "s",
          chosen: [option],
          correct: option === "a",
          timeMs: null,
        },
      ],
    });
    const results = [
      row("p", 5, "a"),
      row("q", 3, "a"),
      row("r", 3, "a"),
      row("s", 3, "b"),
      ...Array.from({ length: 6 }, (_v, index) => row(`z${index}`, 0, "b")),
    ];
    const [item] = itemStatisticsFromCounts(
      itemsOfLanguage(countResults(results), "ru"),
      keys,
      SETTINGS,
    );
    expect(item!.optionShares.map((option) => option.upperShare)).toEqual([
      (1 + (2 / 3) * 2) / 3,
      ((2 / 3) * 1) / 3,
    ]);
    // By attempt id (q, r before s) the group holds no b at all.
    expect(
      itemStatistics(results, keys, SETTINGS)[0]!.optionShares[1]!.upperShare,
    ).toBe(0);
  });
});

describe("the stored form of the counts", () => {
  it("reads back what it wrote, per slot and per item", () => {
    const keys = bank(random(5), 8);
    const slots = slotsOf(11, keys, new Set(["q1"]), 3);
    const counts = programCounts(slots);
    const again = decodeSlotCounts(encodeSlotCounts(counts));
    expect(encodeSlotCounts(again)).toBe(encodeSlotCounts(counts));
    expect(again.candidates).toBe(counts.candidates);
    for (const [itemId, pair] of itemPairsOf(counts)) {
      const stored = encodeItemPair(pair);
      expect(encodeItemPair(decodeItemPair(stored))).toBe(stored);
      expect(itemId).toMatch(/^q/);
    }
    expect(encodeItemPair({})).toBe("");
    expect(decodeItemPair("")).toEqual({});
  });

  it("replaces one slot's share in an item's aggregate: old counts out, new in", () => {
    const keys = bank(random(8), 10);
    const slots = slotsOf(21, keys, new Set(), 4);
    const rerun = slotsOf(77, keys, new Set(["q3"]), 1)[0]!;
    const before = itemPairsOf(programCounts(slots));
    const oldShare = itemPairsOf(countResults(slots[2]!));
    const newShare = itemPairsOf(countResults(rerun));
    const after = itemPairsOf(
      programCounts([slots[0]!, slots[1]!, rerun, slots[3]!]),
    );
    for (const itemId of new Set([...before.keys(), ...after.keys()])) {
      expect(
        encodeItemPair(
          replaceInItem(
            before.get(itemId) ?? {},
            oldShare.get(itemId) ?? {},
            newShare.get(itemId) ?? {},
          ),
        ),
      ).toBe(encodeItemPair(after.get(itemId) ?? {}));
    }
    // Taking a slot's only share out leaves nothing to store.
    const lone = itemPairsOf(countResults(slots[0]!));
    const [itemId, pair] = [...lone][0]!;
    expect(encodeItemPair(replaceInItem(pair, pair, {}))).toBe("");
    expect(itemId).toBeTruthy();
  });
});

describe("pointBiserialFromSums", () => {
  it("is the point-biserial of the pairs the sums were made of", () => {
    const next = random(3);
    for (let round = 0; round < 200; round++) {
      const pairs = Array.from({ length: 2 + Math.floor(next() * 30) }, () => ({
        correct: next() < 0.5,
        rest: Math.floor(next() * 6),
      }));
      const expected = pointBiserial(pairs);
      const actual = pointBiserialFromSums({
        n: pairs.length,
        right: pairs.filter((pair) => pair.correct).length,
        sumRest: BigInt(pairs.reduce((sum, pair) => sum + pair.rest, 0)),
        sumRestSquared: BigInt(
          pairs.reduce((sum, pair) => sum + pair.rest ** 2, 0),
        ),
        sumRightRest: BigInt(
          pairs
            .filter((pair) => pair.correct)
            .reduce((sum, pair) => sum + pair.rest, 0),
        ),
      });
      if (expected === null) expect(actual).toBeNull();
      else expect(actual).toBeCloseTo(expected, 12);
    }
  });
});
