import { describe, expect, it } from "vitest";
import {
  CertificateNumberSchema,
  NUMBER_ALPHABET,
  composeDocumentNumber,
  decodeQrPayload,
  formatStens,
  hasValidCheckCharacter,
  isLegacyNumber,
  joinQrPayload,
  numberCheckCharacter,
  officialPosition,
  qrPayloadBody,
  type AssessmentPayloadFields,
} from "./certificates";

const CHECK = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

describe("document numbers", () => {
  const number = composeDocumentNumber("SYN", 2026, "7K3QW9HD2M");

  it("read SYN-<year>-<10 random><check> and pass the schema", () => {
    expect(number).toMatch(/^SYN-2026-7K3QW9HD2M[0-9A-Z]$/);
    expect(CertificateNumberSchema.safeParse(number).success).toBe(true);
    expect(hasValidCheckCharacter(number)).toBe(true);
    expect(isLegacyNumber(number)).toBe(false);
  });

  it("catch every single changed character of the year, the random part and the check", () => {
    const body = number.slice("SYN-".length);
    for (let index = 0; index < body.length; index++) {
      if (body[index] === "-") continue;
      const alphabet =
        index < 4 ? "0123456789" : index < 15 ? NUMBER_ALPHABET : CHECK;
      for (const char of alphabet) {
        if (char === body[index]) continue;
        const changed = `SYN-${body.slice(0, index)}${char}${body.slice(index + 1)}`;
        expect(hasValidCheckCharacter(changed), changed).toBe(false);
      }
    }
  });

  it("catch every swap of two neighbouring characters", () => {
    const random = number.slice(9, 19);
    for (let index = 0; index + 1 < random.length; index++) {
      if (random[index] === random[index + 1]) continue;
      const swapped = `${random.slice(0, index)}${random[index + 1]}${random[index]}${random.slice(index + 2)}`;
      expect(
        hasValidCheckCharacter(`SYN-2026-${swapped}${number.at(-1)}`),
      ).toBe(false);
    }
  });

  it("compute ISO 7064 MOD 37,36: the check makes the whole string check to 1", () => {
    // Verifying a string with its check character leaves the product at 1
    // before the last doubling (the standard's definition of "checks").
    const verify = (text: string) => {
      let product = 36;
      let sum = 0;
      for (const char of text) {
        sum = (product + CHECK.indexOf(char)) % 36 || 36;
        product = (sum * 2) % 37;
      }
      return sum % 36;
    };
    for (const random of [
      "0000000000",
      "ZZZZZZZZZZ",
      "7K3QW9HD2M",
      "ABCDEFGHJK",
    ]) {
      expect(
        verify(`2026${random}${numberCheckCharacter(`2026${random}`)}`),
      ).toBe(1);
    }
  });

  it("tell the old sequential form apart; refuse anything else", () => {
    expect(isLegacyNumber("SYN-2026-000123")).toBe(true);
    expect(CertificateNumberSchema.safeParse("SYN-2026-000123").success).toBe(
      true,
    );
    expect(
      CertificateNumberSchema.safeParse("SYN-2026-7K3QW9HD2I0").success,
    ).toBe(false);
    expect(CertificateNumberSchema.safeParse("SYN-2026-12345").success).toBe(
      false,
    );
  });
});

describe("the position an official result states", () => {
  const categories = [
    {
      code: "B-1",
      titles: {
        kk: "Орталық мемлекеттік органдардағы лауазымдар",
        ru: "Должности в центральных государственных органах",
        en: "Positions in central state bodies",
      },
    },
  ];

  it("takes the category's titles from the registry, with the kind", () => {
    expect(
      officialPosition(
        { positionCategory: "B-1", candidateKind: "civil-servant" },
        categories,
      ),
    ).toEqual({
      category: { code: "B-1", titles: categories[0]!.titles },
      candidateKind: "civil-servant",
    });
  });

  it("is absent when the booking named neither", () => {
    expect(
      officialPosition(
        { positionCategory: null, candidateKind: null },
        categories,
      ),
    ).toBeUndefined();
    expect(officialPosition({}, categories)).toBeUndefined();
  });

  it("states what was named: a kind alone, or a category the registry no longer lists by its code", () => {
    expect(
      officialPosition(
        { positionCategory: null, candidateKind: "candidate" },
        categories,
      ),
    ).toEqual({ candidateKind: "candidate" });
    expect(
      officialPosition(
        { positionCategory: "E-G-3", candidateKind: null },
        categories,
      ),
    ).toEqual({
      category: {
        code: "E-G-3",
        titles: { kk: "E-G-3", ru: "E-G-3", en: "E-G-3" },
      },
    });
  });
});

