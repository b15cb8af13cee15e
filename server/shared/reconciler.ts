import { z } from "zod";

/** The jobs an attempt or slot waits for, which the reconciler mends. */
export const RECONCILED_JOBS = [
  "attempt.timer",
  "attempt.score",
  "certificate.issue",
  "analytics.compute",
] as const;
export type ReconciledJob = (typeof RECONCILED_JOBS)[number];

/** One entry of the "needs attention" list (GET /reconciler/items). */
export const AttentionItemSchema = z
  .object({
    /** `<job>:<attempt or slot id>`; the retry route takes it. */
    itemId: z.string(),
    job: z.enum(RECONCILED_JOBS),
    jobId: z.string(),
    slotId: z.string(),
    centerId: z.string(),
    attemptId: z.string().nullable(),
    /** The job's last error, as the worker recorded it. */
    error: z.string(),
    failedAt: z.number().nullable(),
    /** Runs so far: the job's own attempts and the reconciler's. */
    attempts: z.number(),
    recordedAt: z.number(),
  })
  .meta({ id: "AttentionItem" });
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

export const AttentionListSchema = z.object({
  items: z.array(AttentionItemSchema),
});
export type AttentionList = z.infer<typeof AttentionListSchema>;

/** POST /reconciler/items/:itemId/retry: the job queued again. */
export const AttentionRetrySchema = z
  .object({ itemId: z.string(), jobId: z.string() })
  .meta({ id: "AttentionRetry" });
export type AttentionRetry = z.infer<typeof AttentionRetrySchema>;
