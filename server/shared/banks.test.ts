import { describe, expect, it } from "vitest";
import {
  BankSchema,
  ItemSchema,
  ProgramSchema,
  eligibilityProblems,
  toProgramSummary,
  ProgramSummarySchema,
  type Item,
  type PositionCategory,
  type Program,
} from "./banks";

const titles = { kk: "Тест", ru: "Тест", en: "Test" };

function item(overrides: Partial<Item> = {}): Item {
  return {
    id: "q-1",
    type: "single",
    options: ["a", "b", "c"],
    correct: ["b"],
    text: {
      kk: { stem: "Сұрақ?", options: { a: "бір", b: "екі", c: "үш" } },
      ru: { stem: "Вопрос?", options: { a: "один", b: "два", c: "три" } },
    },
    ...overrides,
  };
}

function program(overrides: Partial<Program> = {}): Program {
  return {
    id: "demo-program",
    titles,
    durationMinutes: 55,
    instructionsMinutes: 10,
    languages: ["kk", "ru"],
    shuffle: { items: true, options: true },
    sections: [
      {
        id: "first",
        titles,
        bank: "demo",
        bankSection: "first",
        questions: 15,
        minCorrect: 5,
      },
      {
        id: "second",
        titles,
        bank: "demo",
        bankSection: "second",
        questions: 10,
        minCorrect: 5,
      },
    ],
    minCorrectTotal: 12,
    kind: "knowledge",
    retakeAfterDays: 0,
    retakeEquivalents: [],
    bookableWhileValid: false,
    ...overrides,
  };
}

const messages = (result: {
  success: boolean;
  error?: { issues: { message: string }[] };
}) => result.error?.issues.map((issue) => issue.message) ?? [];

describe("ItemSchema", () => {
  it("accepts a bilingual single-choice item with one key", () => {
    expect(ItemSchema.safeParse(item()).success).toBe(true);
  });

  it("accepts a multiple-choice item with several keys", () => {
    const parsed = ItemSchema.safeParse(
      item({ type: "multiple", correct: ["a", "c"] }),
    );
    expect(parsed.success).toBe(true);
  });

  it("refuses a single-choice item with two keys", () => {
    expect(
      messages(ItemSchema.safeParse(item({ correct: ["a", "b"] }))),
    ).toContain("a single-choice item needs exactly 1 key, it has 2");
  });

  it("refuses a key that is not one of the option ids", () => {
    expect(messages(ItemSchema.safeParse(item({ correct: ["z"] })))).toContain(
      'key "z" is not one of the options (a, b, c)',
    );
  });

  it("refuses a language version that lacks an option's text", () => {
    const broken = item();
    broken.text.ru = { stem: "Вопрос?", options: { a: "один", b: "два" } };
    expect(messages(ItemSchema.safeParse(broken))).toContain(
      'missing translation: option "c" has no ru text',
    );
  });

  it("refuses option text for an option id the item does not have", () => {
    const broken = item();
    broken.text.kk = {
      stem: "Сұрақ?",
      options: { a: "бір", b: "екі", c: "үш", d: "төрт" },
    };
    expect(messages(ItemSchema.safeParse(broken))).toContain(
      'unknown option id "d" (not in options)',
    );
  });

  it("refuses duplicate option ids and an item without any language", () => {
    const result = ItemSchema.safeParse(
      item({ options: ["a", "a", "b"], text: {} }),
    );
    expect(messages(result)).toEqual(
      expect.arrayContaining([
        "an option id appears twice",
        "needs the text in at least one of kk, ru",
      ]),
    );
  });

  it("refuses unknown fields, so a misspelt key field is never ignored", () => {
    const result = ItemSchema.safeParse({ ...item(), corect: ["a"] });
    expect(result.success).toBe(false);
  });
});

describe("BankSchema", () => {
  it("requires a notice on demonstration content", () => {
    const result = BankSchema.safeParse({
      id: "demo",
      titles,
      demonstration: true,
    });
    expect(messages(result)).toContain(
      "a demonstration bank needs a notice saying so",
    );
  });
});

