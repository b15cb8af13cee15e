import { describe, expect, it } from "vitest";
import { ReliabilityReportSchema } from "@shared/reliability";
import {
  MIN_ALPHA_GAIN,
  MIN_ITEM_REST,
  cohensD,
  compareScaleLanguages,
  cronbachAlpha,
  pearson,
  reliabilityReport,
  sampleVariance,
  scaleReliability,
  type Respondent,
  type ScaleDefinition,
} from "./reliability";

const kk = (scores: Record<string, number | null>): Respondent => ({
  language: "kk",
  scores,
});
const ru = (scores: Record<string, number | null>): Respondent => ({
  language: "ru",
  scores,
});

/** Respondents from rows of scores, in the order of `itemIds`. */
const rows = (
  itemIds: readonly string[],
  data: readonly (readonly number[])[],
  make = kk,
): Respondent[] =>
  data.map((row) =>
    make(Object.fromEntries(itemIds.map((itemId, i) => [itemId, row[i]!]))),
  );

/** Every number in a value, however deep. */
const numbersIn = (value: unknown): number[] =>
  typeof value === "number"
    ? [value]
    : value !== null && typeof value === "object"
      ? Object.values(value).flatMap(numbersIn)
      : [];

// ---------------------------------------------------------------------------
// Second, independent formulas for the cross-checks: raw sums instead of
// deviations from the mean, covariances instead of the variance of the total.

/** Sample covariance from raw sums: (Σxy − Σx·Σy/n) / (n − 1). */
function covarianceRaw(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
    sxy += x[i]! * y[i]!;
  }
  return (sxy - (sx * sy) / n) / (n - 1);
}

/** α = k·c̄ / (v̄ + (k − 1)·c̄): c̄ the mean inter-item covariance, v̄ the mean item variance. */
function alphaByCovariances(columns: readonly (readonly number[])[]): number {
  const k = columns.length;
  let variances = 0;
  let covariances = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = covarianceRaw(columns[i]!, columns[j]!);
      if (i === j) variances += c;
      else covariances += c;
    }
  }
  const vBar = variances / k;
  const cBar = covariances / (k * (k - 1));
  return (k * cBar) / (vBar + (k - 1) * cBar);
}

/** r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)). */
function pearsonRaw(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
    sxy += x[i]! * y[i]!;
    sxx += x[i]! ** 2;
    syy += y[i]! ** 2;
  }
  return (
    (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx ** 2) * (n * syy - sy ** 2))
  );
}

// ---------------------------------------------------------------------------
/*
 * The hand-computed data set H: scale S of three items a, b, c; five
 * respondents, all kk.
 *
 *   resp  a  b  c   total   deviations from the means (3, 3, 3; 9)
 *   r1    1  2  2    5      a −2  b −1  c −1  total −4
 *   r2    2  1  3    6        −1    −2     0        −3
 *   r3    3  3  3    9         0     0     0         0
 *   r4    4  5  4   13         1     2     1         4
 *   r5    5  4  3   12         2     1     0         3
 *
 * Sample variances (÷ n − 1 = 4):
 *   var(a) = (4+1+0+1+4)/4 = 10/4 = 5/2
 *   var(b) = (1+4+0+4+1)/4 = 10/4 = 5/2
 *   var(c) = (1+0+0+1+0)/4 =  2/4 = 1/2           Σ var(item) = 11/2
 *   var(total) = (16+9+0+16+9)/4 = 50/4 = 25/2
 *   α = 3/2 · (1 − (11/2)/(25/2)) = 3/2 · 14/25 = 21/25 = 0.84
 *
 * Covariances (Σ products of deviations ÷ 4):
 *   cov(a,b) = (2+2+0+2+2)/4 = 2, cov(a,c) = (2+0+0+1+0)/4 = 3/4,
 *   cov(b,c) = (1+0+0+2+0)/4 = 3/4;
 *   check: var(total) = Σ var + 2 Σ cov = 11/2 + 2 · 7/2 = 25/2 ✓
 *   α = k·c̄ / (v̄ + (k−1)·c̄), c̄ = (7/2)/3 = 7/6, v̄ = 11/6:
 *     = (21/6) / (11/6 + 14/6) = 21/25 ✓
 *
 * Item–rest r of c: rest = a + b = 3 3 6 9 9, mean 6, deviations
 *   −3 −3 0 3 3 (Σ² = 36); c deviations −1 0 0 1 0 (Σ² = 2);
 *   Σ products = 3+0+0+3+0 = 6 → r = 6/√(2·36) = 6/√72 = 1/√2 ≈ 0.7071.
 *   Raw-sum formula: Σc = 15, Σrest = 30, Σc·rest = 6+9+18+36+27 = 96,
 *   Σc² = 47, Σrest² = 216: (5·96 − 450)/√((5·47 − 225)(5·216 − 900))
 *   = 30/√(10·180) = 30/√1800 = 1/√2 ✓
 * Item–rest r of a: rest = b + c = 4 4 6 9 7, mean 6, deviations
 *   −2 −2 0 3 1 (Σ² = 18); a: Σ² = 10; Σ products = 4+2+0+3+2 = 11
 *   → r = 11/√180 = 11/(6√5) ≈ 0.8199. b likewise: rest = a + c =
 *   3 5 6 8 8, deviations −3 −1 0 2 2 (Σ² = 18), Σ products = 3+2+0+4+2 = 11.
 *
 * Alpha if deleted:
 *   − a: var(b) + var(c) = 3, var(b + c) = 18/4 = 9/2 → 2 · (1 − 3/(9/2)) = 2/3
 *   − b: var(a) + var(c) = 3, var(a + c) = 18/4 = 9/2 → 2/3
 *   − c: var(a) + var(b) = 5, var(a + b) = 36/4 = 9   → 2 · (1 − 5/9) = 8/9
 * Deleting c raises alpha by 8/9 − 21/25 = (200 − 189)/225 = 11/225 ≈ 0.0489
 * although its item–rest r (0.707) is high: c is flagged `lowers_alpha`
 * only (the two flags are independent).
 */
