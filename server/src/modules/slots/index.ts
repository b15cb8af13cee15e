/**
 * Public interface of the slots module.
 *
 * Slots: scheduling, seats offered, cancellation, the public list of open
 * slots, which center a slot belongs to. Uses centers, programs, audit.
 */
export { centerOfSlot, UNKNOWN_CENTER } from "./owners";
export { getSlot, listSlotsStartingBetween, slotKeys } from "./repository";
export type { SlotRecord } from "./repository";
export {
  describeSlot,
  presentSlot,
  requireSlot,
  scheduleSlot,
} from "./service";
