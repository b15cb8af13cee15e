import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BankItem, Form, Responses } from "@shared/banks";
import { assembleForm } from "./assembly";
import { isCorrect, scoreAttempt } from "./scoring";
import {
  makeItem,
  makeProgram,
  makeSection,
  poolsOf,
  programWithPools,
} from "./testing";

const program = makeProgram(
  [makeSection("law", 3, 2), makeSection("ethics", 2, 1)],
  { minCorrectTotal: 4 },
);
const items = [
  makeItem("law-1", { correct: ["a"] }),
  makeItem("law-2", { correct: ["b"] }),
  makeItem("law-3", { correct: ["a", "c"] }),
  makeItem("eth-1", { correct: ["d"] }),
  makeItem("eth-2", { correct: ["b", "c"] }),
];
const itemsById = new Map(items.map((item) => [item.id, item]));
const form: Form = {
  seed: "s",
  programId: "demo-program",
  language: "kk",
  items: items.map((item) => ({
    itemId: item.id,
    sectionId: item.id.startsWith("law") ? "law" : "ethics",
    optionOrder: item.options,
  })),
};
const allCorrect: Responses = Object.fromEntries(
  items.map((item) => [item.id, item.correct]),
);

describe("scoreAttempt", () => {
  it("passes a candidate who meets every threshold", () => {
    expect(scoreAttempt(program, itemsById, form, allCorrect)).toEqual({
      sections: [
        { sectionId: "law", correct: 3, total: 3, minCorrect: 2, passed: true },
        {
          sectionId: "ethics",
          correct: 2,
          total: 2,
          minCorrect: 1,
          passed: true,
        },
      ],
      correct: 5,
      total: 5,
      minCorrectTotal: 4,
      passed: true,
    });
  });

  it("fails a candidate below one section's threshold even with enough in total", () => {
    const program2 = makeProgram(
      [makeSection("law", 3, 1), makeSection("ethics", 2, 1)],
      { minCorrectTotal: 3 },
    );
    const score = scoreAttempt(program2, itemsById, form, {
      ...allCorrect,
      "eth-1": ["a"],
      "eth-2": [],
    });
    expect(score.correct).toBe(3);
    expect(score.sections[1]).toMatchObject({ correct: 0, passed: false });
    expect(score.passed).toBe(false);
  });

  it("fails a candidate who meets every section threshold but not the total", () => {
    const score = scoreAttempt(program, itemsById, form, {
      ...allCorrect,
      "law-3": ["a"],
      "eth-2": ["b"],
    });
    expect(score.sections.every((section) => section.passed)).toBe(true);
    expect(score).toMatchObject({
      correct: 3,
      minCorrectTotal: 4,
      passed: false,
    });
  });

  it("counts a multiple-choice item only on an exact match of the key", () => {
    const law3 = itemsById.get("law-3")!;
    expect(isCorrect(law3, ["a", "c"])).toBe(true);
    expect(isCorrect(law3, ["c", "a", "c"])).toBe(true);
    expect(isCorrect(law3, ["a"])).toBe(false);
    expect(isCorrect(law3, ["a", "b", "c"])).toBe(false);
    expect(isCorrect(law3, [])).toBe(false);
  });

  it("counts an unanswered item as wrong", () => {
    const score = scoreAttempt(program, itemsById, form, {});
    expect(score).toMatchObject({ correct: 0, total: 5, passed: false });
  });

  it("ignores responses to items that are not on the form", () => {
    const score = scoreAttempt(program, itemsById, form, {
      ...allCorrect,
      "not-on-form": ["a"],
    });
    expect(score.correct).toBe(5);
  });

  it("removes a voided item from both the numerator and the denominator", () => {
    const wrongOnVoided = { ...allCorrect, "law-2": ["a"] };
    const score = scoreAttempt(
      program,
      itemsById,
      form,
      wrongOnVoided,
      new Set(["law-2"]),
    );
    expect(score.sections[0]).toEqual({
      sectionId: "law",
      correct: 2,
      total: 2,
      minCorrect: 2,
      passed: true,
    });
    expect(score).toMatchObject({ correct: 4, total: 4, passed: true });
  });

  it("lowers a threshold to the questions left when voiding leaves fewer", () => {
    const score = scoreAttempt(
      program,
      itemsById,
      form,
      allCorrect,
      new Set(["law-1", "law-2"]),
    );
    expect(score.sections[0]).toMatchObject({
      total: 1,
      minCorrect: 1,
      passed: true,
    });
    expect(score).toMatchObject({ total: 3, minCorrectTotal: 3, passed: true });
  });

  it("refuses a form of another program", () => {
    expect(() =>
      scoreAttempt(program, itemsById, { ...form, programId: "other" }, {}),
    ).toThrow(/cannot be scored/);
  });

  it("refuses an item missing from the banks instead of silently dropping it", () => {
    const without = new Map(itemsById);
    without.delete("eth-1");
    expect(() => scoreAttempt(program, without, form, allCorrect)).toThrow(
      /void it rather than delete it/,
    );
  });

  describe("for any assembled form and responses", () => {
    const scenario = programWithPools.chain(({ program, pools }) =>
      fc.record({
        program: fc.constant(program),
        pools: fc.constant(pools),
        seed: fc.string(),
        answers: fc.array(fc.subarray([..."abcdef"]), {
          minLength: 40,
          maxLength: 40,
        }),
        voidMask: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      }),
    );
    const setup = (input: {
      program: typeof program;
      pools: ReturnType<typeof poolsOf>;
      seed: string;
      answers: string[][];
    }) => {
      const byId = new Map<string, BankItem>(
        [...input.pools.values()].flat().map((item) => [item.id, item]),
      );
      const assembled = assembleForm(
        input.program,
        input.pools,
        input.seed,
        "kk",
      );
      const responses: Responses = Object.fromEntries(
        assembled.items.map((item, index) => [
          item.itemId,
          input.answers[index] ?? [],
        ]),
      );
      return { byId, assembled, responses };
    };

    it("counts exactly the items answered with their key", () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { byId, assembled, responses } = setup(input);
          const expected = assembled.items.filter((formItem) => {
            const key = [...(byId.get(formItem.itemId)?.correct ?? [])].sort();
            const chosen = [...new Set(responses[formItem.itemId])].sort();
            return JSON.stringify(key) === JSON.stringify(chosen);
          }).length;
          const score = scoreAttempt(input.program, byId, assembled, responses);
          expect(score.correct).toBe(expected);
          expect(score.total).toBe(assembled.items.length);
          expect(score.correct).toBe(
            score.sections.reduce((sum, section) => sum + section.correct, 0),
          );
        }),
      );
    });

    it("scores a voided item as if it had never been on the form", () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { byId, assembled, responses } = setup(input);
          const voided = new Set(
            assembled.items
              .filter((_, index) => input.voidMask[index])
              .map((item) => item.itemId),
          );
          const withVoids = scoreAttempt(
            input.program,
            byId,
            assembled,
            responses,
            voided,
          );
          const without = scoreAttempt(
            input.program,
            byId,
            {
              ...assembled,
              items: assembled.items.filter((item) => !voided.has(item.itemId)),
            },
            responses,
          );
          expect(withVoids).toEqual(without);
        }),
      );
    });

    it("passes a candidate who answers every item with its key", () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { byId, assembled } = setup(input);
          const perfect: Responses = Object.fromEntries(
            assembled.items.map((item) => [
              item.itemId,
              byId.get(item.itemId)!.correct,
            ]),
          );
          const strict = {
            ...input.program,
            minCorrectTotal: assembled.items.length,
            sections: input.program.sections.map((section) => ({
              ...section,
              minCorrect: section.questions,
            })),
          };
          expect(scoreAttempt(strict, byId, assembled, perfect).passed).toBe(
            true,
          );
        }),
      );
    });
  });
});
