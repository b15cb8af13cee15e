import type { Redis } from "ioredis";
import { script } from "../../redis/scripts";
import {
  countResults,
  decodeItemPair,
  decodeSlotCounts,
  emptyCounts,
  encodeItemPair,
  encodeSlotCounts,
  itemPairsOf,
  replaceInItem,
  type ItemPair,
  type ResultCounts,
} from "./item-counts";
import type {
  AnalyticsSettings,
  CandidateResult,
  Distribution,
  ItemStatistics,
  LanguageComparison,
  StageCompliance,
  StageMeasure,
  Summary,
} from "./stats";

/**
 * Keys (written only by the `analytics.compute` job):
 *   analytics:slot:<slotId>             JSON: SlotAnalytics
 *   analytics:slot:<slotId>:computedAt  when the stored run started (ms)
 *   analytics:program:<programId>:slots zset: slotId by startsAt
 *   analytics:center:<centerId>:slots   zset: slotId by startsAt
 *   analytics:program:<programId>:items JSON: ProgramItemAnalytics
 *   analytics:slot:<slotId>:counts      JSON: the slot's item counts
 *                                       (item-counts.ts), as added into
 *   analytics:slot:<slotId>:counts:version  bumped with each change
 *   analytics:program:<programId>:item:<itemId>  JSON: the item's counts
 *                                       over every slot of the program
 *   analytics:program:<programId>:item-versions  zset: itemId by the
 *                                       version of its counts
 *   analytics:program:<programId>:counts:{slots,candidates}  counted
 *   analytics:program:<programId>:counts:version  bumped by each change
 *   analytics:program:<programId>:counts:ready  set once every slot stored
 *                                       before the counts existed was added
 *   analytics:program:<programId>:items:version  the counts' version
 *                                       the stored statistics were made of
 *   analytics:slot:<slotId>:summary     JSON: SlotSummary (no names: the
 *                                       period reports; retention rewrites
 *                                       only the slot's JSON)
 */
export const analyticsKeys = {
  slot: (slotId: string) => `analytics:slot:${slotId}`,
  slotComputedAt: (slotId: string) => `analytics:slot:${slotId}:computedAt`,
  programSlots: (programId: string) => `analytics:program:${programId}:slots`,
  centerSlots: (centerId: string) => `analytics:center:${centerId}:slots`,
  programItems: (programId: string) => `analytics:program:${programId}:items`,
  slotCounts: (slotId: string) => `analytics:slot:${slotId}:counts`,
  slotCountsVersion: (slotId: string) =>
    `analytics:slot:${slotId}:counts:version`,
  programItem: (programId: string, itemId: string) =>
    `analytics:program:${programId}:item:${itemId}`,
  programItemVersions: (programId: string) =>
    `analytics:program:${programId}:item-versions`,
  programCounted: (programId: string, what: "slots" | "candidates") =>
    `analytics:program:${programId}:counts:${what}`,
  programCountsVersion: (programId: string) =>
    `analytics:program:${programId}:counts:version`,
  programCountsReady: (programId: string) =>
    `analytics:program:${programId}:counts:ready`,
  slotSummary: (slotId: string) => `analytics:slot:${slotId}:summary`,
  programItemsVersion: (programId: string) =>
    `analytics:program:${programId}:items:version`,
};

/** One official result as the exports list it. */
export interface CandidateRow {
  attemptId: string;
  bookingId: string;
  fullName: string;
  iin: string;
  language: "kk" | "ru";
  seatId: string;
  correct: number;
  total: number;
  passed: boolean;
  sections: {
    sectionId: string;
    correct: number;
    total: number;
    passed: boolean;
  }[];
  timeUsedMs: number;
  incidents: number;
  pauses: number;
  officialAt: number;
  certificateNumber: string | null;
}

export interface ComplianceRow {
  attemptId: string;
  fullName: string;
  slotId: string;
  stages: StageMeasure[];
}

export interface SlotAnalytics {
  slotId: string;
  centerId: string;
  programId: string;
  startsAt: number;
  computedAt: number;
  settings: AnalyticsSettings;
  maxScore: number;
  minCorrectTotal: number;
  sectionIds: string[];
  summary: Summary;
  distribution: Distribution;
  candidates: CandidateRow[];
  /** Per candidate and item: what the program's item statistics are made of. */
  results: CandidateResult[];
  items: ItemStatistics[];
  compliance: { stages: StageCompliance[]; candidates: ComplianceRow[] };
}

export interface ProgramItemAnalytics {
  programId: string;
  computedAt: number;
  settings: AnalyticsSettings;
  slots: number;
  candidates: number;
  voidedItemIds: string[];
  items: Record<"all" | "kk" | "ru", ItemStatistics[]>;
  languages: LanguageComparison[];
}

/** What a program's period report needs of a slot: counts, no names. */
export interface SlotSummary {
  slotId: string;
  centerId: string;
  programId: string;
  startsAt: number;
  computedAt: number;
  summary: Summary;
  candidates: number;
  passRate: number | null;
}

