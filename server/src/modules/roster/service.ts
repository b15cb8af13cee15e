import { randomUUID } from "node:crypto";
import {
  CONSENT_VERSION,
  type Roster,
  type RosterImport,
  type RosterImportRow,
} from "@shared/booking";
import { LIMITS } from "@shared/limits";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { luaList } from "../../redis/reply";
import { getAccommodations } from "../accommodations";
import {
  bookingBlock,
  newBookingCode,
  newBookingId,
  listSlotBookings,
} from "../booking";
import {
  centerOfSlot,
  describeSlot,
  getSlot,
  presentSlot,
  requireSlot,
} from "../slots";
import { serverNow } from "../centers";
import { getProgramInfo, getProgramRules } from "../programs";
import { toLocalTime } from "@shared/time";
import {
  getRosterImport,
  importRosterRows,
  saveQueuedImport,
  saveRejectedImport,
  type ImportRow,
} from "./repository";
import { CsvError, checkRosterRows, readRosterCsv } from "./roster-csv";

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------
// Roster

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

  const checked = checkRosterRows(csvRows, program.languages);
  const problems = [...checked.problems];
  // The program's rules hold for imports as for the desk: a row the retake
  // interval or a valid certificate refuses is named with its reason (a
  // desk booking may set a rule aside; an import never does).
  const rules = getProgramRules(ctx, program.id);
  const testDate = toLocalTime(
    slot.startsAt,
    (await describeSlot(ctx, slot)).timezone,
  ).isoDate;
  const valid = [];
  for (const row of checked.valid) {
    const block = rules
      ? await bookingBlock(ctx, { iin: row.iin, rules, testDate })
      : null;
    if (!block) {
      valid.push(row);
      continue;
    }
    problems.push({
      line: row.line,
      iin: row.iin,
      error: {
        id: block.rule,
        message:
          block.rule === "retake_too_soon"
            ? `The program may be taken again from ${block.earliestDate} (last sitting ${block.since.testDate}).`
            : `A certificate (${block.since.certificateNumber ?? ""}) is still valid; the program may be booked from ${block.earliestDate}.`,
      },
    });
  }
  problems.sort((a, b) => a.line - b.line);
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

/** The center of an import (its slot's), or null: what scope checks. */
export async function centerOfImport(
  ctx: AppContext,
  importId: string,
): Promise<string | null> {
  const record = await getRosterImport(ctx.redis, importId);
  return record ? centerOfSlot(ctx, record.slotId) : null;
}
