import { centerField, type RedisSource } from "../centers";
import { slotKeys } from "./repository";

/** The center of a slot, or null (see centers/owners.ts). */
export const centerOfSlot = ({ redis }: RedisSource, slotId: string) =>
  centerField(redis, slotKeys.slot(slotId));
