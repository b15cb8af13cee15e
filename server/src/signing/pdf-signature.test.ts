import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { verifyDetachedCms } from "./cms";
import { generateDemoP12, identityFromP12 } from "./key-store";
import {
  endAndSign,
  PAYLOAD_INFO_KEY,
  readEmbeddedPayload,
  readPdfSignature,
} from "./pdf-signature";

const identity = identityFromP12(
  generateDemoP12({ passphrase: "pw" }),
  "pw",
  true,
);
const payload = "UzF-abc.def_123";
const meta = { name: "n", reason: "r", location: "l", contactInfo: "c" };

/** A one-page PDF with the payload in its Info dictionary, as documents have. */
function document(): PDFKit.PDFDocument {
  // pdfkit's typings list the standard Info keys only; it writes any.
  const info: Record<string, string> = {
    Title: "Test",
    [PAYLOAD_INFO_KEY]: payload,
  };
  const doc = new PDFDocument({ size: "A4", info, pdfVersion: "1.7" });
  doc.text("Certificate", 50, 50);
  return doc;
}

const unsignedPdf = async (): Promise<Buffer> => {
  const doc = document();
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
};

const signedPdf = (): Promise<Buffer> => endAndSign(document(), identity, meta);

describe("signed PDFs", () => {
  it("sign the whole file except the signature, and the CMS verifies", async () => {
    const pdf = await signedPdf();
    const signature = readPdfSignature(pdf);
    if ("problem" in signature) throw new Error(signature.detail);
    expect(signature.wholeDocument).toBe(true);
    expect(signature.signatureCount).toBe(1);
    expect(
      (await verifyDetachedCms(signature.cms, signature.signedParts)).ok,
    ).toBe(true);
  });

  it("are no longer whole-document signed when bytes are appended", async () => {
    const pdf = Buffer.concat([
      await signedPdf(),
      Buffer.from("\n% appended\n"),
    ]);
    const signature = readPdfSignature(pdf);
    expect("problem" in signature ? null : signature.wholeDocument).toBe(false);
  });

  it("carry the payload in the Info dictionary", async () => {
    expect(readEmbeddedPayload(await signedPdf())).toBe(payload);
  });

  it("an unsigned PDF has no signature", async () => {
    expect(readPdfSignature(await unsignedPdf())).toMatchObject({
      problem: "not_signed",
    });
  });

  it("a signature value whose length runs past its end is malformed", async () => {
    const pdf = await signedPdf();
    const signature = readPdfSignature(pdf);
    if ("problem" in signature) throw new Error(signature.detail);
    const [, valueStart] = signature.byteRange;
    const broken = Buffer.from(pdf);
    broken.write("30847fffffff", valueStart + 1, "latin1");
    expect(readPdfSignature(broken)).toMatchObject({
      problem: "malformed_signature",
    });
  });
});
