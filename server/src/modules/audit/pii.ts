import { createHash } from "node:crypto";

/**
 * Personal values in audit entries, kept as salted commitments.
 *
 * The audit chain is forever; the people in it are not: the retention
 * purge must remove their names and IINs and the chain must still verify.
 * So `_audit.lua` writes each personal field of an entry's data (the list
 * `AUDIT_PII_FIELDS` there) as `{"c": sha1hex(salt + "\n" + value)}` with
 * `salt = sha1hex(scopeKey + "\n" + prev + "\n" + field)`, hashes the entry
 * over that, and keeps the values in the stream field `pii` beside it. The
 * scope key (`audit:<scope>:pii-key`, 32 random bytes from the salt pool)
 * is secret: an IIN has too few possible values to hide behind a hash
 * alone. Dropping `pii` and the key leaves commitments nobody can open, and
 * a chain that verifies as before. Pure: the keys live in repository.ts.
 */

/** The key value a purged scope keeps: its values are gone for good. */
export const PII_KEY_PURGED = "purged";

const sha1hex = (text: string) =>
  createHash("sha1").update(text, "utf8").digest("hex");

/** The salt of one field of one entry: the scope key, the entry's prev, the field. */
export const piiSalt = (key: string, prev: string, field: string): string =>
  sha1hex(`${key}\n${prev}\n${field}`);

/** The commitment that stands in the hashed data for a personal value. */
export const piiCommitment = (salt: string, value: string): string =>
  sha1hex(`${salt}\n${value}`);

/** `{"c": "<hex>"}`: how a committed value looks in an entry's data. */
export const isCommitment = (value: unknown): value is { c: string } =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { c?: unknown }).c === "string" &&
  Object.keys(value).length === 1;

/**
 * The field list from the Lua source that declares it (`_audit.lua`), so
 * Lua and Node read one list.
 */
export function parsePiiFields(luaSource: string): readonly string[] {
  const table = /AUDIT_PII_FIELDS\s*=\s*\{([^}]*)\}/.exec(luaSource)?.[1];
  if (!table) throw new Error("_audit.lua declares no AUDIT_PII_FIELDS");
  return [...table.matchAll(/'([^']+)'/g)].map((match) => match[1] as string);
}

/** The personal fields with a string value at the top of `data`. */
export const personalFieldsOf = (
  data: Record<string, unknown>,
  fields: readonly string[],
): string[] => fields.filter((field) => typeof data[field] === "string");

/**
 * What `_audit.lua` writes for `data` after `prev` with the scope's key:
 * the committed data and the values. The same rule, for tests and tools.
 */
export function commitPii(
  data: Record<string, unknown>,
  prev: string,
  key: string,
  fields: readonly string[],
): { data: Record<string, unknown>; pii: Record<string, string> } {
  const committed = { ...data };
  const pii: Record<string, string> = {};
  for (const field of personalFieldsOf(data, fields)) {
    const value = data[field] as string;
    pii[field] = value;
    committed[field] = { c: piiCommitment(piiSalt(key, prev, field), value) };
  }
  return { data: committed, pii };
}

/** The `pii` stream field as field → value; null when absent or unreadable. */
export function parsePii(
  pii: string | undefined,
): Record<string, string> | null {
  if (pii === undefined) return null;
  try {
    const parsed = JSON.parse(pii) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return null;
    const values: Record<string, string> = {};
    for (const [field, value] of Object.entries(parsed)) {
      if (typeof value !== "string") return null;
      values[field] = value;
    }
    return values;
  } catch {
    return null;
  }
}

/** The data as readers know it: each committed field holding its value again. */
export function withPiiValues(
  data: Record<string, unknown>,
  pii: string | undefined,
): Record<string, unknown> {
  const values = parsePii(pii);
  if (!values) return data;
  const restored = { ...data };
  for (const [field, value] of Object.entries(values)) {
    if (isCommitment(restored[field])) restored[field] = value;
  }
  return restored;
}

/**
 * Why an entry's personal values do not match its commitments under the
 * scope's key, or null when they do (or it carries none).
 */
export function piiMismatch(
  // The parts of chain.ts's ChainFields this reads (no import: chain.ts
  // calls this, and files must not import each other).
  entry: { data: string; prev: string; pii?: string | undefined },
  key: string,
): string | null {
  if (entry.pii === undefined || key === PII_KEY_PURGED) return null;
  const values = parsePii(entry.pii);
  if (!values)
    return "its personal values are unreadable (the entry's pii was edited)";
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(entry.data) as Record<string, unknown>;
  } catch {
    return "its personal values belong to no readable data";
  }
  for (const [field, value] of Object.entries(values)) {
    const committed = data[field];
    if (
      !isCommitment(committed) ||
      committed.c !== piiCommitment(piiSalt(key, entry.prev, field), value)
    ) {
      return `its personal value "${field}" does not match its commitment (the value was edited)`;
    }
  }
  return null;
}

/**
 * The entries without their personal values: what the purge's anonymized
 * archive keeps. Their commitments stay, so the chain verifies as before.
 */
export function anonymizeAuditEntries<Entry extends { pii?: string }>(
  entries: readonly Entry[],
): Omit<Entry, "pii">[] {
  return entries.map(({ pii: _pii, ...entry }) => entry);
}

/**
 * A stream dump's entries (`[id, [field, value, …]]`, as XRANGE returns
 * them) without their `pii` fields.
 */
export function anonymizeStreamEntries(
  entries: readonly (readonly [string, readonly string[]])[],
): [string, string[]][] {
  return entries.map(([id, flat]) => {
    const kept: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if (flat[i] === "pii") continue;
      kept.push(flat[i] as string, flat[i + 1] as string);
    }
    return [id, kept];
  });
}
