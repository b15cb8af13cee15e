import { describe, expect, it } from "vitest";
import type { Item } from "@shared/banks";
import { likertScore, respondentOf, scalesOf } from "./program-reliability";

const likert = (id: string, reverse = false, points = 5): Item => ({
  id,
  type: "likert",
  options: Array.from({ length: points }, (_, i) => String(i + 1)),
  correct: [],
  text: {},
  reverse,
});
const keyed: Item = {
  id: "k-1",
  type: "single",
  options: ["a", "b", "c"],
  correct: ["b"],
  text: {},
} as unknown as Item;

describe("an attempt's item scores for reliability", () => {
  it("scores the point chosen, and N + 1 − point for a reverse-keyed item", () => {
    expect(likertScore(likert("a"), ["4"])).toBe(4);
    expect(likertScore(likert("b", true), ["4"])).toBe(2);
    expect(likertScore(likert("c", true), ["1"])).toBe(5);
    // A 4-point scale reverses around its own midpoint: 5 − point.
    expect(likertScore(likert("d", true, 4), ["1"])).toBe(4);
  });

  it("is null (left out, not imputed) for no answer, an empty one, two points or an unknown point", () => {
    const item = likert("a");
    expect(likertScore(item, undefined)).toBeNull();
    expect(likertScore(item, [])).toBeNull();
    expect(likertScore(item, ["2", "3"])).toBeNull();
    expect(likertScore(item, ["6"])).toBeNull();
    expect(likertScore(undefined, ["3"])).toBeNull();
    expect(likertScore(keyed, ["b"])).toBeNull();
  });

  it("makes a respondent of every item on the form", () => {
    const items = new Map<string, Item>([
      ["p-1", likert("p-1")],
      ["p-2", likert("p-2", true)],
      ["p-3", likert("p-3")],
    ]);
    const form = {
      items: ["p-1", "p-2", "p-3"].map((itemId) => ({
        itemId,
        sectionId: "s",
        optionOrder: [],
      })),
    };
    expect(
      respondentOf("ru", form, { "p-1": ["5"], "p-2": ["5"] }, items),
    ).toEqual({ language: "ru", scores: { "p-1": 5, "p-2": 1, "p-3": null } });
  });
});

describe("the program's scales", () => {
  it("are its sections in order, each with the items the forms drew, in the banks' order", () => {
    const order = new Map([
      ["x-1", 0],
      ["x-2", 1],
      ["y-1", 2],
      ["y-2", 3],
    ]);
    const form = (...pairs: [string, string][]) => ({
      items: pairs.map(([itemId, sectionId]) => ({
        itemId,
        sectionId,
        optionOrder: [],
      })),
    });
    const scales = scalesOf(
      {
        sections: [
          { id: "y" },
          { id: "x" },
          { id: "empty" },
        ] as unknown as Parameters<typeof scalesOf>[0]["sections"],
      },
      [
        form(["y-2", "y"], ["x-2", "x"], ["gone", "x"]),
        form(["y-1", "y"], ["x-1", "x"], ["x-2", "x"], ["z-1", "z"]),
      ],
      order,
    );
    expect(scales).toEqual([
      { scaleId: "y", itemIds: ["y-1", "y-2"] },
      { scaleId: "x", itemIds: ["x-1", "x-2", "gone"] },
      { scaleId: "empty", itemIds: [] },
    ]);
  });
});
