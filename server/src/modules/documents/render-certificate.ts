import { pdfToBuffer, type Pdf } from "./pdf";
import { createDocument, drawQrCode } from "./document";
import { endAndSign, type CmsSigner, type SignatureMeta } from "../../signing";
import {
  CERTIFICATE_LAYOUT as L,
  CERTIFICATE_TEXT as T,
  type Bilingual,
} from "./templates/certificate";
import type { CertificateView, DocumentView } from "./view";

/*
 * The frame, header, fields, signature block and sample watermark are
 * shared with the assessment report (render-assessment.ts): exported.
 */

const WIDTH = L.right - L.left;
export const pair = (text: Bilingual, separator = " / ") =>
  `${text.kk}${separator}${text.ru}`;

/** Writes centered text across the content width; returns the y below it. */
export function centered(
  doc: Pdf,
  text: string,
  y: number,
  font: "regular" | "bold",
  size: number,
  color: string,
): number {
  doc.font(font).fontSize(size).fillColor(color);
  const height = doc.heightOfString(text, { width: WIDTH, align: "center" });
  doc.text(text, L.left, y, { width: WIDTH, align: "center" });
  return y + height;
}

export function drawFrame(doc: Pdf) {
  const { outerInset, outerWidth, innerInset, innerWidth } = L.frame;
  doc
    .lineWidth(outerWidth)
    .strokeColor(L.colors.accent)
    .rect(
      outerInset,
      outerInset,
      L.page.width - 2 * outerInset,
      L.page.height - 2 * outerInset,
    )
    .stroke();
  doc
    .lineWidth(innerWidth)
    .rect(
      innerInset,
      innerInset,
      L.page.width - 2 * innerInset,
      L.page.height - 2 * innerInset,
    )
    .stroke();
}

export function drawHeader(
  doc: Pdf,
  view: Pick<DocumentView, "centerName" | "centerAddress">,
): number {
  const { header, colors } = L;
  let y: number = header.top;
  y = centered(
    doc,
    T.service.kk,
    y,
    "regular",
    header.serviceSize,
    colors.muted,
  );
  y = centered(
    doc,
    T.service.ru,
    y,
    "regular",
    header.serviceSize,
    colors.muted,
  );
  y += 5;
  y = centered(
    doc,
    view.centerName.kk,
    y,
    "bold",
    header.centerSizeKk,
    colors.accent,
  );
  y = centered(
    doc,
    view.centerName.ru,
    y,
    "regular",
    header.centerSizeRu,
    colors.accent,
  );
  y = centered(
    doc,
    pair(view.centerAddress, " · "),
    y + 1,
    "regular",
    header.addressSize,
    colors.muted,
  );
  y += 6;
  doc
    .lineWidth(0.8)
    .strokeColor(colors.accent)
    .moveTo(L.left, y)
    .lineTo(L.right, y)
    .stroke();
  return y;
}

function drawTitle(doc: Pdf, view: CertificateView, top: number): number {
  const { title, number, colors } = L;
  const text = T.title[view.kind];
  let y = top + title.gapAbove;
  y = centered(doc, text.kk, y, "bold", title.sizeKk, colors.accent);
  y = centered(doc, text.ru, y + 2, "bold", title.sizeRu, colors.accent);
  if (view.kind === "reference") {
    y = centered(
      doc,
      T.referenceSubtitle.kk,
      y + 3,
      "regular",
      title.subtitleSize,
      colors.notPassed,
    );
    y = centered(
      doc,
      T.referenceSubtitle.ru,
      y,
      "regular",
      title.subtitleSize,
      colors.notPassed,
    );
  }
  y = centered(
    doc,
    `№ ${view.number}`,
    y + number.gapAbove,
    "bold",
    number.size,
    colors.text,
  );
  // A reference carries no validity: its issue date only.
  const meta =
    `${pair(T.issued)}: ${view.issuedDate}` +
    (view.validUntilDate === undefined
      ? ""
      : `     ${pair(T.validUntil)}: ${view.validUntilDate}`);
  return centered(doc, meta, y + 2, "regular", number.metaSize, colors.muted);
}

