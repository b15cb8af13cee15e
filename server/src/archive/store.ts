import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  link,
  mkdir,
  open,
  readFile,
  readdir,
  rm,
  unlink,
} from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { Redis } from "ioredis";
import { SynaqError } from "../errors";
import { parseLuaReply } from "../redis/reply";
import { script } from "../redis/scripts";
import type { KeyDump, Membership } from "./snapshot";

export type { KeyDump, Membership } from "./snapshot";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const ARCHIVE_FILE_FORMAT = "synaq-slot-archive-file";

export const archiveKeys = {
  /** Hash: the slot's current version and the archival's state. */
  pointer: (slotId: string) => `archive:slot:${slotId}`,
  /** List of JSON ArchiveVersion, oldest first: every file ever written. */
  versions: (slotId: string) => `archive:slot:${slotId}:versions`,
  /** Set of the slots whose keys are archived (state `archived`). */
  all: "archive:slots",
  /**
   * Set of the slots the retention purge restored (or found restored) to
   * anonymize: only the purge archives them again (reason `purge`), never
   * the sweep, which would file the personal data again.
   */
  purging: "retention:archive-purging",
  /** One archival or restore of a slot at a time (SET NX PX). */
  lock: (slotId: string) => `archive:slot:${slotId}:lock`,
  /**
   * Set of the slots with a version begun (archive-begin.lua) and not yet
   * `archived` or `restored` (archive-state.lua): the sweep resumes them
   * even once they have left `slots:by-start`.
   */
  inProgress: "archive:slots:in-progress",
};

/**
 * The slot's own hash (slots/repository.ts names it): the archive scripts
 * copy its center, program and times into the pointer, read only.
 */
const slotHashKey = (slotId: string) => `slot:${slotId}`;

/** What the pointer keeps of the slot for scope checks once it is archived. */
export interface ArchivedSlotScope {
  centerId: string;
  programId: string;
  startsAt: number;
  endsAt: number;
}

/**
 * The center, program and times the pointer keeps of an archived slot
 * (copied from the slot's hash whenever a version is begun or committed).
 * Null when the slot was never archived or its pointer predates these
 * fields (until its next version): callers must then deny, never allow.
 */
export async function getArchivedSlotScope(
  redis: Redis,
  slotId: string,
): Promise<ArchivedSlotScope | null> {
  let fields: (string | null)[];
  try {
    fields = await redis.hmget(
      archiveKeys.pointer(slotId),
      "centerId",
      "programId",
      "startsAt",
      "endsAt",
    );
  } catch (error) {
    // An id naming another kind of key (`x:versions`) names no slot.
    if (error instanceof Error && error.message.startsWith("WRONGTYPE"))
      return null;
    throw error;
  }
  const [centerId, programId, startsAt, endsAt] = fields;
  if (!centerId) return null;
  return {
    centerId,
    programId: programId ?? "",
    startsAt: Number(startsAt ?? 0),
    endsAt: Number(endsAt ?? 0),
  };
}

/**
 * `writing`: the file of `pendingVersion` is being written, the keys are
 * live; `deleting`: the file is written and recorded, the keys are being
 * deleted; `archived`: only stubs are left; `restored`: the keys are back
 * (a later change is archived again as a new version).
 */
export type ArchiveState = "writing" | "deleting" | "archived" | "restored";

export interface ArchiveVersion {
  version: number;
  /** Relative to the archive directory: `<slotId>/v<N>.json.gz`. */
  file: string;
  /** SHA-256 (hex) of the file's bytes, as stored (gzip). */
  sha256: string;
  bytes: number;
  /** Epoch ms. */
  at: number;
  reason: "archived" | "reissue" | "purge" | "restored";
  /**
   * Epoch ms the file was deleted: it held personal data the retention
   * purge removed, and a later version (reason `purge`) replaced it.
   */
  deletedAt?: number;
}

export interface ArchivePointer extends ArchiveVersion {
  slotId: string;
  state: ArchiveState;
}

/** The pointer with the version being written, for a run that resumes. */
export interface ArchiveProgress extends ArchivePointer {
  pending: {
    version: number;
    reason: ArchiveVersion["reason"];
    file?: string;
    sha256?: string;
    bytes?: number;
  } | null;
}

