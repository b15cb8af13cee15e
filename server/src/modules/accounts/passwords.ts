import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { badRequest } from "../../errors";
import { COMMON_PASSWORDS } from "./common-passwords";

/** scrypt cost: N = 2^17 takes about half a second and 128 MiB here. */
export const SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is too low. */
const MAX_MEMORY = 256 * 1024 * 1024;
/** Hashes at once: they share libuv's thread pool (4) with file and DNS work. */
const MAX_CONCURRENT_HASHES = 2;

export const MIN_PASSWORD_LENGTH = 12;
/** Usernames: the API and the CLI check the same pattern. */
export { USERNAME_PATTERN } from "@shared/accounts";

let running = 0;
const waiting: (() => void)[] = [];

/** A tiny semaphore: at most MAX_CONCURRENT_HASHES scrypt calls at a time. */
async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
) {
  return withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(
          password,
          salt,
          KEY_LENGTH,
          { N: n, r, p, maxmem: MAX_MEMORY },
          (error, key) => (error ? reject(error) : resolve(key)),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash`, so parameters can rise without a migration. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT_N, R, P);
  return [
    "scrypt",
    SCRYPT_N,
    R,
    P,
    salt.toString("base64"),
    key.toString("base64"),
  ].join("$");
}

function parseHash(stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return null;
  return { n: Number(n), r: Number(r), p: Number(p), salt, hash };
}

export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, "base64");
  const actual = await derive(
    password,
    Buffer.from(parsed.salt, "base64"),
    parsed.n,
    parsed.r,
    parsed.p,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash is weaker than what hashPassword makes now. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.n < SCRYPT_N || parsed.r < R;
}

let dummyHash: Promise<string> | undefined;

/** Makes the dummy hash ahead of the first unknown username (at start). */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummyHash;
}

/**
 * Checks a password against a fixed hash of the current cost, so an unknown
 * username takes as long as a wrong password (no username probing by time).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await prepareDummyHash());
  return false;
}

const DENIED = new Set(
  COMMON_PASSWORDS.map((password) => password.toLowerCase()),
);

/** Why a password is refused, or null when it is acceptable. */
export function passwordWeakness(
  username: string,
  password: string,
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (
    lower === name ||
    lower === [...name].reverse().join("") ||
    lower.replace(/\d+$/, "") === name
  ) {
    return "The password must not be the username.";
  }
  if (DENIED.has(lower) || /^(.)\1+$/.test(password)) {
    return "The password is on the list of common passwords; choose another.";
  }
  return null;
}

/** Refuses a weak password with 400 `weak_password` and the reason. */
export function checkPasswordPolicy(username: string, password: string): void {
  const weakness = passwordWeakness(username, password);
  if (weakness) throw badRequest("weak_password", weakness);
}
