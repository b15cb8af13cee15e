/**
 * Public interface of the complaints module.
 *
 * Complaints besides appeals (a refused admission, a recorded no-show, a
 * technical problem, staff conduct): registration numbers, decision
 * deadlines in working days, reviewers' decisions, the messages to the
 * person, and the counts analytics shows. Uses booking, centers, slots,
 * refusals, notifications, audit.
 */
export { complaintKeys } from "./repository";
export type { ComplaintRecord } from "./repository";
export { bookingComplaintsView, complaintCounts } from "./service";
