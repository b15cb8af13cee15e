import { createHash, randomBytes } from "node:crypto";
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  unlink,
} from "node:fs/promises";
import path from "node:path";

/**
 * The signed PDFs on disk, under CERT_OUTPUT_DIR. Every write goes to a
 * temporary file first and is renamed into place, so a worker killed
 * mid-write never leaves a half document under the final name.
 */

export const sha256Hex = (data: Buffer) =>
  createHash("sha256").update(data).digest("hex");

/** Only names we make: no path separators, no traversal. */
function checkedName(name: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.pdf$/.test(name)) {
    throw new Error(`not a document file name: ${name}`);
  }
  return name;
}

const tempPrefix = (name: string) => `.${name}.`;

export interface WriteHooks {
  /** Runs between the temp write and the rename (fault injection in tests). */
  afterTempFileWritten?: (tempPath: string) => void | Promise<void>;
}

/**
 * Writes `data` as `dir/name`, durably (fsync before rename) and
 * atomically. Returns the final path.
 */
export async function writeDocumentFile(
  dir: string,
  name: string,
  data: Buffer,
  hooks: WriteHooks = {},
): Promise<string> {
  const folder = path.resolve(dir);
  await mkdir(folder, { recursive: true });
  const finalPath = path.join(folder, checkedName(name));
  const tempPath = path.join(
    folder,
    `${tempPrefix(name)}${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  const handle = await open(tempPath, "wx", 0o644);
  let renamed = false;
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await hooks.afterTempFileWritten?.(tempPath);
    await rename(tempPath, finalPath);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
    }
  }
  return finalPath;
}

/**
 * Removes temporary files a killed writer left for `name`. Call it only
 * while holding that document's render lock (another writer's temp file
 * would be removed too).
 */
export async function sweepTempFiles(
  dir: string,
  name: string,
): Promise<number> {
  const prefix = tempPrefix(checkedName(name));
  let entries: string[];
  try {
    entries = await readdir(path.resolve(dir));
  } catch {
    return 0;
  }
  const stale = entries.filter(
    (entry) => entry.startsWith(prefix) && entry.endsWith(".tmp"),
  );
  await Promise.all(
    stale.map((entry) =>
      unlink(path.join(path.resolve(dir), entry)).catch(() => undefined),
    ),
  );
  return stale.length;
}

/** The file's bytes, or null when it is not there. */
export async function readDocumentFile(
  dir: string,
  name: string,
): Promise<Buffer | null> {
  try {
    return await readFile(path.join(path.resolve(dir), checkedName(name)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export const documentPath = (dir: string, name: string) =>
  path.join(path.resolve(dir), checkedName(name));
