import { pdfToBuffer, type Pdf } from "./pdf";
import { createDocument } from "./document";
import { endAndSign, type CmsSigner, type SignatureMeta } from "../../signing";
import {
  centered,
  drawBottom,
  drawFields,
  drawFrame,
  drawHeader,
  drawWatermark,
  pair,
} from "./render-certificate";
import {
  CERTIFICATE_LAYOUT as C,
  CERTIFICATE_TEXT as CT,
  type Bilingual,
} from "./templates/certificate";
import {
  ASSESSMENT_LAYOUT as L,
  ASSESSMENT_TEXT as T,
  filled,
} from "./templates/assessment";
import type { AssessmentView } from "./view-assessment";

const WIDTH = C.right - C.left;
const STENS = 10;
/** The lowest y the page's own content may reach: the signature block's top. */
const CONTENT_BOTTOM = C.bottom.top - 6;

/**
 * Writes one line centered across the content width at the largest size
 * down to `minSize` at which it fits (cut with an ellipsis below that).
 */
function centeredFitted(
  doc: Pdf,
  text: string,
  y: number,
  options: { size: number; minSize: number; color: string },
): number {
  doc.font("bold");
  let size = options.size;
  while (
    size > options.minSize &&
    doc.fontSize(size).widthOfString(text) > WIDTH
  )
    size -= 0.25;
  doc.fontSize(size).fillColor(options.color);
  const lineHeight = doc.currentLineHeight(true);
  // pdfkit ends text at `height` with the ellipsis.
  doc.text(text, C.left, y, {
    width: WIDTH,
    align: "center",
    height: lineHeight,
    ellipsis: true,
  });
  return y + lineHeight;
}

function drawTitle(doc: Pdf, view: AssessmentView, top: number): number {
  const { title, colors } = L;
  let y = top + title.gapAbove;
  y = centeredFitted(doc, T.title.kk, y, {
    size: title.sizeKk,
    minSize: title.minSize,
    color: colors.accent,
  });
  y = centeredFitted(doc, T.title.ru, y + 2, {
    size: title.sizeRu,
    minSize: title.minSize,
    color: colors.accent,
  });
  y = centered(
    doc,
    `№ ${view.number}`,
    y + C.number.gapAbove,
    "bold",
    C.number.size,
    colors.text,
  );
  // An assessment report carries no validity: its issue date only.
  return centered(
    doc,
    `${pair(CT.issued)}: ${view.issuedDate}`,
    y + 2,
    "regular",
    C.number.metaSize,
    colors.muted,
  );
}

/**
 * Lines of small print under the chart, measured before the chart takes
 * the rest. Each line shrinks to fit on one line, down to `minSize`; a
 * line longer still wraps.
 */
interface Block {
  lines: string[];
  size: number;
  minSize: number;
  color: string;
  gapAbove: number;
}

function legendBlock(view: AssessmentView): Block {
  const rule = view.rule
    ? filled(T.legendRule, { minSten: view.rule.minSten })
    : undefined;
  return {
    lines: [T.legend.kk, T.legend.ru, ...(rule ? [pair(rule)] : [])],
    size: L.legend.size,
    minSize: L.legend.minSize,
    color: L.colors.muted,
    gapAbove: L.legend.gapAbove,
  };
}

function consistencyBlock(view: AssessmentView): Block {
  const { consistency } = view;
  const text: Bilingual = !consistency.measured
    ? T.consistency.notMeasured
    : filled(consistency.low ? T.consistency.low : T.consistency.consistent, {
        index: consistency.index,
        minimum: consistency.minimum,
      });
  const label = T.consistency.label;
  return {
    lines: [`${label.kk}: ${text.kk}`, `${label.ru}: ${text.ru}`],
    size: L.consistency.size,
    minSize: L.consistency.minSize,
    color:
      consistency.measured && consistency.low
        ? L.colors.warning
        : L.colors.text,
    gapAbove: L.consistency.gapAbove,
  };
}

/** Each line's size and height as it will be written. */
function blockLines(doc: Pdf, block: Block) {
  doc.font("regular");
  return block.lines.map((text) => {
    let size = block.size;
    while (
      size > block.minSize &&
      doc.fontSize(size).widthOfString(text) > WIDTH
    )
      size -= 0.2;
    doc.fontSize(size);
    return { text, size, height: doc.heightOfString(text, { width: WIDTH }) };
  });
}

