import { describe, expect, it } from "vitest";
import { iinCheckDigit, maskIin, validateIin } from "./iin";

describe("validateIin", () => {
  it.each([
    ["900102300121", "1990-01-02", "male"],
    ["851231405677", "1985-12-31", "female"],
    ["010615500890", "2001-06-15", "male"],
    ["880515300208", "1988-05-15", "male"],
  ])("accepts the valid vector %s", (iin, birthDate, sex) => {
    expect(validateIin(iin)).toEqual({ valid: true, iin, birthDate, sex });
  });

  it("needs the second weighting pass for 880515300208", () => {
    const digits = [..."88051530020"].map(Number);
    const firstPass =
      digits.reduce((sum, digit, i) => sum + digit * (i + 1), 0) % 11;
    expect(firstPass).toBe(10);
    expect(iinCheckDigit(digits)).toBe(8);
  });

  it("refuses a wrong check digit", () => {
    expect(validateIin("780322300455")).toMatchObject({
      valid: false,
      reason: "check_digit",
    });
  });

  it.each([..."0123456789"].map((last) => `88051530021${last}`))(
    "refuses %s: both passes give 10, no check digit exists",
    (iin) => {
      expect(validateIin(iin)).toMatchObject({
        valid: false,
        reason: "no_check_digit",
      });
    },
  );

  it("refuses month 13", () => {
    expect(validateIin("901302300121")).toMatchObject({
      valid: false,
      reason: "birth_date",
    });
  });

  it("refuses 30 February and accepts 29 February in a leap year", () => {
    expect(validateIin("900230300121")).toMatchObject({ reason: "birth_date" });
    const leap = validateIin("000229500000");
    expect(leap.valid || leap.reason !== "birth_date").toBe(true);
  });

  it.each([
    ["12345", "length"],
    ["9001023001210", "length"],
    ["", "length"],
    ["90010230012a", "non_digit"],
    ["9001-0230012", "non_digit"],
    ["900102700121", "century_digit"],
    ["900102000121", "century_digit"],
  ])("refuses %s with reason %s and a readable message", (iin, reason) => {
    const result = validateIin(iin);
    expect(result).toMatchObject({ valid: false, reason });
    expect(result.valid ? "" : result.message).toMatch(/\w{4,}/);
  });

  it("decodes the sex from the seventh digit", () => {
    expect(validateIin("851231405677")).toMatchObject({ sex: "female" });
  });
});

describe("maskIin", () => {
  it("keeps the birth date and hides the rest", () => {
    expect(maskIin("900102300121")).toBe("900102******");
  });
});
