/**
 * Public interface of the archive module.
 *
 * Finished slots leave Redis for a signed, immutable archive file under
 * ARCHIVE_DIR (server/src/archive): eligibility, the `archive.sweep` and
 * `archive.slot` jobs, which keys a slot owns, restore and archiving
 * again. Uses slots, booking, attempts, certificates, appeals, complaints,
 * notifications, analytics, centers, audit; only jobs, the CLIs and the
 * app's wiring use it.
 */
export { slotArchivable } from "./eligibility";
export type { Archivability } from "./eligibility";
export {
  runArchiveSlotJob,
  runArchiveSweep,
  scheduleArchiveSweep,
} from "./jobs";
export { keptAtDeletion, removedAtDeletion, slotInventory } from "./keys";
export {
  archiveAgain,
  archivePurger,
  archiveSlot,
  buildArchiveFile,
  deleteArchivedKeysStep,
  restoreForReissue,
  restoreSlot,
  restoreSlotKeys,
  writeArchiveStep,
} from "./service";
export { archivedSlotIds, verifyArchives } from "./verify";
export type { VersionVerdict } from "./verify";
