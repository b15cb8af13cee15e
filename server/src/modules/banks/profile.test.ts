import { describe, expect, it } from "vitest";
import { ProfileSchema } from "@shared/assessment";
import type { BankItem, Form, Program, Responses } from "@shared/banks";
import { scoreProfile, stenOf } from "./profile";
import { makeItem, makeLikertItem, makeProgram, makeSection } from "./testing";

// Every expected value below is computed by hand, in the comments.

/** A personal-qualities program over the given scales (sections). */
function pqProgram(
  sections: ReturnType<typeof makeSection>[],
  overrides: Partial<Program> = {},
): Program {
  return makeProgram(sections, {
    id: "pq",
    kind: "personal-qualities",
    shuffle: { items: true, options: false },
    minCorrectTotal: 0,
    ...overrides,
  });
}

function formOf(program: Program, items: readonly BankItem[]): Form {
  return {
    seed: "s",
    programId: program.id,
    language: "kk",
    items: items.map((item) => ({
      itemId: item.id,
      sectionId: item.bankSectionId,
      optionOrder: item.options,
    })),
  };
}

describe("stenOf", () => {
  const cutoffs = [10, 12, 14, 16, 18, 20, 22, 24, 26];

  it("is 1 below the first cutoff", () => {
    expect(stenOf(cutoffs, 9)).toBe(1); // no cutoff ≤ 9
  });

  it("counts a raw score exactly at a cutoff as reaching it", () => {
    expect(stenOf(cutoffs, 10)).toBe(2); // 10 ≤ 10: 1 + 1
    expect(stenOf(cutoffs, 17)).toBe(5); // 10, 12, 14, 16 ≤ 17: 1 + 4
    expect(stenOf(cutoffs, 18)).toBe(6); // 10 … 18 ≤ 18: 1 + 5
    expect(stenOf(cutoffs, 25.5)).toBe(9); // 10 … 24 ≤ 25.5: 1 + 8
  });

  it("is 10 at and above the ninth cutoff", () => {
    expect(stenOf(cutoffs, 26)).toBe(10); // all 9 ≤ 26
    expect(stenOf(cutoffs, 40)).toBe(10); // all 9 ≤ 40
  });
});

