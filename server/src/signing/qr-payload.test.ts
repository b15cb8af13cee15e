import { describe, expect, it } from "vitest";
import { decodeQrPayload, qrPayloadBody } from "@shared/certificates";
import { generateQrKeyPem, qrKeyFromPem } from "./installation-key";
import { holderNameDigest, signQrPayload, verifyQrPayload } from "./qr-payload";

const key = qrKeyFromPem(generateQrKeyPem());
const otherKey = qrKeyFromPem(generateQrKeyPem());
const trusted = new Map([[key.keyId, key.publicKey]]);
const fields = {
  number: "SYN-2026-000123",
  maskedIin: "900102******",
  programId: "corps-b-legislation",
  result: "passed" as const,
  correct: 45,
  total: 55,
  testDate: "2026-03-14",
  validUntil: "2027-03-14",
  sample: false,
};

/** Re-encodes a payload with one field of the body changed, signature kept. */
function withBody(payload: string, edit: (body: string) => string): string {
  const [body, signature] = payload.split(".") as [string, string];
  const text = Buffer.from(body, "base64url").toString("utf8");
  return `${Buffer.from(edit(text), "utf8").toString("base64url")}.${signature}`;
}

describe("the QR payload", () => {
  it("verifies offline with the center's Ed25519 key and gives back every field", () => {
    const payload = signQrPayload(fields, key);
    expect(verifyQrPayload(payload, trusted)).toEqual({
      ok: true,
      fields: { ...fields, keyId: key.keyId },
    });
  });

  it("is compact: base64url only, under 220 characters", () => {
    const payload = signQrPayload(fields, key);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(220);
  });

  it("fails when the result or the score is changed", () => {
    const payload = signQrPayload(
      { ...fields, result: "not_passed", correct: 22 },
      key,
    );
    const forged = withBody(payload, (body) =>
      body.replace("~N~22~", "~P~50~"),
    );
    expect(decodeQrPayload(forged)?.fields).toMatchObject({ correct: 50 });
    expect(verifyQrPayload(forged, trusted)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("fails when a single signature character is changed", () => {
    const payload = signQrPayload(fields, key);
    const last = payload.at(-2) === "A" ? "B" : "A";
    const forged = `${payload.slice(0, -2)}${last}${payload.at(-1)}`;
    expect(verifyQrPayload(forged, trusted)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("names an unknown key instead of trusting it", () => {
    const payload = signQrPayload(fields, otherKey);
    expect(verifyQrPayload(payload, trusted)).toMatchObject({
      ok: false,
      reason: "unknown_key",
    });
  });

  it("rejects malformed text", () => {
    expect(verifyQrPayload("not-a-payload", trusted)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verifyQrPayload("a.b.c", trusted)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("says when it belongs to a sample", () => {
    const payload = signQrPayload({ ...fields, sample: true }, key);
    expect(verifyQrPayload(payload, trusted)).toMatchObject({
      ok: true,
      fields: { sample: true },
    });
  });

  it("signs the holder's name (S2): another name on the paper does not match it", () => {
    const payload = signQrPayload(
      {
        ...fields,
        holderDigest: holderNameDigest("Айгүл Серікқызы Нұрланова"),
      },
      key,
    );
    const verdict = verifyQrPayload(payload, trusted);
    expect(verdict).toMatchObject({ ok: true });
    const signed = verdict.ok ? verdict.fields.holderDigest : undefined;
    expect(Buffer.from(payload.split(".")[0]!, "base64url").toString()).toMatch(
      /^S2~/,
    );
    // Case, composed letters and spacing do not matter; the name does.
    expect(holderNameDigest("  айгүл  серікқызы нұрланова ")).toBe(signed);
    expect(holderNameDigest("Jose\u0301 Ki")).toBe(holderNameDigest("JOSÉ KI"));
    expect(holderNameDigest("Болат Ерланұлы Қасымов")).not.toBe(signed);
    // Swapping the digest for another name's breaks the signature.
    const forged = withBody(payload, (body) =>
      body.replace(signed!, holderNameDigest("Болат Ерланұлы Қасымов")),
    );
    expect(verifyQrPayload(forged, trusted)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("still verifies an S1 payload issued before names were signed", () => {
    const payload = signQrPayload(fields, key);
    expect(Buffer.from(payload.split(".")[0]!, "base64url").toString()).toMatch(
      /^S1~/,
    );
    const verdict = verifyQrPayload(payload, trusted);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.fields.holderDigest).toBeFalsy();
  });

  describe("of a reference (no validity)", () => {
    const reference = {
      ...fields,
      result: "not_passed" as const,
      correct: 22,
      validUntil: undefined,
      holderDigest: holderNameDigest("Айгүл Серікқызы Нұрланова"),
    };

    it("verifies without a validity and gives none back", () => {
      const payload = signQrPayload(reference, key);
      expect(
        Buffer.from(payload.split(".")[0]!, "base64url").toString(),
      ).toContain("~20260314~~");
      const verdict = verifyQrPayload(payload, trusted);
      expect(verdict).toMatchObject({
        ok: true,
        fields: { result: "not_passed", testDate: "2026-03-14" },
      });
      expect(verdict.ok && verdict.fields).not.toHaveProperty("validUntil");
    });

    it("fails when a validity is written into it, or its result is changed", () => {
      const payload = signQrPayload(reference, key);
      const dated = withBody(payload, (body) =>
        body.replace("~20260314~~", "~20260314~20270314~"),
      );
      expect(decodeQrPayload(dated)?.fields).toMatchObject({
        validUntil: "2027-03-14",
      });
      expect(verifyQrPayload(dated, trusted)).toMatchObject({
        ok: false,
        reason: "bad_signature",
      });
      const passed = withBody(payload, (body) =>
        body.replace("~N~22~", "~P~50~"),
      );
      expect(verifyQrPayload(passed, trusted)).toMatchObject({
        ok: false,
        reason: "bad_signature",
      });
    });

    it("still verifies a reference issued before, with a validity in it", () => {
      const payload = signQrPayload(
        { ...reference, validUntil: "2027-03-14" },
        key,
      );
      expect(verifyQrPayload(payload, trusted)).toMatchObject({
        ok: true,
        fields: { result: "not_passed", validUntil: "2027-03-14" },
      });
    });

    it("refuses a validity that is not a date", () => {
      const payload = signQrPayload(reference, key);
      const broken = withBody(payload, (body) =>
        body.replace("~20260314~~", "~20260314~2027~"),
      );
      expect(verifyQrPayload(broken, trusted)).toEqual({
        ok: false,
        reason: "malformed",
      });
    });
  });

  describe("of an assessment report (P1)", () => {
    const profile = {
      kind: "assessment" as const,
      number: "SYN-2026-7K3QW9HD2MX",
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
      holderDigest: holderNameDigest("Айгүл Серікқызы Нұрланова"),
    };

    it("verifies offline and gives back the profile it signs", () => {
      const payload = signQrPayload(profile, key);
      expect(
        Buffer.from(payload.split(".")[0]!, "base64url").toString(),
      ).toMatch(/^P1~SYN-2026-7K3QW9HD2MX~.*~integrity:7,responsibility:5,/);
      expect(verifyQrPayload(payload, trusted)).toEqual({
        ok: true,
        fields: { ...profile, keyId: key.keyId },
      });
    });

    it("stays small enough for the QR code with eight scales", () => {
      const eight = {
        ...profile,
        stens: Array.from({ length: 8 }, (_, index) => ({
          scaleId: `emotional-stability-${index}`,
          sten: 10,
        })),
      };
      const payload = signQrPayload(eight, key);
      expect(payload.length).toBeLessThan(500);
      expect(verifyQrPayload(payload, trusted)).toMatchObject({ ok: true });
    });

    it("fails when a sten, the rule, the consistency, the kind or the name is changed", () => {
      const payload = signQrPayload(profile, key);
      const edits: [string, string][] = [
        ["responsibility:5", "responsibility:9"],
        ["stress-tolerance:4,", "stress-tolerance:6,"],
        ["~M3~", "~M2~"],
        ["~C86~", "~C96~"],
        ["~20260314~", "~20260315~"],
        ["~0~", "~1~"],
        [profile.holderDigest, holderNameDigest("Болат Ерланұлы Қасымов")],
      ];
      for (const [from, to] of edits) {
        const forged = withBody(payload, (body) => body.replace(from, to));
        expect(decodeQrPayload(forged), from).not.toBeNull();
        expect(verifyQrPayload(forged, trusted), from).toMatchObject({
          ok: false,
          reason: "bad_signature",
        });
      }
      // A "does not meet" turned into "meets" is refused just the same.
      const notMet = signQrPayload(
        { ...profile, rule: { minSten: 3, met: false } },
        key,
      );
      const met = withBody(notMet, (body) => body.replace("~N3~", "~M3~"));
      expect(decodeQrPayload(met)?.fields).toMatchObject({
        rule: { met: true },
      });
      expect(verifyQrPayload(met, trusted)).toMatchObject({
        ok: false,
        reason: "bad_signature",
      });
    });

    it("cannot be passed off as a test's payload, nor a test's as a profile", () => {
      const payload = signQrPayload(profile, key);
      const relabelled = withBody(payload, (body) =>
        body.replace(/^P1~/, "S2~"),
      );
      expect(verifyQrPayload(relabelled, trusted)).toEqual({
        ok: false,
        reason: "malformed",
      });
      const test = signQrPayload(
        { ...fields, holderDigest: profile.holderDigest },
        key,
      );
      const asProfile = withBody(test, (body) => body.replace(/^S2~/, "P1~"));
      expect(verifyQrPayload(asProfile, trusted)).toEqual({
        ok: false,
        reason: "malformed",
      });
    });

    it("names an unknown key instead of trusting it", () => {
      expect(
        verifyQrPayload(signQrPayload(profile, otherKey), trusted),
      ).toMatchObject({ ok: false, reason: "unknown_key" });
    });
  });

  it("refuses a field containing its separator", () => {
    expect(() =>
      qrPayloadBody({ ...fields, programId: "a~b", keyId: "k" }),
    ).toThrow(/separator/);
  });
});
