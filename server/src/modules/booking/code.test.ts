import { describe, expect, it } from "vitest";
import {
  BOOKING_CODE_ALPHABET,
  formatBookingCode,
  normalizeBookingCode,
} from "@shared/booking";
import {
  bookingCodeMatches,
  derivedBookingCode,
  hashBookingCode,
  newBookingCode,
  newBookingId,
  renewedBookingCode,
} from "./code";

describe("newBookingCode", () => {
  it("prints 20 Crockford base32 characters in four groups of five", () => {
    const { code } = newBookingCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  });

  it("stores only the SHA-256 of the code", () => {
    const { code, codeHash } = newBookingCode();
    expect(codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(codeHash).toBe(hashBookingCode(code.replace(/-/g, "")));
    expect(codeHash).not.toContain(code.replace(/-/g, "").toLowerCase());
  });

  it("uses every character of the alphabet (no bias toward a few)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      for (const char of newBookingCode().code.replace(/-/g, ""))
        seen.add(char);
    }
    expect(seen.size).toBe(BOOKING_CODE_ALPHABET.length);
  });

  it("never repeats in 10,000 codes", () => {
    const codes = new Set(
      Array.from({ length: 10_000 }, () => newBookingCode().code),
    );
    expect(codes.size).toBe(10_000);
  });
});

describe("derivedBookingCode", () => {
  const secret = Buffer.alloc(32, 7);
  const input = {
    requestId: "bQ3w9-Zr_T0kXy4LmN8pAa",
    iin: "900102300121",
    slotId: "slot-1",
  };

  it("gives the same code for the same request, IIN, slot and secret", () => {
    expect(derivedBookingCode(secret, input)).toEqual(
      derivedBookingCode(Buffer.from(secret), { ...input }),
    );
  });

  it("gives another code for another request id, IIN, slot or secret", () => {
    const { code } = derivedBookingCode(secret, input);
    const others = [
      derivedBookingCode(secret, {
        ...input,
        requestId: `${input.requestId}x`,
      }),
      derivedBookingCode(secret, { ...input, iin: "851231405677" }),
      derivedBookingCode(secret, { ...input, slotId: "slot-2" }),
      derivedBookingCode(Buffer.alloc(32, 8), input),
    ].map((derived) => derived.code);
    expect(new Set([code, ...others]).size).toBe(5);
  });

  it("does not let the parts run into each other", () => {
    const joined = derivedBookingCode(secret, {
      ...input,
      iin: "1",
      slotId: "23",
    });
    const split = derivedBookingCode(secret, {
      ...input,
      iin: "12",
      slotId: "3",
    });
    expect(joined.code).not.toBe(split.code);
  });

  it("is a valid code whose hash is what is stored", () => {
    const { code, codeHash } = derivedBookingCode(secret, input);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(normalizeBookingCode(code)).toBe(code.replace(/-/g, ""));
    expect(bookingCodeMatches(code, codeHash)).toBe(true);
    expect(codeHash).toBe(hashBookingCode(code.replace(/-/g, "")));
  });

  it("spreads over the whole alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { code } = derivedBookingCode(secret, {
        ...input,
        requestId: `${input.requestId}${i}`,
      });
      for (const char of code.replace(/-/g, "")) seen.add(char);
    }
    expect(seen.size).toBe(BOOKING_CODE_ALPHABET.length);
  });
});

describe("renewedBookingCode", () => {
  const secret = Buffer.alloc(32, 7);
  const input = {
    requestId: "bQ3w9-Zr_T0kXy4LmN8pAa",
    bookingId: "8HG6VFQ0T5QA",
  };

  it("gives a repeat of the desk's request the same valid code", () => {
    const { code, codeHash } = renewedBookingCode(secret, input);
    expect(renewedBookingCode(Buffer.from(secret), { ...input }).code).toBe(
      code,
    );
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(bookingCodeMatches(code, codeHash)).toBe(true);
  });

  it("gives another code for another request, booking or secret, and never a booking's own", () => {
    const { code } = renewedBookingCode(secret, input);
    const others = [
      renewedBookingCode(secret, {
        ...input,
        requestId: `${input.requestId}x`,
      }),
      renewedBookingCode(secret, { ...input, bookingId: "8HG6VFQ0T5QB" }),
      renewedBookingCode(Buffer.alloc(32, 8), input),
      derivedBookingCode(secret, {
        requestId: input.requestId,
        iin: "900102300121",
        slotId: input.bookingId,
      }),
    ].map((derived) => derived.code);
    expect(new Set([code, ...others]).size).toBe(5);
  });
});

describe("bookingCodeMatches", () => {
  const { code, codeHash } = newBookingCode();

  it("accepts the code as printed", () => {
    expect(bookingCodeMatches(code, codeHash)).toBe(true);
  });

  it("accepts it typed in lower case, without dashes, with spaces", () => {
    const typed = code.toLowerCase().replace(/-/g, " ");
    expect(bookingCodeMatches(typed, codeHash)).toBe(true);
    expect(bookingCodeMatches(code.replace(/-/g, ""), codeHash)).toBe(true);
  });

  it("refuses a code one character off", () => {
    const last = code.at(-1) === "0" ? "1" : "0";
    expect(bookingCodeMatches(`${code.slice(0, -1)}${last}`, codeHash)).toBe(
      false,
    );
  });

  it("refuses garbage without throwing", () => {
    expect(bookingCodeMatches("", codeHash)).toBe(false);
    expect(bookingCodeMatches("x".repeat(64), codeHash)).toBe(false);
    expect(bookingCodeMatches(code, "not-a-hash")).toBe(false);
  });
});

describe("normalizeBookingCode", () => {
  it("reads O as 0 and I or L as 1, as Crockford intends", () => {
    expect(normalizeBookingCode("OOOOO-IIIII-LLLLL-22222")).toBe(
      "00000111111111122222",
    );
  });

  it("refuses U and codes of the wrong length", () => {
    expect(normalizeBookingCode("UUUUU-UUUUU-UUUUU-UUUUU")).toBeNull();
    expect(normalizeBookingCode("ABCDE")).toBeNull();
  });

  it("round-trips through formatBookingCode", () => {
    expect(formatBookingCode("ABCDEFGHJKMNPQRSTVWX")).toBe(
      "ABCDE-FGHJK-MNPQR-STVWX",
    );
  });
});

describe("newBookingId", () => {
  it("is 12 base32 characters", () => {
    expect(newBookingId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
  });
});
