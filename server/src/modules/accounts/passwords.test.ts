import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashPassword,
  needsRehash,
  passwordWeakness,
  SCRYPT_N,
  verifyPassword,
} from "./passwords";

describe("the password policy", () => {
  it("accepts a long password of one's own", () => {
    expect(passwordWeakness("desk-1", "correct horse battery")).toBeNull();
    expect(passwordWeakness("desk-1", "pw-desk-1-long-enough")).toBeNull();
  });

  it("refuses fewer than 12 characters", () => {
    expect(passwordWeakness("desk-1", "elevenchars")).toMatch(/at least 12/);
  });

  it("refuses the username, reversed or with digits after it", () => {
    expect(passwordWeakness("administrator", "Administrator")).toMatch(
      /username/,
    );
    expect(passwordWeakness("operator-main", "niam-rotarepo")).toMatch(
      /username/,
    );
    expect(passwordWeakness("operator-main", "operator-main2026")).toMatch(
      /username/,
    );
  });

  it("refuses common passwords, Russian and Kazakh ones typed in Latin letters too, whatever the case", () => {
    for (const common of [
      "qwerty123456",
      "1q2w3e4r5t6y",
      "Parol1234567",
      "qupiyasoz123",
      "almaty123456",
      "aaaaaaaaaaaaaaa",
    ]) {
      expect(passwordWeakness("someone", common), common).toMatch(/common/);
    }
  });
});

describe("password hashes", () => {
  it("are scrypt at N = 2^17 with the parameters stored, and verify", async () => {
    const hash = await hashPassword("a password to keep");
    expect(hash).toMatch(new RegExp(`^scrypt\\$${SCRYPT_N}\\$8\\$1\\$`));
    expect(SCRYPT_N).toBe(2 ** 17);
    expect(await verifyPassword("a password to keep", hash)).toBe(true);
    expect(await verifyPassword("a password to keeP", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("verify an older, cheaper hash and mark it for an upgrade", async () => {
    const salt = randomBytes(16);
    const old = [
      "scrypt",
      16384,
      8,
      1,
      salt.toString("base64"),
      scryptSync("old one", salt, 64, { N: 16384 }).toString("base64"),
    ].join("$");
    expect(await verifyPassword("old one", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(await verifyPassword("old one", "plain-text")).toBe(false);
  });
});
