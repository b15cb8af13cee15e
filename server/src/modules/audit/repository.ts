import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { StaffScope } from "@shared/accounts";
import { script } from "../../redis/scripts";
import type { ChainFields } from "./chain";
import {
  PII_KEY_PURGED,
  parsePiiFields,
  personalFieldsOf,
  withPiiValues,
} from "./pii";

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
  /** The scope's secret behind its entries' salted commitments (pii.ts). */
  piiKey: `audit:${scope}:pii-key`,
});

/**
 * Random 32-byte hex keys waiting for a scope's first personal value (Lua
 * takes one: it cannot make randomness), and how often Lua found the pool
 * empty and wrote values in plain.
 */
export const saltPoolKeys = {
  pool: "audit:salt-pool",
  empty: "audit:salt-pool:empty",
};

/** Keys kept in the pool: a reconciler pass (every minute) tops it up. */
export const SALT_POOL_SIZE = 500;

/** The personal fields of audit data, as `_audit.lua` declares them. */
export const auditPiiFields: readonly string[] = parsePiiFields(
  script("audit-append").source,
);

const newPiiKey = () => randomBytes(32).toString("hex");

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
  // Node has randomness: a scope it writes personal values to first takes
  // its key here rather than from the pool (NX: never a second key).
  if (personalFieldsOf(entry.data ?? {}, auditPiiFields).length > 0)
    await redis.set(keys.piiKey, newPiiKey(), "NX");
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

/**
 * An entry as its chain is verified and archived: the hashed fields as
 * stored (commitments, not values) and the values beside them, if any.
 */
export function chainFieldsOf(raw: RawAuditEntry): ChainFields {
  const {
    at = "",
    actor = "",
    action = "",
    subject = "",
    data = "",
  } = raw.fields;
  const { prev = "", hash = "", pii } = raw.fields;
  return {
    id: raw.id,
    at,
    actor,
    action,
    subject,
    data,
    prev,
    hash,
    ...(pii === undefined ? {} : { pii }),
  };
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
    // Readers see the values; the raw entry keeps commitments and `pii`.
    data: withPiiValues(data, raw.fields.pii),
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

/**
 * The scope's key to check personal values against their commitments;
 * null when it has none or was purged.
 */
export async function readAuditPiiKey(
  redis: Redis,
  scope: AuditScope,
): Promise<string | null> {
  const key = await redis.get(auditKeys(scope).piiKey);
  return key === null || key === PII_KEY_PURGED ? null : key;
}

/**
 * Whether the retention purge forgot the scope's key: its archive must be
 * written without the values (anonymizeAuditEntries).
 */
export async function auditPiiPurged(
  redis: Redis,
  scope: AuditScope,
): Promise<boolean> {
  return (await redis.get(auditKeys(scope).piiKey)) === PII_KEY_PURGED;
}

/**
 * Forgets a scope's key for the retention purge: its values already in
 * the stream can no longer be checked, and new ones are not kept.
 * Idempotent.
 */
export async function forgetAuditPii(
  redis: Redis,
  scope: AuditWriteScope,
): Promise<void> {
  await redis.set(auditKeys(scope).piiKey, PII_KEY_PURGED);
}

/**
 * Tops the salt pool up to `size` keys (at boot and on each reconciler
 * pass). Two processes at once may overfill it a little: harmless.
 */
export async function refillSaltPool(
  redis: Redis,
  size = SALT_POOL_SIZE,
): Promise<number> {
  const missing = size - (await redis.llen(saltPoolKeys.pool));
  if (missing <= 0) return 0;
  await redis.rpush(
    saltPoolKeys.pool,
    ...Array.from({ length: missing }, newPiiKey),
  );
  return missing;
}

/** The pool's size and how many entries found it empty (for /metrics). */
export async function saltPoolState(
  redis: Redis,
): Promise<{ size: number; emptyTotal: number }> {
  const [size, empty] = await Promise.all([
    redis.llen(saltPoolKeys.pool),
    redis.get(saltPoolKeys.empty),
  ]);
  return { size, emptyTotal: Number(empty ?? 0) };
}
