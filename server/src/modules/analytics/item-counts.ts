/**
 * Item statistics from mergeable counts: what `itemStatistics` needs of a
 * set of results, kept as counts and sums that add up over slots, so a
 * program's statistics are computed from one stored aggregate per item
 * however many slots it has (a slot's run takes its previous counts out of
 * each item it changes and puts its new ones in: repository.ts,
 * analytics-save.lua). Pure: no Redis.
 *
 * Per language, item and total score y (the candidate's official correct
 * count): drawn, right, right-and-counted (right and not voided: what the
 * rest score takes out), omitted, voided rows, and per option how many chose
 * it. Facility, omitted, option shares and the point-biserial come out the
 * same as from the pooled results (the sums are integers, exact); the upper
 * group (top 27 % by total score) too, except when candidates tied on the
 * score at the group's boundary fall on both sides of it: today's rule
 * takes the lower attempt ids, which counts cannot know, so the tied score
 * counts in proportion to the places left (k of m tied candidates: each
 * counts k/m), the average over every order of the tied candidates.
 */
import {
  UPPER_GROUP_SHARE,
  type AnalyticsSettings,
  type CandidateResult,
  type ItemFlag,
  type ItemKey,
  type ItemStatistics,
  type LanguageComparison,
} from "./stats";

/** One item's rows of one total score. */
export interface ScoreCounts {
  drawn: number;
  right: number;
  /** Right and not voided: the item is part of the official score. */
  counted: number;
  omitted: number;
  voided: number;
  /** Option id → candidates who chose it. */
  chosen: Map<string, number>;
}

export interface ItemCounts {
  /** Section id → rows (one in practice: an item belongs to one section). */
  sections: Map<string, number>;
  timeSumMs: number;
  timed: number;
  /** Total score → counts. */
  byScore: Map<number, ScoreCounts>;
}

export type CountLanguage = "kk" | "ru";

/** The counts of a set of results: one slot's, or a program's merged. */
export interface ResultCounts {
  slots: number;
  candidates: number;
  items: Record<CountLanguage, Map<string, ItemCounts>>;
}

export const emptyCounts = (): ResultCounts => ({
  slots: 0,
  candidates: 0,
  items: { kk: new Map(), ru: new Map() },
});

const emptyScore = (): ScoreCounts => ({
  drawn: 0,
  right: 0,
  counted: 0,
  omitted: 0,
  voided: 0,
  chosen: new Map(),
});

const emptyItem = (): ItemCounts => ({
  sections: new Map(),
  timeSumMs: 0,
  timed: 0,
  byScore: new Map(),
});

const bump = <K>(map: Map<K, number>, key: K, by: number) =>
  map.set(key, (map.get(key) ?? 0) + by);

function itemOf(items: Map<string, ItemCounts>, itemId: string): ItemCounts {
  let item = items.get(itemId);
  if (!item) {
    item = emptyItem();
    items.set(itemId, item);
  }
  return item;
}

function scoreOf(item: ItemCounts, score: number): ScoreCounts {
  let counts = item.byScore.get(score);
  if (!counts) {
    counts = emptyScore();
    item.byScore.set(score, counts);
  }
  return counts;
}

/** The counts of one slot's results (`slots` is 1, even with no result). */
export function countResults(
  results: readonly CandidateResult[],
): ResultCounts {
  const counts = emptyCounts();
  counts.slots = 1;
  counts.candidates = results.length;
  for (const result of results) {
    const items = counts.items[result.language];
    for (const row of result.items) {
      const item = itemOf(items, row.itemId);
      bump(item.sections, row.sectionId, 1);
      if (row.timeMs !== null) {
        item.timeSumMs += row.timeMs;
        item.timed++;
      }
      const score = scoreOf(item, result.correct);
      score.drawn++;
      if (row.correct) score.right++;
      if (row.correct && !row.voided) score.counted++;
      if (row.chosen.length === 0) score.omitted++;
      if (row.voided === true) score.voided++;
      for (const optionId of row.chosen) bump(score.chosen, optionId, 1);
    }
  }
  return counts;
}

function addItem(into: ItemCounts, from: ItemCounts, sign: number) {
  for (const [sectionId, rows] of from.sections)
    bump(into.sections, sectionId, sign * rows);
  into.timeSumMs += sign * from.timeSumMs;
  into.timed += sign * from.timed;
  for (const [score, counts] of from.byScore) {
    const target = scoreOf(into, score);
    target.drawn += sign * counts.drawn;
    target.right += sign * counts.right;
    target.counted += sign * counts.counted;
    target.omitted += sign * counts.omitted;
    target.voided += sign * counts.voided;
    for (const [optionId, chosen] of counts.chosen)
      bump(target.chosen, optionId, sign * chosen);
  }
}

