import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemoP12, identityFromP12 } from "../../signing/key-store";
import { renderProtocolPdf } from "./render-protocol";
import { sampleOfficialResult } from "./sample-data";

const work = mkdtempSync(path.join(tmpdir(), "synaq-render-protocol-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const identity = identityFromP12(
  generateDemoP12({ passphrase: "pw" }),
  "pw",
  true,
);

describe("renderProtocolPdf", () => {
  it("keeps a document number of the widest letters on one line", async () => {
    // W is the widest letter of the number alphabet: a break inside the
    // number would read as a hyphen and split it for anyone copying it.
    const wide = "SYN-2026-WWWWWWWWWWW";
    const narrow = "SYN-2026-1111111111J";
    const results = [
      {
        ...sampleOfficialResult(),
        attemptId: "attempt-wide",
        slotId: "slot-1",
      },
      {
        ...sampleOfficialResult(),
        attemptId: "attempt-narrow",
        slotId: "slot-1",
        fullName: "Бауыржан Ерланұлы Өмірзақов",
      },
    ];
    const pdf = await renderProtocolPdf(
      {
        slotId: "slot-1",
        results,
        documentNumbers: { "attempt-wide": wide, "attempt-narrow": narrow },
      },
      { generatedAt: Date.now(), signer: identity, demo: true },
    );
    const file = path.join(work, "protocol.pdf");
    writeFileSync(file, pdf);
    const text = spawnSync("pdftotext", [file, "-"], {
      encoding: "utf8",
    }).stdout;
    expect(text).toContain(wide);
    expect(text).toContain(narrow);
  });
});
