import { randomUUID } from "node:crypto";
import {
  COMPLAINT_CATEGORY_TITLES,
  COMPLAINTS_PER_BOOKING_MAX,
  type ComplaintCounts,
  type ComplaintDecisionInput,
  type ComplaintDetail,
  type ComplaintListQuery,
  type ComplaintRequest,
  type ComplaintSummary,
  type DeskComplaintRequest,
  type PublicComplaint,
} from "@shared/complaints";
import { maskIin, validateIin } from "@shared/iin";
import type { MessageKind } from "@shared/notifications";
import { toLocalTime, wallClockAt } from "@shared/time";
import { endOfWorkingDays } from "@shared/working-days";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { filterInScope } from "../../http/scope";
import { redisNow } from "../../redis/connection";
import { commandRequest, storedReply } from "../../redis/request";
import { actorOf, readAudit } from "../audit";
import { staffNames } from "../accounts";
import {
  getBooking,
  notifyBooking,
  readArchivedBooking,
  slotOfBooking,
  type BookingRecord,
} from "../booking";
import { getCenter } from "../centers";
import { notify, type MessageParams } from "../notifications";
import { findRefusalByNumber } from "../refusals";
import { centerOfSlot, UNKNOWN_CENTER } from "../slots";
import {
  centerComplaints,
  complaintAuditScope,
  complaintsOfBooking,
  getComplaint,
  insertComplaint,
  listDecidedComplaints,
  listOpenComplaints,
  recordComplaintDecision,
  type ComplaintRecord,
  type FilingDays,
  type NewComplaint,
} from "./repository";

// Complaints: filed from the status page or at a desk, decided by
// reviewers, each told to the person. The routes are in routes.ts.

const iso = (ms: number) => new Date(ms).toISOString();

async function timeZoneOf(ctx: AppContext, centerId: string): Promise<string> {
  const center = await getCenter(ctx.redis, centerId);
  return center?.timezone || ctx.env.CENTER_TIMEZONE;
}

/** The last working day of a deadline (it ends at the next midnight). */
const deadlineDay = (deadlineAt: number, timeZone: string) =>
  toLocalTime(deadlineAt - 1, timeZone).date;

/**
 * The decision deadline and registration year if the complaint is filed
 * today, and if it is filed after midnight (the script picks by Redis time).
 */
function filingDays(
  ctx: AppContext,
  now: number,
  timeZone: string,
): FilingDays {
  const count = (from: number, workingDays: number) =>
    endOfWorkingDays({
      from,
      timeZone,
      workingDays,
      holidays: ctx.env.APPEAL_HOLIDAYS,
    });
  const dayEndsAt = count(now, 0);
  const workingDays = ctx.env.COMPLAINT_DEADLINE_WORKING_DAYS;
  return {
    dayEndsAt,
    today: {
      deadlineAt: count(now, workingDays),
      year: wallClockAt(now, timeZone).year,
    },
    tomorrow: {
      deadlineAt: count(dayEndsAt, workingDays),
      year: wallClockAt(dayEndsAt, timeZone).year,
    },
  };
}

async function requireComplaint(
  ctx: AppContext,
  id: string,
): Promise<ComplaintRecord> {
  const complaint = await getComplaint(ctx.redis, id);
  if (!complaint) {
    throw notFound("complaint_not_found", "There is no such complaint.");
  }
  return complaint;
}

function presentPublic(
  complaint: ComplaintRecord,
  timeZone: string,
): PublicComplaint {
  return {
    id: complaint.id,
    number: complaint.number,
    category: complaint.category,
    text: complaint.text,
    state: complaint.state,
    filedAt: iso(complaint.filedAt),
    deadlineAt: iso(complaint.deadlineAt),
    deadlineDay: deadlineDay(complaint.deadlineAt, timeZone),
    ...(complaint.decidedAt === null
      ? {}
      : { decidedAt: iso(complaint.decidedAt) }),
    ...(complaint.outcome ? { outcome: complaint.outcome } : {}),
    ...(complaint.reason ? { reason: complaint.reason } : {}),
  };
}

