import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { BookingStatus, TestLanguage } from "@shared/enums";
import type { RosterImportRow } from "@shared/booking";
import { auditKeys } from "../audit/repository";
import { centerKeys } from "../centers/repository";
import { luaList, parseLuaReply, type LuaReply } from "../../redis/reply";
import {
  parseRequestReply,
  requestArgs,
  type CommandRequest,
} from "../../redis/request";
import { script } from "../../redis/scripts";

/**
 * Bookings, rosters, accommodations and roster imports. Instants are epoch
 * ms (UTC, Redis TIME). Slot keys are in centers/repository.ts.
 *
 * Keys:
 *   booking:<bookingId>        hash, flat fields, so the delivery engine's
 *                              scripts can HSET status / attemptId / seatId:
 *       id status iin fullName programId slotId language source
 *       codeHash (SHA-256 hex of the code; the code itself is never stored)
 *       consentVersion consentAt collectedBy collectedByName phone
 *       createdAt [cancelledAt cancelledBy noShowAt]
 *       set later by the engine: attemptId seatId admittedAt
 *       resultPassed ("1"|"0" or "true"|"false") certificateNumber
 *       set by appeals: retestOf (a retest booking's original);
 *       set by the retention purge: anonymizedAt
 *   slot:<slotId>:bookings     zset: bookingId by createdAt (the roster,
 *                              cancelled bookings included)
 *   slot:<slotId>:iins         hash: IIN → bookingId, bookings not
 *                              cancelled (the engine admits by IIN)
 *   iin:<iin>:bookings         set: every bookingId the IIN ever held
 *   accommodation:<iin>        hash: extraMinutes note approvedBy setBy
 *                              setByName setAt
 *   roster-import:<importId>   hash: id slotId status(queued|done|rejected)
 *                              csv requestedBy requestedByName actor createdAt
 *                              finishedAt imported rows(JSON) error(JSON)
 *
 * Active bookings (booked, admitted, in_progress) hold their IIN's one
 * booking per program. Every change runs in one Lua script that also
 * appends to the slot's audit stream (audit:slot:<slotId>); accommodations
 * are audited in the network stream. The scripts read `booking:<id>` hashes
 * they find through the indexes, so this layout assumes one Redis, not a
 * cluster (DESIGN.md §1).
 */
export const bookingKeys = {
  booking: (bookingId: string) => `booking:${bookingId}`,
  slotBookings: (slotId: string) => `slot:${slotId}:bookings`,
  slotIins: (slotId: string) => `slot:${slotId}:iins`,
  iinBookings: (iin: string) => `iin:${iin}:bookings`,
  accommodation: (iin: string) => `accommodation:${iin}`,
  rosterImport: (importId: string) => `roster-import:${importId}`,
};

/** Statuses that hold a seat and block another booking for the program. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = [
  "booked",
  "admitted",
  "in_progress",
];

export type BookingSource = "online" | "staff" | "import";

export interface BookingRecord {
  id: string;
  status: BookingStatus;
  iin: string;
  fullName: string;
  programId: string;
  slotId: string;
  language: TestLanguage;
  source: BookingSource;
  codeHash: string;
  consentVersion: string;
  consentAt: number;
  collectedBy: string | null;
  collectedByName: string | null;
  phone: string | null;
  /** When the booking form was opened (POST /booking-forms), if it was. */
  formOpenedAt: number | null;
  createdAt: number;
  cancelledAt: number | null;
  attemptId: string | null;
  seatId: string | null;
  resultPassed: boolean | null;
  certificateNumber: string | null;
  /** The booking whose upheld appeal granted this one (a retest). */
  retestOf: string | null;
  /** Set when the retention purge anonymized the booking. */
  anonymizedAt: number | null;
}

export interface AccommodationRecord {
  iin: string;
  extraMinutes: number;
  note: string;
  approvedBy: string;
  setBy: string;
  setByName: string;
  setAt: number;
}

const optional = (value: string | undefined) =>
  value === undefined || value === "" ? null : value;

