import type { Redis } from "ioredis";
import {
  archiveKeys,
  getArchivePointer,
  listArchiveVersions,
  readArchiveVersion,
  type ArchiveVersion,
  type SlotArchiveFile,
} from "../../archive/store";
import { loadInstallationKey } from "../../signing";
import {
  anchorsOf,
  checkpointFilePath,
  parseCheckpointLine,
  readCheckpointLines,
  verifyArchive,
  type SlotArchive,
} from "../audit";

export interface VersionVerdict {
  slotId: string;
  version: number;
  file: string;
  ok: boolean;
  /** Why it failed, or what was checked. */
  detail: string;
}

/** Slots that have at least one archive version (a SCAN: operator tool). */
export async function archivedSlotIds(redis: Redis): Promise<string[]> {
  const ids = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      archiveKeys.versions("*"),
      "COUNT",
      1000,
    );
    cursor = next;
    for (const key of keys) {
      ids.add(key.slice("archive:slot:".length, -":versions".length));
    }
  } while (cursor !== "0");
  return [...ids].sort();
}

async function installationTrust(dataDir: string, qrKeyPath?: string) {
  try {
    const key = await loadInstallationKey(
      { dataDir, ...(qrKeyPath ? { qrKeyPath } : {}) },
      false,
    );
    return { keyId: key.keyId, publicKey: key.publicKey };
  } catch {
    return null;
  }
}

/**
 * The slot's anchors: the checkpoints the file carries (signed: checked
 * with the installation's key like any other) and DATA_DIR's, whose hashes
 * win, as `audit:verify --file` reads them. A host without the web
 * processes' DATA_DIR/audit still verifies the archive it shares.
 */
async function anchorsFor(
  dataDir: string,
  record: SlotArchiveFile["record"],
): Promise<ReturnType<typeof anchorsOf>> {
  const audit = record.audit as Partial<SlotArchive["audit"]> | undefined;
  const scope = audit?.scope ?? "";
  const carried = [
    ...(audit?.checkpoints ?? []),
    { type: "hashes", scope, entries: audit?.anchoredHashes ?? [] },
  ]
    .map((line) => parseCheckpointLine(JSON.stringify(line)))
    .filter((line) => line !== null);
  const { lines } = await readCheckpointLines(checkpointFilePath(dataDir));
  return anchorsOf([...carried, ...lines], scope);
}

async function verifyVersion(
  dir: string,
  dataDir: string,
  slotId: string,
  version: ArchiveVersion,
  trust: Awaited<ReturnType<typeof installationTrust>>,
): Promise<VersionVerdict> {
  const base = { slotId, version: version.version, file: version.file };
  let file;
  try {
    file = await readArchiveVersion(dir, version);
  } catch (error) {
    return {
      ...base,
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  if (file.slotId !== slotId || file.version !== version.version) {
    return {
      ...base,
      ok: false,
      detail: "the file names another slot or version",
    };
  }
  const verdict = verifyArchive(file.record, {
    anchors: await anchorsFor(dataDir, file.record),
    trust,
  });
  return verdict.ok
    ? {
        ...base,
        ok: true,
        detail: `SHA-256 matches; audit chain intact, ${verdict.entries} entries, head ${verdict.head}`,
      }
    : {
        ...base,
        ok: false,
        detail: `audit chain BROKEN at ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`,
      };
}

/**
 * Checks every version of every archived slot (or one slot's): the file's
 * SHA-256 against the recorded one, then its audit chain and signed
 * checkpoints with audit's verifier (the installation's key, never one
 * from the file), and that the pointer names the last version.
 */
export async function verifyArchives(
  redis: Redis,
  settings: { dir: string; dataDir: string; qrKeyPath?: string },
  slotIds?: string[],
): Promise<VersionVerdict[]> {
  const trust = await installationTrust(settings.dataDir, settings.qrKeyPath);
  const verdicts: VersionVerdict[] = [];
  for (const slotId of slotIds ?? (await archivedSlotIds(redis))) {
    const versions = await listArchiveVersions(redis, slotId);
    for (const version of versions) {
      verdicts.push(
        await verifyVersion(
          settings.dir,
          settings.dataDir,
          slotId,
          version,
          trust,
        ),
      );
    }
    const pointer = await getArchivePointer(redis, slotId);
    const last = versions.at(-1);
    if (pointer && last && pointer.state !== "writing") {
      if (pointer.version !== last.version || pointer.sha256 !== last.sha256) {
        verdicts.push({
          slotId,
          version: pointer.version,
          file: pointer.file,
          ok: false,
          detail: "the slot's pointer does not name its last version",
        });
      }
    }
  }
  return verdicts;
}
