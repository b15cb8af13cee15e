import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  embeddedRedisFiles,
  embeddedRedisPassword,
  redactRedisUrl,
} from "./embedded";

describe("redactRedisUrl", () => {
  it("masks the password of a URL, with or without a user", () => {
    expect(redactRedisUrl("redis://:s3cret@127.0.0.1:6379")).toBe(
      "redis://:***@127.0.0.1:6379",
    );
    expect(
      redactRedisUrl("rediss://synaq:s3cret@redis.example.kz:6380/2"),
    ).toBe("rediss://synaq:***@redis.example.kz:6380/2");
    expect(
      redactRedisUrl("redis+sentinel://synaq:p%40ss@10.0.0.1:26379/main"),
    ).toBe("redis+sentinel://synaq:***@10.0.0.1:26379/main");
  });

  it("leaves a URL without a password as it is", () => {
    expect(redactRedisUrl("redis://127.0.0.1:6379")).toBe(
      "redis://127.0.0.1:6379",
    );
  });
});

describe("embeddedRedisPassword", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true });
  });

  it("generates the password once, readable by its owner only, and reuses it", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "synaq-password-"));
    dirs.push(dataDir);
    const first = embeddedRedisPassword(dataDir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const { passwordFile } = embeddedRedisFiles(dataDir);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    // Someone loosened it: it is tightened again, and the same password kept.
    chmodSync(passwordFile, 0o644);
    expect(embeddedRedisPassword(dataDir)).toBe(first);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const other = mkdtempSync(path.join(tmpdir(), "synaq-other-"));
    dirs.push(other);
    expect(embeddedRedisPassword(other)).not.toBe(first);
  });
});
