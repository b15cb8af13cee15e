import type { Redis } from "ioredis";
import {
  archiveKeys,
  deleteVersionsBefore,
  getArchivedSlotScope,
  getArchivePointer,
  lockArchive,
  readSlotArchive,
  type SlotArchiveFile,
} from "../../archive/store";
import { redisNow } from "../../redis/connection";
import { ACTIVE_BOOKING_STATUSES, type BookingRecord } from "../booking";
import { hasOpenComplaint } from "./repository";

/**
 * What the purge needs of the archive module for archived slots. Retention
 * may not import that module (it sits above everything), so its caller
 * (the purge CLI, tests) hands it in: modules/archive's `archivePurger`.
 */
export interface ArchivedSlotPurger {
  /** ARCHIVE_DIR. */
  dir: string;
  /** restoreSlot: the slot's keys back from its current version, under its lock. */
  restore(slotId: string): Promise<void>;
  /**
   * archiveAgain with reason `purge` (or the resumption of such a version
   * a crash interrupted), under the slot's lock: the slot's state after.
   */
  archive(slotId: string): Promise<{ version: number; state: string }>;
}

/** Keys the purge keeps about archived slots (the set: archive/store.ts). */
export const retentionArchiveKeys = {
  /**
   * Set of archived slots the purge restored to anonymize and has not yet
   * archived again (with its earlier files deleted): a crash between is
   * finished by the next run, and the sweep leaves them to the purge.
   */
  purging: archiveKeys.purging,
};

/** An archived booking as its slot's file recorded it. */
type FiledBooking = Pick<
  BookingRecord,
  "id" | "status" | "attemptId" | "anonymizedAt"
>;

export interface ArchivedPurgeScope {
  slotId: string;
  /** Bookings the purge would anonymize once the slot is restored. */
  bookings: FiledBooking[];
  /** Their documents' numbers (the file's `cert:doc:<n>` records). */
  documents: string[];
  /** Not anonymized but kept, and why. */
  kept: { bookingId: string; reason: "active" | "complaint_open" }[];
  /** Restored by an earlier run that did not finish (crash): finish it. */
  resume: boolean;
  /** Its current file could not be read (why): left for a later run. */
  unreadable?: string;
}

const LOCK_MS = 10 * 60_000;

function filedBookings(file: SlotArchiveFile): FiledBooking[] {
  const bookings = (file.record.bookings ?? []) as Partial<BookingRecord>[];
  return bookings.flatMap((booking) =>
    booking.id && booking.status
      ? [
          {
            id: booking.id,
            status: booking.status,
            attemptId: booking.attemptId ?? null,
            anonymizedAt: booking.anonymizedAt ?? null,
          },
        ]
      : [],
  );
}

/**
 * The archived slots the purge must look at: every archived slot whose end
 * is before `cutoff` and whose current version still holds a booking not
 * anonymized (read from its file: the stubs know neither the slot's end
 * nor the booking's person), and every slot an earlier run left restored
 * or not finished. Reads every archived slot's current file: the purge
 * runs rarely and offline of the exam day.
 */
