import { unlink } from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";
import { maskIin } from "@shared/iin";
import { redisNow } from "../../redis/connection";
import { appendAudit, forgetAuditPii } from "../audit";
import { ACTIVE_BOOKING_STATUSES, getBooking } from "../booking";
import type { SlotAnalytics } from "../analytics";
import { getSlot } from "../slots";
import {
  archivedSlotsInScope,
  finishArchivedPurge,
  noteRestoredArchives,
  restoreForPurge,
  type ArchivedSlotPurger,
} from "./archived";
import {
  allBookingIds,
  anonymizeBooking,
  anonymizeComplaint,
  anonymizeRefusal,
  complaintsDecidedBefore,
  documentNumbers,
  hasOpenAppeal,
  hasOpenComplaint,
  markDocumentPurged,
  officialResultKeys,
  openComplaints,
  refusalsIssuedBefore,
  rewriteSlotAnalytics,
  type ComplaintFacts,
} from "./repository";

/** What replaces a name: nobody can be found by it, and it reads as removed. */
export const ANONYMIZED_NAME = "—";

export interface PurgeReport {
  /** Bookings whose test ended before 00:00 UTC of this day were in scope. */
  before: string;
  dryRun: boolean;
  bookings: string[];
  attempts: string[];
  /** Document files deleted (their numbers keep verifying). */
  documents: string[];
  /**
   * Slots whose stored analytics (and so their exports) named someone
   * purged, by this run or an earlier one: names and IINs replaced there.
   */
  analytics: string[];
  /** Decided complaints anonymized (ids). */
  complaints: string[];
  /** Written refusals anonymized (ids). */
  refusals: string[];
  /**
   * Archived slots purged through an archive version: restored, their
   * bookings anonymized, archived again (reason `purge`) and their earlier
   * files deleted (a dry run: those that would be).
   */
  archivedSlots: string[];
  /** In scope by date but left alone, and why. */
  skipped: PurgeSkip[];
}

/**
 * A record old enough but kept: a booking still active or with an appeal
 * or a complaint under way, an open complaint (never purged), a refusal
 * an open complaint names.
 */
export type PurgeSkip =
  | {
      bookingId: string;
      reason: "active" | "appeal_open" | "complaint_open";
    }
  | { complaintId: string; reason: "open" }
  | { refusalId: string; reason: "complaint_open" }
  /**
   * An archived slot with someone to purge, left for the next run: it
   * could not be restored or archived again now (busy, changed meanwhile,
   * or no longer closed for good: the sweep archives it later).
   */
  | { slotId: string; reason: "archive_pending" }
  /**
   * An archived slot whose current file could not be read (damaged or
   * missing: `npm run archive:verify` tells which, a backup restores it):
   * the rest of the purge goes on, the next run looks at it again.
   */
  | { slotId: string; reason: "archive_unreadable"; error: string };

