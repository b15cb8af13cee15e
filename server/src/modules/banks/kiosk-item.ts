import type { Item, KioskItem } from "@shared/banks";
import type { TestLanguage } from "@shared/enums";

/**
 * The payload a kiosk may see: id, type, stem and the options in display
 * order. Built field by field (never by spreading the item) so the key
 * cannot ride along when the item format grows.
 */
export function toKioskItem(
  item: Item,
  language: TestLanguage,
  optionOrder: readonly string[],
): KioskItem {
  const text = item.text[language];
  if (!text) {
    throw new Error(`Item ${item.id} has no ${language} text.`);
  }
  const known = new Set(item.options);
  if (
    optionOrder.length !== item.options.length ||
    new Set(optionOrder).size !== optionOrder.length ||
    !optionOrder.every((optionId) => known.has(optionId))
  ) {
    throw new Error(
      `Option order ${optionOrder.join(",")} is not a permutation of item ${item.id}'s options.`,
    );
  }
  return {
    id: item.id,
    type: item.type,
    language,
    stem: text.stem,
    options: optionOrder.map((optionId) => ({
      id: optionId,
      text: text.options[optionId] ?? "",
    })),
  };
}