describe("scoreProfile on a 5-point scale", () => {
  // alpha: a1, a2 direct (a pair); a3, a4 reverse-keyed (a pair).
  // beta: b1 direct with b2 reverse-keyed (a pair worded oppositely);
  //       b3 reverse-keyed with b4 direct (a pair).
  const items = [
    makeLikertItem("a1", { bankSectionId: "alpha" }),
    makeLikertItem("a2", { bankSectionId: "alpha", pairedWith: "a1" }),
    makeLikertItem("a3", { bankSectionId: "alpha", reverse: true }),
    makeLikertItem("a4", {
      bankSectionId: "alpha",
      reverse: true,
      pairedWith: "a3",
    }),
    makeLikertItem("b1", { bankSectionId: "beta" }),
    makeLikertItem("b2", {
      bankSectionId: "beta",
      reverse: true,
      pairedWith: "b1",
    }),
    makeLikertItem("b3", { bankSectionId: "beta", reverse: true }),
    makeLikertItem("b4", { bankSectionId: "beta", pairedWith: "b3" }),
  ];
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const sections = [makeSection("alpha", 4), makeSection("beta", 4)];
  const norms = {
    alpha: [8, 10, 12, 13, 14, 15, 16, 18, 19],
    beta: [9, 11, 12, 13, 14, 15, 16, 17, 18],
  };
  const program = pqProgram(sections, { norms, rule: { minSten: 3 } });
  const form = formOf(program, items);
  const titles = sections[0]!.titles;

  it("reverses reverse-keyed items, imputes the midpoint and reads the sten off the norms", () => {
    const responses: Responses = {
      a1: ["5"], // 5
      a2: ["4"], // 4
      a3: ["2"], // reversed: 6 − 2 = 4
      a4: ["4"], // reversed: 6 − 4 = 2
      b1: ["4"], // 4
      b2: ["2"], // reversed: 6 − 2 = 4
      // b3 unanswered: midpoint (5 + 1) / 2 = 3, missing
      b4: ["5"], // 5
    };
    const profile = scoreProfile(program, itemsById, form, responses);
    expect(ProfileSchema.parse(profile)).toEqual(profile);
    expect(profile.scales).toEqual([
      // raw 5 + 4 + 4 + 2 = 15; cutoffs ≤ 15: 8, 10, 12, 13, 14, 15 (6):
      // sten 7, the raw score exactly at the sixth cutoff
      { scaleId: "alpha", titles, raw: 15, items: 4, missing: 0, sten: 7 },
      // raw 4 + 4 + 3 + 5 = 16; cutoffs ≤ 16: 9, 11, 12, 13, 14, 15, 16
      // (7): sten 8, the raw score exactly at the seventh cutoff
      { scaleId: "beta", titles, raw: 16, items: 4, missing: 1, sten: 8 },
    ]);
    // Pairs with both items answered: (a1, a2) |5 − 4| = 1; (a3, a4)
    // reversed |4 − 2| = 2; (b1, b2) reversed |4 − 4| = 0 (the points 4
    // and 2 would differ by 2 unreversed); (b3, b4) left out: b3
    // unanswered. 3 pairs, mean 3 / 3 = 1; index 1 − 1 / (5 − 1) = 0.75.
    expect(profile.consistency).toEqual({
      index: 0.75,
      pairs: 3,
      minimum: 0.7, // the default
      low: false,
    });
    // stens 7 and 8, none below 3
    expect(profile.rule).toEqual({ minSten: 3, met: true });
  });

  it("flags low consistency and applies the rule at its boundary", () => {
    // Agreeing with everything (acquiescence):
    const responses: Responses = Object.fromEntries(
      items.map((item) => [item.id, ["5"]]),
    );
    // alpha: 5 + 5 + (6 − 5) + (6 − 5) = 12; cutoffs ≤ 12: 8, 10, 12 (3):
    // sten 4. beta: 5 + (6 − 5) + (6 − 5) + 5 = 12; ≤ 12: 9, 11, 12 (3):
    // sten 4.
    // Pairs: (a1, a2) |5 − 5| = 0; (a3, a4) |1 − 1| = 0; (b1, b2) |5 − 1| =
    // 4; (b3, b4) |1 − 5| = 4. Mean 8 / 4 = 2; index 1 − 2 / 4 = 0.5, below
    // the program's 0.6.
    const strict = { ...program, consistencyMinimum: 0.6 };
    const atBoundary = scoreProfile(
      { ...strict, rule: { minSten: 4 } },
      itemsById,
      form,
      responses,
    );
    expect(atBoundary.scales.map((scale) => [scale.raw, scale.sten])).toEqual([
      [12, 4],
      [12, 4],
    ]);
    expect(atBoundary.consistency).toEqual({
      index: 0.5,
      pairs: 4,
      minimum: 0.6,
      low: true,
    });
    // sten 4 is not below 4: met
    expect(atBoundary.rule).toEqual({ minSten: 4, met: true });
    // sten 4 is below 5: not met
    expect(
      scoreProfile(
        { ...strict, rule: { minSten: 5 } },
        itemsById,
        form,
        responses,
      ).rule,
    ).toEqual({ minSten: 5, met: false });
  });

  it("scores an empty answer sheet at the midpoints, with consistency 1 over no pair", () => {
    const profile = scoreProfile(program, itemsById, form, {});
    // 4 items × 3 = 12 per scale, all 4 missing; sten 4 on both (above)
    expect(
      profile.scales.map((scale) => [scale.raw, scale.missing, scale.sten]),
    ).toEqual([
      [12, 4, 4],
      [12, 4, 4],
    ]);
    expect(profile.consistency).toEqual({
      index: 1,
      pairs: 0,
      minimum: 0.7,
      low: false,
    });
  });

  it("counts a response that is not exactly one point as unanswered", () => {
    const responses: Responses = {
      a1: ["5", "4"], // two points: midpoint 3
      a2: [], // none: midpoint 3
      a3: ["9"], // not a point: midpoint 3
      a4: ["1"], // reversed: 6 − 1 = 5
    };
    const [alpha] = scoreProfile(program, itemsById, form, responses).scales;
    // 3 + 3 + 3 + 5 = 14; cutoffs ≤ 14: 8, 10, 12, 13, 14 (5): sten 6
    expect(alpha).toMatchObject({ raw: 14, missing: 3, sten: 6 });
  });

  it("gives a profile without a rule when the program has none", () => {
    const profile = scoreProfile(
      pqProgram(sections, { norms }),
      itemsById,
      form,
      {},
    );
    expect(profile).not.toHaveProperty("rule");
  });

  it("counts only pairs with both items on the form", () => {
    // The form without a2 and b2: pairs (a3, a4) and (b3, b4) remain.
    const partial = {
      ...form,
      items: form.items.filter(
        (formItem) => formItem.itemId !== "a2" && formItem.itemId !== "b2",
      ),
    };
    const responses: Responses = { a3: ["1"], a4: ["2"], b3: ["2"], b4: ["4"] };
    // (a3, a4): reversed 5 and 4, |5 − 4| = 1; (b3, b4): reversed 4 and 4,
    // 0. Mean 1 / 2 = 0.5; index 1 − 0.5 / 4 = 0.875.
    expect(
      scoreProfile(program, itemsById, partial, responses).consistency,
    ).toEqual({ index: 0.875, pairs: 2, minimum: 0.7, low: false });
  });

  it("does not flag an index exactly at the minimum", () => {
    const responses: Responses = {
      a1: ["5"],
      a2: ["4"], // |5 − 4| = 1
      a3: ["1"],
      a4: ["3"], // reversed 5 and 3: |5 − 3| = 2
      b1: ["3"],
      b2: ["3"], // 3 and reversed 3: 0
    };
    // 3 pairs: 1 − (1 + 2 + 0) / (3 × 4) = 1 − 3/12 = 0.75, the minimum
    expect(
      scoreProfile(
        { ...program, consistencyMinimum: 0.75 },
        itemsById,
        form,
        responses,
      ).consistency,
    ).toEqual({ index: 0.75, pairs: 3, minimum: 0.75, low: false });
  });

  it("refuses a knowledge program, another program's form and a keyed item", () => {
    expect(() =>
      scoreProfile({ ...program, kind: "knowledge" }, itemsById, form, {}),
    ).toThrow(/not a personal-qualities/);
    expect(() =>
      scoreProfile(program, itemsById, { ...form, programId: "other" }, {}),
    ).toThrow(/cannot be scored/);
    const keyed = makeItem("a1", { bankSectionId: "alpha" });
    expect(() =>
      scoreProfile(program, new Map([...itemsById, ["a1", keyed]]), form, {}),
    ).toThrow(/Likert items only/);
  });
});

