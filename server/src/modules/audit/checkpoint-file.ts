import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { parseCheckpointLine, type CheckpointLine } from "./anchor";

/** Where the signed checkpoints live: outside Redis, next to the keys. */
export const checkpointFilePath = (dataDir: string) =>
  path.resolve(dataDir, "audit", "checkpoints.jsonl");

/**
 * Appends lines to the checkpoint file and syncs it to disk. O_APPEND and
 * one write per line (each under 4 KB) keep lines whole when several worker
 * processes append at once.
 */
export async function appendCheckpointLines(
  file: string,
  lines: CheckpointLine[],
): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, "a", 0o600);
  try {
    for (const line of lines) await handle.write(`${JSON.stringify(line)}\n`);
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