export interface SlotArchiveFile {
  format: typeof ARCHIVE_FILE_FORMAT;
  version: number;
  slotId: string;
  writtenAt: string;
  reason: ArchiveVersion["reason"];
  /**
   * The readable, self-verifying record (audit's SlotArchive: slot,
   * bookings, attempts with forms and answers, incidents, audit chain +
   * checkpoints), extended with documents, official results, appeals,
   * analytics.
   */
  record: Record<string, unknown> & { audit: unknown };
  /** Every key the slot owned, to restore it exactly. */
  keys: KeyDump[];
  /** Memberships of the slot's records in shared indexes. */
  memberships: Membership[];
}

/** Where archive files live: ARCHIVE_DIR, or DATA_DIR/archive. */
export function archiveDir(env: {
  ARCHIVE_DIR?: string;
  DATA_DIR: string;
}): string {
  return path.resolve(env.ARCHIVE_DIR ?? path.join(env.DATA_DIR, "archive"));
}

const SLOT_ID = /^[A-Za-z0-9_-]+$/;

/** Throws unless the id can name a folder of the archive directory. */
function checkSlotId(slotId: string): void {
  if (!SLOT_ID.test(slotId)) {
    throw new SynaqError(
      400,
      "archive_bad_slot_id",
      `archive: ${JSON.stringify(slotId)} is not a slot id (letters, digits, _ and - only).`,
    );
  }
}

/** The file of a version, relative to the archive directory. */
export const archiveFileName = (slotId: string, version: number) => {
  checkSlotId(slotId);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new Error(`archive: ${String(version)} is not a version number`);
  }
  return `${slotId}/v${version}.json.gz`;
};

const FILE_NAME = /^([A-Za-z0-9_-]+)\/v([1-9][0-9]*)\.json\.gz$/;

/**
 * The path of a version's file from its recorded name, which comes from
 * Redis: only a name archiveFileName gives (of that slot and version when
 * the caller knows them), resolved inside the archive directory. Anything
 * else (`../../x`) is refused before a file is touched.
 */
function versionPath(
  dir: string,
  file: string,
  expected: { slotId?: string; version?: number } = {},
): string {
  const match = FILE_NAME.exec(file);
  const named =
    match !== null &&
    (expected.slotId === undefined || match[1] === expected.slotId) &&
    (expected.version === undefined || Number(match[2]) === expected.version);
  const root = path.resolve(dir);
  const resolved = path.resolve(root, file);
  if (!named || !resolved.startsWith(root + path.sep)) {
    throw corrupt(
      `The archive entry names ${JSON.stringify(file)}, not a version file of the archive directory; refused.`,
    );
  }
  return resolved;
}

const corrupt = (message: string) =>
  new SynaqError(500, "archive_corrupt", message);

const sha256Of = (bytes: Buffer) =>
  createHash("sha256").update(bytes).digest("hex");

const REASONS = new Set(["archived", "reissue", "purge", "restored"]);
const STATES = new Set(["writing", "deleting", "archived", "restored"]);

function reasonOf(value: string | undefined): ArchiveVersion["reason"] {
  return REASONS.has(value ?? "")
    ? (value as ArchiveVersion["reason"])
    : "archived";
}

function progressOf(
  slotId: string,
  fields: Record<string, string>,
): ArchiveProgress | null {
  const state = fields.state ?? "";
  if (!STATES.has(state)) return null;
  const pendingVersion = Number(fields.pendingVersion ?? 0);
  return {
    slotId,
    state: state as ArchiveState,
    version: Number(fields.version ?? 0),
    file: fields.file ?? "",
    sha256: fields.sha256 ?? "",
    bytes: Number(fields.bytes ?? 0),
    at: Number(fields.at ?? 0),
    reason: reasonOf(fields.reason),
    pending:
      pendingVersion > 0
        ? {
            version: pendingVersion,
            reason: reasonOf(fields.pendingReason),
            ...(fields.pendingSha256
              ? {
                  file: fields.pendingFile ?? "",
                  sha256: fields.pendingSha256,
                  bytes: Number(fields.pendingBytes ?? 0),
                }
              : {}),
          }
        : null,
  };
}

function pairsToRecord(flat: unknown): Record<string, string> {
  const list = Array.isArray(flat) ? (flat as string[]) : [];
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) {
    record[list[i] ?? ""] = list[i + 1] ?? "";
  }
  return record;
}

function pointerOf(progress: ArchiveProgress): ArchivePointer {
  const { pending: _pending, ...pointer } = progress;
  return pointer;
}

