import { describe, expect, it } from "vitest";
import {
  CertificateNumberSchema,
  NUMBER_ALPHABET,
  composeDocumentNumber,
  hasValidCheckCharacter,
  isLegacyNumber,
  numberCheckCharacter,
  officialPosition,
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