export const slotSummaryOf = (analytics: SlotAnalytics): SlotSummary => ({
  slotId: analytics.slotId,
  centerId: analytics.centerId,
  programId: analytics.programId,
  startsAt: analytics.startsAt,
  computedAt: analytics.computedAt,
  summary: analytics.summary,
  candidates: analytics.distribution.candidates,
  passRate: analytics.distribution.passRate,
});

const parse = <T>(json: string | null): T | null =>
  json ? (JSON.parse(json) as T) : null;

export async function getSlotAnalytics(
  redis: Redis,
  slotId: string,
): Promise<SlotAnalytics | null> {
  return parse<SlotAnalytics>(await redis.get(analyticsKeys.slot(slotId)));
}

export async function getSlotAnalyticsMany(
  redis: Redis,
  slotIds: readonly string[],
): Promise<SlotAnalytics[]> {
  if (slotIds.length === 0) return [];
  const found = await redis.mget(slotIds.map(analyticsKeys.slot));
  return found
    .map((json) => parse<SlotAnalytics>(json))
    .filter((slot): slot is SlotAnalytics => slot !== null);
}

/** Rounds of read-and-apply before a slot's save gives up (analytics-save.lua). */
const SAVE_ATTEMPTS = 50;

/**
 * One slot's save (or backfill): reads the slot's previous counts and the
 * aggregates of the items whose counts change, replaces the slot's share
 * in them, and hands that to analytics-save.lua, which applies it only if
 * nothing read changed meanwhile (else this reads again). Returns whether
 * it stored (0/1 of the script).
 */
async function writeSlot(
  redis: Redis,
  analytics: SlotAnalytics,
  mode: "save" | "backfill",
): Promise<boolean> {
  // `?? []`: analytics stored long ago may predate the results in them.
  const fresh = countResults(analytics.results ?? []);
  const freshPairs = itemPairsOf(fresh);
  const freshJson = encodeSlotCounts(fresh);
  const summary = JSON.stringify(slotSummaryOf(analytics));
  const stored = mode === "save" ? JSON.stringify(analytics) : "";
  const versionsKey = analyticsKeys.programItemVersions(analytics.programId);
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const [previousJson, previousVersion] = await redis.mget(
      analyticsKeys.slotCounts(analytics.slotId),
      analyticsKeys.slotCountsVersion(analytics.slotId),
    );
    if (mode === "backfill" && previousVersion !== null) return false;
    const previous = decodeSlotCounts(previousJson ?? null);
    const previousPairs = itemPairsOf(previous);
    // Only the items whose counts in this slot change.
    const changed = [
      ...new Set([...previousPairs.keys(), ...freshPairs.keys()]),
    ].filter(
      (itemId) =>
        encodeItemPair(previousPairs.get(itemId) ?? {}) !==
        encodeItemPair(freshPairs.get(itemId) ?? {}),
    );
    const [aggregates, versions] = await Promise.all([
      changed.length === 0
        ? []
        : redis.mget(
            changed.map((itemId) =>
              analyticsKeys.programItem(analytics.programId, itemId),
            ),
          ),
      changed.length === 0 ? [] : redis.zmscore(versionsKey, ...changed),
    ]);
    const itemArgs = changed.flatMap((itemId, index) => {
      const replaced: ItemPair = replaceInItem(
        decodeItemPair(aggregates[index]),
        previousPairs.get(itemId) ?? {},
        freshPairs.get(itemId) ?? {},
      );
      return [itemId, versions[index] ?? "0", encodeItemPair(replaced)];
    });
    const reply = Number(
      await script("analytics-save").run(
        redis,
        [
          analyticsKeys.slot(analytics.slotId),
          analyticsKeys.slotComputedAt(analytics.slotId),
          analyticsKeys.programSlots(analytics.programId),
          analyticsKeys.centerSlots(analytics.centerId),
          analyticsKeys.slotCounts(analytics.slotId),
          analyticsKeys.slotCountsVersion(analytics.slotId),
          versionsKey,
          analyticsKeys.slotSummary(analytics.slotId),
          analyticsKeys.programCounted(analytics.programId, "slots"),
          analyticsKeys.programCounted(analytics.programId, "candidates"),
          analyticsKeys.programCountsVersion(analytics.programId),
          ...changed.map((itemId) =>
            analyticsKeys.programItem(analytics.programId, itemId),
          ),
        ],
        [
          stored,
          analytics.computedAt,
          analytics.startsAt,
          analytics.slotId,
          mode,
          summary,
          previousVersion ?? "0",
          freshJson,
          fresh.slots - previous.slots,
          fresh.candidates - previous.candidates,
          ...itemArgs,
        ],
      ),
    );
    if (reply !== 2) return reply === 1;
  }
  throw new Error(
    `analytics: the counts of slot ${analytics.slotId} kept changing under its save`,
  );
}

/**
 * Stores a slot's analytics and indexes it by program and center, unless a
 * run that started later stored its own; in the same step replaces the
 * slot's share in its program's item counts (analytics-save.lua). Returns
 * whether it was stored.
 */