function blockHeight(doc: Pdf, block: Block): number {
  return (
    block.gapAbove +
    blockLines(doc, block).reduce((sum, line) => sum + line.height, 0)
  );
}

function drawBlock(doc: Pdf, block: Block, top: number): number {
  let y = top + block.gapAbove;
  for (const line of blockLines(doc, block)) {
    doc.font("regular").fontSize(line.size).fillColor(block.color);
    doc.text(line.text, C.left, y, { width: WIDTH });
    y += line.height;
  }
  return y;
}

/** The rule line: met, not met, or "a profile, not pass/fail". */
function ruleBox(view: AssessmentView) {
  const { rule } = view;
  const text = rule
    ? filled(rule.met ? T.rule.met : T.rule.notMet, { minSten: rule.minSten })
    : T.rule.none;
  const color = !rule
    ? L.colors.accent
    : rule.met
      ? L.colors.passed
      : L.colors.notPassed;
  return { text, color, bold: rule !== undefined };
}

function ruleBoxHeight(doc: Pdf, view: AssessmentView): number {
  const { text, bold } = ruleBox(view);
  const inner = WIDTH - 2 * L.rule.padding;
  doc.font(bold ? "bold" : "regular");
  const kk = doc.fontSize(L.rule.sizeKk).heightOfString(text.kk, {
    width: inner,
    align: "center",
  });
  const ru = doc.fontSize(L.rule.sizeRu).heightOfString(text.ru, {
    width: inner,
    align: "center",
  });
  return kk + 1 + ru + 2 * L.rule.padding;
}

function drawRuleBox(doc: Pdf, view: AssessmentView, top: number): number {
  const { text, color, bold } = ruleBox(view);
  const y = top + L.rule.gapAbove;
  const height = ruleBoxHeight(doc, view);
  doc.lineWidth(1.2).strokeColor(color).rect(C.left, y, WIDTH, height).stroke();
  const inner = WIDTH - 2 * L.rule.padding;
  const x = C.left + L.rule.padding;
  let textY = y + L.rule.padding;
  doc.font(bold ? "bold" : "regular").fillColor(color);
  doc.fontSize(L.rule.sizeKk);
  const kkHeight = doc.heightOfString(text.kk, {
    width: inner,
    align: "center",
  });
  doc.text(text.kk, x, textY, { width: inner, align: "center" });
  textY += kkHeight + 1;
  doc.fontSize(L.rule.sizeRu);
  doc.text(text.ru, x, textY, { width: inner, align: "center" });
  return y + height;
}

interface ChartRows {
  size: number;
  /** False: each title cut to one line (the rows did not fit wrapped). */
  wrap: boolean;
  header: number;
  rows: { kk: number; height: number }[];
  total: number;
}

/** Row heights with the scale titles at `size`, wrapped to their column or not. */
function measureRows(
  doc: Pdf,
  view: AssessmentView,
  size: number,
  wrap: boolean,
): ChartRows {
  const { chart } = L;
  const width = chart.columns.scale - 2 * chart.padding;
  doc.font("bold").fontSize(chart.headerSize);
  const header = 2 * doc.currentLineHeight(true) + 2 * chart.padding;
  doc.font("regular");
  const lineHeight = (text: string, at: number) => {
    doc.fontSize(at);
    return wrap
      ? doc.heightOfString(text, { width })
      : doc.currentLineHeight(true);
  };
  const rows = view.scales.map((scale) => {
    const kk = lineHeight(scale.titles.kk, size);
    const ru = lineHeight(scale.titles.ru, size - 0.8);
    const height = Math.max(
      kk + ru + 2 * chart.padding,
      chart.cellHeight + 2 * chart.cellInset + 2,
    );
    return { kk, height };
  });
  const total = header + rows.reduce((sum, row) => sum + row.height, 0);
  return { size, wrap, header, rows, total };
}

/**
 * The largest title size at which the rows fit `available`: wrapped
 * titles first, shrinking to the minimum; then one line per title, cut
 * with an ellipsis. Throws when even that does not fit.
 */
