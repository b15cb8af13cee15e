import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { JOB_NAMES, jobId, type JobName, type JobPayloads } from "./jobs";

/** One BullMQ queue per job name, so each kind has its own concurrency. */
export const queueName = (name: JobName) =>
  `synaq-${(name as string).replace(".", "-")}`;

export interface Queues {
  add<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    options?: Pick<JobsOptions, "delay" | "priority">,
  ): Promise<void>;
  /** Moves a delayed job to a new time (e.g. a deadline that moved). */
  reschedule<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    delay: number,
  ): Promise<void>;
  counts(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
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
      await queue.add(String(name), payload, { jobId: id, delay: Math.max(0, delay) });
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
