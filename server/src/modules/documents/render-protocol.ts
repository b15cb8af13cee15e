import {
  SlotProtocolInputSchema,
  type AnyOfficialResult,
  type ProtocolCandidate,
  type SlotProtocolInput,
} from "@shared/certificates";
import type { Pdf } from "./pdf";
import { createDocument } from "./document";
import { endAndSign, type CmsSigner } from "../../signing";
import { CERTIFICATE_TEXT, type Bilingual } from "./templates/certificate";
import { PROTOCOL_LAYOUT as L, PROTOCOL_TEXT as T } from "./templates/protocol";
import { localTime } from "./view";

type Column = keyof typeof L.columns;
const COLUMNS = Object.keys(L.columns) as Column[];
const pair = (text: Bilingual, separator = " / ") =>
  `${text.kk}${separator}${text.ru}`;
/** A pair written once when both languages say the same. */
const once = (text: Bilingual, separator = " / ") =>
  text.kk === text.ru ? text.kk : pair(text, separator);

/**
 * A document number is one word: a break inside it reads as a hyphen and
 * splits it for anyone copying it. Its cell shrinks the font until the
 * number fits one line (wide letters like W and Q take more room).
 */
function cellFontSize(doc: Pdf, column: Column, text: string): number {
  if (column !== "number" || text.includes("\n")) return L.cellSize;
  const width = L.columns[column] - 2 * L.padding;
  const natural = doc.font("regular").fontSize(L.cellSize).widthOfString(text);
  // A hair under the width: pdfkit wraps a word that fills it exactly.
  return natural <= width * 0.97
    ? L.cellSize
    : (L.cellSize * width * 0.97) / natural;
}

function columnX(column: Column): number {
  let x = L.left;
  for (const name of COLUMNS) {
    if (name === column) return x;
    x += L.columns[name];
  }
  return x;
}

const distinct = (values: string[]) => [...new Set(values)];

type Input = ReturnType<typeof SlotProtocolInputSchema.parse>;
type SlotHeader = NonNullable<Input["slot"]>;

/** The slot as its record names it, or as its first result does. */
function slotHeader(input: Input): SlotHeader {
  if (input.slot) return input.slot;
  const first = input.results[0];
  if (!first) throw new Error("a protocol without a slot needs a result");
  return {
    programTitles: first.programTitles,
    center: first.center,
    room: first.room,
    startsAt: first.startedAt,
    endsAt: first.finishedAt,
  };
}

/** One line of the table: an official result, or a booking's status. */
type Row =
  | { kind: "result"; fullName: string; result: AnyOfficialResult }
  | { kind: "status"; fullName: string; candidate: ProtocolCandidate };

const languageCell = (language: string) =>
  language === "kk" ? "қаз.\nказ." : "орыс\nрус.";

/** Every booking once: its official result where there is one, its status otherwise. */
function protocolRows(input: Input): Row[] {
  const withResult = new Set(input.results.map((result) => result.bookingId));
  const rows: Row[] = [
    ...input.results.map((result) => ({
      kind: "result" as const,
      fullName: result.fullName,
      result,
    })),
    ...input.candidates
      .filter((candidate) => !withResult.has(candidate.bookingId))
      .map((candidate) => ({
        kind: "status" as const,
        fullName: candidate.fullName,
        candidate,
      })),
  ];
  return rows.sort((a, b) => a.fullName.localeCompare(b.fullName, "kk"));
}

function statusCells(
  candidate: ProtocolCandidate,
  index: number,
  programTitles: Bilingual,
): Record<Column, string> {
  return {
    index: String(index + 1),
    holder: candidate.fullName,
    iin: candidate.iin,
    program: `${programTitles.kk}\n${programTitles.ru}`,
    language: languageCell(candidate.language),
    sections: "—",
    total: "—",
    result: pair(T.status[candidate.status], "\n"),
    number: "—",
  };
}