/** Adds counts: of several slots, or of both languages. */
export function mergeCounts(parts: readonly ResultCounts[]): ResultCounts {
  const merged = emptyCounts();
  for (const part of parts) {
    merged.slots += part.slots;
    merged.candidates += part.candidates;
    for (const language of ["kk", "ru"] as const) {
      for (const [itemId, item] of part.items[language])
        addItem(itemOf(merged.items[language], itemId), item, 1);
    }
  }
  return merged;
}

/** One language's items, or both languages' added ("all"). */
export function itemsOfLanguage(
  counts: ResultCounts,
  language: CountLanguage | "all",
): Map<string, ItemCounts> {
  if (language !== "all") return counts.items[language];
  const all = new Map<string, ItemCounts>();
  for (const part of [counts.items.kk, counts.items.ru]) {
    for (const [itemId, item] of part) addItem(itemOf(all, itemId), item, 1);
  }
  return all;
}

// ---------------------------------------------------------------------------
// Stored form: one small JSON value per item (both languages)

/** One item's counts in each language that drew it. */
export type ItemPair = Partial<Record<CountLanguage, ItemCounts>>;

/** [score, drawn, right, counted, omitted, voided, {optionId: chosen}] */
type StoredScore = [
  number,
  number,
  number,
  number,
  number,
  number,
  Record<string, number>,
];
interface StoredItem {
  /** Section id → rows. */
  s: Record<string, number>;
  t: number;
  tn: number;
  y: StoredScore[];
}

const isEmptyItem = (item: ItemCounts) =>
  [...item.byScore.values()].every((counts) => counts.drawn === 0);

