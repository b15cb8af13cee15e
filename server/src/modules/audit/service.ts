import type { Redis } from "ioredis";
import { verifyChain, type ChainFields } from "./chain";
import { readAuditHead, readAuditRaw, type AuditScope } from "./repository";

/** Verifies one audit stream in Redis end to end. */
export async function verifyAuditStream(redis: Redis, scope: AuditScope) {
  const entries: ChainFields[] = [];
  for await (const raw of readAuditRaw(redis, scope)) {
    entries.push({
      id: raw.id,
      at: raw.fields.at ?? "",
      actor: raw.fields.actor ?? "",
      action: raw.fields.action ?? "",
      subject: raw.fields.subject ?? "",
      data: raw.fields.data ?? "",
      prev: raw.fields.prev ?? "",
      hash: raw.fields.hash ?? "",
    });
  }
  return verifyChain(entries, await readAuditHead(redis, scope));
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
