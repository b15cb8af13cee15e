import type { Redis } from "ioredis";
import { script } from "./scripts";

/**
 * Hashes per call of fieldsOfMany: Redis spends well under a millisecond
 * on one call, and its reply is parsed in about as long.
 */
const HASHES_PER_CALL = 250;

/**
 * The same fields of many hashes (scripts/hmget-many.lua), a few hundred
 * hashes per call: one value list per key, in order, null for a missing
 * field or hash. For the periodic passes over every record of the recent
 * days: an ioredis pipeline of one HMGET per record allocated about 5 KB
 * per record (command objects, promises, serialised arguments), tens of
 * megabytes per pass, and every collection of it paused the kiosks'
 * answers in the same process.
 */
export async function fieldsOfMany<const Fields extends readonly string[]>(
  redis: Redis,
  keys: readonly string[],
  fields: Fields,
): Promise<{ [K in keyof Fields]: string | null }[]> {
  const rows: { [K in keyof Fields]: string | null }[] = [];
  for (let i = 0; i < keys.length; i += HASHES_PER_CALL) {
    const reply = (await script("hmget-many").run(
      redis,
      keys.slice(i, i + HASHES_PER_CALL),
      fields,
    )) as { [K in keyof Fields]: string | null }[];
    for (const row of reply) rows.push(row);
  }
  return rows;
}
