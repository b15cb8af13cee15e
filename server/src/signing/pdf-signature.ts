import { buffer } from "node:stream/consumers";
import { pdfkitAddPlaceholder } from "@signpdf/placeholder-pdfkit";
import { SignPdf, Signer } from "@signpdf/signpdf";
import * as asn1js from "asn1js";
import { createDetachedCms, cmsSizeEstimate, type CmsSigner } from "./cms";

/** The PDF Info key that carries the signed QR payload (see readEmbeddedPayload). */
export const PAYLOAD_INFO_KEY = "SynaqPayload";

/**
 * @signpdf's P12Signer re-parses the PKCS#12 (PBKDF and 3DES in pure JS)
 * and signs with forge's pure-JS RSA on every document. This signer holds
 * the parsed key and signs with WebCrypto (see cms.ts).
 */
class CmsPdfSigner extends Signer {
  constructor(private readonly signer: CmsSigner) {
    super();
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return createDetachedCms([pdfBuffer], this.signer);
  }
}

const signPdf = new SignPdf();

export interface SignatureMeta {
  /** Shown by PDF readers as the signer's name. */
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
  signingTime?: Date;
}

/**
 * Adds the signature placeholder to the open document, ends it and signs
 * the whole file. The placeholder must go in before `doc.end()` (it is a
 * page annotation), and signing needs the complete buffer because the
 * byte ranges cover everything but the signature itself.
 */
export async function endAndSign(
  doc: PDFKit.PDFDocument,
  signer: CmsSigner,
  meta: SignatureMeta,
): Promise<Buffer> {
  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: meta.reason,
    contactInfo: meta.contactInfo,
    name: meta.name,
    location: meta.location,
    signatureLength: cmsSizeEstimate(signer),
    subFilter: "ETSI.CAdES.detached",
    appName: "Synaq",
    ...(meta.signingTime ? { signingTime: meta.signingTime } : {}),
  });
  const unsigned = buffer(doc);
  doc.end();
  return signPdf.sign(await unsigned, new CmsPdfSigner(signer));
}

export interface PdfSignature {
  byteRange: [number, number, number, number];
  /** The two signed ranges, in file order. */
  signedParts: [Buffer, Buffer];
  /** The CMS SignedData, without the placeholder's zero padding. */
  cms: Buffer;
  /** The ranges cover the whole file except the signature value. */
  wholeDocument: boolean;
  /** How many signature byte ranges the file has (ours: exactly one). */
  signatureCount: number;
}

export type PdfSignatureProblem = "not_signed" | "malformed_signature";

/** Where the first DER element of `bytes` ends; asn1js throws on some input. */
function derLength(bytes: Buffer): number | undefined {
  try {
    const { offset } = asn1js.fromBER(bytes);
    return offset === -1 ? undefined : offset;
  } catch {
    return undefined;
  }
}

/**
 * Finds the (last) signature of a PDF and the bytes it covers. Does not
 * verify anything; see verifyDetachedCms for that. Hand-written rather than
 * @signpdf/utils' extractSignature, which strips trailing zero bytes off the
 * signature value and does not check that the ranges frame it.
 */
export function readPdfSignature(
  pdf: Buffer,
): PdfSignature | { problem: PdfSignatureProblem; detail: string } {
  const text = pdf.toString("latin1");
  const ranges = [
    ...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g),
  ];
  const last = ranges[ranges.length - 1];
  if (!last)
    return { problem: "not_signed", detail: "the PDF has no signature" };
  const [start, firstLength, secondStart, secondLength] = last
    .slice(1)
    .map(Number) as [number, number, number, number];
  const secondEnd = secondStart + secondLength;
  if (
    start !== 0 ||
    firstLength < 1 ||
    secondStart <= firstLength + 1 ||
    secondEnd > pdf.length ||
    pdf[firstLength] !== 0x3c || // "<"
    pdf[secondStart - 1] !== 0x3e // ">"
  ) {
    return {
      problem: "malformed_signature",
      detail: "the signature's byte ranges do not frame its value",
    };
  }
  const hex = text.slice(firstLength + 1, secondStart - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    return {
      problem: "malformed_signature",
      detail: "the signature value is not hex",
    };
  }
  // The value is the DER CMS followed by the placeholder's zero padding:
  // its own length says where it ends (a CMS may end in a zero byte).
  const value = Buffer.from(hex, "hex");
  const end = derLength(value);
  if (end === undefined) {
    return {
      problem: "malformed_signature",
      detail: "the signature value is not DER",
    };
  }
  const cms = value.subarray(0, end);
  return {
    byteRange: [start, firstLength, secondStart, secondLength],
    signedParts: [
      pdf.subarray(0, firstLength),
      pdf.subarray(secondStart, secondEnd),
    ],
    cms,
    wholeDocument: secondEnd === pdf.length,
    signatureCount: ranges.length,
  };
}

/**
 * The signed QR payload from the document's Info dictionary, so a
 * verifier need not decode the QR image. pdfkit writes each Info value as
 * its own object (`/SynaqPayload 7 0 R`); a direct string is read too.
 */
export function readEmbeddedPayload(pdf: Buffer): string | undefined {
  const text = pdf.toString("latin1");
  const direct = new RegExp(
    `/${PAYLOAD_INFO_KEY}\\s*\\(([A-Za-z0-9_.-]+)\\)`,
  ).exec(text);
  if (direct) return direct[1];
  const reference = new RegExp(
    `/${PAYLOAD_INFO_KEY}\\s+(\\d+)\\s+(\\d+)\\s+R`,
  ).exec(text);
  if (!reference) return undefined;
  const object = new RegExp(
    `(?:^|\\s)${reference[1]}\\s+${reference[2]}\\s+obj\\s*\\(([A-Za-z0-9_.-]+)\\)`,
  ).exec(text);
  return object?.[1];
}
