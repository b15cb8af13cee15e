import { describe, expect, it } from "vitest";
import {
  blockedShortcut,
  chooseByKey,
  chooseOption,
  choosesOne,
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

describe("a Likert statement", () => {
  // The kiosk's option ids are opaque; the points are their order.
  const five = ["p1", "p2", "p3", "p4", "p5"];
  const four = ["q1", "q2", "q3", "q4"];

  /** The response after pressing keys (by `code`) one after another. */
  const pressAll = (points: readonly string[], codes: readonly string[]) =>
    codes.reduce<string[]>((response, code) => {
      const action = testKeyAction(press(code));
      if (action?.kind !== "choose") return response;
      return chooseByKey("likert", response, action.index, points) ?? response;
    }, []);

  it("is answered with one option, like single choice", () => {
    expect(choosesOne("likert")).toBe(true);
    expect(choosesOne("single")).toBe(true);
    expect(choosesOne("multiple")).toBe(false);
  });

  it("takes exactly the point of the key pressed", () => {
    expect(chooseByKey("likert", [], 0, five)).toEqual(["p1"]);
    expect(chooseByKey("likert", [], 4, five)).toEqual(["p5"]);
    expect(pressAll(five, ["Digit3"])).toEqual(["p3"]);
    expect(pressAll(five, ["Numpad5"])).toEqual(["p5"]);
  });

  it("replaces the point with another key, and keeps it on the same key", () => {
    expect(chooseByKey("likert", ["p2"], 3, five)).toEqual(["p4"]);
    expect(chooseOption("likert", ["p2"], "p4", five)).toEqual(["p4"]);
    expect(pressAll(five, ["Digit2", "Digit4"])).toEqual(["p4"]);
    expect(pressAll(five, ["Digit4", "Digit4"])).toEqual(["p4"]);
    expect(pressAll(five, ["Digit1", "Digit5", "Digit2"])).toEqual(["p2"]);
  });

  it("ignores keys beyond the scale: 6–9 on five points, 5–9 on four", () => {
    for (const index of [5, 6, 7, 8]) {
      expect(chooseByKey("likert", ["p2"], index, five)).toBeNull();
    }
    expect(chooseByKey("likert", [], 4, four)).toBeNull();
    expect(chooseByKey("likert", [], 3, four)).toEqual(["q4"]);
    expect(pressAll(five, ["Digit2", "Digit6", "Digit9"])).toEqual(["p2"]);
    expect(pressAll(four, ["Digit5"])).toEqual([]);
    expect(pressAll(four, ["Digit3", "Digit5", "Digit0"])).toEqual(["q3"]);
  });

  it("ignores digits held with a modifier", () => {
    const action = testKeyAction(press("Digit3", { ctrlKey: true }));
    expect(action).toBeNull();
  });
});

describe("chooseByKey on keyed items", () => {
  const order = ["c", "a", "d", "b"];

  it("chooses by position: a single choice replaces, a multiple toggles", () => {
    expect(chooseByKey("single", ["a"], 2, order)).toEqual(["d"]);
    expect(chooseByKey("multiple", ["a"], 0, order)).toEqual(["c", "a"]);
    expect(chooseByKey("multiple", ["c", "a"], 1, order)).toEqual(["c"]);
  });

  it("does nothing past the last option", () => {
    expect(chooseByKey("single", ["a"], 4, order)).toBeNull();
    expect(chooseByKey("multiple", ["a"], 8, order)).toBeNull();
  });
});
