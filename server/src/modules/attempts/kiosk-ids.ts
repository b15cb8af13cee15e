import { createHmac, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Form } from "@shared/banks";
import { loadForm } from "./repository";

/**
 * The secret kiosk ids are derived with. Kept in Redis (created once with
 * SET NX by whichever process starts first) because every process of an
 * installation must derive the same ids and Redis is the one thing they
 * all share. The threat is hall staff mapping keys onto a candidate's
 * screen; they have the console and the kiosks, never Redis, and whoever
 * holds Redis holds the banks' answers anyway.
 */
export const KIOSK_ID_SECRET_KEY = "secret:kiosk-ids";

const secrets = new WeakMap<Redis, Promise<Buffer>>();

/** The installation's secret, created on first use; cached per connection. */
export function kioskIdSecret(redis: Redis): Promise<Buffer> {
  let secret = secrets.get(redis);
  if (!secret) {
    secret = (async () => {
      await redis.set(
        KIOSK_ID_SECRET_KEY,
        randomBytes(32).toString("base64"),
        "NX",
      );
      const stored = await redis.get(KIOSK_ID_SECRET_KEY);
      if (!stored)
        throw new Error(
          `${KIOSK_ID_SECRET_KEY} vanished right after it was set`,
        );
      return Buffer.from(stored, "base64");
    })();
    secret.catch(() => secrets.delete(redis));
    secrets.set(redis, secret);
  }
  return secret;
}

/** Length of every id `derive` gives (16 base64url characters). */
const DERIVED_LENGTH = 16;

const derive = (secret: Buffer, text: string) =>
  createHmac("sha256", secret)
    .update(text)
    .digest("base64url")
    .slice(0, DERIVED_LENGTH);

/** The id a kiosk sees for an item of an attempt. */
export function opaqueItemId(
  secret: Buffer,
  attemptId: string,
  itemId: string,
): string {
  return `q${derive(secret, `${attemptId}:${itemId}`)}`;
}

/** The id a kiosk sees for an option of an item of an attempt. */
export function opaqueOptionId(
  secret: Buffer,
  attemptId: string,
  itemId: string,
  optionId: string,
): string {
  return derive(secret, `${attemptId}:${itemId}:${optionId}`);
}

/**
 * Both directions between an attempt's real item and option ids and the
 * ones its kiosk sees. Ids depend on the attempt id only, so the same
 * question shows different ids on two seats, and re-seating (the same
 * attempt on another kiosk) or a reload keeps them.
 */
export interface KioskIdMap {
  item(itemId: string): string;
  option(itemId: string, optionId: string): string;
  /** The real item id, or null for an id this attempt never showed. */
  realItem(opaqueId: string): string | null;
  /** The real option id of a real item, or null. */
  realOption(itemId: string, opaqueId: string): string | null;
}

/**
 * Where `id` stands in `ids`, a run of ids all `width` long: its index,
 * or -1 (a match must start on an id's boundary, not straddle two).
 */
function indexIn(ids: string, id: string, width: number): number {
  if (id.length !== width) return -1;
  for (let at = ids.indexOf(id); at !== -1; at = ids.indexOf(id, at + 1)) {
    if (at % width === 0) return at / width;
  }
  return -1;
}

const ITEM_WIDTH = 1 + DERIVED_LENGTH;

/**
 * Item ids and option orders, one copy for every attempt's map: they are
 * the banks' (a few thousand items; options shuffled into at most a few
 * hundred orders), while each attempt's form brings its own copies.
 * Bounded, in case a bank is unlike any we know: past the limit a map
 * keeps its own copies.
 */
const SHARED_LIMIT = 50_000;
const sharedIds = new Map<string, string>();
const sharedOrders = new Map<string, readonly string[]>();

function shared<T>(table: Map<string, T>, key: string, value: T): T {
  const known = table.get(key);
  if (known !== undefined) return known;
  if (table.size < SHARED_LIMIT) table.set(key, value);
  return value;
}

/**
 * The map of one attempt's form (pure: the secret is passed in). Every
 * running attempt's map stays in memory (the cache below), so it is kept
 * compact: the opaque ids as one string per attempt and one per item,
 * the real ids shared with every other map. As Maps of strings it took
 * ~150 KB an attempt of a 135-item form (program-1-2016), 1.5 GB of a
 * realtime process's heap at 10,000 kiosks, all marked by every major GC;
 * now ~19 KB.
 */
export function kioskIdMap(
  secret: Buffer,
  attemptId: string,
  form: Pick<Form, "items">,
): KioskIdMap {
  const itemIds = form.items.map(({ itemId }) =>
    shared(sharedIds, itemId, itemId),
  );
  const optionIds = form.items.map(({ optionOrder }) =>
    shared(
      sharedOrders,
      JSON.stringify(optionOrder),
      Object.freeze([...optionOrder]),
    ),
  );
  const opaqueItems = itemIds
    .map((itemId) => opaqueItemId(secret, attemptId, itemId))
    .join("");
  const opaqueOptions = form.items.map(({ itemId, optionOrder }) =>
    optionOrder
      .map((optionId) => opaqueOptionId(secret, attemptId, itemId, optionId))
      .join(""),
  );
  const missing = (what: string): never => {
    throw new Error(`${what} is not on attempt ${attemptId}'s form`);
  };
  const itemIndex = (itemId: string) => {
    const index = itemIds.indexOf(itemId);
    return index === -1 ? missing(`item ${itemId}`) : index;
  };
  return {
    item: (itemId) => {
      const at = itemIndex(itemId) * ITEM_WIDTH;
      return opaqueItems.slice(at, at + ITEM_WIDTH);
    },
    option: (itemId, optionId) => {
      const index = itemIndex(itemId);
      const option = optionIds[index]!.indexOf(optionId);
      if (option === -1) return missing(`option ${itemId}/${optionId}`);
      const at = option * DERIVED_LENGTH;
      return opaqueOptions[index]!.slice(at, at + DERIVED_LENGTH);
    },
    realItem: (opaqueId) =>
      itemIds[indexIn(opaqueItems, opaqueId, ITEM_WIDTH)] ?? null,
    realOption: (itemId, opaqueId) => {
      const index = itemIds.indexOf(itemId);
      if (index === -1) return null;
      const option = indexIn(opaqueOptions[index]!, opaqueId, DERIVED_LENGTH);
      return optionIds[index]![option] ?? null;
    },
  };
}

/**
 * Maps per attempt, kept in this process so saving an answer costs two
 * map look-ups, not 100 HMACs. Bounded (oldest first out): a map is
 * rebuilt from the form in Redis whenever it is missing.
 */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, KioskIdMap>();

/** The attempt's map when this process has it already (no await). */
export function cachedKioskIds(attemptId: string): KioskIdMap | undefined {
  return cache.get(attemptId);
}

/** The attempt's map from its form (cached); null when it has no form. */
export async function kioskIdsOfAttempt(
  redis: Redis,
  attemptId: string,
  form?: Form,
): Promise<KioskIdMap | null> {
  const cached = cache.get(attemptId);
  if (cached) return cached;
  const source = form ?? (await loadForm(redis, attemptId));
  if (!source) return null;
  const map = kioskIdMap(await kioskIdSecret(redis), attemptId, source);
  cache.set(attemptId, map);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return map;
}
