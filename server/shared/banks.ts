/**
 * The question-bank and test-program format (question-banks/README.md).
 * Programs, their sections, durations and thresholds change with each
 * edition of the rules, so they are data validated here, never code.
 */
import { z } from "zod";
import {
  DEFAULT_CONSISTENCY_MINIMUM,
  LIKERT_POINTS,
  likertOptionIds,
} from "./assessment";
import {
  TEST_LANGUAGES,
  UI_LANGUAGES,
  type TestLanguage,
  type UiLanguage,
} from "./enums";
import { LIMITS } from "./limits";

/** Items with a key: knowledge programs draw only these. */
export const KEYED_ITEM_TYPES = ["single", "multiple"] as const;
export type KeyedItemType = (typeof KEYED_ITEM_TYPES)[number];

/**
 * Every item type a loaded item and a kiosk item may have: the keyed ones
 * and `likert`, a statement rated on the bank's scale (no key).
 */
export const ITEM_TYPES = [...KEYED_ITEM_TYPES, "likert"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Bank, section and program ids double as file and folder names. */
export const SlugSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "use lowercase letters, digits and single hyphens (it is a file name)",
  );

/** Item ids are global across banks: attempts store them for years. */
export const ItemIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    "use at most 64 letters, digits, '.', '_' or '-'",
  );

/** Option ids are stable: responses and keys refer to them, not positions. */
export const OptionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, "use at most 32 letters, digits, _ or -");

export const TestLanguageSchema = z.enum(TEST_LANGUAGES);

const text = z.string().trim().min(1, "must not be empty");

/** A title in every interface language (kk, ru, en). */
export const TitlesSchema = z
  .strictObject({ kk: text, ru: text, en: text })
  .meta({ id: "LocalizedTitles" });
export type Titles = z.infer<typeof TitlesSchema> & Record<UiLanguage, string>;

/** One language version of an item: the stem and each option's text. */
export const ItemTextSchema = z.strictObject({
  stem: text,
  options: z.record(OptionIdSchema, text),
});
export type ItemText = z.infer<typeof ItemTextSchema>;

/**
 * Consistency rules an item must meet beyond its shape. Kept as a plain
 * function so the validator and the QTI importer give the same messages.
 */
