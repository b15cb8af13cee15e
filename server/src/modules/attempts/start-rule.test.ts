import { describe, expect, it } from "vitest";
import { startRule } from "./start-rule";

const STARTS_AT = Date.parse("2026-03-14T13:35:00Z");

describe("the start rule (EARLY_START)", () => {
  it("never: the candidate and staff wait for the slot's start", () => {
    expect(startRule("never", STARTS_AT, "candidate")).toEqual({
      notBefore: STARTS_AT,
      heldUntil: STARTS_AT,
    });
    expect(startRule("never", STARTS_AT, "staff")).toEqual({
      notBefore: STARTS_AT,
      heldUntil: STARTS_AT,
    });
  });

  it("administrator: the candidate waits, staff may start earlier", () => {
    expect(startRule("administrator", STARTS_AT, "candidate")).toEqual({
      notBefore: STARTS_AT,
      heldUntil: STARTS_AT,
    });
    expect(startRule("administrator", STARTS_AT, "staff")).toEqual({
      notBefore: null,
      heldUntil: STARTS_AT,
    });
  });

  it("candidate: nobody is held", () => {
    for (const by of ["candidate", "staff"] as const) {
      expect(startRule("candidate", STARTS_AT, by)).toEqual({
        notBefore: null,
        heldUntil: null,
      });
    }
  });
});