const S: ScaleDefinition = { scaleId: "S", itemIds: ["a", "b", "c"] };
const H_ROWS = [
  [1, 2, 2],
  [2, 1, 3],
  [3, 3, 3],
  [4, 5, 4],
  [5, 4, 3],
];
const H = rows(S.itemIds, H_ROWS);
const columns = (data: readonly (readonly number[])[]) =>
  data[0]!.map((_, i) => data.map((row) => row[i]!));

describe("Cronbach's alpha of the hand-computed scale", () => {
  const result = scaleReliability(S, "kk", H);
  const item = (itemId: string) =>
    result.items.find((entry) => entry.itemId === itemId)!;

  it("is 21/25 with sample variances 5/2, 5/2, 1/2 and a total variance of 25/2", () => {
    expect(sampleVariance([1, 2, 3, 4, 5])).toBe(5 / 2);
    expect(sampleVariance([2, 3, 3, 4, 3])).toBe(1 / 2);
    expect(sampleVariance([5, 6, 9, 13, 12])).toBe(25 / 2);
    expect(result).toMatchObject({ scaleId: "S", language: "kk", n: 5 });
    expect(result.excluded).toBe(0);
    expect(result.k).toBe(3);
    expect(result.alpha).toBeCloseTo(21 / 25, 10);
    expect(cronbachAlpha(columns(H_ROWS))).toBeCloseTo(21 / 25, 10);
  });

  it("agrees with alpha from the average inter-item covariance", () => {
    // 3 · (7/6) / (11/6 + 2 · 7/6) = 21/25, by a second formula.
    expect(alphaByCovariances(columns(H_ROWS))).toBeCloseTo(21 / 25, 10);
    expect(result.alpha).toBeCloseTo(alphaByCovariances(columns(H_ROWS)), 10);
  });

  it("gives each item's mean and sample SD", () => {
    expect(item("a").mean).toBe(3);
    expect(item("a").sd).toBeCloseTo(Math.sqrt(5 / 2), 10);
    expect(item("c").mean).toBe(3);
    expect(item("c").sd).toBeCloseTo(Math.sqrt(1 / 2), 10);
  });

  it("gives the corrected item–rest correlations 11/(6√5), 11/(6√5) and 1/√2", () => {
    expect(item("a").itemRest).toBeCloseTo(11 / (6 * Math.sqrt(5)), 10);
    expect(item("b").itemRest).toBeCloseTo(11 / (6 * Math.sqrt(5)), 10);
    expect(item("c").itemRest).toBeCloseTo(1 / Math.SQRT2, 10);
    // The raw-sum formula on c against a + b: 30 / √1800.
    expect(pearsonRaw([2, 3, 3, 4, 3], [3, 3, 6, 9, 9])).toBeCloseTo(
      1 / Math.SQRT2,
      10,
    );
    expect(pearson([2, 3, 3, 4, 3], [3, 3, 6, 9, 9])).toBeCloseTo(
      1 / Math.SQRT2,
      10,
    );
  });

  it("gives alpha if deleted 2/3, 2/3 and 8/9", () => {
    expect(item("a").alphaIfDeleted).toBeCloseTo(2 / 3, 10);
    expect(item("b").alphaIfDeleted).toBeCloseTo(2 / 3, 10);
    expect(item("c").alphaIfDeleted).toBeCloseTo(8 / 9, 10);
  });

  it("flags c, whose deletion raises alpha by 11/225, and nothing else", () => {
    expect(MIN_ALPHA_GAIN).toBe(0.001);
    expect(MIN_ITEM_REST).toBe(0.2);
    expect(result.items.map((entry) => [entry.itemId, entry.flags])).toEqual([
      ["a", []],
      ["b", []],
      ["c", ["lowers_alpha"]],
    ]);
  });

  it("flags against the thresholds given: a gain must exceed the margin, an r must be below the minimum", () => {
    const flags = (thresholds: { minItemRest: number; minAlphaGain: number }) =>
      scaleReliability(S, "kk", H, thresholds).items.map(
        (entry) => entry.flags,
      );
    // 11/225 ≈ 0.0489: flagged over a 0.04 margin, not over 0.05.
    expect(flags({ minItemRest: 0.2, minAlphaGain: 0.04 })[2]).toEqual([
      "lowers_alpha",
    ]);
    expect(flags({ minItemRest: 0.2, minAlphaGain: 0.05 })[2]).toEqual([]);
    // Minimum r 0.75: c (0.7071) is low, a and b (0.8199) are not.
    expect(flags({ minItemRest: 0.75, minAlphaGain: 0.05 })).toEqual([
      [],
      [],
      ["low_item_rest"],
    ]);
  });
});