export function itemProblems(item: {
  type: KeyedItemType;
  options: readonly string[];
  correct: readonly string[];
  text: Partial<Record<TestLanguage, ItemText>>;
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const optionIds = new Set(item.options);
  if (optionIds.size !== item.options.length) {
    problems.push({ path: ["options"], message: "an option id appears twice" });
  }
  if (new Set(item.correct).size !== item.correct.length) {
    problems.push({ path: ["correct"], message: "a key appears twice" });
  }
  item.correct.forEach((key, index) => {
    if (!optionIds.has(key)) {
      problems.push({
        path: ["correct", index],
        message: `key "${key}" is not one of the options (${item.options.join(", ")})`,
      });
    }
  });
  if (item.type === "single" && item.correct.length !== 1) {
    problems.push({
      path: ["correct"],
      message: `a single-choice item needs exactly 1 key, it has ${item.correct.length}`,
    });
  }
  const languages = TEST_LANGUAGES.filter((language) => item.text[language]);
  if (languages.length === 0) {
    problems.push({
      path: ["text"],
      message: `needs the text in at least one of ${TEST_LANGUAGES.join(", ")}`,
    });
  }
  for (const language of languages) {
    const optionTexts = item.text[language]?.options ?? {};
    for (const optionId of item.options) {
      if (!(optionId in optionTexts)) {
        problems.push({
          path: ["text", language, "options"],
          message: `missing translation: option "${optionId}" has no ${language} text`,
        });
      }
    }
    for (const optionId of Object.keys(optionTexts)) {
      if (!optionIds.has(optionId)) {
        problems.push({
          path: ["text", language, "options", optionId],
          message: `unknown option id "${optionId}" (not in options)`,
        });
      }
    }
  }
  return problems;
}

/**
 * A keyed item as written in a section file (and as loaded). `text` holds
 * each language it is offered in; option ids are stable so keys and
 * responses never depend on the display order.
 */
export const ItemSchema = z
  .strictObject({
    id: ItemIdSchema,
    type: z.enum(KEYED_ITEM_TYPES),
    options: z.array(OptionIdSchema).min(2).max(10),
    correct: z.array(OptionIdSchema).min(1, "needs at least one key"),
    text: z.partialRecord(TestLanguageSchema, ItemTextSchema),
  })
  .superRefine((item, ctx) => {
    for (const problem of itemProblems(item)) {
      ctx.addIssue({ code: "custom", ...problem });
    }
  });
export type KeyedItem = z.infer<typeof ItemSchema>;

/**
 * A Likert item as written in a section file: a statement, no options and
 * no key. `reverse`: agreeing speaks against the scale (scored N + 1 −
 * point). `pairedWith`: the id of a near-identical item of the same bank
 * section, for the consistency index; a pair is written on one of its two
 * items only.
 */
export const LikertItemSchema = z
  .strictObject({
    id: ItemIdSchema,
    type: z.literal("likert"),
    reverse: z.boolean().default(false),
    pairedWith: ItemIdSchema.optional(),
    text: z.partialRecord(TestLanguageSchema, z.strictObject({ stem: text })),
  })
  .refine((item) => TEST_LANGUAGES.some((language) => item.text[language]), {
    path: ["text"],
    message: `needs the text in at least one of ${TEST_LANGUAGES.join(", ")}`,
  });
export type LikertItemFile = z.infer<typeof LikertItemSchema>;

/**
 * A Likert item as loaded: the loader expands it into the keyed shape so
 * form assembly, kiosk items and the answer path work unchanged. Its
 * options are the points "1" … "N" (`likertOptionIds`), each language's
 * option texts are the bank's labels, and it has no key.
 */
export type LikertItem = {
  id: string;
  type: "likert";
  options: string[];
  /** Always empty: a statement has no right answer. */
  correct: string[];
  text: Partial<Record<TestLanguage, ItemText>>;
  reverse: boolean;
  pairedWith?: string;
};

/** An item as loaded: keyed, or Likert (expanded). */
export type Item = KeyedItem | LikertItem;

/** An item as loaded: it knows the bank section it came from. */
export type BankItem = Item & { bankId: string; bankSectionId: string };

/** An item as written: keyed or Likert (told apart by `type`). */
export const SectionItemSchema = z.discriminatedUnion("type", [
  ItemSchema,
  LikertItemSchema,
]);

/** One file per bank section: `question-banks/<bank>/<section>.json`. */
export const BankSectionFileSchema = z.strictObject({
  section: SlugSchema,
  titles: TitlesSchema,
  items: z.array(SectionItemSchema),
});
export type BankSectionFile = z.infer<typeof BankSectionFileSchema>;

/**
 * The answer scale of a bank of Likert items: 4 or 5 points, labelled in
 * every interface language from "strongly disagree" to "strongly agree".
 */
export const LikertScaleSchema = z
  .strictObject({
    points: z.union(LIKERT_POINTS.map((points) => z.literal(points))),
    labels: z.strictObject({
      kk: z.array(text),
      ru: z.array(text),
      en: z.array(text),
    }),
  })
  .superRefine((scale, ctx) => {
    for (const language of UI_LANGUAGES) {
      const labels = scale.labels[language];
      if (labels.length !== scale.points) {
        ctx.addIssue({
          code: "custom",
          path: ["labels", language],
          message: `needs ${scale.points} labels (one per point), it has ${labels.length}`,
        });
      } else if (new Set(labels).size !== labels.length) {
        ctx.addIssue({
          code: "custom",
          path: ["labels", language],
          message: "a label appears twice",
        });
      }
    }
  });
export type LikertScale = z.infer<typeof LikertScaleSchema>;

/** `question-banks/<bank>/bank.json`. */
export const BankSchema = z
  .strictObject({
    id: SlugSchema,
    titles: TitlesSchema,
    /** Demonstration content is not the official question database. */
    demonstration: z.boolean(),
    /** Shown wherever the content is shown; required for demonstrations. */
    notice: TitlesSchema.optional(),
    /** The answer scale of the bank's Likert items (needed to hold any). */
    likert: LikertScaleSchema.optional(),
  })
  .refine((bank) => !bank.demonstration || bank.notice, {
    path: ["notice"],
    message: "a demonstration bank needs a notice saying so",
  });
export type Bank = z.infer<typeof BankSchema>;

/**
 * A Likert item as loaded from its file and its bank's scale: options
 * "1" … "N", each language's option texts the scale's labels, no key.
 */
export function expandLikertItem(
  item: LikertItemFile,
  scale: LikertScale,
): LikertItem {
  const options = likertOptionIds(scale.points);
  const labelsOf = (language: TestLanguage) =>
    Object.fromEntries(
      options.map((optionId, index) => [
        optionId,
        scale.labels[language][index] ?? "",
      ]),
    );
  return {
    id: item.id,
    type: "likert",
    options,
    correct: [],
    text: Object.fromEntries(
      TEST_LANGUAGES.flatMap((language) => {
        const written = item.text[language];
        return written
          ? [[language, { stem: written.stem, options: labelsOf(language) }]]
          : [];
      }),
    ),
    reverse: item.reverse,
    ...(item.pairedWith === undefined ? {} : { pairedWith: item.pairedWith }),
  };
}

export const ProgramSectionSchema = z
  .strictObject({
    id: SlugSchema,
    titles: TitlesSchema,
    /** The bank and bank section the questions are drawn from. */
    bank: SlugSchema,
    bankSection: SlugSchema,
    questions: z.int().min(1),
    minCorrect: z.int().min(0),
  })
  .superRefine((section, ctx) => {
    if (section.minCorrect > section.questions) {
      ctx.addIssue({
        code: "custom",
        path: ["minCorrect"],
        message: `threshold ${section.minCorrect} is above the ${section.questions} question${section.questions === 1 ? "" : "s"} the section draws`,
      });
    }
  });
export type ProgramSection = z.infer<typeof ProgramSectionSchema>;

// ---------------------------------------------------------------------------
// Who a program is for (question-banks/position-categories.json)

/**
 * What a program measures: keyed knowledge (a certificate or a reference),
 * or personal qualities (a questionnaire scored into a profile).
 */
export const PROGRAM_KINDS = ["knowledge", "personal-qualities"] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** The civil service's two corps. */
export const CORPS = ["A", "B"] as const;
export type Corps = (typeof CORPS)[number];

/** First entry to the service, or a serving civil servant. */
export const CANDIDATE_KINDS = ["candidate", "civil-servant"] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/** Position category codes of the registry: `A`, `B-1`, `C-O-2`, `E-G-3`. */
export const PositionCategoryCodeSchema = z
  .string()
  .regex(
    /^[A-E](?:-[A-Z])?(?:-[0-9]{1,2})?$/,
    "a category code such as B-1, C-O-2 or E-G-3",
  );

export const PositionCategorySchema = z
  .strictObject({
    code: PositionCategoryCodeSchema,
    corps: z.enum(CORPS),
    titles: TitlesSchema,
  })
  .meta({ id: "PositionCategory" });
export type PositionCategory = z.infer<typeof PositionCategorySchema>;

/** `question-banks/position-categories.json`: the registry's categories. */
export const PositionCategoriesFileSchema = z
  .strictObject({
    /** True for a sample list; it then needs a notice saying so. */
    demonstration: z.boolean(),
    notice: TitlesSchema.optional(),
    categories: z.array(PositionCategorySchema).min(1),
  })
  .refine((file) => !file.demonstration || file.notice, {
    path: ["notice"],
    message: "a demonstration list needs a notice saying so",
  });
export type PositionCategoriesFile = z.infer<
  typeof PositionCategoriesFileSchema
>;

/**
 * Who may take a program. Each list is optional in the file: absent means
 * every corps, every category of the program's corps, every kind.
 */
export const EligibilitySchema = z.strictObject({
  corps: z.array(z.enum(CORPS)).min(1).optional(),
  categories: z.array(PositionCategoryCodeSchema).min(1).optional(),
  candidateKinds: z.array(z.enum(CANDIDATE_KINDS)).min(1).optional(),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;

/** Eligibility with every default applied (what the API publishes). */
export const ResolvedEligibilitySchema = z
  .object({
    corps: z.array(z.enum(CORPS)),
    categories: z.array(z.string()),
    candidateKinds: z.array(z.enum(CANDIDATE_KINDS)),
  })
  .meta({ id: "Eligibility" });
export type ResolvedEligibility = z.infer<typeof ResolvedEligibilitySchema>;

/** A program's eligibility with the defaults applied. */
export function resolveEligibility(
  eligibility: Eligibility | undefined,
  categories: readonly PositionCategory[],
): ResolvedEligibility {
  const corps = eligibility?.corps ?? [...CORPS];
  return {
    corps,
    categories:
      eligibility?.categories ??
      categories
        .filter((category) => corps.includes(category.corps))
        .map((category) => category.code),
    candidateKinds: eligibility?.candidateKinds ?? [...CANDIDATE_KINDS],
  };
}

/** Why a person does not fit a program, or an empty list when they do. */
export type IneligibleReason = "corps" | "category" | "candidate_kind";

export function eligibilityProblems(
  eligibility: ResolvedEligibility,
  person: { category: PositionCategory; candidateKind: CandidateKind },
): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (!eligibility.corps.includes(person.category.corps)) reasons.push("corps");
  else if (!eligibility.categories.includes(person.category.code)) {
    reasons.push("category");
  }
  if (!eligibility.candidateKinds.includes(person.candidateKind)) {
    reasons.push("candidate_kind");
  }
  return reasons;
}

/** `question-banks/programs/<program>.json`. */
export const ProgramSchema = z
  .strictObject({
    id: SlugSchema,
    titles: TitlesSchema,
    durationMinutes: z
      .int()
      .min(1)
      .max(LIMITS.maxTestMinutes, {
        error: `at most ${LIMITS.maxTestMinutes} minutes (the regulation allows 2 h 05 min)`,
      }),
    instructionsMinutes: z
      .int()
      .min(0)
      .max(LIMITS.maxInstructionsMinutes, {
        error: `at most ${LIMITS.maxInstructionsMinutes} minutes (the regulation's limit for instructions)`,
      }),
    languages: z.array(TestLanguageSchema).min(1),
    shuffle: z.strictObject({ items: z.boolean(), options: z.boolean() }),
    sections: z.array(ProgramSectionSchema).min(1),
    minCorrectTotal: z.int().min(0),
    kind: z.enum(PROGRAM_KINDS).default("knowledge"),
    eligibility: EligibilitySchema.optional(),
    /**
     * Days from the last sitting's test date before the program (or one
     * of `retakeEquivalents`) may be booked again; 0: no interval.
     */
    retakeAfterDays: z.int().min(0).max(3650).default(0),
    /** Programs whose sittings count for the retake interval too. */
    retakeEquivalents: z.array(SlugSchema).default([]),
    /** A certificate's validity from the test date; absent: CERT_VALIDITY_DAYS. */
    validityDays: z.int().min(1).max(3650).optional(),
    /** May a holder of a valid certificate book the program again? */
    bookableWhileValid: z.boolean().default(false),
    // Personal-qualities programs only (refused on a knowledge program).
    /**
     * Per section (scale) id: 9 ascending raw-score cutoffs; the sten is
     * 1 + the number of cutoffs at or below the raw score.
     */
    norms: z.record(SlugSchema, z.array(z.number()).length(9)).optional(),
    /** A profile meets the rule when no scale is below `minSten`. */
    rule: z.strictObject({ minSten: z.int().min(1).max(10) }).optional(),
    /** Below this the consistency index is flagged; absent: 0.7. */
    consistencyMinimum: z.number().min(0).max(1).optional(),
    /** The knowledge program whose valid certificate is required. */
    requires: z.strictObject({ programId: SlugSchema }).optional(),
  })
  .superRefine((program, ctx) => {
    for (const problem of programKindProblems(program)) {
      ctx.addIssue({ code: "custom", ...problem });
    }
    if (program.retakeEquivalents.includes(program.id)) {
      ctx.addIssue({
        code: "custom",
        path: ["retakeEquivalents"],
        message: "a program is not its own equivalent",
      });
    }
    const total = programQuestionCount(program);
    if (program.minCorrectTotal > total) {
      ctx.addIssue({
        code: "custom",
        path: ["minCorrectTotal"],
        message: `threshold ${program.minCorrectTotal} is above the ${total} question${total === 1 ? "" : "s"} of the program`,
      });
    }
    if (new Set(program.languages).size !== program.languages.length) {
      ctx.addIssue({
        code: "custom",
        path: ["languages"],
        message: "a language is listed twice",
      });
    }
    const sectionIds = new Set<string>();
    const draws = new Set<string>();
    program.sections.forEach((section, index) => {
      if (sectionIds.has(section.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["sections", index, "id"],
          message: `section id "${section.id}" is used twice`,
        });
      }
      sectionIds.add(section.id);
      // Two sections drawing on one pool could give a candidate one item twice.
      const draw = bankSectionKey(section.bank, section.bankSection);
      if (draws.has(draw)) {
        ctx.addIssue({
          code: "custom",
          path: ["sections", index, "bankSection"],
          message: `bank section ${draw} is drawn by two sections`,
        });
      }
      draws.add(draw);
    });
  });
/**
 * A program as loaded. `likert`: for a personal-qualities program, the
 * answer scale of the banks it draws from, resolved by the loader (the
 * program file does not repeat it).
 */
export type Program = z.infer<typeof ProgramSchema> & { likert?: LikertScale };

/** The fields only a personal-qualities program may have. */
const PERSONAL_QUALITIES_FIELDS = [
  "norms",
  "rule",
  "consistencyMinimum",
  "requires",
] as const;

/**
 * What a program's kind forbids or requires (ProgramSchema applies it):
 * a personal-qualities program has no thresholds, no validity, no option
 * shuffling (the points keep their order) and a norm table for every
 * scale; a knowledge program has none of the personal-qualities fields.
 */
export function programKindProblems(program: {
  kind: ProgramKind;
  sections: readonly { id: string; minCorrect: number }[];
  minCorrectTotal: number;
  shuffle: { options: boolean };
  validityDays?: number | undefined;
  norms?: Readonly<Record<string, readonly number[]>> | undefined;
  rule?: unknown;
  consistencyMinimum?: number | undefined;
  requires?: unknown;
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (program.kind === "knowledge") {
    for (const field of PERSONAL_QUALITIES_FIELDS) {
      if (program[field] !== undefined) {
        problems.push({
          path: [field],
          message: `only a personal-qualities program has ${field}`,
        });
      }
    }
    return problems;
  }
  program.sections.forEach((section, index) => {
    if (section.minCorrect !== 0) {
      problems.push({
        path: ["sections", index, "minCorrect"],
        message:
          "must be 0: a personal-qualities scale has no right answers (a rule uses minSten)",
      });
    }
  });
  if (program.minCorrectTotal !== 0) {
    problems.push({
      path: ["minCorrectTotal"],
      message:
        "must be 0: a personal-qualities program has no right answers (a rule uses minSten)",
    });
  }
  if (program.validityDays !== undefined) {
    problems.push({
      path: ["validityDays"],
      message:
        "a personal-qualities program has no validity (its report carries none)",
    });
  }
  if (program.shuffle.options) {
    problems.push({
      path: ["shuffle", "options"],
      message: "must be false: the points of a Likert scale keep their order",
    });
  }
  const norms = program.norms ?? {};
  const scaleIds = new Set(program.sections.map((section) => section.id));
  program.sections.forEach((section, index) => {
    if (!norms[section.id]) {
      problems.push({
        path: ["norms"],
        message: `scale "${section.id}" (sections[${index}]) has no norms`,
      });
    }
  });
  for (const [scaleId, cutoffs] of Object.entries(norms)) {
    if (!scaleIds.has(scaleId)) {
      problems.push({
        path: ["norms", scaleId],
        message: `"${scaleId}" is not a section of the program`,
      });
    }
    cutoffs.forEach((cutoff, index) => {
      const previous = cutoffs[index - 1];
      if (previous !== undefined && !(cutoff > previous)) {
        problems.push({
          path: ["norms", scaleId, index],
          message: `cutoffs must ascend: ${cutoff} is not above ${previous}`,
        });
      }
    });
  }
  return problems;
}

/** The consistency minimum a program applies (its own, else 0.7). */
export const consistencyMinimumOf = (
  program: Pick<Program, "consistencyMinimum">,
): number => program.consistencyMinimum ?? DEFAULT_CONSISTENCY_MINIMUM;

/** The key of a bank section in `itemsBySection` maps: `bank/section`. */
export function bankSectionKey(bankId: string, bankSectionId: string): string {
  return `${bankId}/${bankSectionId}`;
}

/** How many questions a form of the program has. */
export function programQuestionCount(program: {
  sections: readonly { questions: number }[];
}): number {
  return program.sections.reduce((sum, section) => sum + section.questions, 0);
}

/** What the public API says about a program (GET /api/v1/programs). */
export const ProgramSummarySchema = z
  .object({
    id: z.string(),
    titles: TitlesSchema,
    kind: z.enum(PROGRAM_KINDS),
    durationMinutes: z.int(),
    instructionsMinutes: z.int(),
    languages: z.array(TestLanguageSchema),
    questions: z.int(),
    minCorrectTotal: z.int(),
    eligibility: ResolvedEligibilitySchema,
    retakeAfterDays: z
      .int()
      .describe(
        "Days after the last sitting's test date before the next one (0: none)",
      ),
    retakeEquivalents: z
      .array(z.string())
      .describe("Programs whose sittings count for the retake interval too"),
    validityDays: z
      .int()
      .optional()
      .describe(
        "Knowledge programs: a certificate's validity, counted from the test date",
      ),
    bookableWhileValid: z
      .boolean()
      .describe("May a holder of a valid certificate book it again"),
    sections: z
      .array(
        z.object({
          id: z.string(),
          titles: TitlesSchema,
          questions: z.int(),
          minCorrect: z.int(),
        }),
      )
      .describe(
        "Knowledge programs: the sections and thresholds; personal-qualities programs: the scales (minCorrect 0)",
      ),
    likert: z
      .object({
        points: z.int(),
        labels: z.object({
          kk: z.array(z.string()),
          ru: z.array(z.string()),
          en: z.array(z.string()),
        }),
      })
      .optional()
      .describe(
        "Personal-qualities programs: the answer scale, labels from 'strongly disagree' to 'strongly agree'",
      ),
    rule: z
      .object({ minSten: z.int() })
      .optional()
      .describe(
        "Personal-qualities programs with a rule: no scale may be below this sten",
      ),
    requires: z
      .object({ programId: z.string() })
      .optional()
      .describe(
        "Personal-qualities programs: the knowledge program whose valid certificate is required",
      ),
  })
  .meta({ id: "ProgramSummary" });
export type ProgramSummary = z.infer<typeof ProgramSummarySchema>;

/** The days a program's certificate is valid (its own, else the default). */
export const validityDaysOf = (
  program: Pick<Program, "validityDays">,
  defaultValidityDays: number,
): number => program.validityDays ?? defaultValidityDays;

/**
 * The public face of a program, every default resolved: no bank names, no
 * shuffle settings; for a personal-qualities program its scales, answer
 * scale, rule and required program, never its norms, consistency minimum,
 * or which items are reverse-keyed or paired.
 */
export function toProgramSummary(
  program: Program,
  context: {
    categories: readonly PositionCategory[];
    defaultValidityDays: number;
  },
): ProgramSummary {
  return {
    id: program.id,
    titles: program.titles,
    kind: program.kind,
    durationMinutes: program.durationMinutes,
    instructionsMinutes: program.instructionsMinutes,
    languages: program.languages,
    questions: programQuestionCount(program),
    minCorrectTotal: program.minCorrectTotal,
    eligibility: resolveEligibility(program.eligibility, context.categories),
    retakeAfterDays: program.retakeAfterDays,
    retakeEquivalents: program.retakeEquivalents,
    ...(program.kind === "knowledge"
      ? { validityDays: validityDaysOf(program, context.defaultValidityDays) }
      : {}),
    bookableWhileValid: program.bookableWhileValid,
    sections: program.sections.map((section) => ({
      id: section.id,
      titles: section.titles,
      questions: section.questions,
      minCorrect: section.minCorrect,
    })),
    ...(program.kind === "personal-qualities"
      ? {
          ...(program.likert
            ? {
                likert: {
                  points: program.likert.points,
                  labels: {
                    kk: [...program.likert.labels.kk],
                    ru: [...program.likert.labels.ru],
                    en: [...program.likert.labels.en],
                  },
                },
              }
            : {}),
          ...(program.rule ? { rule: { minSten: program.rule.minSten } } : {}),
          ...(program.requires
            ? { requires: { programId: program.requires.programId } }
            : {}),
        }
      : {}),
  };
}

/**
 * One candidate's form: which items, in which order, with which option
 * order. Assembled at admission from `seed` and stored with the attempt;
 * it holds no key, so it may travel anywhere.
 */
export const FormSchema = z
  .object({
    seed: z.string().min(1),
    programId: z.string(),
    language: TestLanguageSchema,
    items: z.array(
      z.object({
        itemId: z.string(),
        /** The program section (not the bank section). */
        sectionId: z.string(),
        optionOrder: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "Form" });
export type Form = z.infer<typeof FormSchema>;
export type FormItem = Form["items"][number];

/** Chosen option ids per item id; an absent item is unanswered. */
export type Responses = Readonly<Record<string, readonly string[]>>;

/**
 * What a kiosk may see of an item: never the key (nor, for a Likert item,
 * its direction or pair). A `likert` item is answered with exactly one
 * option, the point, its options in scale order.
 */
export const KioskItemSchema = z
  .object({
    id: z.string(),
    type: z
      .enum(ITEM_TYPES)
      .describe(
        "single: one option; multiple: one or more; likert: one point of the scale",
      ),
    language: TestLanguageSchema,
    stem: z.string(),
    options: z.array(z.object({ id: z.string(), text: z.string() })),
  })
  .meta({ id: "KioskItem" });
export type KioskItem = z.infer<typeof KioskItemSchema>;

/** A scored attempt, per section and in total, against the thresholds. */
export const AttemptScoreSchema = z
  .object({
    sections: z.array(
      z.object({
        sectionId: z.string(),
        correct: z.int(),
        /** Questions counted: voided items are not. */
        total: z.int(),
        /** The threshold applied (lowered to `total` if voiding forced it). */
        minCorrect: z.int(),
        passed: z.boolean(),
      }),
    ),
    correct: z.int(),
    total: z.int(),
    minCorrectTotal: z.int(),
    passed: z.boolean(),
  })
  .meta({ id: "AttemptScore" });
export type AttemptScore = z.infer<typeof AttemptScoreSchema>;
