import { sign, verify, type KeyObject } from "node:crypto";
import { entryHash, verifyChain, type ChainFields } from "./chain";

/**
 * Checkpoints anchor the audit hash chains outside Redis. The chain itself
 * (SHA-1 in Lua, cheap on the answer path) only proves that history is
 * consistent with itself: whoever can write Redis can recompute it. A
 * checkpoint is the head of one stream signed with the installation's
 * Ed25519 key and kept in an append-only file, so a rewritten, cut back or
 * head-less stream no longer matches what was signed. Pure: the file
 * helpers live in checkpoint-file.ts, the signer in checkpoint.ts.
 */

export const CHECKPOINT_VERSION = 1;

/** One signed head: the stream `scope` had `count` entries, the last `entryId` with `hash`. */
export interface AuditCheckpoint {
  type: "checkpoint";
  v: number;
  scope: string;
  entryId: string;
  hash: string;
  count: number;
  /** ISO instant of signing. */
  at: string;
  keyId: string;
  /** Ed25519 over `checkpointMessage`, base64url. */
  signature: string;
}

/**
 * The hash of every entry a checkpoint covers, written before it: not
 * needed to detect a rewrite (the signed head does that) but to name the
 * first entry that differs from what was anchored.
 */
export interface AnchoredHashes {
  type: "hashes";
  scope: string;
  /** `[entryId, hash]`, oldest first. */
  entries: [string, string][];
}

export type CheckpointLine = AuditCheckpoint | AnchoredHashes;

/** The installation's key as a verifier knows it: never read from the file it checks. */
export interface CheckpointTrust {
  keyId: string;
  publicKey: KeyObject;
}

/** The exact bytes a checkpoint's signature covers. */
export function checkpointMessage(
  checkpoint: Omit<AuditCheckpoint, "type" | "signature">,
): Buffer {
  return Buffer.from(
    [
      "synaq-audit-checkpoint",
      checkpoint.v,
      checkpoint.scope,
      checkpoint.entryId,
      checkpoint.hash,
      checkpoint.count,
      checkpoint.at,
      checkpoint.keyId,
    ].join("\n"),
    "utf8",
  );
}

/** Signs a stream's head (Ed25519 takes no separate hash: algorithm null). */
export function signCheckpoint(
  fields: Pick<AuditCheckpoint, "scope" | "entryId" | "hash" | "count" | "at">,
  key: { keyId: string; privateKey: KeyObject },
): AuditCheckpoint {
  const unsigned = { ...fields, v: CHECKPOINT_VERSION, keyId: key.keyId };
  const signature = sign(null, checkpointMessage(unsigned), key.privateKey);
  return {
    type: "checkpoint",
    ...unsigned,
    signature: signature.toString("base64url"),
  };
}

/** True when the checkpoint was signed by the trusted key and is unchanged. */
export function checkpointSignatureValid(
  checkpoint: AuditCheckpoint,
  trust: CheckpointTrust,
): boolean {
  if (checkpoint.keyId !== trust.keyId) return false;
  try {
    return verify(
      null,
      checkpointMessage(checkpoint),
      trust.publicKey,
      Buffer.from(checkpoint.signature, "base64url"),
    );
  } catch {
    return false;
  }
}

/** Parses one line of the checkpoint file; null when it is not one of ours. */
export function parseCheckpointLine(line: string): CheckpointLine | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  if (
    record.type === "checkpoint" &&
    typeof record.scope === "string" &&
    typeof record.entryId === "string" &&
    typeof record.hash === "string" &&
    typeof record.count === "number" &&
    typeof record.at === "string" &&
    typeof record.keyId === "string" &&
    typeof record.signature === "string" &&
    typeof record.v === "number"
  ) {
    return record as unknown as AuditCheckpoint;
  }
  if (
    record.type === "hashes" &&
    typeof record.scope === "string" &&
    Array.isArray(record.entries) &&
    record.entries.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === "string" &&
        typeof pair[1] === "string",
    )
  ) {
    return record as unknown as AnchoredHashes;
  }
  return null;
}

/** What a verifier knows about one scope from the checkpoint lines. */
export interface ScopeAnchors {
  checkpoints: AuditCheckpoint[];
  /** Anchored hashes by entry id, and the ids in the order they were anchored. */
  hashes: Map<string, string>;
  order: string[];
}

/** Collects the checkpoints and anchored hashes of one scope. */
export function anchorsOf(
  lines: Iterable<CheckpointLine>,
  scope: string,
): ScopeAnchors {
  const anchors: ScopeAnchors = {
    checkpoints: [],
    hashes: new Map(),
    order: [],
  };
  for (const line of lines) {
    if (line.scope !== scope) continue;
    if (line.type === "checkpoint") {
      anchors.checkpoints.push(line);
      continue;
    }
    for (const [id, hash] of line.entries) {
      if (!anchors.hashes.has(id)) anchors.order.push(id);
      anchors.hashes.set(id, hash);
    }
  }
  return anchors;
}

export type AnchoredVerdict =
  | {
      ok: true;
      entries: number;
      head: string;
      checkpoints: number;
      /** Entries after the last checkpoint: only as safe as Redis. */
      unanchored: number;
    }
  | { ok: false; entries: number; brokenAt: string; reason: string };

