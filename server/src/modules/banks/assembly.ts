import {
  bankSectionKey,
  type BankItem,
  type Form,
  type FormItem,
  type Program,
} from "@shared/banks";
import type { TestLanguage } from "@shared/enums";
import { unprocessable } from "../../errors";
import { seededRandom, shuffled } from "./random";

/** Items of each bank section, keyed by `bankSectionKey(bank, section)`. */
export type ItemsBySection = ReadonlyMap<string, readonly BankItem[]>;

/**
 * Assembles one candidate's form from a seed: for each program section, in
 * program order, `questions` distinct items drawn from its bank section
 * among those written in `language`; items shuffled within their section
 * and options shuffled when the program says so (never a Likert item's
 * points). The same program, banks, seed and language always give the same
 * form, so storing the seed (and the form) with the attempt makes it
 * reproducible for appeals and audits.
 */
export function assembleForm(
  program: Program,
  itemsBySection: ItemsBySection,
  seed: string,
  language: TestLanguage,
): Form {
  if (!program.languages.includes(language)) {
    throw unprocessable(
      "language_not_offered",
      `Program ${program.id} is offered in ${program.languages.join(", ")}, not ${language}.`,
    );
  }
  const items: FormItem[] = [];
  for (const section of program.sections) {
    const key = bankSectionKey(section.bank, section.bankSection);
    const bankOrder = (itemsBySection.get(key) ?? []).filter(
      (item) => item.text[language] !== undefined,
    );
    if (bankOrder.length < section.questions) {
      // The validator refuses such banks; reaching this is a deployment bug.
      throw new Error(
        `Bank section ${key} has ${bankOrder.length} items in ${language}; program ${program.id} section ${section.id} draws ${section.questions}.`,
      );
    }
    // Drawing from id order makes the selection independent of file order.
    const byId = [...bankOrder].sort((a, b) => compareIds(a.id, b.id));
    const drawn = shuffled(byId, seededRandom(seed, "section", section.id));
    const chosen = drawn.slice(0, section.questions);
    const ordered = program.shuffle.items
      ? chosen
      : bankOrder.filter((item) => chosen.includes(item));
    for (const item of ordered) {
      items.push({
        itemId: item.id,
        sectionId: section.id,
        // A Likert scale's points keep their order, whatever the program says.
        optionOrder:
          program.shuffle.options && item.type !== "likert"
            ? shuffled(item.options, seededRandom(seed, "options", item.id))
            : [...item.options],
      });
    }
  }
  // A questionnaire's scales are interleaved: statements grouped by scale
  // would show a candidate which ones measure the same quality.
  if (program.kind === "personal-qualities" && program.shuffle.items) {
    return {
      seed,
      programId: program.id,
      language,
      items: shuffled(items, seededRandom(seed, "statements")),
    };
  }
  return { seed, programId: program.id, language, items };
}

// Code-unit order, not locale order: the same on every machine.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