/*
 * Data set R: the clean scale a, b, c' of three items and an item d that
 * runs against them (a reverse-keyed statement scored as is).
 *
 *   resp  a  b  c' d   a+b+c'  all four
 *   r1    1  2  1  4     4        8
 *   r2    2  1  3  5     6       11
 *   r3    3  3  2  3     8       11
 *   r4    4  5  5  2    14       16
 *   r5    5  4  4  1    13       14
 *
 * Each item: mean 3, Σ(x − 3)² = 10, variance 10/4 = 5/2; Σ var = 10.
 * All four: mean 12, deviations −4 −1 −1 4 2, Σ² = 38, variance 38/4 = 19/2
 *   α = 4/3 · (1 − 10/(19/2)) = 4/3 · (1 − 20/19) = −4/57 ≈ −0.0702
 * Without d: mean 9, deviations −5 −3 −1 5 4, Σ² = 76, variance 19
 *   α = 3/2 · (1 − (15/2)/19) = 3/2 · 23/38 = 69/76 ≈ 0.9079
 * Item–rest r of d: d deviations 1 2 0 −1 −2 (Σ² = 10) against the rest's
 *   −5 −3 −1 5 4 (Σ² = 76): Σ products = −5 −6 +0 −5 −8 = −24
 *   → r = −24/√760 = −12/√190 ≈ −0.8706.
 * So d is flagged twice; deleting a, b or c' lowers alpha further (to
 * −12/7, −21/16, −3) and their item–rest r are 0.59, 0.47, 0.9: no flags.
 */
const R_ITEMS = ["a", "b", "c2", "d"];
const R_ROWS = [
  [1, 2, 1, 4],
  [2, 1, 3, 5],
  [3, 3, 2, 3],
  [4, 5, 5, 2],
  [5, 4, 4, 1],
];
const R = rows(R_ITEMS, R_ROWS);

