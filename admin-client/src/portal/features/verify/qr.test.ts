import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  joinQrPayload,
  qrPayloadBody,
  type CertificateKeys,
  type CertificateRecord,
  type QrPayloadFields,
} from "@shared/certificates";
import { checkQrPayload } from "./qr";

/** The verify page's own check (WebCrypto), with a key made here. */
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const jwk = publicKey.export({ format: "jwk" });
const keys: CertificateKeys = {
  qrKeys: [
    {
      kty: "OKP",
      crv: "Ed25519",
      alg: "EdDSA",
      use: "sig",
      kid: "k1",
      x: jwk.x ?? "",
      current: true,
    },
  ],
  signingCertificates: [],
};

const signed = (fields: QrPayloadFields) => {
  const body = qrPayloadBody(fields);
  return joinQrPayload(body, sign(null, Buffer.from(body), privateKey));
};

/** The holder digest as the server takes it: NFC, upper case, 8 bytes of SHA-256. */
async function digestOf(name: string) {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(name.normalize("NFC").toUpperCase()),
  );
  return Buffer.from(digest).subarray(0, 8).toString("base64url");
}

const HOLDER = "Айгүл Нұрланова";

const record = (kind: CertificateRecord["kind"]): CertificateRecord => ({
  valid: true,
  revoked: false,
  expired: false,
  kind,
  number: "SYN-2026-7K3QW9HD2MX",
  holder: HOLDER,
  maskedIin: "900102******",
  program: {
    id: "personal-qualities",
    titles: { kk: "Бағалау", ru: "Оценка", en: "Assessment" },
  },
  ...(kind === "assessment" ? {} : { result: "passed" as const }),
  testedAt: "2026-03-14T05:00:00.000Z",
  issuedAt: "2026-03-14T06:00:00.000Z",
  sample: false,
});

describe("the verify page's check of an assessment report's QR code", () => {
  it("verifies the profile's signature and finds it matches the registry's assessment report", async () => {
    const payload = signed({
      kind: "assessment",
      number: "SYN-2026-7K3QW9HD2MX",
      maskedIin: "900102******",
      programId: "personal-qualities",
      stens: [
        { scaleId: "integrity", sten: 7 },
        { scaleId: "responsibility", sten: 5 },
      ],
      rule: { minSten: 3, met: true },
      consistency: { index: 0.86, low: false },
      testDate: "2026-03-14",
      keyId: "k1",
      sample: false,
      holderDigest: await digestOf(HOLDER),
    });
    const check = await checkQrPayload(
      encodeURIComponent(payload),
      keys,
      record("assessment"),
    );
    expect(check.state).toBe("ok");
    expect(check.state === "ok" && check.payload.fields).toMatchObject({
      kind: "assessment",
      stens: [
        { scaleId: "integrity", sten: 7 },
        { scaleId: "responsibility", sten: 5 },
      ],
    });

    // The same genuine profile against a certificate's record: mismatch.
    const other = await checkQrPayload(payload, keys, record("certificate"));
    expect(other).toMatchObject({ state: "mismatch", fields: ["kind"] });
  });

  it("refuses a profile whose sten was changed, and a test's payload against an assessment's record", async () => {
    const payload = signed({
      kind: "assessment",
      number: "SYN-2026-7K3QW9HD2MX",
      maskedIin: "900102******",
      programId: "personal-qualities",
      stens: [{ scaleId: "integrity", sten: 7 }],
      testDate: "2026-03-14",
      keyId: "k1",
      sample: false,
      holderDigest: await digestOf(HOLDER),
    });
    const [body = "", signature = ""] = payload.split(".");
    const forged = `${Buffer.from(
      Buffer.from(body, "base64url")
        .toString()
        .replace("integrity:7", "integrity:9"),
    ).toString("base64url")}.${signature}`;
    expect(
      (await checkQrPayload(forged, keys, record("assessment"))).state,
    ).toBe("bad-signature");

    const test = signed({
      number: "SYN-2026-7K3QW9HD2MX",
      maskedIin: "900102******",
      programId: "personal-qualities",
      result: "passed",
      correct: 40,
      total: 55,
      testDate: "2026-03-14",
      keyId: "k1",
      sample: false,
      holderDigest: await digestOf(HOLDER),
    });
    expect(
      await checkQrPayload(test, keys, record("assessment")),
    ).toMatchObject({ state: "mismatch", fields: ["result"] });
  });
});
