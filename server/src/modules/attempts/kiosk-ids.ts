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

const derive = (secret: Buffer, text: string) =>
  createHmac("sha256", secret).update(text).digest("base64url").slice(0, 16);

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

/** The map of one attempt's form (pure: the secret is passed in). */
export function kioskIdMap(
  secret: Buffer,
  attemptId: string,
  form: Pick<Form, "items">,
): KioskIdMap {
  const items = new Map<string, string>();
  const realItems = new Map<string, string>();
  const options = new Map<string, Map<string, string>>();
  const realOptions = new Map<string, Map<string, string>>();
  for (const { itemId, optionOrder } of form.items) {
    const opaque = opaqueItemId(secret, attemptId, itemId);
    items.set(itemId, opaque);
    realItems.set(opaque, itemId);
    const out = new Map<string, string>();
    const back = new Map<string, string>();
    for (const optionId of optionOrder) {
      const opaqueOption = opaqueOptionId(secret, attemptId, itemId, optionId);
      out.set(optionId, opaqueOption);
      back.set(opaqueOption, optionId);
    }
    options.set(itemId, out);
    realOptions.set(itemId, back);
  }
  const missing = (what: string) => {
    throw new Error(`${what} is not on attempt ${attemptId}'s form`);
  };
  return {
    item: (itemId) => items.get(itemId) ?? missing(`item ${itemId}`),
    option: (itemId, optionId) =>
      options.get(itemId)?.get(optionId) ??
      missing(`option ${itemId}/${optionId}`),
    realItem: (opaqueId) => realItems.get(opaqueId) ?? null,
    realOption: (itemId, opaqueId) =>
      realOptions.get(itemId)?.get(opaqueId) ?? null,
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
