import { describe, expect, it } from "vitest";
import { TEST_LANGUAGES } from "@shared/enums";
import { KioskItemSchema } from "@shared/banks";
import { assembleForm } from "./assembly";
import { toKioskItem } from "./kiosk-item";
import { loadBankCatalog } from "./repository";
import { makeItem } from "./testing";

describe("toKioskItem", () => {
  const item = makeItem("q-1", { correct: ["b", "d"] });

  it("shows the stem and options in the display order, in the chosen language", () => {
    expect(toKioskItem(item, "ru", ["d", "a", "c", "b"])).toEqual({
      id: "q-1",
      type: "multiple",
      language: "ru",
      stem: "вопрос q-1",
      options: [
        { id: "d", text: "ответ d" },
        { id: "a", text: "ответ a" },
        { id: "c", text: "ответ c" },
        { id: "b", text: "ответ b" },
      ],
    });
  });

  it("refuses an option order that is not a permutation of the item's options", () => {
    expect(() => toKioskItem(item, "kk", ["a", "b", "c"])).toThrow(
      /permutation/,
    );
    expect(() => toKioskItem(item, "kk", ["a", "a", "b", "c"])).toThrow(
      /permutation/,
    );
    expect(() => toKioskItem(item, "kk", ["a", "b", "c", "z"])).toThrow(
      /permutation/,
    );
  });

  it("refuses a language the item is not written in", () => {
    expect(() =>
      toKioskItem({ ...item, text: { kk: item.text.kk! } }, "ru", item.options),
    ).toThrow(/no ru text/);
  });
});

describe("kiosk payloads of the shipped banks", async () => {
  const catalog = await loadBankCatalog();
  const items = [...catalog.itemsById.values()];

  it("cover every shipped item", () => {
    expect(items.length).toBeGreaterThanOrEqual(270);
  });

  it("never carry a key field or anything that depends on the key", () => {
    for (const item of items) {
      for (const language of TEST_LANGUAGES) {
        const order = [...item.options].reverse();
        const payload = toKioskItem(item, language, order);
        expect(KioskItemSchema.strict().parse(payload)).toEqual(payload);
        const json = JSON.stringify(payload);
        expect(json).not.toMatch(/"(correct|key|keys|answer|answers)"\s*:/i);
        expect(Object.keys(payload).sort()).toEqual([
          "id",
          "language",
          "options",
          "stem",
          "type",
        ]);
        for (const option of payload.options) {
          expect(Object.keys(option).sort()).toEqual(["id", "text"]);
        }
        // Another key, same payload: nothing in it reveals which is correct.
        const otherKey = item.options.filter(
          (id) => !item.correct.includes(id),
        );
        const rekeyed = {
          ...item,
          correct: otherKey.slice(0, item.correct.length),
        };
        expect(toKioskItem(rekeyed, language, order)).toEqual(payload);
      }
    }
  });

  it("can be built for every item of an assembled form of each program", () => {
    for (const program of catalog.programs) {
      for (const language of program.languages) {
        const form = assembleForm(
          program,
          catalog.itemsBySection,
          "kiosk",
          language,
        );
        for (const formItem of form.items) {
          const item = catalog.itemsById.get(formItem.itemId)!;
          expect(
            toKioskItem(item, language, formItem.optionOrder).options,
          ).toHaveLength(item.options.length);
        }
      }
    }
  });
});

describe("kiosk payloads of Likert items (question-banks/pq-demo)", async () => {
  const catalog = await loadBankCatalog();
  const program = catalog.programs.find(
    (candidate) => candidate.id === "personal-qualities-demo",
  )!;

  it("show the statement and the scale's labels in order, never the direction or the pair", () => {
    for (const language of program.languages) {
      const form = assembleForm(
        program,
        catalog.itemsBySection,
        "likert",
        language,
      );
      expect(form.items).toHaveLength(32);
      for (const formItem of form.items) {
        const item = catalog.itemsById.get(formItem.itemId)!;
        expect(formItem.optionOrder).toEqual(["1", "2", "3", "4", "5"]);
        const payload = toKioskItem(item, language, formItem.optionOrder);
        expect(KioskItemSchema.strict().parse(payload)).toEqual(payload);
        expect(payload.type).toBe("likert");
        expect(payload.options.map((option) => option.text)).toEqual(
          catalog.banks.find((bank) => bank.id === "pq-demo")?.likert?.labels[
            language
          ],
        );
        expect(JSON.stringify(payload)).not.toMatch(/reverse|paired/i);
      }
    }
  });
});
