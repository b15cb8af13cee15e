import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { programQuestionCount } from "@shared/banks";
import { DEFAULT_BANKS_DIR, validateBankDirectory } from "./repository";
import { formatProblems, formatReport, validateBankFiles } from "./validate";

const BROKEN = fileURLToPath(
  new URL("../../../../tests/fixtures/banks/broken", import.meta.url),
);

const titles = { kk: "Т", ru: "Т", en: "T" };
const item = (id: string) => ({
  id,
  type: "single",
  options: ["a", "b"],
  correct: ["a"],
  text: {
    kk: { stem: `${id}?`, options: { a: "иә", b: "жоқ" } },
    ru: { stem: `${id}?`, options: { a: "да", b: "нет" } },
  },
});
const file = (path: string, value: unknown) => ({
  path,
  text: JSON.stringify(value),
});

describe("validateBankFiles", () => {
  it("accepts a consistent bank and program and indexes their items", () => {
    const result = validateBankFiles([
      file("b/bank.json", { id: "b", titles, demonstration: false }),
      file("b/s.json", {
        section: "s",
        titles,
        items: [item("i-1"), item("i-2")],
      }),
      file("programs/p.json", {
        id: "p",
        titles,
        durationMinutes: 10,
        instructionsMinutes: 0,
        languages: ["kk", "ru"],
        shuffle: { items: true, options: false },
        sections: [
          {
            id: "x",
            titles,
            bank: "b",
            bankSection: "s",
            questions: 2,
            minCorrect: 1,
          },
        ],
        minCorrectTotal: 1,
      }),
      { path: "README.md", text: "# not JSON, ignored" },
    ]);
    expect(result.problems).toEqual([]);
    expect([...result.catalog.itemsById.keys()]).toEqual(["i-1", "i-2"]);
    expect(result.catalog.itemsBySection.get("b/s")?.[0]).toMatchObject({
      id: "i-1",
      bankId: "b",
      bankSectionId: "s",
    });
    expect(result.report).toEqual([
      {
        bankId: "b",
        demonstration: false,
        sections: [
          { bankSectionId: "s", items: 2, byLanguage: { kk: 2, ru: 2 } },
        ],
      },
    ]);
  });

  it("names the file when ids do not match file and folder names", () => {
    const result = validateBankFiles([
      file("b/bank.json", { id: "other", titles, demonstration: false }),
      file("b/s.json", { section: "t", titles, items: [] }),
      file("stray.json", {}),
    ]);
    expect(formatProblems(result.problems).split("\n")).toEqual([
      'b/bank.json: id "other" must be the folder name "b"',
      'b/s.json: section "t" must be the file name "s"',
      "stray.json: unexpected file: programs go in programs/<id>.json, items in <bank>/<section>.json, categories in position-categories.json",
    ]);
  });

  it("reports a duplicate item id across banks", () => {
    const result = validateBankFiles([
      file("a/bank.json", { id: "a", titles, demonstration: false }),
      file("a/s.json", { section: "s", titles, items: [item("same")] }),
      file("b/bank.json", { id: "b", titles, demonstration: false }),
      file("b/s.json", { section: "s", titles, items: [item("same")] }),
    ]);
    expect(formatProblems(result.problems)).toBe(
      'b/s.json: item "same": duplicate item id (also in a/s.json); item ids are unique across all banks',
    );
  });
});

describe("the broken fixture banks (tests/fixtures/banks/broken)", async () => {
  const result = await validateBankDirectory(BROKEN);
  const lines = formatProblems(result.problems).split("\n");

  it.each([
    [
      "malformed JSON, with the file name",
      /^programs\/malformed\.json: malformed JSON: /,
    ],
    [
      "a bank folder without bank.json",
      "orphan/: no bank.json: a bank folder needs one (id, titles, demonstration)",
    ],
    [
      "a duplicate item id",
      'demo/small.json: item "dup-1": duplicate item id (also in demo/small.json); item ids are unique across all banks',
    ],
    [
      "a single-choice item with two keys",
      'demo/small.json: item "two-keys": correct: a single-choice item needs exactly 1 key, it has 2',
    ],
    [
      "a key that is not an option id",
      'demo/small.json: item "bad-key": correct[0]: key "z" is not one of the options (a, b)',
    ],
    [
      "an option without its translation",
      'demo/small.json: item "no-ru-option": text.ru.options: missing translation: option "c" has no ru text',
    ],
    [
      "an item without a language the program offers",
      'demo/small.json: item "kk-only": missing translation: no ru text, but program dangling offers ru',
    ],
    [
      "a misspelt field",
      'demo/small.json: item "typo": Unrecognized key: "corect"',
    ],
    [
      "a missing key",
      'demo/small.json: item "typo": correct: Invalid input: expected array, received undefined',
    ],
    [
      "a program drawing from an unknown bank",
      'programs/dangling.json: section "nowhere" draws from unknown bank "no-such-bank"',
    ],
    [
      "a program drawing from an unknown section",
      'programs/dangling.json: section "missing" draws from unknown bank section "demo/no-such-section"',
    ],
    [
      "a section with fewer items than drawn (kk)",
      'programs/dangling.json: section "short" draws 3 questions from demo/small, which has only 2 items in kk',
    ],
    [
      "a section with fewer items than drawn (ru)",
      'programs/dangling.json: section "short" draws 3 questions from demo/small, which has only 1 item in ru',
    ],
    [
      "a test longer than 125 minutes",
      "programs/too-long.json: durationMinutes: at most 125 minutes (the regulation allows 2 h 05 min)",
    ],
    [
      "instructions longer than 10 minutes",
      "programs/too-long.json: instructionsMinutes: at most 10 minutes (the regulation's limit for instructions)",
    ],
    [
      "a section threshold above its count",
      "programs/too-long.json: sections[0].minCorrect: threshold 3 is above the 2 questions the section draws",
    ],
    [
      "a total threshold above the count",
      "programs/unreachable.json: minCorrectTotal: threshold 5 is above the 1 question of the program",
    ],
  ] as [string, string | RegExp][])("reports %s", (_, expected) => {
    if (typeof expected === "string") {
      expect(lines).toContain(expected);
    } else {
      expect(lines.some((line) => expected.test(line))).toBe(true);
    }
  });

  it("reports nothing else", () => {
    expect(lines).toHaveLength(17);
  });
});

