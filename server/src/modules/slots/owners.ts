import { archiveKeys, getArchivedSlotScope } from "../../archive/store";
import { centerField, type RedisSource } from "../centers";
import { slotKeys } from "./repository";

/**
 * What an archived slot's center is when its pointer does not say (one
 * archived before pointers kept it): no center's id, so a scope check
 * refuses every staff member but the network's, never lets one through.
 */
export const UNKNOWN_CENTER = "(archived: center unknown)";

/**
 * The center of a slot, or null when there is no such slot (see
 * centers/owners.ts). An archived slot's hash is gone: its archive
 * pointer keeps the center (archive/store.ts); a pointer too old to keep
 * it answers UNKNOWN_CENTER, which no center's scope covers.
 */
export async function centerOfSlot(
  { redis }: RedisSource,
  slotId: string,
): Promise<string | null> {
  const live = await centerField(redis, slotKeys.slot(slotId));
  if (live) return live;
  const archived = await getArchivedSlotScope(redis, slotId);
  if (archived) return archived.centerId;
  const pointer = await redis.type(archiveKeys.pointer(slotId));
  return pointer === "hash" ? UNKNOWN_CENTER : null;
}
