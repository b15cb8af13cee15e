import type { AppContext } from "../../context";
import {
  archiveHeldUntil,
  archiveKeys,
  getArchivePointer,
} from "../../archive/store";
import { redisNow } from "../../redis/connection";
import { appealKeys, appealWindowClosesAt } from "../appeals";
import { attemptIdsOfSlot, findAttempts } from "../attempts";
import { listSlotBookings } from "../booking";
import { getCenter } from "../centers";
import { findDocument } from "../certificates";
import { complaintKeys } from "../complaints";
import { messageKeys } from "../notifications";
import { getSlot } from "../slots";

const DAY_MS = 24 * 3600_000;

/** Booking statuses that are over: nothing will happen to them any more. */
const SETTLED_BOOKINGS = new Set(["cancelled", "no_show", "completed"]);

export type Archivability =
  | {
      ok: true;
      /**
       * Documents archived never handed over: issued ARCHIVE_HANDOVER_DAYS
       * ago or more, the candidate never came (the file's attempts record
       * no hand-over; a later one is recorded on the archived document).
       */
      handoverAbsent?: string[];
    }
  | { ok: false; reason: string };

const no = (reason: string): Archivability => ({ ok: false, reason });

/**
 * Whether a slot is closed for good and may leave Redis: it ended; every
 * booking settled; every attempt official or void (none running or
 * awaiting sign-off); every official result's document issued and handed
 * over, or issued ARCHIVE_HANDOVER_DAYS ago (a candidate who never comes,
 * or data from before hand-overs were recorded, must not keep the slot in
 * Redis for ever: it is archived with the hand-over absent); every appeal
 * window (appeals/window.ts) over by ARCHIVE_AFTER_DAYS;
 * no appeal open; no complaint open about the slot or its bookings; no
 * message still queued; not archived already; not held: restored for a
 * late appeal's re-issue (holdArchive) or for the retention purge (which
 * archives it itself: `purge`). The first failing condition is the reason.
 */
export async function slotArchivable(
  ctx: AppContext,
  slotId: string,
  opts: { byPurge?: boolean } = {},
): Promise<Archivability> {
  const { redis } = ctx;
  const pointer = await getArchivePointer(redis, slotId);
  if (pointer?.state === "archived") return no("already_archived");
  const slot = await getSlot(redis, slotId);
  if (!slot) return no("slot_not_found");
  const now = await redisNow(redis);
  if ((await archiveHeldUntil(redis, slotId)) > now) return no("held");
  if (
    !opts.byPurge &&
    (await redis.sismember(archiveKeys.purging, slotId)) === 1
  ) {
    return no("purge_pending");
  }
  if (slot.endsAt > now) return no("slot_not_ended");

  const bookings = await listSlotBookings(redis, slotId);
  if (bookings.some((booking) => !SETTLED_BOOKINGS.has(booking.status))) {
    return no("booking_not_settled");
  }
  const attemptIds = new Set(await attemptIdsOfSlot(redis, slotId));
  for (const booking of bookings) {
    if (booking.attemptId) attemptIds.add(booking.attemptId);
  }
  const attempts = await findAttempts(redis, [...attemptIds]);
  const live = attempts.filter((attempt) => attempt.state !== "voided");
  if (live.some((attempt) => attempt.officialAt === null)) {
    return no("attempt_not_official");
  }
  if (live.some((attempt) => !attempt.certificateNumber)) {
    return no("document_not_issued");
  }
  const handoverAbsent: string[] = [];
  const handoverDueBy = now - ctx.env.ARCHIVE_HANDOVER_DAYS * DAY_MS;
  for (const attempt of live) {
    const number = attempt.certificateNumber ?? "";
    if (attempt.handover?.number === number) continue;
    const issuedAt = Date.parse(
      (await findDocument(redis, number))?.issuedAt ?? "",
    );
    // An issue time that cannot be read counts as recent: wait, never guess.
    if (!Number.isFinite(issuedAt) || issuedAt > handoverDueBy) {
      return no("document_not_handed_over");
    }
    handoverAbsent.push(number);
  }
  if (live.length > 0) {
    const center = await getCenter(redis, slot.centerId);
    const after = ctx.env.ARCHIVE_AFTER_DAYS * DAY_MS;
    for (const attempt of live) {
      const closesAt = appealWindowClosesAt({
        officialAt: attempt.officialAt ?? 0,
        timeZone: center?.timezone ?? ctx.env.CENTER_TIMEZONE,
        workingDays: ctx.env.APPEAL_WINDOW_WORKING_DAYS,
        holidays: ctx.env.APPEAL_HOLIDAYS,
      });
      if (closesAt + after > now) return no("appeal_window_open");
    }
  }
  for (const attemptId of attemptIds) {
    if (await redis.exists(appealKeys.openOfAttempt(attemptId))) {
      return no("appeal_open");
    }
    for (const appealId of await redis.lrange(
      appealKeys.ofAttempt(attemptId),
      0,
      -1,
    )) {
      const status = await redis.hget(appealKeys.appeal(appealId), "status");
      if (status !== "decided") return no("appeal_open");
    }
  }

  const bookingIds = new Set(bookings.map((booking) => booking.id));
  const openComplaints = await redis.zrange(complaintKeys.open, 0, -1);
  for (const complaintId of openComplaints) {
    const [complaintSlot, bookingId, state] = await redis.hmget(
      complaintKeys.complaint(complaintId),
      "slotId",
      "bookingId",
      "state",
    );
    if (state === "decided") continue;
    if (complaintSlot === slotId || (bookingId && bookingIds.has(bookingId))) {
      return no("complaint_open");
    }
  }
  for (const bookingId of bookingIds) {
    const messageIds = await redis.lrange(
      messageKeys.bookingMessages(bookingId),
      0,
      -1,
    );
    for (const messageId of messageIds) {
      const state = await redis.hget(messageKeys.message(messageId), "state");
      if (state === "queued") return no("message_queued");
    }
  }
  return handoverAbsent.length > 0
    ? { ok: true, handoverAbsent }
    : { ok: true };
}
