/**
 * Results analytics as pure functions of plain values: no Redis, no clock.
 * The job (jobs.ts) gathers official results into these shapes; everything
 * here is unit-tested against hand-computed data (stats.test.ts).
 */
import { LIMITS } from "@shared/limits";

/** One item as a candidate met it. */
export interface CandidateItem {
  itemId: string;
  sectionId: string;
  correct: boolean;
  /** Option ids chosen (empty: unanswered). */
  chosen: string[];
  /** Estimated time on the item (see `timeOnItems`); null when never saved. */
  timeMs: number | null;
  /** Voided by an upheld appeal: outside the official score. */
  voided?: boolean;
}

/** One official result, as the statistics need it. */
export interface CandidateResult {
  attemptId: string;
  language: "kk" | "ru";
  correct: number;
  total: number;
  passed: boolean;
  sections: {
    sectionId: string;
    correct: number;
    total: number;
    passed: boolean;
  }[];
  /** Working time: end − start − paused time. */
  timeUsedMs: number;
  incidents: number;
  pauses: number;
  items: CandidateItem[];
}

/** What the item statistics need to know about an item from the bank. */
export interface ItemKey {
  itemId: string;
  options: readonly string[];
  correct: readonly string[];
}

export interface AnalyticsSettings {
  /** Discrimination below this (and ≥ 0) is flagged as near zero. */
  minDiscrimination: number;
  /** Facility difference kk − ru beyond this is flagged. */
  languageMargin: number;
  /** Items drawn fewer times are reported but never flagged. */
  minDrawn: number;
}

/** The share of candidates in the upper group (Kelley's 27 %). */
export const UPPER_GROUP_SHARE = 0.27;

// ---------------------------------------------------------------------------
// Distribution

export interface Summary {
  candidates: number;
  passed: number;
  /** Bin `i` counts candidates with exactly `i` correct answers. */
  histogram: number[];
  /** Per section: candidates who met the section's threshold. */
  sectionPassed: Record<string, number>;
  timeUsedMsSum: number;
  incidents: number;
  pauses: number;
}

/**
 * The additive summary of a set of results: counts and sums only, so the
 * summaries of several slots add up to the summary of all of them.
 */
export function summarize(
  results: readonly CandidateResult[],
  maxScore: number,
): Summary {
  const top = Math.max(maxScore, ...results.map((result) => result.correct), 0);
  const histogram = new Array<number>(top + 1).fill(0);
  const sectionPassed: Record<string, number> = {};
  let passed = 0;
  let timeUsedMsSum = 0;
  let incidents = 0;
  let pauses = 0;
  for (const result of results) {
    histogram[result.correct] = (histogram[result.correct] ?? 0) + 1;
    if (result.passed) passed++;
    for (const section of result.sections) {
      sectionPassed[section.sectionId] =
        (sectionPassed[section.sectionId] ?? 0) + (section.passed ? 1 : 0);
    }
    timeUsedMsSum += result.timeUsedMs;
    incidents += result.incidents;
    pauses += result.pauses;
  }
  return {
    candidates: results.length,
    passed,
    histogram,
    sectionPassed,
    timeUsedMsSum,
    incidents,
    pauses,
  };
}

/** Adds summaries (of slots of one program) into one. */
export function mergeSummaries(summaries: readonly Summary[]): Summary {
  const length = Math.max(
    0,
    ...summaries.map((summary) => summary.histogram.length),
  );
  const merged: Summary = {
    candidates: 0,
    passed: 0,
    histogram: new Array<number>(length).fill(0),
    sectionPassed: {},
    timeUsedMsSum: 0,
    incidents: 0,
    pauses: 0,
  };
  for (const summary of summaries) {
    merged.candidates += summary.candidates;
    merged.passed += summary.passed;
    summary.histogram.forEach((count, bin) => {
      merged.histogram[bin] = (merged.histogram[bin] ?? 0) + count;
    });
    for (const [sectionId, count] of Object.entries(summary.sectionPassed)) {
      merged.sectionPassed[sectionId] =
        (merged.sectionPassed[sectionId] ?? 0) + count;
    }
    merged.timeUsedMsSum += summary.timeUsedMsSum;
    merged.incidents += summary.incidents;
    merged.pauses += summary.pauses;
  }
  return merged;
}