/**
 * Who the test was for, when the booking named it: the position category
 * (code and title in both languages) and the candidate kind, in one row.
 * The registry's titles can be long: each line is shrunk to fit.
 */
function positionRows(view: DocumentView) {
  const { positionCategory: category, candidateKind: kind } = view;
  if (!category && !kind) return [];
  const lines = [
    ...(category ? [category.kk, category.ru] : []),
    ...(kind ? [pair(kind)] : []),
  ];
  return [
    {
      label: category
        ? kind
          ? T.fields.positionAndKind
          : T.fields.positionCategory
        : T.fields.candidateKind,
      value: lines.join("\n"),
      size: L.fields.positionSize,
      fit: true,
    },
  ];
}

/**
 * Writes each line on one line of its own, all at one size: the largest
 * down to `minSize` at which every line fits the width (a line longer
 * still is cut with an ellipsis). Returns the height written.
 */
function fittedLines(
  doc: Pdf,
  lines: string[],
  x: number,
  y: number,
  options: { width: number; size: number; minSize: number },
): number {
  let size = options.size;
  const widest = () =>
    Math.max(...lines.map((line) => doc.fontSize(size).widthOfString(line)));
  while (size > options.minSize && widest() > options.width) size -= 0.25;
  doc.fontSize(size);
  const lineHeight = doc.currentLineHeight(true);
  lines.forEach((line, index) => {
    doc.text(line, x, y + index * lineHeight, {
      width: options.width,
      lineBreak: false,
      ellipsis: true,
    });
  });
  return lines.length * lineHeight;
}

/**
 * The date and time row: the slot's scheduled start and the time actually
 * taken (a candidate may start later, or earlier where the start rule lets
 * an administrator); a result made before the schedule was kept has only
 * the time taken.
 */
function whenText(view: DocumentView, compact: boolean): string {
  const language = compact ? ` · ${pair(T.languages[view.language])}` : "";
  if (view.scheduledTime === undefined)
    return `${view.testDate}, ${view.testTime} (${view.utcOffset})${language}`;
  const scheduled = `${pair(T.fields.scheduled)}: ${view.scheduledTime}`;
  const taken = `${pair(T.fields.taken)}: ${view.testTime}`;
  // Each time on a line of its own: a label never wraps away from its time.
  return compact
    ? `${view.testDate} (${view.utcOffset})${language}\n${scheduled}\n${taken}`
    : `${view.testDate} (${view.utcOffset}) · ${scheduled}\n${taken}`;
}

/**
 * The holder, IIN, program, position, language, time and place rows.
 * `compact` (the assessment report, whose chart needs the room) states
 * the language in the time row and closes the rows up.
 */
