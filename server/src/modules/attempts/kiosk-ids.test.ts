import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AnswerSaveSchema } from "@shared/attempts";
import { kioskIdMap, opaqueOptionId } from "./kiosk-ids";

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

  it("keeps each attempt's own option order when another attempt's map has the same item", () => {
    const first = kioskIdMap(secret, "attempt-1", form);
    const reordered = kioskIdMap(secret, "attempt-2", {
      items: [
        {
          itemId: "law-1",
          sectionId: "law",
          optionOrder: ["b", "d", "a", "c"],
        },
      ],
    });
    for (const [attemptId, ids] of [
      ["attempt-1", first],
      ["attempt-2", reordered],
    ] as const) {
      for (const optionId of ["a", "b", "c", "d"]) {
        const shown = ids.option("law-1", optionId);
        expect(shown).toBe(
          opaqueOptionId(secret, attemptId, "law-1", optionId),
        );
        expect(ids.realOption("law-1", shown)).toBe(optionId);
      }
    }
  });

  it("finds nothing in an id made of the end of one id and the start of the next", () => {
    const ids = kioskIdMap(secret, "attempt-1", form);
    const [first, second] = [ids.item("law-1"), ids.item("law-2")];
    expect(ids.realItem(first.slice(9) + second.slice(0, 9))).toBeNull();
    // law-1 shows c, then a: the end of c's id and the start of a's.
    const [c, a] = [ids.option("law-1", "c"), ids.option("law-1", "a")];
    expect(ids.realOption("law-1", c.slice(8) + a.slice(0, 8))).toBeNull();
    // And nothing from an id a character short or long.
    expect(ids.realItem(first.slice(1))).toBeNull();
    expect(ids.realOption("law-1", `${a}x`)).toBeNull();
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