function summarize(
  complaint: ComplaintRecord,
  timeZone: string,
  now: number,
): ComplaintSummary {
  const open = complaint.state === "open";
  return {
    id: complaint.id,
    number: complaint.number,
    category: complaint.category,
    source: complaint.source,
    state: complaint.state,
    centerId: complaint.centerId,
    ...(complaint.bookingId ? { bookingId: complaint.bookingId } : {}),
    ...(complaint.slotId ? { slotId: complaint.slotId } : {}),
    fullName: complaint.fullName,
    maskedIin: complaint.iin ? maskIin(complaint.iin) : "",
    ...(complaint.refusalNumber
      ? { refusalNumber: complaint.refusalNumber }
      : {}),
    filedAt: iso(complaint.filedAt),
    deadlineAt: iso(complaint.deadlineAt),
    deadlineDay: deadlineDay(complaint.deadlineAt, timeZone),
    remainingMs: open ? complaint.deadlineAt - now : 0,
    overdue: open && now >= complaint.deadlineAt,
    ...(complaint.decidedAt === null
      ? {}
      : {
          decidedAt: iso(complaint.decidedAt),
          decidedLate: complaint.decidedAt >= complaint.deadlineAt,
        }),
    ...(complaint.outcome ? { outcome: complaint.outcome } : {}),
  };
}

/** Time zones of the complaints' centers, read once each. */
async function zonesOf(
  ctx: AppContext,
  complaints: readonly ComplaintRecord[],
): Promise<Map<string, string>> {
  const centers = [...new Set(complaints.map((c) => c.centerId))];
  return new Map(
    await Promise.all(
      centers.map(
        async (centerId) =>
          [centerId, await timeZoneOf(ctx, centerId)] as const,
      ),
    ),
  );
}

/**
 * Tells the person: through the booking's contact and choice when the
 * complaint is about a booking, else through the contact written down at
 * the desk (the message then belongs to the refusal slip's slot). Queued
 * once per complaint and kind, so a repeat is harmless; never blocks the
 * complaint.
 */
async function tellPerson(
  ctx: AppContext,
  complaint: ComplaintRecord,
  kind: Extract<MessageKind, "complaint.filed" | "complaint.decided">,
  params: MessageParams,
): Promise<void> {
  const booking = complaint.bookingId
    ? await getBooking(ctx.redis, complaint.bookingId)
    : null;
  if (booking && !booking.archived) {
    await notifyBooking(ctx, booking, kind, params, complaint.id);
    return;
  }
  await notify(
    ctx,
    {
      bookingId: complaint.id,
      // No slot: the message is audited on the center's stream and shown
      // in that center's outbox. An archived slot's stream is in its
      // archive file: the message goes to the center's too, under the
      // complaint's id (as one without a booking), with the contact the
      // complaint copied from the booking.
      slotId: booking?.archived ? "" : (complaint.slotId ?? ""),
      centerId: complaint.centerId,
      phone: complaint.phone,
      email: complaint.email,
      channel: complaint.notifyBy,
      language: complaint.messageLanguage,
    },
    kind,
    params,
    complaint.id,
  );
}

async function tellFiled(
  ctx: AppContext,
  complaint: ComplaintRecord,
  timeZone: string,
): Promise<void> {
  await tellPerson(ctx, complaint, "complaint.filed", {
    number: complaint.number,
    category: COMPLAINT_CATEGORY_TITLES[complaint.category],
    deadline: deadlineDay(complaint.deadlineAt, timeZone),
  });
}

/**
 * Files a complaint (both doors end here): the number and deadline in one
 * script, then the message to the person. With the client's request id it
 * takes effect once; a repeat gets the same complaint.
 */
async function fileComplaint(
  ctx: AppContext,
  complaint: NewComplaint,
  actor: string,
  requestId: string | undefined,
): Promise<ComplaintRecord> {
  const timeZone = await timeZoneOf(ctx, complaint.centerId);
  const now = await redisNow(ctx.redis);
  const once = commandRequest(requestId, actor, "complaint.file", {
    ...complaint,
    id: undefined,
  });
  const reply = await insertComplaint(
    ctx.redis,
    complaint,
    filingDays(ctx, now, timeZone),
    { actor, perBookingLimit: COMPLAINTS_PER_BOOKING_MAX },
    once,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "too_many":
        throw conflict(
          "complaint_limit",
          `This booking already has ${COMPLAINTS_PER_BOOKING_MAX} complaints. Add to them at the testing center's desk.`,
        );
      case "id_taken":
        throw new Error("complaint id collision");
    }
  }
  const filed = await getComplaint(ctx.redis, reply.ok.id);
  if (!filed) throw new Error(`complaint ${reply.ok.id} vanished after filing`);
  await tellFiled(ctx, filed, timeZone);
  ctx.logger.info(
    { complaintId: filed.id, number: filed.number, replayed: reply.replayed },
    "complaint filed",
  );
  return filed;
}

