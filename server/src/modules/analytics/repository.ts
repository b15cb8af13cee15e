import type { Redis } from "ioredis";
import { script } from "../../redis/scripts";
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
 */
export const analyticsKeys = {
  slot: (slotId: string) => `analytics:slot:${slotId}`,
  slotComputedAt: (slotId: string) => `analytics:slot:${slotId}:computedAt`,
  programSlots: (programId: string) => `analytics:program:${programId}:slots`,
  centerSlots: (centerId: string) => `analytics:center:${centerId}:slots`,
  programItems: (programId: string) => `analytics:program:${programId}:items`,
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

/**
 * Stores a slot's analytics and indexes it by program and center, unless a
 * run that started later stored its own (analytics-save.lua). Returns
 * whether it was stored.
 */
export async function saveSlotAnalytics(
  redis: Redis,
  analytics: SlotAnalytics,
): Promise<boolean> {
  const stored = await script("analytics-save").run(
    redis,
    [
      analyticsKeys.slot(analytics.slotId),
      analyticsKeys.slotComputedAt(analytics.slotId),
      analyticsKeys.programSlots(analytics.programId),
      analyticsKeys.centerSlots(analytics.centerId),
    ],
    [
      JSON.stringify(analytics),
      analytics.computedAt,
      analytics.startsAt,
      analytics.slotId,
    ],
  );
  return Number(stored) === 1;
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

export async function saveProgramItems(
  redis: Redis,
  analytics: ProgramItemAnalytics,
): Promise<void> {
  await redis.set(
    analyticsKeys.programItems(analytics.programId),
    JSON.stringify(analytics),
  );
}
