/**
 * Results analytics as the API answers them: what the `analytics.compute`
 * job stored for a slot or a program, and the range reports made of it.
 */
import { z } from "zod";
import { InstantInput } from "./booking";
import { ComplaintCounts } from "./complaints";
import { TEST_LANGUAGES } from "./enums";
import { COMPLIANCE_STAGES, StageShare } from "./network";

/** Items over all candidates, or those who took the test in one language. */
export const ITEM_LANGUAGES = ["all", ...TEST_LANGUAGES] as const;
export type ItemLanguage = (typeof ITEM_LANGUAGES)[number];

/** Why an item is worth a reviewer's look. */
export const ITEM_FLAGS = [
  "negative_discrimination",
  "low_discrimination",
  "distractor_over_key",
] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

/** `?from=&to=` of the range reports: the slots starting in between. */
export const AnalyticsRangeSchema = z.object({
  from: InstantInput.optional(),
  to: InstantInput.optional(),
});
export type AnalyticsRange = z.infer<typeof AnalyticsRangeSchema>;

/** `?language=` of the item statistics (all by default). */
export const ItemLanguageQuerySchema = z.object({
  language: z.enum(ITEM_LANGUAGES).default("all"),
});

const Rate = z.number().nullable().describe("null when nobody counts");

export const AnalyticsSettingsSchema = z
  .object({
    /** Discrimination below this (and ≥ 0) is flagged as near zero. */
    minDiscrimination: z.number(),
    /** Facility difference kk − ru beyond this is flagged. */
    languageMargin: z.number(),
    /** Items drawn fewer times are reported but never flagged. */
    minDrawn: z.number(),
  })
  .meta({ id: "AnalyticsSettings" });
export type AnalyticsSettings = z.infer<typeof AnalyticsSettingsSchema>;

/**
 * The additive summary of a set of results: counts and sums only, so the
 * summaries of several slots add up to the summary of all of them.
 */
export const ScoreSummarySchema = z
  .object({
    candidates: z.number(),
    passed: z.number(),
    /** Bin `i` counts candidates with exactly `i` correct answers. */
    histogram: z.array(z.number()),
    /** Per section: candidates who met the section's threshold. */
    sectionPassed: z.record(z.string(), z.number()),
    timeUsedMsSum: z.number(),
    incidents: z.number(),
    pauses: z.number(),
  })
  .meta({ id: "ScoreSummary" });
export type ScoreSummary = z.infer<typeof ScoreSummarySchema>;

/** Score distribution, pass rates, time used and incidents of a set of results. */
export const DistributionSchema = z
  .object({
    candidates: z.number(),
    histogram: z.array(
      z.object({ correct: z.number(), candidates: z.number() }),
    ),
    passRate: Rate,
    sectionPassRates: z.array(
      z.object({ sectionId: z.string(), passRate: Rate }),
    ),
    meanTimeUsedMs: Rate,
    incidentsPer100: Rate,
    pausesPer100: Rate,
  })
  .meta({ id: "Distribution" });
export type Distribution = z.infer<typeof DistributionSchema>;

/** One item's statistics (classical test theory). */
export const ItemStatisticsSchema = z
  .object({
    itemId: z.string(),
    sectionId: z.string(),
    drawn: z.number(),
    /** Share answering correctly. */
    facility: Rate,
    /** Point-biserial correlation of the item with the rest of the test. */
    discrimination: Rate,
    /** Per option: the share of candidates choosing it; `omitted` is separate. */
    optionShares: z.array(
      z.object({
        optionId: z.string(),
        /** Only for those who may see answer keys (reviewers, managers). */
        key: z.boolean().optional(),
        share: z.number(),
        upperShare: Rate,
      }),
    ),
    omitted: z.number(),
    meanTimeMs: Rate,
    flags: z.array(z.enum(ITEM_FLAGS)),
    voided: z.boolean(),
  })
  .meta({ id: "ItemStatistics" });
export type ItemStatistics = z.infer<typeof ItemStatisticsSchema>;

/** The same item's facility in Kazakh and in Russian. */
export const LanguageComparisonSchema = z
  .object({
    itemId: z.string(),
    kk: z.object({ drawn: z.number(), facility: Rate }),
    ru: z.object({ drawn: z.number(), facility: Rate }),
    /** kk − ru; null unless both languages have the item. */
    difference: Rate,
    flagged: z.boolean(),
  })
  .meta({ id: "LanguageComparison" });
export type LanguageComparison = z.infer<typeof LanguageComparisonSchema>;

/** One candidate's stage against its limit (README "Analytics"). */
export const StageMeasureSchema = z
  .object({
    stage: z.enum(COMPLIANCE_STAGES),
    /** null: the audit stream cannot measure it (booking), or not reached yet. */
    ms: z.number().nullable(),
    limitMs: z.number(),
    within: z.boolean().nullable(),
    /** Not done yet but already beyond its limit. */
    pending: z.boolean().optional(),
  })
  .meta({ id: "StageMeasure" });
export type StageMeasure = z.infer<typeof StageMeasureSchema>;

