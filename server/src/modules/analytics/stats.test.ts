import { describe, expect, it } from "vitest";
import {
  compareLanguages,
  complianceOf,
  describeSummary,
  itemStatistics,
  measureStages,
  mergeCompliance,
  mergeSummaries,
  pointBiserial,
  summarize,
  timeOnItems,
  upperGroup,
  type CandidateItem,
  type CandidateResult,
  type CandidateTimeline,
  type ItemKey,
} from "./stats";

/*
 * The hand-computed data set. Three items:
 *   q1 options a b c, key a   (section s1)
 *   q2 options a b c, key b   (section s1)   ← planted: strong candidates pick c
 *   q3 options a b,   key a   (section s2)
 * Program: pass with ≥ 2 correct in total, ≥ 1 in s1 and ≥ 1 in s2.
 *
 *   cand lang  q1   q2   q3   total  s1  s2  passed  time    incidents pauses
 *   A    kk    a ✓  c ✗  a ✓  2      1✓  1✓  yes     600 s   1         0
 *   B    kk    a ✓  c ✗  a ✓  2      1✓  1✓  yes     900 s   0         0
 *   C    ru    b ✗  b ✓  b ✗  1      1✓  0✗  no      1200 s  2         1
 *   D    ru    c ✗  —  ✗  b ✗  0      0✗  0✗  no      300 s   0         0
 */
const KEYS = new Map<string, ItemKey>([
  ["q1", { itemId: "q1", options: ["a", "b", "c"], correct: ["a"] }],
  ["q2", { itemId: "q2", options: ["a", "b", "c"], correct: ["b"] }],
  ["q3", { itemId: "q3", options: ["a", "b"], correct: ["a"] }],
]);

function candidate(
  attemptId: string,
  language: "kk" | "ru",
  chosen: [string[], string[], string[]],
  timeUsedMs: number,
  incidents: number,
  pauses: number,
  times: [number | null, number | null, number | null] = [null, null, null],
): CandidateResult {
  const items: CandidateItem[] = (["q1", "q2", "q3"] as const).map(
    (itemId, index) => {
      const key = KEYS.get(itemId)!;
      const picked = chosen[index]!;
      return {
        itemId,
        sectionId: itemId === "q3" ? "s2" : "s1",
        chosen: picked,
        correct:
          picked.length === key.correct.length &&
          key.correct.every((option) => picked.includes(option)),
        timeMs: times[index]!,
      };
    },
  );
  const s1 = items.filter(
    (item) => item.sectionId === "s1" && item.correct,
  ).length;
  const s2 = items.filter(
    (item) => item.sectionId === "s2" && item.correct,
  ).length;
  const correct = s1 + s2;
  return {
    attemptId,
    language,
    correct,
    total: 3,
    passed: correct >= 2 && s1 >= 1 && s2 >= 1,
    sections: [
      { sectionId: "s1", correct: s1, total: 2, passed: s1 >= 1 },
      { sectionId: "s2", correct: s2, total: 1, passed: s2 >= 1 },
    ],
    timeUsedMs,
    incidents,
    pauses,
    items,
  };
}

const A = candidate(
  "A",
  "kk",
  [["a"], ["c"], ["a"]],
  600_000,
  1,
  0,
  [5_000, 2_000, 1_000],
);
const B = candidate("B", "kk", [["a"], ["c"], ["a"]], 900_000, 0, 0, [
  3_000,
  null,
  1_000,
]);
const C = candidate("C", "ru", [["b"], ["b"], ["b"]], 1_200_000, 2, 1, [
  null,
  4_000,
  1_000,
]);
const D = candidate("D", "ru", [["c"], [], ["b"]], 300_000, 0, 0, [
  1_000,
  null,
  1_000,
]);
const ALL = [A, B, C, D];
const SETTINGS = { minDiscrimination: 0.2, languageMargin: 0.6, minDrawn: 2 };

