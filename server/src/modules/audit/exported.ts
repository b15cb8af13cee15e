import { loadInstallationKey } from "../../signing";
import {
  anchorsOf,
  parseCheckpointLine,
  type CheckpointTrust,
  type ScopeAnchors,
} from "./anchor";
import { verifyArchive, type SlotArchive } from "./archive";
import type { ChainVerdict } from "./chain";
import { checkpointFilePath, readCheckpointLines } from "./checkpoint-file";

/** Where the installation keeps its key and its checkpoint file. */
export interface InstallationFiles {
  dataDir: string;
  qrKeyPath?: string;
}

/**
 * The installation's public key, from its key file (DATA_DIR/keys or
 * CERT_QR_KEY_PATH), never from the file being checked; null when absent.
 */
export async function installationTrust(
  files: InstallationFiles,
): Promise<CheckpointTrust | null> {
  try {
    const key = await loadInstallationKey(
      {
        dataDir: files.dataDir,
        ...(files.qrKeyPath ? { qrKeyPath: files.qrKeyPath } : {}),
      },
      false,
    );
    return { keyId: key.keyId, publicKey: key.publicKey };
  } catch {
    return null;
  }
}

/**
 * A scope's anchors: `extra` checkpoint lines (what an exported record
 * carries) and DATA_DIR/audit/checkpoints.jsonl's, whose hashes win.
 * Unreadable lines of the file are reported to `onUnreadable`.
 */
export async function installationAnchors(
  dataDir: string,
  scope: string,
  extra: Parameters<typeof anchorsOf>[0] = [],
  onUnreadable?: (file: string, lines: number[]) => void,
): Promise<ScopeAnchors> {
  const file = checkpointFilePath(dataDir);
  const { lines, unreadable } = await readCheckpointLines(file);
  if (unreadable.length > 0) onUnreadable?.(file, unreadable);
  return anchorsOf([...extra, ...lines], scope);
}

/**
 * Checks a slot's exported record (`audit:verify --file`, or an archived
 * slot's record from its archive file) against the checkpoints it carries
 * (their signatures checked with the installation's key like any other)
 * and the installation's own.
 */
export async function verifyExportedRecord(
  document: unknown,
  files: InstallationFiles,
  options: {
    trust?: CheckpointTrust | null;
    onUnreadable?: (file: string, lines: number[]) => void;
  } = {},
): Promise<ChainVerdict> {
  const archive = document as Partial<SlotArchive> | null;
  const scope = archive?.audit?.scope ?? "";
  // What the file carries is re-parsed; its signatures are checked later.
  const carried = [
    ...(archive?.audit?.checkpoints ?? []),
    { type: "hashes", scope, entries: archive?.audit?.anchoredHashes ?? [] },
  ]
    .map((line) => parseCheckpointLine(JSON.stringify(line)))
    .filter((line) => line !== null);
  return verifyArchive(document, {
    anchors: await installationAnchors(
      files.dataDir,
      scope,
      carried,
      options.onUnreadable,
    ),
    trust:
      options.trust === undefined
        ? await installationTrust(files)
        : options.trust,
  });
}