function toBooking(hash: Record<string, string>): BookingRecord | null {
  if (!hash.id) return null;
  const passed = optional(hash.resultPassed);
  return {
    id: hash.id,
    status: (hash.status ?? "booked") as BookingStatus,
    iin: hash.iin ?? "",
    fullName: hash.fullName ?? "",
    programId: hash.programId ?? "",
    slotId: hash.slotId ?? "",
    language: hash.language === "ru" ? "ru" : "kk",
    source: (hash.source ?? "online") as BookingSource,
    codeHash: hash.codeHash ?? "",
    consentVersion: hash.consentVersion ?? "",
    consentAt: Number(hash.consentAt ?? 0),
    collectedBy: optional(hash.collectedBy),
    collectedByName: optional(hash.collectedByName),
    phone: optional(hash.phone),
    formOpenedAt: optional(hash.formOpenedAt)
      ? Number(hash.formOpenedAt)
      : null,
    createdAt: Number(hash.createdAt ?? 0),
    cancelledAt: optional(hash.cancelledAt) ? Number(hash.cancelledAt) : null,
    attemptId: optional(hash.attemptId),
    seatId: optional(hash.seatId),
    resultPassed: passed === null ? null : passed === "1" || passed === "true",
    certificateNumber: optional(hash.certificateNumber),
    retestOf: optional(hash.retestOf),
    anonymizedAt: optional(hash.anonymizedAt)
      ? Number(hash.anonymizedAt)
      : null,
  };
}

function toAccommodation(
  iin: string,
  hash: Record<string, string>,
): AccommodationRecord | null {
  if (hash.extraMinutes === undefined) return null;
  return {
    iin,
    extraMinutes: Number(hash.extraMinutes),
    note: hash.note ?? "",
    approvedBy: hash.approvedBy ?? "",
    setBy: hash.setBy ?? "",
    setByName: hash.setByName ?? "",
    setAt: Number(hash.setAt ?? 0),
  };
}

// ---------------------------------------------------------------------------
// Reads

/** A booking, or null. */
export async function getBooking(
  redis: Redis,
  bookingId: string,
): Promise<BookingRecord | null> {
  return toBooking(await redis.hgetall(bookingKeys.booking(bookingId)));
}