/** The cut-off day `days` days before `now` (YYYY-MM-DD, UTC). */
export function retentionCutoff(now: number, days: number): string {
  return new Date(now - days * 24 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Anonymizes bookings (and their attempts) whose test ended before
 * `before`: names, IINs, phones and e-mails go (and what their messages
 * said), document files are deleted, and what verification needs stays
 * (number, result, masked IIN, validity). Bookings still active or with an
 * appeal or a complaint under way are left alone. Complaints and written
 * refusals follow by the same clock (purgeServiceRecords). A dry run
 * reports the same lists and writes nothing.
 */
export async function purgePersonalData(
  redis: Redis,
  options: {
    before: string;
    dryRun: boolean;
    outputDir: string;
    actor: string;
    /** The archive module's hooks (archivePurger): archived slots too. */
    archive?: ArchivedSlotPurger;
  },
): Promise<PurgeReport> {
  const cutoff = Date.parse(`${options.before}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.before) || Number.isNaN(cutoff)) {
    throw new Error(
      `--before must be a date YYYY-MM-DD, not "${options.before}"`,
    );
  }
  const report: PurgeReport = {
    before: options.before,
    dryRun: options.dryRun,
    bookings: [],
    attempts: [],
    documents: [],
    analytics: [],
    complaints: [],
    refusals: [],
    archivedSlots: [],
    skipped: [],
  };
  // Archived slots first: those with someone to purge are restored, so the
  // walk below purges them by the same rules, then archived again.
  const restoredForPurge = await purgeArchivedSlotsBegin(
    redis,
    cutoff,
    options,
    report,
  );
  // slotId → attemptId → masked IIN: whom the slot's analytics must not name.
  const purgedBySlot = new Map<string, Map<string, string>>();
  const purged = (booking: {
    slotId: string;
    attemptId: string | null;
    iin: string;
  }) => {
    if (!booking.attemptId) return;
    const attempts =
      purgedBySlot.get(booking.slotId) ?? new Map<string, string>();
    attempts.set(booking.attemptId, maskIin(booking.iin));
    purgedBySlot.set(booking.slotId, attempts);
  };
  for (const bookingId of await allBookingIds(redis)) {
    const booking = await getBooking(redis, bookingId);
    // An archived slot's booking is a stub (no person in it): its slot's
    // file is purged through an archive version (above).
    if (!booking || booking.archived) continue;
    const slot = await getSlot(redis, booking.slotId);
    const endedAt = slot?.endsAt ?? booking.createdAt;
    if (endedAt >= cutoff) continue;
    if (booking.anonymizedAt !== null) {
      // Purged before analytics were: its slot's analytics may still name it.
      purged(booking);
      continue;
    }
    if (ACTIVE_BOOKING_STATUSES.includes(booking.status)) {
      report.skipped.push({ bookingId, reason: "active" });
      continue;
    }
    if (booking.attemptId && (await hasOpenAppeal(redis, booking.attemptId))) {
      report.skipped.push({ bookingId, reason: "appeal_open" });
      continue;
    }
    // Its decision is sent to the booking's contact: keep it until then.
    if (await hasOpenComplaint(redis, bookingId)) {
      report.skipped.push({ bookingId, reason: "complaint_open" });
      continue;
    }
    const numbers = booking.attemptId
      ? await documentNumbers(redis, booking.attemptId)
      : [];
    if (!options.dryRun) {
      const reply = await anonymizeBooking(redis, booking, {
        maskedIin: maskIin(booking.iin),
        placeholderName: ANONYMIZED_NAME,
        actor: options.actor,
        before: options.before,
        officialKeys: booking.attemptId
          ? await officialResultKeys(redis, booking.attemptId)
          : [],
      });
      if (!("ok" in reply)) {
        // A complaint filed since the check above: kept for the next run.
        if (reply.error === "complaint_open") {
          report.skipped.push({ bookingId, reason: "complaint_open" });
        } else if (reply.error === "already_anonymized") {
          purged(booking);
        }
        continue;
      }
      const at = await redisNow(redis);
      for (const number of numbers) {
        await unlink(path.join(options.outputDir, `${number}.pdf`)).catch(
          (error: NodeJS.ErrnoException) => {
            if (error.code !== "ENOENT") throw error;
          },
        );
        await markDocumentPurged(redis, number, at);
      }
    }
    report.bookings.push(bookingId);
    if (booking.attemptId) report.attempts.push(booking.attemptId);
    report.documents.push(...numbers);
    purged(booking);
  }
  // Stored analytics are what the results exports are written from: the
  // rows of everyone purged lose name and IIN there too.
  const analyticsAt = await redisNow(redis);
  for (const [slotId, attempts] of purgedBySlot) {
    const changed = await rewriteSlotAnalytics(
      redis,
      slotId,
      analyticsAt,
      (analytics) => anonymizeAnalytics(analytics, attempts, ANONYMIZED_NAME),
      { dryRun: options.dryRun },
    );
    if (changed) report.analytics.push(slotId);
  }
  report.analytics.sort();
  await purgeServiceRecords(redis, cutoff, options, report);
  if (!options.dryRun) {
    // A slot's protocol lists names: its file goes, and the next request
    // renders it again from the anonymized results.
    const slots = new Set<string>();
    for (const bookingId of report.bookings) {
      const booking = await getBooking(redis, bookingId);
      if (booking) slots.add(booking.slotId);
    }
    // A slot's audit key goes once none of its bookings is kept: its
    // personal values in the stream can no longer be checked, new ones are
    // not kept, and its archive is written without them (README).
    const kept = new Set<string>();
    for (const skip of report.skipped) {
      if (!("bookingId" in skip)) continue;
      const booking = await getBooking(redis, skip.bookingId);
      if (booking) kept.add(booking.slotId);
    }
    for (const slotId of slots) {
      await unlink(
        path.join(options.outputDir, `protocol-${slotId}.pdf`),
      ).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
      if (!kept.has(slotId)) await forgetAuditPii(redis, `slot:${slotId}`);
    }
    // A slot with an archive whose live bookings were purged (restored
    // for a late appeal) goes back to the archive the same way.
    for (const slotId of await noteRestoredArchives(redis, slots)) {
      if (!restoredForPurge.includes(slotId)) restoredForPurge.push(slotId);
    }
    // An archived slot restored for the purge (now, or by a run a crash
    // interrupted) loses its key the same way, whatever this run purged
    // in it, and goes back to the archive without personal values.
    for (const slotId of restoredForPurge) {
      if (!kept.has(slotId)) await forgetAuditPii(redis, `slot:${slotId}`);
    }
    if (options.archive) {
      for (const slotId of restoredForPurge) {
        if (await finishArchivedPurge(redis, options.archive, slotId)) {
          report.archivedSlots.push(slotId);
        } else report.skipped.push({ slotId, reason: "archive_pending" });
      }
    }
    report.archivedSlots.sort();
    await appendAudit(redis, "network", {
      actor: options.actor,
      action: "retention.purged",
      subject: `retention:${options.before}`,
      data: {
        before: options.before,
        bookings: report.bookings.length,
        attempts: report.attempts.length,
        documents: report.documents.length,
        analytics: report.analytics.length,
        complaints: report.complaints.length,
        refusals: report.refusals.length,
        archivedSlots: report.archivedSlots.length,
        skipped: report.skipped.length,
      },
    });
  }
  return report;
}

/**
 * The archived slots in scope (archivedSlotsInScope): those with someone
 * to purge are restored (noted first, so a crash is finished by the next
 * run) and returned with those an earlier run left to finish; a dry run
 * only reports them (their bookings, attempts and documents) and changes
 * nothing. Bookings kept (complaint open) are reported skipped without a
 * restore.
 */
async function purgeArchivedSlotsBegin(
  redis: Redis,
  cutoff: number,
  options: { dryRun: boolean; archive?: ArchivedSlotPurger },
  report: PurgeReport,
): Promise<string[]> {
  // Without the archive module (callers that purge live data only) the
  // archived slots wait: their stubs hold no person to purge.
  const dir = options.archive?.dir;
  if (!dir) return [];
  const restored: string[] = [];
  for (const scope of await archivedSlotsInScope(redis, dir, cutoff)) {
    if (scope.unreadable !== undefined) {
      report.skipped.push({
        slotId: scope.slotId,
        reason: "archive_unreadable",
        error: scope.unreadable,
      });
      continue;
    }
    for (const kept of scope.kept) report.skipped.push(kept);
    const purging = scope.bookings.length > 0;
    if (!purging && !scope.resume) continue;
    if (options.dryRun) {
      report.archivedSlots.push(scope.slotId);
      for (const booking of scope.bookings) {
        report.bookings.push(booking.id);
        if (booking.attemptId) report.attempts.push(booking.attemptId);
      }
      report.documents.push(...scope.documents);
      continue;
    }
    if (purging && options.archive) {
      try {
        await restoreForPurge(redis, options.archive, scope.slotId);
      } catch (error) {
        if ((error as { id?: unknown }).id !== "archive_busy") throw error;
        report.skipped.push({
          slotId: scope.slotId,
          reason: "archive_pending",
        });
        continue;
      }
    }
    restored.push(scope.slotId);
  }
  return restored;
}

/**
 * When a complaint is old enough: with its slot's bookings (the slot's end),
 * and never sooner than the retention period after its decision (one
 * without a slot: after its decision, or its filing while open).
 */
export function complaintEndedAt(
  complaint: Pick<ComplaintFacts, "filedAt" | "decidedAt">,
  slotEndsAt: number | null,
): number {
  return Math.max(slotEndsAt ?? 0, complaint.decidedAt ?? complaint.filedAt);
}

/**
 * Complaints and written refusals, by the bookings' clock: a decided
 * complaint or a refusal whose slot ended before the cut-off (and, for a
 * complaint, decided before it; one without a slot: decided before it) is
 * anonymized, one Lua script each. An open complaint is never purged, and
 * a refusal an open complaint names waits for its decision.
 */
async function purgeServiceRecords(
  redis: Redis,
  cutoff: number,
  options: { before: string; dryRun: boolean; actor: string },
  report: PurgeReport,
): Promise<void> {
  const slotEnds = new Map<string, number | null>();
  const slotEndsAt = async (slotId: string | null) => {
    if (!slotId) return null;
    if (!slotEnds.has(slotId)) {
      slotEnds.set(slotId, (await getSlot(redis, slotId))?.endsAt ?? null);
    }
    return slotEnds.get(slotId) ?? null;
  };
  const input = {
    placeholderName: ANONYMIZED_NAME,
    actor: options.actor,
    before: options.before,
  };

  const open = await openComplaints(redis);
  const namedByOpen = new Set(
    open.flatMap((complaint) =>
      complaint.refusalNumber ? [complaint.refusalNumber] : [],
    ),
  );
  for (const complaint of open) {
    const endedAt = complaintEndedAt(
      complaint,
      await slotEndsAt(complaint.slotId),
    );
    if (endedAt < cutoff) {
      report.skipped.push({ complaintId: complaint.id, reason: "open" });
    }
  }

  for (const complaint of await complaintsDecidedBefore(redis, cutoff)) {
    if (complaint.anonymizedAt !== null || complaint.state !== "decided") {
      continue;
    }
    const endedAt = complaintEndedAt(
      complaint,
      await slotEndsAt(complaint.slotId),
    );
    if (endedAt >= cutoff) continue;
    if (!options.dryRun) {
      const reply = await anonymizeComplaint(redis, complaint, input);
      if (!("ok" in reply)) continue;
    }
    report.complaints.push(complaint.id);
  }

  for (const refusal of await refusalsIssuedBefore(redis, cutoff)) {
    if (refusal.anonymizedAt !== null) continue;
    const endedAt = Math.max(
      (await slotEndsAt(refusal.slotId)) ?? 0,
      refusal.issuedAt,
    );
    if (endedAt >= cutoff) continue;
    if (namedByOpen.has(refusal.number)) {
      report.skipped.push({ refusalId: refusal.id, reason: "complaint_open" });
      continue;
    }
    if (!options.dryRun) {
      const reply = await anonymizeRefusal(redis, refusal, input);
      if (!("ok" in reply)) continue;
    }
    report.refusals.push(refusal.id);
  }
  report.complaints.sort();
  report.refusals.sort();
}

/**
 * Replaces the name and IIN of the given attempts (attemptId → masked IIN)
 * wherever a slot's stored analytics carry them: the results rows, the
 * compliance rows and each stage's worst cases. Says whether it changed
 * anything. Pure: the statistics themselves stay as they were.
 */
export function anonymizeAnalytics(
  analytics: SlotAnalytics,
  maskedIins: ReadonlyMap<string, string>,
  placeholderName: string,
): boolean {
  let changed = false;
  const rename = (row: { attemptId: string; fullName: string }) => {
    if (!maskedIins.has(row.attemptId) || row.fullName === placeholderName)
      return;
    row.fullName = placeholderName;
    changed = true;
  };
  for (const row of analytics.candidates) {
    rename(row);
    const masked = maskedIins.get(row.attemptId);
    if (masked !== undefined && row.iin !== masked) {
      row.iin = masked;
      changed = true;
    }
  }
  analytics.compliance.candidates.forEach(rename);
  for (const stage of analytics.compliance.stages) stage.worst.forEach(rename);
  return changed;
}
