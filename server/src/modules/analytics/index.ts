/**
 * Public interface of the analytics module.
 *
 * Results statistics, service-standard compliance (with the complaints
 * counted per center), exports. Uses attempts, booking, slots, centers,
 * banks, complaints, audit.
 */
export { exportSlotArchive } from "./archive";
export { centerCompliance } from "./center-compliance";
export { analyticsKeys, getSlotAnalytics } from "./repository";
export type { SlotAnalytics } from "./repository";