function rowCells(
  result: AnyOfficialResult,
  index: number,
  number: string | undefined,
): Record<Column, string> {
  const common = {
    index: String(index + 1),
    holder: result.fullName,
    iin: result.iin,
    program: `${result.programTitles.kk}\n${result.programTitles.ru}`,
    language: languageCell(result.language),
    number: number ?? pair(T.notIssued, "\n"),
  };
  // An assessment report states a profile, not a score: its kind and
  // "profile" here, the stens on the report itself.
  if (result.kind === "assessment") {
    return {
      ...common,
      sections: pair(T.assessment, "\n"),
      total: "—",
      result: once(T.profile, "\n"),
    };
  }
  return {
    ...common,
    sections: result.sections
      .map((section) => `${section.correct}/${section.total}`)
      .join(" · "),
    total: `${result.correct}/${result.total} (≥ ${result.minCorrectTotal})`,
    result: pair(result.passed ? T.passed : T.notPassed, "\n"),
  };
}

function drawHeader(
  doc: Pdf,
  input: Input,
  slot: SlotHeader,
  rows: Row[],
): number {
  const { results } = input;
  const width = L.right - L.left;
  let y: number = L.top;
  doc.font("bold").fontSize(L.titleSizeKk).fillColor(L.colors.accent);
  doc.text(T.title.kk, L.left, y, { width, align: "center" });
  y += doc.currentLineHeight() + 1;
  doc
    .fontSize(L.titleSizeRu)
    .text(T.title.ru, L.left, y, { width, align: "center" });
  y += doc.currentLineHeight() + 8;

  const zone = slot.center.timezone;
  const starts = localTime(Date.parse(slot.startsAt), zone);
  const ends = localTime(Date.parse(slot.endsAt), zone);
  // The slot as scheduled, and when the tests actually ran.
  let when = `${pair(T.scheduled)}: ${starts.date}, ${starts.time}–${ends.time} (${starts.utcOffset})`;
  if (results.length > 0) {
    const start = localTime(
      Math.min(...results.map((r) => Date.parse(r.startedAt))),
      zone,
    );
    const end = localTime(
      Math.max(...results.map((r) => Date.parse(r.finishedAt))),
      zone,
    );
    when += ` · ${pair(T.actual)}: ${start.time}–${end.time}`;
  }
  const withResult = rows.filter((row) => row.kind === "result").length;
  const counts = [
    `${pair(T.booked)}: ${rows.length}`,
    `${pair(T.withResult)}: ${withResult}`,
    ...(
      ["no_show", "not_tested", "testing", "scoring", "not_signed"] as const
    ).flatMap((status) => {
      const count = rows.filter(
        (row) => row.kind === "status" && row.candidate.status === status,
      ).length;
      return count > 0 ? [`${pair(T.status[status])}: ${count}`] : [];
    }),
    ...(input.cancelled > 0
      ? [`${pair(T.cancelled)}: ${input.cancelled}`]
      : []),
  ];
  const lines = [
    `${slot.center.name.kk} / ${slot.center.name.ru}`,
    `${slot.center.address.kk} · ${slot.center.address.ru} · ${pair(CERTIFICATE_TEXT.room)}: ${slot.room}`,
    `${pair(CERTIFICATE_TEXT.fields.when)}: ${when}`,
    `${pair(CERTIFICATE_TEXT.fields.program)}: ${slot.programTitles.kk} / ${slot.programTitles.ru}`,
    counts.join("   ·   "),
  ];
  doc.font("regular").fontSize(L.metaSize).fillColor(L.colors.text);
  for (const line of lines) {
    const height = doc.heightOfString(line, { width });
    doc.text(line, L.left, y, { width });
    y += height + 1;
  }
  return y + 6;
}

