import { describe, expect, it } from "vitest";
import { OfficialResultSchema } from "@shared/certificates";
import { holderNameDigest } from "../../signing";
import { sampleOfficialResult } from "./sample-data";
import { documentDates, localTime, payloadFields, publicRecord } from "./view";

const DAY = 24 * 3600 * 1000;

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

  it("is valid for the center's default period from issue", () => {
    const issuedAt = Date.parse("2026-03-14T06:10:00Z");
    const dates = documentDates(sampleOfficialResult(), issuedAt, 365);
    expect(Date.parse(dates.validUntil) - issuedAt).toBe(365 * DAY);
    expect(dates.testDate).toBe("2026-03-14");
  });

  it("uses the program's own validity when the result carries one", () => {
    const issuedAt = Date.parse("2026-03-14T06:10:00Z");
    const result = { ...sampleOfficialResult(), certificateValidityDays: 30 };
    expect(documentDates(result, issuedAt, 365).validUntilDate).toBe(
      "2026-04-13",
    );
  });
});

describe("what the QR code and the public record state", () => {
  const issuedAt = Date.parse("2026-03-14T06:10:00Z");

  it("masks the IIN and states a reference as not passed", () => {
    const result = sampleOfficialResult({ kind: "reference" });
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
    const result = sampleOfficialResult();
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
    const result = sampleOfficialResult();
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
    const result = sampleOfficialResult();
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
    });
  });
});
