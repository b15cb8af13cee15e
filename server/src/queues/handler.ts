import type { AppContext } from "../context";
import type { JobName, JobPayloads } from "./jobs";

/** The one handler of a job (see `modules/jobs.ts`, which lists them all). */
export type JobHandler<Name extends JobName> = (
  ctx: AppContext,
  payload: JobPayloads[Name],
) => Promise<void>;