function contactOf(booking: BookingRecord) {
  return {
    fullName: booking.fullName,
    iin: booking.iin,
    phone: booking.phone,
    email: booking.email,
    notifyBy: booking.notifyBy,
    messageLanguage: booking.messageLanguage,
  };
}

/**
 * The booking's center: its slot's, which an archived slot's pointer
 * keeps; one archived before pointers kept it is read from the archive
 * file.
 */
async function centerOfBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<string> {
  let centerId = await centerOfSlot(ctx, booking.slotId);
  if (centerId === UNKNOWN_CENTER && booking.archived) {
    centerId = (await slotOfBooking(ctx, booking))?.centerId ?? null;
  }
  if (!centerId || centerId === UNKNOWN_CENTER)
    throw notFound("slot_not_found", "The booking's slot is gone.");
  return centerId;
}

/**
 * Where a complaint about the booking is audited when not in its slot's
 * stream: an archived slot's lives in its archive file, so its center's.
 */
const archivedAuditScope = (booking: BookingRecord | null, centerId: string) =>
  booking?.archived ? ({ auditScope: `center:${centerId}` } as const) : {};

/**
 * A booking as a complaint reads it: an archived slot's stub completed
 * from the archive file (the person's name and contact are there).
 */
async function completeBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<BookingRecord> {
  if (!booking.archived || booking.iin) return booking;
  return (await readArchivedBooking(ctx, booking))?.booking ?? booking;
}

/**
 * The candidate's complaint from the status page (the booking code was
 * checked by the route).
 */
export async function fileStatusPageComplaint(
  ctx: AppContext,
  booking: BookingRecord,
  request: ComplaintRequest,
  requestId: string | undefined,
): Promise<PublicComplaint> {
  const centerId = await centerOfBooking(ctx, booking);
  const actor = `public:booking:${booking.id}`;
  // An archived slot's booking comes completed from its file
  // (findBookingWithCode); nothing of the slot changes, so it stays
  // archived and the complaint is audited in the center's stream.
  const filed = await fileComplaint(
    ctx,
    {
      id: randomUUID(),
      category: request.category,
      text: request.text,
      source: "status_page",
      bookingId: booking.id,
      slotId: booking.slotId,
      centerId,
      ...contactOf(booking),
      refusalNumber: null,
      filedBy: actor,
      filedByName: null,
      ...archivedAuditScope(booking, centerId),
    },
    actor,
    requestId,
  );
  return presentPublic(filed, await timeZoneOf(ctx, centerId));
}

/** What a desk complaint is about: a booking, a refusal slip, a center. */
export interface DeskTarget {
  booking: BookingRecord | null;
  centerId: string;
  slotId: string | null;
  refusalNumber: string | null;
}

/**
 * What a desk complaint concerns: its booking (and the booking's slot and
 * center), else its refusal slip's slot and center, else the center named
 * (which must exist). The route checks the staff member's scope on the
 * center.
 */
export async function deskComplaintTarget(
  ctx: AppContext,
  request: DeskComplaintRequest,
): Promise<DeskTarget> {
  const refusal = request.refusalNumber
    ? await findRefusalByNumber(ctx.redis, request.refusalNumber)
    : null;
  if (request.refusalNumber && !refusal) {
    throw notFound(
      "refusal_not_found",
      `No refusal slip has the number ${request.refusalNumber}. Check it on the slip.`,
    );
  }
  const refusalNumber = refusal?.number ?? null;
  if (request.bookingId) {
    const stored = await getBooking(ctx.redis, request.bookingId);
    if (!stored) {
      throw notFound("booking_not_found", "There is no booking with this id.");
    }
    const booking = await completeBooking(ctx, stored);
    return {
      booking,
      centerId: await centerOfBooking(ctx, booking),
      slotId: booking.slotId,
      refusalNumber,
    };
  }
  if (refusal) {
    return {
      booking: null,
      centerId: refusal.centerId,
      slotId: refusal.slotId,
      refusalNumber,
    };
  }
  const center = request.centerId
    ? await getCenter(ctx.redis, request.centerId)
    : null;
  if (!center) throw notFound("center_not_found", "There is no such center.");
  return { booking: null, centerId: center.id, slotId: null, refusalNumber };
}

