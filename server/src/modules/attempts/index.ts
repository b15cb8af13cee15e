/**
 * Public interface of the attempts module.
 *
 * Admission, the attempt and its timer, answers, scoring, supervision and
 * incidents, sign-off, the certificate.issue job. Uses booking, slots,
 * centers, kiosks, banks, accommodations, certificates, live, audit.
 */
export {
  buildOfficialResult,
  issueAttemptDocument,
  publishOfficial,
} from "./official";
export {
  attemptIdsOfSlot,
  attemptKeys,
  countIncidents,
  findAttempt,
  findAttempts,
  findAttemptTimes,
  listSlotIncidents,
  loadAnswers,
  loadForm,
  runAttemptCommand,
} from "./repository";
export type {
  Attempt,
  AttemptCommand,
  AttemptTimes,
  CommandResult,
} from "./repository";
export { afterChange, followUpOf } from "./service";
