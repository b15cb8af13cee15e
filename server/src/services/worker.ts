import { Worker } from "bullmq";
import type { AppContext } from "../context";
import { JOB_NAMES, type JobName } from "../queues/jobs";
import { queueName } from "../queues/queue";
import { createRedis } from "../redis/connection";
import { jobHandlers } from "../modules/jobs";
import type { JobHandler } from "../queues/handler";
import { startAuditCheckpoints } from "../modules/audit/checkpoint";
import { scheduleReconciler } from "../modules/reconciler/jobs";
import { scheduleArchiveSweep } from "../modules/archive";

export interface Workers {
  running(): boolean;
  close(): Promise<void>;
}

/** Per-kind concurrency: rendering is CPU-bound, the rest waits on Redis. */
const CONCURRENCY: Partial<Record<JobName, number>> = {
  "certificate.issue": 1,
  // A pass looks at everything; two at once would only wait on its lock.
  "reconciler.run": 1,
  // Archival writes files and deletes in chunks: one slot at a time.
  "archive.slot": 1,
  "archive.sweep": 1,
};

/**
 * The worker role: one BullMQ worker per job kind. Refuses to start when a
 * job has no handler. On close, running jobs finish (or go back to the queue
 * when the process dies) — BullMQ's stalled-job check hands them on.
 */
export function startWorkers(ctx: AppContext): Workers {
  const missing = JOB_NAMES.filter(
    (name) =>
      typeof (jobHandlers as Record<string, unknown>)[name] !== "function",
  );
  if (missing.length > 0)
    throw new Error(`no handler for jobs: ${missing.join(", ")}`);

  const connection = createRedis(ctx.env.REDIS_URL ?? "", "blocking");
  connection.on("error", (error) =>
    ctx.logger.warn(
      { err: error, connection: "workers" },
      "redis connection error",
    ),
  );
  const workers = JOB_NAMES.map((name: JobName) => {
    const handler = jobHandlers[name] as JobHandler<typeof name>;
    const worker = new Worker(
      queueName(name),
      async (job) => {
        await handler(ctx, job.data as never);
      },
      {
        connection,
        concurrency: CONCURRENCY[name] ?? 4,
        autorun: true,
        // A job whose worker died (kill -9) is handed on within ~15 s, not
        // BullMQ's default of up to a minute; running jobs renew their lock
        // every 5 s.
        lockDuration: 10_000,
        stalledInterval: 5_000,
      },
    );
    worker.on("failed", (job, error) => {
      ctx.logger.error({ err: error, job: job?.id, name }, "job failed");
    });
    worker.on("error", (error) =>
      ctx.logger.error({ err: error, name }, "worker error"),
    );
    return worker;
  });

  // Audit heads are signed outside Redis while they change (see audit/anchor.ts).
  const stopCheckpoints = startAuditCheckpoints(ctx);
  // Whatever a crash before this start lost is looked for now, then every minute.
  scheduleReconciler(ctx).catch((error: unknown) =>
    ctx.logger.error({ err: error }, "could not schedule the reconciler"),
  );
  // Finished slots leave Redis for the archive, once an hour.
  scheduleArchiveSweep(ctx).catch((error: unknown) =>
    ctx.logger.error({ err: error }, "could not schedule the archive sweep"),
  );

  return {
    running: () => workers.every((worker) => worker.isRunning()),
    async close() {
      stopCheckpoints();
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
    },
  };
}
