/**
 * Public interface of the audit module.
 *
 * The audit trail: hash-chained streams per slot, center and network, signed
 * checkpoints and their anchors. Uses no other module (signing for keys).
 */
export type { AuditCheckpoint, CheckpointTrust } from "./anchor";
export { anchorsOf, parseCheckpointLine } from "./anchor";
export { checkpointFilePath, readCheckpointLines } from "./checkpoint-file";
export {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  anonymizeAuditRecord,
  verifyArchive,
} from "./archive";
export type { SlotArchive } from "./archive";
export { checkpointAuditStreams, loadScopeAnchors } from "./checkpoint";
export { installationTrust, verifyExportedRecord } from "./exported";
export {
  accountAuditScope,
  appendAudit,
  auditKeys,
  centerAuditScope,
  readAudit,
  readAuditHead,
  readAuditRaw,
  auditPiiPurged,
  chainFieldsOf,
  forgetAuditPii,
  readAuditPiiKey,
  refillSaltPool,
} from "./repository";
export { anonymizeAuditEntries, anonymizeStreamEntries } from "./pii";
export { registerAuditMetrics } from "./metrics";
export type { AuditEntry } from "./repository";
export { actorOf, staffAgent } from "./service";