export function drawFields(
  doc: Pdf,
  view: DocumentView,
  top: number,
  options: { compact?: boolean } = {},
): number {
  const { fields, colors } = L;
  const compact = options.compact ?? false;
  const rowGap = compact ? fields.compactRowGap : fields.rowGap;
  const valueX = L.left + fields.labelWidth + 10;
  const valueWidth = L.right - valueX;
  // The name stays on one line (a wrapped double-barrelled surname reads
  // as two names): shrink it until it fits.
  doc.font("bold");
  let holderSize: number = fields.holderSize;
  while (
    holderSize > 8 &&
    doc.fontSize(holderSize).widthOfString(view.holder) > valueWidth
  ) {
    holderSize -= 0.5;
  }
  const rows: {
    label: Bilingual;
    value: string;
    bold?: boolean;
    size?: number;
    /** Each line on one line of its own, shrunk (then cut) to fit. */
    fit?: boolean;
  }[] = [
    {
      label: T.fields.holder,
      value: view.holder,
      bold: true,
      size: holderSize,
    },
    { label: T.fields.iin, value: view.iin },
    {
      label: T.fields.program,
      value: `${view.programTitles.kk}\n${view.programTitles.ru}`,
    },
    ...positionRows(view),
    ...(compact
      ? [
          {
            label: T.fields.whenAndLanguage,
            value: whenText(view, true),
          },
        ]
      : [
          {
            label: T.fields.language,
            value: pair(T.languages[view.language]),
          },
          { label: T.fields.when, value: whenText(view, false) },
        ]),
    {
      label: T.fields.where,
      value: `${view.centerAddress.kk}\n${view.centerAddress.ru}\n${pair(T.room)}: ${view.room}`,
    },
  ];
  let y = top + fields.gapAbove;
  for (const row of rows) {
    doc.font("regular").fontSize(fields.labelSize).fillColor(colors.muted);
    const labelText = `${row.label.kk}\n${row.label.ru}`;
    const labelHeight = doc.heightOfString(labelText, {
      width: fields.labelWidth,
    });
    doc.text(labelText, L.left, y, { width: fields.labelWidth });
    doc
      .font(row.bold ? "bold" : "regular")
      .fontSize(row.size ?? fields.valueSize)
      .fillColor(colors.text);
    let valueHeight: number;
    if (row.fit) {
      valueHeight = fittedLines(doc, row.value.split("\n"), valueX, y, {
        width: valueWidth,
        size: row.size ?? fields.valueSize,
        minSize: fields.positionMinSize,
      });
    } else {
      valueHeight = doc.heightOfString(row.value, { width: valueWidth });
      doc.text(row.value, valueX, y, { width: valueWidth });
    }
    y += Math.max(labelHeight, valueHeight) + rowGap / 2;
    doc
      .lineWidth(0.3)
      .strokeColor(colors.rule)
      .moveTo(L.left, y)
      .lineTo(L.right, y)
      .stroke();
    y += rowGap / 2;
  }
  return y;
}

function drawScores(doc: Pdf, view: CertificateView, top: number): number {
  const { table, colors } = L;
  const widths = table.columns;
  const xs = {
    section: L.left,
    correct: L.left + widths.section,
    total: L.left + widths.section + widths.correct,
    threshold: L.left + widths.section + widths.correct + widths.total,
    result:
      L.left +
      widths.section +
      widths.correct +
      widths.total +
      widths.threshold,
  };
  const pad = table.padding;
  const cell = (
    text: string,
    column: keyof typeof xs,
    y: number,
    options: { align?: "left" | "center"; color?: string } = {},
  ) => {
    doc.fillColor(options.color ?? colors.text);
    doc.text(text, xs[column] + pad, y + pad, {
      width: widths[column] - 2 * pad,
      align: options.align ?? "center",
    });
  };

  let y = top + table.gapAbove;
  // Header row.
  doc.font("bold").fontSize(table.headerSize);
  const headers = {
    section: T.table.section,
    correct: T.table.correct,
    total: T.table.total,
    threshold: T.table.threshold,
    result: T.table.result,
  } as const;
  const headerHeight =
    Math.max(
      ...Object.entries(headers).map(([column, text]) =>
        doc.heightOfString(`${text.kk}\n${text.ru}`, {
          width: widths[column as keyof typeof widths] - 2 * pad,
        }),
      ),
    ) +
    2 * pad;
  doc.rect(L.left, y, WIDTH, headerHeight).fill(colors.tableHeader);
  doc.font("bold").fontSize(table.headerSize);
  for (const [column, text] of Object.entries(headers)) {
    cell(`${text.kk}\n${text.ru}`, column as keyof typeof xs, y, {
      align: column === "section" ? "left" : "center",
      color: colors.accent,
    });
  }
  const tableTop = y;
  y += headerHeight;

  const verdict = (passed: boolean) =>
    passed ? pair(T.table.passed) : pair(T.table.notPassed);
  view.sections.forEach((section, index) => {
    doc.font("regular").fontSize(table.cellSize);
    const kkHeight = doc.heightOfString(section.titles.kk, {
      width: widths.section - 2 * pad,
    });
    doc.fontSize(table.cellSize - 0.8);
    const ruHeight = doc.heightOfString(section.titles.ru, {
      width: widths.section - 2 * pad,
    });
    const height = kkHeight + ruHeight + 2 * pad;
    if (index % 2 === 1)
      doc.rect(L.left, y, WIDTH, height).fill(colors.tableStripe);
    doc.font("regular").fontSize(table.cellSize);
    cell(section.titles.kk, "section", y, { align: "left" });
    doc.fontSize(table.cellSize - 0.8);
    cell(section.titles.ru, "section", y + kkHeight, {
      align: "left",
      color: colors.muted,
    });
    doc.fontSize(table.cellSize);
    const middle = y + (height - 2 * pad - doc.currentLineHeight()) / 2;
    cell(String(section.correct), "correct", middle);
    cell(String(section.total), "total", middle);
    cell(`≥ ${section.minCorrect}`, "threshold", middle);
    doc.fontSize(table.cellSize - 1);
    cell(verdict(section.passed), "result", middle, {
      color: section.passed ? colors.passed : colors.notPassed,
    });
    y += height;
    doc
      .lineWidth(0.3)
      .strokeColor(colors.rule)
      .moveTo(L.left, y)
      .lineTo(L.right, y)
      .stroke();
  });

  // Total row.
  doc.font("bold").fontSize(table.cellSize);
  const totalHeight = doc.currentLineHeight() + 2 * pad + 2;
  doc.rect(L.left, y, WIDTH, totalHeight).fill(colors.tableHeader);
  doc.font("bold").fontSize(table.cellSize);
  cell(pair(T.table.overall), "section", y + 1, { align: "left" });
  cell(String(view.correct), "correct", y + 1);
  cell(String(view.total), "total", y + 1);
  cell(`≥ ${view.minCorrectTotal}`, "threshold", y + 1);
  doc.fontSize(table.cellSize - 1);
  cell(verdict(view.passed), "result", y + 1, {
    color: view.passed ? colors.passed : colors.notPassed,
  });
  y += totalHeight;
  doc
    .lineWidth(0.6)
    .strokeColor(colors.accent)
    .rect(L.left, tableTop, WIDTH, y - tableTop)
    .stroke();
  return y;
}