export interface Distribution {
  candidates: number;
  histogram: { correct: number; candidates: number }[];
  passRate: number | null;
  sectionPassRates: { sectionId: string; passRate: number | null }[];
  meanTimeUsedMs: number | null;
  incidentsPer100: number | null;
  pausesPer100: number | null;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : part / whole;

/** Rates and means from a summary; null where there is nobody to divide by. */
export function describeSummary(
  summary: Summary,
  sectionIds: readonly string[],
): Distribution {
  const n = summary.candidates;
  return {
    candidates: n,
    histogram: summary.histogram.map((candidates, correct) => ({
      correct,
      candidates,
    })),
    passRate: ratio(summary.passed, n),
    sectionPassRates: sectionIds.map((sectionId) => ({
      sectionId,
      passRate: ratio(summary.sectionPassed[sectionId] ?? 0, n),
    })),
    meanTimeUsedMs: ratio(summary.timeUsedMsSum, n),
    incidentsPer100: n === 0 ? null : (100 * summary.incidents) / n,
    pausesPer100: n === 0 ? null : (100 * summary.pauses) / n,
  };
}

// ---------------------------------------------------------------------------
// Time on items

/**
 * Estimated time on each item from the save timeline: each save is charged
 * the time since the attempt's previous save (or since the test started,
 * for the first), less any pause in between, and added to its item. Time
 * spent reading an item that was never answered falls to the next save, so
 * this is an estimate; the kiosk does not report viewing times.
 */
export function timeOnItems(
  startedAt: number,
  saves: readonly { itemId: string; at: number }[],
  pauses: readonly { from: number; to: number }[] = [],
): Map<string, number> {
  const times = new Map<string, number>();
  let previous = startedAt;
  for (const save of [...saves].sort((a, b) => a.at - b.at)) {
    let interval = Math.max(0, save.at - previous);
    for (const pause of pauses) {
      const overlap =
        Math.min(save.at, pause.to) - Math.max(previous, pause.from);
      if (overlap > 0) interval -= overlap;
    }
    times.set(
      save.itemId,
      (times.get(save.itemId) ?? 0) + Math.max(0, interval),
    );
    previous = Math.max(previous, save.at);
  }
  return times;
}

// ---------------------------------------------------------------------------
// Item statistics

export type ItemFlag =
  "negative_discrimination" | "low_discrimination" | "distractor_over_key";

export interface ItemStatistics {
  itemId: string;
  sectionId: string;
  drawn: number;
  /** Share answering correctly. */
  facility: number | null;
  /** Point-biserial correlation of the item with the rest of the test. */
  discrimination: number | null;
  /** Per option: the share of candidates choosing it; `omitted` is separate. */
  optionShares: {
    optionId: string;
    key: boolean;
    share: number;
    upperShare: number | null;
  }[];
  omitted: number;
  meanTimeMs: number | null;
  flags: ItemFlag[];
  voided: boolean;
}

/**
 * Pearson correlation of a 0/1 item score with the rest score (total minus
 * the item): the point-biserial r = (M₁ − M₀) / s · √(p·q), s the
 * population standard deviation of the rest score. Null when everyone or
 * nobody is right, or the rest score does not vary.
 */
export function pointBiserial(
  pairs: readonly { correct: boolean; rest: number }[],
): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const right = pairs.filter((pair) => pair.correct);
  const p = right.length / n;
  if (p === 0 || p === 1) return null;
  const mean = pairs.reduce((sum, pair) => sum + pair.rest, 0) / n;
  const variance =
    pairs.reduce((sum, pair) => sum + (pair.rest - mean) ** 2, 0) / n;
  if (variance === 0) return null;
  const meanRight =
    right.reduce((sum, pair) => sum + pair.rest, 0) / right.length;
  const wrong = pairs.filter((pair) => !pair.correct);
  const meanWrong =
    wrong.reduce((sum, pair) => sum + pair.rest, 0) / wrong.length;
  return (
    ((meanRight - meanWrong) / Math.sqrt(variance)) * Math.sqrt(p * (1 - p))
  );
}

/**
 * The upper group: the top 27 % by total score (at least one candidate),
 * rounded up; ties at the boundary are broken by attempt id so the same
 * data always gives the same group.
 */
export function upperGroup<T extends { attemptId: string; correct: number }>(
  results: readonly T[],
): T[] {
  if (results.length === 0) return [];
  const size = Math.max(1, Math.ceil(UPPER_GROUP_SHARE * results.length));
  return [...results]
    .sort(
      (a, b) => b.correct - a.correct || a.attemptId.localeCompare(b.attemptId),
    )
    .slice(0, size);
}