function storedItem(item: ItemCounts): StoredItem {
  // Canonical (sorted, zeros left out): equal counts encode equally.
  const nonZero = (map: ReadonlyMap<string, number>) =>
    Object.fromEntries(
      [...map]
        .filter(([, count]) => count !== 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  return {
    s: nonZero(item.sections),
    t: item.timeSumMs,
    tn: item.timed,
    y: [...item.byScore]
      .filter(([, counts]) => counts.drawn !== 0)
      .sort(([a], [b]) => a - b)
      .map(([score, counts]) => [
        score,
        counts.drawn,
        counts.right,
        counts.counted,
        counts.omitted,
        counts.voided,
        nonZero(counts.chosen),
      ]),
  };
}

function itemFromStored(stored: StoredItem): ItemCounts {
  const item = emptyItem();
  for (const [sectionId, rows] of Object.entries(stored.s))
    item.sections.set(sectionId, rows);
  item.timeSumMs = stored.t;
  item.timed = stored.tn;
  for (const [
    score,
    drawn,
    right,
    counted,
    omitted,
    voided,
    chosen,
  ] of stored.y)
    item.byScore.set(score, {
      drawn,
      right,
      counted,
      omitted,
      voided,
      chosen: new Map(Object.entries(chosen)),
    });
  return item;
}

/** An item's counts as stored: "" when no language has a row left. */
export function encodeItemPair(pair: ItemPair): string {
  const stored: Partial<Record<CountLanguage, StoredItem>> = {};
  for (const language of ["kk", "ru"] as const) {
    const item = pair[language];
    if (item && !isEmptyItem(item)) stored[language] = storedItem(item);
  }
  return Object.keys(stored).length === 0 ? "" : JSON.stringify(stored);
}

export function decodeItemPair(json: string | null | undefined): ItemPair {
  if (!json) return {};
  const stored = JSON.parse(json) as Partial<Record<CountLanguage, StoredItem>>;
  const pair: ItemPair = {};
  for (const language of ["kk", "ru"] as const) {
    const item = stored[language];
    if (item) pair[language] = itemFromStored(item);
  }
  return pair;
}

/** The items of counts, each with both languages. */
export function itemPairsOf(counts: ResultCounts): Map<string, ItemPair> {
  const pairs = new Map<string, ItemPair>();
  for (const language of ["kk", "ru"] as const) {
    for (const [itemId, item] of counts.items[language]) {
      const pair = pairs.get(itemId) ?? {};
      pair[language] = item;
      pairs.set(itemId, pair);
    }
  }
  return pairs;
}

/**
 * An item's stored aggregate with one slot's previous counts taken out and
 * its new ones put in.
 */
export function replaceInItem(
  aggregate: ItemPair,
  previous: ItemPair,
  next: ItemPair,
): ItemPair {
  const merged: ItemPair = {};
  for (const language of ["kk", "ru"] as const) {
    const item = emptyItem();
    if (aggregate[language]) addItem(item, aggregate[language], 1);
    if (previous[language]) addItem(item, previous[language], -1);
    if (next[language]) addItem(item, next[language], 1);
    merged[language] = item;
  }
  return merged;
}

/** A slot's counts as stored (one JSON value). */
export function encodeSlotCounts(counts: ResultCounts): string {
  return JSON.stringify({
    slots: counts.slots,
    candidates: counts.candidates,
    items: Object.fromEntries(
      [...itemPairsOf(counts)].map(([itemId, pair]) => [
        itemId,
        encodeItemPair(pair),
      ]),
    ),
  });
}

export function decodeSlotCounts(json: string | null): ResultCounts {
  const counts = emptyCounts();
  if (!json) return counts;
  const stored = JSON.parse(json) as {
    slots: number;
    candidates: number;
    items: Record<string, string>;
  };
  counts.slots = stored.slots;
  counts.candidates = stored.candidates;
  for (const [itemId, encoded] of Object.entries(stored.items)) {
    const pair = decodeItemPair(encoded);
    for (const language of ["kk", "ru"] as const) {
      const item = pair[language];
      if (item) counts.items[language].set(itemId, item);
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------
// Statistics from counts

interface ItemSums {
  drawn: number;
  right: number;
  omitted: number;
  voided: number;
  chosen: Map<string, number>;
  /** Rest score (total minus the item, when counted): Σ, Σ², Σ over right rows. */
  sumRest: bigint;
  sumRestSquared: bigint;
  sumRightRest: bigint;
}

function sumsOf(item: ItemCounts): ItemSums {
  const sums: ItemSums = {
    drawn: 0,
    right: 0,
    omitted: 0,
    voided: 0,
    chosen: new Map(),
    sumRest: 0n,
    sumRestSquared: 0n,
    sumRightRest: 0n,
  };
  for (const [score, counts] of item.byScore) {
    const y = BigInt(score);
    const drawn = BigInt(counts.drawn);
    const counted = BigInt(counts.counted);
    sums.drawn += counts.drawn;
    sums.right += counts.right;
    sums.omitted += counts.omitted;
    sums.voided += counts.voided;
    for (const [optionId, chosen] of counts.chosen)
      bump(sums.chosen, optionId, chosen);
    // Rest = y − 1 for a counted right row, y otherwise.
    sums.sumRest += drawn * y - counted;
    sums.sumRestSquared += drawn * y * y - counted * (2n * y - 1n);
    sums.sumRightRest += BigInt(counts.right) * y - counted;
  }
  return sums;
}

/**
 * The point-biserial r = (M₁ − M₀) / s · √(p·q) from sums (`pointBiserial`
 * in stats.ts from the pairs): the same nulls, the same value up to the
 * last bits of floating point (the sums here are exact).
 */
export function pointBiserialFromSums(sums: {
  n: number;
  right: number;
  sumRest: bigint;
  sumRestSquared: bigint;
  sumRightRest: bigint;
}): number | null {
  const { n, right } = sums;
  if (n < 2) return null;
  const p = right / n;
  if (p === 0 || p === 1) return null;
  // n²·variance, exact.
  const scaledVariance =
    BigInt(n) * sums.sumRestSquared - sums.sumRest * sums.sumRest;
  if (scaledVariance <= 0n) return null;
  const deviation = Math.sqrt(Number(scaledVariance)) / n;
  const meanRight = Number(sums.sumRightRest) / right;
  const meanWrong = Number(sums.sumRest - sums.sumRightRest) / (n - right);
  return ((meanRight - meanWrong) / deviation) * Math.sqrt(p * (1 - p));
}

/**
 * The upper group's count of rows with a property, from per-score counts:
 * the top `size` rows by total score, a tie straddling the boundary counted
 * in proportion (see the file's comment).
 */
function upperCount(
  highestFirst: readonly ScoreCounts[],
  size: number,
  count: (counts: ScoreCounts) => number,
): number {
  let left = size;
  let total = 0;
  for (const counts of highestFirst) {
    if (left <= 0) break;
    if (counts.drawn <= 0) continue;
    const taken = Math.min(left, counts.drawn);
    total +=
      taken === counts.drawn
        ? count(counts)
        : (count(counts) * taken) / counts.drawn;
    left -= taken;
  }
  return total;
}

/**
 * Items in bank order (the order of `keys`: the catalog's), then items the
 * bank no longer has, by id. (From pooled results the order was that of
 * first appearance; counts keep no order.)
 */
function orderedItems(
  items: ReadonlyMap<string, ItemCounts>,
  keys: ReadonlyMap<string, ItemKey>,
): [string, ItemCounts][] {
  const rank = new Map(
    [...keys.keys()].map((itemId, index) => [itemId, index]),
  );
  return [...items]
    .filter(([, item]) => [...item.byScore.values()].some((c) => c.drawn > 0))
    .sort(
      ([a], [b]) =>
        (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
}

/** `itemStatistics` (stats.ts) of the results the counts were made of. */
export function itemStatisticsFromCounts(
  items: ReadonlyMap<string, ItemCounts>,
  keys: ReadonlyMap<string, ItemKey>,
  settings: AnalyticsSettings,
): ItemStatistics[] {
  return orderedItems(items, keys).map(([itemId, item]) => {
    const key = keys.get(itemId);
    const sums = sumsOf(item);
    const drawn = sums.drawn;
    const discrimination = pointBiserialFromSums({ n: drawn, ...sums });
    const highestFirst = [...item.byScore]
      .sort(([a], [b]) => b - a)
      .map(([, counts]) => counts);
    // As `upperGroup`: at least one, rounded up (never more than drawn).
    const size = Math.max(1, Math.ceil(UPPER_GROUP_SHARE * drawn));
    const optionIds =
      key?.options ??
      [...sums.chosen]
        .filter(([, chosen]) => chosen > 0)
        .map(([optionId]) => optionId)
        .sort();
    const optionShares = optionIds.map((optionId) => ({
      optionId,
      key: key?.correct.includes(optionId) ?? false,
      share: (sums.chosen.get(optionId) ?? 0) / drawn,
      upperShare:
        upperCount(
          highestFirst,
          size,
          (counts) => counts.chosen.get(optionId) ?? 0,
        ) / size,
    }));
    const flags: ItemFlag[] = [];
    if (drawn >= settings.minDrawn) {
      if (discrimination !== null && discrimination < 0)
        flags.push("negative_discrimination");
      else if (
        discrimination !== null &&
        discrimination < settings.minDiscrimination
      )
        flags.push("low_discrimination");
      const upperRight =
        upperCount(highestFirst, size, (counts) => counts.right) / size;
      if (
        optionShares.some(
          (option) => !option.key && option.upperShare > upperRight,
        )
      ) {
        flags.push("distractor_over_key");
      }
    }
    const sections = [...item.sections]
      .filter(([, rows]) => rows > 0)
      .sort(([, a], [, b]) => b - a);
    return {
      itemId,
      sectionId: sections[0]?.[0] ?? "",
      drawn,
      facility: sums.right / drawn,
      discrimination,
      optionShares,
      omitted: sums.omitted / drawn,
      meanTimeMs: item.timed === 0 ? null : item.timeSumMs / item.timed,
      flags,
      voided: sums.voided > 0,
    };
  });
}

/** `compareLanguages` (stats.ts) of the results the counts were made of. */
export function compareLanguagesFromCounts(
  counts: ResultCounts,
  keys: ReadonlyMap<string, ItemKey>,
  settings: AnalyticsSettings,
): LanguageComparison[] {
  const side = (item: ItemCounts | undefined) => {
    let drawn = 0;
    let right = 0;
    for (const scoreCounts of item?.byScore.values() ?? []) {
      drawn += scoreCounts.drawn;
      right += scoreCounts.right;
    }
    return { drawn, facility: drawn === 0 ? null : right / drawn };
  };
  return orderedItems(itemsOfLanguage(counts, "all"), keys).map(([itemId]) => {
    const kk = side(counts.items.kk.get(itemId));
    const ru = side(counts.items.ru.get(itemId));
    const difference =
      kk.facility === null || ru.facility === null
        ? null
        : kk.facility - ru.facility;
    return {
      itemId,
      kk,
      ru,
      difference,
      flagged:
        difference !== null &&
        kk.drawn >= settings.minDrawn &&
        ru.drawn >= settings.minDrawn &&
        Math.abs(difference) > settings.languageMargin,
    };
  });
}
