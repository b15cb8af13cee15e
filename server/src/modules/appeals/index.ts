/**
 * Public interface of the appeals module.
 *
 * Appeals, voided items, re-scoring, retests, re-issued documents, the
 * booking status page. Uses attempts, booking, certificates, slots, centers,
 * banks, audit.
 */
export { appealKeys } from "./repository";
export { appealWindowClosesAt } from "./window";