/** Several bookings by id, in order; unknown ids are left out. */
export async function getBookings(
  redis: Redis,
  bookingIds: readonly string[],
): Promise<BookingRecord[]> {
  if (bookingIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of bookingIds) pipeline.hgetall(bookingKeys.booking(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies
    .map(([error, hash]) => {
      if (error) throw error;
      return toBooking(hash as Record<string, string>);
    })
    .filter((booking): booking is BookingRecord => booking !== null);
}

/** A slot's bookings in booking order, cancelled ones included. */
export async function listSlotBookings(
  redis: Redis,
  slotId: string,
): Promise<BookingRecord[]> {
  return getBookings(
    redis,
    await redis.zrange(bookingKeys.slotBookings(slotId), 0, -1),
  );
}

/** The IIN's booking on the slot (not cancelled), or null: for admission. */
export async function findSlotBookingByIin(
  redis: Redis,
  slotId: string,
  iin: string,
): Promise<BookingRecord | null> {
  const bookingId = await redis.hget(bookingKeys.slotIins(slotId), iin);
  return bookingId ? getBooking(redis, bookingId) : null;
}

/** Every booking the IIN ever made, oldest first ("where is this IIN booked"). */
export async function listIinBookings(
  redis: Redis,
  iin: string,
): Promise<BookingRecord[]> {
  const bookings = await getBookings(
    redis,
    await redis.smembers(bookingKeys.iinBookings(iin)),
  );
  return bookings.sort((a, b) => a.createdAt - b.createdAt);
}

/** The accommodation on the candidate (by IIN), or null. */
export async function getAccommodation(
  redis: Redis,
  iin: string,
): Promise<AccommodationRecord | null> {
  return toAccommodation(
    iin,
    await redis.hgetall(bookingKeys.accommodation(iin)),
  );
}

/** Accommodations for several IINs at once. */
export async function getAccommodations(
  redis: Redis,
  iins: readonly string[],
): Promise<Map<string, AccommodationRecord>> {
  const found = new Map<string, AccommodationRecord>();
  if (iins.length === 0) return found;
  const pipeline = redis.pipeline();
  for (const iin of iins) pipeline.hgetall(bookingKeys.accommodation(iin));
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([error, hash], index) => {
    if (error) throw error;
    const iin = iins[index] ?? "";
    const record = toAccommodation(iin, hash as Record<string, string>);
    if (record) found.set(iin, record);
  });
  return found;
}

// ---------------------------------------------------------------------------
// Bookings

export interface NewBooking {
  id: string;
  iin: string;
  fullName: string;
  programId: string;
  slotId: string;
  language: TestLanguage;
  source: BookingSource;
  codeHash: string;
  consentVersion: string;
  collectedBy: string | null;
  collectedByName: string | null;
  phone: string | null;
  formOpenedAt: number | null;
}

export type BookingRefusal =
  | "slot_not_found"
  | "program_mismatch"
  | "slot_closed"
  | "already_booked"
  | "slot_full"
  | "booking_id_taken";

const slotAudit = (slotId: string) => auditKeys(`slot:${slotId}`);

/**
 * Books a seat atomically: the slot is open (Redis time before its booking
 * cutoff), the IIN holds no active booking for the program, and a seat is
 * free. Writes the booking, the roster and IIN indexes and the audit entry.
 * With a request, once: a repeat gets the first booking's id.
 */
export async function insertBooking(
  redis: Redis,
  booking: NewBooking,
  actor: string,
  request?: CommandRequest,
): Promise<
  LuaReply<{ id: string; createdAt: number; freeSeats: number }, BookingRefusal>
> {
  const audit = slotAudit(booking.slotId);
  return parseRequestReply(
    await script("booking-create").run(
      redis,
      [
        centerKeys.slot(booking.slotId),
        bookingKeys.slotBookings(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        bookingKeys.iinBookings(booking.iin),
        bookingKeys.booking(booking.id),
        bookingKeys.accommodation(booking.iin),
        audit.stream,
        audit.head,
      ],
      [
        bookingKeys.booking(""),
        actor,
        JSON.stringify({
          id: booking.id,
          iin: booking.iin,
          fullName: booking.fullName,
          programId: booking.programId,
          slotId: booking.slotId,
          language: booking.language,
          source: booking.source,
          codeHash: booking.codeHash,
          consentVersion: booking.consentVersion,
          collectedBy: booking.collectedBy ?? "",
          collectedByName: booking.collectedByName ?? "",
          phone: booking.phone ?? "",
          ...(booking.formOpenedAt
            ? { formOpenedAt: booking.formOpenedAt }
            : {}),
        }),
        ...requestArgs(request),
      ],
    ),
  );
}

export type CancelRefusal =
  "booking_not_found" | "already_cancelled" | "cancel_closed";

/**
 * Cancels a booked (not yet admitted) booking before the slot's booking
 * cutoff and frees its seat, once: a second cancel finds it cancelled, and
 * a repeat of the same request gets the first one's reply.
 */
export async function cancelBookingRecord(
  redis: Redis,
  booking: Pick<BookingRecord, "id" | "slotId">,
  actor: string,
  request?: CommandRequest,
): Promise<LuaReply<{ cancelledAt: number }, CancelRefusal>> {
  const audit = slotAudit(booking.slotId);
  return parseRequestReply(
    await script("booking-cancel").run(
      redis,
      [
        bookingKeys.booking(booking.id),
        centerKeys.slot(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        audit.stream,
        audit.head,
      ],
      [booking.id, actor, ...requestArgs(request)],
    ),
  );
}

/**
 * Marks the slot's bookings still `booked` as `no_show`, once its
 * late-admission cutoff has passed (Redis time). Idempotent.
 */
export async function markNoShows(
  redis: Redis,
  slotId: string,
  actor: string,
): Promise<LuaReply<{ marked: number }, "slot_not_found" | "too_early">> {
  const audit = slotAudit(slotId);
  return parseLuaReply(
    await script("slot-no-show").run(
      redis,
      [
        centerKeys.slot(slotId),
        bookingKeys.slotBookings(slotId),
        audit.stream,
        audit.head,
      ],
      [bookingKeys.booking(""), actor],
    ),
  );
}

// ---------------------------------------------------------------------------
// Accommodations

/** Sets (or replaces) the accommodation on an IIN, audited. */
export async function saveAccommodation(
  redis: Redis,
  record: Omit<AccommodationRecord, "setAt">,
  actor: string,
): Promise<AccommodationRecord> {
  // An accommodation belongs to a person, not a center.
  const audit = auditKeys("network");
  const reply = parseLuaReply<{ setAt: number }>(
    await script("accommodation-set").run(
      redis,
      [bookingKeys.accommodation(record.iin), audit.stream, audit.head],
      [
        record.iin,
        record.extraMinutes,
        record.note,
        record.approvedBy,
        record.setBy,
        record.setByName,
        actor,
      ],
    ),
  );
  if (!("ok" in reply)) throw new Error(`accommodation-set: ${reply.error}`);
  return { ...record, setAt: reply.ok.setAt };
}

/** Removes the accommodation on an IIN; false when there was none. */
export async function deleteAccommodation(
  redis: Redis,
  iin: string,
  actor: string,
): Promise<boolean> {
  const audit = auditKeys("network");
  const reply = parseLuaReply<{ removedAt: number }>(
    await script("accommodation-delete").run(
      redis,
      [bookingKeys.accommodation(iin), audit.stream, audit.head],
      [iin, actor],
    ),
  );
  return "ok" in reply;
}

// ---------------------------------------------------------------------------
// Roster imports

export type RosterImportStatus = "queued" | "done" | "rejected";

export interface RosterImportRecord {
  id: string;
  slotId: string;
  status: RosterImportStatus;
  csv: string;
  requestedBy: string;
  requestedByName: string;
  /** The audit actor of the staff member who asked for it. */
  actor: string;
  createdAt: number;
  finishedAt: number | null;
  imported: number;
  rows: RosterImportRow[];
  error: { id: string; message: string } | null;
}

/** Finished imports are kept this long for their report. */
const IMPORT_REPORT_TTL_SECONDS = 30 * 24 * 3600;

function toRosterImport(
  hash: Record<string, string>,
): RosterImportRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    slotId: hash.slotId ?? "",
    status: (hash.status ?? "queued") as RosterImportStatus,
    csv: hash.csv ?? "",
    requestedBy: hash.requestedBy ?? "",
    requestedByName: hash.requestedByName ?? "",
    actor: hash.actor ?? hash.requestedBy ?? "",
    createdAt: Number(hash.createdAt ?? 0),
    finishedAt: optional(hash.finishedAt) ? Number(hash.finishedAt) : null,
    imported: Number(hash.imported ?? 0),
    rows: hash.rows ? luaList<RosterImportRow>(JSON.parse(hash.rows)) : [],
    error: hash.error
      ? (JSON.parse(hash.error) as { id: string; message: string })
      : null,
  };
}

/** Records a queued import with its CSV, for the job to pick up. */
export async function saveQueuedImport(
  redis: Redis,
  record: Pick<
    RosterImportRecord,
    | "id"
    | "slotId"
    | "csv"
    | "requestedBy"
    | "requestedByName"
    | "actor"
    | "createdAt"
  >,
): Promise<void> {
  await redis.hset(bookingKeys.rosterImport(record.id), {
    ...record,
    status: "queued",
    imported: 0,
  });
}

/** An import with its report, or null. */
export async function getRosterImport(
  redis: Redis,
  importId: string,
): Promise<RosterImportRecord | null> {
  return toRosterImport(
    await redis.hgetall(bookingKeys.rosterImport(importId)),
  );
}

/**
 * Records a refused import: nothing was booked. Keeps the report, drops
 * the CSV (it holds personal data nobody needs any more).
 */
export async function saveRejectedImport(
  redis: Redis,
  importId: string,
  report: {
    rows: RosterImportRow[];
    error: { id: string; message: string } | null;
    finishedAt: number;
  },
): Promise<void> {
  const key = bookingKeys.rosterImport(importId);
  await redis
    .multi()
    .hset(key, {
      status: "rejected",
      imported: 0,
      rows: JSON.stringify(report.rows),
      finishedAt: report.finishedAt,
      ...(report.error ? { error: JSON.stringify(report.error) } : {}),
    })
    .hdel(key, "csv")
    .expire(key, IMPORT_REPORT_TTL_SECONDS)
    .exec();
}

export interface ImportRow {
  line: number;
  bookingId: string;
  iin: string;
  fullName: string;
  language: TestLanguage;
  phone: string;
  codeHash: string;
}

export type ImportRefusal =
  "slot_not_found" | "program_mismatch" | "slot_closed" | "rejected";

/**
 * Books every row into the slot in one script, or none. With `commit`
 * false it only checks (to report every problem of a file at once). A
 * refusal `rejected` carries `rows` (line, error id) and `free` seats. The
 * committed report is written by the same script, so a redelivered job
 * finds the import done and books nothing twice.
 */
export async function importRosterRows(
  redis: Redis,
  input: {
    importId: string;
    slotId: string;
    programId: string;
    rows: readonly ImportRow[];
    consentVersion: string;
    collectedBy: string;
    collectedByName: string;
    actor: string;
    commit: boolean;
    report: readonly RosterImportRow[];
  },
): Promise<
  LuaReply<
    { imported: number; already?: boolean; free?: number },
    ImportRefusal
  >
> {
  const audit = slotAudit(input.slotId);
  return parseLuaReply(
    await script("roster-import").run(
      redis,
      [
        centerKeys.slot(input.slotId),
        bookingKeys.slotBookings(input.slotId),
        bookingKeys.slotIins(input.slotId),
        bookingKeys.rosterImport(input.importId),
        audit.stream,
        audit.head,
        ...input.rows.flatMap((row) => [
          bookingKeys.iinBookings(row.iin),
          bookingKeys.booking(row.bookingId),
        ]),
      ],
      [
        bookingKeys.booking(""),
        input.programId,
        input.consentVersion,
        input.collectedBy,
        input.collectedByName,
        input.actor,
        input.importId,
        JSON.stringify(input.rows),
        input.commit ? "commit" : "check",
        JSON.stringify(input.report),
        IMPORT_REPORT_TTL_SECONDS,
        input.slotId,
      ],
    ),
  );
}

// ---------------------------------------------------------------------------
// The secret booking codes made with a request id are derived with

/**
 * Kept in Redis (created once with SET NX by whichever process needs it
 * first), because every web process on any host must derive the same code
 * for a repeated request. Alone it gives no code: that needs the request
 * id, which only the client holds.
 */
export const BOOKING_CODE_SECRET_KEY = "secret:booking-codes";

const codeSecrets = new WeakMap<Redis, Promise<Buffer>>();

/** The installation's booking-code secret; cached per connection. */
export function bookingCodeSecret(redis: Redis): Promise<Buffer> {
  let secret = codeSecrets.get(redis);
  if (!secret) {
    secret = (async () => {
      await redis.set(
        BOOKING_CODE_SECRET_KEY,
        randomBytes(32).toString("base64"),
        "NX",
      );
      const stored = await redis.get(BOOKING_CODE_SECRET_KEY);
      if (!stored)
        throw new Error(
          `${BOOKING_CODE_SECRET_KEY} vanished right after it was set`,
        );
      return Buffer.from(stored, "base64");
    })();
    secret.catch(() => codeSecrets.delete(redis));
    codeSecrets.set(redis, secret);
  }
  return secret;
}

// ---------------------------------------------------------------------------
// Booking forms: when a form was opened, to measure how long booking takes

const FORM_TTL_MS = 2 * 3600_000;
const formKey = (formId: string) => `booking-form:${formId}`;

export async function saveBookingForm(
  redis: Redis,
  formId: string,
  openedAt: number,
): Promise<void> {
  await redis.set(formKey(formId), openedAt, "PX", FORM_TTL_MS);
}

/** When the form was opened; null when unknown or older than two hours. */
export async function bookingFormOpenedAt(
  redis: Redis,
  formId: string,
): Promise<number | null> {
  const value = await redis.get(formKey(formId));
  return value === null ? null : Number(value);
}