/**
 * A complaint written down at a desk: about a booking, or from a person
 * named here (someone refused admission who is on no roster).
 */
export async function fileDeskComplaint(
  ctx: AppContext,
  request: DeskComplaintRequest,
  target: DeskTarget,
  actor: StaffPrincipal,
  requestId: string | undefined,
): Promise<ComplaintDetail> {
  const { booking } = target;
  let person: ReturnType<typeof contactOf>;
  if (booking) {
    person = contactOf(booking);
  } else {
    const given = request.person;
    if (!given) {
      throw unprocessable(
        "complainant_required",
        "Name the person who complains (or the booking).",
      );
    }
    const iin = validateIin(given.iin);
    if (!iin.valid) throw unprocessable("invalid_iin", iin.message);
    person = {
      fullName: given.fullName,
      iin: iin.iin,
      phone: given.phone ?? null,
      email: given.email ?? null,
      notifyBy:
        given.notifyBy ??
        (given.email ? "email" : given.phone ? "sms" : "none"),
      messageLanguage: given.messageLanguage,
    };
    if (person.notifyBy === "email" && !person.email) {
      throw unprocessable(
        "contact_required",
        "Write down the e-mail address the decision goes to, or choose another channel.",
      );
    }
    if (person.notifyBy === "sms" && !person.phone) {
      throw unprocessable(
        "contact_required",
        "Write down the phone number the decision goes to, or choose another channel.",
      );
    }
  }
  const filed = await fileComplaint(
    ctx,
    {
      id: randomUUID(),
      category: request.category,
      text: request.text,
      source: "desk",
      bookingId: booking?.id ?? null,
      slotId: target.slotId,
      centerId: target.centerId,
      ...person,
      refusalNumber: target.refusalNumber,
      filedBy: actorOf(actor),
      filedByName: actor.fullName,
      ...archivedAuditScope(booking, target.centerId),
    },
    actorOf(actor),
    requestId,
  );
  return complaintDetail(ctx, filed.id);
}

/**
 * The console's list in the staff member's scope: open complaints with the
 * time left, the overdue first, then by deadline; decided ones (latest
 * first) when asked for.
 */
export async function listComplaints(
  ctx: AppContext,
  actor: StaffPrincipal,
  query: ComplaintListQuery,
): Promise<ComplaintSummary[]> {
  const [open, decided, now] = await Promise.all([
    query.state === "decided" ? [] : listOpenComplaints(ctx.redis),
    query.state === "open" ? [] : listDecidedComplaints(ctx.redis),
    redisNow(ctx.redis),
  ]);
  const all = filterInScope(
    actor,
    [
      // The open set is ordered by deadline: the overdue come first.
      ...open.sort((a, b) => a.deadlineAt - b.deadlineAt),
      ...decided,
    ],
    (complaint) => complaint.centerId,
  ).filter(
    (complaint) => !query.centerId || complaint.centerId === query.centerId,
  );
  const zones = await zonesOf(ctx, all);
  return all.map((complaint) =>
    summarize(
      complaint,
      zones.get(complaint.centerId) ?? ctx.env.CENTER_TIMEZONE,
      now,
    ),
  );
}

/** One complaint for staff, with its audit timeline. */
export async function complaintDetail(
  ctx: AppContext,
  id: string,
): Promise<ComplaintDetail> {
  const complaint = await requireComplaint(ctx, id);
  const [timeZone, now, timeline] = await Promise.all([
    timeZoneOf(ctx, complaint.centerId),
    redisNow(ctx.redis),
    readAudit(
      ctx.redis,
      complaintAuditScope(complaint),
      (entry) => entry.subject === `complaint:${id}`,
    ),
  ]);
  const names = await staffNames(
    ctx.redis,
    timeline.map((entry) => entry.actor),
  );
  return {
    ...summarize(complaint, timeZone, now),
    text: complaint.text,
    contact: {
      ...(complaint.phone ? { phone: complaint.phone } : {}),
      ...(complaint.email ? { email: complaint.email } : {}),
      notifyBy: complaint.notifyBy,
      messageLanguage: complaint.messageLanguage,
    },
    filedBy: complaint.filedByName ?? complaint.filedBy,
    ...(complaint.reason ? { reason: complaint.reason } : {}),
    ...(complaint.decidedBy ? { decidedBy: complaint.decidedBy } : {}),
    timeline: timeline.map((entry) => {
      const name = names.get(entry.actor.split(":")[1] ?? "");
      return {
        at: iso(entry.at),
        actor: entry.actor,
        ...(entry.actor.startsWith("staff:") && name
          ? { actorName: name }
          : {}),
        action: entry.action,
        data: entry.data,
      };
    }),
  };
}

