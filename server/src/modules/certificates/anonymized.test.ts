import { describe, expect, it } from "vitest";
import { OfficialResultSchema } from "@shared/certificates";
import { sampleOfficialResult } from "../documents/sample-data";

describe("OfficialResultSchema after the retention purge", () => {
  const result = sampleOfficialResult({
    kind: "certificate",
    attemptId: "att-1",
    slotId: "slot-1",
  });

  it("accepts a masked IIN in an anonymized result", () => {
    const anonymized = {
      ...result,
      iin: `${result.iin.slice(0, 6)}******`,
      fullName: "—",
      anonymized: true,
    };
    expect(OfficialResultSchema.safeParse(anonymized).success).toBe(true);
  });

  it("refuses a masked IIN in a result that is not anonymized", () => {
    const masked = { ...result, iin: `${result.iin.slice(0, 6)}******` };
    expect(OfficialResultSchema.safeParse(masked).success).toBe(false);
  });

  it("still refuses an IIN that is neither valid nor masked", () => {
    expect(
      OfficialResultSchema.safeParse({
        ...result,
        iin: "780322300455",
        anonymized: true,
      }).success,
    ).toBe(false);
  });
});