/** The slot's pointer with the version in progress, or null if never archived. */
export async function getArchiveProgress(
  redis: Redis,
  slotId: string,
): Promise<ArchiveProgress | null> {
  return progressOf(slotId, await redis.hgetall(archiveKeys.pointer(slotId)));
}

/** The slot's archive pointer, or null if it was never archived. */
export async function getArchivePointer(
  redis: Redis,
  slotId: string,
): Promise<ArchivePointer | null> {
  const progress = await getArchiveProgress(redis, slotId);
  return progress ? pointerOf(progress) : null;
}

/** Whether the slot's keys are archived (only stubs left in Redis). */
export async function isArchived(
  redis: Redis,
  slotId: string,
): Promise<boolean> {
  return (
    (await redis.hget(archiveKeys.pointer(slotId), "state")) === "archived"
  );
}

/** Every version written for the slot, oldest first. */
export async function listArchiveVersions(
  redis: Redis,
  slotId: string,
): Promise<ArchiveVersion[]> {
  const raw = await redis.lrange(archiveKeys.versions(slotId), 0, -1);
  return raw.map((entry) => JSON.parse(entry) as ArchiveVersion);
}

/**
 * Deletes the files of the slot's versions before `version` (they hold
 * personal data a purge version removed) and records each as deleted
 * (`deletedAt`) in the versions list, which keeps every entry. The caller
 * holds the slot's lock; recorded first, so a crash between leaves an
 * entry whose file may still be there, and a run again deletes it.
 */
export async function deleteVersionsBefore(
  redis: Redis,
  dir: string,
  slotId: string,
  version: number,
  at: number,
): Promise<number[]> {
  const key = archiveKeys.versions(slotId);
  const deleted: number[] = [];
  const entries = await listArchiveVersions(redis, slotId);
  // Every name checked before anything is recorded or deleted.
  const paths = entries.map((entry) =>
    entry.version >= version
      ? ""
      : versionPath(dir, entry.file, { slotId, version: entry.version }),
  );
  for (const [index, entry] of entries.entries()) {
    if (entry.version >= version) continue;
    if (entry.deletedAt === undefined) {
      await redis.lset(key, index, JSON.stringify({ ...entry, deletedAt: at }));
      deleted.push(entry.version);
    }
    await rm(paths[index] ?? "", { force: true });
  }
  return deleted;
}

async function lua(
  redis: Redis,
  name: string,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  const reply = parseLuaReply<unknown>(
    await script(name).run(redis, keys, args),
  );
  if ("error" in reply) {
    throw new SynaqError(409, reply.error, `archive: ${reply.error}`, {
      ...reply.details,
    });
  }
  return reply.ok;
}

/**
 * Starts a new version (state `writing`), or returns the one in progress
 * (`writing` or `deleting`) for the caller to resume. Refuses
 * (`archive_already_archived`) while the slot is archived.
 */
export async function beginArchiveVersion(
  redis: Redis,
  slotId: string,
  reason: ArchiveVersion["reason"],
): Promise<ArchiveProgress> {
  const fields = pairsToRecord(
    await lua(
      redis,
      "archive-begin",
      [
        archiveKeys.pointer(slotId),
        archiveKeys.versions(slotId),
        slotHashKey(slotId),
        archiveKeys.inProgress,
      ],
      [slotId, reason],
    ),
  );
  const progress = progressOf(slotId, fields);
  if (!progress) throw new Error(`archive: no pointer for ${slotId}`);
  return progress;
}

/** Records the file about to be renamed into place (see writeArchiveFile). */
export async function notePendingFile(
  redis: Redis,
  slotId: string,
  written: ArchiveVersion,
): Promise<void> {
  await lua(
    redis,
    "archive-pending",
    [archiveKeys.pointer(slotId), archiveKeys.versions(slotId)],
    [written.version, written.file, written.sha256, written.bytes],
  );
}

/**
 * Makes a written version the slot's current one (listed once however
 * often this runs) and moves the pointer to `deleting`.
 */
export async function commitArchiveVersion(
  redis: Redis,
  slotId: string,
  written: ArchiveVersion,
): Promise<ArchivePointer> {
  const fields = pairsToRecord(
    await lua(
      redis,
      "archive-commit",
      [
        archiveKeys.pointer(slotId),
        archiveKeys.versions(slotId),
        slotHashKey(slotId),
      ],
      [
        written.version,
        JSON.stringify(written),
        written.file,
        written.sha256,
        written.bytes,
        written.at,
        written.reason,
      ],
    ),
  );
  const progress = progressOf(slotId, fields);
  if (!progress) throw new Error(`archive: no pointer for ${slotId}`);
  return pointerOf(progress);
}

