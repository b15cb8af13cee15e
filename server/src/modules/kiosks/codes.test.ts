import { describe, expect, it } from "vitest";
import { humanCode, normalizeHumanCode } from "./codes";

describe("enrollment codes", () => {
  it("use Crockford base32 only (no I, L, O, U)", () => {
    for (let i = 0; i < 200; i++)
      expect(humanCode(8)).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  });
  it("forgive case, dashes, spaces and look-alike letters when typed", () => {
    expect(normalizeHumanCode("ab0o-1il z")).toBe("AB00111Z");
  });
});
