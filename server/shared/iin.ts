/**
 * The Kazakh individual identification number (IIN / ЖСН / ИИН): 12 digits,
 * birth date YYMMDD, a century-and-sex digit, a serial and a check digit.
 * See DOMAIN.md for the rules and the test vectors.
 */

export type IinFailure =
  | "length"
  | "non_digit"
  | "century_digit"
  | "birth_date"
  | "check_digit"
  | "no_check_digit";

export type IinResult =
  | {
      valid: true;
      iin: string;
      birthDate: string;
      sex: "male" | "female";
    }
  | { valid: false; reason: IinFailure; message: string };

const MESSAGES: Record<IinFailure, string> = {
  length: "An IIN has exactly 12 digits.",
  non_digit: "An IIN contains digits only.",
  century_digit:
    "The 7th digit (century and sex) must be 1 to 6 for a person's IIN.",
  birth_date: "The first six digits are not a real birth date (YYMMDD).",
  check_digit: "The last digit does not match the check digit: a typo?",
  no_check_digit:
    "No valid IIN has these first 11 digits (their check digit cannot exist).",
};

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when none exists. */
export function iinCheckDigit(digits: readonly number[]): number | null {
  const weighted = (weights: number[]) =>
    weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0) % 11;
  const first = weighted(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

const fail = (reason: IinFailure): IinResult => ({
  valid: false,
  reason,
  message: MESSAGES[reason],
});

/** Validates an IIN and decodes birth date and sex; says why when invalid. */
export function validateIin(input: string): IinResult {
  const iin = input.trim();
  if (!/^\d*$/.test(iin)) return fail("non_digit");
  if (iin.length !== 12) return fail("length");
  const digits = [...iin].map(Number);
  const centuryDigit = digits[6] ?? 0;
  if (centuryDigit < 1 || centuryDigit > 6) return fail("century_digit");

  const century = 1800 + Math.floor((centuryDigit - 1) / 2) * 100;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return fail("birth_date");
  }

  const check = iinCheckDigit(digits);
  if (check === null) return fail("no_check_digit");
  if (check !== digits[11]) return fail("check_digit");

  return {
    valid: true,
    iin,
    birthDate: `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`,
    sex: centuryDigit % 2 === 1 ? "male" : "female",
  };
}

/** `900102******` style masking for public documents. */
export function maskIin(iin: string): string {
  return `${iin.slice(0, 6)}******`;
}