describe("scoreProfile on a 4-point scale", () => {
  // gamma: g1 direct, g2 reverse-keyed, g3 direct; raw 3 … 12.
  const items = [
    makeLikertItem("g1", { bankSectionId: "gamma", points: 4 }),
    makeLikertItem("g2", { bankSectionId: "gamma", points: 4, reverse: true }),
    makeLikertItem("g3", {
      bankSectionId: "gamma",
      points: 4,
      pairedWith: "g1",
    }),
  ];
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const program = pqProgram([makeSection("gamma", 3)], {
    norms: { gamma: [4, 5, 6, 7, 8, 9, 10, 10.5, 11] },
  });
  const form = formOf(program, items);
  const scale = (responses: Responses) =>
    scoreProfile(program, itemsById, form, responses).scales[0];

  it("imputes the midpoint 2.5, a half point", () => {
    // g1 4; g2 reversed 5 − 1 = 4; g3 unanswered (4 + 1) / 2 = 2.5.
    // raw 10.5; cutoffs ≤ 10.5: 4 … 10, 10.5 (8): sten 9
    expect(scale({ g1: ["4"], g2: ["1"] })).toMatchObject({
      raw: 10.5,
      missing: 1,
      sten: 9,
    });
  });

  it("gives sten 1 below the first cutoff and 10 above the ninth", () => {
    // 1 + (5 − 4) + 1 = 3 < 4: sten 1
    expect(scale({ g1: ["1"], g2: ["4"], g3: ["1"] })).toMatchObject({
      raw: 3,
      sten: 1,
    });
    // 4 + (5 − 1) + 4 = 12 > 11: sten 10
    expect(scale({ g1: ["4"], g2: ["1"], g3: ["4"] })).toMatchObject({
      raw: 12,
      sten: 10,
    });
  });

  it("divides a pair's difference by N − 1 = 3", () => {
    // (g1, g3): |4 − 2| = 2; index 1 − 2 / 3 = 1/3
    const profile = scoreProfile(program, itemsById, form, {
      g1: ["4"],
      g3: ["2"],
    });
    expect(profile.consistency.index).toBeCloseTo(1 / 3, 12);
    expect(profile.consistency).toMatchObject({ pairs: 1, low: true });
  });
});
