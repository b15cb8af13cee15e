import type { Redis } from "ioredis";
import {
  archiveKeys,
  getArchivePointer,
  listArchiveVersions,
  readArchiveVersion,
  type ArchiveVersion,
  type SlotArchiveFile,
} from "../../archive/store";
import {
  installationTrust,
  verifyExportedRecord,
  type CheckpointTrust,
} from "../audit";

export interface VersionVerdict {
  slotId: string;
  version: number;
  file: string;
  ok: boolean;
  /** Why it failed, or what was checked. */
  detail: string;
  /**
   * The file was deleted on purpose: it held personal data a later purge
   * version (retention) removed. Not missing, not corrupt.
   */
  removed?: true;
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

/**
 * A restore writes the file's key dumps back, while the chain is checked on
 * its readable record: the slot's stream dump must hold the same entries
 * (ids and hashes, in order), or a restore could bring back a chain no
 * check has seen. Null when they agree.
 */
function streamMatchesRecord(file: SlotArchiveFile): string | null {
  const streamKey = `audit:slot:${file.slotId}`;
  const dump = file.keys.find((entry) => entry.key === streamKey);
  const dumped =
    dump?.type === "stream"
      ? dump.value.map(([id, flat]) => {
          const at = flat.indexOf("hash");
          return `${id} ${at >= 0 && at % 2 === 0 ? flat[at + 1] : ""}`;
        })
      : [];
  const audit = file.record.audit as
    { entries?: { id?: unknown; hash?: unknown }[] } | undefined;
  const recorded = (audit?.entries ?? []).map(
    (entry) => `${String(entry.id)} ${String(entry.hash)}`,
  );
  const differs = dumped.findIndex((line, index) => line !== recorded[index]);
  if (differs === -1 && dumped.length === recorded.length) return null;
  const at =
    differs === -1 ? Math.min(dumped.length, recorded.length) : differs;
  return `the key dump of ${streamKey} differs from the record's audit chain at entry ${at + 1} (a restore would write a chain no check has seen)`;
}

async function verifyVersion(
  dir: string,
  dataDir: string,
  slotId: string,
  version: ArchiveVersion,
  trust: CheckpointTrust | null,
): Promise<VersionVerdict> {
  const base = { slotId, version: version.version, file: version.file };
  if (version.deletedAt !== undefined) {
    return {
      ...base,
      ok: true,
      removed: true,
      detail: `removed by the retention purge at ${new Date(version.deletedAt).toISOString()} (a later purge version holds the slot without personal data)`,
    };
  }
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
  const restorable = streamMatchesRecord(file);
  if (restorable) return { ...base, ok: false, detail: restorable };
  // A host without the web processes' DATA_DIR/audit still verifies the
  // archive it shares: the file carries its slot's checkpoints.
  const verdict = await verifyExportedRecord(
    file.record,
    { dataDir },
    { trust },
  );
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
  const trust = await installationTrust({
    dataDir: settings.dataDir,
    ...(settings.qrKeyPath ? { qrKeyPath: settings.qrKeyPath } : {}),
  });
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
