import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bankSectionKey, type BankItem } from "@shared/banks";
import { assembleForm } from "./assembly";
import {
  makeItem,
  makeLikertItem,
  makeProgram,
  makeSection,
  poolsOf,
  programWithPools,
} from "./testing";

const corpsB = makeProgram(
  [
    makeSection("constitution", 15, 5),
    makeSection("civil-service", 15, 5),
    makeSection("anti-corruption", 15, 5),
    makeSection("ethics-code", 10, 5),
  ],
  { minCorrectTotal: 30 },
);
const corpsBPools = poolsOf(corpsB, (id) => (id === "ethics-code" ? 10 : 15));

describe("assembleForm", () => {
  it("draws the right number of questions per section, in program order", () => {
    const form = assembleForm(corpsB, corpsBPools, "seed-1", "kk");
    expect(form.items).toHaveLength(55);
    expect(form.items.map((item) => item.sectionId)).toEqual([
      ...Array<string>(15).fill("constitution"),
      ...Array<string>(15).fill("civil-service"),
      ...Array<string>(15).fill("anti-corruption"),
      ...Array<string>(10).fill("ethics-code"),
    ]);
    expect(form).toMatchObject({
      seed: "seed-1",
      programId: "demo-program",
      language: "kk",
    });
  });

  it("gives the same form for the same seed and a different one for another seed", () => {
    const first = assembleForm(corpsB, corpsBPools, "attempt-42", "ru");
    expect(assembleForm(corpsB, corpsBPools, "attempt-42", "ru")).toEqual(
      first,
    );
    expect(
      assembleForm(corpsB, corpsBPools, "attempt-43", "ru").items,
    ).not.toEqual(first.items);
  });

  it("draws the same items in both languages, so the language is no advantage", () => {
    const kk = assembleForm(corpsB, corpsBPools, "same-seed", "kk");
    const ru = assembleForm(corpsB, corpsBPools, "same-seed", "ru");
    expect(ru.items).toEqual(kk.items);
  });

  it("does not depend on the order of items in the bank file", () => {
    const reversed = new Map(
      [...corpsBPools].map(([key, items]) => [key, [...items].reverse()]),
    );
    expect(
      assembleForm(corpsB, reversed, "file-order", "kk").items.map(
        (item) => item.itemId,
      ),
    ).toEqual(
      assembleForm(corpsB, corpsBPools, "file-order", "kk").items.map(
        (item) => item.itemId,
      ),
    );
  });

  it("keeps one section's draw when another bank section changes", () => {
    const before = assembleForm(corpsB, corpsBPools, "stable", "kk");
    const changed = new Map(corpsBPools);
    const ethicsKey = bankSectionKey("demo", "ethics-code");
    changed.set(ethicsKey, [
      ...(corpsBPools.get(ethicsKey) ?? []),
      makeItem("ethics-code-new", { bankSectionId: "ethics-code" }),
    ]);
    const after = assembleForm(corpsB, changed, "stable", "kk");
    const constitution = (form: typeof before) =>
      form.items.filter((item) => item.sectionId === "constitution");
    expect(constitution(after)).toEqual(constitution(before));
  });

  it("draws only items written in the candidate's language", () => {
    const program = makeProgram([makeSection("s1", 3)]);
    const kkOnly: BankItem[] = ["x-1", "x-2", "x-3"].map((id) => {
      const item = makeItem(id);
      return { ...item, text: { kk: item.text.kk! } };
    });
    const pools = new Map([
      [
        bankSectionKey("demo", "s1"),
        [...kkOnly, ...["y-1", "y-2", "y-3"].map((id) => makeItem(id))],
      ],
    ]);
    const ru = assembleForm(program, pools, "lang", "ru");
    expect(ru.items.map((item) => item.itemId).sort()).toEqual([
      "y-1",
      "y-2",
      "y-3",
    ]);
  });

  it("refuses a language the program does not offer", () => {
    const program = makeProgram([makeSection("s1", 1)], { languages: ["kk"] });
    expect(() => assembleForm(program, poolsOf(program, 0), "s", "ru")).toThrow(
      /offered in kk, not ru/,
    );
  });

  it("refuses to assemble from a pool smaller than the draw", () => {
    const program = makeProgram([makeSection("s1", 5)]);
    const pools = new Map([[bankSectionKey("demo", "s1"), [makeItem("only")]]]);
    expect(() => assembleForm(program, pools, "s", "kk")).toThrow(
      /has 1 items in kk; program demo-program section s1 draws 5/,
    );
  });

  it("keeps bank order and option order when the program does not shuffle", () => {
    const program = makeProgram([makeSection("s1", 4)], {
      shuffle: { items: false, options: false },
    });
    const pools = poolsOf(program, 6);
    const bankOrder = (pools.get(bankSectionKey("demo", "s1")) ?? []).map(
      (item) => item.id,
    );
    const form = assembleForm(program, pools, "no-shuffle", "kk");
    const positions = form.items.map((item) => bankOrder.indexOf(item.itemId));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const formItem of form.items) {
      const item = pools
        .get(bankSectionKey("demo", "s1"))
        ?.find((candidate) => candidate.id === formItem.itemId);
      expect(formItem.optionOrder).toEqual(item?.options);
    }
  });

  it("selects every item about equally often across candidates", () => {
    const program = makeProgram([makeSection("s1", 15)]);
    const pools = poolsOf(program, 15);
    const counts = new Map<string, number>();
    const candidates = 2000;
    for (let i = 0; i < candidates; i++) {
      for (const item of assembleForm(program, pools, `c-${i}`, "kk").items) {
        counts.set(item.itemId, (counts.get(item.itemId) ?? 0) + 1);
      }
    }
    // Each of 30 items is drawn with p = 1/2: mean 1000, sd ≈ 22.
    expect(counts.size).toBe(30);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(880);
      expect(count).toBeLessThan(1120);
    }
  });

  it("puts the key in every display position about equally often", () => {
    const program = makeProgram([makeSection("s1", 1)]);
    const pools = new Map([
      [bankSectionKey("demo", "s1"), [makeItem("only", { correct: ["a"] })]],
    ]);
    const positions = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const [formItem] = assembleForm(program, pools, `p-${i}`, "kk").items;
      const index = formItem!.optionOrder.indexOf("a");
      positions[index] = (positions[index] ?? 0) + 1;
    }
    // Mean 1000 each, sd ≈ 27.
    for (const count of positions) {
      expect(count).toBeGreaterThan(880);
      expect(count).toBeLessThan(1120);
    }
  });

  describe("for any program, banks and seed", () => {
    it("draws each section's count from its own pool, never an item twice", () => {
      fc.assert(
        fc.property(
          programWithPools,
          fc.string(),
          ({ program, pools }, seed) => {
            const form = assembleForm(program, pools, seed, "kk");
            const ids = form.items.map((item) => item.itemId);
            expect(new Set(ids).size).toBe(ids.length);
            for (const section of program.sections) {
              const pool =
                pools.get(bankSectionKey(section.bank, section.bankSection)) ??
                [];
              const drawn = form.items.filter(
                (item) => item.sectionId === section.id,
              );
              expect(drawn).toHaveLength(section.questions);
              for (const item of drawn) {
                expect(
                  pool.some((candidate) => candidate.id === item.itemId),
                ).toBe(true);
              }
            }
          },
        ),
      );
    });

    it("gives each item a permutation of its own option ids", () => {
      fc.assert(
        fc.property(
          programWithPools,
          fc.string(),
          ({ program, pools }, seed) => {
            const items = new Map(
              [...pools.values()].flat().map((item) => [item.id, item]),
            );
            for (const formItem of assembleForm(program, pools, seed, "ru")
              .items) {
              const options = items.get(formItem.itemId)?.options ?? [];
              expect([...formItem.optionOrder].sort()).toEqual(
                [...options].sort(),
              );
              if (!program.shuffle.options) {
                expect(formItem.optionOrder).toEqual(options);
              }
            }
          },
        ),
      );
    });

    it("is a pure function of its inputs", () => {
      fc.assert(
        fc.property(
          programWithPools,
          fc.string(),
          ({ program, pools }, seed) => {
            expect(assembleForm(program, pools, seed, "kk")).toEqual(
              assembleForm(program, pools, seed, "kk"),
            );
          },
        ),
      );
    });
  });
});

