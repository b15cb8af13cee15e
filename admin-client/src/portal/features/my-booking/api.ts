import { queryOptions } from "@tanstack/react-query";
import type { AppealRequest, PublicAppeal } from "@shared/appeals";
import { BOOKING_CODE_HEADER, type BookingStatusView } from "@shared/booking";
import { api } from "../../../lib/api";

const id = encodeURIComponent;

/** The booking code travels in a header, never in a URL. */
const withCode = (code: string) => ({ [BOOKING_CODE_HEADER]: code });

export const bookingQueries = {
  /** A booking as its candidate sees it; the code authorizes it. */
  status: (bookingId: string, code: string) =>
    queryOptions({
      queryKey: ["bookings", bookingId, code],
      queryFn: ({ signal }) =>
        api.get<BookingStatusView>(`/bookings/${id(bookingId)}`, {
          headers: withCode(code),
          signal,
        }),
    }),
};

export function cancelBooking(bookingId: string, code: string) {
  return api.delete<BookingStatusView>(`/bookings/${id(bookingId)}`, {
    headers: withCode(code),
  });
}

export function fileAppeal(
  bookingId: string,
  code: string,
  appeal: AppealRequest,
) {
  return api.post<PublicAppeal>(`/bookings/${id(bookingId)}/appeals`, appeal, {
    headers: withCode(code),
  });
}
