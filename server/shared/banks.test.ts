import { describe, expect, it } from "vitest";
import {
  BankSchema,
  ItemSchema,
  KioskItemSchema,
  LikertItemSchema,
  ProgramSchema,
  SectionItemSchema,
  eligibilityProblems,
  expandLikertItem,
  toProgramSummary,
  ProgramSummarySchema,
  type KeyedItem,
  type PositionCategory,
  type Program,
} from "./banks";

const titles = { kk: "Тест", ru: "Тест", en: "Test" };

function item(overrides: Partial<KeyedItem> = {}): KeyedItem {
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

describe("Likert items", () => {
  const scale = {
    points: 4 as const,
    labels: {
      kk: ["Мүлдем келіспеймін", "Келіспеймін", "Келісемін", "Толық келісемін"],
      ru: [
        "Совершенно не согласен",
        "Не согласен",
        "Согласен",
        "Полностью согласен",
      ],
      en: ["Strongly disagree", "Disagree", "Agree", "Strongly agree"],
    },
  };
  const statement = {
    id: "st-1",
    type: "likert",
    text: {
      kk: { stem: "Ережені сақтаймын." },
      ru: { stem: "Я соблюдаю правила." },
    },
  };

  it("accepts a statement without options or key, not reverse-keyed by default", () => {
    expect(LikertItemSchema.parse(statement)).toEqual({
      ...statement,
      reverse: false,
    });
    expect(SectionItemSchema.parse(statement)).toMatchObject({
      type: "likert",
    });
    expect(SectionItemSchema.parse(item())).toMatchObject({ type: "single" });
  });

  it("refuses options, a key, an item without text and a bad pair id", () => {
    const result = LikertItemSchema.safeParse({
      ...statement,
      options: ["a"],
      correct: ["a"],
    });
    expect(messages(result).join("\n")).toMatch(/options.*correct/);
    expect(
      messages(LikertItemSchema.safeParse({ ...statement, text: {} })),
    ).toEqual(["needs the text in at least one of kk, ru"]);
    expect(
      LikertItemSchema.safeParse({ ...statement, pairedWith: "no spaces" })
        .success,
    ).toBe(false);
  });

  it("refuses likert as the type of a keyed item", () => {
    expect(
      ItemSchema.safeParse(item({ type: "likert" as never })).success,
    ).toBe(false);
  });

  it("expands into points 1 … N labelled in each language it is written in, with no key", () => {
    const expanded = expandLikertItem(
      LikertItemSchema.parse({
        ...statement,
        text: { ru: statement.text.ru },
        reverse: true,
        pairedWith: "st-2",
      }),
      scale,
    );
    expect(expanded).toEqual({
      id: "st-1",
      type: "likert",
      options: ["1", "2", "3", "4"],
      correct: [],
      text: {
        ru: {
          stem: "Я соблюдаю правила.",
          options: {
            "1": "Совершенно не согласен",
            "2": "Не согласен",
            "3": "Согласен",
            "4": "Полностью согласен",
          },
        },
      },
      reverse: true,
      pairedWith: "st-2",
    });
  });

  it("lets a kiosk item be of type likert", () => {
    expect(
      KioskItemSchema.parse({
        id: "st-1",
        type: "likert",
        language: "kk",
        stem: "Ережені сақтаймын.",
        options: [{ id: "1", text: "Мүлдем келіспеймін" }],
      }).type,
    ).toBe("likert");
  });
});

describe("BankSchema likert", () => {
  const labels = (n: number) => Array.from({ length: n }, (_, i) => `L${i}`);

  it("accepts a 4- or 5-point scale labelled in kk, ru and en", () => {
    for (const points of [4, 5]) {
      const likert = {
        points,
        labels: { kk: labels(points), ru: labels(points), en: labels(points) },
      };
      expect(
        BankSchema.safeParse({ id: "q", titles, demonstration: false, likert })
          .success,
      ).toBe(true);
    }
  });

  it("refuses other point counts and a missing language", () => {
    expect(
      BankSchema.safeParse({
        id: "q",
        titles,
        demonstration: false,
        likert: {
          points: 7,
          labels: { kk: labels(7), ru: labels(7), en: labels(7) },
        },
      }).success,
    ).toBe(false);
    expect(
      BankSchema.safeParse({
        id: "q",
        titles,
        demonstration: false,
        likert: { points: 4, labels: { kk: labels(4), ru: labels(4) } },
      }).success,
    ).toBe(false);
  });
});

describe("ProgramSchema: personal-qualities programs", () => {
  const norms = [10, 12, 14, 16, 18, 20, 22, 24, 26];
  const scales = program().sections.map((section) => ({
    ...section,
    minCorrect: 0,
  }));
  const pq = (overrides: Record<string, unknown> = {}) => ({
    ...program(),
    kind: "personal-qualities",
    shuffle: { items: true, options: false },
    sections: scales,
    minCorrectTotal: 0,
    norms: { first: norms, second: norms },
    ...overrides,
  });

  it("accepts scales with norms, a rule, a consistency minimum and a required program", () => {
    const parsed = ProgramSchema.parse(
      pq({
        rule: { minSten: 3 },
        consistencyMinimum: 0.8,
        requires: { programId: "corps-b-legislation" },
      }),
    );
    expect(parsed).toMatchObject({
      kind: "personal-qualities",
      rule: { minSten: 3 },
      consistencyMinimum: 0.8,
      requires: { programId: "corps-b-legislation" },
    });
    // The default minimum is applied where it is used, not written in.
    expect(ProgramSchema.parse(pq()).consistencyMinimum).toBeUndefined();
  });

  it("refuses thresholds, a validity and shuffled options", () => {
    const base = pq();
    expect(
      messages(
        ProgramSchema.safeParse({
          ...base,
          sections: [{ ...scales[0], minCorrect: 1 }, scales[1]],
          minCorrectTotal: 1,
          validityDays: 365,
          shuffle: { items: true, options: true },
        }),
      ),
    ).toEqual([
      "must be 0: a personal-qualities scale has no right answers (a rule uses minSten)",
      "must be 0: a personal-qualities program has no right answers (a rule uses minSten)",
      "a personal-qualities program has no validity (its report carries none)",
      "must be false: the points of a Likert scale keep their order",
    ]);
  });

  it("needs norms for every scale, 9 ascending cutoffs each, and no others", () => {
    expect(
      messages(ProgramSchema.safeParse(pq({ norms: { first: norms } }))),
    ).toEqual(['scale "second" (sections[1]) has no norms']);
    expect(
      messages(
        ProgramSchema.safeParse(
          pq({ norms: { first: norms, second: norms, third: norms } }),
        ),
      ),
    ).toEqual(['"third" is not a section of the program']);
    expect(
      messages(
        ProgramSchema.safeParse(
          pq({
            norms: {
              first: norms,
              second: [10, 12, 12, 16, 18, 20, 22, 24, 26],
            },
          }),
        ),
      ),
    ).toEqual(["cutoffs must ascend: 12 is not above 12"]);
    expect(
      ProgramSchema.safeParse(
        pq({ norms: { first: norms, second: norms.slice(1) } }),
      ).success,
    ).toBe(false);
    expect(ProgramSchema.safeParse(pq({ norms: undefined })).success).toBe(
      false,
    );
  });

  it("bounds the rule's sten to 1–10 and the consistency minimum to 0–1", () => {
    expect(ProgramSchema.safeParse(pq({ rule: { minSten: 0 } })).success).toBe(
      false,
    );
    expect(ProgramSchema.safeParse(pq({ rule: { minSten: 11 } })).success).toBe(
      false,
    );
    expect(
      ProgramSchema.safeParse(pq({ consistencyMinimum: 1.1 })).success,
    ).toBe(false);
  });

  it("refuses the personal-qualities fields on a knowledge program", () => {
    expect(
      messages(
        ProgramSchema.safeParse({
          ...program(),
          norms: { first: norms },
          rule: { minSten: 3 },
          consistencyMinimum: 0.7,
          requires: { programId: "other" },
        }),
      ),
    ).toEqual([
      "only a personal-qualities program has norms",
      "only a personal-qualities program has rule",
      "only a personal-qualities program has consistencyMinimum",
      "only a personal-qualities program has requires",
    ]);
  });
});

describe("toProgramSummary: personal-qualities programs", () => {
  const norms = [10, 12, 14, 16, 18, 20, 22, 24, 26];
  const likert = {
    points: 5 as const,
    labels: {
      kk: ["1", "2", "3", "4", "5"],
      ru: ["1", "2", "3", "4", "5"],
      en: [
        "Strongly disagree",
        "Disagree",
        "Neither",
        "Agree",
        "Strongly agree",
      ],
    },
  };
  const base = program();
  const pq: Program = {
    ...base,
    kind: "personal-qualities",
    shuffle: { items: true, options: false },
    sections: base.sections.map((section) => ({ ...section, minCorrect: 0 })),
    minCorrectTotal: 0,
    norms: { first: norms, second: norms },
    rule: { minSten: 3 },
    consistencyMinimum: 0.7,
    requires: { programId: "corps-b-legislation" },
    likert,
  };
  const context = { categories: [], defaultValidityDays: 365 };

  it("publishes the scales, the answer scale, the rule and the required program; no validity", () => {
    const summary = toProgramSummary(pq, context);
    expect(ProgramSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      kind: "personal-qualities",
      questions: 25,
      minCorrectTotal: 0,
      sections: [
        { id: "first", titles, questions: 15, minCorrect: 0 },
        { id: "second", titles, questions: 10, minCorrect: 0 },
      ],
      likert,
      rule: { minSten: 3 },
      requires: { programId: "corps-b-legislation" },
    });
    expect(summary).not.toHaveProperty("validityDays");
  });

  it("never publishes the norms, the consistency minimum, reversal or pairs", () => {
    const json = JSON.stringify(toProgramSummary(pq, context));
    expect(json).not.toMatch(/norms|cutoff|consistency|reverse|paired/i);
    expect(json).not.toMatch(/\b26\b/);
  });

  it("publishes none of it for a knowledge program", () => {
    const summary = toProgramSummary(program(), context);
    for (const field of ["likert", "rule", "requires"]) {
      expect(summary).not.toHaveProperty(field);
    }
  });
});
