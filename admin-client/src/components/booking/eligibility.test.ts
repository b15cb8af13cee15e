import { describe, expect, it } from "vitest";
import type { PositionCategory, ProgramSummary } from "@shared/banks";
import { translator } from "../../lib/i18n";
import {
  blockText,
  categoriesByCorps,
  fitPrograms,
  fittingProgramIds,
  isBookingBlock,
  isoDateText,
  nextBookingText,
  reasonWords,
  refusalReasons,
} from "./eligibility";

const category = (code: string, corps: "A" | "B"): PositionCategory => ({
  code,
  corps,
  titles: { kk: code, ru: code, en: code },
});

const A = category("A", "A");
const C_O_2 = category("C-O-2", "B");
const B_1 = category("B-1", "B");

const program = (
  id: string,
  eligibility: ProgramSummary["eligibility"],
): ProgramSummary => ({
  id,
  titles: { kk: id, ru: id, en: id },
  kind: "knowledge",
  durationMinutes: 55,
  instructionsMinutes: 10,
  languages: ["kk", "ru"],
  questions: 50,
  minCorrectTotal: 30,
  eligibility,
  retakeAfterDays: 30,
  retakeEquivalents: [],
  validityDays: 365,
  bookableWhileValid: false,
  sections: [],
});

const CORPS_B = program("corps-b-legislation", {
  corps: ["B"],
  categories: ["B-1", "C-O-2"],
  candidateKinds: ["candidate", "civil-servant"],
});
const PROGRAM_1 = program("program-1-2016", {
  corps: ["B"],
  categories: ["B-1"],
  candidateKinds: ["candidate", "civil-servant"],
});
const SERVANTS = program("servants-only", {
  corps: ["A", "B"],
  categories: ["A", "B-1", "C-O-2"],
  candidateKinds: ["civil-servant"],
});

const { t } = translator("en");

describe("who may book which program", () => {
  it("keeps the programs that fit and says why the others do not", () => {
    const person = { category: C_O_2, candidateKind: "candidate" } as const;
    const fits = fitPrograms([CORPS_B, PROGRAM_1, SERVANTS], person);
    expect([...fittingProgramIds(fits)]).toEqual(["corps-b-legislation"]);
    const words = Object.fromEntries(
      fits.map((fit) => [
        fit.program.id,
        reasonWords(t, fit.reasons, person, fit.program),
      ]),
    );
    expect(words).toEqual({
      "corps-b-legislation": "",
      "program-1-2016": "not for category C-O-2",
      "servants-only": "for civil servants only",
    });
  });

  it("names the corps a program is for when the category is of the other", () => {
    const person = { category: A, candidateKind: "civil-servant" } as const;
    const [fit] = fitPrograms([CORPS_B], person);
    expect(fit?.reasons).toEqual(["corps"]);
    expect(reasonWords(t, fit?.reasons ?? [], person, CORPS_B)).toBe(
      "for corps B only",
    );
    expect(
      translator("ru").t("person.reason.corps.B"),
      "Russian names corps B with its Cyrillic letter",
    ).toBe("только для корпуса «Б»");
  });

  it("reads the reasons of a not_eligible refusal and ignores anything else", () => {
    expect(refusalReasons({ reasons: ["category", "nonsense", 3] })).toEqual([
      "category",
    ]);
    expect(refusalReasons(undefined)).toEqual([]);
    const person = { category: B_1, candidateKind: "candidate" } as const;
    expect(
      reasonWords(t, ["category", "candidate_kind"], person, SERVANTS),
    ).toBe("not for category B-1; for civil servants only");
  });

  it("asks only the kind when the installation lists no categories", () => {
    const person = { category: null, candidateKind: "candidate" } as const;
    const fits = fitPrograms([CORPS_B, SERVANTS], person);
    expect(fits.map((fit) => fit.reasons)).toEqual([[], ["candidate_kind"]]);
  });

  it("groups categories by corps, A first", () => {
    expect(
      categoriesByCorps([C_O_2, A, B_1]).map(([corps, list]) => [
        corps,
        list.map((entry) => entry.code),
      ]),
    ).toEqual([
      ["A", ["A"]],
      ["B", ["C-O-2", "B-1"]],
    ]);
  });
});

describe("the booking rules in words", () => {
  const title = (id: string) => `«${id}»`;

  it("says when a program can be booked again, and why", () => {
    expect(isoDateText("2027-01-12")).toBe("12.01.2027");
    const retake = {
      rule: "retake_too_soon",
      programId: "program-1-2016",
      earliestDate: "2027-01-12",
      since: { programId: "program-1-2016", testDate: "2026-12-13" },
    } as const;
    expect(nextBookingText(t, retake, title)).toBe(
      "You can book this program again for a test on or after 12.01.2027: the interval after your sitting of 13.12.2026.",
    );
    const certificate = {
      rule: "certificate_still_valid",
      programId: "program-1-2016",
      earliestDate: "2027-12-13",
      since: {
        programId: "program-1-2016",
        testDate: "2026-12-13",
        certificateNumber: "KZ-2026-000123",
      },
    } as const;
    expect(nextBookingText(t, certificate, title)).toBe(
      "You can book this program again for a test on or after 13.12.2027: until then your certificate № KZ-2026-000123 is valid.",
    );
    expect(blockText(t, certificate, title)).toBe(
      "Certificate № KZ-2026-000123 from the sitting of 13.12.2026 («program-1-2016») is still valid. The earliest test date the rule allows: 13.12.2027.",
    );
    expect(isBookingBlock(certificate)).toBe(true);
    expect(isBookingBlock({ rule: "retake_too_soon" })).toBe(false);
  });
});
