import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { BookingRule } from "@shared/booking";
import type { CandidateKind } from "@shared/banks";
import type { VoidCause } from "@shared/attempts";
import type { BookingStatus, TestLanguage, UiLanguage } from "@shared/enums";
import { NOTIFY_CHANNELS, type NotifyChannel } from "@shared/notifications";
import { auditKeys } from "../audit";
import { accommodationKeys } from "../accommodations";
import { getCenter } from "../centers";
import { slotKeys } from "../slots";
import { getArchivedSlotScope } from "../../archive/store";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import {
  parseRequestReply,
  requestArgs,
  type CommandRequest,
} from "../../redis/request";
import { script } from "../../redis/scripts";

/**
 * Bookings (accommodations and roster imports have their own modules). Instants are epoch
 * ms (UTC, Redis TIME). Slot keys are in centers/repository.ts.
 *
 * Keys:
 *   booking:<bookingId>        hash, flat fields, so the delivery engine's
 *                              scripts can HSET status / attemptId / seatId:
 *       id status iin fullName programId slotId language source
 *       codeHash (SHA-256 hex of the code; the code itself is never stored)
 *       consentVersion consentAt collectedBy collectedByName phone
 *       positionCategory candidateKind (when the booking named them)
 *       email notifyBy (sms|email|none) messageLanguage (kk|ru|en)
 *       createdAt [cancelledAt cancelledBy noShowAt]
 *       set later by the engine: attemptId seatId admittedAt
 *       resultPassed ("1"|"0" or "true"|"false") certificateNumber
 *       voidCause (technical|conduct, when the attempt was voided)
 *       set by appeals: retestOf (a retest booking's original);
 *       set by the retention purge: anonymizedAt
 *   slot:<slotId>:bookings     zset: bookingId by createdAt (the roster,
 *                              cancelled bookings included)
 *   slot:<slotId>:iins         hash: IIN → bookingId, bookings not
 *                              cancelled (the engine admits by IIN)
 *   iin:<iin>:bookings         set: the IIN's bookings of slots not
 *                              archived (gone once it holds none)
 *   iin:<iin>:history          hash: bookingId → BookingHistoryEntry (see
 *                              encodeHistoryEntry), the IIN's bookings of
 *                              archived slots (archived.ts): their ids
 *                              leave the set for it, and their
 *                              `booking:<id>` is shrunk to a stub
 *                              {archived="1" slotId status codeHash}, the
 *                              code's hash in base64url; the program,
 *                              start and center (its time zone) are the
 *                              slot's archive pointer's
 *   archived:program:<p>:slots set: the program's archived slots
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
  iinHistory: (iin: string) => `iin:${iin}:history`,
  /** Set: the program's archived slots (a late appeal's re-score finds them). */
  archivedProgramSlots: (programId: string) =>
    `archived:program:${programId}:slots`,
};

/**
 * What the IIN's history keeps of a booking of an archived slot, beside
 * its stub (slot, status) and the slot's pointer (program, start, center:
 * its zone gives the local dates): what the booking rules and the desk's
 * find need.
 */
export interface BookingHistoryEntry {
  /** The result: passed, failed, or none (no official result). */
  r: "passed" | "failed" | "none";
  /** The document's number, when one was issued. */
  d?: string;
  /** Why the attempt was voided, when it was. */
  v?: VoidCause;
}

const RESULT_CODES = { passed: "p", failed: "f", none: "n" } as const;

/**
 * A history entry as stored: `<p|f|n> <number or -> [<void cause>]`,
 * space-separated (none of them holds a space), e.g. `p SYN-2026-…`: well
 * under 64 bytes, so Redis keeps the hash a listpack.
 */
export function encodeHistoryEntry(entry: BookingHistoryEntry): string {
  return [RESULT_CODES[entry.r], entry.d ?? "-"]
    .concat(entry.v ? [entry.v] : [])
    .join(" ");
}

export function decodeHistoryEntry(stored: string): BookingHistoryEntry {
  const [code, number = "-", voidCause] = stored.split(" ");
  return {
    r: code === "p" ? "passed" : code === "f" ? "failed" : "none",
    ...(number === "-" ? {} : { d: number }),
    ...(voidCause ? { v: voidCause as VoidCause } : {}),
  };
}

