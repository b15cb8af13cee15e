import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UI_LANGUAGES } from "@shared/enums";
import { MESSAGE_KINDS, type MessageKind } from "@shared/notifications";
import {
  MissingParamsError,
  placeholdersOf,
  readTemplate,
  renderMessage,
  TEMPLATES_DIR,
  type MessageTemplate,
} from "./templates";
import type { MessageParams } from "./types";

/** What booking/notify.ts `notifyBooking` fills in for every booking. */
const FROM_BOOKING = [
  "bookingId",
  "program",
  "date",
  "time",
  "place",
  "address",
  "room",
  "statusLink",
];

/**
 * What each kind's callers pass besides (templates/README.md): a template
 * that needs more is a message that would never be sent.
 */
const CALLERS_PASS: Record<MessageKind, string[]> = {
  "booking.made": [...FROM_BOOKING, "code"],
  "booking.reminder": FROM_BOOKING,
  "booking.cancelled": [...FROM_BOOKING, "by"],
  "booking.moved": FROM_BOOKING,
  "booking.code_renewed": [...FROM_BOOKING, "code"],
  "booking.no_show": FROM_BOOKING,
  "result.ready": [...FROM_BOOKING, "document", "documentNumber", "verifyLink"],
  "appeal.filed": [...FROM_BOOKING, "number"],
  "appeal.decided": [...FROM_BOOKING, "number", "decision", "reason"],
  // Complaints filed at a desk may have no booking: nothing from it.
  "complaint.filed": ["number", "category", "deadline"],
  "complaint.decided": ["number", "category", "outcome", "reason"],
};

const templateOf = (kind: MessageKind) => readTemplate(kind);

/** A value for each parameter: a choice's first key, else a marked text. */
function sampleParams(template: MessageTemplate): MessageParams {
  return Object.fromEntries(
    template.params.map((name) => {
      const choice = Object.keys(template.choices[name] ?? {})[0];
      return [
        name,
        choice ?? { kk: `kk-${name}`, ru: `ru-${name}`, en: `en-${name}` },
      ];
    }),
  );
}

describe("message templates", () => {
  it("has one file per message kind and none besides", () => {
    const files = readdirSync(TEMPLATES_DIR)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(/\.json$/, ""))
      .sort();
    expect(files).toEqual([...MESSAGE_KINDS].sort());
  });

  describe.each(MESSAGE_KINDS)("%s", (kind) => {
    it("has a subject and a text in Kazakh, Russian and English", () => {
      const template = templateOf(kind);
      for (const language of UI_LANGUAGES) {
        expect(template[language].subject.trim()).not.toBe("");
        expect(template[language].text.trim()).not.toBe("");
      }
    });

    it("uses only parameters it lists, and each in every language", () => {
      const template = templateOf(kind);
      for (const language of UI_LANGUAGES) {
        const { subject, text } = template[language];
        const used = placeholdersOf(`${subject}\n${text}`).sort();
        expect(used, `${kind} (${language})`).toEqual(
          [...template.params].sort(),
        );
      }
      for (const name of [
        ...template.secret,
        ...Object.keys(template.choices),
      ]) {
        expect(template.params).toContain(name);
      }
    });

    it("needs no parameter its callers do not pass", () => {
      const template = templateOf(kind);
      const missing = template.params.filter(
        (name) => !CALLERS_PASS[kind].includes(name),
      );
      expect(missing).toEqual([]);
    });

    it("leaves no placeholder unfilled, in each language", () => {
      const template = templateOf(kind);
      for (const language of UI_LANGUAGES) {
        const rendered = renderMessage(
          kind,
          language,
          sampleParams(template),
          template,
        );
        for (const text of Object.values(rendered)) {
          expect(text).not.toMatch(/[{}]/);
          expect(text).not.toContain("undefined");
        }
      }
    });

    it("refuses to render without a parameter it needs", () => {
      const template = templateOf(kind);
      const [first] = template.params;
      if (!first) return;
      const params = sampleParams(template);
      delete params[first];
      expect(() => renderMessage(kind, "ru", params, template)).toThrow(
        MissingParamsError,
      );
    });
  });

  it("writes each parameter in the message's language", () => {
    const rendered = renderMessage("booking.cancelled", "kk", {
      bookingId: "B1",
      program: { kk: "Заңнама", ru: "Законодательство", en: "Legislation" },
      date: "22.11.2026",
      time: "10:00",
      place: { kk: "Астана орталығы", ru: "Центр Астана", en: "Astana" },
      by: "center",
    });
    expect(rendered.text).toContain("«Заңнама»");
    expect(rendered.text).toContain("Астана орталығы");
    expect(rendered.text).toContain("тестілеу орталығы жойды");
  });

  it("masks a booking code in what staff and the log see", () => {
    const template = templateOf("booking.made");
    const params = {
      ...sampleParams(template),
      code: "ABCDE-FGHJK-MNPQR-STVWX",
      statusLink: "https://synaq.kz/booking/B1#ABCDE-FGHJK-MNPQR-STVWX",
    };
    const rendered = renderMessage("booking.made", "en", params, template);
    expect(rendered.text).toContain("ABCDE-FGHJK-MNPQR-STVWX");
    expect(rendered.shownText).not.toContain("ABCDE");
    expect(rendered.shownText).toContain("•••");
  });
});
