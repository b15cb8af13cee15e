import type { ItemType } from "@shared/banks";

/**
 * The test screen's keyboard: digits choose options (the points of a
 * Likert scale), arrows move, F flags.
 * Keys are read by their physical position (`code`), so the Kazakh and
 * Russian layouts, whose digit row and F key type letters, work the same.
 */

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type TestKeyAction =
  | { kind: "choose"; index: number }
  | { kind: "previous" }
  | { kind: "next" }
  | { kind: "flag" };

/** What a key does on the test screen; null when it does nothing there. */
export function testKeyAction(press: KeyPress): TestKeyAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(press.code);
  if (digit?.[1]) return { kind: "choose", index: Number(digit[1]) - 1 };
  switch (press.code) {
    case "ArrowLeft":
      return { kind: "previous" };
    case "ArrowRight":
      return { kind: "next" };
    case "KeyF":
      return press.shiftKey ? null : { kind: "flag" };
    default:
      return null;
  }
}

const CTRL_LETTERS = new Set("CVXAPSFURO".split(""));

/**
 * The shortcut a key press is, if the kiosk blocks it during the test:
 * copy, paste, print, save, find, view source, developer tools, reload.
 * Returns a label for the incident report (`Ctrl+C`), or null.
 */
export function blockedShortcut(press: KeyPress): string | null {
  if (press.code === "F12") return "F12";
  if (press.code === "F5") return "F5";
  if (press.code === "F11") return "F11";
  const modifier = press.ctrlKey ? "Ctrl" : press.metaKey ? "Meta" : null;
  if (!modifier) return null;
  const letter = /^Key([A-Z])$/.exec(press.code)?.[1];
  if (!letter) return null;
  if (press.shiftKey && (letter === "I" || letter === "J" || letter === "C")) {
    return `${modifier}+Shift+${letter}`;
  }
  return CTRL_LETTERS.has(letter) ? `${modifier}+${letter}` : null;
}

/**
 * Items answered with exactly one option: single choice, and a Likert
 * statement (one point of its scale). Everything else toggles.
 */
export const choosesOne = (type: ItemType): boolean =>
  type === "single" || type === "likert";

/**
 * The new response after choosing an option: a single-choice item or a
 * Likert statement takes it (replacing any other), a multiple-choice item
 * toggles it. Order follows the options shown.
 */
export function chooseOption(
  type: ItemType,
  current: readonly string[],
  optionId: string,
  optionOrder: readonly string[],
): string[] {
  if (choosesOne(type)) return [optionId];
  const chosen = new Set(current);
  if (chosen.has(optionId)) chosen.delete(optionId);
  else chosen.add(optionId);
  return optionOrder.filter((id) => chosen.has(id));
}

/**
 * The new response after a digit key chose the option at `index` (0 for
 * the key 1), or null when the item has no option there: the 6 on a
 * 5-point scale, the 5 on a 4-option question, does nothing.
 */
export function chooseByKey(
  type: ItemType,
  current: readonly string[],
  index: number,
  optionOrder: readonly string[],
): string[] | null {
  const optionId = optionOrder[index];
  if (optionId === undefined) return null;
  return chooseOption(type, current, optionId, optionOrder);
}