/** Statistics of every item the results drew, in bank order of first appearance. */
export function itemStatistics(
  results: readonly CandidateResult[],
  keys: ReadonlyMap<string, ItemKey>,
  settings: AnalyticsSettings,
): ItemStatistics[] {
  const byItem = new Map<
    string,
    {
      sectionId: string;
      rows: { result: CandidateResult; item: CandidateItem }[];
    }
  >();
  for (const result of results) {
    for (const item of result.items) {
      const entry = byItem.get(item.itemId) ?? {
        sectionId: item.sectionId,
        rows: [],
      };
      entry.rows.push({ result, item });
      byItem.set(item.itemId, entry);
    }
  }
  const statistics: ItemStatistics[] = [];
  for (const [itemId, { sectionId, rows }] of byItem) {
    const key = keys.get(itemId);
    const drawn = rows.length;
    const right = rows.filter((row) => row.item.correct).length;
    const discrimination = pointBiserial(
      // A voided item is not in the official score, so nothing to take out.
      rows.map((row) => ({
        correct: row.item.correct,
        rest:
          row.result.correct - (row.item.correct && !row.item.voided ? 1 : 0),
      })),
    );
    const upper = new Set(
      upperGroup(rows.map((row) => row.result)).map(
        (result) => result.attemptId,
      ),
    );
    const upperRows = rows.filter((row) => upper.has(row.result.attemptId));
    const optionIds =
      key?.options ??
      [...new Set(rows.flatMap((row) => row.item.chosen))].sort();
    const optionShares = optionIds.map((optionId) => ({
      optionId,
      key: key?.correct.includes(optionId) ?? false,
      share:
        rows.filter((row) => row.item.chosen.includes(optionId)).length / drawn,
      upperShare:
        upperRows.length === 0
          ? null
          : upperRows.filter((row) => row.item.chosen.includes(optionId))
              .length / upperRows.length,
    }));
    const timed = rows
      .map((row) => row.item.timeMs)
      .filter((time): time is number => time !== null);
    const flags: ItemFlag[] = [];
    if (drawn >= settings.minDrawn) {
      if (discrimination !== null && discrimination < 0)
        flags.push("negative_discrimination");
      else if (
        discrimination !== null &&
        discrimination < settings.minDiscrimination
      )
        flags.push("low_discrimination");
      // A distractor more popular in the upper group than the right answer.
      const upperRight =
        upperRows.filter((row) => row.item.correct).length /
        Math.max(1, upperRows.length);
      if (
        optionShares.some(
          (option) =>
            !option.key &&
            option.upperShare !== null &&
            option.upperShare > upperRight,
        )
      ) {
        flags.push("distractor_over_key");
      }
    }
    statistics.push({
      itemId,
      sectionId,
      drawn,
      facility: right / drawn,
      discrimination,
      optionShares,
      omitted:
        rows.filter((row) => row.item.chosen.length === 0).length / drawn,
      meanTimeMs:
        timed.length === 0
          ? null
          : timed.reduce((sum, time) => sum + time, 0) / timed.length,
      flags,
      voided: rows.some((row) => row.item.voided === true),
    });
  }
  return statistics;
}

export interface LanguageComparison {
  itemId: string;
  kk: { drawn: number; facility: number | null };
  ru: { drawn: number; facility: number | null };
  /** kk − ru; null unless both languages have the item. */
  difference: number | null;
  flagged: boolean;
}

/**
 * The same item's facility in Kazakh and in Russian; flagged when both
 * languages drew it at least `minDrawn` times and the facilities differ by
 * more than the margin (a translation problem, or a different population).
 */