function drawTableHeader(doc: Pdf, top: number): number {
  doc.font("bold").fontSize(L.headerSize);
  const texts = Object.fromEntries(
    COLUMNS.map((column) => [
      column,
      `${T.columns[column].kk}\n${T.columns[column].ru}`,
    ]),
  ) as Record<Column, string>;
  const height =
    Math.max(
      ...COLUMNS.map((column) =>
        doc.heightOfString(texts[column], {
          width: L.columns[column] - 2 * L.padding,
        }),
      ),
    ) +
    2 * L.padding;
  doc.rect(L.left, top, L.right - L.left, height).fill(L.colors.tableHeader);
  doc.font("bold").fontSize(L.headerSize).fillColor(L.colors.accent);
  for (const column of COLUMNS) {
    doc.text(texts[column], columnX(column) + L.padding, top + L.padding, {
      width: L.columns[column] - 2 * L.padding,
    });
  }
  return top + height;
}

function drawSignatures(
  doc: Pdf,
  results: AnyOfficialResult[],
  top: number,
  signer: { commonName: string; demo: boolean },
) {
  const administrators = distinct(results.map((r) => r.administrator.fullName));
  const operators = distinct(results.map((r) => r.operator.fullName));
  const half = (L.right - L.left) / 2;
  const block = (role: Bilingual, names: string[], x: number) => {
    doc.font("regular").fontSize(7.5).fillColor(L.colors.muted);
    doc.text(pair(role), x, top, { width: half - 20 });
    const lineY = top + 30;
    doc
      .lineWidth(0.5)
      .strokeColor(L.colors.text)
      .moveTo(x, lineY)
      .lineTo(x + L.signatures.lineWidth, lineY)
      .stroke();
    doc.font("regular").fontSize(9).fillColor(L.colors.text);
    doc.text(names.join(", "), x + L.signatures.lineWidth + 8, lineY - 11, {
      width: half - L.signatures.lineWidth - 30,
    });
  };
  block(CERTIFICATE_TEXT.administrator, administrators, L.left);
  block(CERTIFICATE_TEXT.operator, operators, L.left + half);
  doc.font("regular").fontSize(6.8).fillColor(L.colors.muted);
  doc.text(
    `${CERTIFICATE_TEXT.digitalSignature.kk} / ${CERTIFICATE_TEXT.digitalSignature.ru}. ЭЦҚ / ЭЦП: ${signer.commonName}`,
    L.left,
    top + 48,
    { width: L.right - L.left },
  );
  if (signer.demo) {
    doc.font("bold").fillColor(L.colors.notPassed);
    doc.text(pair(CERTIFICATE_TEXT.demoKey), L.left, top + 58, {
      width: L.right - L.left,
    });
  }
}

/**
 * Renders the slot's results protocol (candidates sorted by name) and signs
 * it like the certificates.
 */