/** Moves the pointer between states (`from` may list several). */
export async function setArchiveState(
  redis: Redis,
  slotId: string,
  from: ArchiveState[],
  to: ArchiveState,
): Promise<ArchivePointer> {
  const fields = pairsToRecord(
    await lua(
      redis,
      "archive-state",
      [archiveKeys.pointer(slotId), archiveKeys.all, archiveKeys.inProgress],
      [slotId, from.join("|"), to],
    ),
  );
  const progress = progressOf(slotId, fields);
  if (!progress) throw new Error(`archive: no pointer for ${slotId}`);
  return pointerOf(progress);
}

/**
 * Takes the slot's archive lock for `ms` (one archival or restore at a
 * time across workers); returns the release, or null when it is held.
 */
export async function lockArchive(
  redis: Redis,
  slotId: string,
  ms: number,
): Promise<(() => Promise<void>) | null> {
  const token = randomBytes(12).toString("hex");
  const key = archiveKeys.lock(slotId);
  const taken = await redis.set(key, token, "PX", ms, "NX");
  if (taken !== "OK") return null;
  return async () => {
    await script("archive-unlock").run(redis, [key], [token]);
  };
}

/** Immutable files: the cache holds parsed files by their hash. */
const parsed = new Map<string, SlotArchiveFile>();
const CACHE_SIZE = 16;

/** Reads one version's file and checks it against its recorded SHA-256. */
export async function readArchiveVersion(
  dir: string,
  version: Pick<ArchiveVersion, "file" | "sha256"> & {
    version?: number;
    slotId?: string;
  },
): Promise<SlotArchiveFile> {
  const target = versionPath(dir, version.file, {
    ...(version.slotId === undefined ? {} : { slotId: version.slotId }),
    ...(version.version === undefined ? {} : { version: version.version }),
  });
  const cached = parsed.get(version.sha256);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = await readFile(target);
  } catch (error) {
    throw corrupt(
      `The archive file ${version.file} cannot be read: ${String(error)}`,
    );
  }
  if (sha256Of(bytes) !== version.sha256) {
    throw corrupt(
      `The archive file ${version.file} does not match its recorded SHA-256.`,
    );
  }
  const file = JSON.parse(
    (await gunzipAsync(bytes)).toString("utf8"),
  ) as Partial<SlotArchiveFile>;
  if (file.format !== ARCHIVE_FILE_FORMAT || !file.slotId || !file.keys) {
    throw corrupt(`${version.file} is not a slot archive file.`);
  }
  const checked = file as SlotArchiveFile;
  parsed.set(version.sha256, checked);
  if (parsed.size > CACHE_SIZE) {
    const oldest = parsed.keys().next().value;
    if (oldest !== undefined) parsed.delete(oldest);
  }
  return checked;
}

/**
 * Reads and checks the slot's current version (SHA-256 against the
 * pointer); throws `archive_corrupt`. Null when the slot has no version.
 * The parsed file is shared: callers must not change it.
 */
