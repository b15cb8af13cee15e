/**
 * Public interface of the booking module.
 *
 * Bookings: the public booking API, codes, cancellation, no-shows, booking
 * forms. Uses slots, programs, accommodations, documents (receipt), audit.
 */
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
export type { BookingRecord } from "./repository";
export { CODE_ERRORS, bookingCodeOf } from "./routes";
export {
  bookSeat,
  findBookingWithCode,
  slotBookingCounts,
  viewBooking,
} from "./service";
