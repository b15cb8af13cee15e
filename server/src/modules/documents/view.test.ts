import { describe, expect, it } from "vitest";
import {
  CertificateRecordSchema,
  OfficialResultSchema,
  type OfficialResult,
} from "@shared/certificates";
import { holderNameDigest } from "../../signing";
import { SAMPLE_POSITION, sampleOfficialResult } from "./sample-data";
import {
  certificateView,
  documentDates,
  localTime,
  payloadFields,
  publicRecord,
  validUntilOf,
} from "./view";

const DAY = 24 * 3600 * 1000;
/** The test's start: 10:00 in Astana on 14 March 2026. */
const TESTED_AT = "2026-03-14T05:00:00.000Z";

describe("the official result contract", () => {
  it("accepts the sample result", () => {
    expect(OfficialResultSchema.safeParse(sampleOfficialResult()).success).toBe(
      true,
    );
  });

  it("refuses a certificate for a failed result and a reference for a passed one", () => {
    const failed = {
      ...sampleOfficialResult({ kind: "reference" }),
      kind: "certificate",
    };
    const passed = { ...sampleOfficialResult(), kind: "reference" };
    expect(OfficialResultSchema.safeParse(failed).success).toBe(false);
    expect(OfficialResultSchema.safeParse(passed).success).toBe(false);
  });

  it("refuses an invalid IIN and more correct answers than questions", () => {
    expect(
      OfficialResultSchema.safeParse({
        ...sampleOfficialResult(),
        iin: "780322300455",
      }).success,
    ).toBe(false);
    expect(
      OfficialResultSchema.safeParse({ ...sampleOfficialResult(), correct: 56 })
        .success,
    ).toBe(false);
  });

  it("refuses ids that could escape a Redis key or a file name", () => {
    expect(
      OfficialResultSchema.safeParse({
        ...sampleOfficialResult(),
        attemptId: "../x",
      }).success,
    ).toBe(false);
    expect(
      OfficialResultSchema.safeParse({
        ...sampleOfficialResult(),
        slotId: "a:b",
      }).success,
    ).toBe(false);
  });
});

describe("dates on the document", () => {
  it("shows instants on the center's clock (Kazakhstan is UTC+5)", () => {
    expect(
      localTime(Date.parse("2026-03-14T19:30:00Z"), "Asia/Almaty"),
    ).toEqual({
      date: "15.03.2026",
      isoDate: "2026-03-15",
      time: "00:30",
      year: 2026,
      utcOffset: "UTC+5",
    });
  });

  it("is valid for the center's default period from the test date, not from issue", () => {
    const result = sampleOfficialResult({ startedAt: TESTED_AT });
    // Issued a week after the test (a late sign-off): validity still
    // counts from the test.
    const issuedAt = Date.parse(TESTED_AT) + 7 * DAY;
    const dates = documentDates(result, issuedAt, 365);
    expect(Date.parse(dates.validUntil!)).toBe(
      Date.parse(TESTED_AT) + 365 * DAY,
    );
    expect(dates.testDate).toBe("2026-03-14");
    expect(dates.validUntilDate).toBe("2027-03-14");
    expect(dates.issuedAt).toBe(new Date(issuedAt).toISOString());
  });

  it("uses the program's own validity when the result carries one", () => {
    const result = {
      ...sampleOfficialResult({ startedAt: TESTED_AT }),
      validityDays: 30,
    };
    expect(
      documentDates(result, Date.parse(TESTED_AT) + DAY, 365).validUntilDate,
    ).toBe("2026-04-13");
  });

  it("prints the local date of the end of validity in the center's zone", () => {
    // 19:30 UTC is already the next day in Astana (UTC+5).
    const result = {
      ...sampleOfficialResult({ startedAt: "2026-03-14T19:30:00.000Z" }),
      validityDays: 30,
    };
    const dates = documentDates(result, Date.parse(TESTED_AT) + DAY, 365);
    expect(dates.testDate).toBe("2026-03-15");
    expect(dates.validUntil).toBe("2026-04-13T19:30:00.000Z");
    expect(dates.validUntilDate).toBe("2026-04-14");
  });

  it("keeps a given end of validity as is (a re-issue keeps the original's)", () => {
    const result = {
      ...sampleOfficialResult({ startedAt: TESTED_AT }),
      validityDays: 30,
      validUntil: "2027-01-10T06:10:00.000Z",
    };
    expect(OfficialResultSchema.safeParse(result).success).toBe(true);
    const dates = documentDates(
      result,
      Date.parse("2026-06-01T00:00:00Z"),
      365,
    );
    expect(dates.validUntil).toBe("2027-01-10T06:10:00.000Z");
    expect(dates.validUntilDate).toBe("2027-01-10");
    expect(validUntilOf(result, 365)).toBe(Date.parse(result.validUntil));
  });
});

