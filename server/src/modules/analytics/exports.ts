import ExcelJS from "exceljs";
import type { ProgramItemAnalytics, SlotAnalytics } from "./repository";
import type { ItemStatistics } from "./stats";

/** A table both exports write: a header row and rows of plain values. */
export interface Table {
  name: string;
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

const round = (value: number | null, digits = 4) =>
  value === null ? null : Number(value.toFixed(digits));
const iso = (ms: number) => new Date(ms).toISOString();

/** A slot's official results, one row per candidate. */
export function slotResultsTable(analytics: SlotAnalytics): Table {
  return {
    name: "results",
    columns: [
      "attemptId",
      "fullName",
      "iin",
      "language",
      "correct",
      "total",
      ...analytics.sectionIds.map((sectionId) => `section:${sectionId}`),
      "passed",
      "timeUsedMinutes",
      "incidents",
      "pauses",
      "officialAt",
      "certificateNumber",
    ],
    rows: analytics.candidates.map((row) => [
      row.attemptId,
      row.fullName,
      row.iin,
      row.language,
      row.correct,
      row.total,
      ...analytics.sectionIds.map(
        (sectionId) =>
          row.sections.find((section) => section.sectionId === sectionId)
            ?.correct ?? null,
      ),
      row.passed,
      round(row.timeUsedMs / 60_000, 2),
      row.incidents,
      row.pauses,
      iso(row.officialAt),
      row.certificateNumber,
    ]),
  };
}

/**
 * A program's item statistics in one language (or all). The "keys" column
 * is written only with `keys: true` (reviewers and managers, see
 * banks/key-access.ts); option shares are the same either way.
 */
export function itemStatisticsTable(
  analytics: ProgramItemAnalytics,
  language: "all" | "kk" | "ru",
  { keys }: { keys: boolean },
): Table {
  const items: ItemStatistics[] = analytics.items[language];
  const optionIds = [
    ...new Set(
      items.flatMap((item) =>
        item.optionShares.map((option) => option.optionId),
      ),
    ),
  ].sort();
  return {
    name: `items-${language}`,
    columns: [
      "itemId",
      "sectionId",
      "drawn",
      "facility",
      "discrimination",
      ...optionIds.map((optionId) => `option:${optionId}`),
      "omitted",
      ...(keys ? ["keys"] : []),
      "meanTimeSeconds",
      "flags",
      "voided",
    ],
    rows: items.map((item) => [
      item.itemId,
      item.sectionId,
      item.drawn,
      round(item.facility),
      round(item.discrimination),
      ...optionIds.map((optionId) =>
        round(
          item.optionShares.find((option) => option.optionId === optionId)
            ?.share ?? null,
        ),
      ),
      round(item.omitted),
      ...(keys
        ? [
            item.optionShares
              .filter((option) => option.key)
              .map((option) => option.optionId)
              .join(" "),
          ]
        : []),
      item.meanTimeMs === null ? null : round(item.meanTimeMs / 1000, 1),
      item.flags.join(" "),
      item.voided,
    ]),
  };
}

/**
 * RFC 4180 CSV with a UTF-8 BOM (spreadsheets then read Kazakh and Russian
 * right). A text cell starting with = + - @ is prefixed with ' so no
 * spreadsheet runs it as a formula.
 */
export function toCsv(table: Table): string {
  const cell = (value: string | number | boolean | null) => {
    if (value === null) return "";
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text))
      text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[table.columns, ...table.rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** The same table as an .xlsx workbook of one sheet. */
export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Synaq";
  const sheet = workbook.addWorksheet(table.name);
  sheet.addRow(table.columns).font = { bold: true };
  for (const row of table.rows)
    sheet.addRow(row.map((value) => (value === null ? "" : value)));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
