import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import {
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  formatBookingCode,
  normalizeBookingCode,
} from "@shared/booking";

/** One Crockford base32 character per byte (32 divides 256: no bias). */
const base32 = (bytes: Uint8Array) =>
  [...bytes].map((byte) => BOOKING_CODE_ALPHABET[byte & 31]).join("");

/** `length` random Crockford base32 characters. */
function randomBase32(length: number): string {
  return base32(randomBytes(length));
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
 * The code of a booking made with a request id: HMAC-SHA256 with the
 * installation's secret over the id, the IIN and the slot, so a repeat of
 * the request (its reply lost) gets the same code back, and every web
 * process derives the same one. 100 bits as a random code: the request id
 * carries at least 128 random bits and is never stored, so neither a Redis
 * dump (the secret, the code's hash) nor a guess gives the code.
 */
export function derivedBookingCode(
  secret: Buffer,
  input: { requestId: string; iin: string; slotId: string },
): { code: string; codeHash: string } {
  const digest = createHmac("sha256", secret)
    .update(
      JSON.stringify([
        "booking-code",
        input.requestId,
        input.iin,
        input.slotId,
      ]),
    )
    .digest();
  const raw = base32(digest.subarray(0, BOOKING_CODE_LENGTH));
  return { code: formatBookingCode(raw), codeHash: hashBookingCode(raw) };
}

/**
 * A new code the desk gives a booking (desk.ts), derived like a booking's
 * from the request id, so a repeat of the request (its reply lost) shows
 * the same new code; a label of its own keeps it apart from booking codes.
 */
export function renewedBookingCode(
  secret: Buffer,
  input: { requestId: string; bookingId: string },
): { code: string; codeHash: string } {
  const digest = createHmac("sha256", secret)
    .update(
      JSON.stringify([
        "booking-code-renewal",
        input.requestId,
        input.bookingId,
      ]),
    )
    .digest();
  const raw = base32(digest.subarray(0, BOOKING_CODE_LENGTH));
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