describe("a reference carries no validity", () => {
  const result = {
    ...sampleOfficialResult({ kind: "reference", startedAt: TESTED_AT }),
    validityDays: 30,
  };
  const issuedAt = Date.parse(TESTED_AT) + DAY;
  const dates = documentDates(result, issuedAt, 365);

  it("in its dates and on the page", () => {
    expect(validUntilOf(result, 365)).toBeUndefined();
    expect(dates).not.toHaveProperty("validUntil");
    expect(dates).not.toHaveProperty("validUntilDate");
    expect(dates.testDate).toBe("2026-03-14");
    const view = certificateView(result, {
      number: "SYN-2026-000007",
      dates,
      verifyUrl: "https://synaq.example.kz/verify/SYN-2026-000007",
      qrText: "https://synaq.example.kz/verify/SYN-2026-000007#x",
      payload: "x",
      signer: { commonName: "Demo", demo: true },
      sample: false,
    });
    expect(view).not.toHaveProperty("validUntilDate");
    expect(view.issuedDate).toBe("15.03.2026");
  });

  it("in its QR payload", () => {
    const fields = payloadFields(result, "SYN-2026-000007", dates, false);
    expect(fields).not.toHaveProperty("validUntil");
    expect(fields.result).toBe("not_passed");
  });

  it("in its public record: no end of validity, never expired", () => {
    const later = issuedAt + 20 * 365 * DAY;
    const record = publicRecord(
      result,
      { number: "SYN-2026-000007", ...dates },
      later,
    );
    expect(record).toMatchObject({
      kind: "reference",
      valid: true,
      expired: false,
    });
    expect(record).not.toHaveProperty("validUntil");
    expect(CertificateRecordSchema.safeParse(record).success).toBe(true);
    // One stored with a validity by an earlier version shows none either.
    const legacy = publicRecord(
      result,
      {
        number: "SYN-2026-000007",
        ...dates,
        validUntil: "2027-03-14T05:00:00.000Z",
      },
      later,
    );
    expect(legacy).toMatchObject({ valid: true, expired: false });
    expect(legacy).not.toHaveProperty("validUntil");
  });

  it("and refuses a given end of validity", () => {
    expect(
      OfficialResultSchema.safeParse({
        ...result,
        validUntil: "2027-03-14T05:00:00.000Z",
      }).success,
    ).toBe(false);
  });
});