describe("the shipped banks (question-banks/)", async () => {
  const result = await validateBankDirectory(DEFAULT_BANKS_DIR);
  const { catalog } = result;

  it("have no problems", () => {
    expect(formatProblems(result.problems)).toBe("");
  });

  it("are marked as demonstration content with a notice", () => {
    expect(catalog.banks).toHaveLength(1);
    expect(catalog.banks[0]).toMatchObject({
      id: "kz-legislation",
      demonstration: true,
      notice: {
        kk: expect.any(String),
        ru: expect.any(String),
        en: expect.any(String),
      },
    });
  });

  it("ship the current corps B legislation test", () => {
    const program = catalog.programs.find(
      (p) => p.id === "corps-b-legislation",
    );
    expect(program).toMatchObject({
      durationMinutes: 55,
      instructionsMinutes: 10,
      languages: ["kk", "ru"],
      minCorrectTotal: 30,
    });
    expect(
      program?.sections.map((s) => [s.bankSection, s.questions, s.minCorrect]),
    ).toEqual([
      ["constitution", 15, 5],
      ["civil-service", 15, 5],
      ["anti-corruption", 15, 5],
      ["ethics-code", 10, 5],
    ]);
  });

  it("ship program 1 of the 2016 edition: 135 questions on 9 acts, 110 minutes, pass at 95", () => {
    const program = catalog.programs.find((p) => p.id === "program-1-2016");
    expect(program && programQuestionCount(program)).toBe(135);
    expect(program?.sections).toHaveLength(9);
    expect(program?.sections.every((s) => s.questions === 15)).toBe(true);
    expect(program).toMatchObject({
      durationMinutes: 110,
      minCorrectTotal: 95,
    });
    const corpsB = catalog.programs.find((p) => p.id === "corps-b-legislation");
    for (const shared of corpsB?.sections ?? []) {
      expect(
        program?.sections.some((s) => s.bankSection === shared.bankSection),
      ).toBe(true);
    }
  });

  it("hold at least twice as many items per section and language as any program draws", () => {
    for (const program of catalog.programs) {
      for (const section of program.sections) {
        const sectionReport = result.report
          .find((bank) => bank.bankId === section.bank)
          ?.sections.find((s) => s.bankSectionId === section.bankSection);
        for (const language of program.languages) {
          expect(sectionReport?.byLanguage[language]).toBeGreaterThanOrEqual(
            2 * section.questions,
          );
        }
      }
    }
  });

  it("write Kazakh with Kazakh letters and include multiple-choice items in every section", () => {
    for (const items of catalog.itemsBySection.values()) {
      expect(items.some((item) => item.type === "multiple")).toBe(true);
      for (const item of items) {
        const kk = [
          item.text.kk?.stem,
          ...Object.values(item.text.kk?.options ?? {}),
        ].join(" ");
        const ru = [
          item.text.ru?.stem,
          ...Object.values(item.text.ru?.options ?? {}),
        ].join(" ");
        expect(kk, item.id).toMatch(/[әғқңөұүһі]/i);
        expect(ru, item.id).not.toMatch(/[әғқңөұүһі]/i);
      }
    }
  });

  it("never repeat a question within a section", () => {
    for (const items of catalog.itemsBySection.values()) {
      for (const language of ["kk", "ru"] as const) {
        const stems = items.map((item) => item.text[language]?.stem);
        expect(new Set(stems).size).toBe(stems.length);
      }
    }
  });

  it("print a report of items per section per language", () => {
    expect(formatReport(result)).toMatch(/constitution\s+\d+\s+\d+\s+\d+/);
  });
});
