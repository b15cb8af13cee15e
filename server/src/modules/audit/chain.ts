import { hash } from "node:crypto";
import { piiMismatch } from "./pii";

/** The fields of an audit entry that its hash covers, as Lua writes them. */
export interface ChainFields {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prev: string;
  hash: string;
  /**
   * The personal values behind the commitments in `data` (JSON object of
   * field → value), beside the entry and not covered by its hash: absent
   * when there were none, or once a purge dropped them (see pii.ts).
   */
  pii?: string;
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: string; reason: string };

export function entryHash(
  fields: Omit<ChainFields, "id" | "hash" | "pii">,
): string {
  // One-shot hash: a checkpoint re-hashes every entry of the minute.
  return hash(
    "sha1",
    [
      fields.prev,
      fields.at,
      fields.actor,
      fields.action,
      fields.subject,
      fields.data,
    ].join("\n"),
  );
}

/**
 * Checks a hash chain entry by entry and names the first broken one. Pure,
 * so it verifies a live stream and an exported file alike. With the scope's
 * `piiKey`, each personal value still beside its entry must also match its
 * commitment; without it (or once the values are dropped) the chain alone
 * is checked.
 */
export function verifyChain(
  entries: Iterable<ChainFields>,
  expectedHead?: string | null,
  options: { piiKey?: string | null } = {},
): ChainVerdict {
  let prev = "0";
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.prev !== prev) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.id,
        reason:
          "its previous-hash does not match the entry before it (an entry was removed or reordered)",
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.id,
        reason: "its content does not match its hash (the entry was edited)",
      };
    }
    const mismatch = options.piiKey ? piiMismatch(entry, options.piiKey) : null;
    if (mismatch) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.id,
        reason: mismatch,
      };
    }
    prev = entry.hash;
  }
  if (
    expectedHead !== undefined &&
    expectedHead !== null &&
    expectedHead !== prev
  ) {
    return {
      ok: false,
      entries: count,
      brokenAt: "end",
      reason:
        "the chain's head does not match the last entry (entries were removed at the end)",
    };
  }
  return { ok: true, entries: count, head: prev };
}
