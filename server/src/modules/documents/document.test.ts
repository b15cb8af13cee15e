import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pdfToBuffer } from "../documents/pdf";
import { createDocument } from "./document";

const work = mkdtempSync(path.join(tmpdir(), "synaq-document-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const setup = {
  width: 595.28,
  height: 841.89,
  margins: { top: 20, bottom: 20, left: 20, right: 20 },
  title: "t",
  subject: "s",
  author: "a",
};

async function textOf(draw: (doc: ReturnType<typeof createDocument>) => void) {
  const doc = createDocument(setup);
  draw(doc);
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await pdfToBuffer(doc));
  return spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
}

describe("documents sharing the parsed fonts", () => {
  it("keep every letter searchable after an earlier document subset a composite glyph", async () => {
    // Ы is drawn from the glyphs of Ь and І: subsetting it must not leave Ь
    // without its character for the documents that follow.
    await textOf((doc) => doc.font("bold").text("ХАТТАМАСЫ ТУРАЛЫ", 50, 50));
    const text = await textOf((doc) => {
      doc.font("bold").text("ПРОТОКОЛ РЕЗУЛЬТАТОВ", 50, 50);
      doc
        .font("regular")
        .text("Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов", 50, 80);
    });
    expect(text).toContain("ПРОТОКОЛ РЕЗУЛЬТАТОВ");
    expect(text).toContain("Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов");
  });
});

describe("one-page documents", () => {
  it("a one-page certificate refuses to grow a second page", () => {
    const doc = createDocument({ ...setup, singlePage: true });
    expect(() => doc.addPage()).toThrow(/one page/);
  });
});
