/**
 * The closed set of background jobs. Each has exactly one handler
 * (worker.ts refuses to start otherwise) and a deterministic id, because
 * BullMQ delivers at least once and handlers must be idempotent.
 */
export interface JobPayloads {
  /** Ends the instructions or the test of an attempt at `at` (epoch ms). */
  "attempt.timer": { attemptId: string; at: number };
  /** Scores a submitted or expired attempt. */
  "attempt.score": { attemptId: string };
  /** Books a roster CSV into a slot, all rows or none. */
  "roster.import": { importId: string };
  /** Marks a slot's never-admitted bookings no_show at its late cutoff. */
  "slot.no-show": { slotId: string };
  /** Renders and signs the certificate or reference of an official result. */
  "certificate.issue": { attemptId: string };
  /** Re-scores every attempt that had an item an upheld appeal voided. */
  "appeal.rescore": { appealId: string };
  /** Issues the document of a re-scored result and revokes the one it replaces. */
  "certificate.reissue": { attemptId: string; revision: number };
  /** Computes a slot's results analytics (requested at `requestedAt`, epoch ms). */
  "analytics.compute": { slotId: string; requestedAt: number };
  /**
   * Looks for attempts whose next job was lost or failed and queues it
   * again (requested at `requestedAt`; 0 for the repeating schedule).
   */
  "reconciler.run": { requestedAt: number };
  /** Delivers one message to a candidate (retried with backoff, then `failed`). */
  "notification.send": { messageId: string };
  /** Reminds a candidate of their booking the day before, if still booked there. */
  "booking.remind": { bookingId: string; slotId: string };
  /** Queues every slot closed for good for archival (0: the hourly schedule). */
  "archive.sweep": { requestedAt: number };
  /** Archives a slot as its `version`th file, or finishes an archival a crash cut short. */
  "archive.slot": { slotId: string; version: number };
}

export type JobName = keyof JobPayloads;

/** A job and its payload, whichever kind it is (for code that handles any). */
export type AnyJob = {
  [Name in JobName]: { name: Name; payload: JobPayloads[Name] };
}[JobName];

export const JOB_NAMES = [
  "attempt.timer",
  "attempt.score",
  "roster.import",
  "slot.no-show",
  "certificate.issue",
  "appeal.rescore",
  "certificate.reissue",
  "analytics.compute",
  "reconciler.run",
  "notification.send",
  "booking.remind",
  "archive.sweep",
  "archive.slot",
] as const satisfies readonly JobName[];

type MissingJobs = Exclude<JobName, (typeof JOB_NAMES)[number]>;
// A compile error here means a job was declared but not listed.
export const allJobsListed: [MissingJobs] extends [never] ? true : never = true;

/** Deterministic ids: the same work queued twice is one job. */
export const jobId = {
  // One job per deadline value: a moved deadline gets its own job and the
  // old one finds nothing to do.
  "attempt.timer": (p: JobPayloads["attempt.timer"]) =>
    `timer-${p.attemptId}-${p.at}`,
  "attempt.score": (p: JobPayloads["attempt.score"]) => `score-${p.attemptId}`,
  "roster.import": (p: JobPayloads["roster.import"]) =>
    `roster-import-${p.importId}`,
  "slot.no-show": (p: JobPayloads["slot.no-show"]) => `no-show-${p.slotId}`,
  "certificate.issue": (p: JobPayloads["certificate.issue"]) =>
    `certificate-${p.attemptId}`,
  "appeal.rescore": (p: JobPayloads["appeal.rescore"]) =>
    `appeal-rescore-${p.appealId}`,
  "certificate.reissue": (p: JobPayloads["certificate.reissue"]) =>
    `certificate-reissue-${p.attemptId}-r${p.revision}`,
  // One job per request; a run that started after a request covers it.
  "analytics.compute": (p: JobPayloads["analytics.compute"]) =>
    `analytics-${p.slotId}-${p.requestedAt}`,
  // The pass at a worker's start; the schedule's runs get BullMQ's own ids.
  "reconciler.run": (p: JobPayloads["reconciler.run"]) =>
    `reconcile-${p.requestedAt}`,
  "notification.send": (p: JobPayloads["notification.send"]) =>
    `notification-${p.messageId}`,
  // One reminder per booking and slot: a booking moved gets its own.
  "booking.remind": (p: JobPayloads["booking.remind"]) =>
    `remind-${p.bookingId}-${p.slotId}`,
  "archive.sweep": (p: JobPayloads["archive.sweep"]) =>
    `archive-sweep-${p.requestedAt}`,
  // One job per version (BullMQ ids cannot hold ":"): queued twice is once.
  "archive.slot": (p: JobPayloads["archive.slot"]) =>
    `archive-${p.slotId}-v${p.version}`,
} satisfies {
  [Name in JobName]: (payload: JobPayloads[Name]) => string;
};