describe("an item running against its scale", () => {
  const withD = scaleReliability({ scaleId: "R", itemIds: R_ITEMS }, "kk", R);
  const d = withD.items[3]!;

  it("pulls alpha down to −4/57; deleting it gives back the clean 69/76", () => {
    expect(withD.alpha).toBeCloseTo(-4 / 57, 10);
    expect(withD.alpha).toBeCloseTo(alphaByCovariances(columns(R_ROWS)), 10);
    expect(d.alphaIfDeleted).toBeCloseTo(69 / 76, 10);
    const clean = scaleReliability(
      { scaleId: "R", itemIds: ["a", "b", "c2"] },
      "kk",
      R,
    );
    expect(clean.alpha).toBeCloseTo(69 / 76, 10);
    expect(clean.items.every((entry) => entry.flags.length === 0)).toBe(true);
  });

  it("has a negative item–rest r of −12/√190 and both flags", () => {
    expect(d.itemRest).toBeCloseTo(-12 / Math.sqrt(190), 10);
    expect(d.itemRest).toBeCloseTo(
      pearsonRaw([4, 5, 3, 2, 1], [4, 6, 8, 14, 13]),
      10,
    );
    expect(d.flags).toEqual(["lowers_alpha", "low_item_rest"]);
  });

  it("leaves the other items unflagged: deleting them lowers alpha further", () => {
    const others = withD.items.slice(0, 3);
    expect(others.map((entry) => entry.alphaIfDeleted)).toEqual([
      expect.closeTo(-12 / 7, 10),
      expect.closeTo(-21 / 16, 10),
      expect.closeTo(-3, 10),
    ]);
    expect(others.map((entry) => entry.flags)).toEqual([[], [], []]);
  });
});

