import {
  verifyAnchoredChain,
  type AuditCheckpoint,
  type CheckpointTrust,
  type ScopeAnchors,
} from "./anchor";
import { verifyChain, type ChainFields, type ChainVerdict } from "./chain";
import { anonymizeAuditEntries } from "./pii";

/** The archive format a slot's JSON export is written in. */
export const ARCHIVE_FORMAT = "synaq-slot-archive";
export const ARCHIVE_VERSION = 1;

export interface ArchiveAnswer {
  response: string[];
  seq: number;
  savedAt: number;
}

/** The parts of an exported slot record the verifier checks. */
export interface SlotArchive {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  slotId: string;
  exportedAt: string;
  attempts: {
    id: string;
    result: { correct: number; total: number; passed: boolean } | null;
    answers: Record<string, ArchiveAnswer>;
    [field: string]: unknown;
  }[];
  audit: {
    scope: string;
    head: string | null;
    entries: ChainFields[];
    /** The slot's signed checkpoints at export; the head is the last one. */
    checkpoints?: AuditCheckpoint[];
    /** `[entryId, hash]` as anchored outside Redis (to name a rewritten entry). */
    anchoredHashes?: [string, string][];
    /**
     * The scope's key behind the entries' salted commitments, to check the
     * personal values beside them (`pii`); an anonymized record has neither.
     */
    piiKey?: string | null;
  };
  [part: string]: unknown;
}

/**
 * A record's audit part without personal values: the entries' `pii` and the
 * scope key go, the commitments stay and the chain verifies as before (the
 * retention purge's anonymized version).
 */
export function anonymizeAuditRecord(
  audit: SlotArchive["audit"],
): SlotArchive["audit"] {
  const { piiKey: _piiKey, ...rest } = audit;
  return { ...rest, entries: anonymizeAuditEntries(audit.entries) };
}

const sameResponse = (a: unknown, b: readonly string[]) =>
  JSON.stringify(Array.isArray(a) ? [...(a as string[])].sort() : []) ===
  JSON.stringify([...b].sort());

/**
 * Verifies an exported slot record: the audit hash chain entry by entry
 * (and its head), then that every exported answer and score is the one the
 * chain recorded, so editing an answer in the file is caught as well as
 * editing the chain. With `anchored`, the chain must also agree with the
 * signed checkpoints (verified with the installation's key, never one from
 * the file) and its head must be one of them: a file edited and rehashed
 * fails. Pure: the file and the anchors are all it needs.
 */
export function verifyArchive(
  document: unknown,
  anchored?: { anchors: ScopeAnchors; trust: CheckpointTrust | null },
): ChainVerdict {
  const archive = document as Partial<SlotArchive> | null;
  if (
    !archive ||
    archive.format !== ARCHIVE_FORMAT ||
    !archive.audit ||
    !Array.isArray(archive.audit.entries) ||
    !Array.isArray(archive.attempts)
  ) {
    return {
      ok: false,
      entries: 0,
      brokenAt: "file",
      reason: `not a ${ARCHIVE_FORMAT} export`,
    };
  }
  const entries = archive.audit.entries;
  const verdict = anchored
    ? verifyAnchoredChain({
        entries,
        head: archive.audit.head ?? null,
        headKey: "audit.head",
        headRequired: true,
        headMustBeAnchored: true,
        anchors: anchored.anchors,
        trust: anchored.trust,
        piiKey: archive.audit.piiKey ?? null,
      })
    : verifyChain(entries, archive.audit.head, {
        piiKey: archive.audit.piiKey ?? null,
      });
  if (!verdict.ok) return verdict;
  const chain: ChainVerdict = {
    ok: true,
    entries: verdict.entries,
    head: verdict.head,
  };
  const lastSave = new Map<string, { seq: unknown; response: unknown }>();
  const lastScore = new Map<string, { correct: unknown; passed: unknown }>();
  for (const entry of entries) {
    if (
      entry.action !== "answer.saved" &&
      entry.action !== "attempt.scored" &&
      entry.action !== "attempt.rescored"
    )
      continue;
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(entry.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (entry.action === "answer.saved")
      lastSave.set(`${entry.subject}/${String(data.itemId)}`, {
        seq: data.seq,
        response: data.response,
      });
    else if (entry.action === "attempt.scored")
      lastScore.set(entry.subject, {
        correct: data.correct,
        passed: data.passed,
      });
    else {
      // An upheld appeal's rescore (appeals module): the new score is `to`.
      const to = (data.to ?? {}) as Record<string, unknown>;
      lastScore.set(entry.subject, { correct: to.correct, passed: to.passed });
    }
  }
  for (const attempt of archive.attempts) {
    for (const [itemId, answer] of Object.entries(attempt.answers ?? {})) {
      const recorded = lastSave.get(`attempt:${attempt.id}/${itemId}`);
      if (
        !recorded ||
        recorded.seq !== answer.seq ||
        !sameResponse(recorded.response, answer.response)
      ) {
        return {
          ok: false,
          entries: chain.entries,
          brokenAt: `attempt ${attempt.id} answer ${itemId}`,
          reason:
            "the exported answer is not the one the audit chain recorded (the file was edited)",
        };
      }
    }
    const score = lastScore.get(`attempt:${attempt.id}`);
    if (
      attempt.result &&
      (!score ||
        score.correct !== attempt.result.correct ||
        score.passed !== attempt.result.passed)
    ) {
      return {
        ok: false,
        entries: chain.entries,
        brokenAt: `attempt ${attempt.id} result`,
        reason:
          "the exported score is not the one the audit chain recorded (the file was edited)",
      };
    }
  }
  return chain;
}
