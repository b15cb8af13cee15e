/**
 * Reliability of the personal-qualities assessment's scales, as the API will
 * answer it: per scale and test language, Cronbach's alpha, each item's
 * item–rest correlation and alpha if deleted (with the flags reviewers act
 * on), and the kk/ru comparison of the scale means. Computed by
 * `server/src/modules/analytics/reliability.ts`, which defines the
 * conventions (sample variances, listwise exclusion, thresholds).
 */
import { z } from "zod";
import { TEST_LANGUAGES } from "./enums";

/**
 * Why an item is worth a reviewer's look:
 * - `lowers_alpha`: the scale's alpha rises by more than `minAlphaGain`
 *   when the item is deleted;
 * - `low_item_rest`: the item correlates with the rest of its scale below
 *   `minItemRest` (a negative r: often a reverse-keyed item scored as is).
 */
export const RELIABILITY_FLAGS = ["lowers_alpha", "low_item_rest"] as const;
export type ReliabilityFlag = (typeof RELIABILITY_FLAGS)[number];

const Statistic = z
  .number()
  .nullable()
  .describe("null when undefined: too few respondents or items, no variance");

const Correlation = z
  .number()
  .min(-1)
  .max(1)
  .nullable()
  .describe("Pearson r; null when either side does not vary or n < 2");

/** The thresholds the flags were computed with. */
export const ReliabilityThresholdsSchema = z
  .object({
    /** An item–rest r below this is flagged `low_item_rest`. */
    minItemRest: z.number(),
    /** Alpha if deleted above alpha by more than this is flagged `lowers_alpha`. */
    minAlphaGain: z.number(),
  })
  .meta({ id: "ReliabilityThresholds" });
export type ReliabilityThresholds = z.infer<typeof ReliabilityThresholdsSchema>;

/** One item of a scale, over the respondents complete on the scale. */
export const ItemReliabilitySchema = z
  .object({
    itemId: z.string(),
    mean: Statistic,
    /** Sample standard deviation (n − 1). */
    sd: Statistic,
    /** Corrected item–scale correlation: r of the item with the sum of the other items. */
    itemRest: Correlation,
    /** Alpha of the scale without this item; null when fewer than 2 items remain. */
    alphaIfDeleted: Statistic,
    flags: z.array(z.enum(RELIABILITY_FLAGS)),
  })
  .meta({ id: "ItemReliability" });
export type ItemReliability = z.infer<typeof ItemReliabilitySchema>;

/** Cronbach's alpha of one scale among the respondents of one test language. */
export const ScaleReliabilitySchema = z
  .object({
    scaleId: z.string(),
    language: z.enum(TEST_LANGUAGES),
    /** Respondents complete on every item of the scale (listwise). */
    n: z.int().min(0),
    /** Respondents of the language missing at least one item of the scale. */
    excluded: z.int().min(0),
    /** Items in the scale. */
    k: z.int().min(0),
    /** Null when k < 2, n < 2 or the scale score does not vary; may be negative. */
    alpha: z.number().max(1).nullable(),
    items: z.array(ItemReliabilitySchema),
  })
  .meta({ id: "ScaleReliability" });
export type ScaleReliability = z.infer<typeof ScaleReliabilitySchema>;

/** A scale's raw score among the complete respondents of one language. */
export const LanguageGroupSchema = z
  .object({
    n: z.int().min(0),
    mean: Statistic,
    /** Sample standard deviation (n − 1). */
    sd: Statistic,
  })
  .meta({ id: "LanguageGroup" });
export type LanguageGroup = z.infer<typeof LanguageGroupSchema>;

/** The same scale's raw-score mean in Kazakh and in Russian. */
export const ScaleLanguageComparisonSchema = z
  .object({
    scaleId: z.string(),
    kk: LanguageGroupSchema,
    ru: LanguageGroupSchema,
    /** Mean kk − mean ru; null unless both languages have a respondent. */
    difference: Statistic,
    /**
     * Cohen's d: the difference over the pooled standard deviation
     * √(((n₁−1)s₁² + (n₂−1)s₂²) / (n₁+n₂−2)); null unless each language has
     * n ≥ 2 and the pooled SD is above zero.
     */
    cohensD: Statistic,
  })
  .meta({ id: "ScaleLanguageComparison" });
export type ScaleLanguageComparison = z.infer<
  typeof ScaleLanguageComparisonSchema
>;

/** Reliability of every scale per language, and the kk/ru comparison. */
export const ReliabilityReportSchema = z
  .object({
    thresholds: ReliabilityThresholdsSchema,
    /** Per scale in definition order: kk, then ru. */
    scales: z.array(ScaleReliabilitySchema),
    /** One per scale, in definition order. */
    languages: z.array(ScaleLanguageComparisonSchema),
  })
  .meta({ id: "ReliabilityReport" });
export type ReliabilityReport = z.infer<typeof ReliabilityReportSchema>;

/**
 * GET /analytics/programs/:programId/reliability: a personal-qualities
 * program's report over its scored attempts across the network (computed
 * at the request; see README, Analytics).
 */
export const ProgramReliabilitySchema = z
  .object({
    programId: z.string(),
    /** Redis time when the attempts were read (ms). */
    computedAt: z.number(),
    /** Slots read: those of the program with stored analytics. */
    slots: z.int().min(0),
    /** Scored attempts (scored or issued, not voided) per test language. */
    respondents: z.object({ kk: z.int().min(0), ru: z.int().min(0) }),
    ...ReliabilityReportSchema.shape,
  })
  .meta({ id: "ProgramReliability" });
export type ProgramReliability = z.infer<typeof ProgramReliabilitySchema>;