export async function renderProtocolPdf(
  protocol: SlotProtocolInput,
  options: {
    generatedAt: number;
    signer: CmsSigner & { commonName: string };
    demo: boolean;
    /** The slot audit's signed head (see audit/anchor.ts), printed at the end. */
    auditCheckpoint?: {
      scope: string;
      entryId: string;
      hash: string;
      count: number;
      at: string;
      keyId: string;
      signature: string;
    };
  },
): Promise<Buffer> {
  const input = SlotProtocolInputSchema.parse(protocol);
  const slot = slotHeader(input);
  const rows = protocolRows(input);
  const starts = localTime(Date.parse(slot.startsAt), slot.center.timezone);
  // The slot as a person names it; its internal id is never printed.
  const named = `${slot.programTitles.ru}, ${starts.date} ${starts.time}`;
  const doc = createDocument({
    width: L.page.width,
    height: L.page.height,
    margins: L.pdfMargins,
    title: `${T.title.ru}: ${named}`,
    subject: `${slot.center.name.ru}, ${slot.room}`,
    author: slot.center.name.ru,
  });
  let page = 1;
  const footer = () => {
    const generated = localTime(options.generatedAt, slot.center.timezone);
    doc.font("regular").fontSize(6.5).fillColor(L.colors.muted);
    doc.text(
      `${generated.date} ${generated.time} · ${page}`,
      L.left,
      L.page.height - 26,
      { width: L.right - L.left, align: "right", lineBreak: false },
    );
  };

  let y = drawHeader(doc, input, slot, rows);
  y = drawTableHeader(doc, y);
  rows.forEach((row, index) => {
    const cells =
      row.kind === "result"
        ? rowCells(
            row.result,
            index,
            input.documentNumbers[row.result.attemptId],
          )
        : statusCells(row.candidate, index, slot.programTitles);
    doc.font("regular").fontSize(L.cellSize);
    const sizes = Object.fromEntries(
      COLUMNS.map((column) => [
        column,
        cellFontSize(doc, column, cells[column]),
      ]),
    ) as Record<Column, number>;
    const height =
      Math.max(
        ...COLUMNS.map((column) =>
          doc.fontSize(sizes[column]).heightOfString(cells[column], {
            width: L.columns[column] - 2 * L.padding,
          }),
        ),
      ) +
      2 * L.padding;
    if (y + height > L.rowsBottom) {
      footer();
      doc.addPage({
        size: [L.page.width, L.page.height],
        margins: L.pdfMargins,
      });
      page += 1;
      y = drawTableHeader(doc, L.top);
    }
    if (index % 2 === 1)
      doc.rect(L.left, y, L.right - L.left, height).fill(L.colors.tableStripe);
    for (const column of COLUMNS) {
      const color =
        column !== "result"
          ? L.colors.text
          : row.kind === "status"
            ? L.colors.muted
            : row.result.kind === "assessment"
              ? L.colors.accent
              : row.result.passed
                ? L.colors.passed
                : L.colors.notPassed;
      doc
        .font(column === "holder" ? "bold" : "regular")
        .fontSize(sizes[column])
        .fillColor(color);
      doc.text(cells[column], columnX(column) + L.padding, y + L.padding, {
        width: L.columns[column] - 2 * L.padding,
        // A number never wraps (its size was fitted above).
        ...(column === "number" && !cells[column].includes("\n")
          ? { lineBreak: false }
          : {}),
      });
    }
    y += height;
    doc
      .lineWidth(0.3)
      .strokeColor(L.colors.rule)
      .moveTo(L.left, y)
      .lineTo(L.right, y)
      .stroke();
  });

  if (y + 14 + L.signatures.height > L.page.height - 30) {
    footer();
    doc.addPage({ size: [L.page.width, L.page.height], margins: L.pdfMargins });
    page += 1;
    y = L.top;
  }
  drawSignatures(doc, input.results, y + 14, {
    commonName: options.signer.commonName,
    demo: options.demo,
  });
  if (options.auditCheckpoint) {
    const checkpoint = options.auditCheckpoint;
    let top = y + 14 + L.signatures.height + 6;
    if (top + 40 > L.page.height - 30) {
      footer();
      doc.addPage({
        size: [L.page.width, L.page.height],
        margins: L.pdfMargins,
      });
      page += 1;
      top = L.top;
    }
    // Plain text, so `pdftotext` and a reader can compare it with the
    // checkpoint file and `npm run audit:verify`.
    doc.font("regular").fontSize(6.5).fillColor(L.colors.muted);
    doc.text(
      `Audit checkpoint: ${checkpoint.count} entries up to ${checkpoint.entryId} · head ${checkpoint.hash} · signed ${checkpoint.at} · Ed25519 key ${checkpoint.keyId} · signature ${checkpoint.signature}`,
      L.left,
      top,
      { width: L.right - L.left },
    );
  }
  footer();
  return endAndSign(doc, options.signer, {
    name: options.signer.commonName,
    reason: `${T.title.ru}: ${named}`,
    location: slot.center.name.ru,
    contactInfo: slot.center.address.ru,
  });
}
