import {
  SlotProtocolInputSchema,
  type AnyOfficialResult,
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
    language: result.language === "kk" ? "қаз.\nказ." : "орыс\nрус.",
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
  input: SlotProtocolInput,
  results: AnyOfficialResult[],
): number {
  const first = results[0] as AnyOfficialResult;
  const width = L.right - L.left;
  let y: number = L.top;
  doc.font("bold").fontSize(L.titleSizeKk).fillColor(L.colors.accent);
  doc.text(T.title.kk, L.left, y, { width, align: "center" });
  y += doc.currentLineHeight() + 1;
  doc
    .fontSize(L.titleSizeRu)
    .text(T.title.ru, L.left, y, { width, align: "center" });
  y += doc.currentLineHeight() + 8;

  const zone = first.center.timezone;
  const start = localTime(
    Math.min(...results.map((r) => Date.parse(r.startedAt))),
    zone,
  );
  const end = localTime(
    Math.max(...results.map((r) => Date.parse(r.finishedAt))),
    zone,
  );
  const programs = distinct(
    results.map((r) => `${r.programTitles.kk} / ${r.programTitles.ru}`),
  );
  const lines = [
    `${first.center.name.kk} / ${first.center.name.ru}`,
    `${first.center.address.kk} · ${first.center.address.ru} · ${pair(CERTIFICATE_TEXT.room)}: ${first.room}`,
    `${pair(CERTIFICATE_TEXT.fields.when)}: ${start.date}, ${start.time}–${end.time} (${start.utcOffset})`,
    `${pair(CERTIFICATE_TEXT.fields.program)}: ${programs.join("; ")}`,
    `${pair(T.slot)}: ${input.slotId}   ·   ${pair(T.candidates)}: ${results.length}`,
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
  const results = [...input.results].sort((a, b) =>
    a.fullName.localeCompare(b.fullName, "kk"),
  );
  const first = results[0] as AnyOfficialResult;
  const doc = createDocument({
    width: L.page.width,
    height: L.page.height,
    margins: L.pdfMargins,
    title: `${T.title.ru}: ${input.slotId}`,
    subject: `${first.center.name.ru}, ${first.room}`,
    author: first.center.name.ru,
  });
  let page = 1;
  const footer = () => {
    const generated = localTime(options.generatedAt, first.center.timezone);
    doc.font("regular").fontSize(6.5).fillColor(L.colors.muted);
    doc.text(
      `${input.slotId} · ${generated.date} ${generated.time} · ${page}`,
      L.left,
      L.page.height - 26,
      { width: L.right - L.left, align: "right", lineBreak: false },
    );
  };

  let y = drawHeader(doc, input, results);
  y = drawTableHeader(doc, y);
  results.forEach((result, index) => {
    const cells = rowCells(
      result,
      index,
      input.documentNumbers[result.attemptId],
    );
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
          : result.kind === "assessment"
            ? L.colors.accent
            : result.passed
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
  drawSignatures(doc, results, y + 14, {
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
      `Audit checkpoint: ${checkpoint.scope} · ${checkpoint.count} entries up to ${checkpoint.entryId} · head ${checkpoint.hash} · signed ${checkpoint.at} · Ed25519 key ${checkpoint.keyId} · signature ${checkpoint.signature}`,
      L.left,
      top,
      { width: L.right - L.left },
    );
  }
  footer();
  return endAndSign(doc, options.signer, {
    name: options.signer.commonName,
    reason: `${T.title.ru}: ${input.slotId}`,
    location: first.center.name.ru,
    contactInfo: first.center.address.ru,
  });
}
