import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  readDocumentFile,
  sweepTempFiles,
  writeDocumentFile,
} from "./document-files";

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