/**
 * Decides a complaint, once, with a reason, and tells the person. A repeat
 * of the same request (the first reply lost) gets the decision again and
 * re-queues the message, which the outbox keeps once.
 */
export async function decideComplaint(
  ctx: AppContext,
  id: string,
  input: ComplaintDecisionInput,
  actor: StaffPrincipal,
  requestId: string | undefined,
): Promise<ComplaintDetail> {
  const complaint = await requireComplaint(ctx, id);
  const once = commandRequest(
    requestId,
    actorOf(actor),
    `complaint.decide:${id}`,
    input,
  );
  const repeat = (await storedReply(ctx.redis, once)) !== null;
  if (complaint.state === "decided" && !repeat) {
    throw alreadyDecided(complaint);
  }
  const reply = await recordComplaintDecision(
    ctx.redis,
    complaint,
    {
      outcome: input.outcome,
      reason: input.reason,
      actor: actorOf(actor),
      actorName: actor.fullName,
    },
    once,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "not_found":
        throw notFound("complaint_not_found", "There is no such complaint.");
      case "already_decided":
        throw alreadyDecided(complaint);
    }
  }
  const decided = await requireComplaint(ctx, id);
  if (decided.outcome && decided.reason) {
    await tellPerson(ctx, decided, "complaint.decided", {
      number: decided.number,
      category: COMPLAINT_CATEGORY_TITLES[decided.category],
      // The template words it in the person's language (its choices).
      outcome: decided.outcome,
      reason: decided.reason,
    });
  }
  ctx.logger.info(
    { complaintId: id, outcome: input.outcome, late: reply.ok.late },
    "complaint decided",
  );
  return complaintDetail(ctx, id);
}

const alreadyDecided = (complaint: ComplaintRecord) =>
  conflict(
    "complaint_already_decided",
    `Complaint ${complaint.number} is already decided.`,
  );

/** The center of a complaint, or null: what scope checks. */
export async function centerOfComplaint(
  ctx: AppContext,
  id: string,
): Promise<string | null> {
  return (await getComplaint(ctx.redis, id))?.centerId ?? null;
}

/** What the booking's status page shows of its complaints. */
export async function bookingComplaintsView(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<PublicComplaint[]> {
  const complaints = await complaintsOfBooking(ctx.redis, booking.id);
  if (complaints.length === 0) return [];
  const zones = await zonesOf(ctx, complaints);
  return complaints.map((complaint) =>
    presentPublic(
      complaint,
      zones.get(complaint.centerId) ?? ctx.env.CENTER_TIMEZONE,
    ),
  );
}

/**
 * A center's complaints filed in [from, to]: received, open (and of those
 * overdue now), decided (upheld, rejected, late). Analytics shows them
 * beside the center's service-standard compliance.
 */
export async function complaintCounts(
  ctx: AppContext,
  centerId: string,
  from = -Infinity,
  to = Infinity,
): Promise<ComplaintCounts> {
  const [complaints, now] = await Promise.all([
    centerComplaints(ctx.redis, centerId, from, to),
    redisNow(ctx.redis),
  ]);
  const counts: ComplaintCounts = {
    received: complaints.length,
    open: 0,
    overdue: 0,
    decided: 0,
    upheld: 0,
    rejected: 0,
    decidedLate: 0,
  };
  for (const complaint of complaints) {
    if (complaint.state === "open") {
      counts.open += 1;
      if (now >= complaint.deadlineAt) counts.overdue += 1;
      continue;
    }
    counts.decided += 1;
    if (complaint.outcome === "upheld") counts.upheld += 1;
    if (complaint.outcome === "rejected") counts.rejected += 1;
    if ((complaint.decidedAt ?? 0) >= complaint.deadlineAt) {
      counts.decidedLate += 1;
    }
  }
  return counts;
}
