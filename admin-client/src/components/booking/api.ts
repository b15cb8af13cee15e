import {
  BOOKING_CODE_HEADER,
  type BookingCreated,
  type BookingFormOpened,
  type BookingRequest,
  type StaffBookingRequest,
} from "@shared/booking";
import { REQUEST_ID_HEADER } from "@shared/requests";
import { api, fetchFile, saveFile } from "../../lib/api";

/**
 * A booking form opened: the server notes the time, and the booking that
 * follows carries the id, so the center can show how long booking took.
 */
export function openBookingForm() {
  return api.post<BookingFormOpened>("/booking-forms", {});
}

/** Which endpoint books: the public portal, or staff at the desk. */
export type BookingChannel = "public" | "staff";

/**
 * Books. The form passes its own request id and keeps it while the same
 * booking is tried again by hand, so a booking whose answer was lost comes
 * back with its code instead of "already booked". Only the desk may send
 * `ruleOverride` (a booking despite the retake interval or a valid
 * certificate, with the reason).
 */
export function createBooking(
  channel: BookingChannel,
  body: BookingRequest | StaffBookingRequest,
  requestId: string,
) {
  return api.post<BookingCreated>(
    channel === "staff" ? "/staff/bookings" : "/bookings",
    body,
    { headers: { [REQUEST_ID_HEADER]: requestId } },
  );
}

/** Downloads the receipt PDF; the code authorizes it like the status page. */
export async function downloadReceipt(id: string, code: string): Promise<void> {
  const file = await fetchFile(
    `/bookings/${encodeURIComponent(id)}/receipt.pdf`,
    { headers: { [BOOKING_CODE_HEADER]: code } },
  );
  saveFile(file, `synaq-receipt-${id}.pdf`);
}
