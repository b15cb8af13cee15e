import type { Redis } from "ioredis";
import type { StaffScope } from "@shared/accounts";
import { script } from "../../redis/scripts";

/**
 * Audit streams: one per slot, one per center (its kiosks, rooms, staff
 * accounts and their sign-ins, refusals), one for the network (network
 * accounts, centers, accommodations, retention, anything without a center).
 * `system` is the single stream installations wrote before centers had
 * their own: still read and verified, never written.
 */
export type AuditScope = AuditWriteScope | "system";
export type AuditWriteScope = `slot:${string}` | `center:${string}` | "network";

/** The stream of an action on something that belongs to a center (else the network's). */
export const centerAuditScope = (
  centerId: string | null | undefined,
): AuditWriteScope => (centerId ? `center:${centerId}` : "network");

/**
 * The stream of everything about a staff account — created, changed, its
 * sign-ins and refusals: its center's when it serves exactly one, else the
 * network's (network and regional accounts), so a center's stream holds
 * only that center's staff.
 */
export const accountAuditScope = (
  scope: StaffScope | null | undefined,
): AuditWriteScope =>
  scope?.kind === "centers" && scope.centerIds.length === 1
    ? centerAuditScope(scope.centerIds[0])
    : "network";

export const auditKeys = (scope: AuditScope) => ({
  stream: `audit:${scope}`,
  head: `audit:${scope}:head`,
});

export interface AuditEntry {
  id: string;
  at: number;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
  prev: string;
  hash: string;
}

/** Appends one entry from Node; Lua scripts append theirs themselves. */
export async function appendAudit(
  redis: Redis,
  scope: AuditWriteScope,
  entry: {
    actor: string;
    action: string;
    subject: string;
    data?: Record<string, unknown>;
  },
): Promise<{ id: string; at: number }> {
  const keys = auditKeys(scope);
  const result = await script("audit-append").run(
    redis,
    [keys.stream, keys.head],
    [
      entry.actor,
      entry.action,
      entry.subject,
      JSON.stringify(entry.data ?? {}),
    ],
  );
  return JSON.parse(String(result)) as { id: string; at: number };
}

export interface RawAuditEntry {
  id: string;
  fields: Record<string, string>;
}

function toFields(flat: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    fields[flat[i] as string] = flat[i + 1] as string;
  }
  return fields;
}

/** Reads a whole stream in pages, oldest first. */
export async function* readAuditRaw(
  redis: Redis,
  scope: AuditScope,
  pageSize = 1000,
): AsyncGenerator<RawAuditEntry> {
  const { stream } = auditKeys(scope);
  let start = "-";
  for (;;) {
    const page = await redis.xrange(stream, start, "+", "COUNT", pageSize);
    for (const [id, flat] of page) yield { id, fields: toFields(flat) };
    if (page.length < pageSize) return;
    const last = page[page.length - 1]?.[0] as string;
    start = `(${last}`;
  }
}

export function parseAuditEntry(raw: RawAuditEntry): AuditEntry {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(raw.fields.data ?? "{}") as Record<string, unknown>;
  } catch {
    data = { unparsable: raw.fields.data };
  }
  return {
    id: raw.id,
    at: Number(raw.fields.at),
    actor: raw.fields.actor ?? "",
    action: raw.fields.action ?? "",
    subject: raw.fields.subject ?? "",
    data,
    prev: raw.fields.prev ?? "",
    hash: raw.fields.hash ?? "",
  };
}

export async function readAudit(
  redis: Redis,
  scope: AuditScope,
  filter: (entry: AuditEntry) => boolean = () => true,
): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const raw of readAuditRaw(redis, scope)) {
    const entry = parseAuditEntry(raw);
    if (filter(entry)) entries.push(entry);
  }
  return entries;
}

export async function readAuditHead(redis: Redis, scope: AuditScope) {
  return redis.get(auditKeys(scope).head);
}
