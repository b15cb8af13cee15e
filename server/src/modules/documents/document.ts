import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { FONTS, type Pdf } from "./pdf";
import { PAYLOAD_INFO_KEY } from "../../signing";

/** A parsed font as pdfkit accepts it in registerFont (a fontkit font). */
interface ParsedFont {
  layout: (...args: unknown[]) => unknown;
  /** fontkit's glyph cache, by glyph id. */
  _glyphs?: Record<number, unknown>;
}

let fontSources:
  { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer } | undefined;

/**
 * DejaVu Sans (it has the Kazakh letters), read and parsed once per
 * process. Given a path or a buffer, pdfkit re-parses the 700 KB font with
 * fontkit for every document: about 60 ms of an 85 ms render. pdfkit also
 * takes an already parsed fontkit font; we reuse the one pdfkit itself
 * made, so no second copy of fontkit is involved. Should a pdfkit or
 * fontkit upgrade change the internals used here, we fall back to buffers
 * (slower, still correct).
 */
function fonts() {
  if (!fontSources) {
    const parse = (file: string): ParsedFont | Buffer => {
      const data = readFileSync(file);
      const probe = new PDFDocument({ autoFirstPage: false });
      probe.font(data);
      const font = (probe as unknown as { _font?: { font?: ParsedFont } })._font
        ?.font;
      const usable =
        typeof font?.layout === "function" && typeof font._glyphs === "object";
      return usable ? font : data;
    };
    fontSources = { regular: parse(FONTS.regular), bold: parse(FONTS.bold) };
  }
  return fontSources;
}

/**
 * fontkit caches glyph objects with the code points of whoever asked
 * first. Subsetting asks for the components of composite glyphs with none
 * (Ы is built from Ь and І), so in the next document Ь would map to no
 * character and copy or search as a blank. A fresh glyph cache per document
 * keeps the costly part (the parsed tables) and drops that. Safe because a
 * document is drawn and ended synchronously, never interleaved.
 */
function freshGlyphs(source: ParsedFont | Buffer): ParsedFont | Buffer {
  if (!Buffer.isBuffer(source)) source._glyphs = {};
  return source;
}

export interface DocumentSetup {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
  title: string;
  subject: string;
  author: string;
  /** The signed QR payload, kept in the Info dictionary for verifiers. */
  payload?: string;
  /** Refuse a second page: a certificate is one page or it is a bug. */
  singlePage?: boolean;
}

/** A pdfkit document with the fonts "regular" and "bold" registered. */
export function createDocument(setup: DocumentSetup): Pdf {
  const info: Record<string, string> = {
    Title: setup.title,
    Subject: setup.subject,
    Author: setup.author,
    Producer: "Synaq",
    Creator: "Synaq",
  };
  if (setup.payload) info[PAYLOAD_INFO_KEY] = setup.payload;
  const doc = new PDFDocument({
    size: [setup.width, setup.height],
    margins: setup.margins,
    info,
    pdfVersion: "1.7",
  });
  const { regular, bold } = fonts();
  // pdfkit's typings know paths and buffers only; the runtime takes fonts.
  doc.registerFont("regular", freshGlyphs(regular) as Buffer);
  doc.registerFont("bold", freshGlyphs(bold) as Buffer);
  doc.font("regular");
  if (setup.singlePage) {
    doc.on("pageAdded", () => {
      throw new Error(
        "the document does not fit on one page; shorten the texts or the layout in certificates/templates",
      );
    });
  }
  return doc;
}

/**
 * Draws a QR code as vector squares (one rectangle per run of dark
 * modules): sharp at any print resolution and smaller than a PNG.
 */
export function drawQrCode(
  doc: Pdf,
  text: string,
  x: number,
  y: number,
  size: number,
): void {
  // One byte-mode segment: the automatic segmentation's shortest-path
  // search costs more than the rest of the QR code and saves nothing on
  // a mixed-case URL.
  const qr = QRCode.create(
    [{ data: Buffer.from(text, "utf8"), mode: "byte" }],
    {
      errorCorrectionLevel: "M",
    },
  );
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  for (let row = 0; row < count; row++) {
    let runStart = -1;
    for (let col = 0; col <= count; col++) {
      const dark = col < count && qr.modules.data[row * count + col] === 1;
      if (dark && runStart < 0) runStart = col;
      if (!dark && runStart >= 0) {
        doc.rect(
          x + (quiet + runStart) * cell,
          y + (quiet + row) * cell,
          (col - runStart) * cell,
          cell,
        );
        runStart = -1;
      }
    }
  }
  doc.fill("#000000");
  doc.restore();
}