describe("the QR payload body", () => {
  /** A stand-in signature: decoding checks its length, not its value. */
  const signature = new Uint8Array(64).fill(7);
  const encode = (body: string) => joinQrPayload(body, signature);
  const profile: AssessmentPayloadFields = {
    kind: "assessment",
    number: "SYN-2026-7K3QW9HD2MX",
    maskedIin: "900102******",
    programId: "personal-qualities",
    stens: [
      { scaleId: "integrity", sten: 7 },
      { scaleId: "responsibility", sten: 5 },
      { scaleId: "stress-tolerance", sten: 10 },
      { scaleId: "communication", sten: 1 },
    ],
    rule: { minSten: 3, met: false },
    consistency: { index: 0.41, low: true },
    testDate: "2026-03-14",
    keyId: "k1",
    sample: false,
    holderDigest: "AbCdEfGhIjK",
  };
  const BODY =
    "P1~SYN-2026-7K3QW9HD2MX~900102******~personal-qualities~A~integrity:7,responsibility:5,stress-tolerance:10,communication:1~N3~L41~20260314~k1~0~AbCdEfGhIjK";

  it("of an assessment report (P1) carries the stens compactly, the rule and the consistency", () => {
    expect(qrPayloadBody(profile)).toBe(BODY);
    expect(decodeQrPayload(encode(BODY))?.fields).toEqual(profile);
  });

  it("of an assessment report leaves the rule and the consistency empty when there are none", () => {
    const { rule: _rule, consistency: _consistency, ...bare } = profile;
    const body = qrPayloadBody(bare);
    expect(body).toContain(",communication:1~~~20260314~");
    const decoded = decodeQrPayload(encode(body))?.fields;
    expect(decoded).toEqual(bare);
    expect(decoded).not.toHaveProperty("rule");
    expect(decoded).not.toHaveProperty("consistency");
  });

  it("refuses a malformed P1 body", () => {
    const broken = [
      BODY.replace("integrity:7", "integrity:0"),
      BODY.replace("integrity:7", "integrity:11"),
      BODY.replace("integrity:7", "integrity"),
      BODY.replace("responsibility:5", "integrity:5"),
      BODY.replace("~A~", "~B~"),
      BODY.replace("~N3~", "~N0~"),
      BODY.replace("~N3~", "~X3~"),
      BODY.replace("~L41~", "~L101~"),
      BODY.replace("~L41~", "~41~"),
      BODY.replace("~20260314~", "~2026-03-14~"),
      BODY.replace("~0~AbCdEfGhIjK", "~2~AbCdEfGhIjK"),
      BODY.replace("~AbCdEfGhIjK", "~"),
      BODY.replace("~AbCdEfGhIjK", ""),
      BODY.replace("P1~", "P2~"),
    ];
    for (const body of broken) {
      expect(decodeQrPayload(encode(body)), body).toBeNull();
    }
  });

  it("refuses a scale id the compact form cannot carry", () => {
    expect(() =>
      formatStens([{ scaleId: "stress,tolerance", sten: 4 }]),
    ).toThrow(/scale and sten/);
    expect(() => formatStens([{ scaleId: "a", sten: 11 }])).toThrow();
  });

  it("of a certificate or reference still decodes in both earlier versions (S1, S2)", () => {
    expect(
      decodeQrPayload(
        encode(
          "S1~SYN-2026-000123~900102******~corps-b~P~45~55~20260314~20270314~k1~0",
        ),
      )?.fields,
    ).toEqual({
      number: "SYN-2026-000123",
      maskedIin: "900102******",
      programId: "corps-b",
      result: "passed",
      correct: 45,
      total: 55,
      testDate: "2026-03-14",
      validUntil: "2027-03-14",
      keyId: "k1",
      sample: false,
    });
    expect(
      decodeQrPayload(
        encode(
          "S2~SYN-2026-7K3QW9HD2MX~900102******~corps-b~N~22~55~20260314~~k1~1~AbCdEfGhIjK",
        ),
      )?.fields,
    ).toEqual({
      number: "SYN-2026-7K3QW9HD2MX",
      maskedIin: "900102******",
      programId: "corps-b",
      result: "not_passed",
      correct: 22,
      total: 55,
      testDate: "2026-03-14",
      keyId: "k1",
      sample: true,
      holderDigest: "AbCdEfGhIjK",
    });
    // An S2 body without its digest, or an S1 body with one, is not either.
    expect(
      decodeQrPayload(
        encode(
          "S2~SYN-2026-000123~900102******~corps-b~P~45~55~20260314~~k1~0",
        ),
      ),
    ).toBeNull();
  });
});
