import { z } from "zod";
import {
  BankSchema,
  BankSectionFileSchema,
  ItemSchema,
  LikertItemSchema,
  PositionCategoriesFileSchema,
  ProgramSchema,
  bankSectionKey,
  consistencyMinimumOf,
  expandLikertItem,
  programQuestionCount,
  type Bank,
  type BankItem,
  type Item,
  type LikertScale,
  type PositionCategoriesFile,
  type PositionCategory,
  type Program,
  type Titles,
} from "@shared/banks";
import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";

/** The registry's position categories, at the top of the bank directory. */
export const POSITION_CATEGORIES_FILE = "position-categories.json";

/** A file of a bank directory: path relative to it, with `/` separators. */
export type BankFile = { path: string; text: string };

/** One thing wrong, named by the file to open. */
export type Problem = { file: string; message: string };

export type BankSectionInfo = {
  bankId: string;
  bankSectionId: string;
  titles: Titles;
  file: string;
};

/** Everything that loaded cleanly, indexed for assembly and scoring. */
export type BankCatalog = {
  banks: Bank[];
  programs: Program[];
  /** The registry's position categories (position-categories.json). */
  positionCategories: PositionCategory[];
  /** True when that list is a demonstration (with its notice). */
  positionCategoriesNotice: PositionCategoriesFile["notice"] | null;
  sections: BankSectionInfo[];
  itemsById: Map<string, BankItem>;
  /** Keyed by `bankSectionKey(bank, section)`, items in file order. */
  itemsBySection: Map<string, BankItem[]>;
};

export type SectionReport = {
  bankSectionId: string;
  items: number;
  byLanguage: Record<TestLanguage, number>;
};
export type BankReport = {
  bankId: string;
  demonstration: boolean;
  sections: SectionReport[];
};

export type ValidationResult = {
  catalog: BankCatalog;
  report: BankReport[];
  problems: Problem[];
};

// Items are parsed one by one so one bad item hides none of the others.
const SectionEnvelopeSchema = BankSectionFileSchema.extend({
  items: z.array(z.unknown()),
});

/**
 * Checks a whole bank directory (question-banks/README.md): every program,
 * bank and item, and every reference between them. Returns what loaded and
 * every problem found, not just the first.
 */