function drawResult(doc: Pdf, view: CertificateView, top: number): number {
  const { result, colors } = L;
  const y = top + result.gapAbove;
  const color = view.passed ? colors.passed : colors.notPassed;
  const text = view.passed ? T.result.passed : T.result.notPassed;
  doc
    .lineWidth(1.2)
    .strokeColor(color)
    .rect(L.left, y, WIDTH, result.height)
    .stroke();
  let textY = y + 6;
  textY = centered(doc, text.kk, textY, "bold", result.sizeKk, color);
  centered(doc, text.ru, textY + 1, "bold", result.sizeRu, color);
  return y + result.height;
}

/** Signatures, seal, verification notes and the QR code, at the bottom. */
export function drawBottom(doc: Pdf, view: DocumentView) {
  const { bottom, colors } = L;
  const top = bottom.top;
  const qrX = L.right - bottom.qrSize;
  const leftWidth = qrX - 16 - L.left;

  const signature = (role: Bilingual, name: string, y: number) => {
    doc.font("regular").fontSize(bottom.labelSize).fillColor(colors.muted);
    doc.text(pair(role), L.left, y, { width: leftWidth });
    const lineY = y + 27;
    doc
      .lineWidth(0.5)
      .strokeColor(colors.text)
      .moveTo(L.left, lineY)
      .lineTo(L.left + bottom.signatureLineWidth, lineY)
      .stroke();
    doc.fontSize(6).text(pair(T.signatureHint), L.left, lineY + 2, {
      width: bottom.signatureLineWidth,
      align: "center",
    });
    doc.font("regular").fontSize(bottom.nameSize).fillColor(colors.text);
    doc.text(name, L.left + bottom.signatureLineWidth + 10, lineY - 11, {
      width: leftWidth - bottom.signatureLineWidth - 80,
      lineBreak: false,
      ellipsis: true,
    });
  };
  signature(T.administrator, view.administrator, top);
  signature(T.operator, view.operator, top + 42);

  // The place for the center's seal on the printed copy.
  const sealX = L.left + leftWidth - 34;
  const sealY = top + 34;
  doc
    .save()
    .lineWidth(0.6)
    .dash(2, { space: 2 })
    .strokeColor(colors.rule)
    .circle(sealX, sealY, 28)
    .stroke()
    .undash()
    .restore();
  doc
    .font("regular")
    .fontSize(7)
    .fillColor(colors.rule)
    .text(pair(T.seal), sealX - 28, sealY - 4, { width: 56, align: "center" });

  let y = top + 90;
  const note = (
    text: string,
    color: string = colors.muted,
    font: "regular" | "bold" = "regular",
  ) => {
    doc.font(font).fontSize(bottom.noteSize).fillColor(color);
    const height = doc.heightOfString(text, { width: leftWidth });
    doc.text(text, L.left, y, { width: leftWidth });
    y += height + 1;
  };
  note(`${pair(T.verify)}: ${view.verifyUrl}`, colors.accent, "bold");
  note(T.digitalSignature.kk);
  note(T.digitalSignature.ru);
  note(`ЭЦҚ / ЭЦП: ${view.signer.commonName}`);
  if (view.signer.demo) note(pair(T.demoKey), colors.notPassed, "bold");

  drawQrCode(doc, view.qrText, qrX, top, bottom.qrSize);
  doc
    .font("bold")
    .fontSize(7.5)
    .fillColor(colors.text)
    .text(`№ ${view.number}`, qrX, top + bottom.qrSize + 3, {
      width: bottom.qrSize,
      align: "center",
    });
}

