import { describe, expect, it } from "vitest";
import {
  AnyOfficialResultSchema,
  AssessmentResultSchema,
  CertificateRecordSchema,
  MAX_ASSESSMENT_SCALES,
} from "@shared/certificates";
import { holderNameDigest } from "../../signing";
import {
  SAMPLE_PROFILE,
  sampleAssessmentResult,
  sampleOfficialResult,
} from "./sample-data";
import { documentDates, publicRecord, validUntilOf } from "./view";
import {
  assessmentPayloadFields,
  assessmentView,
  formatIndex,
} from "./view-assessment";

const DAY = 24 * 3600 * 1000;
/** The test's start: 10:00 in Astana on 14 March 2026. */
const TESTED_AT = "2026-03-14T05:00:00.000Z";
const ISSUED_AT = Date.parse(TESTED_AT) + DAY;
const NUMBER = "SYN-2026-7K3QW9HD2MX";

const result = sampleAssessmentResult({ startedAt: TESTED_AT });
const dates = documentDates(result, ISSUED_AT, 365);

describe("the assessment result contract", () => {
  it("accepts the sample, alone and as one of the official results", () => {
    expect(AssessmentResultSchema.safeParse(result).success).toBe(true);
    expect(AnyOfficialResultSchema.parse(result)).toEqual(result);
    // The test results still parse as before through the union.
    const certificate = sampleOfficialResult({ startedAt: TESTED_AT });
    expect(AnyOfficialResultSchema.parse(certificate)).toEqual(certificate);
  });

  it("refuses a rule outcome its stens contradict, both ways", () => {
    const below = {
      ...result,
      profile: {
        ...SAMPLE_PROFILE,
        scales: SAMPLE_PROFILE.scales.map((scale) => ({ ...scale, sten: 2 })),
      },
    };
    expect(AssessmentResultSchema.safeParse(below).success).toBe(false);
    expect(
      AssessmentResultSchema.safeParse({
        ...result,
        profile: { ...SAMPLE_PROFILE, rule: { minSten: 3, met: false } },
      }).success,
    ).toBe(false);
  });

  it("refuses scale ids the QR payload cannot carry, twice the same scale, and more scales than the page holds", () => {
    const withScales = (scales: typeof SAMPLE_PROFILE.scales) => ({
      ...result,
      profile: { ...SAMPLE_PROFILE, scales },
    });
    const [first] = SAMPLE_PROFILE.scales;
    expect(
      AssessmentResultSchema.safeParse(
        withScales([{ ...first!, scaleId: "a:b" }]),
      ).success,
    ).toBe(false);
    expect(
      AssessmentResultSchema.safeParse(withScales([first!, first!])).success,
    ).toBe(false);
    const many = Array.from(
      { length: MAX_ASSESSMENT_SCALES + 1 },
      (_, index) => ({ ...first!, scaleId: `scale-${index}` }),
    );
    expect(AssessmentResultSchema.safeParse(withScales(many)).success).toBe(
      false,
    );
    expect(
      AssessmentResultSchema.safeParse(
        withScales(many.slice(0, MAX_ASSESSMENT_SCALES)),
      ).success,
    ).toBe(true);
  });

  it("refuses scores and validity, and a masked IIN outside an anonymized result", () => {
    expect(
      AnyOfficialResultSchema.safeParse({ ...result, kind: "certificate" })
        .success,
    ).toBe(false);
    expect(
      AssessmentResultSchema.safeParse({ ...result, iin: "900102******" })
        .success,
    ).toBe(false);
    expect(
      AssessmentResultSchema.safeParse({
        ...result,
        iin: "900102******",
        anonymized: true,
      }).success,
    ).toBe(true);
    // Unknown keys (a validity, scores) are not kept.
    const parsed = AssessmentResultSchema.parse({
      ...result,
      validUntil: "2027-03-14T05:00:00.000Z",
      correct: 40,
    });
    expect(parsed).not.toHaveProperty("validUntil");
    expect(parsed).not.toHaveProperty("correct");
  });
});

describe("an assessment report's dates", () => {
  it("have no validity, whatever the defaults", () => {
    expect(validUntilOf(result, 365)).toBeUndefined();
    expect(dates).toEqual({
      issuedAt: new Date(ISSUED_AT).toISOString(),
      testedAt: TESTED_AT,
      testDate: "2026-03-14",
    });
  });
});