export function validateBankFiles(
  files: readonly BankFile[],
): ValidationResult {
  const problems: Problem[] = [];
  const problem = (file: string, message: string) =>
    problems.push({ file, message });

  const programFiles: { file: string; id: string; json: unknown }[] = [];
  const bankFiles = new Map<string, { file: string; json: unknown }>();
  const sectionFiles: {
    file: string;
    bankId: string;
    id: string;
    json: unknown;
  }[] = [];

  let categoriesFile: { file: string; json: unknown } | null = null;
  const sorted = [...files].sort((a, b) => compareStrings(a.path, b.path));
  for (const { path, text } of sorted) {
    const parts = path.split("/");
    if (!path.endsWith(".json") || parts.some((part) => part.startsWith("."))) {
      continue;
    }
    const json = parseJson(text);
    if (!json.ok) {
      problem(path, `malformed JSON: ${json.error}`);
      continue;
    }
    const [folder, name] = parts;
    const id = name?.replace(/\.json$/, "") ?? "";
    if (path === POSITION_CATEGORIES_FILE) {
      categoriesFile = { file: path, json: json.value };
    } else if (parts.length !== 2 || !folder) {
      problem(
        path,
        `unexpected file: programs go in programs/<id>.json, items in <bank>/<section>.json, categories in ${POSITION_CATEGORIES_FILE}`,
      );
    } else if (folder === "programs") {
      programFiles.push({ file: path, id, json: json.value });
    } else if (name === "bank.json") {
      bankFiles.set(folder, { file: path, json: json.value });
    } else {
      sectionFiles.push({ file: path, bankId: folder, id, json: json.value });
    }
  }

  const banks: Bank[] = [];
  const bankById = new Map<string, Bank>();
  const knownBanks = new Set<string>();
  for (const [folder, { file, json }] of bankFiles) {
    knownBanks.add(folder);
    const parsed = BankSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problem(file, describe(issue));
      continue;
    }
    if (parsed.data.id !== folder) {
      problem(
        file,
        `id "${parsed.data.id}" must be the folder name "${folder}"`,
      );
    }
    banks.push(parsed.data);
    bankById.set(folder, parsed.data);
  }
  const foldersWithoutBank = new Set(
    sectionFiles
      .map((section) => section.bankId)
      .filter((bankId) => !bankFiles.has(bankId)),
  );
  for (const folder of foldersWithoutBank) {
    problem(
      `${folder}/`,
      "no bank.json: a bank folder needs one (id, titles, demonstration)",
    );
  }

  const sections: BankSectionInfo[] = [];
  const itemsById = new Map<string, BankItem>();
  const itemsBySection = new Map<string, BankItem[]>();
  const itemFiles = new Map<string, string>();
  for (const { file, bankId, id, json } of sectionFiles) {
    const parsed = SectionEnvelopeSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problem(file, describe(issue));
      continue;
    }
    if (parsed.data.section !== id) {
      problem(
        file,
        `section "${parsed.data.section}" must be the file name "${id}"`,
      );
    }
    const key = bankSectionKey(bankId, id);
    const items: BankItem[] = [];
    sections.push({
      bankId,
      bankSectionId: id,
      titles: parsed.data.titles,
      file,
    });
    itemsBySection.set(key, items);
    parsed.data.items.forEach((raw, index) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const label =
        typeof rawId === "string" ? `item "${rawId}"` : `item #${index + 1}`;
      if (typeof rawId === "string") {
        const firstFile = itemFiles.get(rawId);
        if (firstFile !== undefined) {
          problem(
            file,
            `${label}: duplicate item id (also in ${firstFile}); item ids are unique across all banks`,
          );
          return;
        }
        itemFiles.set(rawId, file);
      }
      const loaded = loadItem(raw, bankById.get(bankId), bankId);
      if (!loaded.ok) {
        for (const message of loaded.problems) {
          problem(file, `${label}: ${message}`);
        }
        return;
      }
      const bankItem: BankItem = {
        ...loaded.item,
        bankId,
        bankSectionId: id,
      };
      items.push(bankItem);
      itemsById.set(bankItem.id, bankItem);
    });
    const likertCount = items.filter((item) => item.type === "likert").length;
    if (likertCount > 0 && likertCount < items.length) {
      problem(
        file,
        `the section mixes ${count(likertCount, "likert item")} with ${count(items.length - likertCount, "keyed item")}: a bank section holds one kind only`,
      );
    }
  }
  for (const info of sections) {
    const items =
      itemsBySection.get(bankSectionKey(info.bankId, info.bankSectionId)) ?? [];
    for (const message of pairProblems(items, itemFiles)) {
      problem(info.file, message);
    }
  }

  const positionCategories: PositionCategory[] = [];
  let positionCategoriesNotice: PositionCategoriesFile["notice"] | null = null;
  if (categoriesFile) {
    const parsed = PositionCategoriesFileSchema.safeParse(categoriesFile.json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problem(categoriesFile.file, describe(issue));
      }
    } else {
      for (const category of parsed.data.categories) {
        if (positionCategories.some((other) => other.code === category.code)) {
          problem(
            categoriesFile.file,
            `category "${category.code}" is listed twice`,
          );
          continue;
        }
        positionCategories.push(category);
      }
      positionCategoriesNotice = parsed.data.notice ?? null;
    }
  }
  const categoryCodes = new Map(
    positionCategories.map((category) => [category.code, category]),
  );

  const programs: Program[] = [];
  const reportedTranslations = new Set<string>();
  for (const { file, id, json } of programFiles) {
    const parsed = ProgramSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problem(file, describe(issue));
      continue;
    }
    const program = parsed.data;
    if (program.id !== id) {
      problem(file, `id "${program.id}" must be the file name "${id}"`);
    }
    if (programs.some((other) => other.id === program.id)) {
      problem(file, `program id "${program.id}" is used twice`);
      continue;
    }
    const programIndex = programs.push(program) - 1;
    const personalQualities = program.kind === "personal-qualities";
    let likert: { bankId: string; scale: LikertScale } | null = null;
    program.eligibility?.categories?.forEach((code, index) => {
      const category = categoryCodes.get(code);
      const where = `eligibility.categories[${index}]`;
      if (!category) {
        problem(
          file,
          `${where}: unknown position category "${code}" (not in ${POSITION_CATEGORIES_FILE})`,
        );
      } else if (
        program.eligibility?.corps &&
        !program.eligibility.corps.includes(category.corps)
      ) {
        problem(
          file,
          `${where}: category "${code}" is in corps ${category.corps}, which the program is not for`,
        );
      }
    });
    for (const section of program.sections) {
      const where = `section "${section.id}"`;
      if (!knownBanks.has(section.bank)) {
        problem(file, `${where} draws from unknown bank "${section.bank}"`);
        continue;
      }
      const key = bankSectionKey(section.bank, section.bankSection);
      const pool = itemsBySection.get(key);
      if (!pool) {
        problem(file, `${where} draws from unknown bank section "${key}"`);
        continue;
      }
      const likertItems = pool.filter((item) => item.type === "likert");
      if (personalQualities && likertItems.length < pool.length) {
        problem(
          file,
          `${where} draws from ${key}, which holds keyed items: a personal-qualities program draws Likert items only`,
        );
      } else if (!personalQualities && likertItems.length > 0) {
        problem(
          file,
          `${where} draws from ${key}, which holds Likert items: a ${program.kind} program draws keyed items only`,
        );
      }
      const scale = bankById.get(section.bank)?.likert;
      if (personalQualities && scale) {
        if (!likert) {
          likert = { bankId: section.bank, scale };
        } else if (!sameScale(likert.scale, scale)) {
          problem(
            file,
            `${where} draws from bank "${section.bank}", whose likert scale differs from bank "${likert.bankId}"'s: a program's scales share one answer scale`,
          );
        }
      }
      for (const language of program.languages) {
        const available = pool.filter((item) => item.text[language]);
        if (available.length < section.questions) {
          problem(
            file,
            `${where} draws ${section.questions} questions from ${key}, which has only ${count(available.length, "item")} in ${language}`,
          );
        }
        for (const item of pool) {
          const seen = `${item.id}/${language}`;
          if (item.text[language] || reportedTranslations.has(seen)) continue;
          reportedTranslations.add(seen);
          problem(
            itemFiles.get(item.id) ?? key,
            `item "${item.id}": missing translation: no ${language} text, but program ${program.id} offers ${language}`,
          );
        }
      }
    }
    // The scale the kiosk shows and the summary publishes, resolved once.
    if (likert) programs[programIndex] = { ...program, likert: likert.scale };
  }

  const programIds = new Set(programs.map((program) => program.id));
  for (const program of programs) {
    const file =
      programFiles.find((candidate) => candidate.id === program.id)?.file ??
      `programs/${program.id}.json`;
    for (const equivalent of program.retakeEquivalents) {
      if (!programIds.has(equivalent)) {
        problem(file, `retakeEquivalents: unknown program "${equivalent}"`);
      }
    }
    if (program.requires) {
      const required = programs.find(
        (other) => other.id === program.requires?.programId,
      );
      if (!required) {
        problem(
          file,
          `requires.programId: unknown program "${program.requires.programId}"`,
        );
      } else if (required.kind !== "knowledge") {
        problem(
          file,
          `requires.programId: "${required.id}" is a ${required.kind} program; the required certificate is of a knowledge program`,
        );
      }
    }
  }

  const catalog = {
    banks,
    programs,
    positionCategories,
    positionCategoriesNotice,
    sections,
    itemsById,
    itemsBySection,
  };
  // Grouped by file (stable, so each file's problems keep their order).
  problems.sort((a, b) => compareStrings(a.file, b.file));
  return { catalog, report: reportOf(catalog), problems };
}

