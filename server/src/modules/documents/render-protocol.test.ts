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

const text = (pdf: Buffer, name: string) => {
  const file = path.join(work, name);
  writeFileSync(file, pdf);
  return spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" })
    .stdout;
};

describe("renderProtocolPdf", () => {
  it("lists every booking with a result or a status, and never the slot's id", async () => {
    const slotId = "slot-7f3a9c2e";
    const result = {
      ...sampleOfficialResult(),
      attemptId: "attempt-tested",
      bookingId: "booking-tested",
      slotId,
      fullName: "Әсем Нұрғалиева",
    };
    const candidate = (
      bookingId: string,
      fullName: string,
      status: "no_show" | "not_tested" | "official",
    ) => ({
      bookingId,
      fullName,
      iin: "900101300123",
      language: "kk" as const,
      status,
    });
    const pdf = await renderProtocolPdf(
      {
        slotId,
        slot: {
          programTitles: result.programTitles,
          center: result.center,
          room: result.room,
          startsAt: result.startedAt,
          endsAt: result.finishedAt,
        },
        candidates: [
          // The tested candidate's booking shows the result, once.
          candidate("booking-tested", "Әсем Нұрғалиева", "official"),
          candidate("booking-absent", "Бауыржан Өмірзақов", "no_show"),
          candidate("booking-later", "Дина Ахметова", "not_tested"),
        ],
        cancelled: 2,
        results: [result],
      },
      { generatedAt: Date.now(), signer: identity, demo: true },
    );
    const printed = text(pdf, "statuses.pdf");
    const lineOf = (name: string) =>
      printed.split("\n").filter((line) => line.includes(name));
    expect(lineOf("Әсем Нұрғалиева")).toHaveLength(1);
    expect(lineOf("Әсем Нұрғалиева")[0]).toMatch(/өтті/);
    expect(lineOf("Бауыржан Өмірзақов")[0]).toContain("келмеді");
    expect(lineOf("Дина Ахметова")[0]).toContain("тест");
    const flat = printed.replace(/\s+/g, " ");
    expect(flat).toContain("Записано: 3");
    expect(flat).toContain("отменили запись (в список не включены): 2");
    expect(flat).toContain(result.center.name.ru);
    expect(printed).not.toContain(slotId);
  });

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
