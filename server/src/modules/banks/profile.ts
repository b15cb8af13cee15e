import type { Consistency, Profile, ScaleScore } from "@shared/assessment";
import {
  consistencyMinimumOf,
  type Form,
  type Item,
  type LikertItem,
  type Program,
  type Responses,
} from "@shared/banks";

/**
 * Scores a submitted personal-qualities form into a profile
 * (question-banks/README.md, "Personal-qualities scoring"):
 *
 * - an item scores the point chosen (1 … N); a reverse-keyed item
 *   N + 1 − point;
 * - an unanswered item scores the scale's midpoint (N + 1) / 2 and is
 *   counted in `missing`: the norms were set on complete answer sheets, so
 *   leaving an item out would lower the raw score, and the sten with it, by
 *   the item's weight; the midpoint neither helps nor harms, and `missing`
 *   tells reviewers how much of the scale is imputed. A response that is
 *   not exactly one of the item's points counts as unanswered;
 * - a scale's raw score is the sum over its items on the form, its sten
 *   1 + the number of the program's 9 cutoffs at or below it (`stenOf`);
 * - consistency, over the pairs with both items on the form and answered:
 *   1 − mean |score a − score b| / (N − 1), reverse-keyed items reversed
 *   first; with no such pair, 1 over 0 pairs. Low below the program's
 *   minimum (0.7 unless it sets one): reviewers are told, the profile stands;
 * - `rule`, only when the program has one: met when no scale's sten is
 *   below `minSten`.
 */
export function scoreProfile(
  program: Program,
  itemsById: ReadonlyMap<string, Item>,
  form: Form,
  responses: Responses,
): Profile {
  if (program.kind !== "personal-qualities") {
    throw new Error(
      `Program ${program.id} is a ${program.kind} program, not a personal-qualities one.`,
    );
  }
  if (form.programId !== program.id) {
    throw new Error(
      `Form of program ${form.programId} cannot be scored with program ${program.id}.`,
    );
  }
  const sectionIds = new Set(program.sections.map((section) => section.id));
  const scored = form.items.map((formItem) => {
    if (!sectionIds.has(formItem.sectionId)) {
      throw new Error(
        `Form item ${formItem.itemId} is in section ${formItem.sectionId}, which program ${program.id} does not have.`,
      );
    }
    const item = itemsById.get(formItem.itemId);
    if (!item) {
      throw new Error(`Item ${formItem.itemId} is not in the banks.`);
    }
    if (item.type !== "likert") {
      throw new Error(
        `Item ${item.id} is a ${item.type} item; a personal-qualities form holds Likert items only.`,
      );
    }
    const points = item.options.length;
    const chosen = pointOf(item, responses[item.id]);
    return {
      item,
      sectionId: formItem.sectionId,
      points,
      answered: chosen !== null,
      score:
        chosen === null
          ? (points + 1) / 2
          : item.reverse
            ? points + 1 - chosen
            : chosen,
    };
  });

  const scales: ScaleScore[] = program.sections.map((section) => {
    const items = scored.filter((entry) => entry.sectionId === section.id);
    if (items.length === 0) {
      throw new Error(
        `Form of program ${program.id} has no item of scale ${section.id}.`,
      );
    }
    const cutoffs = program.norms?.[section.id];
    if (!cutoffs) {
      // The validator refuses such a program; reaching this is a bug.
      throw new Error(
        `Program ${program.id} has no norms for scale ${section.id}.`,
      );
    }
    const raw = sum(items.map((entry) => entry.score));
    return {
      scaleId: section.id,
      titles: section.titles,
      raw,
      items: items.length,
      missing: items.filter((entry) => !entry.answered).length,
      sten: stenOf(cutoffs, raw),
    };
  });

  const byId = new Map(scored.map((entry) => [entry.item.id, entry]));
  const counted = new Set<string>();
  // Σ |a − b| over Σ (N − 1): the mean difference over N − 1 in one
  // division (N is one per program), so a boundary value stays exact.
  let difference = 0;
  let range = 0;
  for (const entry of scored) {
    const partnerId = entry.item.pairedWith;
    if (partnerId === undefined) continue;
    const partner = byId.get(partnerId);
    const pairKey = [entry.item.id, partnerId].sort().join("\u0000");
    if (!partner || counted.has(pairKey)) continue;
    if (!entry.answered || !partner.answered) continue;
    counted.add(pairKey);
    difference += Math.abs(entry.score - partner.score);
    range += entry.points - 1;
  }
  const minimum = consistencyMinimumOf(program);
  const index = counted.size === 0 ? 1 : 1 - difference / range;
  const consistency: Consistency = {
    index,
    pairs: counted.size,
    minimum,
    low: index < minimum,
  };

  const rule = program.rule;
  return {
    scales,
    consistency,
    ...(rule
      ? {
          rule: {
            minSten: rule.minSten,
            met: scales.every((scale) => scale.sten >= rule.minSten),
          },
        }
      : {}),
  };
}

/**
 * The sten (1–10) of a raw score: 1 + the number of the 9 ascending cutoffs
 * at or below it. Below the first cutoff: 1; at or above the ninth: 10.
 */
export function stenOf(cutoffs: readonly number[], raw: number): number {
  if (cutoffs.length !== 9) {
    throw new Error(`A norm table has 9 cutoffs, not ${cutoffs.length}.`);
  }
  return 1 + cutoffs.filter((cutoff) => cutoff <= raw).length;
}

/** The point chosen (1 … N), or null unless exactly one point was chosen. */
function pointOf(
  item: LikertItem,
  chosen: readonly string[] | undefined,
): number | null {
  if (!chosen || chosen.length !== 1) return null;
  const [optionId] = chosen;
  const index = item.options.indexOf(optionId ?? "");
  return index === -1 ? null : index + 1;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
