import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const run = async (script: string, args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      TSX,
      [join(ROOT, "server/src/modules/banks", script), ...args],
      { cwd: ROOT, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe.concurrent("npm run bank:validate", { timeout: 60_000 }, () => {
  it("passes on the shipped banks and prints items per section per language", async () => {
    const result = await run("cli-validate.ts", []);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /bank kz-legislation: 10 sections, \d+ items \(demonstration content\)/,
    );
    expect(result.stdout).toMatch(/section\s+items\s+kk\s+ru/);
    expect(result.stdout).toMatch(
      /program corps-b-legislation: 4 sections, 55 questions, pass at 30/,
    );
    expect(result.stdout).toMatch(/no problems/);
  });

  it("fails on broken banks, listing every problem with its file", async () => {
    const result = await run("cli-validate.ts", [
      "tests/fixtures/banks/broken",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/17 problem\(s\)/);
    expect(result.stderr).toMatch(/programs\/malformed\.json: malformed JSON/);
    expect(result.stderr).toMatch(
      /demo\/small\.json: item "two-keys": correct: a single-choice item needs exactly 1 key/,
    );
    expect(result.stderr).toMatch(
      /programs\/too-long\.json: durationMinutes: at most 125 minutes/,
    );
  });

  it("reports the shipped personal-qualities demonstration", async () => {
    const result = await run("cli-validate.ts", []);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /bank pq-demo: 4 sections, 32 items \(demonstration content\)/,
    );
    expect(result.stdout).toMatch(
      /program personal-qualities-demo: personal qualities, 4 scales, 32 statements .*rule: no scale below sten 3, consistency minimum 0\.7, requires corps-b-legislation/,
    );
  });

  it("exits 2 when the folder cannot be read", async () => {
    const result = await run("cli-validate.ts", ["/nonexistent/banks"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read/);
  });
});

describe.concurrent("npm run bank:import-qti", { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(
      dirs.map((dir) => rm(dir, { recursive: true, force: true })),
    );
  });

  it("imports the sample package, reports what it skipped, and the result validates", async () => {
    const out = await mkdtemp(join(tmpdir(), "synaq-cli-"));
    dirs.push(out);
    const result = await run("cli-import-qti.ts", [
      "tests/fixtures/qti",
      "--bank",
      "sample",
      "--section",
      "imported",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /not imported ESSAY-Q3-kk \(essay-q3-kk\.xml\): qti-extended-text-interaction is not supported/,
    );
    expect(result.stderr).toMatch(
      /not imported NOKEY-Q4-ru \(nokey-q4-ru\.xml\): no qti-correct-response/,
    );
    expect(result.stdout).toMatch(/imported SOLO-Q5 without ru/);
    expect(result.stdout).toMatch(/3 added, 0 replaced, 2 not imported/);
    const validation = await run("cli-validate.ts", [out]);
    expect(validation.code).toBe(0);
  });

  it("explains its usage when the source is missing", async () => {
    const result = await run("cli-import-qti.ts", []);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run bank:import-qti/);
  });
});