/**
 * The stub a booking of an archived slot shrinks to (archived.ts): what
 * the status page checks the code against, and the status the booking
 * rules read; the code's SHA-256 in base64url (43 bytes, not 64).
 */
export function bookingStubFields(
  booking: Pick<BookingRecord, "slotId" | "status" | "codeHash">,
): Record<string, string> {
  return {
    archived: "1",
    slotId: booking.slotId,
    status: booking.status,
    codeHash: Buffer.from(booking.codeHash, "hex").toString("base64url"),
  };
}

const isStub = (hash: Record<string, string>) => hash.archived === "1";

/** A stub's code hash as hex (a hex one, written by a later HSET, as it is). */
const hexCodeHash = (stored: string) =>
  /^[0-9a-f]{64}$/.test(stored)
    ? stored
    : Buffer.from(stored, "base64url").toString("hex");

/**
 * A stub as a booking (no IIN, name or contact: readArchivedBooking has
 * them); its program and start are filled from the slot's pointer.
 */
function fromStub(id: string, hash: Record<string, string>): BookingRecord {
  const blank = toBooking({ id }) as BookingRecord;
  return {
    ...blank,
    status: (hash.status ?? "completed") as BookingStatus,
    slotId: hash.slotId ?? "",
    codeHash: hexCodeHash(hash.codeHash ?? ""),
    archived: { startsAt: 0, timezone: "" },
  };
}

/**
 * Stubs completed with their slots' program and start (the pointers) and
 * their centers' zones ("" when the center is unknown: the callers fall
 * back to CENTER_TIMEZONE).
 */
async function withSlotScopes(
  redis: Redis,
  bookings: BookingRecord[],
): Promise<BookingRecord[]> {
  const slotIds = new Set(
    bookings.flatMap((booking) => (booking.archived ? [booking.slotId] : [])),
  );
  if (slotIds.size === 0) return bookings;
  const scopes = new Map(
    await Promise.all(
      [...slotIds].map(async (slotId) => {
        const scope = await getArchivedSlotScope(redis, slotId);
        const center = scope && (await getCenter(redis, scope.centerId));
        return [
          slotId,
          scope && { ...scope, timezone: center?.timezone ?? "" },
        ] as const;
      }),
    ),
  );
  return bookings.map((booking) => {
    const scope = booking.archived ? scopes.get(booking.slotId) : undefined;
    return scope
      ? {
          ...booking,
          programId: scope.programId,
          archived: { startsAt: scope.startsAt, timezone: scope.timezone },
        }
      : booking;
  });
}

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
  email: string | null;
  /** How the candidate wants to hear about the booking. */
  notifyBy: NotifyChannel;
  /** The language of the messages (the test language unless chosen). */
  messageLanguage: UiLanguage;
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
  /** The position category applied for (a code), when named. */
  positionCategory: string | null;
  candidateKind: CandidateKind | null;
  /** Why the attempt was voided, when it was. */
  voidCause: VoidCause | null;
  /**
   * Set when the booking's slot is archived: its slot's start and its
   * center's zone (known once the IIN's history was read, else "").
   */
  archived?: { startsAt: number; timezone: string };
}

const optional = (value: string | undefined) =>
  value === undefined || value === "" ? null : value;

/**
 * Bookings made before candidates chose a channel: an SMS to the phone
 * they gave (it was collected for that), else nothing.
 */
function notifyByOf(hash: Record<string, string>): NotifyChannel {
  const chosen = NOTIFY_CHANNELS.find((channel) => channel === hash.notifyBy);
  if (chosen) return chosen;
  if (optional(hash.email)) return "email";
  return optional(hash.phone) ? "sms" : "none";
}

function messageLanguageOf(hash: Record<string, string>): UiLanguage {
  const language = hash.messageLanguage ?? hash.language;
  return language === "ru" || language === "en" ? language : "kk";
}

