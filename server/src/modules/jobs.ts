import type { AppContext } from "../context";
import type { JobName, JobPayloads } from "../queues/jobs";
import { runAppealRescore, runCertificateReissue } from "./appeals/service";
import { runAnalyticsJob } from "./analytics/compute";
import { runAttemptScoring, runAttemptTimer } from "./attempts/jobs";
import { issueAttemptDocument } from "./attempts/official";
import { runNoShowJob, runRosterImportJob } from "./booking/jobs";
import { runReconcilerJob } from "./reconciler/jobs";

export type JobHandler<Name extends JobName> = (
  ctx: AppContext,
  payload: JobPayloads[Name],
) => Promise<void>;

/** Exactly one handler per job: a missing one is a compile error. */
export const jobHandlers: { [Name in JobName]: JobHandler<Name> } = {
  "attempt.timer": runAttemptTimer,
  "attempt.score": runAttemptScoring,
  "roster.import": runRosterImportJob,
  "slot.no-show": runNoShowJob,
  "certificate.issue": issueAttemptDocument,
  "analytics.compute": runAnalyticsJob,
  "appeal.rescore": runAppealRescore,
  "certificate.reissue": runCertificateReissue,
  "reconciler.run": runReconcilerJob,
};
