import { Router, type Request } from "express";
import { z } from "zod";
import {
  BOOKING_CODE_HEADER,
  BookingCreated,
  BookingFormOpened,
  BookingRequest,
  BookingStatusView,
  CONSENT_TEXT,
  CONSENT_VERSION,
  Consent,
  StaffBookingRequest,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { clientIp } from "../../http/rate-limit";
import { defineRoute } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { staffAgent } from "../audit";
import { centerOfSlot } from "../slots";
import {
  bookSeat,
  openBookingForm,
  bookingReceipt,
  cancelBooking,
  findBookingWithCode,
} from "./service";

const Id = z.string().min(1).max(64);
const BOOKING_ERRORS = {
  400: "Invalid body (invalid_request) or Idempotency-Key (invalid_request_id)",
  404: "Unknown program or slot (program_not_found, slot_not_found)",
  409: "Full (slot_full), closed (slot_closed), the IIN already holds a booking for the program (already_booked), the person may not book the program now (not_bookable_now: a retake interval or a valid certificate; the status page of their earlier booking or a desk tells which), or the Idempotency-Key came with another booking (request_id_reused)",
  422: "No consent (consent_required), invalid IIN (invalid_iin), language not offered (language_not_offered), slot of another program (program_mismatch), unknown position category (unknown_position_category), program not for the category or candidate kind (not_eligible)",
  429: "Rate limited, or too many public attempts for this IIN within the hour, from any address (booking_attempts_limited: a desk can help)",
};
const STAFF_BOOKING_ERRORS = {
  ...BOOKING_ERRORS,
  409: "As for POST /bookings, except that a program rule is named: the retake interval (retake_too_soon) or a valid certificate (certificate_still_valid), with the earliest test date, which a ruleOverride with a reason sets aside; or no valid certificate of the program this one requires (certificate_required), which nothing sets aside",
};
export const CODE_ERRORS = {
  400: "The code was sent in the URL (booking_code_in_url); send it in the X-Booking-Code header",
  404: "No booking with this id and code (booking_not_found)",
  429: "Rate limited, or too many wrong codes",
};

/**
 * The booking code of a request, from its `X-Booking-Code` header. A code
 * in the query string is refused rather than read: it would already sit in
 * the access logs of every proxy on the way.
 */
export function bookingCodeOf(req: Request): string {
  if (req.query.code !== undefined) {
    throw badRequest(
      "booking_code_in_url",
      `Send the booking code in the ${BOOKING_CODE_HEADER} header, not in the URL.`,
    );
  }
  return req.get(BOOKING_CODE_HEADER) ?? "";
}

/**
 * The public booking API (external portals integrate with it, so it stays
 * stable) and staff-assisted booking. The status page of a booking is in
 * appeals/routes.ts: it shows the booking's appeals too.
 */
export function bookingRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/consent",
    summary:
      "The published consent text on personal-data processing and its version",
    tags: ["booking"],
    access: "public",
    response: Consent,
    handler: () =>
      Promise.resolve({ version: CONSENT_VERSION, text: CONSENT_TEXT }),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/booking-forms",
    summary:
      "A booking form was opened: pass its formId with the booking so the center can measure how long booking took",
    tags: ["booking"],
    access: "public",
    status: 201,
    response: BookingFormOpened,
    errors: { 429: "Rate limited" },
    handler: () => openBookingForm(ctx),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/bookings",
    summary:
      "Book a seat; returns the booking code (shown once) and the receipt link",
    tags: ["booking"],
    access: "public",
    status: 201,
    body: BookingRequest,
    idempotent: true,
    response: BookingCreated,
    errors: BOOKING_ERRORS,
    handler: ({ body, requestId }) =>
      bookSeat(ctx, body, { kind: "public" }, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/staff/bookings",
    summary:
      "Book a seat for a candidate at the desk; records who collected the consent; may set a program rule aside with an audited reason",
    tags: ["booking"],
    access: ["administrator", "manager", "network-manager"],
    status: 201,
    body: StaffBookingRequest,
    idempotent: true,
    response: BookingCreated,
    errors: STAFF_BOOKING_ERRORS,
    handler: async ({ body, actor, requestId }) => {
      assertInScope(actor, await centerOfSlot(ctx, body.slotId));
      return bookSeat(ctx, body, staffAgent(actor), requestId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "delete",
    path: "/bookings/:bookingId",
    summary:
      "Cancel a booking (until the booking cutoff; the code in the X-Booking-Code header); frees the seat",
    tags: ["booking"],
    access: "public",
    params: z.object({ bookingId: Id }),
    response: BookingStatusView,
    errors: {
      ...CODE_ERRORS,
      409: "Already cancelled (already_cancelled), or too late or already admitted (cancel_closed)",
    },
    idempotent: true,
    handler: async ({ params, req, requestId }) =>
      cancelBooking(
        ctx,
        await findBookingWithCode(ctx, {
          bookingId: params.bookingId,
          code: bookingCodeOf(req),
          clientIp: clientIp(req),
        }),
        "public",
        requestId,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/bookings/:bookingId/receipt.pdf",
    summary:
      "The booking receipt (PDF, Kazakh and Russian) with a QR code to the status page; the code in the X-Booking-Code header",
    tags: ["booking"],
    access: "public",
    params: z.object({ bookingId: Id }),
    produces: "application/pdf",
    errors: CODE_ERRORS,
    handler: async ({ params, req, res }) => {
      const booking = await findBookingWithCode(ctx, {
        bookingId: params.bookingId,
        code: bookingCodeOf(req),
        clientIp: clientIp(req),
      });
      const pdf = await bookingReceipt(ctx, booking, bookingCodeOf(req));
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader(
        "Content-Disposition",
        `inline; filename="synaq-${booking.id}.pdf"`,
      );
      res.setHeader("Cache-Control", "no-store");
      res.send(pdf);
      return undefined;
    },
  });

  return router;
}