function fitRows(doc: Pdf, view: AssessmentView, available: number): ChartRows {
  const { chart } = L;
  for (const wrap of [true, false]) {
    for (let size = chart.titleSize; size >= chart.minTitleSize; size -= 0.2) {
      const measured = measureRows(doc, view, size, wrap);
      if (measured.total <= available) return measured;
    }
  }
  throw new Error(
    `the assessment report overflows into the signature block (${view.scales.length} scales): shorten the texts or the layout in documents/templates/assessment.ts`,
  );
}

/**
 * The profile: one row per scale (its Kazakh and Russian title), ten
 * cells with those up to the sten filled and the sten's own marked, and
 * the sten printed. The average stens (5–6) are shaded across the chart;
 * a program's rule is a dashed line at its minimum. Titles wrap, then
 * shrink, then are cut to one line each so the rows fit the height left
 * (see fitRows); returns the y below the chart.
 */
function drawChart(
  doc: Pdf,
  view: AssessmentView,
  top: number,
  available: number,
): number {
  const { chart, colors } = L;
  const measured = fitRows(doc, view, available);
  const x = {
    scale: C.left,
    cells: C.left + chart.columns.scale,
    sten: C.left + chart.columns.scale + chart.columns.cells,
  };
  const cell = chart.columns.cells / STENS;
  const cellX = (sten: number) => x.cells + (sten - 1) * cell;
  const pad = chart.padding;
  const chartTop = top;
  const bottom = chartTop + measured.total;

  // Header row.
  doc.rect(C.left, chartTop, WIDTH, measured.header).fill(colors.tableHeader);
  // The average band (stens 5 and 6), behind the header and every row.
  doc
    .rect(cellX(5), chartTop, 2 * cell, measured.total)
    .fill(colors.averageBand);
  doc.font("bold").fontSize(chart.headerSize).fillColor(colors.accent);
  doc.text(
    `${T.chart.scale.kk}\n${T.chart.scale.ru}`,
    x.scale + pad,
    chartTop + pad,
    { width: chart.columns.scale - 2 * pad },
  );
  const lineHeight = doc.currentLineHeight(true);
  doc.text(
    `${T.chart.cells.kk} / ${T.chart.cells.ru}`,
    x.cells,
    chartTop + pad,
    { width: chart.columns.cells, align: "center", lineBreak: false },
  );
  for (let sten = 1; sten <= STENS; sten++) {
    doc.text(String(sten), cellX(sten), chartTop + pad + lineHeight, {
      width: cell,
      align: "center",
      lineBreak: false,
    });
  }
  doc.text(
    T.chart.sten.kk === T.chart.sten.ru
      ? T.chart.sten.kk
      : pair(T.chart.sten, "\n"),
    x.sten,
    chartTop + pad + lineHeight / 2,
    { width: chart.columns.sten, align: "center" },
  );

  let y = chartTop + measured.header;
  view.scales.forEach((scale, index) => {
    const row = measured.rows[index] as ChartRows["rows"][number];
    if (index % 2 === 1) {
      // The stripe leaves the average band visible.
      doc
        .rect(C.left, y, chart.columns.scale, row.height)
        .fill(colors.tableStripe);
      doc
        .rect(x.sten, y, chart.columns.sten, row.height)
        .fill(colors.tableStripe);
    }
    // The titles, Kazakh over Russian.
    const width = chart.columns.scale - 2 * pad;
    // Cut to one line: pdfkit ends text at `height` with the ellipsis.
    const line = () =>
      measured.wrap
        ? { width }
        : { width, height: doc.currentLineHeight(true), ellipsis: true };
    doc.font("regular").fontSize(measured.size).fillColor(colors.text);
    doc.text(scale.titles.kk, x.scale + pad, y + pad, line());
    doc.fontSize(measured.size - 0.8).fillColor(colors.muted);
    doc.text(scale.titles.ru, x.scale + pad, y + pad + row.kk, line());

    // Ten cells: up to the sten filled, the sten's own marked.
    const below = view.rule !== undefined && scale.sten < view.rule.minSten;
    const mark = below ? colors.notPassed : colors.accent;
    const height = Math.min(chart.cellHeight, row.height - 2 * chart.cellInset);
    const cellY = y + (row.height - height) / 2;
    for (let sten = 1; sten <= STENS; sten++) {
      const left = cellX(sten) + chart.cellInset;
      const cellWidth = cell - 2 * chart.cellInset;
      doc.lineWidth(0.4).strokeColor(colors.cellBorder);
      if (sten === scale.sten) {
        doc.rect(left, cellY, cellWidth, height).fillAndStroke(mark, mark);
      } else if (sten < scale.sten) {
        doc
          .rect(left, cellY, cellWidth, height)
          .fillAndStroke(
            below ? colors.barBelow : colors.bar,
            colors.cellBorder,
          );
      } else {
        doc
          .rect(left, cellY, cellWidth, height)
          .fillAndStroke(colors.cellEmpty, colors.cellBorder);
      }
    }

    // The sten, on the Kazakh title's line (a text extraction keeps them together).
    doc
      .font("bold")
      .fontSize(chart.stenSize)
      .fillColor(below ? mark : colors.text);
    const stenY = Math.max(
      y + 1,
      y + pad + (measured.size - chart.stenSize) * 0.9,
    );
    doc.text(String(scale.sten), x.sten, stenY, {
      width: chart.columns.sten,
      align: "center",
      lineBreak: false,
    });

    y += row.height;
    doc
      .lineWidth(0.3)
      .strokeColor(colors.rule)
      .moveTo(C.left, y)
      .lineTo(C.right, y)
      .stroke();
  });

  // The program's minimum: a dashed line at the left edge of its cell.
  if (view.rule) {
    const ruleX = cellX(view.rule.minSten);
    doc
      .save()
      .lineWidth(1)
      .dash(2.5, { space: 2 })
      .strokeColor(colors.notPassed)
      .moveTo(ruleX, chartTop + measured.header - 2)
      .lineTo(ruleX, bottom)
      .stroke()
      .undash()
      .restore();
  }
  doc
    .lineWidth(0.6)
    .strokeColor(colors.accent)
    .rect(C.left, chartTop, WIDTH, bottom - chartTop)
    .stroke();
  return bottom;
}

