import type {
  DeskBooking,
  DeskCodeRenewed,
  DeskFindResult,
  DeskHolder,
  IdDocument,
} from "@shared/desk";
import { api } from "../../../lib/api";

// The IIN travels in request bodies, never in URLs (access logs and
// browser histories keep those), and every call names the document shown.

/** The person at the desk: their IIN and the ID document checked. */
export interface DeskPerson {
  iin: string;
  document: IdDocument;
}

const path = (bookingId: string, action: string) =>
  `/staff/bookings/${encodeURIComponent(bookingId)}/${action}`;

/** The person's bookings: active ones and those of the last 90 days. */
export function findBookings(person: DeskPerson) {
  return api.post<DeskFindResult>("/staff/bookings/find", person);
}

export function cancelBooking(
  person: DeskPerson,
  bookingId: string,
  notify: boolean,
) {
  return api.post<DeskBooking>(path(bookingId, "cancel"), {
    ...person,
    notify,
  });
}

export function moveBooking(
  person: DeskPerson,
  bookingId: string,
  slotId: string,
  notify: boolean,
) {
  return api.post<DeskBooking>(path(bookingId, "move"), {
    ...person,
    notify,
    slotId,
  });
}

/**
 * A new code for the booking: the old one stops working at once. With a
 * holder, the person's name and contact replace a squatter's.
 */
export function renewCode(
  person: DeskPerson,
  bookingId: string,
  notify: boolean,
  holder?: DeskHolder,
) {
  return api.post<DeskCodeRenewed>(path(bookingId, "code"), {
    ...person,
    notify,
    ...(holder ? { holder } : {}),
  });
}
