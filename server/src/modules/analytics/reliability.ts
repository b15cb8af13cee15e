/**
 * Reliability of the personal-qualities assessment's scales as pure
 * functions of plain values: no Redis, no clock. Unit-tested against
 * hand-computed data (reliability.test.ts).
 *
 * Conventions:
 * - Every variance and standard deviation is the SAMPLE one (divided by
 *   n − 1), for items, scale totals and the language groups alike. Alpha and
 *   Pearson's r are ratios, so they come out the same with n; the reported
 *   SDs and Cohen's pooled SD are the n − 1 ones.
 * - Item scores are taken as given: reverse-keyed items must already be
 *   reversed (an item scored the wrong way round is what the flags find).
 * - Listwise: a respondent missing any item of a scale (null, or no entry)
 *   is left out of that scale's statistics and counted in `excluded`; the
 *   same respondent still counts for the scales they completed.
 * - A statistic that is undefined is null, never NaN: alpha when k < 2,
 *   n < 2 or the total does not vary; r when n < 2 or either side does not
 *   vary; alpha if deleted when fewer than 2 items would remain.
 */
import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";
import type {
  ItemReliability,
  LanguageGroup,
  ReliabilityFlag,
  ReliabilityReport,
  ReliabilityThresholds,
  ScaleLanguageComparison,
  ScaleReliability,
} from "@shared/reliability";

export type {
  ItemReliability,
  LanguageGroup,
  ReliabilityFlag,
  ReliabilityReport,
  ReliabilityThresholds,
  ScaleLanguageComparison,
  ScaleReliability,
};

/** One scale of the questionnaire: the items whose scores add up to it. */
export interface ScaleDefinition {
  scaleId: string;
  itemIds: readonly string[];
}

/** One respondent's item scores (after reverse-keying); null: unanswered. */
export interface Respondent {
  language: TestLanguage;
  scores: Readonly<Record<string, number | null>>;
}

/**
 * An item–rest correlation below this is flagged `low_item_rest`: the usual
 * rule of thumb for a corrected item–total correlation (0.2).
 */
export const MIN_ITEM_REST = 0.2;

/**
 * Alpha if the item is deleted must exceed alpha by MORE than this for the
 * item to be flagged `lowers_alpha`: rises in the fourth decimal are
 * sampling noise, not a reason to rewrite an item.
 */
export const MIN_ALPHA_GAIN = 0.001;

export const RELIABILITY_THRESHOLDS: ReliabilityThresholds = {
  minItemRest: MIN_ITEM_REST,
  minAlphaGain: MIN_ALPHA_GAIN,
};

// ---------------------------------------------------------------------------
// Descriptive statistics

const sum = (values: readonly number[]) =>
  values.reduce((total, value) => total + value, 0);

/** Arithmetic mean; null for no values. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/**
 * Sample variance Σ(x − x̄)² / (n − 1); null when n < 2. Exactly 0 when all
 * values are equal (no rounding residue to divide by later).
 */
export function sampleVariance(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const first = values[0]!;
  if (values.every((value) => value === first)) return 0;
  const m = sum(values) / values.length;
  return (
    values.reduce((total, value) => total + (value - m) ** 2, 0) /
    (values.length - 1)
  );
}

/** Sample standard deviation (n − 1); null when n < 2. */
export function sampleSd(values: readonly number[]): number | null {
  const variance = sampleVariance(values);
  return variance === null ? null : Math.sqrt(variance);
}

/**
 * Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²); null when
 * n < 2 or either side does not vary. Clamped to [−1, 1] (rounding only).
 */
