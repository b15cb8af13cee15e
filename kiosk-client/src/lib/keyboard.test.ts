import { describe, expect, it } from "vitest";
import {
  blockedShortcut,
  chooseOption,
  testKeyAction,
  type KeyPress,
} from "./keyboard";

const press = (code: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key: "",
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe("testKeyAction", () => {
  it("maps digits 1–9 (row and keypad) to options by position", () => {
    expect(testKeyAction(press("Digit1"))).toEqual({
      kind: "choose",
      index: 0,
    });
    expect(testKeyAction(press("Numpad9"))).toEqual({
      kind: "choose",
      index: 8,
    });
    expect(testKeyAction(press("Digit0"))).toBeNull();
  });

  it("reads the physical key, so a Kazakh layout's digit row works too", () => {
    expect(testKeyAction(press("Digit2", { key: "і" }))).toEqual({
      kind: "choose",
      index: 1,
    });
    expect(testKeyAction(press("KeyF", { key: "а" }))).toEqual({
      kind: "flag",
    });
  });

  it("moves with the arrows", () => {
    expect(testKeyAction(press("ArrowLeft"))).toEqual({ kind: "previous" });
    expect(testKeyAction(press("ArrowRight"))).toEqual({ kind: "next" });
  });

  it("ignores keys held with Ctrl, Alt or Meta, and other keys", () => {
    expect(testKeyAction(press("Digit1", { ctrlKey: true }))).toBeNull();
    expect(testKeyAction(press("KeyF", { altKey: true }))).toBeNull();
    expect(testKeyAction(press("KeyF", { metaKey: true }))).toBeNull();
    expect(testKeyAction(press("KeyQ"))).toBeNull();
    expect(testKeyAction(press("Enter"))).toBeNull();
  });
});

describe("blockedShortcut", () => {
  it("names copy, paste, print, save, find and view-source shortcuts", () => {
    for (const letter of "CVXAPSFU") {
      expect(blockedShortcut(press(`Key${letter}`, { ctrlKey: true }))).toBe(
        `Ctrl+${letter}`,
      );
    }
    expect(blockedShortcut(press("KeyC", { metaKey: true }))).toBe("Meta+C");
  });

  it("names the developer tools", () => {
    expect(blockedShortcut(press("F12"))).toBe("F12");
    expect(
      blockedShortcut(press("KeyI", { ctrlKey: true, shiftKey: true })),
    ).toBe("Ctrl+Shift+I");
  });

  it("lets ordinary typing and the test's own keys through", () => {
    expect(blockedShortcut(press("KeyC"))).toBeNull();
    expect(blockedShortcut(press("Digit1"))).toBeNull();
    expect(blockedShortcut(press("ArrowRight"))).toBeNull();
    expect(blockedShortcut(press("KeyB", { ctrlKey: true }))).toBeNull();
  });
});

describe("chooseOption", () => {
  const order = ["c", "a", "d", "b"];

  it("replaces the choice of a single-choice item", () => {
    expect(chooseOption("single", ["a"], "d", order)).toEqual(["d"]);
    expect(chooseOption("single", ["a"], "a", order)).toEqual(["a"]);
  });

  it("toggles options of a multiple-choice item, in the order shown", () => {
    expect(chooseOption("multiple", ["a"], "c", order)).toEqual(["c", "a"]);
    expect(chooseOption("multiple", ["c", "a"], "c", order)).toEqual(["a"]);
    expect(chooseOption("multiple", [], "b", order)).toEqual(["b"]);
  });
});
