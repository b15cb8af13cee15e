/**
 * The appeals contract: what a candidate files from the booking status
 * page, what a reviewer sees and decides, and what the status page shows
 * of each stage. Instants travel as ISO 8601 UTC strings.
 */
import { z } from "zod";

const LocalizedText = z.object({
  kk: z.string(),
  ru: z.string(),
  en: z.string(),
});

/** Why a candidate appeals. */
export const APPEAL_GROUNDS = [
  "question_wrong",
  "technical_failure",
  "rules_breach",
] as const;
export type AppealGround = (typeof APPEAL_GROUNDS)[number];

/** filed → under_review → decided. */
export const APPEAL_STATUSES = ["filed", "under_review", "decided"] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_DECISIONS = ["rejected", "upheld"] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** How long an appeal's text may be (characters). */
export const APPEAL_TEXT_MAX = 2000;

const Instant = z.iso.datetime();

export const AppealRequest = z
  .object({
    grounds: z.enum(APPEAL_GROUNDS),
    itemId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("For question_wrong: the item, from the status page's list"),
    text: z.string().trim().min(10).max(APPEAL_TEXT_MAX),
  })
  .strict()
  .meta({ id: "AppealRequest" });
export type AppealRequest = z.infer<typeof AppealRequest>;

/** A stage of the appeal and when it was reached. */
export const AppealStage = z.object({
  status: z.enum(APPEAL_STATUSES),
  at: Instant,
});

/** An appeal as its candidate sees it on the status page. */
export const PublicAppeal = z
  .object({
    id: z.string(),
    grounds: z.enum(APPEAL_GROUNDS),
    questionNumber: z.number().int().optional(),
    text: z.string(),
    status: z.enum(APPEAL_STATUSES),
    stages: z.array(AppealStage),
    decision: z.enum(APPEAL_DECISIONS).optional(),
    reason: z.string().optional(),
    retestBookingId: z.string().optional(),
  })
  .meta({ id: "PublicAppeal" });
export type PublicAppeal = z.infer<typeof PublicAppeal>;

/** Whether the candidate may appeal now, and until when. */
export const AppealWindow = z
  .object({
    open: z.boolean(),
    closesAt: Instant.optional(),
    reason: z
      .enum(["not_official", "window_closed", "appeal_open", "open"])
      .describe("Why it is (not) open"),
    workingDays: z.number().int(),
    questions: z
      .array(
        z.object({
          number: z.number().int(),
          itemId: z.string(),
          section: LocalizedText,
        }),
      )
      .describe("The questions of the candidate's form, in form order"),
  })
  .meta({ id: "AppealWindow" });
export type AppealWindow = z.infer<typeof AppealWindow>;

/** What changed for the candidate after an upheld appeal. */
export const ResultRevision = z
  .object({
    revision: z.number().int(),
    at: Instant,
    passed: z.boolean(),
    correct: z.number().int(),
    total: z.number().int(),
    previousCertificateNumber: z.string().optional(),
    certificateNumber: z.string().optional(),
    voidedItems: z.number().int(),
  })
  .meta({ id: "ResultRevision" });
export type ResultRevision = z.infer<typeof ResultRevision>;

export const AppealDecisionInput = z
  .object({
    decision: z.enum(APPEAL_DECISIONS),
    reason: z.string().trim().min(3).max(1000),
    retestSlotId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "Upheld technical_failure or rules_breach: the slot of the retest",
      ),
  })
  .strict()
  .meta({ id: "AppealDecisionInput" });
export type AppealDecisionInput = z.infer<typeof AppealDecisionInput>;

/** One row of the reviewers' list. */
export const AppealSummary = z
  .object({
    id: z.string(),
    attemptId: z.string(),
    bookingId: z.string(),
    programId: z.string(),
    slotId: z.string(),
    fullName: z.string(),
    maskedIin: z.string(),
    grounds: z.enum(APPEAL_GROUNDS),
    itemId: z.string().optional(),
    status: z.enum(APPEAL_STATUSES),
    decision: z.enum(APPEAL_DECISIONS).optional(),
    filedAt: Instant,
    decidedAt: Instant.optional(),
  })
  .meta({ id: "AppealSummary" });
export type AppealSummary = z.infer<typeof AppealSummary>;

/** An answer of the attempt, item by item (staff only: it shows the key). */
export const AppealAnswer = z.object({
  number: z.number().int(),
  itemId: z.string(),
  sectionId: z.string(),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  chosen: z.array(z.string()),
  key: z.array(z.string()),
  correct: z.boolean(),
  voided: z.boolean(),
});
export type AppealAnswer = z.infer<typeof AppealAnswer>;

export const AppealDetail = AppealSummary.extend({
  text: z.string(),
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  reviewStartedAt: Instant.optional(),
  retestBookingId: z.string().optional(),
  affectedAttempts: z.number().int().optional(),
  language: z.string(),
  result: z
    .object({ passed: z.boolean(), correct: z.number(), total: z.number() })
    .nullable(),
  certificateNumber: z.string().nullable(),
  answers: z.array(AppealAnswer),
  timeline: z.array(
    z.object({
      at: Instant,
      actor: z.string(),
      actorName: z
        .string()
        .optional()
        .describe("The staff member's full name when the actor is staff"),
      action: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
}).meta({ id: "AppealDetail" });
export type AppealDetail = z.infer<typeof AppealDetail>;

export const AppealStats = z
  .object({
    filed: z.number().int(),
    open: z.number().int(),
    upheld: z.number().int(),
    rejected: z.number().int(),
    itemsVoided: z.number().int(),
  })
  .meta({ id: "AppealStats" });
export type AppealStats = z.infer<typeof AppealStats>;

/** The appeal rules as the public information page states them. */
export const AppealPolicy = z
  .object({
    workingDays: z.number().int(),
    holidays: z.array(z.string()),
    grounds: z.array(z.enum(APPEAL_GROUNDS)),
    textMaxLength: z.number().int(),
  })
  .meta({ id: "AppealPolicy" });
export type AppealPolicy = z.infer<typeof AppealPolicy>;
