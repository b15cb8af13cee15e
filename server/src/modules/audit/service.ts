import type { Redis } from "ioredis";
import {
  verifyAnchoredChain,
  type AnchoredVerdict,
  type CheckpointTrust,
  type ScopeAnchors,
} from "./anchor";
import { verifyChain, type ChainFields, type ChainVerdict } from "./chain";
import {
  auditKeys,
  chainFieldsOf,
  readAuditHead,
  readAuditPiiKey,
  readAuditRaw,
  type AuditScope,
} from "./repository";

async function readChain(redis: Redis, scope: AuditScope) {
  const entries: ChainFields[] = [];
  for await (const raw of readAuditRaw(redis, scope))
    entries.push(chainFieldsOf(raw));
  return {
    entries,
    head: await readAuditHead(redis, scope),
    piiKey: await readAuditPiiKey(redis, scope),
  };
}

/**
 * Verifies one audit stream in Redis against itself: the chain and its
 * head, which must exist once there are entries.
 */
export async function verifyAuditStream(
  redis: Redis,
  scope: AuditScope,
): Promise<ChainVerdict> {
  const { entries, head, piiKey } = await readChain(redis, scope);
  const last = entries.at(-1);
  if (last && head === null) {
    return {
      ok: false,
      entries: entries.length,
      brokenAt: "head",
      reason: `the head key ${auditKeys(scope).head} is missing`,
    };
  }
  return verifyChain(entries, head, { piiKey });
}

/**
 * Verifies one audit stream in Redis against its signed checkpoints (see
 * anchor.ts): what `npm run audit:verify` runs.
 */
export async function verifyAnchoredStream(
  redis: Redis,
  scope: AuditScope,
  anchors: ScopeAnchors,
  trust: CheckpointTrust | null,
): Promise<AnchoredVerdict> {
  const { entries, head, piiKey } = await readChain(redis, scope);
  return verifyAnchoredChain({
    entries,
    head,
    piiKey,
    headKey: auditKeys(scope).head,
    headRequired: true,
    headMustBeAnchored: false,
    anchors,
    trust,
  });
}

/** The actor string written into audit entries. */
export const actorOf = (
  principal:
    | { kind: "staff"; accountId: string; role: string }
    | { kind: "kiosk"; kioskId: string }
    | { kind: "anonymous" },
): string => {
  switch (principal.kind) {
    case "staff":
      return `staff:${principal.accountId}:${principal.role}`;
    case "kiosk":
      return `kiosk:${principal.kioskId}`;
    case "anonymous":
      return "public";
  }
};

/** A staff member as the services record them: id, name, audit actor. */
export const staffAgent = (actor: {
  kind: "staff";
  accountId: string;
  fullName: string;
  role: string;
}) => ({
  kind: "staff" as const,
  accountId: actor.accountId,
  fullName: actor.fullName,
  actor: actorOf(actor),
});
