import { randomUUID } from "node:crypto";
import {
  CONSENT_VERSION,
  formatBookingCode,
  bookingStatusPath,
  normalizeBookingCode,
  type Accommodation,
  type AccommodationInput,
  type BookingCreated,
  type BookingFormOpened,
  type BookingRequest,
  type BookingSlot,
  type BookingStatusView,
  type PublicSlot,
  type Roster,
  type RosterImport,
  type RosterImportRow,
} from "@shared/booking";
import { BOOKING_STATUSES, type BookingStatus } from "@shared/enums";
import { maskIin, validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";
import { formatLocalDateTime, toLocalTime } from "@shared/time";
import type { AppContext } from "../../context";
import {
  conflict,
  notFound,
  tooManyRequests,
  unprocessable,
} from "../../errors";
import { fixedWindow, type FixedWindow } from "../../http/rate-limit";
import { luaList } from "../../redis/reply";
import {
  getCenter,
  getCenters,
  getRoom,
  getRooms,
  getSlot,
  listSlotsStartingBetween,
  serverNow,
  type CenterRecord,
  type RoomRecord,
  type SlotRecord,
} from "../centers/repository";
import {
  freeSeatsOf,
  inRegion,
  presentCenter,
  presentSlot,
  requireSlot,
} from "../centers/service";
import { commandRequest } from "../../redis/request";
import {
  bookingCodeMatches,
  derivedBookingCode,
  newBookingCode,
  newBookingId,
} from "./code";
import { getProgramInfo } from "./programs";
import { renderReceipt } from "./receipt";
import {
  bookingCodeSecret,
  cancelBookingRecord,
  deleteAccommodation,
  getAccommodation,
  getAccommodations,
  getBooking,
  getRosterImport,
  importRosterRows,
  bookingFormOpenedAt,
  insertBooking,
  saveBookingForm,
  listSlotBookings,
  markNoShows,
  saveAccommodation,
  saveQueuedImport,
  saveRejectedImport,
  type AccommodationRecord,
  type BookingRecord,
  type BookingSource,
  type ImportRow,
} from "./repository";
import { CsvError, checkRosterRows, readRosterCsv } from "./roster-csv";

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 24 * 3600_000;

/** Who books: the public portal, or a staff member helping a candidate. */
export type BookingAgent =
  | { kind: "public" }
  | { kind: "staff"; accountId: string; fullName: string; actor: string };

// ---------------------------------------------------------------------------
// Slots, as the public sees them

async function placesOf(ctx: AppContext, slots: readonly SlotRecord[]) {
  const [centers, rooms] = await Promise.all([
    getCenters(ctx.redis, [...new Set(slots.map((slot) => slot.centerId))]),
    getRooms(ctx.redis, [...new Set(slots.map((slot) => slot.roomId))]),
  ]);
  return {
    centers: new Map(centers.map((center) => [center.id, center])),
    rooms: new Map(rooms.map((room) => [room.id, room])),
  };
}

function presentPublicSlot(
  ctx: AppContext,
  slot: SlotRecord,
  center: CenterRecord,
  room: RoomRecord,
  now: number,
): PublicSlot | null {
  const program = getProgramInfo(ctx, slot.programId);
  if (!program) return null;
  const local = toLocalTime(slot.startsAt, center.timezone);
  return {
    id: slot.id,
    program: { id: program.id, titles: program.titles },
    languages: program.languages,
    center: presentCenter(center),
    room: { id: room.id, name: room.name },
    startsAt: iso(slot.startsAt),
    endsAt: iso(slot.endsAt),
    bookingCutoffAt: iso(slot.bookingCutoffAt),
    local: { date: local.date, time: local.time, utcOffset: local.utcOffset },
    seatsOffered: slot.seatsOffered,
    freeSeats: freeSeatsOf(slot),
    open: isOpen(slot, now),
  };
}

const isOpen = (slot: SlotRecord, now: number) =>
  slot.status === "open" && now < slot.bookingCutoffAt;

/**
 * Slots open for booking (not cancelled, before their booking cutoff)
 * starting in [from, to]: by default from now for 60 days. Full slots are
 * listed with `freeSeats: 0`.
 */
export async function listOpenSlots(
  ctx: AppContext,
  query: {
    programId?: string;
    centerId?: string;
    regionCode?: string;
    from?: string;
    to?: string;
  },
): Promise<PublicSlot[]> {
  const now = await serverNow(ctx.redis);
  const from = query.from ? Date.parse(query.from) : now;
  const to = query.to ? Date.parse(query.to) : from + 60 * DAY;
  if (to < from) {
    throw unprocessable("invalid_range", "`to` must not be before `from`.");
  }
  if (to - from > 366 * DAY) {
    throw unprocessable("invalid_range", "Ask for at most a year at a time.");
  }
  const slots = (await listSlotsStartingBetween(ctx.redis, from, to)).filter(
    (slot) =>
      isOpen(slot, now) &&
      (!query.programId || slot.programId === query.programId) &&
      (!query.centerId || slot.centerId === query.centerId),
  );
  const { centers, rooms } = await placesOf(ctx, slots);
  return slots.flatMap((slot) => {
    const center = centers.get(slot.centerId);
    const room = rooms.get(slot.roomId);
    if (center && !inRegion(center, query.regionCode)) return [];
    const shown =
      center && room ? presentPublicSlot(ctx, slot, center, room, now) : null;
    return shown ? [shown] : [];
  });
}

/** One slot as the public sees it, open or not. */
export async function publicSlot(
  ctx: AppContext,
  slotId: string,
): Promise<PublicSlot> {
  const slot = await requireSlot(ctx, slotId);
  const { centers, rooms } = await placesOf(ctx, [slot]);
  const center = centers.get(slot.centerId);
  const room = rooms.get(slot.roomId);
  const shown =
    center && room
      ? presentPublicSlot(ctx, slot, center, room, await serverNow(ctx.redis))
      : null;
  if (!shown) throw notFound("slot_not_found", "There is no such slot.");
  return shown;
}

/** Where and when a slot is, in its center's time zone. */
export async function describeSlot(
  ctx: AppContext,
  slot: SlotRecord,
): Promise<BookingSlot> {
  const [center, room] = await Promise.all([
    getCenter(ctx.redis, slot.centerId),
    getRoom(ctx.redis, slot.roomId),
  ]);
  const timezone = center?.timezone ?? ctx.env.CENTER_TIMEZONE;
  const local = toLocalTime(slot.startsAt, timezone);
  const blank = { kk: "", ru: "", en: "" };
  return {
    id: slot.id,
    startsAt: iso(slot.startsAt),
    endsAt: iso(slot.endsAt),
    bookingCutoffAt: iso(slot.bookingCutoffAt),
    timezone,
    date: local.date,
    time: local.time,
    utcOffset: local.utcOffset,
    place: {
      centerId: slot.centerId,
      name: center?.name ?? blank,
      address: center?.address ?? blank,
    },
    room: { id: slot.roomId, name: room?.name ?? "" },
  };
}

// ---------------------------------------------------------------------------
// Booking

const urlsOf = (ctx: AppContext, bookingId: string, code: string) => ({
  // The receipt needs the code in the X-Booking-Code header; the status
  // page's link carries it in the fragment, which browsers never send.
  receiptUrl: `${ctx.publicUrl}/api/v1/bookings/${bookingId}/receipt.pdf`,
  statusUrl: `${ctx.publicUrl}${bookingStatusPath(bookingId, code)}`,
});

/**
 * Books a seat for a candidate. Checks that need no lock run first (consent,
 * IIN, program, language); the seat itself is taken by one atomic script
 * that also refuses a closed or full slot and a second active booking of
 * the IIN for the program.
 */
/** A booking form was opened: the booking that follows carries its id. */
export async function openBookingForm(
  ctx: AppContext,
): Promise<BookingFormOpened> {
  const formId = randomUUID();
  const openedAt = ctx.clock.now();
  await saveBookingForm(ctx.redis, formId, openedAt);
  return { formId, openedAt };
}

export async function bookSeat(
  ctx: AppContext,
  request: BookingRequest,
  agent: BookingAgent,
  requestId?: string,
): Promise<BookingCreated> {
  if (request.consent !== true) {
    throw unprocessable(
      "consent_required",
      "The candidate must agree to the processing of personal data (GET /api/v1/consent).",
      { consentVersion: CONSENT_VERSION },
    );
  }
  const iin = validateIin(request.iin);
  if (!iin.valid) {
    throw unprocessable("invalid_iin", `The IIN is invalid: ${iin.message}`, {
      reason: iin.reason,
    });
  }
  const program = getProgramInfo(ctx, request.programId);
  if (!program) {
    throw notFound(
      "program_not_found",
      `There is no program "${request.programId}".`,
    );
  }
  const slot = await getSlot(ctx.redis, request.slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  if (slot.programId !== program.id) {
    throw unprocessable(
      "program_mismatch",
      `This slot is for the program "${slot.programId}", not "${program.id}".`,
    );
  }
  if (!program.languages.includes(request.language)) {
    throw unprocessable(
      "language_not_offered",
      `The program is offered in ${program.languages.join(", ")} only.`,
      { languages: program.languages },
    );
  }

  const staff = agent.kind === "staff" ? agent : null;
  const actor = staff ? staff.actor : "public";
  // With the client's request id the booking is made once, and its code is
  // derived from the id: a repeat (the first reply lost) returns the same
  // booking and the same code, and Redis still holds only the code's hash.
  const once = commandRequest(requestId, actor, "booking.create", request);
  const { code, codeHash } = requestId
    ? derivedBookingCode(await bookingCodeSecret(ctx.redis), {
        requestId,
        iin: iin.iin,
        slotId: slot.id,
      })
    : newBookingCode();
  const formOpenedAt = request.formId
    ? await bookingFormOpenedAt(ctx.redis, request.formId)
    : null;
  const source: BookingSource = staff ? "staff" : "online";
  const reply = await insertBooking(
    ctx.redis,
    {
      id: newBookingId(),
      iin: iin.iin,
      fullName: request.fullName,
      programId: program.id,
      slotId: slot.id,
      language: request.language,
      source,
      codeHash,
      consentVersion: CONSENT_VERSION,
      collectedBy: staff ? `staff:${staff.accountId}` : null,
      collectedByName: staff ? staff.fullName : null,
      phone: request.phone ?? null,
      formOpenedAt,
    },
    actor,
    once,
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "slot_not_found":
        throw notFound("slot_not_found", "There is no such slot.");
      case "program_mismatch":
        throw unprocessable(
          "program_mismatch",
          "This slot is for another program.",
        );
      case "slot_closed":
        throw conflict(
          "slot_closed",
          reply.details.reason === "cancelled"
            ? "This slot was cancelled. Choose another one."
            : "Booking for this slot has closed. Choose a later one.",
        );
      case "already_booked":
        throw conflict(
          "already_booked",
          "This IIN already holds a booking for this program. Cancel it first to book another time.",
        );
      case "slot_full":
        throw conflict(
          "slot_full",
          "All seats of this slot are taken. Choose another one.",
        );
      case "booking_id_taken":
        // 60 random bits make this practically impossible; be loud if not.
        throw new Error("booking id collision");
    }
  }
  return {
    id: reply.ok.id,
    code,
    status: "booked",
    slot: await describeSlot(ctx, slot),
    ...urlsOf(ctx, reply.ok.id, code),
  };
}

const wrongCodeWindows = new WeakMap<AppContext, FixedWindow>();
function wrongCodeWindow(ctx: AppContext): FixedWindow {
  let window = wrongCodeWindows.get(ctx);
  if (!window) {
    window = fixedWindow(
      ctx.redis,
      "booking-code",
      LIMITS.maxWrongBookingCodesPerMinute,
    );
    wrongCodeWindows.set(ctx, window);
  }
  return window;
}

/**
 * The booking, when the code matches. A wrong code and an unknown id get
 * the same 404 (nothing tells which), and both count against the client's
 * budget of wrong codes; past it, 429 until the minute is over.
 */
export async function findBookingWithCode(
  ctx: AppContext,
  input: { bookingId: string; code: string; clientIp: string },
): Promise<BookingRecord> {
  const window = wrongCodeWindow(ctx);
  if ((await window.peek(input.clientIp)) >= window.limit) {
    throw tooManyRequests(
      "Too many wrong booking codes. Wait a minute and try again.",
    );
  }
  const booking = await getBooking(ctx.redis, input.bookingId.toUpperCase());
  if (!booking || !bookingCodeMatches(input.code, booking.codeHash)) {
    await window.hit(input.clientIp);
    throw notFound(
      "booking_not_found",
      "No booking has this number and code. Check both on your receipt.",
    );
  }
  return booking;
}

/** What the holder of the code may see of a booking. */
export async function viewBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<BookingStatusView> {
  const slot = await requireSlot(ctx, booking.slotId);
  const program = getProgramInfo(ctx, booking.programId);
  return {
    id: booking.id,
    status: booking.status,
    fullName: booking.fullName,
    maskedIin: maskIin(booking.iin),
    program: {
      id: booking.programId,
      titles: program?.titles ?? {
        kk: booking.programId,
        ru: booking.programId,
        en: booking.programId,
      },
    },
    language: booking.language,
    slot: await describeSlot(ctx, slot),
    consentVersion: booking.consentVersion,
    ...(booking.collectedByName
      ? { consentCollectedBy: booking.collectedByName }
      : {}),
    createdAt: iso(booking.createdAt),
    ...(booking.cancelledAt === null
      ? {}
      : { cancelledAt: iso(booking.cancelledAt) }),
    ...(booking.resultPassed === null
      ? {}
      : {
          result: {
            passed: booking.resultPassed,
            ...(booking.certificateNumber
              ? { certificateNumber: booking.certificateNumber }
              : {}),
          },
        }),
    appeals: [],
    revisions: [],
    ...(booking.retestOf ? { retestOf: booking.retestOf } : {}),
    ...(booking.anonymizedAt === null ? {} : { anonymized: true }),
  };
}

/**
 * Cancels a booking and frees its seat (until the booking cutoff). With
 * the client's request id, once: a repeat gets the cancelled booking.
 */
export async function cancelBooking(
  ctx: AppContext,
  booking: BookingRecord,
  actor: string,
  requestId?: string,
): Promise<BookingStatusView> {
  const reply = await cancelBookingRecord(
    ctx.redis,
    booking,
    actor,
    commandRequest(requestId, actor, `booking.cancel:${booking.id}`, {}),
  );
  if (!("ok" in reply)) {
    switch (reply.error) {
      case "booking_not_found":
        throw notFound("booking_not_found", "There is no such booking.");
      case "already_cancelled":
        throw conflict(
          "already_cancelled",
          "This booking is already cancelled.",
        );
      case "cancel_closed":
        throw conflict(
          "cancel_closed",
          reply.details.reason === "cutoff"
            ? "Booking for this slot has closed, so it can no longer be cancelled online. Contact the testing center."
            : `The booking can no longer be cancelled (it is ${String(reply.details.status)}).`,
        );
    }
  }
  const cancelled = await getBooking(ctx.redis, booking.id);
  return viewBooking(ctx, cancelled ?? booking);
}

/** The receipt PDF of a booking (the code is printed on it). */
export async function bookingReceipt(
  ctx: AppContext,
  booking: BookingRecord,
  code: string,
): Promise<Buffer> {
  const slot = await requireSlot(ctx, booking.slotId);
  const described = await describeSlot(ctx, slot);
  const program = getProgramInfo(ctx, booking.programId);
  const printedCode = formatBookingCode(normalizeBookingCode(code) ?? code);
  return renderReceipt({
    bookingId: booking.id,
    code: printedCode,
    fullName: booking.fullName,
    iin: booking.iin,
    program: program?.titles ?? {
      kk: booking.programId,
      ru: booking.programId,
      en: booking.programId,
    },
    language: booking.language,
    slot: described,
    cancelUntil: formatLocalDateTime(slot.bookingCutoffAt, described.timezone),
    statusUrl: urlsOf(ctx, booking.id, printedCode).statusUrl,
    consentVersion: booking.consentVersion,
    consentCollectedBy: booking.collectedByName,
  });
}

// ---------------------------------------------------------------------------
// Roster

/**
 * How many of a slot's bookings stand at each status: the figures the
 * console's Today shows from the roster, without the candidates' data.
 */
export async function slotBookingCounts(
  ctx: AppContext,
  slotId: string,
): Promise<Record<BookingStatus, number>> {
  const counts = Object.fromEntries(
    BOOKING_STATUSES.map((status) => [status, 0]),
  ) as Record<BookingStatus, number>;
  for (const booking of await listSlotBookings(ctx.redis, slotId)) {
    counts[booking.status] += 1;
  }
  return counts;
}

/** The list the administrator admits from: every booking of the slot. */
export async function slotRoster(
  ctx: AppContext,
  slotId: string,
): Promise<Roster> {
  const slot = await requireSlot(ctx, slotId);
  const bookings = await listSlotBookings(ctx.redis, slotId);
  const accommodations = await getAccommodations(ctx.redis, [
    ...new Set(bookings.map((booking) => booking.iin)),
  ]);
  return {
    slot: presentSlot(slot),
    entries: bookings.map((booking) => {
      const accommodation = accommodations.get(booking.iin);
      return {
        bookingId: booking.id,
        status: booking.status,
        iin: booking.iin,
        fullName: booking.fullName,
        language: booking.language,
        ...(booking.phone ? { phone: booking.phone } : {}),
        source: booking.source,
        consent: {
          version: booking.consentVersion,
          collectedBy:
            booking.collectedBy && booking.collectedBy.startsWith("staff:")
              ? {
                  id: booking.collectedBy.slice("staff:".length),
                  fullName: booking.collectedByName ?? "",
                }
              : null,
        },
        accommodation: accommodation
          ? {
              extraMinutes: accommodation.extraMinutes,
              note: accommodation.note,
            }
          : null,
        ...(booking.seatId ? { seatId: booking.seatId } : {}),
        createdAt: iso(booking.createdAt),
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Roster imports

/** Accepts a roster CSV for a slot and queues its import. */
export async function requestRosterImport(
  ctx: AppContext,
  input: {
    slotId: string;
    csv: string;
    staff: { accountId: string; fullName: string; actor: string };
  },
): Promise<{ importId: string }> {
  await requireSlot(ctx, input.slotId);
  const importId = randomUUID();
  await saveQueuedImport(ctx.redis, {
    id: importId,
    slotId: input.slotId,
    csv: input.csv,
    requestedBy: `staff:${input.staff.accountId}`,
    requestedByName: input.staff.fullName,
    actor: input.staff.actor,
    createdAt: await serverNow(ctx.redis),
  });
  await ctx.queues.add("roster.import", { importId });
  return { importId };
}

/** An import and its per-row report, or 404 `import_not_found`. */
export async function rosterImportReport(
  ctx: AppContext,
  importId: string,
): Promise<RosterImport> {
  const record = await getRosterImport(ctx.redis, importId);
  if (!record) throw notFound("import_not_found", "There is no such import.");
  return {
    id: record.id,
    slotId: record.slotId,
    status: record.status,
    rows: record.rows,
    imported: record.imported,
    ...(record.error ? { error: record.error } : {}),
    createdAt: iso(record.createdAt),
    ...(record.finishedAt === null
      ? {}
      : { finishedAt: iso(record.finishedAt) }),
  };
}

const LUA_ROW_ERRORS: Record<string, string> = {
  already_booked: "This IIN already holds a booking for this program.",
  duplicate_in_file: "The same IIN is on an earlier line.",
  booking_id_taken: "An internal id clashed; import the file again.",
};

/**
 * The `roster.import` job: checks every row (IIN, name, language, phone,
 * duplicates in the file and with existing bookings, capacity) and books
 * all of them in one script, or none, leaving a per-row report.
 * Idempotent: a finished import is left alone.
 */
export async function runRosterImport(
  ctx: AppContext,
  importId: string,
): Promise<void> {
  const record = await getRosterImport(ctx.redis, importId);
  if (!record || record.status !== "queued") return;
  const reject = async (
    rows: RosterImportRow[],
    error: { id: string; message: string } | null,
  ) =>
    saveRejectedImport(ctx.redis, importId, {
      rows,
      error,
      finishedAt: await serverNow(ctx.redis),
    });

  const slot = await getSlot(ctx.redis, record.slotId);
  const program = slot ? getProgramInfo(ctx, slot.programId) : undefined;
  if (!slot || !program) {
    return reject([], {
      id: slot ? "program_not_found" : "slot_not_found",
      message: slot
        ? `The slot's program "${slot.programId}" is not loaded.`
        : "The slot no longer exists.",
    });
  }
  let csvRows;
  try {
    csvRows = readRosterCsv(record.csv);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return reject([], {
      id: "invalid_csv",
      message: `Line ${error.line}: ${error.message}`,
    });
  }
  if (csvRows.length === 0) {
    return reject([], { id: "empty_file", message: "The file has no rows." });
  }
  if (csvRows.length > LIMITS.maxRosterRows) {
    return reject([], {
      id: "too_many_rows",
      message: `At most ${LIMITS.maxRosterRows} rows per file.`,
    });
  }

  const { valid, problems } = checkRosterRows(csvRows, program.languages);
  const rows: ImportRow[] = valid.map((row) => ({
    ...row,
    bookingId: newBookingId(),
    // Imported candidates get their code from the center if they ask;
    // nobody sees this one, it only makes the booking well-formed.
    codeHash: newBookingCode().codeHash,
  }));
  const allOk = csvRows.map((row) => ({
    line: row.line,
    iin: row.iin,
    ok: true,
  }));
  const reply = await importRosterRows(ctx.redis, {
    importId,
    slotId: slot.id,
    programId: program.id,
    rows,
    consentVersion: CONSENT_VERSION,
    collectedBy: record.requestedBy,
    collectedByName: record.requestedByName,
    actor: record.actor,
    commit: problems.length === 0,
    report: allOk,
  });
  if ("ok" in reply && problems.length === 0) {
    ctx.logger.info(
      { importId, slotId: slot.id, imported: reply.ok.imported },
      "roster imported",
    );
    return;
  }

  const errors = new Map<number, { id: string; message: string }>();
  for (const problem of problems) errors.set(problem.line, problem.error);
  let importError: { id: string; message: string } | null = null;
  let free = Number.POSITIVE_INFINITY;
  if ("ok" in reply) {
    free = reply.ok.free ?? free;
  } else if (reply.error === "rejected") {
    free = Number(reply.details.free ?? free);
    for (const rowError of luaList<{ line: number; error: string }>(
      reply.details.rows,
    )) {
      if (!errors.has(rowError.line)) {
        errors.set(rowError.line, {
          id: rowError.error,
          message: LUA_ROW_ERRORS[rowError.error] ?? rowError.error,
        });
      }
    }
  } else {
    importError = {
      id: reply.error,
      message:
        reply.error === "slot_closed"
          ? "Booking for this slot has closed."
          : reply.error === "slot_not_found"
            ? "The slot no longer exists."
            : "The slot is for another program.",
    };
  }
  if (csvRows.length > free) {
    importError = {
      id: "slot_full",
      message: `The file has ${csvRows.length} rows but only ${free} seats are free.`,
    };
  }
  const report = csvRows.map((row, index): RosterImportRow => {
    const error =
      errors.get(row.line) ??
      (index >= free
        ? { id: "slot_full", message: "No seat is left for this row." }
        : undefined);
    return error
      ? { line: row.line, iin: row.iin, ok: false, error }
      : { line: row.line, iin: row.iin, ok: true };
  });
  await reject(report, importError);
}

// ---------------------------------------------------------------------------
// No-shows

/**
 * The `slot.no-show` job: at the late-admission cutoff, bookings never
 * admitted become `no_show`. Too early (clock skew) throws, so BullMQ
 * retries it a moment later.
 */
export async function sweepNoShows(
  ctx: AppContext,
  slotId: string,
): Promise<void> {
  const reply = await markNoShows(ctx.redis, slotId, "system:no-show");
  if ("ok" in reply) {
    ctx.logger.info({ slotId, marked: reply.ok.marked }, "no-shows marked");
    return;
  }
  if (reply.error === "slot_not_found") {
    ctx.logger.warn({ slotId }, "no-show sweep for an unknown slot");
    return;
  }
  throw new Error(
    `no-show sweep ran ${String(reply.details.waitMs)} ms before the cutoff`,
  );
}

// ---------------------------------------------------------------------------
// Accommodations

function requireIin(input: string): string {
  const iin = validateIin(input);
  if (!iin.valid) {
    throw unprocessable("invalid_iin", `The IIN is invalid: ${iin.message}`, {
      reason: iin.reason,
    });
  }
  return iin.iin;
}

const presentAccommodation = (record: AccommodationRecord): Accommodation => ({
  iin: record.iin,
  extraMinutes: record.extraMinutes,
  note: record.note,
  approvedBy: record.approvedBy,
  setBy: {
    id: record.setBy.replace(/^staff:/, ""),
    fullName: record.setByName,
  },
  setAt: iso(record.setAt),
});

/**
 * Puts an accommodation (extra minutes, a note for the administrator) on
 * the candidate. It applies to every booking of the IIN from now on: the
 * roster shows it and admission reads it.
 */
export async function setAccommodation(
  ctx: AppContext,
  iinInput: string,
  input: AccommodationInput,
  staff: { accountId: string; fullName: string; actor: string },
): Promise<Accommodation> {
  const iin = requireIin(iinInput);
  const record = await saveAccommodation(
    ctx.redis,
    {
      iin,
      extraMinutes: input.extraMinutes,
      note: input.note,
      approvedBy: input.approvedBy,
      setBy: `staff:${staff.accountId}`,
      setByName: staff.fullName,
    },
    staff.actor,
  );
  return presentAccommodation(record);
}

/** The accommodation on an IIN, or 404 `accommodation_not_found`. */
export async function accommodationOf(
  ctx: AppContext,
  iinInput: string,
): Promise<Accommodation> {
  const record = await getAccommodation(ctx.redis, requireIin(iinInput));
  if (!record) {
    throw notFound("accommodation_not_found", "This IIN has no accommodation.");
  }
  return presentAccommodation(record);
}

/** Removes the accommodation on an IIN. */
export async function removeAccommodation(
  ctx: AppContext,
  iinInput: string,
  actor: string,
): Promise<void> {
  const removed = await deleteAccommodation(
    ctx.redis,
    requireIin(iinInput),
    actor,
  );
  if (!removed) {
    throw notFound("accommodation_not_found", "This IIN has no accommodation.");
  }
}
