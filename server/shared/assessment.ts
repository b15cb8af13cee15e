/**
 * The personal-qualities assessment (the procedure's second stage): a
 * questionnaire of statements rated on a scale, scored per scale against
 * the program's norms. No right answers: the result is a profile.
 *
 * This file is the contract between the banks (items, scoring), the
 * documents (the assessment report) and analytics (reliability).
 */
import { z } from "zod";

/** A Likert scale has 4 or 5 points; responses are the point's id. */
export const LIKERT_POINTS = [4, 5] as const;
export type LikertPoints = (typeof LIKERT_POINTS)[number];

/** The option ids of a Likert item: "1" … "5" (never shown as digits only). */
export const likertOptionIds = (points: number): string[] =>
  Array.from({ length: points }, (_, index) => String(index + 1));

/** The consistency minimum of a program that sets none. */
export const DEFAULT_CONSISTENCY_MINIMUM = 0.7;

const Titles = z.object({ kk: z.string(), ru: z.string(), en: z.string() });

/** One scale of a profile. */
export const ScaleScoreSchema = z
  .object({
    scaleId: z.string(),
    titles: Titles,
    /** Sum of the item scores (reverse-keyed items reversed). */
    raw: z.number(),
    /** Items of the scale on the form; `missing` of them unanswered. */
    items: z.int().min(1),
    missing: z.int().min(0),
    /** 1–10, from the program's norm table. */
    sten: z.int().min(1).max(10),
  })
  .meta({ id: "ScaleScore" });
export type ScaleScore = z.infer<typeof ScaleScoreSchema>;

/**
 * How consistently the candidate answered pairs of near-identical items:
 * 1 − mean |difference| / (points − 1) over the pairs, so 1 is identical
 * answers and 0 opposite ones. `low` when under the program's minimum:
 * reviewers are told, the profile stands.
 */
export const ConsistencySchema = z
  .object({
    index: z.number().min(0).max(1),
    pairs: z.int().min(0),
    minimum: z.number().min(0).max(1),
    low: z.boolean(),
  })
  .meta({ id: "Consistency" });
export type Consistency = z.infer<typeof ConsistencySchema>;

/** A candidate's profile: every scale with its sten, and the consistency. */
export const ProfileSchema = z
  .object({
    scales: z.array(ScaleScoreSchema).min(1),
    consistency: ConsistencySchema,
    /**
     * Present when the program defines a rule (e.g. no scale below sten 3):
     * whether the profile meets it. Absent: a profile, not pass/fail.
     */
    rule: z
      .object({ minSten: z.int().min(1).max(10), met: z.boolean() })
      .optional(),
  })
  .meta({ id: "Profile" });
export type Profile = z.infer<typeof ProfileSchema>;