describe("what the report's QR code states", () => {
  it("the stens in the program's order, the rule, the consistency and the holder's digest", () => {
    expect(assessmentPayloadFields(result, NUMBER, dates, false)).toEqual({
      kind: "assessment",
      number: NUMBER,
      maskedIin: "900102******",
      programId: "personal-qualities",
      stens: [
        { scaleId: "integrity", sten: 7 },
        { scaleId: "responsibility", sten: 5 },
        { scaleId: "stress-tolerance", sten: 4 },
        { scaleId: "communication", sten: 8 },
      ],
      rule: { minSten: 3, met: true },
      consistency: { index: 0.86, low: false },
      testDate: "2026-03-14",
      sample: false,
      holderDigest: holderNameDigest(result.fullName),
    });
  });

  it("no rule without one; no consistency without paired statements; the index to two decimals", () => {
    const { rule: _rule, ...noRule } = SAMPLE_PROFILE;
    const fields = assessmentPayloadFields(
      {
        ...result,
        profile: {
          ...noRule,
          consistency: { index: 1, pairs: 0, minimum: 0.7, low: false },
        },
      },
      NUMBER,
      dates,
      true,
    );
    expect(fields).not.toHaveProperty("rule");
    expect(fields).not.toHaveProperty("consistency");
    expect(fields.sample).toBe(true);
    const low = assessmentPayloadFields(
      {
        ...result,
        profile: {
          ...SAMPLE_PROFILE,
          consistency: { index: 0.4149, pairs: 6, minimum: 0.7, low: true },
        },
      },
      NUMBER,
      dates,
      false,
    );
    expect(low.consistency).toEqual({ index: 0.41, low: true });
  });
});

describe("what the report's page shows", () => {
  const facts = {
    number: NUMBER,
    dates,
    verifyUrl: `https://synaq.example.kz/verify/${NUMBER}`,
    qrText: `https://synaq.example.kz/verify/${NUMBER}#x`,
    payload: "x",
    signer: { commonName: "Demo", demo: true },
    sample: false,
  };

  it("the holder and place as a certificate does, the scales with titles and stens, no validity", () => {
    const view = assessmentView(result, facts);
    expect(view).toMatchObject({
      kind: "assessment",
      holder: result.fullName,
      testDate: "14.03.2026",
      testTime: "10:00–10:38",
      issuedDate: "15.03.2026",
      scales: [
        {
          scaleId: "integrity",
          titles: { kk: "Адалдық", ru: "Добропорядочность" },
          sten: 7,
        },
        { scaleId: "responsibility", sten: 5 },
        { scaleId: "stress-tolerance", sten: 4 },
        { scaleId: "communication", sten: 8 },
      ],
      consistency: {
        measured: true,
        index: "0,86",
        minimum: "0,70",
        low: false,
      },
      rule: { minSten: 3, met: true },
    });
    expect(view).not.toHaveProperty("validUntilDate");
    expect(formatIndex(0.005)).toBe("0,01");
    expect(formatIndex(1)).toBe("1,00");
  });
});

describe("the public record of an assessment report", () => {
  const stored = { number: NUMBER, ...dates };

  it("confirms the paper: kind, holder, masked IIN, program, dates; no result, no stens, no validity", () => {
    const record = publicRecord(result, stored, ISSUED_AT + 20 * 365 * DAY);
    expect(CertificateRecordSchema.parse(record)).toEqual(record);
    expect(record).toEqual({
      valid: true,
      revoked: false,
      expired: false,
      kind: "assessment",
      number: NUMBER,
      holder: result.fullName,
      maskedIin: "900102******",
      program: { id: "personal-qualities", titles: result.programTitles },
      scales: SAMPLE_PROFILE.scales.map(({ scaleId, titles }) => ({
        scaleId,
        titles,
      })),
      testedAt: TESTED_AT,
      issuedAt: dates.issuedAt,
      sample: false,
    });
    const json = JSON.stringify(record);
    expect(json).not.toContain("sten");
    expect(json).not.toContain("consistency");
    expect(json).not.toContain(result.iin);
  });

  it("is not valid once revoked, and never expires (a validity stored by mistake is not shown)", () => {
    const revoked = publicRecord(
      result,
      {
        ...stored,
        validUntil: "2026-04-01T00:00:00.000Z",
        revokedAt: "2026-03-20T00:00:00.000Z",
        revokedReason: "wrong person",
      },
      ISSUED_AT + 365 * DAY,
    );
    expect(revoked).toMatchObject({
      valid: false,
      revoked: true,
      expired: false,
      revokedReason: "wrong person",
    });
    expect(revoked).not.toHaveProperty("validUntil");
  });
});
