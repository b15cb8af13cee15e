import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";
import { validateIin } from "@shared/iin";
import { LIMITS } from "@shared/limits";

/** One CSV record and the (1-based) line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

/**
 * Spreadsheets in Kazakhstan often save CSV with `;` (the decimal comma
 * takes `,`), so the delimiter is whichever of `,` `;` or tab the first
 * line uses most.
 */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t"].map((delimiter) => ({
    delimiter,
    count: firstLine.split(delimiter).length - 1,
  }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].delimiter : ",";
}

/**
 * Parses CSV (RFC 4180: quoted fields, `""` escapes, line breaks inside
 * quotes, CRLF or LF, an optional UTF-8 BOM). Blank lines are skipped.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;

  const endRecord = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim() !== "")) {
      records.push({ line: recordLine, cells: cells.map((c) => c.trim()) });
    }
    cells = [];
    cell = "";
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === "") {
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (char === delimiter) {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) {
    throw new CsvError(
      quoteLine,
      `A quote opened on line ${quoteLine} is never closed.`,
    );
  }
  endRecord();
  return records;
}

/** A roster row as written in the file, before any check. */
export interface RosterCsvRow {
  line: number;
  cells: string[];
  iin: string;
  fullName: string;
  language: string;
  phone: string;
}

const HEADER_NAMES: Record<string, "iin" | "fullName" | "language" | "phone"> =
  {
    iin: "iin",
    жсн: "iin",
    иин: "iin",
    fullname: "fullName",
    full_name: "fullName",
    name: "fullName",
    фио: "fullName",
    "аты-жөні": "fullName",
    language: "language",
    lang: "language",
    тіл: "language",
    язык: "language",
    phone: "phone",
    телефон: "phone",
  };

/**
 * Reads roster rows: columns iin, fullName, language and optionally phone,
 * in that order, or in any order under a header row naming them.
 */
export function readRosterCsv(text: string): RosterCsvRow[] {
  const records = parseCsv(text);
  let columns: Record<"iin" | "fullName" | "language" | "phone", number> = {
    iin: 0,
    fullName: 1,
    language: 2,
    phone: 3,
  };
  const first = records[0];
  const firstNames = first?.cells.map((cell) => cell.toLowerCase()) ?? [];
  if (firstNames.some((name) => HEADER_NAMES[name] === "iin")) {
    const found: Partial<typeof columns> = {};
    firstNames.forEach((name, index) => {
      const column = HEADER_NAMES[name];
      if (column && found[column] === undefined) found[column] = index;
    });
    const missing = (["iin", "fullName", "language"] as const).filter(
      (column) => found[column] === undefined,
    );
    if (missing.length > 0) {
      throw new CsvError(
        first?.line ?? 1,
        `The header row lacks the column(s) ${missing.join(", ")}.`,
      );
    }
    columns = { phone: -1, ...found } as typeof columns;
    records.shift();
  }
  return records.map(({ line, cells }) => ({
    line,
    cells,
    iin: cells[columns.iin] ?? "",
    fullName: cells[columns.fullName] ?? "",
    language: cells[columns.language] ?? "",
    phone: columns.phone >= 0 ? (cells[columns.phone] ?? "") : "",
  }));
}

/** A row that passed every check that needs no database. */
export interface CheckedRosterRow {
  line: number;
  iin: string;
  fullName: string;
  language: TestLanguage;
  phone: string;
}

export interface RowProblem {
  line: number;
  iin: string;
  error: { id: string; message: string };
}

const PHONE = /^\+?[0-9 ()-]{5,}$/;

/**
 * Checks each row on its own and against the rest of the file: the IIN
 * (saying which check failed), the name, the language (one the program
 * offers), the phone, and IINs given twice.
 */
export function checkRosterRows(
  rows: readonly RosterCsvRow[],
  offeredLanguages: readonly TestLanguage[],
): { valid: CheckedRosterRow[]; problems: RowProblem[] } {
  const valid: CheckedRosterRow[] = [];
  const problems: RowProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const fail = (id: string, message: string) =>
      problems.push({ line: row.line, iin: row.iin, error: { id, message } });
    if (row.cells.length < 3) {
      fail("invalid_row", "Each row needs iin, fullName and language.");
      continue;
    }
    const iin = validateIin(row.iin);
    if (!iin.valid) {
      fail("invalid_iin", iin.message);
      continue;
    }
    const earlier = firstLineOf.get(iin.iin);
    if (earlier !== undefined) {
      fail("duplicate_in_file", `The same IIN is on line ${earlier}.`);
      continue;
    }
    firstLineOf.set(iin.iin, row.line);
    if (row.fullName === "" || row.fullName.length > LIMITS.fullNameMaxLength) {
      fail(
        "invalid_full_name",
        `The full name must have 1 to ${LIMITS.fullNameMaxLength} characters.`,
      );
      continue;
    }
    const language = row.language.toLowerCase();
    if (!(TEST_LANGUAGES as readonly string[]).includes(language)) {
      fail(
        "invalid_language",
        `The language must be one of ${TEST_LANGUAGES.join(", ")}.`,
      );
      continue;
    }
    if (!offeredLanguages.includes(language as TestLanguage)) {
      fail(
        "language_not_offered",
        `The program is offered in ${offeredLanguages.join(", ")} only.`,
      );
      continue;
    }
    if (
      row.phone !== "" &&
      (!PHONE.test(row.phone) || row.phone.length > LIMITS.phoneMaxLength)
    ) {
      fail(
        "invalid_phone",
        "The phone may hold digits, spaces, ( ) - and a leading +.",
      );
      continue;
    }
    valid.push({
      line: row.line,
      iin: iin.iin,
      fullName: row.fullName,
      language: language as TestLanguage,
      phone: row.phone,
    });
  }
  return { valid, problems };
}