export function compareLanguages(
  results: readonly CandidateResult[],
  settings: AnalyticsSettings,
): LanguageComparison[] {
  const counts = new Map<
    string,
    Record<"kk" | "ru", { drawn: number; right: number }>
  >();
  for (const result of results) {
    for (const item of result.items) {
      const entry = counts.get(item.itemId) ?? {
        kk: { drawn: 0, right: 0 },
        ru: { drawn: 0, right: 0 },
      };
      entry[result.language].drawn++;
      if (item.correct) entry[result.language].right++;
      counts.set(item.itemId, entry);
    }
  }
  return [...counts].map(([itemId, entry]) => {
    const facility = (side: { drawn: number; right: number }) =>
      side.drawn === 0 ? null : side.right / side.drawn;
    const kk = { drawn: entry.kk.drawn, facility: facility(entry.kk) };
    const ru = { drawn: entry.ru.drawn, facility: facility(entry.ru) };
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

// ---------------------------------------------------------------------------
// Service-standard compliance

export const STAGES = [
  "booking",
  "admission",
  "instructions",
  "test",
  "signed",
  "issued",
  "handedOver",
] as const;
export type Stage = (typeof STAGES)[number];

/** The regulation's limits (order No. 184), in ms. */
export const STAGE_LIMITS_MS = {
  bookingOnline: 5 * 60_000,
  bookingAssisted: 30 * 60_000,
  admission: 10 * 60_000,
  instructions: 10 * 60_000,
  /** The ceiling of a program's duration (checked when banks load). */
  testCeiling: 125 * 60_000,
  signed: 10 * 60_000,
  /** §5(5): the outer limit the candidate is told (the document exists). */
  issued: LIMITS.maxResultMinutes * 60_000,
  /** §7(5): the administrator hands the document over. */
  handedOver: LIMITS.maxHandoverMinutes * 60_000,
} as const;

/** What the audit stream says about one candidate's day. */
export interface CandidateTimeline {
  attemptId: string;
  fullName: string;
  seatId: string;
  bookingSource: "online" | "staff" | "import";
  /** When the booking form was opened (portal or desk), if it said so; and when the seat was booked. */
  bookingFormOpenedAt: number | null;
  bookedAt: number;
  /** The time on the receipt: the slot's start. */
  slotStartsAt: number;
  admittedAt: number;
  /** Instructions began (the candidate confirmed); null if staff started at once. */
  instructionsAt: number | null;
  /**
   * Until when the start rule (`EARLY_START`) held the candidate: the
   * slot's start; null when it did not (`candidate`, or recorded before
   * the rule existed, when an admitted candidate could go on at once).
   */
  heldUntil: number | null;
  startedAt: number | null;
  endedAt: number | null;
  pausedMs: number;
  /** The candidate's own limit: program duration + accommodation + time given back. */
  entitledMs: number;
  officialAt: number | null;
  issuedAt: number | null;
  /** The first `document.handed_over`: the candidate has the document. */
  handedOverAt: number | null;
}

export interface StageMeasure {
  stage: Stage;
  /** null: the audit stream cannot measure it (booking), or not reached yet. */
  ms: number | null;
  limitMs: number;
  within: boolean | null;
  /** Not done yet but already beyond its limit at `now`. */
  pending?: boolean;
}

/**
 * Each stage of one candidate against its limit, measured from the audit
 * stream (README "Analytics" explains each measure):
 * - booking: from opening the booking form (the portal's and the desk's
 *   forms ask the server for a form id when they open) to the seat booked;
 *   a booking made without a form id (an external portal, a roster
 *   import) cannot be measured (ms null);
 * - admission: from the time on the receipt to admission (0 when earlier);
 * - instructions: from the candidate's confirmation (or admission, when
 *   staff started at once) to the start of the test; a candidate the start
 *   rule held (heldUntil) counts from the slot's start, or from an earlier
 *   start by an administrator, when that is later: the wait is no
 *   instructions;
 * - test: working time (end − start − pauses) against the candidate's own
 *   limit (the program's duration, itself at most 2 h 05 min, plus
 *   accommodation and time given back) plus the answer grace;
 * - signed: end of the test to official (both signatures);
 * - issued: end of the test to the document issued (§5(5), 30 min);
 * - handedOver: end of the test to the hand-over staff recorded (§7(5),
 *   20 min).
 * A stage not done yet is left out, unless its limit has already passed at
 * `now`: then it counts as over the limit, marked pending.
 */
export function measureStages(
  timeline: CandidateTimeline,
  now: number,
  graceMs: number,
): StageMeasure[] {
  const measure = (
    stage: Stage,
    from: number | null,
    to: number | null,
    limitMs: number,
  ): StageMeasure => {
    if (from === null) return { stage, ms: null, limitMs, within: null };
    if (to === null) {
      const elapsed = now - from;
      return elapsed > limitMs
        ? { stage, ms: elapsed, limitMs, within: false, pending: true }
        : { stage, ms: null, limitMs, within: null };
    }
    const ms = Math.max(0, to - from);
    return { stage, ms, limitMs, within: ms <= limitMs };
  };
  const bookingLimit =
    timeline.bookingSource === "online"
      ? STAGE_LIMITS_MS.bookingOnline
      : STAGE_LIMITS_MS.bookingAssisted;
  const admission = measure(
    "admission",
    timeline.slotStartsAt,
    Math.max(timeline.slotStartsAt, timeline.admittedAt),
    STAGE_LIMITS_MS.admission,
  );
  // Waiting for the slot's start is not instructions: they count from the
  // later of the confirmation and the start the rule allowed (the slot's
  // start, or an administrator's earlier start).
  const allowedAt =
    timeline.heldUntil === null
      ? null
      : Math.min(timeline.heldUntil, timeline.startedAt ?? Infinity);
  const instructions = measure(
    "instructions",
    Math.max(
      timeline.instructionsAt ?? timeline.admittedAt,
      allowedAt ?? -Infinity,
    ),
    timeline.startedAt,
    STAGE_LIMITS_MS.instructions,
  );
  const testLimit = timeline.entitledMs + graceMs;
  const test =
    timeline.startedAt === null
      ? { stage: "test" as const, ms: null, limitMs: testLimit, within: null }
      : measure(
          "test",
          timeline.startedAt,
          timeline.endedAt === null
            ? null
            : timeline.endedAt - timeline.pausedMs,
          testLimit,
        );
  const signed = measure(
    "signed",
    timeline.endedAt,
    timeline.officialAt,
    STAGE_LIMITS_MS.signed,
  );
  const issued = measure(
    "issued",
    timeline.endedAt,
    timeline.issuedAt,
    STAGE_LIMITS_MS.issued,
  );
  const handedOver = measure(
    "handedOver",
    timeline.endedAt,
    timeline.handedOverAt,
    STAGE_LIMITS_MS.handedOver,
  );
  const booking =
    timeline.bookingFormOpenedAt === null
      ? {
          stage: "booking" as const,
          ms: null,
          limitMs: bookingLimit,
          within: null,
        }
      : measure(
          "booking",
          timeline.bookingFormOpenedAt,
          timeline.bookedAt,
          bookingLimit,
        );
  return [booking, admission, instructions, test, signed, issued, handedOver];
}

export interface WorstCase {
  attemptId: string;
  fullName: string;
  slotId: string;
  ms: number;
  limitMs: number;
  pending: boolean;
}

export interface StageCompliance {
  stage: Stage;
  measured: number;
  within: number;
  share: number | null;
  /** The longest measured cases, longest over its limit first. */
  worst: WorstCase[];
}

export const WORST_CASES = 5;

const overBy = (worst: WorstCase) => worst.ms - worst.limitMs;

/** Per stage: how many were measured, how many within the limit, the worst cases. */
export function complianceOf(
  rows: readonly {
    attemptId: string;
    fullName: string;
    slotId: string;
    stages: StageMeasure[];
  }[],
): StageCompliance[] {
  return STAGES.map((stage) => {
    const measured = rows.flatMap((row) => {
      const found = row.stages.find((entry) => entry.stage === stage);
      return found && found.within !== null && found.ms !== null
        ? [{ row, found, ms: found.ms }]
        : [];
    });
    const within = measured.filter((entry) => entry.found.within).length;
    const worst = measured
      .map(({ row, found, ms }) => ({
        attemptId: row.attemptId,
        fullName: row.fullName,
        slotId: row.slotId,
        ms,
        limitMs: found.limitMs,
        pending: found.pending === true,
      }))
      .sort(
        (a, b) =>
          overBy(b) - overBy(a) || a.attemptId.localeCompare(b.attemptId),
      )
      .slice(0, WORST_CASES);
    return {
      stage,
      measured: measured.length,
      within,
      share: ratio(within, measured.length),
      worst,
    };
  });
}

/** Adds per-slot compliance (for a center over a period). */
export function mergeCompliance(
  parts: readonly StageCompliance[][],
): StageCompliance[] {
  return STAGES.map((stage) => {
    const stageParts = parts
      .map((part) => part.find((entry) => entry.stage === stage))
      .filter((entry): entry is StageCompliance => entry !== undefined);
    const measured = stageParts.reduce((sum, part) => sum + part.measured, 0);
    const within = stageParts.reduce((sum, part) => sum + part.within, 0);
    const worst = stageParts
      .flatMap((part) => part.worst)
      .sort(
        (a, b) =>
          overBy(b) - overBy(a) || a.attemptId.localeCompare(b.attemptId),
      )
      .slice(0, WORST_CASES);
    return { stage, measured, within, share: ratio(within, measured), worst };
  });
}