export function toBooking(hash: Record<string, string>): BookingRecord | null {
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
    email: optional(hash.email),
    notifyBy: notifyByOf(hash),
    messageLanguage: messageLanguageOf(hash),
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
    positionCategory: optional(hash.positionCategory),
    candidateKind: optional(hash.candidateKind) as CandidateKind | null,
    voidCause: optional(hash.voidCause) as VoidCause | null,
  };
}

/** An archived booking's stub completed from the IIN's history entry. */
function withHistory(booking: BookingRecord, stored: string): BookingRecord {
  const entry = decodeHistoryEntry(stored);
  return {
    ...booking,
    resultPassed: entry.r === "none" ? null : entry.r === "passed",
    certificateNumber: entry.d ?? null,
    voidCause: entry.v ?? null,
  };
}

// ---------------------------------------------------------------------------
// Reads

/** A booking (an archived one as its stub), or null. */
export async function getBooking(
  redis: Redis,
  bookingId: string,
): Promise<BookingRecord | null> {
  return (await getBookings(redis, [bookingId]))[0] ?? null;
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
  const bookings = replies
    .map(([error, reply], index) => {
      if (error) throw error;
      const hash = reply as Record<string, string>;
      return isStub(hash)
        ? fromStub(bookingIds[index] ?? "", hash)
        : toBooking(hash);
    })
    .filter((booking): booking is BookingRecord => booking !== null);
  return withSlotScopes(redis, bookings);
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

/**
 * Every booking the IIN ever made, oldest first ("where is this IIN
 * booked"): the set's, and the history's (archived slots: as their stubs,
 * completed from the history; no IIN, name or contact:
 * readArchivedBooking has them). An archival cut short may leave an id in
 * both: listed once.
 */
export async function listIinBookings(
  redis: Redis,
  iin: string,
): Promise<BookingRecord[]> {
  const [live, history] = await Promise.all([
    redis.smembers(bookingKeys.iinBookings(iin)),
    redis.hgetall(bookingKeys.iinHistory(iin)),
  ]);
  const ids = [...new Set([...live, ...Object.keys(history)])];
  const bookings = (await getBookings(redis, ids)).map((booking) => {
    const entry = booking.archived ? history[booking.id] : undefined;
    return entry ? withHistory({ ...booking, iin }, entry) : booking;
  });
  // An archived stub has no creation time: its slot's start orders it.
  const orderOf = (booking: BookingRecord) =>
    booking.archived ? booking.archived.startsAt : booking.createdAt;
  return bookings.sort((a, b) => orderOf(a) - orderOf(b));
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
  email: string | null;
  notifyBy: NotifyChannel;
  messageLanguage: UiLanguage;
  formOpenedAt: number | null;
  positionCategory: string | null;
  candidateKind: CandidateKind | null;
  /** A desk set a program rule aside for this booking (audited). */
  ruleOverride: { rule: BookingRule; reason: string } | null;
}

export type BookingRefusal =
  | "slot_not_found"
  | "program_mismatch"
  | "slot_closed"
  | "already_booked"
  | "slot_full"
  | "booking_id_taken";

export const slotAudit = (slotId: string) => auditKeys(`slot:${slotId}`);

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
        slotKeys.slot(booking.slotId),
        bookingKeys.slotBookings(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        bookingKeys.iinBookings(booking.iin),
        bookingKeys.booking(booking.id),
        accommodationKeys.accommodation(booking.iin),
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
          email: booking.email ?? "",
          notifyBy: booking.notifyBy,
          messageLanguage: booking.messageLanguage,
          ...(booking.formOpenedAt
            ? { formOpenedAt: booking.formOpenedAt }
            : {}),
          positionCategory: booking.positionCategory ?? "",
          candidateKind: booking.candidateKind ?? "",
          ...(booking.ruleOverride
            ? { ruleOverride: booking.ruleOverride }
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
        slotKeys.slot(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        audit.stream,
        audit.head,
      ],
      [booking.id, actor, ...requestArgs(request)],
    ),
  );
}

// ---------------------------------------------------------------------------
// The desk (desk.ts): changes made for the person in front of it, each
// checked against their IIN and audited with the document shown

