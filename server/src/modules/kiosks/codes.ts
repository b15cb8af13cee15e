import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A code a person can read aloud and type: Crockford base32, no I L O U.
 * 5 bits per character from unbiased random bytes.
 */
export function humanCode(length: number): string {
  const bytes = randomBytes(length);
  let code = "";
  for (const byte of bytes) code += CROCKFORD[byte & 31];
  return code;
}

/** Normalizes what a person typed: case, spaces, dashes, look-alikes. */
export function normalizeHumanCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}
