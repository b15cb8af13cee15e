import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pdfToBuffer } from "../documents/pdf";
import { verifyDetachedCms } from "./cms";
import { createDocument } from "./document";
import {
  readDocumentFile,
  sweepTempFiles,
  writeDocumentFile,
} from "./document-files";
import { generateDemoP12, identityFromP12 } from "./key-store";
import {
  endAndSign,
  readEmbeddedPayload,
  readPdfSignature,
} from "./pdf-signature";

const identity = identityFromP12(
  generateDemoP12({ passphrase: "pw" }),
  "pw",
  true,
);
const setup = {
  width: 595.28,
  height: 841.89,
  margins: { top: 20, bottom: 20, left: 20, right: 20 },
  title: "Test",
  subject: "Test",
  author: "Synaq",
  payload: "UzF-abc.def_123",
};
const meta = { name: "n", reason: "r", location: "l", contactInfo: "c" };

async function signedPdf(): Promise<Buffer> {
  const doc = createDocument(setup);
  doc.text("Сертификат: ә ғ қ ң ө ұ ү һ і", 50, 50);
  return endAndSign(doc, identity, meta);
}

describe("signed PDFs", () => {
  it("sign the whole file except the signature, and the CMS verifies", async () => {
    const pdf = await signedPdf();
    const signature = readPdfSignature(pdf);
    if ("problem" in signature) throw new Error(signature.detail);
    expect(signature.wholeDocument).toBe(true);
    expect(signature.signatureCount).toBe(1);
    expect(verifyDetachedCms(signature.cms, signature.signedParts).ok).toBe(
      true,
    );
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
    expect(readEmbeddedPayload(await signedPdf())).toBe(setup.payload);
  });

  it("an unsigned PDF has no signature", async () => {
    const pdf = await pdfToBuffer(createDocument(setup));
    expect(readPdfSignature(pdf)).toMatchObject({ problem: "not_signed" });
  });

  it("a one-page certificate refuses to grow a second page", () => {
    const doc = createDocument({ ...setup, singlePage: true });
    expect(() => doc.addPage()).toThrow(/one page/);
  });
});

describe("document files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "synaq-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("appear under their final name only when complete", async () => {
    await expect(
      writeDocumentFile(dir, "SYN-2026-000001.pdf", Buffer.from("%PDF"), {
        afterTempFileWritten: () => {
          throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await readDocumentFile(dir, "SYN-2026-000001.pdf")).toBeNull();
    await writeDocumentFile(
      dir,
      "SYN-2026-000001.pdf",
      Buffer.from("%PDF-whole"),
    );
    expect(
      (await readDocumentFile(dir, "SYN-2026-000001.pdf"))?.toString(),
    ).toBe("%PDF-whole");
    expect(readdirSync(dir)).toEqual(["SYN-2026-000001.pdf"]);
  });

  it("sweeps temp files a killed writer left", async () => {
    await writeDocumentFile(dir, "SYN-2026-000002.pdf", Buffer.from("x"), {
      afterTempFileWritten: async (temp) => {
        // Simulate the process dying here: copy the temp aside so it survives cleanup.
        const { copyFile } = await import("node:fs/promises");
        await copyFile(
          temp,
          path.join(dir, ".SYN-2026-000002.pdf.999.dead.tmp"),
        );
      },
    });
    expect(await sweepTempFiles(dir, "SYN-2026-000002.pdf")).toBe(1);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual(
      [],
    );
  });

  it("refuse names that leave the folder", async () => {
    await expect(
      writeDocumentFile(dir, "../evil.pdf", Buffer.from("x")),
    ).rejects.toThrow();
  });
});
