import type { JobHandler } from "../queues/handler";
import type { JobName } from "../queues/jobs";
import { runAppealRescore, runCertificateReissue } from "./appeals/jobs";
import { runAnalyticsJob } from "./analytics/compute";
import {
  restoreForReissue,
  runArchiveSlotJob,
  runArchiveSweep,
} from "./archive";
import { runAttemptScoring, runAttemptTimer } from "./attempts/jobs";
import { issueAttemptDocument } from "./attempts/official";
import { runNoShowJob, runReminderJob } from "./booking/jobs";
import { runNotificationJob } from "./notifications";
import { runRosterImportJob } from "./roster/jobs";
import { runReconcilerJob } from "./reconciler/jobs";

/** Exactly one handler per job: a missing one is a compile error. */
export const jobHandlers: { [Name in JobName]: JobHandler<Name> } = {
  "attempt.timer": runAttemptTimer,
  "attempt.score": runAttemptScoring,
  "roster.import": runRosterImportJob,
  "slot.no-show": runNoShowJob,
  "certificate.issue": issueAttemptDocument,
  "analytics.compute": runAnalyticsJob,
  // A late appeal restores the archived slots it re-scores (appeals may
  // not import the archive module: it is handed in here).
  "appeal.rescore": (ctx, payload) =>
    runAppealRescore(ctx, payload, restoreForReissue),
  "certificate.reissue": runCertificateReissue,
  "reconciler.run": runReconcilerJob,
  "notification.send": runNotificationJob,
  "booking.remind": runReminderJob,
  "archive.sweep": runArchiveSweep,
  "archive.slot": runArchiveSlotJob,
};