export async function archivedSlotsInScope(
  redis: Redis,
  dir: string,
  cutoff: number,
): Promise<ArchivedPurgeScope[]> {
  const [archived, purging] = await Promise.all([
    redis.smembers(archiveKeys.all),
    redis.smembers(retentionArchiveKeys.purging),
  ]);
  const pending = new Set(purging);
  const scopes: ArchivedPurgeScope[] = [];
  for (const slotId of [...new Set([...archived, ...purging])].sort()) {
    const pointer = await getArchivePointer(redis, slotId);
    if (!pointer) {
      // Never archived after all (the set outlived a crash): nothing to do.
      if (pending.has(slotId)) {
        await redis.srem(retentionArchiveKeys.purging, slotId);
      }
      continue;
    }
    if (pointer.state !== "archived") {
      // Keys live (restored, or a version being written): the live walk
      // purges its bookings; only a slot this purge restored is archived
      // again by it.
      if (pending.has(slotId)) {
        scopes.push({
          slotId,
          bookings: [],
          documents: [],
          kept: [],
          resume: true,
        });
      }
      continue;
    }
    // The pointer keeps the slot's end (since it names its center): a slot
    // ending after the cut-off needs no file read. Older pointers: read.
    const known = await getArchivedSlotScope(redis, slotId);
    if (known && known.endsAt >= cutoff && !pending.has(slotId)) continue;
    let file: SlotArchiveFile | null;
    try {
      file = await readSlotArchive(redis, dir, slotId);
    } catch (error) {
      // One damaged or missing file must not stop the purge of every other
      // slot: this one is reported, and looked at again by the next run.
      scopes.push({
        slotId,
        bookings: [],
        documents: [],
        kept: [],
        resume: false,
        unreadable: (error as Error).message,
      });
      continue;
    }
    if (!file) continue;
    const slot = file.record.slot as { endsAt?: number } | undefined;
    if (typeof slot?.endsAt !== "number" || slot.endsAt >= cutoff) {
      if (pending.has(slotId)) {
        scopes.push({
          slotId,
          bookings: [],
          documents: [],
          kept: [],
          resume: true,
        });
      }
      continue;
    }
    const bookings: FiledBooking[] = [];
    const skipped: ArchivedPurgeScope["kept"] = [];
    for (const booking of filedBookings(file)) {
      if (booking.anonymizedAt !== null) continue;
      if (ACTIVE_BOOKING_STATUSES.includes(booking.status)) {
        skipped.push({ bookingId: booking.id, reason: "active" });
      } else if (await hasOpenComplaint(redis, booking.id)) {
        skipped.push({ bookingId: booking.id, reason: "complaint_open" });
      } else bookings.push(booking);
    }
    const attempts = new Set(
      bookings.flatMap((booking) =>
        booking.attemptId ? [booking.attemptId] : [],
      ),
    );
    const documents = (
      (file.record.documents ?? []) as Record<string, string>[]
    )
      .filter((document) => attempts.has(document.attemptId ?? ""))
      .map((document) => document.number ?? "")
      .filter((number) => number !== "")
      .sort();
    if (bookings.length > 0 || skipped.length > 0 || pending.has(slotId)) {
      scopes.push({
        slotId,
        bookings,
        documents,
        kept: skipped,
        resume: pending.has(slotId),
      });
    }
  }
  return scopes;
}

/**
 * Restores an archived slot for the purge: noted first (so a crash after
 * the restore is finished by the next run), then its keys back through the
 * archive module, under its lock.
 */
export async function restoreForPurge(
  redis: Redis,
  purger: ArchivedSlotPurger,
  slotId: string,
): Promise<void> {
  await redis.sadd(retentionArchiveKeys.purging, slotId);
  await purger.restore(slotId);
}

/**
 * Of the slots whose live bookings this run purged, those with an archive
 * (restored for something else, a late appeal): their earlier files hold
 * the personal data just removed. Noted like the purge's own restores, so
 * this run (once the slot is closed for good again) or a later one
 * archives them as a purge version and deletes those files.
 */
export async function noteRestoredArchives(
  redis: Redis,
  slotIds: Iterable<string>,
): Promise<string[]> {
  const noted: string[] = [];
  for (const slotId of slotIds) {
    if (!(await getArchivePointer(redis, slotId))) continue;
    await redis.sadd(retentionArchiveKeys.purging, slotId);
    noted.push(slotId);
  }
  return noted;
}

/**
 * Archives a slot the purge restored again as a new version (reason
 * `purge`; written without personal values once its audit key is
 * forgotten), checks it is the slot's current, readable version, then
 * deletes the earlier versions' files (they hold the personal data the
 * purge removed; their entries stay with `deletedAt`) and forgets the
 * slot from the purge's working set. Returns false when the slot could
 * not be archived now (busy, or changed meanwhile): the next run finishes.
 */
export async function finishArchivedPurge(
  redis: Redis,
  purger: ArchivedSlotPurger,
  slotId: string,
): Promise<boolean> {
  let pointer = await getArchivePointer(redis, slotId);
  if (pointer?.state !== "archived") {
    try {
      await purger.archive(slotId);
    } catch (error) {
      const id = (error as { id?: unknown }).id;
      if (
        id === "archive_busy" ||
        id === "archive_slot_changed" ||
        id === "slot_not_archivable"
      ) {
        return false;
      }
      throw error;
    }
    pointer = await getArchivePointer(redis, slotId);
  }
  if (pointer?.state !== "archived") return false;
  // Read back and checked against its SHA-256 before anything is deleted.
  const file = await readSlotArchive(redis, purger.dir, slotId);
  if (!file || file.version !== pointer.version) return false;
  const release = await lockArchive(redis, slotId, LOCK_MS);
  if (!release) return false;
  try {
    await deleteVersionsBefore(
      redis,
      purger.dir,
      slotId,
      pointer.version,
      await redisNow(redis),
    );
  } finally {
    await release();
  }
  await redis.srem(retentionArchiveKeys.purging, slotId);
  return true;
}