export function drawWatermark(doc: Pdf) {
  const { watermark, colors, page } = L;
  // Between the frame and the header, so it adds nothing to the flow.
  doc.font("bold").fontSize(watermark.noteSize).fillColor(colors.notPassed);
  doc.text(pair(T.sampleNote), L.left, watermark.noteY, {
    width: WIDTH,
    align: "center",
  });
  doc.save();
  doc.rotate(watermark.angle, { origin: [page.width / 2, page.height / 2] });
  doc
    .font("bold")
    .fontSize(watermark.size)
    .fillColor(colors.watermark)
    .fillOpacity(watermark.opacity);
  doc.text(T.watermark, -200, page.height / 2 - watermark.size / 2, {
    width: page.width + 400,
    align: "center",
    lineBreak: false,
  });
  doc.restore();
}

/** Draws the whole certificate or reference page. */
export function drawCertificate(doc: Pdf, view: CertificateView): void {
  drawFrame(doc);
  let y = drawHeader(doc, view);
  y = drawTitle(doc, view, y);
  y = drawFields(doc, view, y);
  y = drawScores(doc, view, y);
  y = drawResult(doc, view, y);
  if (y > L.bottom.top - 6) {
    throw new Error(
      `the certificate layout overflows into the signature block (${view.sections.length} sections): shorten the section titles or the layout`,
    );
  }
  drawBottom(doc, view);
  if (view.sample) drawWatermark(doc);
}

/**
 * Renders the page; signs it when a signer is given (an unsigned render is
 * the benchmark's baseline).
 */
export async function renderCertificatePdf(
  view: CertificateView,
  signing?: { signer: CmsSigner; meta: SignatureMeta },
): Promise<Buffer> {
  const title = T.title[view.kind];
  const doc = createDocument({
    width: L.page.width,
    height: L.page.height,
    margins: L.pdfMargins,
    title: `${title.ru} № ${view.number}`,
    subject: `${view.holder} — ${view.programTitles.ru}`,
    author: view.centerName.ru,
    payload: view.payload,
    singlePage: true,
  });
  drawCertificate(doc, view);
  return signing
    ? endAndSign(doc, signing.signer, signing.meta)
    : pdfToBuffer(doc);
}

/** The /Reason, /Name … of the signature dictionary for a certificate. */
export function certificateSignatureMeta(
  view: CertificateView,
  signerName: string,
): SignatureMeta {
  return {
    name: signerName,
    reason: `${T.title[view.kind].ru} № ${view.number}`,
    location: view.centerName.ru,
    contactInfo: view.verifyUrl,
  };
}
