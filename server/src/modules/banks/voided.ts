import type { Redis } from "ioredis";
import type { Logger } from "../../logger";
import type { BankCatalog } from "./validate";

/**
 * Items voided for a program (an upheld appeal found the question faulty):
 * hash itemId → JSON {appealId, at, by} (or {migrated: true, at}). The one
 * source scoring, re-scoring and analytics read: a program sharing the
 * bank keeps the item until its own appeal voids it.
 */
export const voidedItemsKey = (programId: string) =>
  `appeals:voided:${programId}`;

/** The global set older versions kept; read only by the migration. */
export const LEGACY_VOIDED_ITEMS_KEY = "banks:voided-items";

/** The items voided for a program. */
export async function voidedItemsOf(
  redis: Redis,
  programId: string,
): Promise<Set<string>> {
  return new Set(await redis.hkeys(voidedItemsKey(programId)));
}

/**
 * Moves the old global set of voided items into per-program records, once
 * (idempotent: the set is deleted at the end, and HSETNX never overwrites).
 * Each entry goes to the programs that already record it (the decision
 * that voided it wrote both in one script); an entry no program records
 * (written by hand or by a version without per-program records) goes to
 * every program whose bank sections hold the item, which is what scoring
 * did with it until now. Returns the number of (program, item) pairs added.
 */
export async function migrateGlobalVoidedItems(
  redis: Redis,
  catalog: Pick<BankCatalog, "programs" | "itemsById">,
  logger?: Logger,
): Promise<number> {
  const legacy = await redis.smembers(LEGACY_VOIDED_ITEMS_KEY);
  if (legacy.length === 0) return 0;
  const [seconds] = await redis.time();
  const at = Number(seconds) * 1000;
  let added = 0;
  for (const itemId of legacy) {
    const recordedBy: string[] = [];
    for (const program of catalog.programs) {
      if (await redis.hexists(voidedItemsKey(program.id), itemId)) {
        recordedBy.push(program.id);
      }
    }
    if (recordedBy.length > 0) continue;
    const item = catalog.itemsById.get(itemId);
    const holders = item
      ? catalog.programs.filter((program) =>
          program.sections.some(
            (section) =>
              section.bank === item.bankId &&
              section.bankSection === item.bankSectionId,
          ),
        )
      : [];
    for (const program of holders) {
      added += await redis.hsetnx(
        voidedItemsKey(program.id),
        itemId,
        JSON.stringify({ migrated: true, at }),
      );
    }
    if (holders.length === 0) {
      logger?.warn(
        { itemId },
        "a voided item is in no loaded program; its global entry is dropped",
      );
    }
  }
  await redis.del(LEGACY_VOIDED_ITEMS_KEY);
  logger?.info(
    { items: legacy.length, added },
    "voided items migrated per program",
  );
  return added;
}