export function pearson(
  x: readonly number[],
  y: readonly number[],
): number | null {
  if (x.length !== y.length)
    throw new RangeError(`pearson: ${x.length} x values, ${y.length} y`);
  const vx = sampleVariance(x);
  const vy = sampleVariance(y);
  if (vx === null || vy === null || vx === 0 || vy === 0) return null;
  const mx = sum(x) / x.length;
  const my = sum(y) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    const dx = xi - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

// ---------------------------------------------------------------------------
// Cronbach's alpha

/** Per respondent, the sum of the given items (columns of equal length). */
function totals(items: readonly (readonly number[])[]): number[] {
  const n = items[0]?.length ?? 0;
  return Array.from({ length: n }, (_, row) =>
    sum(items.map((item) => item[row]!)),
  );
}

/**
 * Cronbach's alpha α = k/(k−1) · (1 − Σ var(item) / var(total)) with sample
 * variances. `items` are columns: items[i][r] is respondent r's score on
 * item i, every respondent complete. Null when k < 2, n < 2 or the total
 * does not vary. Can be negative (items pulling against each other);
 * never above 1 (clamped against rounding only).
 */
export function cronbachAlpha(
  items: readonly (readonly number[])[],
): number | null {
  const k = items.length;
  const n = items[0]?.length ?? 0;
  if (items.some((item) => item.length !== n))
    throw new RangeError("cronbachAlpha: items of different lengths");
  if (k < 2 || n < 2) return null;
  const totalVariance = sampleVariance(totals(items))!;
  if (totalVariance === 0) return null;
  const itemVariances = sum(items.map((item) => sampleVariance(item)!));
  return Math.min(1, (k / (k - 1)) * (1 - itemVariances / totalVariance));
}

// ---------------------------------------------------------------------------
// Scales

function checkScales(scales: readonly ScaleDefinition[]): void {
  const seen = new Set<string>();
  for (const scale of scales) {
    if (seen.has(scale.scaleId))
      throw new RangeError(`scale ${scale.scaleId} is defined twice`);
    seen.add(scale.scaleId);
    if (new Set(scale.itemIds).size !== scale.itemIds.length)
      throw new RangeError(`scale ${scale.scaleId} lists an item twice`);
  }
}

/**
 * The scale's items as columns over the respondents who answered every one
 * of them (listwise), and how many were left out. A score that is not a
 * finite number is a caller's bug, not a missing answer: it throws.
 */
export function completeItems(
  scale: ScaleDefinition,
  respondents: readonly Respondent[],
): { items: number[][]; excluded: number } {
  const items = scale.itemIds.map(() => [] as number[]);
  let excluded = 0;
  for (const respondent of respondents) {
    const row: number[] = [];
    for (const itemId of scale.itemIds) {
      const score = respondent.scores[itemId];
      if (score === null || score === undefined) continue;
      if (!Number.isFinite(score))
        throw new RangeError(`item ${itemId}: score ${score} is not a number`);
      row.push(score);
    }
    if (row.length < scale.itemIds.length) excluded++;
    else row.forEach((score, i) => items[i]!.push(score));
  }
  return { items, excluded };
}

/**
 * Alpha of one scale among the respondents of one language, with each
 * item's mean, SD, item–rest r and alpha if deleted, and its flags:
 * `lowers_alpha` when alpha if deleted − alpha > `minAlphaGain` (both
 * defined), `low_item_rest` when the item–rest r < `minItemRest` (defined).
 */
export function scaleReliability(
  scale: ScaleDefinition,
  language: TestLanguage,
  respondents: readonly Respondent[],
  thresholds: ReliabilityThresholds = RELIABILITY_THRESHOLDS,
): ScaleReliability {
  checkScales([scale]);
  const { items, excluded } = completeItems(
    scale,
    respondents.filter((respondent) => respondent.language === language),
  );
  const n = items[0]?.length ?? 0;
  const alpha = cronbachAlpha(items);
  return {
    scaleId: scale.scaleId,
    language,
    n,
    excluded,
    k: items.length,
    alpha,
    items: scale.itemIds.map((itemId, i): ItemReliability => {
      const item = items[i]!;
      const others = items.filter((_, j) => j !== i);
      const itemRest =
        others.length === 0 ? null : pearson(item, totals(others));
      const alphaIfDeleted = cronbachAlpha(others);
      const flags: ReliabilityFlag[] = [];
      if (
        alpha !== null &&
        alphaIfDeleted !== null &&
        alphaIfDeleted - alpha > thresholds.minAlphaGain
      )
        flags.push("lowers_alpha");
      if (itemRest !== null && itemRest < thresholds.minItemRest)
        flags.push("low_item_rest");
      return {
        itemId,
        mean: mean(item),
        sd: sampleSd(item),
        itemRest,
        alphaIfDeleted,
        flags,
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Kazakh and Russian

/**
 * Cohen's d = (x̄₁ − x̄₂) / s_p with the pooled SD
 * s_p = √(((n₁−1)s₁² + (n₂−1)s₂²) / (n₁+n₂−2)) of sample variances (no
 * small-sample correction). Null unless each group has n ≥ 2 and s_p > 0.
 */
export function cohensD(
  first: readonly number[],
  second: readonly number[],
): number | null {
  const v1 = sampleVariance(first);
  const v2 = sampleVariance(second);
  if (v1 === null || v2 === null) return null;
  const n1 = first.length;
  const n2 = second.length;
  const pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2);
  if (pooled === 0) return null;
  return (sum(first) / n1 - sum(second) / n2) / Math.sqrt(pooled);
}

/**
 * A scale's raw score (the sum of its items) in Kazakh and in Russian,
 * among the respondents complete on the scale: n, mean and SD per
 * language, kk − ru and Cohen's d (kk over ru: positive when kk is higher).
 */
export function compareScaleLanguages(
  scale: ScaleDefinition,
  respondents: readonly Respondent[],
): ScaleLanguageComparison {
  checkScales([scale]);
  const raw = (language: TestLanguage) =>
    totals(
      completeItems(
        scale,
        respondents.filter((respondent) => respondent.language === language),
      ).items,
    );
  const kkRaw = raw("kk");
  const ruRaw = raw("ru");
  const group = (values: number[]): LanguageGroup => ({
    n: values.length,
    mean: mean(values),
    sd: sampleSd(values),
  });
  const kk = group(kkRaw);
  const ru = group(ruRaw);
  return {
    scaleId: scale.scaleId,
    kk,
    ru,
    difference: kk.mean === null || ru.mean === null ? null : kk.mean - ru.mean,
    cohensD: cohensD(kkRaw, ruRaw),
  };
}

// ---------------------------------------------------------------------------
// The report

/**
 * Every scale's reliability in each test language (in definition order,
 * kk then ru) and the kk/ru comparison of every scale.
 */
export function reliabilityReport(
  scales: readonly ScaleDefinition[],
  respondents: readonly Respondent[],
  thresholds: ReliabilityThresholds = RELIABILITY_THRESHOLDS,
): ReliabilityReport {
  checkScales(scales);
  return {
    thresholds: { ...thresholds },
    scales: scales.flatMap((scale) =>
      TEST_LANGUAGES.map((language) =>
        scaleReliability(scale, language, respondents, thresholds),
      ),
    ),
    languages: scales.map((scale) => compareScaleLanguages(scale, respondents)),
  };
}