describe("the distribution of a slot", () => {
  it("counts the histogram, pass rates, mean time and incidents per hundred", () => {
    const summary = summarize(ALL, 3);
    // Totals 2, 2, 1, 0: one with 0, one with 1, two with 2, none with 3.
    expect(summary.histogram).toEqual([1, 1, 2, 0]);
    const described = describeSummary(summary, ["s1", "s2"]);
    expect(described.histogram[2]).toEqual({ correct: 2, candidates: 2 });
    // A and B passed: 2 / 4.
    expect(described.passRate).toBe(0.5);
    // s1 met by A, B, C (3/4); s2 by A, B (2/4).
    expect(described.sectionPassRates).toEqual([
      { sectionId: "s1", passRate: 0.75 },
      { sectionId: "s2", passRate: 0.5 },
    ]);
    // (600 + 900 + 1200 + 300) s / 4 = 750 s.
    expect(described.meanTimeUsedMs).toBe(750_000);
    // 3 incidents and 1 pause among 4 candidates: 75 and 25 per hundred.
    expect(described.incidentsPer100).toBe(75);
    expect(described.pausesPer100).toBe(25);
  });

  it("gives nulls, not NaN, for an empty slot", () => {
    const described = describeSummary(summarize([], 3), ["s1"]);
    expect(described).toMatchObject({
      candidates: 0,
      passRate: null,
      meanTimeUsedMs: null,
      incidentsPer100: null,
    });
    expect(described.histogram).toHaveLength(4);
  });

  it("adds slot summaries up to the summary of all candidates", () => {
    expect(
      mergeSummaries([summarize([A, B], 3), summarize([C, D], 3)]),
    ).toEqual(summarize(ALL, 3));
  });
});

describe("point-biserial discrimination against the rest of the test", () => {
  it("matches the hand computation for q1 and the planted q2", () => {
    // q1: rest scores (total − item): A 1, B 1, C 1, D 0; right: A, B.
    // mean 0.75, population variance 0.1875, s = √0.1875; p = 0.5;
    // M₁ = 1, M₀ = 0.5 → r = 0.5/√0.1875 · √0.25 = √3/3 ≈ 0.5774.
    expect(
      pointBiserial([
        { correct: true, rest: 1 },
        { correct: true, rest: 1 },
        { correct: false, rest: 1 },
        { correct: false, rest: 0 },
      ]),
    ).toBeCloseTo(Math.sqrt(3) / 3, 10);
    // q2: rest A 2, B 2, C 0, D 0; only C right: p = 0.25, mean 1, s = 1,
    // M₁ = 0, M₀ = 4/3 → r = −4/3 · √(3/16) = −√3/3 ≈ −0.5774.
    expect(
      pointBiserial([
        { correct: false, rest: 2 },
        { correct: false, rest: 2 },
        { correct: true, rest: 0 },
        { correct: false, rest: 0 },
      ]),
    ).toBeCloseTo(-Math.sqrt(3) / 3, 10);
  });

  it("is undefined when everyone or nobody is right, or the rest does not vary", () => {
    expect(
      pointBiserial([
        { correct: true, rest: 1 },
        { correct: true, rest: 0 },
      ]),
    ).toBeNull();
    expect(
      pointBiserial([
        { correct: true, rest: 1 },
        { correct: false, rest: 1 },
      ]),
    ).toBeNull();
    expect(pointBiserial([{ correct: true, rest: 1 }])).toBeNull();
  });
});

describe("the upper group", () => {
  it("is the top 27 %, rounded up, ties broken by attempt id", () => {
    // ⌈0.27 · 4⌉ = 2: A and B (both 2 correct).
    expect(upperGroup(ALL).map((result) => result.attemptId)).toEqual([
      "A",
      "B",
    ]);
    // ⌈0.27 · 10⌉ = 3; ⌈0.27 · 1⌉ = 1.
    const ten = Array.from({ length: 10 }, (_, i) => ({
      attemptId: `x${i}`,
      correct: i,
    }));
    expect(upperGroup(ten).map((result) => result.correct)).toEqual([9, 8, 7]);
    expect(upperGroup([{ attemptId: "only", correct: 0 }])).toHaveLength(1);
  });
});

