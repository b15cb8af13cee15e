import type { AppContext } from "../../context";
import type { Redis } from "ioredis";
import type { MessageView } from "@shared/notifications";
import { archiveDir, readSlotArchive, type KeyDump } from "../../archive/store";
import { archivedBookingMessages, listBookingMessages } from "../notifications";
import { getSlot, type SlotRecord } from "../slots";
import {
  bookingKeys,
  bookingStubFields,
  encodeHistoryEntry,
  toBooking,
  type BookingHistoryEntry,
  type BookingRecord,
} from "./repository";

/**
 * What stays in Redis of a booking once its slot is archived (the archive
 * module calls writeBookingStubs after the file is written, before it
 * deletes the slot's keys):
 * - `booking:<id>` shrinks to {archived="1" slotId status codeHash}
 *   (bookingStubFields): the status page still checks the code against it
 *   (then reads the rest from the archive file); the program and start are
 *   the slot's archive pointer's (getBookings fills them in);
 * - `iin:<iin>:history` (hash bookingId → BookingHistoryEntry: result,
 *   document number, void cause, encodeHistoryEntry)
 *   completes the stub with what the booking rules (retake interval, a
 *   valid certificate) need without reading a file; the document's
 *   validity and revocation are its own stub's (certificates);
 * - `iin:<iin>:bookings` loses the id once the keys are deleted (the
 *   archive's membership table, archive/keys.ts): the history's fields are
 *   the IIN's archived bookings (listIinBookings reads both), and the file
 *   keeps the membership, so a restore puts the id back. An archived
 *   booking is over (cancelled, no-show, completed), so the active-booking
 *   check of booking-create.lua and roster-import.lua, which reads the
 *   set, loses nothing. Together a candidate's stubs stay under 1 KB of
 *   Redis memory (tests/bench/memory.ts);
 * - `archived:program:<programId>:slots` lists the slot (one member a
 *   slot), so a late appeal's re-score finds the slots to restore.
 * The history entry and the shrunk hash are written in one MULTI, so a
 * booking is either whole or shrunk with its history: running again after
 * a crash skips the shrunk ones. An anonymized booking gets no history (the
 * purge took it away from its person).
 */
export async function writeBookingStubs(
  ctx: AppContext,
  slotId: string,
): Promise<number> {
  const { redis } = ctx;
  const slot = await getSlot(redis, slotId);
  // No slot key: the keys are being deleted already, every stub written.
  if (!slot) return 0;
  await redis.sadd(bookingKeys.archivedProgramSlots(slot.programId), slotId);
  let written = 0;
  for (const bookingId of await redis.zrange(
    bookingKeys.slotBookings(slotId),
    0,
    -1,
  )) {
    const key = bookingKeys.booking(bookingId);
    const hash = await redis.hgetall(key);
    if (hash.archived === "1" || !hash.id) continue;
    const booking = toBooking(hash);
    if (!booking) continue;
    const entry: BookingHistoryEntry = {
      r:
        booking.resultPassed === null
          ? "none"
          : booking.resultPassed
            ? "passed"
            : "failed",
      ...(booking.certificateNumber ? { d: booking.certificateNumber } : {}),
      ...(booking.voidCause ? { v: booking.voidCause } : {}),
    };
    const transaction = redis.multi();
    if (booking.anonymizedAt === null && booking.iin) {
      transaction.hset(
        bookingKeys.iinHistory(booking.iin),
        bookingId,
        encodeHistoryEntry(entry),
      );
    }
    await transaction
      .del(key)
      .hset(key, bookingStubFields({ ...booking, slotId }))
      .exec();
    written += 1;
  }
  return written;
}

/** What a booking's archive file gave besides it (no second read). */
interface ArchivedParts {
  slot: SlotRecord;
  messages: MessageView[];
}
const archivedParts = new WeakMap<BookingRecord, ArchivedParts>();

function slotFromRecord(value: unknown, slotId: string): SlotRecord | null {
  const slot = value as Partial<SlotRecord> | null | undefined;
  if (!slot || slot.id !== slotId || typeof slot.startsAt !== "number") {
    return null;
  }
  return slot as SlotRecord;
}