describe("assembleForm with Likert items", () => {
  it("never shuffles a Likert item's points, even when the program asks", () => {
    const program = makeProgram([makeSection("calm", 6)], {
      shuffle: { items: true, options: true },
    });
    const pool = Array.from({ length: 6 }, (_, index) =>
      makeLikertItem(`calm-${index + 1}`, { bankSectionId: "calm" }),
    );
    const pools = new Map([[bankSectionKey("demo", "calm"), pool]]);
    for (const seed of ["a", "b", "c", "d"]) {
      const form = assembleForm(program, pools, seed, "ru");
      expect(form.items).toHaveLength(6);
      for (const formItem of form.items) {
        expect(formItem.optionOrder).toEqual(["1", "2", "3", "4", "5"]);
      }
    }
  });

  it("interleaves an assessment's scales, the same way for the same seed", () => {
    const scales = ["calm", "duty"];
    const program = makeProgram(
      scales.map((id) => makeSection(id, 6)),
      {
        kind: "personal-qualities",
        shuffle: { items: true, options: false },
      },
    );
    const pools = new Map(
      scales.map((id) => [
        bankSectionKey("demo", id),
        Array.from({ length: 6 }, (_, index) =>
          makeLikertItem(`${id}-${index + 1}`, { bankSectionId: id }),
        ),
      ]),
    );
    const form = assembleForm(program, pools, "seed-1", "ru");
    const order = form.items.map((item) => item.sectionId);
    expect(order).toHaveLength(12);
    // Not six of one scale and then six of the other.
    expect(order.slice(0, 6)).not.toEqual(Array<string>(6).fill(order[0]!));
    expect(new Set(order.slice(0, 6)).size).toBe(2);
    expect(assembleForm(program, pools, "seed-1", "ru")).toEqual(form);
  });
});
