import { Queue, type Job, type JobsOptions, type JobType } from "bullmq";
import type { Redis } from "ioredis";
import {
  JOB_NAMES,
  jobId,
  type AnyJob,
  type JobName,
  type JobPayloads,
} from "./jobs";

/** One BullMQ queue per job name, so each kind has its own concurrency. */
export const queueName = (name: JobName) =>
  `synaq-${(name as string).replace(".", "-")}`;

export interface Queues {
  add<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    options?: Pick<JobsOptions, "delay" | "priority" | "attempts" | "backoff">,
  ): Promise<void>;
  /** Moves a delayed job to a new time (e.g. a deadline that moved). */
  reschedule<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    delay: number,
  ): Promise<void>;
  /** The job queued for this payload (by its deterministic id), if any is kept. */
  find(job: AnyJob): Promise<QueuedJob<JobName> | null>;
  /**
   * The state of the job queued for this payload ("unknown" when none is
   * kept): one script call, without reading the job itself.
   */
  stateOf(job: AnyJob): Promise<QueuedJob<JobName>["state"]>;
  /** Jobs of a kind in the given states (for kinds whose ids carry a time). */
  list<Name extends JobName>(
    name: Name,
    states: JobType[],
  ): Promise<QueuedJob<Name>[]>;
  /**
   * Runs a failed job again. With `resetAttempts` it gets all its attempts
   * (and backoff) anew; without, one more. False when it is not failed.
   */
  retry(
    name: JobName,
    id: string,
    options: { resetAttempts: boolean },
  ): Promise<boolean>;
  /**
   * Queues a payload whose job was lost or finished: the kept job of the
   * same id would make a plain add a no-op, so a finished one goes first.
   */
  requeue(
    job: AnyJob,
    options?: Pick<JobsOptions, "delay" | "attempts" | "backoff">,
  ): Promise<void>;
  /** Runs a job every `everyMs` from whichever worker is free (idempotent). */
  repeat<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    everyMs: number,
  ): Promise<void>;
  counts(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

/** What the reconciler needs to know of a kept job. */
export interface QueuedJob<Name extends JobName> {
  id: string;
  name: Name;
  payload: JobPayloads[Name];
  state: Awaited<ReturnType<Job["getState"]>>;
  failedReason: string | null;
  attemptsMade: number;
  finishedOn: number | null;
}

/** The deterministic id of a job. */
export function idOf(job: AnyJob): string {
  return (jobId[job.name] as (payload: AnyJob["payload"]) => string)(
    job.payload,
  );
}

async function describeJob<Name extends JobName>(
  name: Name,
  job: Job,
  state?: QueuedJob<Name>["state"],
): Promise<QueuedJob<Name>> {
  return {
    id: job.id ?? "",
    name,
    payload: job.data as JobPayloads[Name],
    state: state ?? (await job.getState()),
    failedReason: job.failedReason || null,
    attemptsMade: job.attemptsMade,
    finishedOn: job.finishedOn ?? null,
  };
}

export function createQueues(connection: Redis): Queues {
  const queues = new Map(
    JOB_NAMES.map((name) => [
      name,
      new Queue(queueName(name), {
        connection,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: "exponential", delay: 1_000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    ]),
  );
  const queueOf = (name: JobName) => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`no queue for job ${String(name)}`);
    return queue;
  };

  return {
    async add(name, payload, options = {}) {
      const id = (jobId[name] as (p: typeof payload) => string)(payload);
      await queueOf(name).add(String(name), payload, { ...options, jobId: id });
    },
    async reschedule(name, payload, delay) {
      const id = (jobId[name] as (p: typeof payload) => string)(payload);
      const queue = queueOf(name);
      const existing = await queue.getJob(id);
      if (existing && (await existing.isDelayed())) {
        await existing.changeDelay(Math.max(0, delay));
        return;
      }
      if (existing) await existing.remove().catch(() => undefined);
      await queue.add(String(name), payload, {
        jobId: id,
        delay: Math.max(0, delay),
      });
    },
    async find({ name, payload }) {
      const job = await queueOf(name).getJob(idOf({ name, payload } as AnyJob));
      return job ? describeJob(name, job) : null;
    },
    stateOf(job) {
      return queueOf(job.name).getJobState(idOf(job));
    },
    async list(name, states) {
      const jobs = await queueOf(name).getJobs(states);
      return Promise.all(
        jobs
          .filter((job): job is Job => Boolean(job))
          .map((job) => describeJob(name, job)),
      );
    },
    async retry(name, id, { resetAttempts }) {
      const job = await queueOf(name).getJob(id);
      if (!job || !(await job.isFailed())) return false;
      // Another process may retry it between the check and here: then
      // BullMQ refuses, and the job is on its way either way.
      return job
        .retry("failed", {
          resetAttemptsMade: resetAttempts,
          resetAttemptsStarted: resetAttempts,
        })
        .then(
          () => true,
          () => false,
        );
    },
    async requeue({ name, payload }, options = {}) {
      const id = idOf({ name, payload } as AnyJob);
      const queue = queueOf(name);
      const existing = await queue.getJob(id);
      if (
        existing &&
        ((await existing.isCompleted()) || (await existing.isFailed()))
      ) {
        await existing.remove().catch(() => undefined);
      }
      await queue.add(String(name), payload, {
        ...options,
        jobId: id,
        delay: Math.max(0, options.delay ?? 0),
      });
    },
    async repeat(name, payload, everyMs) {
      await queueOf(name).upsertJobScheduler(
        `every-${String(name)}`,
        { every: everyMs },
        { name: String(name), data: payload },
      );
    },
    async counts() {
      const result: Record<string, Record<string, number>> = {};
      for (const [name, queue] of queues) {
        result[name] = await queue.getJobCounts(
          "waiting",
          "active",
          "delayed",
          "failed",
        );
      }
      return result;
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