describe("who the test was for", () => {
  const facts = (result: OfficialResult) => {
    const dates = documentDates(result, Date.parse(TESTED_AT) + DAY, 365);
    return certificateView(result, {
      number: "SYN-2026-000001",
      dates,
      verifyUrl: "https://synaq.example.kz/verify/SYN-2026-000001",
      qrText: "https://synaq.example.kz/verify/SYN-2026-000001#x",
      payload: "x",
      signer: { commonName: "Demo", demo: true },
      sample: false,
    });
  };

  it("states the position category and the candidate kind in both languages", () => {
    const result = sampleOfficialResult({
      startedAt: TESTED_AT,
      position: SAMPLE_POSITION,
    });
    expect(OfficialResultSchema.safeParse(result).success).toBe(true);
    expect(facts(result)).toMatchObject({
      positionCategory: {
        kk: "B-1 — Орталық мемлекеттік органдардағы лауазымдар",
        ru: "B-1 — Должности в центральных государственных органах",
      },
      candidateKind: {
        kk: "мемлекеттік қызметке кандидат",
        ru: "кандидат на государственную службу",
      },
    });
  });

  it("states nothing the booking did not name", () => {
    const none = facts(sampleOfficialResult({ startedAt: TESTED_AT }));
    expect(none).not.toHaveProperty("positionCategory");
    expect(none).not.toHaveProperty("candidateKind");
    const kindOnly = facts(
      sampleOfficialResult({
        startedAt: TESTED_AT,
        position: { candidateKind: "civil-servant" },
      }),
    );
    expect(kindOnly).not.toHaveProperty("positionCategory");
    expect(kindOnly.candidateKind).toEqual({
      kk: "мемлекеттік қызметші",
      ru: "государственный служащий",
    });
  });

  it("refuses a category code the registry could not have", () => {
    expect(
      OfficialResultSchema.safeParse(
        sampleOfficialResult({
          position: {
            category: {
              code: "b1~x",
              titles: { kk: "x", ru: "x", en: "x" },
            },
          },
        }),
      ).success,
    ).toBe(false);
  });
});

describe("what the QR code and the public record state", () => {
  const issuedAt = Date.parse("2026-03-14T06:10:00Z");

  it("masks the IIN and states a reference as not passed", () => {
    const result = sampleOfficialResult({
      kind: "reference",
      startedAt: TESTED_AT,
    });
    const fields = payloadFields(
      result,
      "SYN-2026-000007",
      documentDates(result, issuedAt, 365),
      false,
    );
    expect(fields).toMatchObject({
      maskedIin: "900102******",
      result: "not_passed",
      correct: 22,
      total: 55,
      holderDigest: holderNameDigest(result.fullName),
    });
  });

  it("tells an anonymous verifier what checking the paper needs, never the scores", () => {
    const result = sampleOfficialResult({ startedAt: TESTED_AT });
    const record = publicRecord(
      result,
      { number: "SYN-2026-000001", ...documentDates(result, issuedAt, 365) },
      issuedAt + DAY,
    );
    expect(record).toMatchObject({
      valid: true,
      kind: "certificate",
      holder: result.fullName,
      maskedIin: "900102******",
      program: { id: result.programId },
    });
    expect(record).not.toHaveProperty("scores");
    expect(JSON.stringify(record)).not.toContain(result.sections[0]!.sectionId);
  });

  it("shows a revoked document as revoked and not valid, with the reason", () => {
    const result = sampleOfficialResult({ startedAt: TESTED_AT });
    const dates = documentDates(result, issuedAt, 365);
    const record = publicRecord(
      result,
      {
        number: "SYN-2026-000001",
        ...dates,
        revokedAt: "2026-03-20T00:00:00.000Z",
        revokedReason: "wrong person",
      },
      issuedAt + DAY,
    );
    expect(record).toMatchObject({
      valid: false,
      revoked: true,
      revokedReason: "wrong person",
      expired: false,
    });
    expect(JSON.stringify(record)).not.toContain(result.iin);
  });

  it("shows an expired document as not valid", () => {
    const result = sampleOfficialResult({ startedAt: TESTED_AT });
    const dates = documentDates(result, issuedAt, 365);
    const record = publicRecord(
      result,
      { number: "SYN-2026-000001", ...dates },
      issuedAt + 366 * DAY,
    );
    expect(record).toMatchObject({
      valid: false,
      revoked: false,
      expired: true,
      validUntil: "2027-03-14T05:00:00.000Z",
    });
  });

  it("expires a year after the test, not a year after issue", () => {
    const result = sampleOfficialResult({ startedAt: TESTED_AT });
    // Issued a month after the test: 340 days after issue it has expired.
    const late = Date.parse(TESTED_AT) + 30 * DAY;
    const dates = documentDates(result, late, 365);
    const record = (now: number) =>
      publicRecord(result, { number: "SYN-2026-000001", ...dates }, now);
    expect(record(late + 334 * DAY)).toMatchObject({ expired: false });
    expect(record(late + 340 * DAY)).toMatchObject({ expired: true });
  });
});
