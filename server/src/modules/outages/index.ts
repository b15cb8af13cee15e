/**
 * Public interface of the outages module.
 *
 * Realtime heartbeat, outages, time given back and attempts reopened after
 * one. Uses attempts, slots, centers, audit.
 */
export { outagePending } from "./repository";
export { creditPendingOutages } from "./service";
