import type { Redis } from "ioredis";
import type { TestLanguage } from "@shared/enums";
import type { RosterImportRow } from "@shared/booking";
import { bookingKeys, slotAudit } from "../booking";
import { slotKeys } from "../slots";
import { luaList, parseLuaReply, type LuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";

/**
 * Roster imports: a CSV of candidates booked into a slot all at once, or
 * not at all, by one script (`roster-import.lua`) that writes the
 * bookings' keys (see booking/repository.ts) and the report.
 *
 * Keys:
 *   roster-import:<importId>   hash: id slotId status(queued|done|rejected)
 *                              csv requestedBy requestedByName actor createdAt
 *                              finishedAt imported rows(JSON) error(JSON)
 */
export const rosterKeys = {
  rosterImport: (importId: string) => `roster-import:${importId}`,
};

const optional = (value: string | undefined) =>
  value === undefined || value === "" ? null : value;

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
  await redis.hset(rosterKeys.rosterImport(record.id), {
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
  return toRosterImport(await redis.hgetall(rosterKeys.rosterImport(importId)));
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
  const key = rosterKeys.rosterImport(importId);
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
        slotKeys.slot(input.slotId),
        bookingKeys.slotBookings(input.slotId),
        bookingKeys.slotIins(input.slotId),
        rosterKeys.rosterImport(input.importId),
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
