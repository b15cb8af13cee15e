import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ADMISSION_REFUSAL_REASONS,
  BOOKING_REFUSAL_REASONS,
  REFUSAL_REASONS,
  maskTypedIin,
  refusalReasonFor,
} from "@shared/refusals";
import {
  REFUSAL_REASON_TEXTS,
  complaintText,
  reasonText,
  renderRefusalSlip,
  type RefusalSlipContent,
} from "./render-refusal";

const KAZAKH_ONLY = /[әғқңөұүһі]/i;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe("refusal reasons", () => {
  it("are the admission and booking reasons, each once", () => {
    expect(new Set(REFUSAL_REASONS)).toEqual(
      new Set([...ADMISSION_REFUSAL_REASONS, ...BOOKING_REFUSAL_REASONS]),
    );
    expect(REFUSAL_REASONS.length).toBe(new Set(REFUSAL_REASONS).size);
  });

  it("each have one Kazakh and one Russian sentence citing their rule", () => {
    for (const reason of REFUSAL_REASONS) {
      const text = REFUSAL_REASON_TEXTS[reason];
      expect(text.kk, reason).toMatch(KAZAKH_ONLY);
      expect(text.ru, reason).not.toMatch(KAZAKH_ONLY);
      for (const sentence of [text.kk, text.ru]) {
        expect(sentence, reason).toMatch(/^\S.*\.$/);
        // One sentence: no full stop before the last (bar "№ 184").
        expect(sentence.slice(0, -1), reason).not.toMatch(/\.\s/);
        expect(sentence, reason).toMatch(
          /регламент|кесте|расписани|қағида|правил/i,
        );
      }
      expect(placeholders(text.kk), reason).toEqual(placeholders(text.ru));
    }
  });

  it("say different things", () => {
    const texts = REFUSAL_REASONS.map((reason) => REFUSAL_REASON_TEXTS[reason]);
    expect(new Set(texts.map((text) => text.kk)).size).toBe(texts.length);
    expect(new Set(texts.map((text) => text.ru)).size).toBe(texts.length);
  });

  it("fill in the slot's admission times", () => {
    const times = { opensAt: "14.03.2026 09:00", cutoff: "14.03.2026 10:15" };
    expect(reasonText("admission_closed", times).ru).toContain(
      "14.03.2026 10:15",
    );
    expect(reasonText("admission_not_open", times).kk).toContain(
      "14.03.2026 09:00",
    );
    for (const reason of REFUSAL_REASONS) {
      const filled = reasonText(reason, times);
      expect(filled.kk + filled.ru, reason).not.toMatch(/\{\w+\}/);
    }
  });

  it("map the API's refusal ids, and nothing else", () => {
    expect(refusalReasonFor("admission", "not_on_roster")).toBe(
      "not_on_roster",
    );
    expect(refusalReasonFor("admission", "seat_taken")).toBeNull();
    expect(refusalReasonFor("admission", "booking_admitted")).toBeNull();
    expect(refusalReasonFor("booking", "already_booked")).toBe(
      "booking_already_booked",
    );
    expect(refusalReasonFor("booking", "invalid_iin")).toBe("invalid_iin");
    expect(refusalReasonFor("booking", "slot_not_found")).toBeNull();
  });
});

describe("how to complain", () => {
  it("names the deadline in working days, in Russian's own grammar", () => {
    expect(complaintText(5).kk).toContain("5 жұмыс күні");
    expect(complaintText(5).ru).toContain("5 рабочих дней");
    expect(complaintText(1).ru).toContain("1 рабочего дня");
    expect(complaintText(11).ru).toContain("11 рабочих дней");
    expect(complaintText(5).ru).toContain("в суд");
    expect(complaintText(5).kk).toContain("сотқа");
  });
});

describe("maskTypedIin", () => {
  it("shows at most the first half, six at most", () => {
    expect(maskTypedIin("780322300455")).toBe("780322******");
    expect(maskTypedIin("12 34")).toBe("12**");
    expect(maskTypedIin("")).toBe("");
    expect(maskTypedIin("9".repeat(40))).toBe(`999999${"*".repeat(26)}`);
  });
});

describe("renderRefusalSlip", () => {
  const work = mkdtempSync(path.join(tmpdir(), "synaq-refusal-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  /** 10:00 in Astana on 14 March 2026. */
  const startsAt = Date.parse("2026-03-14T05:00:00.000Z");
  const content: RefusalSlipContent = {
    number: "REF-2026-000042",
    kind: "admission",
    reason: "admission_closed",
    issuedAt: startsAt + 40 * 60_000,
    timezone: "Asia/Almaty",
    person: {
      fullName: "Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов",
      maskedIin: "900102******",
      iinValid: true,
    },
    slot: {
      program: {
        kk: "Заңнаманы білуге тест",
        ru: "Тест на знание законодательства",
      },
      center: {
        kk: "Астана тестілеу орталығы",
        ru: "Астанинский центр тестирования",
      },
      address: { kk: "Сарыарқа даңғылы, 1", ru: "проспект Сарыарка, 1" },
      room: { kk: "1-зал", ru: "Зал 1" },
      startsAt,
      admissionOpensAt: startsAt - 60 * 60_000,
      lateAdmissionCutoffAt: startsAt + 15 * 60_000,
    },
    staff: { fullName: "Ержан Серікұлы Әбдіков", role: "administrator" },
    note: "",
    complaintWorkingDays: 5,
  };

  it("prints both languages, the person, the slot and the cutoff; the same bytes twice", async () => {
    const pdf = await renderRefusalSlip(content);
    expect(await renderRefusalSlip(content)).toEqual(pdf);
    const file = path.join(work, "slip.pdf");
    writeFileSync(file, pdf);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    }).stdout.replace(/\s+/g, " ");
    for (const expected of [
      "REF-2026-000042",
      "Бас тарту себебі",
      "Причина отказа",
      "Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов",
      "900102******",
      "14.03.2026 10:15 (UTC+5)",
      "14.03.2026 10:40 (UTC+5)",
      "Ержан Серікұлы Әбдіков",
      "администратор тестирования",
      "Астанинский центр тестирования",
      "аудитория Зал 1",
      // Each language prints the room's own name, not "kk / ru".
      "1-зал аудиториясы",
      "5 рабочих дней",
      "5 жұмыс күні",
    ]) {
      expect(text).toContain(expected);
    }
  });
});
