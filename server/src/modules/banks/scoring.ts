import type {
  AttemptScore,
  BankItem,
  Form,
  Item,
  Program,
  Responses,
} from "@shared/banks";

/**
 * Scores a submitted form. An item counts as correct only when the chosen
 * option ids equal its key as a set (so a multiple-choice item with one key
 * missed or one extra option is wrong); unanswered is wrong.
 *
 * Voided items (a question found faulty after the fact) leave both the
 * numerator and the denominator: nobody gains or loses by them. Thresholds
 * stay as published unless voiding leaves fewer questions than the
 * threshold; then the threshold becomes the number left, so a candidate can
 * never fail for a question nobody could answer.
 *
 * Passed only when every section threshold and the total threshold are met.
 */
export function scoreAttempt(
  program: Program,
  itemsById: ReadonlyMap<string, Pick<BankItem, "id" | "correct">>,
  form: Form,
  responses: Responses,
  voidedItemIds: ReadonlySet<string> = new Set(),
): AttemptScore {
  if (form.programId !== program.id) {
    throw new Error(
      `Form of program ${form.programId} cannot be scored with program ${program.id}.`,
    );
  }
  const sectionIds = new Set(program.sections.map((section) => section.id));
  for (const formItem of form.items) {
    if (!sectionIds.has(formItem.sectionId)) {
      throw new Error(
        `Form item ${formItem.itemId} is in section ${formItem.sectionId}, which program ${program.id} does not have.`,
      );
    }
  }
  const sections = program.sections.map((section) => {
    let correct = 0;
    let total = 0;
    for (const formItem of form.items) {
      if (formItem.sectionId !== section.id) continue;
      if (voidedItemIds.has(formItem.itemId)) continue;
      const item = itemsById.get(formItem.itemId);
      if (!item) {
        // Deleting an item would silently change scores; void it instead.
        throw new Error(
          `Item ${formItem.itemId} is not in the banks; void it rather than delete it.`,
        );
      }
      total += 1;
      if (isCorrect(item, responses[formItem.itemId])) correct += 1;
    }
    const minCorrect = Math.min(section.minCorrect, total);
    return {
      sectionId: section.id,
      correct,
      total,
      minCorrect,
      passed: correct >= minCorrect,
    };
  });
  const correct = sum(sections.map((section) => section.correct));
  const total = sum(sections.map((section) => section.total));
  const minCorrectTotal = Math.min(program.minCorrectTotal, total);
  return {
    sections,
    correct,
    total,
    minCorrectTotal,
    passed:
      correct >= minCorrectTotal && sections.every((section) => section.passed),
  };
}

/** Exact match: the chosen option ids equal the key as a set. */
export function isCorrect(
  item: Pick<Item, "correct">,
  chosen: readonly string[] | undefined,
): boolean {
  if (!chosen) return false;
  const chosenIds = new Set(chosen);
  return (
    chosenIds.size === item.correct.length &&
    item.correct.every((key) => chosenIds.has(key))
  );
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
