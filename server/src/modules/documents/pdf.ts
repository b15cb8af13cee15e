import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(
  path.dirname(require.resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);

/**
 * DejaVu Sans covers Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і); the standard PDF
 * fonts do not. Embedded (subset) in every document we produce.
 */
export const FONTS = {
  regular: path.join(FONT_DIR, "DejaVuSans.ttf"),
  bold: path.join(FONT_DIR, "DejaVuSans-Bold.ttf"),
  mono: path.join(FONT_DIR, "DejaVuSansMono.ttf"),
} as const;

export type Pdf = PDFKit.PDFDocument;

/** An A4 document with the Synaq fonts registered as "regular" and "bold". */
export function createPdf(
  info: { title: string; subject?: string },
  options: PDFKit.PDFDocumentOptions = {},
): Pdf {
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: {
      Title: info.title,
      Subject: info.subject ?? "",
      Producer: "Synaq",
      Creator: "Synaq",
    },
    ...options,
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.registerFont("mono", FONTS.mono);
  doc.font("regular");
  return doc;
}

/** Ends the document and collects it into one buffer. */
export function pdfToBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** A QR code as PNG, with medium error correction (survives print wear). */
export function qrPng(text: string, widthPx = 300): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    errorCorrectionLevel: "M",
    margin: 1,
    width: widthPx,
    type: "png",
  });
}
