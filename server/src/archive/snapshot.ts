import type { Redis } from "ioredis";

/**
 * One Redis key as JSON, enough to write it back exactly: its type, every
 * value, and the time it had left to live (`pttl`, ms) when it had one.
 * A stream keeps its entry ids (an audit chain's hash covers them) and its
 * last generated id, so new entries after a restore never reuse an old one.
 */
export type KeyDump =
  | { key: string; type: "string"; value: string; pttl?: number }
  | { key: string; type: "hash"; value: Record<string, string>; pttl?: number }
  | { key: string; type: "set"; value: string[]; pttl?: number }
  | { key: string; type: "zset"; value: [string, number][]; pttl?: number }
  | { key: string; type: "list"; value: string[]; pttl?: number }
  | {
      key: string;
      type: "stream";
      value: [string, string[]][];
      pttl?: number;
      lastId?: string;
    };

/** An entry of a shared index (a key several slots write into). */
export type Membership =
  | { key: string; type: "set-member"; member: string }
  | { key: string; type: "zset-member"; member: string; score: number }
  | { key: string; type: "hash-field"; field: string; value: string };

/** Values per command when a big key is written back. */
const BATCH = 500;
/** Stream entries per XRANGE page. */
const STREAM_PAGE = 1_000;

function checkText(key: string, value: Buffer): string {
  const text = value.toString("utf8");
  // JSON holds text: a value that is not valid UTF-8 would come back
  // changed, so the dump refuses it rather than archive it wrong.
  if (!Buffer.from(text, "utf8").equals(value)) {
    throw new Error(`archive: key ${key} holds a value that is not UTF-8`);
  }
  return text;
}

const texts = (key: string, values: Buffer[]) =>
  values.map((value) => checkText(key, value));

async function readStream(
  redis: Redis,
  key: string,
): Promise<[string, string[]][]> {
  const entries: [string, string[]][] = [];
  let start = "-";
  for (;;) {
    const page = await redis.xrangeBuffer(
      key,
      start,
      "+",
      "COUNT",
      STREAM_PAGE,
    );
    for (const [id, fields] of page) {
      entries.push([id.toString(), texts(key, fields)]);
    }
    if (page.length < STREAM_PAGE) return entries;
    start = `(${entries.at(-1)?.[0] ?? "0-0"}`;
  }
}

/** Reads one key, or null when it does not exist (any more). */
async function dumpKey(redis: Redis, key: string): Promise<KeyDump | null> {
  const [type, pttl] = await Promise.all([redis.type(key), redis.pttl(key)]);
  const ttl = pttl > 0 ? { pttl } : {};
  switch (type) {
    case "none":
      return null;
    case "string": {
      const value = await redis.getBuffer(key);
      if (value === null) return null;
      return { key, type, value: checkText(key, value), ...ttl };
    }
    case "hash": {
      const flat = await redis.hgetallBuffer(key);
      const value: Record<string, string> = {};
      for (const [field, raw] of Object.entries(flat)) {
        value[field] = checkText(key, raw);
      }
      return { key, type, value, ...ttl };
    }
    case "set": {
      const members = texts(key, await redis.smembersBuffer(key));
      return { key, type, value: members.sort(), ...ttl };
    }
    case "zset": {
      const flat = texts(
        key,
        await redis.zrangeBuffer(key, 0, -1, "WITHSCORES"),
      );
      const value: [string, number][] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        value.push([flat[i] ?? "", Number(flat[i + 1])]);
      }
      return { key, type, value, ...ttl };
    }
    case "list":
      return {
        key,
        type,
        value: texts(key, await redis.lrangeBuffer(key, 0, -1)),
        ...ttl,
      };
    case "stream": {
      const info = (await redis.xinfo("STREAM", key)) as unknown[];
      const at = info.indexOf("last-generated-id");
      const lastId = at >= 0 ? String(info[at + 1]) : undefined;
      const value = await readStream(redis, key);
      return {
        key,
        type,
        value,
        ...ttl,
        ...(lastId && lastId !== value.at(-1)?.[0] ? { lastId } : {}),
      };
    }
    default:
      throw new Error(`archive: key ${key} has an unsupported type ${type}`);
  }
}

/**
 * Dumps keys in the order given; keys that do not exist are left out.
 * Read key by key, not in one transaction: archive only keys that no
 * longer change.
 */
export async function dumpKeys(
  redis: Redis,
  keys: string[],
): Promise<KeyDump[]> {
  const dumps: KeyDump[] = [];
  for (const key of keys) {
    const dump = await dumpKey(redis, key);
    if (dump) dumps.push(dump);
  }
  return dumps;
}

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

type Pipeline = ReturnType<Redis["multi"]>;

function writeKey(tx: Pipeline, dump: KeyDump): void {
  const { key } = dump;
  tx.del(key);
  switch (dump.type) {
    case "string":
      tx.set(key, dump.value);
      break;
    case "hash":
      for (const part of chunks(Object.entries(dump.value))) {
        tx.hset(key, ...part.flat());
      }
      break;
    case "set":
      for (const part of chunks(dump.value)) tx.sadd(key, ...part);
      break;
    case "zset":
      for (const part of chunks(dump.value)) {
        tx.zadd(key, ...part.flatMap(([member, score]) => [score, member]));
      }
      break;
    case "list":
      for (const part of chunks(dump.value)) tx.rpush(key, ...part);
      break;
    case "stream": {
      for (const [id, fields] of dump.value) tx.xadd(key, id, ...fields);
      const lastId = dump.lastId ?? dump.value.at(-1)?.[0];
      if (dump.value.length === 0 && lastId) {
        // An empty stream still exists: make it with its last id.
        tx.xadd(key, lastId, "_", "_");
        tx.xdel(key, lastId);
      } else if (dump.lastId) {
        tx.xsetid(key, dump.lastId);
      }
      break;
    }
    default: {
      const never: never = dump;
      throw new Error(`archive: unknown dump ${JSON.stringify(never)}`);
    }
  }
  if (dump.pttl !== undefined) tx.pexpire(key, dump.pttl);
}

function writeMembership(tx: Pipeline, entry: Membership): void {
  switch (entry.type) {
    case "set-member":
      tx.sadd(entry.key, entry.member);
      break;
    case "zset-member":
      tx.zadd(entry.key, entry.score, entry.member);
      break;
    case "hash-field":
      tx.hset(entry.key, entry.field, entry.value);
      break;
    default: {
      const never: never = entry;
      throw new Error(`archive: unknown membership ${JSON.stringify(never)}`);
    }
  }
}

/** Keys written back per transaction (each key whole, never half). */
const KEYS_PER_TRANSACTION = 50;

/**
 * Writes dumped keys back exactly (a key that exists is replaced) and
 * puts the memberships back into their shared indexes. Each key is
 * written in one transaction, so a reader never sees half of one.
 */
export async function restoreKeys(
  redis: Redis,
  dumps: KeyDump[],
  memberships: Membership[],
): Promise<void> {
  for (const part of chunks(dumps, KEYS_PER_TRANSACTION)) {
    const tx = redis.multi();
    for (const dump of part) writeKey(tx, dump);
    await execOrThrow(tx);
  }
  for (const part of chunks(memberships)) {
    const tx = redis.multi();
    for (const entry of part) writeMembership(tx, entry);
    await execOrThrow(tx);
  }
}

async function execOrThrow(tx: Pipeline): Promise<void> {
  const results = await tx.exec();
  for (const [error] of results ?? []) {
    if (error) throw error;
  }
}