function reportOf(catalog: BankCatalog): BankReport[] {
  const bankIds = [
    ...new Set([
      ...catalog.banks.map((bank) => bank.id),
      ...catalog.sections.map((section) => section.bankId),
    ]),
  ].sort();
  return bankIds.map((bankId) => ({
    bankId,
    demonstration:
      catalog.banks.find((bank) => bank.id === bankId)?.demonstration ?? false,
    sections: catalog.sections
      .filter((section) => section.bankId === bankId)
      .map((section) => {
        const items =
          catalog.itemsBySection.get(
            bankSectionKey(bankId, section.bankSectionId),
          ) ?? [];
        return {
          bankSectionId: section.bankSectionId,
          items: items.length,
          byLanguage: Object.fromEntries(
            TEST_LANGUAGES.map((language) => [
              language,
              items.filter((item) => item.text[language]).length,
            ]),
          ) as Record<TestLanguage, number>,
        };
      }),
  }));
}

/** The validator's human report: items per section per language, programs. */
export function formatReport(result: ValidationResult): string {
  const lines: string[] = [];
  for (const bank of result.report) {
    const items = bank.sections.reduce((sum, s) => sum + s.items, 0);
    lines.push(
      `bank ${bank.bankId}: ${bank.sections.length} sections, ${items} items` +
        (bank.demonstration ? " (demonstration content)" : ""),
    );
    const width = Math.max(
      28,
      ...bank.sections.map((section) => section.bankSectionId.length + 2),
    );
    lines.push(
      `  ${"section".padEnd(width)}${"items".padStart(6)}` +
        TEST_LANGUAGES.map((language) => language.padStart(6)).join(""),
    );
    for (const section of bank.sections) {
      lines.push(
        `  ${section.bankSectionId.padEnd(width)}${String(section.items).padStart(6)}` +
          TEST_LANGUAGES.map((language) =>
            String(section.byLanguage[language]).padStart(6),
          ).join(""),
      );
    }
  }
  for (const program of result.catalog.programs) {
    if (program.kind === "personal-qualities") {
      lines.push(
        `program ${program.id}: personal qualities, ${count(program.sections.length, "scale")}, ` +
          `${count(programQuestionCount(program), "statement")} ` +
          `(${program.sections.map((s) => `${s.id} ${s.questions}`).join(", ")}), ` +
          `${program.likert ? `${program.likert.points}-point scale, ` : ""}` +
          `${program.rule ? `rule: no scale below sten ${program.rule.minSten}` : "no rule (a profile)"}, ` +
          `consistency minimum ${consistencyMinimumOf(program)}, ` +
          `${program.requires ? `requires ${program.requires.programId}, ` : ""}` +
          `${program.durationMinutes} min + ${program.instructionsMinutes} min instructions, ` +
          program.languages.join("/"),
      );
      continue;
    }
    lines.push(
      `program ${program.id}: ${program.sections.length} sections, ` +
        `${programQuestionCount(program)} questions, pass at ${program.minCorrectTotal} ` +
        `(${program.sections.map((s) => `${s.id} ${s.minCorrect}/${s.questions}`).join(", ")}), ` +
        `${program.durationMinutes} min + ${program.instructionsMinutes} min instructions, ` +
        program.languages.join("/"),
    );
  }
  return lines.join("\n");
}