describe("item statistics", () => {
  const stats = new Map(
    itemStatistics(ALL, KEYS, SETTINGS).map((item) => [item.itemId, item]),
  );

  it("counts draws, facility, discrimination and mean time", () => {
    const q1 = stats.get("q1")!;
    expect(q1).toMatchObject({ drawn: 4, facility: 0.5, sectionId: "s1" });
    expect(q1.discrimination).toBeCloseTo(0.5774, 4);
    // Times 5, 3, –, 1 s: mean of the three known = 3 s.
    expect(q1.meanTimeMs).toBe(3_000);
    expect(stats.get("q2")).toMatchObject({
      facility: 0.25,
      omitted: 0.25,
      meanTimeMs: 3_000,
    });
    expect(stats.get("q2")!.discrimination).toBeCloseTo(-0.5774, 4);
  });

  it("gives each option's share overall and in the upper group", () => {
    // q2 chosen: A c, B c, C b, D nothing → a 0, b ¼, c ½; upper (A, B): c 1.
    expect(stats.get("q2")!.optionShares).toEqual([
      { optionId: "a", key: false, share: 0, upperShare: 0 },
      { optionId: "b", key: true, share: 0.25, upperShare: 0 },
      { optionId: "c", key: false, share: 0.5, upperShare: 1 },
    ]);
    expect(stats.get("q3")!.optionShares).toEqual([
      { optionId: "a", key: true, share: 0.5, upperShare: 1 },
      { optionId: "b", key: false, share: 0.5, upperShare: 0 },
    ]);
  });

  it("flags the planted item: negative discrimination and a distractor the strong prefer", () => {
    expect(stats.get("q2")!.flags).toEqual([
      "negative_discrimination",
      "distractor_over_key",
    ]);
    expect(stats.get("q1")!.flags).toEqual([]);
    expect(stats.get("q3")!.flags).toEqual([]);
  });

  it("flags near-zero discrimination below the configured threshold, and nothing below the minimum draws", () => {
    const strict = itemStatistics(ALL, KEYS, {
      ...SETTINGS,
      minDiscrimination: 0.6,
    });
    // 0.5774 < 0.6: q1 and q3 are near zero under this threshold.
    expect(strict.find((item) => item.itemId === "q1")!.flags).toEqual([
      "low_discrimination",
    ]);
    const few = itemStatistics(ALL, KEYS, { ...SETTINGS, minDrawn: 5 });
    expect(few.every((item) => item.flags.length === 0)).toBe(true);
  });
});

describe("language comparison", () => {
  it("compares kk and ru facility and flags differences beyond the margin", () => {
    const rows = new Map(
      compareLanguages(ALL, SETTINGS).map((row) => [row.itemId, row]),
    );
    // q1: kk (A, B) both right = 1; ru (C, D) none = 0 → 1 > 0.6, flagged.
    expect(rows.get("q1")).toEqual({
      itemId: "q1",
      kk: { drawn: 2, facility: 1 },
      ru: { drawn: 2, facility: 0 },
      difference: 1,
      flagged: true,
    });
    // q2: kk 0, ru ½ → −0.5, within the margin.
    expect(rows.get("q2")).toMatchObject({ difference: -0.5, flagged: false });
    // With 3 draws required per language nothing is flagged.
    expect(
      compareLanguages(ALL, { ...SETTINGS, minDrawn: 3 }).some(
        (row) => row.flagged,
      ),
    ).toBe(false);
  });

  it("leaves the difference empty when one language never drew the item", () => {
    const [row] = compareLanguages([A], SETTINGS);
    expect(row).toMatchObject({
      ru: { drawn: 0, facility: null },
      difference: null,
      flagged: false,
    });
  });
});

describe("time on items from the save timeline", () => {
  it("charges each save the time since the previous one, less pauses", () => {
    // Start 1 s; saves q1 @4 s, q2 @10 s, q1 @12 s, q3 @20 s; paused 13–17 s.
    // q1: 3 s + 2 s = 5 s; q2: 6 s; q3: 20 − 12 − 4 (pause) = 4 s.
    const times = timeOnItems(
      1_000,
      [
        { itemId: "q2", at: 10_000 },
        { itemId: "q1", at: 4_000 },
        { itemId: "q1", at: 12_000 },
        { itemId: "q3", at: 20_000 },
      ],
      [{ from: 13_000, to: 17_000 }],
    );
    expect(Object.fromEntries(times)).toEqual({
      q1: 5_000,
      q2: 6_000,
      q3: 4_000,
    });
  });
});

