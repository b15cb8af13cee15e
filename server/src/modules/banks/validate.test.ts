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

describe("validateBankFiles: Likert items and personal-qualities programs", () => {
  const likert = {
    points: 4,
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
  const statement = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: "likert",
    ...extra,
    text: { kk: { stem: `${id} тұжырымы` }, ru: { stem: `утверждение ${id}` } },
  });
  const pqBank = (scale: unknown = likert) =>
    file("q/bank.json", {
      id: "q",
      titles,
      demonstration: false,
      ...(scale ? { likert: scale } : {}),
    });
  const scaleSection = (id: string, items: unknown[]) =>
    file(`q/${id}.json`, { section: id, titles, items });
  const knowledge = (id = "k") =>
    file(`programs/${id}.json`, {
      id,
      titles,
      durationMinutes: 10,
      instructionsMinutes: 0,
      languages: ["kk", "ru"],
      shuffle: { items: true, options: true },
      sections: [
        {
          id: "x",
          titles,
          bank: "b",
          bankSection: "s",
          questions: 1,
          minCorrect: 0,
        },
      ],
      minCorrectTotal: 0,
    });
  const keyedBank = [
    file("b/bank.json", { id: "b", titles, demonstration: false }),
    file("b/s.json", { section: "s", titles, items: [item("k-1")] }),
  ];
  const norms = [4, 5, 6, 7, 8, 9, 10, 11, 12];
  const pqProgram = (
    sections: { id: string; bank?: string; bankSection?: string }[],
    extra: Record<string, unknown> = {},
  ) =>
    file("programs/pq.json", {
      id: "pq",
      titles,
      kind: "personal-qualities",
      durationMinutes: 30,
      instructionsMinutes: 5,
      languages: ["kk", "ru"],
      shuffle: { items: true, options: false },
      sections: sections.map((section) => ({
        id: section.id,
        titles,
        bank: section.bank ?? "q",
        bankSection: section.bankSection ?? section.id,
        questions: 1,
        minCorrect: 0,
      })),
      minCorrectTotal: 0,
      norms: Object.fromEntries(sections.map((section) => [section.id, norms])),
      requires: { programId: "k" },
      ...extra,
    });
  const lines = (result: ReturnType<typeof validateBankFiles>) =>
    formatProblems(result.problems).split("\n").filter(Boolean);

  it("expands a Likert item into points, labels and no key, and resolves the program's scale", () => {
    const result = validateBankFiles([
      ...keyedBank,
      knowledge(),
      pqBank(),
      scaleSection("calm", [
        statement("c-1"),
        statement("c-2", { reverse: true, pairedWith: "c-1" }),
      ]),
      pqProgram([{ id: "calm" }]),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.catalog.itemsById.get("c-1")).toEqual({
      id: "c-1",
      type: "likert",
      options: ["1", "2", "3", "4"],
      correct: [],
      reverse: false,
      text: {
        kk: {
          stem: "c-1 тұжырымы",
          options: {
            "1": "Мүлдем келіспеймін",
            "2": "Келіспеймін",
            "3": "Келісемін",
            "4": "Толық келісемін",
          },
        },
        ru: {
          stem: "утверждение c-1",
          options: {
            "1": "Совершенно не согласен",
            "2": "Не согласен",
            "3": "Согласен",
            "4": "Полностью согласен",
          },
        },
      },
      bankId: "q",
      bankSectionId: "calm",
    });
    expect(result.catalog.itemsById.get("c-2")).toMatchObject({
      reverse: true,
      pairedWith: "c-1",
    });
    const program = result.catalog.programs.find((p) => p.id === "pq");
    expect(program?.likert).toEqual(likert);
    expect(formatReport(result)).toMatch(
      /program pq: personal qualities, 1 scale, 1 statement \(calm 1\), 4-point scale, no rule \(a profile\), consistency minimum 0\.7, requires k,/,
    );
  });

  it("refuses a Likert item in a bank without a scale, and a malformed one", () => {
    const result = validateBankFiles([
      pqBank(null),
      scaleSection("calm", [
        statement("c-1"),
        { ...statement("c-2"), options: ["a", "b"], correct: ["a"] },
        { id: "c-3", type: "likert", text: {} },
      ]),
    ]);
    expect(lines(result)).toEqual([
      'q/calm.json: item "c-1": a likert item needs its bank\'s answer scale: q/bank.json has no "likert" (points, labels)',
      'q/calm.json: item "c-2": Unrecognized keys: "options", "correct"',
      'q/calm.json: item "c-3": text: needs the text in at least one of kk, ru',
    ]);
  });

  it("refuses a bank scale whose labels do not match its points", () => {
    const result = validateBankFiles([
      pqBank({
        points: 5,
        labels: { ...likert.labels, en: ["a", "b", "c", "d", "d"] },
      }),
    ]);
    expect(lines(result)).toEqual([
      "q/bank.json: likert.labels.kk: needs 5 labels (one per point), it has 4",
      "q/bank.json: likert.labels.ru: needs 5 labels (one per point), it has 4",
      "q/bank.json: likert.labels.en: a label appears twice",
    ]);
    expect(
      lines(validateBankFiles([pqBank({ ...likert, points: 3 })])),
    ).toHaveLength(1);
  });

  it("refuses a bank section mixing keyed and Likert items", () => {
    const result = validateBankFiles([
      pqBank(),
      scaleSection("calm", [statement("c-1"), item("k-9")]),
    ]);
    expect(lines(result)).toEqual([
      "q/calm.json: the section mixes 1 likert item with 1 keyed item: a bank section holds one kind only",
    ]);
  });

  it("checks consistency pairs: same section, not itself, written once, one pair per item", () => {
    const result = validateBankFiles([
      pqBank(),
      scaleSection("calm", [
        statement("c-1"),
        statement("c-2", { pairedWith: "c-1" }),
        statement("c-3", { pairedWith: "c-3" }),
        statement("c-4", { pairedWith: "o-1" }),
        statement("c-5", { pairedWith: "nowhere" }),
        statement("c-6", { pairedWith: "c-1" }),
        statement("c-7", { pairedWith: "c-8" }),
        statement("c-8", { pairedWith: "c-7" }),
      ]),
      scaleSection("other", [statement("o-1")]),
    ]);
    expect(lines(result)).toEqual([
      'q/calm.json: item "c-3": pairedWith: an item is not paired with itself',
      'q/calm.json: item "c-4": pairedWith: "o-1" is in q/other.json; a pair is two items of one bank section',
      'q/calm.json: item "c-5": pairedWith: unknown item "nowhere" (not in this bank section)',
      'q/calm.json: item "c-6": pairedWith: "c-1" is already paired with "c-2"; an item is in at most one pair',
      'q/calm.json: item "c-8": pairedWith: the pair with "c-7" is already written on "c-7"; write a pair on one of its items only',
    ]);
  });

  it("lets a personal-qualities program draw Likert sections only, and a knowledge program keyed ones", () => {
    const result = validateBankFiles([
      ...keyedBank,
      pqBank(),
      scaleSection("calm", [statement("c-1")]),
      pqProgram([{ id: "x", bank: "b", bankSection: "s" }, { id: "calm" }]),
      file("programs/k.json", {
        id: "k",
        titles,
        durationMinutes: 10,
        instructionsMinutes: 0,
        languages: ["kk", "ru"],
        shuffle: { items: true, options: true },
        sections: [
          {
            id: "x",
            titles,
            bank: "q",
            bankSection: "calm",
            questions: 1,
            minCorrect: 0,
          },
        ],
        minCorrectTotal: 0,
      }),
    ]);
    expect(lines(result)).toEqual([
      'programs/k.json: section "x" draws from q/calm, which holds Likert items: a knowledge program draws keyed items only',
      'programs/pq.json: section "x" draws from b/s, which holds keyed items: a personal-qualities program draws Likert items only',
    ]);
  });

  it("refuses scales answered on different Likert scales", () => {
    const result = validateBankFiles([
      ...keyedBank,
      knowledge(),
      pqBank(),
      scaleSection("calm", [statement("c-1")]),
      file("r/bank.json", {
        id: "r",
        titles,
        demonstration: false,
        likert: {
          ...likert,
          labels: { ...likert.labels, en: ["1", "2", "3", "4"] },
        },
      }),
      file("r/talk.json", {
        section: "talk",
        titles,
        items: [statement("t-1")],
      }),
      pqProgram([{ id: "calm" }, { id: "talk", bank: "r" }]),
    ]);
    expect(lines(result)).toEqual([
      'programs/pq.json: section "talk" draws from bank "r", whose likert scale differs from bank "q"\'s: a program\'s scales share one answer scale',
    ]);
  });

  it("requires the required program to exist and to be a knowledge program", () => {
    const base = [pqBank(), scaleSection("calm", [statement("c-1")])];
    expect(
      lines(
        validateBankFiles([
          ...base,
          pqProgram([{ id: "calm" }], { requires: { programId: "gone" } }),
        ]),
      ),
    ).toEqual(['programs/pq.json: requires.programId: unknown program "gone"']);
    expect(
      lines(
        validateBankFiles([
          ...base,
          pqProgram([{ id: "calm" }], { requires: { programId: "pq" } }),
        ]),
      ),
    ).toEqual([
      'programs/pq.json: requires.programId: "pq" is a personal-qualities program; the required certificate is of a knowledge program',
    ]);
  });

  it("reports the program rules of the kind with the program's file", () => {
    const result = validateBankFiles([
      ...keyedBank,
      knowledge(),
      pqBank(),
      scaleSection("calm", [statement("c-1")]),
      pqProgram([{ id: "calm" }], {
        shuffle: { items: true, options: true },
        validityDays: 365,
        minCorrectTotal: 1,
      }),
    ]);
    expect(lines(result)).toEqual([
      "programs/pq.json: minCorrectTotal: must be 0: a personal-qualities program has no right answers (a rule uses minSten)",
      "programs/pq.json: validityDays: a personal-qualities program has no validity (its report carries none)",
      "programs/pq.json: shuffle.options: must be false: the points of a Likert scale keep their order",
    ]);
  });
});

