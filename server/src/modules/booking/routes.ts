import { Router, type Request } from "express";
import { z } from "zod";
import {
  Accommodation,
  AccommodationLookup,
  AccommodationSet,
  BOOKING_CODE_HEADER,
  BookingCreated,
  BookingFormOpened,
  BookingRequest,
  BookingStatusView,
  CONSENT_TEXT,
  CONSENT_VERSION,
  Consent,
  InstantInput,
  PublicSlot,
  Roster,
  RosterImport,
  RosterImportAccepted,
  RosterImportRequest,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { clientIp } from "../../http/rate-limit";
import { defineRoute, type StaffPrincipal } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { actorOf } from "../audit/service";
import { bookingAppealView } from "../appeals/service";
import { centerOfSlot } from "../centers/owners";
import { getRosterImport } from "./repository";
import {
  accommodationOf,
  bookSeat,
  openBookingForm,
  bookingReceipt,
  cancelBooking,
  findBookingWithCode,
  listOpenSlots,
  publicSlot,
  removeAccommodation,
  requestRosterImport,
  rosterImportReport,
  setAccommodation,
  slotRoster,
  viewBooking,
} from "./service";

const Id = z.string().min(1).max(64);
const BOOKING_ERRORS = {
  400: "Invalid body (invalid_request) or Idempotency-Key (invalid_request_id)",
  404: "Unknown program or slot (program_not_found, slot_not_found)",
  409: "Full (slot_full), closed (slot_closed), the IIN already holds a booking for the program (already_booked), or the Idempotency-Key came with another booking (request_id_reused)",
  422: "No consent (consent_required), invalid IIN (invalid_iin), language not offered (language_not_offered), slot of another program (program_mismatch)",
  429: "Rate limited",
};
const CODE_ERRORS = {
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

const staffAgent = (actor: StaffPrincipal) => ({
  kind: "staff" as const,
  accountId: actor.accountId,
  fullName: actor.fullName,
  actor: actorOf(actor),
});

/**
 * The public booking API (external portals integrate with it, so it stays
 * stable), staff-assisted booking, the roster, roster imports and
 * accommodations.
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
    method: "get",
    path: "/slots",
    summary:
      "Slots open for booking (before their cutoff), with free seats; default from now for 60 days",
    tags: ["booking"],
    access: "public",
    query: z.object({
      program: z.string().max(100).optional(),
      center: z.string().max(64).optional(),
      region: z
        .string()
        .max(32)
        .optional()
        .describe("Only the centers of this region (its code, e.g. astana)"),
      from: InstantInput.optional(),
      to: InstantInput.optional(),
    }),
    response: z.array(PublicSlot),
    errors: { 422: "Bad range (invalid_range)", 429: "Rate limited" },
    handler: ({ query }) =>
      listOpenSlots(ctx, {
        ...(query.program ? { programId: query.program } : {}),
        ...(query.center ? { centerId: query.center } : {}),
        ...(query.region ? { regionCode: query.region } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId",
    summary: "One slot with its free seats, open or not",
    tags: ["booking"],
    access: "public",
    params: z.object({ slotId: Id }),
    response: PublicSlot,
    errors: { 404: "Unknown slot", 429: "Rate limited" },
    handler: ({ params }) => publicSlot(ctx, params.slotId),
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
      "Book a seat for a candidate at the desk; records who collected the consent",
    tags: ["booking"],
    access: ["administrator", "manager", "network-manager"],
    status: 201,
    body: BookingRequest,
    idempotent: true,
    response: BookingCreated,
    errors: BOOKING_ERRORS,
    handler: async ({ body, actor, requestId }) => {
      assertInScope(actor, await centerOfSlot(ctx.redis, body.slotId));
      return bookSeat(ctx, body, staffAgent(actor), requestId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/bookings/:bookingId",
    summary:
      "A booking's status, for the holder of its code (in the X-Booking-Code header)",
    tags: ["booking"],
    access: "public",
    params: z.object({ bookingId: Id }),
    response: BookingStatusView,
    errors: CODE_ERRORS,
    handler: async ({ params, req }) => {
      const booking = await findBookingWithCode(ctx, {
        bookingId: params.bookingId,
        code: bookingCodeOf(req),
        clientIp: clientIp(req),
      });
      const view = await viewBooking(ctx, booking);
      const appealView = await bookingAppealView(ctx, booking);
      // The booking was read before the revisions: a re-issue recorded in
      // between (one script writes both) shows in the revisions first, and
      // the result names the latest revision's document, never an older one.
      const latest = appealView.revisions.reduce<
        (typeof appealView.revisions)[number] | undefined
      >(
        (newest, revision) =>
          !newest || revision.revision > newest.revision ? revision : newest,
        undefined,
      );
      const result =
        view.result && latest?.certificateNumber
          ? { ...view.result, certificateNumber: latest.certificateNumber }
          : view.result;
      return { ...view, ...(result ? { result } : {}), ...appealView };
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

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/roster",
    summary:
      "The roster of a slot: every booking with status, name, IIN, language and accommodation",
    tags: ["booking"],
    access: ["administrator", "operator", "manager", "network-manager"],
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx.redis, slotId),
    response: Roster,
    errors: { 404: "Unknown slot" },
    handler: ({ params }) => slotRoster(ctx, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/roster-imports",
    summary:
      "Import a roster CSV (iin,fullName,language[,phone]); booked all or none by a background job",
    tags: ["booking"],
    access: ["administrator", "manager", "network-manager"],
    status: 202,
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx.redis, slotId),
    body: RosterImportRequest,
    response: RosterImportAccepted,
    errors: { 404: "Unknown slot", 413: "The file is too large" },
    handler: ({ params, body, actor }) =>
      requestRosterImport(ctx, {
        slotId: params.slotId,
        csv: body.csv,
        staff: staffAgent(actor),
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/roster-imports/:importId",
    summary: "A roster import's status and per-row report",
    tags: ["booking"],
    access: ["administrator", "manager", "network-manager"],
    params: z.object({ importId: Id }),
    center: async ({ importId }) => {
      const record = await getRosterImport(ctx.redis, importId);
      return record ? centerOfSlot(ctx.redis, record.slotId) : null;
    },
    response: RosterImport,
    errors: { 404: "Unknown import (import_not_found)" },
    handler: ({ params }) => rosterImportReport(ctx, params.importId),
  });

  // The IIN travels in the body, never in a URL path (access logs keep paths).
  defineRoute(router, ctx.registry, {
    method: "put",
    path: "/accommodations",
    summary:
      "Set a candidate's accommodation (extra minutes, note, who approved it); applies to every booking of the IIN",
    tags: ["booking"],
    access: ["manager", "administrator", "network-manager"],
    body: AccommodationSet,
    response: Accommodation,
    errors: { 422: "Invalid IIN (invalid_iin)" },
    handler: ({ body: { iin, ...input }, actor }) =>
      setAccommodation(ctx, iin, input, staffAgent(actor)),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accommodations/lookup",
    summary: "A candidate's accommodation, by the IIN in the body",
    tags: ["booking"],
    access: ["manager", "administrator", "operator", "network-manager"],
    body: AccommodationLookup,
    response: Accommodation,
    errors: {
      404: "None (accommodation_not_found)",
      422: "Invalid IIN (invalid_iin)",
    },
    handler: ({ body }) => accommodationOf(ctx, body.iin),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accommodations/remove",
    summary: "Remove a candidate's accommodation, by the IIN in the body",
    tags: ["booking"],
    access: ["manager", "administrator", "network-manager"],
    status: 204,
    body: AccommodationLookup,
    errors: {
      404: "None (accommodation_not_found)",
      422: "Invalid IIN (invalid_iin)",
    },
    handler: async ({ body, actor }) => {
      await removeAccommodation(ctx, body.iin, actorOf(actor));
      return undefined;
    },
  });

  return router;
}
