import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  formatBookingCode,
  normalizeBookingCode,
} from "@shared/booking";

/** `length` random Crockford base32 characters (32 divides 256: no bias). */
function randomBase32(length: number): string {
  return [...randomBytes(length)]
    .map((byte) => BOOKING_CODE_ALPHABET[byte & 31])
    .join("");
}

/** SHA-256 hex of a normalized code: all Redis ever holds of it. */
export function hashBookingCode(normalizedCode: string): string {
  return createHash("sha256").update(normalizedCode).digest("hex");
}

/**
 * A new booking code (100 random bits, printed `XXXXX-XXXXX-XXXXX-XXXXX`)
 * and the hash to store.
 */
export function newBookingCode(): { code: string; codeHash: string } {
  const raw = randomBase32(BOOKING_CODE_LENGTH);
  return { code: formatBookingCode(raw), codeHash: hashBookingCode(raw) };
}

/**
 * Whether a typed code matches the stored hash. Constant time in the
 * comparison, so response times do not leak how much of a guess was right.
 */
export function bookingCodeMatches(input: string, storedHash: string): boolean {
  const normalized = normalizeBookingCode(input);
  const expected = Buffer.from(storedHash, "hex");
  const actual = Buffer.from(
    hashBookingCode(normalized ?? `invalid:${input}`),
    "hex",
  );
  return (
    normalized !== null &&
    expected.length === actual.length &&
    timingSafeEqual(expected, actual)
  );
}

/**
 * A receipt number: 12 Crockford base32 characters. Not a secret (the code
 * is); short enough to read over the phone, and checked unique on insert.
 */
export function newBookingId(): string {
  return randomBase32(12);
}
