/**
 * What the reliability report of a personal-qualities program is computed
 * from: each scored attempt as a respondent (its language and the score of
 * every item on its form) and the program's scales (its sections, with the
 * items the forms drew for them). The statistics themselves are
 * reliability.ts; this file turns attempts into its plain inputs.
 */
import type { Form, Item, Program, Responses } from "@shared/banks";
import type { TestLanguage } from "@shared/enums";
import type { Respondent, ScaleDefinition } from "./reliability";

/**
 * An item's score as the profile scores it (banks/profile.ts): the point
 * chosen, 1 … N, and N + 1 − point for a reverse-keyed item. Null when it
 * was not answered with exactly one of its points (unanswered: the
 * profile's midpoint is imputation, not an answer, so reliability leaves
 * the respondent out of that scale instead), or the item is not a Likert
 * statement.
 */
export function likertScore(
  item: Item | undefined,
  chosen: readonly string[] | undefined,
): number | null {
  if (!item || item.type !== "likert") return null;
  if (!chosen || chosen.length !== 1) return null;
  const index = item.options.indexOf(chosen[0] ?? "");
  if (index === -1) return null;
  const point = index + 1;
  return item.reverse ? item.options.length + 1 - point : point;
}

/** One attempt as a respondent: every item of its form scored (or null). */
export function respondentOf(
  language: TestLanguage,
  form: Pick<Form, "items">,
  responses: Responses,
  itemsById: ReadonlyMap<string, Item>,
): Respondent {
  const scores: Record<string, number | null> = {};
  for (const formItem of form.items) {
    scores[formItem.itemId] = likertScore(
      itemsById.get(formItem.itemId),
      responses[formItem.itemId],
    );
  }
  return { language, scores };
}

/**
 * The program's scales, in its section order, each with the items the
 * forms put in it, in the banks' order (`itemOrder`: item id → position;
 * an item the banks no longer hold goes last, by id).
 */
export function scalesOf(
  program: Pick<Program, "sections">,
  forms: readonly Pick<Form, "items">[],
  itemOrder: ReadonlyMap<string, number>,
): ScaleDefinition[] {
  const bySection = new Map<string, Set<string>>(
    program.sections.map((section) => [section.id, new Set<string>()]),
  );
  for (const form of forms)
    for (const formItem of form.items)
      bySection.get(formItem.sectionId)?.add(formItem.itemId);
  const position = (itemId: string) =>
    itemOrder.get(itemId) ?? Number.MAX_SAFE_INTEGER;
  return program.sections.map((section) => ({
    scaleId: section.id,
    itemIds: [...bySection.get(section.id)!].sort(
      (a, b) => position(a) - position(b) || a.localeCompare(b),
    ),
  }));
}
