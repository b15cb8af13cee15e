import { createHash, randomBytes } from "node:crypto";

/** A source of uniformly distributed 32-bit unsigned integers. */
export type Random = () => number;

/**
 * A deterministic generator for one purpose of one seed: sfc32 seeded with
 * SHA-256 of the seed and the scope. Scoping (by section, by item) keeps each
 * stream independent, so editing one bank section never changes the items
 * or option orders drawn for another from the same seed.
 */
export function seededRandom(seed: string, ...scope: string[]): Random {
  // JSON keeps ["a-b", "c"] and ["a", "b-c"] apart, which joining would not.
  const digest = createHash("sha256")
    .update(JSON.stringify([seed, ...scope]))
    .digest();
  return sfc32(
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  );
}

/** Chris Doty-Humphrey's Small Fast Counting generator, 32-bit variant. */
function sfc32(a: number, b: number, c: number, d: number): Random {
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still echo the seed words; the usual warm-up.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniform integer in [0, bound), without modulo bias. */
export function randomBelow(random: Random, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
    throw new RangeError(`bound must be an integer in 1..2^32, got ${bound}`);
  }
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const value = random();
    if (value < limit) return value % bound;
  }
}

/** A shuffled copy (Fisher–Yates); the input is left as it was. */
export function shuffled<T>(values: readonly T[], random: Random): T[] {
  const result = [...values];
  for (let i = result.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/** A fresh form seed: 128 random bits, URL-safe, stored with the attempt. */
export function newFormSeed(): string {
  return randomBytes(16).toString("base64url");
}