export async function readSlotArchive(
  redis: Redis,
  dir: string,
  slotId: string,
): Promise<SlotArchiveFile | null> {
  const pointer = await getArchivePointer(redis, slotId);
  if (!pointer || pointer.version < 1 || !pointer.sha256) return null;
  return readArchiveVersion(dir, pointer);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes one version of a slot's archive: gzip JSON to a temporary name in
 * the slot's folder, fsynced, read back and checked against its SHA-256,
 * then put in place under `<dir>/<slotId>/v<N>.json.gz` and the folder
 * fsynced. Files are immutable: the final name is linked, never replaced;
 * the same bytes again are accepted.
 * `beforeRename` runs between the check and the rename (the caller records
 * the hash, so a crash right after the rename is recognised: that is
 * notePendingFile, which refuses a name a recorded version holds).
 * A different file already under the name is then a stray no version
 * points at (a rebuilt file never has the same bytes: `writtenAt`; Redis
 * lost the pending hash in a failover or came back from an older backup):
 * it is moved aside to `v<N>.orphan-<sha8>.json.gz`, never deleted, with a
 * warning, and this file takes the name. Without `beforeRename` nothing
 * tells it is a stray: refused (`archive_version_exists`).
 */
export async function writeArchiveFile(
  dir: string,
  file: SlotArchiveFile,
  options: {
    at?: number;
    beforeRename?: (written: ArchiveVersion) => Promise<void>;
    /** Where the stray's warning goes (default: a process warning). */
    warn?: (message: string, details: Record<string, unknown>) => void;
  } = {},
): Promise<ArchiveVersion> {
  const bytes = await gzipAsync(Buffer.from(JSON.stringify(file), "utf8"));
  const sha256 = sha256Of(bytes);
  const name = archiveFileName(file.slotId, file.version);
  const target = versionPath(dir, name, file);
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  const temporary = path.join(
    folder,
    `.v${file.version}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    const handle = await open(temporary, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (sha256Of(await readFile(temporary)) !== sha256) {
      throw corrupt(
        `The archive file ${name} read back differs from what was written.`,
      );
    }
    const written: ArchiveVersion = {
      version: file.version,
      file: name,
      sha256,
      bytes: bytes.length,
      at: options.at ?? Date.now(),
      reason: file.reason,
    };
    await options.beforeRename?.(written);
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const found = sha256Of(await readFile(target));
      if (found !== sha256) {
        if (!options.beforeRename) {
          throw new SynaqError(
            409,
            "archive_version_exists",
            `${name} exists with other contents; archive files are never replaced.`,
          );
        }
        const orphan = await moveStrayAside(target, file.version, found);
        (options.warn ?? warnProcess)(
          `archive: ${name} held a file no version records; kept as ${path.basename(orphan)}`,
          { slotId: file.slotId, version: file.version, file: name, orphan },
        );
        await link(temporary, target);
      }
    }
    await rm(temporary, { force: true });
    await fsyncDir(folder);
    await fsyncDir(dir).catch(() => undefined);
    return written;
  } finally {
    await rm(temporary, { force: true });
  }
}

const warnProcess = (message: string) => process.emitWarning(message);

/**
 * Moves a stray file at a version's name aside, next to it, as
 * `v<N>.orphan-<sha8>.json.gz` (hard link then unlink: never replaced,
 * never lost; the same stray moved before is recognised). Returns its path.
 */
async function moveStrayAside(
  target: string,
  version: number,
  sha256: string,
): Promise<string> {
  const orphan = path.join(
    path.dirname(target),
    `v${version}.orphan-${sha256.slice(0, 8)}.json.gz`,
  );
  try {
    await link(target, orphan);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (sha256Of(await readFile(orphan)) !== sha256) {
      throw new SynaqError(
        409,
        "archive_version_exists",
        `${path.basename(orphan)} exists with other contents; move the strays of ${target} aside by hand.`,
      );
    }
  }
  await fsyncDir(path.dirname(target));
  await unlink(target);
  return orphan;
}

/** Temporary files a crashed write left in a slot's folder. */
export async function removeTemporaryFiles(
  dir: string,
  slotId: string,
): Promise<void> {
  checkSlotId(slotId);
  const folder = path.join(dir, slotId);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(".") && name.endsWith(".tmp")) {
      await rm(path.join(folder, name), { force: true });
    }
  }
}

/**
 * The SHA-256 of a version's file on disk (null when it is not there, or
 * when the name, read from Redis, is not one of the directory's version
 * files: nothing else is read).
 */
export async function fileSha256(
  dir: string,
  file: string,
): Promise<string | null> {
  try {
    return sha256Of(await readFile(versionPath(dir, file)));
  } catch {
    return null;
  }
}

/**
 * Keeps the sweep off a slot restored for a change (a late appeal's
 * re-issue) until `untilMs`: it would archive the slot before the change
 * is made. The pointer's `holdUntil`; a hold never shortens an earlier one.
 */
export async function holdArchive(
  redis: Redis,
  slotId: string,
  untilMs: number,
): Promise<void> {
  const key = archiveKeys.pointer(slotId);
  const earlier = Number((await redis.hget(key, "holdUntil")) ?? 0);
  if (untilMs > earlier) await redis.hset(key, "holdUntil", String(untilMs));
}

/** Until when the slot is held (holdArchive), 0 if not. */
export async function archiveHeldUntil(
  redis: Redis,
  slotId: string,
): Promise<number> {
  return Number(
    (await redis.hget(archiveKeys.pointer(slotId), "holdUntil")) ?? 0,
  );
}