/** One line per problem: `file: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(({ file, message }) => `${file}: ${message}`).join("\n");
}

/**
 * One item of a section file, parsed and (a Likert item) expanded with its
 * bank's scale: options "1" … "N", the labels as option texts, no key.
 */
function loadItem(
  raw: unknown,
  bank: Bank | undefined,
  bankId: string,
): { ok: true; item: Item } | { ok: false; problems: string[] } {
  const failed = (issues: readonly z.core.$ZodIssue[]) => ({
    ok: false as const,
    problems: issues.map(describe),
  });
  if ((raw as { type?: unknown } | null)?.type !== "likert") {
    const keyed = ItemSchema.safeParse(raw);
    return keyed.success
      ? { ok: true, item: keyed.data }
      : failed(keyed.error.issues);
  }
  const likert = LikertItemSchema.safeParse(raw);
  if (!likert.success) return failed(likert.error.issues);
  const scale = bank?.likert;
  if (!scale) {
    return {
      ok: false,
      problems: [
        `a likert item needs its bank's answer scale: ${bankId}/bank.json has no "likert" (points, labels)`,
      ],
    };
  }
  return { ok: true, item: expandLikertItem(likert.data, scale) };
}

/**
 * The consistency pairs of one bank section: `pairedWith` names another
 * item of the same section, a pair is written on one of its items only,
 * and an item is in at most one pair.
 */
function pairProblems(
  items: readonly BankItem[],
  itemFiles: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  const inSection = new Set(items.map((item) => item.id));
  const partnerOf = new Map<string, string>();
  for (const item of items) {
    if (item.type !== "likert" || item.pairedWith === undefined) continue;
    const label = `item "${item.id}": pairedWith`;
    const other = item.pairedWith;
    if (other === item.id) {
      problems.push(`${label}: an item is not paired with itself`);
    } else if (!inSection.has(other)) {
      const elsewhere = itemFiles.get(other);
      problems.push(
        elsewhere
          ? `${label}: "${other}" is in ${elsewhere}; a pair is two items of one bank section`
          : `${label}: unknown item "${other}" (not in this bank section)`,
      );
    } else if (partnerOf.get(other) === item.id) {
      problems.push(
        `${label}: the pair with "${other}" is already written on "${other}"; write a pair on one of its items only`,
      );
    } else {
      const taken = [item.id, other].find((id) => partnerOf.has(id));
      if (taken !== undefined) {
        problems.push(
          `${label}: "${taken}" is already paired with "${partnerOf.get(taken)}"; an item is in at most one pair`,
        );
        continue;
      }
      partnerOf.set(item.id, other);
      partnerOf.set(other, item.id);
    }
  }
  return problems;
}

function sameScale(a: LikertScale, b: LikertScale): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, index) =>
      typeof part === "number"
        ? `[${part}]`
        : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// Code-unit order: the same report on every machine and locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