const streamIdParts = (id: string): [number, number] => {
  const [ms = "0", seq = "0"] = id.split("-");
  return [Number(ms), Number(seq)];
};

/** Stream ids compare as (ms, seq). */
export const compareStreamIds = (a: string, b: string): number => {
  const [aMs, aSeq] = streamIdParts(a);
  const [bMs, bSeq] = streamIdParts(b);
  return aMs - bMs || aSeq - bSeq;
};

/**
 * Verifies a chain against its signed checkpoints and names the first bad
 * entry: every checkpoint must carry a valid signature of the trusted key;
 * the chain must link and hash; no entry may differ from its anchored hash
 * (a recomputed chain); every checkpointed entry must still be there, at
 * its position (a tail cut back); the head must exist (`headRequired`, for
 * a live stream) and be the last entry; for an archive the head itself must
 * be a signed checkpoint (`headMustBeAnchored`).
 */
export function verifyAnchoredChain(input: {
  entries: ChainFields[];
  head: string | null;
  headKey: string;
  headRequired: boolean;
  headMustBeAnchored: boolean;
  anchors: ScopeAnchors;
  trust: CheckpointTrust | null;
  /** The scope's key, to check personal values against their commitments. */
  piiKey?: string | null;
}): AnchoredVerdict {
  const { entries, anchors } = input;
  const fail = (brokenAt: string, reason: string, count = entries.length) =>
    ({ ok: false, entries: count, brokenAt, reason }) as const;

  for (const checkpoint of anchors.checkpoints) {
    if (!input.trust) {
      return fail(
        `checkpoint ${checkpoint.entryId}`,
        "there are signed checkpoints but not the installation's public key to check them (DATA_DIR/keys/qr-ed25519.pem or CERT_QR_KEY_PATH)",
      );
    }
    if (!checkpointSignatureValid(checkpoint, input.trust)) {
      return fail(
        `checkpoint ${checkpoint.entryId}`,
        `the checkpoint signed at ${checkpoint.at} does not verify with this installation's key ${input.trust.keyId} (the checkpoint was forged or edited)`,
      );
    }
  }

  const chain = verifyChain(entries, undefined, { piiKey: input.piiKey });
  if (!chain.ok) return chain;

  const position = new Map<string, number>();
  const anchoredHash = new Map(anchors.hashes);
  for (const checkpoint of anchors.checkpoints) {
    anchoredHash.set(checkpoint.entryId, checkpoint.hash);
  }
  for (const [index, entry] of entries.entries()) {
    position.set(entry.id, index);
    const anchored = anchoredHash.get(entry.id);
    if (anchored !== undefined && anchored !== entry.hash) {
      return fail(
        entry.id,
        "its hash differs from the one signed in a checkpoint outside Redis (history was rewritten and the chain recomputed)",
        index + 1,
      );
    }
  }

  const byCount = [...anchors.checkpoints].sort((a, b) => a.count - b.count);
  for (const checkpoint of byCount) {
    const index = position.get(checkpoint.entryId);
    if (index === undefined) {
      const firstMissing =
        anchors.order
          .filter((id) => compareStreamIds(id, checkpoint.entryId) <= 0)
          .find((id) => !position.has(id)) ?? checkpoint.entryId;
      return fail(
        firstMissing,
        `this entry is missing, but the checkpoint signed at ${checkpoint.at} covers it (${checkpoint.count} entries up to ${checkpoint.entryId}): the stream was cut back`,
      );
    }
    if (index + 1 !== checkpoint.count) {
      return fail(
        checkpoint.entryId,
        `the checkpoint signed at ${checkpoint.at} counted ${checkpoint.count} entries up to here, the stream has ${index + 1} (entries were removed or inserted before it)`,
        index + 1,
      );
    }
  }

  const last = entries.at(-1);
  const headHash = last?.hash ?? "0";
  if (last && input.head === null && input.headRequired) {
    return fail(
      "head",
      `the head key ${input.headKey} is missing (it must name the last entry ${last.id})`,
    );
  }
  if (input.head !== null && input.head !== headHash) {
    return fail(
      "end",
      "the chain's head does not match the last entry (entries were removed at the end)",
    );
  }
  if (input.headMustBeAnchored && last) {
    const anchored = anchors.checkpoints.some(
      (checkpoint) =>
        checkpoint.entryId === last.id && checkpoint.hash === last.hash,
    );
    if (!anchored) {
      return fail(
        "head",
        `the head ${headHash} (entry ${last.id}) has no valid signed checkpoint (the file was edited, or it was exported without one)`,
      );
    }
  }

  const lastAnchored = byCount.at(-1);
  return {
    ok: true,
    entries: entries.length,
    head: headHash,
    checkpoints: anchors.checkpoints.length,
    unanchored: lastAnchored
      ? entries.length - lastAnchored.count
      : entries.length,
  };
}

/**
 * Re-checks the entries that follow an anchored entry (or the start): each
 * links to the one before and hashes right, and the last is `head`. The
 * checkpointer runs this before signing, so it never signs a rewrite.
 */
export function continuesFrom(
  anchored: { hash: string } | null,
  entries: ChainFields[],
  head: string,
): boolean {
  let prev = anchored?.hash ?? "0";
  for (const entry of entries) {
    if (entry.prev !== prev || entryHash(entry) !== entry.hash) return false;
    prev = entry.hash;
  }
  return prev === head;
}
