import { writeSync } from "node:fs";
import { mkdir, open, readFile } from "node:fs/promises";
import { setImmediate } from "node:timers/promises";
import path from "node:path";
import { parseCheckpointLine, type CheckpointLine } from "./anchor";

/** Where the signed checkpoints live: outside Redis, next to the keys. */
export const checkpointFilePath = (dataDir: string) =>
  path.resolve(dataDir, "audit", "checkpoints.jsonl");

/**
 * Lines written between two turns of the event loop: a slice takes about
 * a millisecond.
 */
const LINES_PER_SLICE = 50;

/**
 * Appends lines to the checkpoint file and syncs it to disk. O_APPEND and
 * one write per line (each under 4 KB) keep lines whole when several worker
 * processes append at once. The writes are synchronous (a few µs each), a
 * slice at a time with the event loop given back in between: an awaited
 * write per line cost ~60 µs of CPU each, and the checkpoint of a busy
 * minute (100,000 answers) writes thousands of lines.
 */
export async function appendCheckpointLines(
  file: string,
  lines: CheckpointLine[],
): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, "a", 0o600);
  try {
    for (let i = 0; i < lines.length; i++) {
      writeSync(handle.fd, `${JSON.stringify(lines[i])}\n`);
      if ((i + 1) % LINES_PER_SLICE === 0) await setImmediate();
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every line of the checkpoint file; an absent file has none. */
export async function readCheckpointLines(
  file: string,
): Promise<{ lines: CheckpointLine[]; unreadable: number[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { lines: [], unreadable: [] };
    }
    throw error;
  }
  const lines: CheckpointLine[] = [];
  const unreadable: number[] = [];
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    const line = parseCheckpointLine(raw);
    if (line) lines.push(line);
    else unreadable.push(index + 1);
  });
  return { lines, unreadable };
}
