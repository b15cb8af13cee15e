import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeQrPayload,
  type OfficialPosition,
  type OfficialResult,
} from "@shared/certificates";
import { generateQrKeyPem, qrKeyFromPem, signQrPayload } from "../../signing";
import { renderCertificatePdf } from "./render-certificate";
import { SAMPLE_POSITION, sampleOfficialResult } from "./sample-data";
import { certificateView, documentDates, payloadFields } from "./view";

const work = mkdtempSync(path.join(tmpdir(), "synaq-render-certificate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const key = qrKeyFromPem(generateQrKeyPem());
const DAY = 24 * 3600 * 1000;
/** 10:00 in Astana on 14 March 2026; issued a week later. */
const TESTED_AT = "2026-03-14T05:00:00.000Z";
const ISSUED_AT = Date.parse(TESTED_AT) + 7 * DAY;
const NUMBER = "SYN-2026-7K3QW9HD2MX";

/** Renders the page unsigned; returns its text (poppler's pdftotext) and payload. */
async function rendered(result: OfficialResult) {
  const dates = documentDates(result, ISSUED_AT, 365);
  const payload = signQrPayload(
    payloadFields(result, NUMBER, dates, false),
    key,
  );
  const verifyUrl = `https://synaq.example.kz/verify/${NUMBER}`;
  const view = certificateView(result, {
    number: NUMBER,
    dates,
    verifyUrl,
    qrText: `${verifyUrl}#${payload}`,
    payload,
    signer: { commonName: "Synaq demo", demo: true },
    sample: false,
  });
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await renderCertificatePdf(view));
  const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
  return { text, payload: decodeQrPayload(payload)?.fields };
}

const LONGEST_CATEGORY: OfficialPosition = {
  category: {
    code: "C-O-2",
    titles: {
      kk: "Облыс деңгейіндегі аумақтық бөлімшелердегі лауазымдар",
      ru: "Должности в территориальных подразделениях областного уровня",
      en: "Positions in regional territorial units",
    },
  },
  candidateKind: "civil-servant",
};

describe("the certificate page", () => {
  it("is valid a year from the test date, not from the issue date", async () => {
    const { text, payload } = await rendered(
      sampleOfficialResult({ startedAt: TESTED_AT }),
    );
    expect(text).toContain("Берілген күні / Дата выдачи: 21.03.2026");
    expect(text).toContain("Жарамдылық мерзімі / Действителен до: 14.03.2027");
    expect(payload).toMatchObject({ validUntil: "2027-03-14" });
  });

  it("prints the position category and the candidate kind, Kazakh letters included", async () => {
    const { text } = await rendered(
      sampleOfficialResult({ startedAt: TESTED_AT, position: SAMPLE_POSITION }),
    );
    expect(text).toContain("Лауазым санаты, мәртебесі");
    expect(text).toContain("Категория должности, статус");
    expect(text).toContain("B-1 — Орталық мемлекеттік органдардағы лауазымдар");
    expect(text).toContain(
      "B-1 — Должности в центральных государственных органах",
    );
    expect(text).toContain(
      "мемлекеттік қызметке кандидат / кандидат на государственную службу",
    );
  });

  it("prints a civil servant's kind alone under its own label", async () => {
    const { text } = await rendered(
      sampleOfficialResult({
        startedAt: TESTED_AT,
        position: { candidateKind: "civil-servant" },
      }),
    );
    expect(text).toContain("Мәртебесі");
    expect(text).toContain("мемлекеттік қызметші / государственный служащий");
    expect(text).not.toContain("Лауазым санаты");
  });

  it("prints no position line when the booking named none", async () => {
    const { text } = await rendered(
      sampleOfficialResult({ startedAt: TESTED_AT }),
    );
    expect(text).not.toContain("Лауазым санаты");
    expect(text).not.toContain("Категория должности");
    expect(text).not.toContain("Мәртебесі");
  });
});

describe("the reference page", () => {
  it("carries no validity: no 'valid until' line, none in the QR payload", async () => {
    const { text, payload } = await rendered({
      ...sampleOfficialResult({ kind: "reference", startedAt: TESTED_AT }),
      validityDays: 30,
    });
    expect(text).toContain("АНЫҚТАМА");
    expect(text).toContain("Берілген күні / Дата выдачи: 21.03.2026");
    expect(text).not.toContain("Действителен до");
    expect(text).not.toContain("Жарамдылық мерзімі");
    expect(payload).toMatchObject({ result: "not_passed" });
    expect(payload).not.toHaveProperty("validUntil");
  });

  it("prints the slot's scheduled time beside the time actually taken, on its one page", async () => {
    // Scheduled 18:35 in Astana, started 18:36, finished 19:28.
    const result = {
      ...sampleOfficialResult({
        kind: "reference",
        startedAt: "2026-03-14T13:36:00.000Z",
        position: LONGEST_CATEGORY,
      }),
      scheduledAt: "2026-03-14T13:35:00.000Z",
    };
    const { text } = await rendered(result);
    expect(text).toContain("кесте бойынша / по расписанию: 18:35");
    expect(text).toContain("нақты / фактически: 18:36–19:28");
    const file = path.join(work, "scheduled.pdf");
    const dates = documentDates(result, ISSUED_AT, 365);
    writeFileSync(
      file,
      await renderCertificatePdf(
        certificateView(result, {
          number: NUMBER,
          dates,
          verifyUrl: "https://synaq.example.kz/verify",
          qrText: "https://synaq.example.kz/verify",
          payload: "",
          signer: { commonName: "Synaq demo", demo: true },
          sample: false,
        }),
      ),
    );
    const info = spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout;
    expect(/Pages:\s+(\d+)/.exec(info)?.[1]).toBe("1");
  });

  it("fits the longest category of the registry on its one page, both lines searchable", async () => {
    const { text } = await rendered(
      sampleOfficialResult({
        kind: "reference",
        language: "ru",
        startedAt: TESTED_AT,
        position: LONGEST_CATEGORY,
      }),
    );
    expect(text).toContain(
      "C-O-2 — Облыс деңгейіндегі аумақтық бөлімшелердегі лауазымдар",
    );
    expect(text).toContain(
      "C-O-2 — Должности в территориальных подразделениях областного уровня",
    );
    expect(text).toContain("мемлекеттік қызметші / государственный служащий");
  });
});