/** The document as the audit keeps it: its kind and last four characters. */
export interface AuditedDocument {
  kind: string;
  last4: string;
}

/** The booking moved to another slot since the caller read it. */
type Moved = "booking_moved";

/**
 * Cancels a booked (not yet admitted) booking at the desk, past the public
 * cutoff too, until the slot's late admission ends; frees its seat once.
 */
export async function deskCancelBookingRecord(
  redis: Redis,
  booking: Pick<BookingRecord, "id" | "slotId" | "iin">,
  actor: string,
  document: AuditedDocument,
  request?: CommandRequest,
): Promise<LuaReply<{ cancelledAt: number }, CancelRefusal | Moved>> {
  const audit = slotAudit(booking.slotId);
  return parseRequestReply(
    await script("booking-desk-cancel").run(
      redis,
      [
        bookingKeys.booking(booking.id),
        slotKeys.slot(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        audit.stream,
        audit.head,
      ],
      [
        booking.id,
        actor,
        booking.iin,
        booking.slotId,
        JSON.stringify(document),
        ...requestArgs(request),
      ],
    ),
  );
}

export type MoveRefusal =
  | "booking_not_found"
  | "move_closed"
  | "same_slot"
  | "slot_not_found"
  | "program_mismatch"
  | "slot_closed"
  | "slot_full"
  | "already_booked"
  | Moved;

/**
 * Moves a booked booking to another open slot of its program with a free
 * seat: same id and code; seat, roster and IIN index move with it.
 */
export async function moveBookingRecord(
  redis: Redis,
  booking: Pick<BookingRecord, "id" | "slotId" | "iin">,
  toSlotId: string,
  actor: string,
  document: AuditedDocument,
  request?: CommandRequest,
): Promise<LuaReply<{ movedAt: number; freeSeats: number }, MoveRefusal>> {
  const from = slotAudit(booking.slotId);
  const to = slotAudit(toSlotId);
  return parseRequestReply(
    await script("booking-move").run(
      redis,
      [
        bookingKeys.booking(booking.id),
        slotKeys.slot(booking.slotId),
        bookingKeys.slotBookings(booking.slotId),
        bookingKeys.slotIins(booking.slotId),
        slotKeys.slot(toSlotId),
        bookingKeys.slotBookings(toSlotId),
        bookingKeys.slotIins(toSlotId),
        from.stream,
        from.head,
        to.stream,
        to.head,
      ],
      [
        booking.id,
        actor,
        booking.iin,
        booking.slotId,
        toSlotId,
        JSON.stringify(document),
        ...requestArgs(request),
      ],
    ),
  );
}

/** The person's own name and contact, replacing a squatter's. */
export interface BookingHolder {
  fullName: string;
  phone: string | null;
  email: string | null;
}

/**
 * Replaces a booking's code hash: the old code stops working at once.
 * With a holder, their name and contact replace the booking's (messages
 * then go by e-mail, else SMS, else none).
 */
export async function renewBookingCodeRecord(
  redis: Redis,
  booking: Pick<BookingRecord, "id" | "slotId" | "iin">,
  codeHash: string,
  actor: string,
  document: AuditedDocument,
  holder: BookingHolder | null,
  request?: CommandRequest,
): Promise<
  LuaReply<
    { renewedAt: number },
    "booking_not_found" | "booking_anonymized" | Moved
  >
> {
  const audit = slotAudit(booking.slotId);
  return parseRequestReply(
    await script("booking-renew-code").run(
      redis,
      [bookingKeys.booking(booking.id), audit.stream, audit.head],
      [
        booking.id,
        actor,
        booking.iin,
        booking.slotId,
        codeHash,
        JSON.stringify(document),
        holder
          ? JSON.stringify({
              fullName: holder.fullName,
              phone: holder.phone ?? "",
              email: holder.email ?? "",
            })
          : "",
        ...requestArgs(request),
      ],
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
        slotKeys.slot(slotId),
        bookingKeys.slotBookings(slotId),
        audit.stream,
        audit.head,
      ],
      [bookingKeys.booking(""), actor],
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
