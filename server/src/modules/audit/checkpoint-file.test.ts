import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnchoredHashes } from "./anchor";
import { appendCheckpointLines, readCheckpointLines } from "./checkpoint-file";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true });
});

/** `count` lines of 40 hashes each (~3 KB, as a busy minute writes them). */
const hashLines = (scope: string, count: number): AnchoredHashes[] =>
  Array.from({ length: count }, (_, line) => ({
    type: "hashes",
    scope,
    entries: Array.from({ length: 40 }, (_, n) => [
      `1796670000000-${line * 40 + n}`,
      String(line % 10).repeat(40),
    ]),
  }));

describe("the checkpoint file", () => {
  it("keeps every line whole and in order when two checkpoints append at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "synaq-checkpoints-"));
    dirs.push(dir);
    const file = path.join(dir, "audit", "checkpoints.jsonl");
    const a = hashLines("slot:a", 500);
    const b = hashLines("slot:b", 500);
    // Each call opens the file on its own (O_APPEND, as two workers do) and
    // gives the event loop back between slices: their writes interleave.
    await Promise.all([
      appendCheckpointLines(file, a),
      appendCheckpointLines(file, b),
    ]);
    const { lines, unreadable } = await readCheckpointLines(file);
    expect(unreadable).toEqual([]);
    expect(lines.filter((line) => line.scope === "slot:a")).toEqual(a);
    expect(lines.filter((line) => line.scope === "slot:b")).toEqual(b);
    // Interleaved indeed: neither call wrote all of its lines first.
    const firstB = lines.findIndex((line) => line.scope === "slot:b");
    const lastA = lines.findLastIndex((line) => line.scope === "slot:a");
    expect(firstB).toBeLessThan(lastA);
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
  });
});
