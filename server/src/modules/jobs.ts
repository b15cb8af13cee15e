import type { AppContext } from "../context";
import type { JobName, JobPayloads } from "../queues/jobs";

export type JobHandler<Name extends JobName> = (ctx: AppContext, payload: JobPayloads[Name]) => Promise<void>;

/** Exactly one handler per job: a missing one is a compile error. */
export const jobHandlers: { [Name in JobName]: JobHandler<Name> } = {};