describe("undefined statistics are null, never NaN", () => {
  it("one item: no alpha, no item–rest, no alpha if deleted", () => {
    const one = scaleReliability({ scaleId: "one", itemIds: ["a"] }, "kk", H);
    expect(one).toMatchObject({ n: 5, k: 1, alpha: null });
    expect(one.items[0]).toEqual({
      itemId: "a",
      mean: 3,
      sd: Math.sqrt(5 / 2),
      itemRest: null,
      alphaIfDeleted: null,
      flags: [],
    });
  });

  it("two items: alpha 8/9, item–rest r(a, b) = 2/(5/2) = 4/5, no alpha if deleted", () => {
    const two = scaleReliability(
      { scaleId: "two", itemIds: ["a", "b"] },
      "kk",
      H,
    );
    expect(two.alpha).toBeCloseTo(8 / 9, 10);
    expect(two.items.map((entry) => entry.itemRest)).toEqual([
      expect.closeTo(4 / 5, 10),
      expect.closeTo(4 / 5, 10),
    ]);
    expect(two.items.map((entry) => entry.alphaIfDeleted)).toEqual([
      null,
      null,
    ]);
  });

  it("one respondent: no alpha, SD or correlations; none at all: no means either", () => {
    const single = scaleReliability(S, "kk", H.slice(0, 1));
    expect(single).toMatchObject({ n: 1, excluded: 0, alpha: null });
    expect(single.items[0]).toEqual({
      itemId: "a",
      mean: 1,
      sd: null,
      itemRest: null,
      alphaIfDeleted: null,
      flags: [],
    });
    // H has no Russian respondents.
    const none = scaleReliability(S, "ru", H);
    expect(none).toMatchObject({ n: 0, excluded: 0, k: 3, alpha: null });
    expect(none.items[2]).toEqual({
      itemId: "c",
      mean: null,
      sd: null,
      itemRest: null,
      alphaIfDeleted: null,
      flags: [],
    });
  });

  it("a total that does not vary: no alpha, even when the items do", () => {
    // Everyone answers 3, 3: every variance 0.
    const flat = scaleReliability(
      { scaleId: "flat", itemIds: ["p", "q"] },
      "kk",
      rows(
        ["p", "q"],
        [
          [3, 3],
          [3, 3],
          [3, 3],
        ],
      ),
    );
    expect(flat.alpha).toBeNull();
    expect(flat.items[0]).toMatchObject({ sd: 0, itemRest: null, flags: [] });
    // p = 1…5 and q = 6 − p: the total is always 6. r(p, q) = −1 exactly
    // defined, and flagged; alpha is not, so nothing to compare a gain with.
    const opposed = scaleReliability(
      { scaleId: "opposed", itemIds: ["p", "q"] },
      "kk",
      rows(
        ["p", "q"],
        [
          [1, 5],
          [2, 4],
          [3, 3],
          [4, 2],
          [5, 1],
        ],
      ),
    );
    expect(opposed.alpha).toBeNull();
    expect(opposed.items[0]!.itemRest).toBeCloseTo(-1, 10);
    expect(opposed.items[0]!.flags).toEqual(["low_item_rest"]);
    for (const value of [flat, opposed].flatMap(numbersIn))
      expect(Number.isNaN(value)).toBe(false);
    expect(cronbachAlpha([])).toBeNull();
    expect(pearson([1, 2, 3], [2, 2, 2])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });
});

describe("listwise exclusion", () => {
  // T = a, c: r6 answered a and c but not b; r7 has no entry for c;
  // r8 is Russian and missed b.
  const T: ScaleDefinition = { scaleId: "T", itemIds: ["a", "c"] };
  const r6 = kk({ a: 4, b: null, c: 2 });
  const r7 = kk({ a: 1, b: 2 });
  const r8 = ru({ a: 3, b: null, c: 3 });
  const all = [...H, r6, r7, r8];

  it("leaves out of a scale whoever missed one of its items, and counts them", () => {
    const s = scaleReliability(S, "kk", all);
    expect(s).toMatchObject({ n: 5, excluded: 2 });
    // The same five complete respondents as H: the same alpha.
    expect(s.alpha).toBeCloseTo(21 / 25, 10);
    expect(scaleReliability(S, "ru", all)).toMatchObject({
      n: 0,
      excluded: 1,
      alpha: null,
    });
  });

  it("keeps a respondent in the scales they completed", () => {
    const t = scaleReliability(T, "kk", all);
    // H's five and r6; r7 is out.
    expect(t).toMatchObject({ n: 6, excluded: 1 });
    const a = [1, 2, 3, 4, 5, 4];
    const c = [2, 3, 3, 4, 3, 2];
    expect(t.alpha).toBeCloseTo(alphaByCovariances([a, c]), 10);
    expect(t.items[0]!.mean).toBeCloseTo(19 / 6, 10);
    expect(scaleReliability(T, "ru", all)).toMatchObject({
      n: 1,
      excluded: 0,
    });
  });

  it("refuses a score that is not a number, and a scale listing an item twice", () => {
    expect(() =>
      scaleReliability(S, "kk", [kk({ a: 1, b: NaN, c: 2 })]),
    ).toThrow(RangeError);
    expect(() =>
      scaleReliability({ scaleId: "x", itemIds: ["a", "a"] }, "kk", H),
    ).toThrow(RangeError);
    expect(() => reliabilityReport([S, S], H)).toThrow(RangeError);
  });
});

/*
 * Data set L: scale L of three items x, y, z, raw score = x + y + z.
 *
 *   kk: 3 3 4 = 10,  4 4 4 = 12,  5 5 4 = 14
 *       n 3, mean 12, deviations −2 0 2, Σ² = 8, variance 8/2 = 4, SD 2
 *   ru: 1 2 2 = 5,  2 2 3 = 7,  3 3 3 = 9,  4 4 3 = 11  (and 5 — 5: excluded)
 *       n 4, mean 8, deviations −3 −1 1 3, Σ² = 20, variance 20/3,
 *       SD √(20/3) ≈ 2.582
 *   difference kk − ru = 4
 *   pooled variance = (8 + 20) / (3 + 4 − 2) = 28/5, pooled SD ≈ 2.366
 *   d = 4 / √(28/5) = 2·√(5/7) ≈ 1.6903
 * (The plain average of the two variances, (4 + 20/3)/2 = 16/3, would give
 * d = √3 ≈ 1.732: the test tells the pooling by degrees of freedom apart.)
 */
const L: ScaleDefinition = { scaleId: "L", itemIds: ["x", "y", "z"] };
const L_DATA = [
  ...rows(L.itemIds, [
    [3, 3, 4],
    [4, 4, 4],
    [5, 5, 4],
  ]),
  ...rows(
    L.itemIds,
    [
      [1, 2, 2],
      [2, 2, 3],
      [3, 3, 3],
      [4, 4, 3],
    ],
    ru,
  ),
  ru({ x: 5, y: null, z: 5 }),
];

describe("Kazakh and Russian scale means", () => {
  it("gives n, mean and SD per language, the difference and Cohen's d with the pooled SD", () => {
    const comparison = compareScaleLanguages(L, L_DATA);
    expect(comparison).toMatchObject({
      scaleId: "L",
      kk: { n: 3, mean: 12, sd: 2 },
      ru: { n: 4, mean: 8 },
      difference: 4,
    });
    expect(comparison.ru.sd).toBeCloseTo(Math.sqrt(20 / 3), 10);
    expect(comparison.cohensD).toBeCloseTo(2 * Math.sqrt(5 / 7), 10);
    expect(comparison.cohensD).toBeCloseTo(4 / Math.sqrt(28 / 5), 10);
    // Positive when kk is higher; the other way round, the sign flips.
    expect(cohensD([5, 7, 9, 11], [10, 12, 14])).toBeCloseTo(
      -2 * Math.sqrt(5 / 7),
      10,
    );
  });

  it("leaves the difference and d empty when a language has too few respondents or nothing varies", () => {
    const kkOnly = compareScaleLanguages(
      L,
      L_DATA.filter((r) => r.language === "kk"),
    );
    expect(kkOnly).toMatchObject({
      ru: { n: 0, mean: null, sd: null },
      difference: null,
      cohensD: null,
    });
    // One Russian respondent (raw 5): a difference, but no SD and no d.
    const oneRu = compareScaleLanguages(L, L_DATA.slice(0, 4));
    expect(oneRu).toMatchObject({
      ru: { n: 1, mean: 5, sd: null },
      difference: 7,
      cohensD: null,
    });
    // Everybody scores 12: pooled SD 0.
    const same = compareScaleLanguages(L, [
      ...rows(L.itemIds, [
        [4, 4, 4],
        [4, 4, 4],
      ]),
      ...rows(
        L.itemIds,
        [
          [4, 4, 4],
          [4, 4, 4],
        ],
        ru,
      ),
    ]);
    expect(same).toMatchObject({ difference: 0, cohensD: null });
  });
});

describe("the reliability report", () => {
  it("gives every scale per language and the language comparison, valid against the shared schema", () => {
    const data = [...H, kk({ a: 4, b: null, c: 2 }), ...L_DATA];
    const report = reliabilityReport([S, L], data);
    expect(ReliabilityReportSchema.parse(report)).toEqual(report);
    expect(report.thresholds).toEqual({
      minItemRest: 0.2,
      minAlphaGain: 0.001,
    });
    expect(
      report.scales.map((scale) => [
        scale.scaleId,
        scale.language,
        scale.n,
        scale.excluded,
      ]),
    ).toEqual([
      // L's respondents have no a, b, c: excluded from S.
      ["S", "kk", 5, 4],
      ["S", "ru", 0, 5],
      ["L", "kk", 3, 6],
      ["L", "ru", 4, 1],
    ]);
    expect(report.scales[0]!.alpha).toBeCloseTo(21 / 25, 10);
    expect(report.languages.map((row) => row.scaleId)).toEqual(["S", "L"]);
    expect(report.languages[1]!.cohensD).toBeCloseTo(2 * Math.sqrt(5 / 7), 10);
    expect(report.languages[0]).toMatchObject({
      kk: { n: 5, mean: 9 },
      ru: { n: 0, mean: null },
      difference: null,
      cohensD: null,
    });
    // Nothing undefined slipped through as NaN (the schema refuses it too).
    for (const value of numbersIn(report))
      expect(Number.isFinite(value)).toBe(true);
  });
});

describe("a larger data set, against the second formulas", () => {
  // 40 respondents, 6 items: a common trait plus noise (a deterministic
  // generator), item f keyed the wrong way round.
  let seed = 20;
  const next = () => {
    // Park–Miller: products stay below 2^53, so exact in doubles.
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const ITEMS = ["a", "b", "c", "d", "e", "f"];
  const data = Array.from({ length: 40 }, () => {
    const trait = 1 + Math.floor(next() * 5);
    return ITEMS.map((itemId) => {
      const score = Math.min(
        5,
        Math.max(1, trait + Math.floor(next() * 3) - 1),
      );
      return itemId === "f" ? 6 - score : score;
    });
  });
  const cols = columns(data);
  const result = scaleReliability(
    { scaleId: "big", itemIds: ITEMS },
    "kk",
    rows(ITEMS, data),
  );

  it("alpha, every item–rest r and every alpha if deleted agree", () => {
    expect(result.alpha).toBeCloseTo(alphaByCovariances(cols), 10);
    cols.forEach((column, i) => {
      const others = cols.filter((_, j) => j !== i);
      const rest = column.map((_, row) =>
        others.reduce((total, other) => total + other[row]!, 0),
      );
      expect(result.items[i]!.itemRest).toBeCloseTo(
        pearsonRaw(column, rest),
        10,
      );
      expect(result.items[i]!.alphaIfDeleted).toBeCloseTo(
        alphaByCovariances(others),
        10,
      );
    });
  });

  it("flags the reversed item, and only it", () => {
    expect(result.items.map((item) => item.flags)).toEqual([
      [],
      [],
      [],
      [],
      [],
      ["lowers_alpha", "low_item_rest"],
    ]);
  });
});
