import { z } from "zod";

/** Time given back to one attempt for one outage (`attempt.outage_credited`). */
export const OutageCreditSchema = z
  .object({
    attemptId: z.string(),
    slotId: z.string(),
    centerId: z.string(),
    seatId: z.string(),
    /** The candidate, as the attempt names them now (after a purge: anonymized). */
    fullName: z.string(),
    /** Test time the outage took from the attempt, now back on its deadline. */
    ms: z.number(),
    deadlineAt: z.number(),
    at: z.number(),
  })
  .meta({ id: "OutageCredit" });
export type OutageCredit = z.infer<typeof OutageCreditSchema>;

/**
 * A time no realtime process served the kiosks (or Redis was unreachable):
 * the gap between two beats of the service heartbeat.
 */
export const OutageSchema = z
  .object({
    id: z.string(),
    /** The last beat before the gap (Redis time, epoch ms). */
    startedAt: z.number(),
    /** The first beat after it. */
    endedAt: z.number(),
    durationMs: z.number(),
    /** Longer than OUTAGE_CREDIT_MIN_SECONDS: running attempts get it back. */
    creditable: z.boolean(),
    /** When every running attempt had its time back; null while under way. */
    creditedAt: z.number().nullable(),
    /** The credits the caller's scope covers. */
    credits: z.array(OutageCreditSchema),
  })
  .meta({ id: "Outage" });
export type Outage = z.infer<typeof OutageSchema>;

export const OutageListSchema = z.object({
  /** Outages up to this long credit nothing (OUTAGE_CREDIT_MIN_SECONDS). */
  minCreditMs: z.number(),
  outages: z.array(OutageSchema),
});
export type OutageList = z.infer<typeof OutageListSchema>;

/**
 * An attempt the timer expired in an outage's first seconds, before it
 * could tell that nobody served the kiosks; the administrator reopens it.
 */
export const OutageExpiredSchema = z
  .object({
    attemptId: z.string(),
    fullName: z.string(),
    seatId: z.string(),
    seatLabel: z.string(),
    state: z.enum(["expired", "scored"]),
    deadlineAt: z.number(),
    outageId: z.string(),
    outageStartedAt: z.number(),
    /** The test time it had when the outage began: what reopening gives. */
    remainingMs: z.number(),
  })
  .meta({ id: "OutageExpired" });
export type OutageExpired = z.infer<typeof OutageExpiredSchema>;

export const OutageExpiredListSchema = z.object({
  attempts: z.array(OutageExpiredSchema),
});
export type OutageExpiredList = z.infer<typeof OutageExpiredListSchema>;

export const ReopenResultSchema = z.object({
  reopened: z.array(
    z.object({
      attemptId: z.string(),
      remainingMs: z.number(),
      deadlineAt: z.number(),
    }),
  ),
  refused: z.array(z.object({ attemptId: z.string(), error: z.string() })),
});
export type ReopenResult = z.infer<typeof ReopenResultSchema>;
