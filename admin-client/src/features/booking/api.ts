import type { ProgramSummary } from "@shared/banks";
import {
  BOOKING_CODE_HEADER,
  bookingStatusPath,
  type BookingCreated,
  type BookingFormOpened,
  type Center,
  type BookingRequest,
  type BookingStatusView,
  type PublicSlot,
} from "@shared/booking";
import { wallClockToInstant } from "@shared/time";
import { REQUEST_ID_HEADER } from "@shared/requests";
import { api, fetchFile, saveFile } from "../../lib/api";
import { DEFAULT_TIME_ZONE } from "../../lib/format";

export interface SlotSearch {
  program: string;
  center: string;
  /** A region's code: the slots of all its centers. */
  region: string;
  /** YYYY-MM-DD, the first day searched. */
  from: string;
  /** YYYY-MM-DD, the last day searched (inclusive). */
  to: string;
}

/**
 * The instant a calendar day starts in `timeZone`, as the ISO string the
 * API takes. Days are those of Kazakhstan unless a center says otherwise.
 */
export function dayStart(
  isoDate: string,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  const [year = 0, month = 1, day = 1] = isoDate.split("-").map(Number);
  return new Date(
    wallClockToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone),
  ).toISOString();
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Public slot search over whole days; the list is sorted by start. */
export async function searchSlots(
  search: SlotSearch,
  signal?: AbortSignal,
): Promise<PublicSlot[]> {
  const slots = await api.get<PublicSlot[]>("/slots", {
    query: {
      program: search.program,
      center: search.center,
      region: search.region,
      from: search.from ? dayStart(search.from) : undefined,
      to: search.to ? dayStart(nextDay(search.to)) : undefined,
    },
    signal,
  });
  return [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** The testing centers (public). */
export function listCenters(signal?: AbortSignal) {
  return api.get<Center[]>("/centers", { signal });
}

/** The test programs the portal offers (from the question banks). */
export function listPrograms(signal?: AbortSignal) {
  return api.get<ProgramSummary[]>("/programs", { signal });
}

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
 * back with its code instead of "already booked".
 */
export function createBooking(
  channel: BookingChannel,
  body: BookingRequest,
  requestId: string,
) {
  return api.post<BookingCreated>(
    channel === "staff" ? "/staff/bookings" : "/bookings",
    body,
    { headers: { [REQUEST_ID_HEADER]: requestId } },
  );
}

/** The booking code travels in a header, never in a URL. */
const withCode = (code: string) => ({ [BOOKING_CODE_HEADER]: code });

export function getBooking(id: string, code: string, signal?: AbortSignal) {
  return api.get<BookingStatusView>(`/bookings/${encodeURIComponent(id)}`, {
    headers: withCode(code),
    signal,
  });
}

export function cancelBooking(id: string, code: string) {
  return api.delete<BookingStatusView>(`/bookings/${encodeURIComponent(id)}`, {
    headers: withCode(code),
  });
}

/** Downloads the receipt PDF; the code authorizes it like the status page. */
export async function downloadReceipt(id: string, code: string): Promise<void> {
  const file = await fetchFile(
    `/bookings/${encodeURIComponent(id)}/receipt.pdf`,
    { headers: withCode(code) },
  );
  saveFile(file, `synaq-receipt-${id}.pdf`);
}

/** The status page of a booking, as a path in this app. */
export function statusPath(id: string, code: string): string {
  return bookingStatusPath(id, code);
}
