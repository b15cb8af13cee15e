import { describe, expect, it } from "vitest";
import type { KioskAttemptView } from "@shared/attempts";
import type { ItemType } from "@shared/banks";
import { UI_LANGUAGES } from "@shared/enums";
import { DICTIONARIES, fill } from "./i18n";
import {
  programKindOf,
  scalePointsOf,
  showsSections,
  WORDING,
  type ProgramFacts,
} from "./wording";

const item = (type: ItemType, options = 5) => ({
  id: `q-${type}-${options}`,
  type,
  language: "kk" as const,
  stem: "…",
  options: Array.from({ length: options }, (_, index) => ({
    id: `o${index}`,
    text: `label ${index + 1}`,
  })),
  sectionId: "integrity",
});

const attemptWith = (
  items: ReturnType<typeof item>[],
  program: Partial<KioskAttemptView["program"]> & { kind?: string } = {},
) =>
  ({
    program: {
      id: "personal-qualities-demo",
      titles: { kk: "…", ru: "…", en: "…" },
      durationMinutes: 30,
      instructionsMinutes: 5,
      sections: [],
      ...program,
    },
    items,
  }) as unknown as KioskAttemptView;

const facts = (
  kind: ProgramFacts["kind"],
  programId = "personal-qualities-demo",
): ProgramFacts => ({
  programId,
  kind,
  scale:
    kind === "personal-qualities"
      ? { points: 4, labels: { kk: [], ru: [], en: [] } as never }
      : null,
});

describe("programKindOf", () => {
  it("takes a kind the view carries first", () => {
    expect(
      programKindOf(
        attemptWith([item("single")], { kind: "personal-qualities" }),
        null,
      ),
    ).toBe("personal-qualities");
    expect(
      programKindOf(
        attemptWith([], { kind: "knowledge" }),
        facts("personal-qualities"),
      ),
    ).toBe("knowledge");
  });

  it("tells an assessment by its statements once they are shown", () => {
    expect(
      programKindOf(attemptWith([item("likert"), item("likert")]), null),
    ).toBe("personal-qualities");
    expect(
      programKindOf(attemptWith([item("single"), item("multiple")]), null),
    ).toBe("knowledge");
    // The items win over the summary: they are what the candidate sees.
    expect(
      programKindOf(attemptWith([item("single")]), facts("personal-qualities")),
    ).toBe("knowledge");
  });

  it("before the start, takes the program summary, else a knowledge test", () => {
    expect(programKindOf(attemptWith([]), facts("personal-qualities"))).toBe(
      "personal-qualities",
    );
    expect(programKindOf(attemptWith([]), null)).toBe("knowledge");
    // A summary of another program (the seat's previous candidate) is not used.
    expect(
      programKindOf(
        attemptWith([]),
        facts("personal-qualities", "engine-long"),
      ),
    ).toBe("knowledge");
  });
});

describe("scalePointsOf", () => {
  it("counts a statement's points, else takes the summary's", () => {
    expect(
      scalePointsOf(
        attemptWith([item("likert", 5)]),
        facts("personal-qualities"),
      ),
    ).toBe(5);
    expect(scalePointsOf(attemptWith([]), facts("personal-qualities"))).toBe(4);
    expect(scalePointsOf(attemptWith([item("single", 4)]), null)).toBeNull();
    expect(scalePointsOf(attemptWith([]), null)).toBeNull();
  });
});

describe("the words of an assessment", () => {
  const assessment = WORDING["personal-qualities"];
  const knowledge = WORDING.knowledge;

  it("say statements, never questions, in kk, ru and en", () => {
    const questions = /сұрақ|вопрос|question/i;
    for (const language of UI_LANGUAGES) {
      const dictionary = DICTIONARIES[language];
      const keys = [
        assessment.number,
        assessment.navigator,
        assessment.unanswered,
        assessment.flagged,
        assessment.answered,
        assessment.total,
        ...assessment.rules,
        "test.likert",
        "test.keysScale",
      ] as const;
      for (const key of keys) {
        expect(dictionary[key], `${language} ${key}`).not.toMatch(questions);
      }
    }
  });

  it("number a statement as the issue words it", () => {
    const n = { n: 3, total: 32 };
    expect(fill(DICTIONARIES.en[assessment.number], n)).toBe(
      "Statement 3 of 32",
    );
    expect(fill(DICTIONARIES.ru[assessment.number], n)).toBe(
      "Утверждение 3 из 32",
    );
    expect(fill(DICTIONARIES.kk[assessment.number], n)).toBe(
      "3-тұжырым, барлығы 32",
    );
    expect(fill(DICTIONARIES.en[knowledge.number], n)).toBe("Question 3 of 32");
  });

  it("give the keys of the scale, not 1–9", () => {
    for (const language of UI_LANGUAGES) {
      const dictionary = DICTIONARIES[language];
      expect(fill(dictionary["test.keysScale"], { max: 4 })).toMatch(/^1–4: /);
      const keyboard = fill(dictionary["instructions.ruleKeyboardScale"], {
        max: 5,
      });
      expect(keyboard).toContain("1–5");
      expect(keyboard).not.toContain("1–9");
    }
  });

  it("tell the candidate there are no right answers", () => {
    expect(assessment.rules).toContain("instructions.ruleNoRightAnswers");
    expect(knowledge.rules).not.toContain("instructions.ruleNoRightAnswers");
  });

  it("keep the knowledge test's words as they were", () => {
    expect(knowledge.rules).toEqual([
      "instructions.ruleForbidden",
      "instructions.ruleOneAtATime",
      "instructions.ruleFlag",
      "instructions.ruleSaving",
      "instructions.ruleKeyboard",
      "instructions.ruleTime",
    ]);
    expect(knowledge.navigator).toBe("test.navigator");
  });

  it("never name an assessment's sections, its scales", () => {
    expect(showsSections("personal-qualities")).toBe(false);
    expect(showsSections("knowledge")).toBe(true);
  });
});