export const WorstCaseSchema = z
  .object({
    attemptId: z.string(),
    fullName: z.string(),
    slotId: z.string(),
    ms: z.number(),
    limitMs: z.number(),
    pending: z.boolean(),
  })
  .meta({ id: "WorstCase" });
export type WorstCase = z.infer<typeof WorstCaseSchema>;

/** One stage over many candidates, with the longest cases over its limit first. */
export const StageComplianceSchema = StageShare.extend({
  worst: z.array(WorstCaseSchema),
}).meta({ id: "StageCompliance" });
export type StageCompliance = z.infer<typeof StageComplianceSchema>;

/** One candidate of a slot's compliance: each stage measured. */
export const ComplianceRowSchema = z
  .object({
    attemptId: z.string(),
    fullName: z.string(),
    slotId: z.string(),
    stages: z.array(StageMeasureSchema),
  })
  .meta({ id: "ComplianceRow" });
export type ComplianceRow = z.infer<typeof ComplianceRowSchema>;

/** One official result of a slot, as the exports list it. */
export const CandidateRowSchema = z
  .object({
    attemptId: z.string(),
    bookingId: z.string(),
    fullName: z.string(),
    iin: z.string(),
    language: z.enum(TEST_LANGUAGES),
    seatId: z.string(),
    correct: z.number(),
    total: z.number(),
    passed: z.boolean(),
    sections: z.array(
      z.object({
        sectionId: z.string(),
        correct: z.number(),
        total: z.number(),
        passed: z.boolean(),
      }),
    ),
    timeUsedMs: z.number(),
    incidents: z.number(),
    pauses: z.number(),
    officialAt: z.number(),
    certificateNumber: z.string().nullable(),
  })
  .meta({ id: "CandidateRow" });
export type CandidateRow = z.infer<typeof CandidateRowSchema>;

/** GET /analytics/slots/:slotId. */
export const SlotAnalyticsSchema = z
  .object({
    slotId: z.string(),
    centerId: z.string(),
    programId: z.string(),
    startsAt: z.number(),
    computedAt: z.number(),
    settings: AnalyticsSettingsSchema,
    maxScore: z.number(),
    minCorrectTotal: z.number(),
    sectionIds: z.array(z.string()),
    summary: ScoreSummarySchema,
    distribution: DistributionSchema,
    candidates: z.array(CandidateRowSchema),
    items: z.array(ItemStatisticsSchema),
    compliance: z.object({
      stages: z.array(StageComplianceSchema),
      candidates: z.array(ComplianceRowSchema),
    }),
  })
  .meta({ id: "SlotAnalytics" });
export type SlotAnalytics = z.infer<typeof SlotAnalyticsSchema>;

/** GET /analytics/slots/:slotId/compliance. */
export const SlotComplianceSchema = z
  .object({
    slotId: z.string(),
    computedAt: z.number(),
    stages: z.array(StageComplianceSchema),
    candidates: z.array(ComplianceRowSchema),
  })
  .meta({ id: "SlotCompliance" });
export type SlotCompliance = z.infer<typeof SlotComplianceSchema>;

/** POST /analytics/slots/:slotId/recompute: queued, computed at `requestedAt` or later. */
export const AnalyticsRequestedSchema = z
  .object({ slotId: z.string(), requestedAt: z.number() })
  .meta({ id: "AnalyticsRequested" });
export type AnalyticsRequested = z.infer<typeof AnalyticsRequestedSchema>;

/** GET /analytics/programs/:programId: a program over a period. */
export const ProgramAnalyticsSchema = z
  .object({
    programId: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    minCorrectTotal: z.number(),
    sectionIds: z.array(z.string()),
    distribution: DistributionSchema,
    slots: z.array(
      z.object({
        slotId: z.string(),
        centerId: z.string(),
        startsAt: z.number(),
        computedAt: z.number(),
        candidates: z.number(),
        passRate: Rate,
      }),
    ),
  })
  .meta({ id: "ProgramAnalytics" });
export type ProgramAnalytics = z.infer<typeof ProgramAnalyticsSchema>;

/** GET /analytics/programs/:programId/items: across the network, in one language or all. */
export const ProgramItemsSchema = z
  .object({
    programId: z.string(),
    computedAt: z.number(),
    settings: AnalyticsSettingsSchema,
    /** Slots and candidates the statistics are made of. */
    slots: z.number(),
    candidates: z.number(),
    voidedItemIds: z.array(z.string()),
    language: z.enum(ITEM_LANGUAGES),
    items: z.array(ItemStatisticsSchema),
    languages: z.array(LanguageComparisonSchema),
  })
  .meta({ id: "ProgramItems" });
export type ProgramItems = z.infer<typeof ProgramItemsSchema>;

/** GET /analytics/centers/:centerId/compliance: a center over a period. */
export const CenterComplianceSchema = z
  .object({
    centerId: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    stages: z.array(StageComplianceSchema),
    slots: z.array(
      z.object({
        slotId: z.string(),
        programId: z.string(),
        startsAt: z.number(),
        stages: z.array(StageComplianceSchema),
      }),
    ),
    complaints: ComplaintCounts.describe(
      "Complaints about the center filed in the period",
    ),
  })
  .meta({ id: "CenterCompliance" });
export type CenterCompliance = z.infer<typeof CenterComplianceSchema>;
