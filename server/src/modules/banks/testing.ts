/** Builders and fast-check arbitraries for the banks tests (not used at run time). */
import fc from "fast-check";
import {
  bankSectionKey,
  expandLikertItem,
  type BankItem,
  type LikertScale,
  type Program,
  type ProgramSection,
} from "@shared/banks";
import type { ItemsBySection } from "./assembly";

const titles = { kk: "Бөлім", ru: "Раздел", en: "Section" };
const LETTERS = "abcdefgh";

/** A bilingual item whose key is `correct` among `optionCount` options. */
export function makeItem(
  id: string,
  options: {
    optionCount?: number;
    correct?: string[];
    bankSectionId?: string;
  } = {},
): BankItem {
  const optionIds = [...LETTERS.slice(0, options.optionCount ?? 4)];
  const correct = options.correct ?? ["a"];
  const texts = (prefix: string) =>
    Object.fromEntries(
      optionIds.map((optionId) => [optionId, `${prefix} ${optionId}`]),
    );
  return {
    id,
    type: correct.length === 1 ? "single" : "multiple",
    options: optionIds,
    correct,
    text: {
      kk: { stem: `${id} сұрағы`, options: texts("жауап") },
      ru: { stem: `вопрос ${id}`, options: texts("ответ") },
    },
    bankId: "demo",
    bankSectionId: options.bankSectionId ?? "s1",
  };
}

/** A Likert answer scale of 4 or 5 points, labelled in kk, ru and en. */
export function likertScale(points: 4 | 5 = 5): LikertScale {
  const labels = (prefix: string) =>
    Array.from({ length: points }, (_, index) => `${prefix} ${index + 1}`);
  return {
    points,
    labels: {
      kk: labels("деңгей"),
      ru: labels("уровень"),
      en: labels("level"),
    },
  };
}

/** A bilingual Likert item as the loader expands it. */
export function makeLikertItem(
  id: string,
  options: {
    reverse?: boolean;
    pairedWith?: string;
    points?: 4 | 5;
    bankSectionId?: string;
  } = {},
): BankItem {
  return {
    ...expandLikertItem(
      {
        id,
        type: "likert",
        reverse: options.reverse ?? false,
        ...(options.pairedWith === undefined
          ? {}
          : { pairedWith: options.pairedWith }),
        text: {
          kk: { stem: `${id} тұжырымы` },
          ru: { stem: `утверждение ${id}` },
        },
      },
      likertScale(options.points ?? 5),
    ),
    bankId: "demo",
    bankSectionId: options.bankSectionId ?? "s1",
  };
}

export function makeSection(
  id: string,
  questions: number,
  minCorrect = 0,
): ProgramSection {
  return { id, titles, bank: "demo", bankSection: id, questions, minCorrect };
}

export function makeProgram(
  sections: ProgramSection[],
  overrides: Partial<Program> = {},
): Program {
  return {
    id: "demo-program",
    titles,
    durationMinutes: 55,
    instructionsMinutes: 10,
    languages: ["kk", "ru"],
    shuffle: { items: true, options: true },
    sections,
    minCorrectTotal: 0,
    kind: "knowledge",
    retakeAfterDays: 0,
    retakeEquivalents: [],
    bookableWhileValid: false,
    ...overrides,
  };
}

/** `count` items for bank section `sectionId`, ids `<sectionId>-<n>`. */
export function makePool(sectionId: string, count: number): BankItem[] {
  return Array.from({ length: count }, (_, index) =>
    makeItem(`${sectionId}-${String(index + 1).padStart(3, "0")}`, {
      bankSectionId: sectionId,
      optionCount: 2 + (index % 5),
      correct: index % 3 === 0 ? ["a", "b"] : ["b"],
    }),
  );
}

export function poolsOf(
  program: Program,
  extraPerSection: number | ((sectionId: string) => number),
): ItemsBySection {
  return new Map(
    program.sections.map((section) => {
      const extra =
        typeof extraPerSection === "number"
          ? extraPerSection
          : extraPerSection(section.id);
      return [
        bankSectionKey(section.bank, section.bankSection),
        makePool(section.bankSection, section.questions + extra),
      ];
    }),
  );
}

/** A program of 1–4 sections with pools at least as large as each draw. */
export const programWithPools = fc
  .record({
    sections: fc.array(
      fc.record({
        questions: fc.integer({ min: 1, max: 8 }),
        extra: fc.integer({ min: 0, max: 8 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    shuffleItems: fc.boolean(),
    shuffleOptions: fc.boolean(),
  })
  .map(({ sections, shuffleItems, shuffleOptions }) => {
    const programSections = sections.map((section, index) =>
      makeSection(`section-${index + 1}`, section.questions),
    );
    const program = makeProgram(programSections, {
      shuffle: { items: shuffleItems, options: shuffleOptions },
    });
    const extras = new Map(
      sections.map((section, index) => [`section-${index + 1}`, section.extra]),
    );
    return { program, pools: poolsOf(program, (id) => extras.get(id) ?? 0) };
  });