/**
 * An archived booking as it was when its slot was archived, with its slot,
 * from the slot's archive file (read on demand; null when the file has no
 * such booking). Throws `archive_corrupt` when the file fails its hash.
 */
export async function readArchivedBooking(
  ctx: AppContext,
  stub: Pick<BookingRecord, "id" | "slotId" | "codeHash">,
): Promise<({ booking: BookingRecord } & ArchivedParts) | null> {
  const file = await readSlotArchive(
    ctx.redis,
    archiveDir(ctx.env),
    stub.slotId,
  );
  if (!file) return null;
  const slot = slotFromRecord(file.record.slot, stub.slotId);
  const dumps = new Map<string, KeyDump>(
    file.keys.map((entry) => [entry.key, entry]),
  );
  const dump = dumps.get(bookingKeys.booking(stub.id));
  const booking = dump?.type === "hash" ? toBooking(dump.value) : null;
  if (!slot || !booking) return null;
  const hydrated: BookingRecord = {
    ...booking,
    // The file leaves code hashes out of its record; the stub has it.
    codeHash: booking.codeHash || stub.codeHash,
    archived: { startsAt: slot.startsAt, timezone: "" },
  };
  const parts = {
    slot,
    messages: archivedBookingMessages(stub.id, (key) => dumps.get(key)),
  };
  archivedParts.set(hydrated, parts);
  return { booking: hydrated, ...parts };
}

/** The full booking behind a stub (the stub itself when it is live). */
export async function withArchivedRecord(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<BookingRecord> {
  if (!booking.archived || archivedParts.has(booking)) return booking;
  const found = await readArchivedBooking(ctx, booking);
  return found ? found.booking : booking;
}

/**
 * The booking's slot: the live one, else (archived) the one its archive
 * file recorded; null when neither exists.
 */
export async function slotOfBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<SlotRecord | null> {
  const live = await getSlot(ctx.redis, booking.slotId);
  if (live || !booking.archived) return live;
  const remembered = archivedParts.get(booking);
  if (remembered) return remembered.slot;
  return (await readArchivedBooking(ctx, booking))?.slot ?? null;
}

/**
 * The booking's messages, oldest first, masked (listBookingMessages); an
 * archived booking's from its archive file.
 */
export async function messagesOfBooking(
  ctx: AppContext,
  booking: BookingRecord,
): Promise<MessageView[]> {
  if (!booking.archived) return listBookingMessages(ctx, booking.id);
  const parts =
    archivedParts.get(booking) ?? (await readArchivedBooking(ctx, booking));
  return parts?.messages ?? [];
}

/**
 * After a restore: the restored bookings' history entries go (the live
 * hashes answer again, and the next archival writes them anew), and each
 * id is back in its IIN's set (the file's memberships put it there; this
 * makes sure). This is also how an entry leaves once the retention purge
 * anonymized its booking while the slot was restored: the purge leaves no
 * IIN to find it by.
 */
export async function reconcileBookingStubs(
  redis: Redis,
  slotId: string,
): Promise<number> {
  let dropped = 0;
  for (const bookingId of await redis.zrange(
    bookingKeys.slotBookings(slotId),
    0,
    -1,
  )) {
    const [iin, anonymizedAt] = await redis.hmget(
      bookingKeys.booking(bookingId),
      "iin",
      "anonymizedAt",
    );
    if (!iin) continue;
    // The id is in the set before it leaves the history: never in neither.
    if (!anonymizedAt) {
      await redis.sadd(bookingKeys.iinBookings(iin), bookingId);
    }
    dropped += await redis.hdel(bookingKeys.iinHistory(iin), bookingId);
  }
  return dropped;
}

/** The program's slots that were archived (some may be restored since). */
export async function archivedSlotsOfProgram(
  ctx: AppContext,
  programId: string,
): Promise<string[]> {
  return ctx.redis.smembers(bookingKeys.archivedProgramSlots(programId));
}
