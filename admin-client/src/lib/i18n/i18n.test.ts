import { describe, expect, it } from "vitest";
import { UI_LANGUAGES } from "@shared/enums";
import { ApiError } from "../api";
import { accountsMessages } from "./accounts";
import { analyticsMessages } from "./analytics";
import { deliveryMessages } from "./delivery";
import {
  DICTIONARIES,
  registerMessages,
  translator,
  type MessageKey,
} from "./index";
import { networkMessages } from "./network";
import { rightsMessages } from "./rights";

registerMessages(
  deliveryMessages,
  rightsMessages,
  analyticsMessages,
  accountsMessages,
  networkMessages,
);

const placeholders = (message: unknown): string[] => {
  const texts =
    typeof message === "string"
      ? [message]
      : Object.values(message as Record<string, string>);
  return [
    ...new Set(texts.flatMap((text) => text.match(/\{\w+\}/g) ?? [])),
  ].sort();
};

describe("the portal and console dictionaries", () => {
  const keys = Object.keys(DICTIONARIES.kk) as MessageKey[];

  it("have no empty message in any language", () => {
    for (const language of UI_LANGUAGES) {
      for (const key of keys) {
        const message = DICTIONARIES[language][key];
        const texts =
          typeof message === "string" ? [message] : Object.values(message);
        for (const text of texts)
          expect(text.trim(), `${language} ${key}`).not.toBe("");
      }
    }
  });

  it("use the same {placeholders} in every language", () => {
    for (const key of keys) {
      const expected = placeholders(DICTIONARIES.kk[key]);
      for (const language of UI_LANGUAGES) {
        expect(
          placeholders(DICTIONARIES[language][key]),
          `${language} ${key}`,
        ).toEqual(expected);
      }
    }
  });

  it("write Kazakh with Kazakh letters, not Russian look-alikes", () => {
    // ә ғ қ ң ө ұ ү һ і must be present somewhere; a dictionary typed on a
    // Russian keyboard would miss them.
    const all = keys
      .map((key) => JSON.stringify(DICTIONARIES.kk[key]))
      .join(" ");
    for (const letter of ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"]) {
      expect(all).toContain(letter);
    }
  });
});

describe("translator", () => {
  it("fills {placeholders}", () => {
    expect(
      translator("en").t("booking.consentVersion", { version: "2026-01" }),
    ).toBe("Text version: 2026-01");
  });

  it("chooses Russian plural forms by count", () => {
    const { t } = translator("ru");
    expect(t("portal.freeSeats", { count: 1 })).toBe("1 свободное место");
    expect(t("portal.freeSeats", { count: 3 })).toBe("3 свободных места");
    expect(t("portal.freeSeats", { count: 11 })).toBe("11 свободных мест");
    expect(t("portal.freeSeats", { count: 21 })).toBe("21 свободное место");
  });

  it("words a known server error in the reader's language", () => {
    const error = new ApiError(
      409,
      "slot_full",
      "All seats of this slot are taken.",
    );
    expect(translator("kk").errorText(error)).toBe(
      "Бұл уақытта бос орын қалмады. Басқа уақытты таңдаңыз.",
    );
    expect(
      translator("ru").errorText({ id: "invalid_iin", message: "x" }),
    ).toBe("ИИН недействителен. Проверьте номер.");
  });

  it("keeps the server's message for an error id it does not know", () => {
    const error = new ApiError(
      409,
      "brand_new_rule",
      "A rule added after this client.",
    );
    expect(translator("kk").errorText(error)).toBe(
      "A rule added after this client.",
    );
  });
});
