/**
 * Public interface of the booking module.
 *
 * Bookings: the public booking API, codes, cancellation, no-shows, booking
 * forms; the program rules on booking again (retake interval, a valid
 * certificate). Uses slots, programs, accommodations, certificates,
 * documents (receipt), notifications (messages to the candidate), audit.
 */
export {
  archivedSlotsOfProgram,
  readArchivedBooking,
  reconcileBookingStubs,
  slotOfBooking,
  writeBookingStubs,
} from "./archived";
export { newBookingCode, newBookingId } from "./code";
export {
  ACTIVE_BOOKING_STATUSES,
  bookingKeys,
  findSlotBookingByIin,
  getBooking,
  listIinBookings,
  listSlotBookings,
  slotAudit,
} from "./repository";
export type { BookingHistoryEntry, BookingRecord } from "./repository";
export { notifyBooking, recipientOf } from "./notify";
export { CODE_ERRORS, bookingCodeOf } from "./routes";
export { addDays, bookingBlock, validCertificate } from "./rules";
export {
  bookSeat,
  findBookingWithCode,
  requireCertificate,
  slotBookingCounts,
  viewBooking,
} from "./service";