/** Draws the whole assessment report page. */
export function drawAssessment(doc: Pdf, view: AssessmentView): void {
  drawFrame(doc);
  let y = drawHeader(doc, view);
  y = drawTitle(doc, view, y);
  y = drawFields(doc, view, y, { compact: true });
  const legend = legendBlock(view);
  const consistency = consistencyBlock(view);
  const below =
    blockHeight(doc, legend) +
    blockHeight(doc, consistency) +
    L.rule.gapAbove +
    ruleBoxHeight(doc, view);
  const chartTop = y + L.chart.gapAbove;
  y = drawChart(doc, view, chartTop, CONTENT_BOTTOM - chartTop - below);
  y = drawBlock(doc, legend, y);
  y = drawBlock(doc, consistency, y);
  drawRuleBox(doc, view, y);
  drawBottom(doc, view);
  if (view.sample) drawWatermark(doc);
}

/**
 * Renders the report; signs it when a signer is given (an unsigned render
 * is for tests and the benchmark).
 */
export async function renderAssessmentPdf(
  view: AssessmentView,
  signing?: { signer: CmsSigner; meta: SignatureMeta },
): Promise<Buffer> {
  const doc = createDocument({
    width: C.page.width,
    height: C.page.height,
    margins: C.pdfMargins,
    title: `${T.title.ru} № ${view.number}`,
    subject: `${view.holder} — ${view.programTitles.ru}`,
    author: view.centerName.ru,
    payload: view.payload,
    singlePage: true,
  });
  drawAssessment(doc, view);
  return signing
    ? endAndSign(doc, signing.signer, signing.meta)
    : pdfToBuffer(doc);
}

/** The /Reason, /Name … of the signature dictionary for a report. */
export function assessmentSignatureMeta(
  view: AssessmentView,
  signerName: string,
): SignatureMeta {
  return {
    name: signerName,
    reason: `${T.title.ru} № ${view.number}`,
    location: view.centerName.ru,
    contactInfo: view.verifyUrl,
  };
}