describe("service-standard compliance", () => {
  const MIN = 60_000;
  const T0 = 1_000_000_000;
  // X: booked online in 6 min (over 5), admitted 3 min after the receipt
  // time, instructions 12 min (over),
  // test 50 min of working time (2 min paused) of 55, signed 8 min after the
  // end, document issued 31 min after the end (over 30) and handed over
  // 33 min after it (over 20).
  const X: CandidateTimeline = {
    attemptId: "X",
    fullName: "X",
    seatId: "s1",
    bookingSource: "online",
    bookingFormOpenedAt: T0 - 3 * 24 * 60 * MIN,
    bookedAt: T0 - 3 * 24 * 60 * MIN + 6 * MIN,
    slotStartsAt: T0,
    admittedAt: T0 + 3 * MIN,
    instructionsAt: T0 + 4 * MIN,
    // Recorded before the start rule: nobody was held (measured as before).
    heldUntil: null,
    startedAt: T0 + 16 * MIN,
    endedAt: T0 + 16 * MIN + 52 * MIN,
    pausedMs: 2 * MIN,
    entitledMs: 55 * MIN,
    officialAt: T0 + 68 * MIN + 8 * MIN,
    issuedAt: T0 + 68 * MIN + 31 * MIN,
    handedOverAt: T0 + 68 * MIN + 33 * MIN,
  };
  // Y: booked at the desk without a form id (not measured), admitted 5 min
  // early (0), staff started 7 min after admission, test
  // 55 min 3 s (within the 5 s grace), not signed 15 min after the end.
  const yEnd = T0 + 2 * MIN + 55 * MIN + 3_000;
  const Y: CandidateTimeline = {
    ...X,
    attemptId: "Y",
    fullName: "Y",
    bookingSource: "staff",
    bookingFormOpenedAt: null,
    admittedAt: T0 - 5 * MIN,
    instructionsAt: null,
    startedAt: T0 + 2 * MIN,
    endedAt: yEnd,
    pausedMs: 0,
    officialAt: null,
    issuedAt: null,
    handedOverAt: null,
  };
  const now = yEnd + 15 * MIN;

  it("measures each stage of one candidate against its limit", () => {
    const stages = Object.fromEntries(
      measureStages(X, now, 5_000).map((stage) => [stage.stage, stage]),
    );
    expect(stages.booking).toEqual({
      stage: "booking",
      ms: 6 * MIN,
      limitMs: 5 * MIN,
      within: false,
    });
    expect(stages.admission).toMatchObject({ ms: 3 * MIN, within: true });
    expect(stages.instructions).toMatchObject({
      ms: 12 * MIN,
      limitMs: 10 * MIN,
      within: false,
    });
    expect(stages.test).toMatchObject({
      ms: 50 * MIN,
      limitMs: 55 * MIN + 5_000,
      within: true,
    });
    expect(stages.signed).toMatchObject({ ms: 8 * MIN, within: true });
    expect(stages.issued).toMatchObject({
      ms: 31 * MIN,
      limitMs: 30 * MIN,
      within: false,
    });
    expect(stages.handedOver).toMatchObject({
      ms: 33 * MIN,
      limitMs: 20 * MIN,
      within: false,
    });

    const y = Object.fromEntries(
      measureStages(Y, now, 5_000).map((stage) => [stage.stage, stage]),
    );
    expect(y.booking).toEqual({
      stage: "booking",
      ms: null,
      limitMs: 30 * MIN,
      within: null,
    });
    expect(y.admission).toMatchObject({ ms: 0, within: true });
    expect(y.instructions).toMatchObject({ ms: 7 * MIN, within: true });
    expect(y.test).toMatchObject({ ms: 55 * MIN + 3_000, within: true });
    // Not signed and 15 min > 10 min already: over, pending.
    expect(y.signed).toMatchObject({
      ms: 15 * MIN,
      within: false,
      pending: true,
    });
    // Not issued nor handed over, but 15 min < 20 min: not counted yet.
    expect(y.issued).toMatchObject({ ms: null, within: null });
    expect(y.handedOver).toMatchObject({ ms: null, within: null });
  });

  it("does not count the wait for the slot's start as instructions", () => {
    // W: admitted 20 min early and held by the start rule; confirmed at
    // the slot's start and started 6 min later.
    const W: CandidateTimeline = {
      ...Y,
      attemptId: "W",
      admittedAt: T0 - 20 * MIN,
      heldUntil: T0,
      instructionsAt: T0,
      startedAt: T0 + 6 * MIN,
    };
    const stage = (timeline: CandidateTimeline) =>
      measureStages(timeline, now, 5_000).find(
        (measure) => measure.stage === "instructions",
      );
    expect(stage(W)).toMatchObject({ ms: 6 * MIN, within: true });
    // Held, and staff started at once 2 min after the slot's start: the
    // 20 min before it are the wait, not instructions.
    expect(
      stage({ ...W, instructionsAt: null, startedAt: T0 + 2 * MIN }),
    ).toMatchObject({ ms: 2 * MIN, within: true });
    // An administrator started 15 min early: no instructions time at all.
    expect(
      stage({ ...W, instructionsAt: null, startedAt: T0 - 5 * MIN }),
    ).toMatchObject({ ms: 0, within: true });
  });

  it("counts a hand-over nobody recorded 20 min after the end as over, pending", () => {
    // Z: the document was issued 2 min after the end; 25 min on, nobody
    // recorded handing it over.
    const Z: CandidateTimeline = {
      ...X,
      attemptId: "Z",
      endedAt: now - 25 * MIN,
      officialAt: now - 24 * MIN,
      issuedAt: now - 23 * MIN,
      handedOverAt: null,
    };
    const z = Object.fromEntries(
      measureStages(Z, now, 5_000).map((stage) => [stage.stage, stage]),
    );
    expect(z.issued).toMatchObject({ ms: 2 * MIN, within: true });
    expect(z.handedOver).toMatchObject({
      ms: 25 * MIN,
      limitMs: 20 * MIN,
      within: false,
      pending: true,
    });
    const recorded = Object.fromEntries(
      measureStages({ ...Z, handedOverAt: now - 6 * MIN }, now, 5_000).map(
        (stage) => [stage.stage, stage],
      ),
    );
    expect(recorded.handedOver).toMatchObject({ ms: 19 * MIN, within: true });
  });

  it("gives per stage the share within the limit and the worst cases", () => {
    const rows = [X, Y].map((timeline) => ({
      attemptId: timeline.attemptId,
      fullName: timeline.fullName,
      slotId: "slot",
      stages: measureStages(timeline, now, 5_000),
    }));
    const compliance = Object.fromEntries(
      complianceOf(rows).map((stage) => [stage.stage, stage]),
    );
    expect(compliance.booking).toMatchObject({
      measured: 1,
      within: 0,
      share: 0,
    });
    expect(
      compliance.booking!.worst.map((worst) => [worst.attemptId, worst.ms]),
    ).toEqual([["X", 6 * MIN]]);
    expect(compliance.admission).toMatchObject({
      measured: 2,
      within: 2,
      share: 1,
    });
    // X 12 min (2 over) first, then Y 7 min.
    expect(compliance.instructions).toMatchObject({
      measured: 2,
      within: 1,
      share: 0.5,
    });
    expect(
      compliance.instructions!.worst.map((worst) => [
        worst.attemptId,
        worst.ms,
      ]),
    ).toEqual([
      ["X", 12 * MIN],
      ["Y", 7 * MIN],
    ]);
    expect(compliance.signed).toMatchObject({
      measured: 2,
      within: 1,
      share: 0.5,
    });
    expect(compliance.signed!.worst[0]).toMatchObject({
      attemptId: "Y",
      pending: true,
    });
    expect(compliance.issued).toMatchObject({
      measured: 1,
      within: 0,
      share: 0,
    });
    expect(compliance.handedOver).toMatchObject({
      measured: 1,
      within: 0,
      share: 0,
    });

    // Per slot, then merged for the center: the same counts.
    const merged = mergeCompliance([
      complianceOf(rows.slice(0, 1)),
      complianceOf(rows.slice(1)),
    ]);
    expect(merged).toEqual(complianceOf(rows));
  });
});