describe("ProgramSchema", () => {
  it("accepts the corps B shape", () => {
    expect(ProgramSchema.safeParse(program()).success).toBe(true);
  });

  it("caps the test at 125 minutes and the instructions at 10", () => {
    const result = ProgramSchema.safeParse(
      program({ durationMinutes: 126, instructionsMinutes: 11 }),
    );
    expect(messages(result)).toEqual([
      "at most 125 minutes (the regulation allows 2 h 05 min)",
      "at most 10 minutes (the regulation's limit for instructions)",
    ]);
  });

  it("refuses a section threshold above the questions it draws", () => {
    const base = program();
    const sections = base.sections.map((section, index) =>
      index === 1 ? { ...section, minCorrect: 11 } : section,
    );
    expect(messages(ProgramSchema.safeParse({ ...base, sections }))).toEqual([
      "threshold 11 is above the 10 questions the section draws",
    ]);
  });

  it("refuses a total threshold above the program's questions", () => {
    expect(
      messages(ProgramSchema.safeParse(program({ minCorrectTotal: 26 }))),
    ).toEqual(["threshold 26 is above the 25 questions of the program"]);
  });

  it("refuses two sections drawing on the same bank section", () => {
    const base = program();
    const [first] = base.sections;
    const sections = [first!, { ...first!, id: "again" }];
    expect(
      messages(
        ProgramSchema.safeParse({ ...base, sections, minCorrectTotal: 0 }),
      ),
    ).toEqual(["bank section demo/first is drawn by two sections"]);
  });

  it("refuses a language outside kk and ru", () => {
    const result = ProgramSchema.safeParse({
      ...program(),
      languages: ["kk", "en"],
    });
    expect(result.success).toBe(false);
  });
});

describe("toProgramSummary", () => {
  const categories: PositionCategory[] = [
    { code: "A", corps: "A", titles },
    { code: "B-1", corps: "B", titles },
    { code: "C-O-2", corps: "B", titles },
  ];
  const context = { categories, defaultValidityDays: 365 };

  it("publishes titles, timing, counts, thresholds and rules, not banks or shuffling", () => {
    const summary = toProgramSummary(program(), context);
    expect(ProgramSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toEqual({
      id: "demo-program",
      titles,
      kind: "knowledge",
      durationMinutes: 55,
      instructionsMinutes: 10,
      languages: ["kk", "ru"],
      questions: 25,
      minCorrectTotal: 12,
      eligibility: {
        corps: ["A", "B"],
        categories: ["A", "B-1", "C-O-2"],
        candidateKinds: ["candidate", "civil-servant"],
      },
      retakeAfterDays: 0,
      retakeEquivalents: [],
      validityDays: 365,
      bookableWhileValid: false,
      sections: [
        { id: "first", titles, questions: 15, minCorrect: 5 },
        { id: "second", titles, questions: 10, minCorrect: 5 },
      ],
    });
    expect(JSON.stringify(summary)).not.toMatch(/bank"|shuffle/);
  });

  it("publishes the program's own validity over the default", () => {
    expect(
      toProgramSummary(program({ validityDays: 730 }), context).validityDays,
    ).toBe(730);
  });

  it("resolves a corps to its categories, and explicit lists as given", () => {
    expect(
      toProgramSummary(program({ eligibility: { corps: ["B"] } }), context)
        .eligibility.categories,
    ).toEqual(["B-1", "C-O-2"]);
    expect(
      toProgramSummary(
        program({
          eligibility: { categories: ["C-O-2"], candidateKinds: ["candidate"] },
        }),
        context,
      ).eligibility,
    ).toEqual({
      corps: ["A", "B"],
      categories: ["C-O-2"],
      candidateKinds: ["candidate"],
    });
  });
});

describe("eligibilityProblems", () => {
  const eligibility = {
    corps: ["B" as const],
    categories: ["B-1"],
    candidateKinds: ["civil-servant" as const],
  };
  const category = (code: string, corps: "A" | "B"): PositionCategory => ({
    code,
    corps,
    titles,
  });

  it("names each rule a person does not meet", () => {
    expect(
      eligibilityProblems(eligibility, {
        category: category("B-1", "B"),
        candidateKind: "civil-servant",
      }),
    ).toEqual([]);
    expect(
      eligibilityProblems(eligibility, {
        category: category("A", "A"),
        candidateKind: "candidate",
      }),
    ).toEqual(["corps", "candidate_kind"]);
    expect(
      eligibilityProblems(eligibility, {
        category: category("C-O-2", "B"),
        candidateKind: "civil-servant",
      }),
    ).toEqual(["category"]);
  });
});

describe("ProgramSchema rules", () => {
  it("applies the documented defaults to a file without the rule fields", () => {
    const parsed = ProgramSchema.parse({
      id: "demo-program",
      titles,
      durationMinutes: 55,
      instructionsMinutes: 10,
      languages: ["kk"],
      shuffle: { items: false, options: false },
      sections: [program().sections[0]],
      minCorrectTotal: 0,
    });
    expect(parsed).toMatchObject({
      kind: "knowledge",
      retakeAfterDays: 0,
      retakeEquivalents: [],
      bookableWhileValid: false,
    });
    expect(parsed.eligibility).toBeUndefined();
    expect(parsed.validityDays).toBeUndefined();
  });

  it("refuses a program naming itself as its equivalent, and bad codes", () => {
    const result = ProgramSchema.safeParse({
      ...program(),
      retakeEquivalents: ["demo-program"],
      eligibility: { categories: ["b1"] },
    });
    expect(result.success).toBe(false);
    expect(messages(result).join("\n")).toMatch(/its own equivalent/);
    expect(messages(result).join("\n")).toMatch(/category code/);
  });
});
