/**
 * The closed set of background jobs. Each has exactly one handler
 * (worker.ts refuses to start otherwise) and a deterministic id, because
 * BullMQ delivers at least once and handlers must be idempotent.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobName = keyof JobPayloads;

export const JOB_NAMES = [] as const satisfies readonly JobName[];

type MissingJobs = Exclude<JobName, (typeof JOB_NAMES)[number]>;
// A compile error here means a job was declared but not listed.
export const allJobsListed: [MissingJobs] extends [never] ? true : never = true;

/** Deterministic ids: the same work queued twice is one job. */
export const jobId = {} satisfies {
  [Name in JobName]: (payload: JobPayloads[Name]) => string;
};
