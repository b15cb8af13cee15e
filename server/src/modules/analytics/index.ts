/**
 * Public interface of the analytics module.
 *
 * Results statistics, service-standard compliance, exports. Uses attempts,
 * booking, slots, centers, banks, audit.
 */
export { centerCompliance } from "./center-compliance";
export { analyticsKeys, getSlotAnalytics } from "./repository";
export type { SlotAnalytics } from "./repository";
