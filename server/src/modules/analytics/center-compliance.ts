import type { Redis } from "ioredis";
import {
  centerSlotIds,
  getSlotAnalyticsMany,
  type SlotAnalytics,
} from "./repository";
import { mergeCompliance, type StageCompliance } from "./stats";

/**
 * A center's service-standard compliance over the slots starting in
 * [from, to] whose analytics are stored (official results): per stage, and
 * the slots it is made of. The analytics screen and the network's day read
 * the same figures.
 */
export async function centerCompliance(
  redis: Redis,
  centerId: string,
  from = -Infinity,
  to = Infinity,
): Promise<{ stages: StageCompliance[]; slots: SlotAnalytics[] }> {
  const slots = await getSlotAnalyticsMany(
    redis,
    await centerSlotIds(redis, centerId, from, to),
  );
  return {
    stages: mergeCompliance(slots.map((slot) => slot.compliance.stages)),
    slots,
  };
}