export async function saveSlotAnalytics(
  redis: Redis,
  analytics: SlotAnalytics,
): Promise<boolean> {
  return writeSlot(redis, analytics, "save");
}

/**
 * Adds the counts of a slot stored before the counts existed to its
 * program's, unless the slot has counts already (then they are in).
 * Idempotent. Returns whether it added them.
 */
export async function backfillSlotCounts(
  redis: Redis,
  analytics: SlotAnalytics,
): Promise<boolean> {
  return writeSlot(redis, analytics, "backfill");
}

/** Slots of a program stored but without counts (before they existed). */
export async function slotsWithoutCounts(
  redis: Redis,
  slotIds: readonly string[],
): Promise<string[]> {
  if (slotIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const slotId of slotIds)
    pipeline.exists(analyticsKeys.slotCounts(slotId));
  const found = (await pipeline.exec()) ?? [];
  return slotIds.filter((_slotId, index) => found[index]?.[1] !== 1);
}

/** Items whose aggregates are read at once. */
const ITEM_BATCH = 500;

/**
 * A program's merged item counts, whether they include every slot (false
 * until the backfill of the slots stored before them is done) and their
 * version: one hash and one value per item, however many slots.
 */
export async function getProgramCounts(
  redis: Redis,
  programId: string,
): Promise<{ counts: ResultCounts; ready: boolean; version: number }> {
  const [[slots, candidates, version, ready], versions] = await Promise.all([
    redis.mget(
      analyticsKeys.programCounted(programId, "slots"),
      analyticsKeys.programCounted(programId, "candidates"),
      analyticsKeys.programCountsVersion(programId),
      analyticsKeys.programCountsReady(programId),
    ),
    redis.zrange(analyticsKeys.programItemVersions(programId), 0, -1),
  ]);
  const counts = emptyCounts();
  counts.slots = Number(slots ?? 0);
  counts.candidates = Number(candidates ?? 0);
  for (let start = 0; start < versions.length; start += ITEM_BATCH) {
    const batch = versions.slice(start, start + ITEM_BATCH);
    const found = await redis.mget(
      batch.map((itemId) => analyticsKeys.programItem(programId, itemId)),
    );
    batch.forEach((itemId, index) => {
      const pair = decodeItemPair(found[index]);
      for (const language of ["kk", "ru"] as const) {
        const item = pair[language];
        if (item) counts.items[language].set(itemId, item);
      }
    });
  }
  return { counts, ready: ready === "1", version: Number(version ?? 0) };
}

export async function markProgramCountsReady(
  redis: Redis,
  programId: string,
): Promise<void> {
  await redis.set(analyticsKeys.programCountsReady(programId), "1");
}

/**
 * The period-report summaries of slots, in the order given: the stored
 * summary, or for a slot stored before summaries existed, made from its
 * analytics.
 */
export async function getSlotSummaries(
  redis: Redis,
  slotIds: readonly string[],
): Promise<SlotSummary[]> {
  if (slotIds.length === 0) return [];
  const found = await redis.mget(slotIds.map(analyticsKeys.slotSummary));
  const missing = slotIds.filter((_slotId, index) => !found[index]);
  const older = new Map(
    (await getSlotAnalyticsMany(redis, missing)).map((analytics) => [
      analytics.slotId,
      slotSummaryOf(analytics),
    ]),
  );
  return slotIds.flatMap((slotId, index) => {
    const summary =
      parse<SlotSummary>(found[index] ?? null) ?? older.get(slotId);
    return summary ? [summary] : [];
  });
}

/** Slots of a program with stored analytics, starting in [from, to]. */
export async function programSlotIds(
  redis: Redis,
  programId: string,
  from = -Infinity,
  to = Infinity,
): Promise<string[]> {
  return redis.zrangebyscore(analyticsKeys.programSlots(programId), from, to);
}

export async function centerSlotIds(
  redis: Redis,
  centerId: string,
  from = -Infinity,
  to = Infinity,
): Promise<string[]> {
  return redis.zrangebyscore(analyticsKeys.centerSlots(centerId), from, to);
}

export async function getProgramItems(
  redis: Redis,
  programId: string,
): Promise<ProgramItemAnalytics | null> {
  return parse<ProgramItemAnalytics>(
    await redis.get(analyticsKeys.programItems(programId)),
  );
}

/**
 * Stores a program's item statistics made of its counts at `version`,
 * unless statistics of a later version are stored (runs of the program's
 * slots overlap; the later reading wins: analytics-items-save.lua).
 * Returns whether it stored them.
 */
export async function saveProgramItems(
  redis: Redis,
  analytics: ProgramItemAnalytics,
  version: number,
): Promise<boolean> {
  const stored = await script("analytics-items-save").run(
    redis,
    [
      analyticsKeys.programItems(analytics.programId),
      analyticsKeys.programItemsVersion(analytics.programId),
    ],
    [JSON.stringify(analytics), version],
  );
  return Number(stored) === 1;
}
