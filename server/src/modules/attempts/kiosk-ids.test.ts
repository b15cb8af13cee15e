import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AnswerSaveSchema } from "@shared/attempts";
import { kioskIdMap } from "./kiosk-ids";

describe("kioskIdMap", () => {
  const secret = randomBytes(32);
  const form = {
    items: [
      { itemId: "law-1", sectionId: "law", optionOrder: ["c", "a", "d", "b"] },
      { itemId: "law-2", sectionId: "law", optionOrder: ["a", "b", "c", "d"] },
    ],
  };

  it("maps every item and option there and back", () => {
    const ids = kioskIdMap(secret, "attempt-1", form);
    for (const { itemId, optionOrder } of form.items) {
      const shown = ids.item(itemId);
      expect(shown).not.toBe(itemId);
      expect(ids.realItem(shown)).toBe(itemId);
      for (const optionId of optionOrder) {
        expect(ids.realOption(itemId, ids.option(itemId, optionId))).toBe(
          optionId,
        );
      }
    }
  });

  it("gives another attempt other ids, and the same attempt the same ids again", () => {
    const first = kioskIdMap(secret, "attempt-1", form);
    const again = kioskIdMap(secret, "attempt-1", form);
    const other = kioskIdMap(secret, "attempt-2", form);
    expect(again.item("law-1")).toBe(first.item("law-1"));
    expect(other.item("law-1")).not.toBe(first.item("law-1"));
    expect(other.option("law-1", "b")).not.toBe(first.option("law-1", "b"));
    // Another installation's secret gives other ids for the same attempt.
    expect(
      kioskIdMap(randomBytes(32), "attempt-1", form).item("law-1"),
    ).not.toBe(first.item("law-1"));
  });

  it("knows nothing of the bank's ids or another item's options", () => {
    const ids = kioskIdMap(secret, "attempt-1", form);
    expect(ids.realItem("law-1")).toBeNull();
    expect(ids.realOption("law-1", "b")).toBeNull();
    expect(ids.realOption("law-2", ids.option("law-1", "b"))).toBeNull();
    expect(() => ids.item("law-9")).toThrow(/not on attempt attempt-1's form/);
  });

  it("fits what answer.save accepts", () => {
    const ids = kioskIdMap(secret, "attempt-1", form);
    const payload = {
      attemptId: "attempt-1",
      itemId: ids.item("law-1"),
      response: [ids.option("law-1", "a"), ids.option("law-1", "c")],
      seq: 1,
    };
    expect(AnswerSaveSchema.safeParse(payload).success).toBe(true);
  });
});