describe("the shipped personal-qualities demonstration (question-banks/pq-demo)", async () => {
  const result = await validateBankDirectory(DEFAULT_BANKS_DIR);
  const { catalog } = result;
  const scales = [
    "integrity",
    "responsibility",
    "stress-tolerance",
    "communication",
  ];

  it("has no problems", () => {
    expect(formatProblems(result.problems)).toBe("");
  });

  it("is demonstration content on a 5-point scale, with a notice", () => {
    const bank = catalog.banks.find((b) => b.id === "pq-demo");
    expect(bank).toMatchObject({
      demonstration: true,
      notice: {
        kk: expect.any(String),
        ru: expect.any(String),
        en: expect.any(String),
      },
      likert: { points: 5 },
    });
    expect(bank?.likert?.labels.ru).toEqual([
      "Совершенно не согласен",
      "Не согласен",
      "Затрудняюсь ответить",
      "Согласен",
      "Полностью согласен",
    ]);
  });

  it("holds 8 statements per scale, 2–3 reverse-keyed and one pair each, in kk and ru", () => {
    for (const scale of scales) {
      const items = catalog.itemsBySection.get(`pq-demo/${scale}`) ?? [];
      expect(items, scale).toHaveLength(8);
      const reversed = items.filter(
        (item) => item.type === "likert" && item.reverse,
      );
      expect(reversed.length, scale).toBeGreaterThanOrEqual(2);
      expect(reversed.length, scale).toBeLessThanOrEqual(3);
      expect(
        items.filter(
          (item) => item.type === "likert" && item.pairedWith !== undefined,
        ),
        scale,
      ).toHaveLength(1);
      for (const item of items) {
        expect(item.text.kk?.stem, item.id).toMatch(/[әғқңөұүһі]/i);
        expect(item.text.ru?.stem, item.id).not.toMatch(/[әғқңөұүһі]/i);
      }
      for (const language of ["kk", "ru"] as const) {
        const stems = items.map((item) => item.text[language]?.stem);
        expect(new Set(stems).size, scale).toBe(stems.length);
      }
    }
  });

  it("ships the demonstration program over all four scales, requiring the corps B test", () => {
    const program = catalog.programs.find(
      (p) => p.id === "personal-qualities-demo",
    );
    expect(program).toMatchObject({
      kind: "personal-qualities",
      durationMinutes: 30,
      instructionsMinutes: 5,
      languages: ["kk", "ru"],
      shuffle: { items: true, options: false },
      minCorrectTotal: 0,
      rule: { minSten: 3 },
      consistencyMinimum: 0.7,
      requires: { programId: "corps-b-legislation" },
      likert: { points: 5 },
    });
    expect(
      program?.sections.map((s) => [s.id, s.bankSection, s.questions]),
    ).toEqual(scales.map((scale) => [scale, scale, 8]));
    expect(Object.keys(program?.norms ?? {}).sort()).toEqual(
      [...scales].sort(),
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
    expect(catalog.banks.map((bank) => bank.id).sort()).toEqual([
      "kz-legislation",
      "pq-demo",
    ]);
    for (const bank of catalog.banks) {
      expect(bank).toMatchObject({
        demonstration: true,
        notice: {
          kk: expect.any(String),
          ru: expect.any(String),
          en: expect.any(String),
        },
      });
    }
  });

  it("ship a demonstration personal-qualities assessment after the corps B test", () => {
    const program = catalog.programs.find(
      (p) => p.id === "personal-qualities-demo",
    );
    expect(program).toMatchObject({
      kind: "personal-qualities",
      requires: { programId: "corps-b-legislation" },
      rule: { minSten: 3 },
    });
    expect(program?.sections.map((s) => s.id)).toEqual([
      "integrity",
      "responsibility",
      "stress-tolerance",
      "communication",
    ]);
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
    // A questionnaire gives everyone all its statements: only keyed tests
    // draw, so that two candidates' forms differ.
    for (const program of catalog.programs.filter(
      (p) => p.kind === "knowledge",
    )) {
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

  it("write Kazakh with Kazakh letters and include multiple-choice items in every keyed section", () => {
    for (const items of catalog.itemsBySection.values()) {
      if (items.every((item) => item.type !== "likert")) {
        expect(items.some((item) => item.type === "multiple")).toBe(true);
      }
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
