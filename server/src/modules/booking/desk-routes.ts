import { Router } from "express";
import { z } from "zod";
import {
  DeskActionRequest,
  DeskBooking,
  DeskCodeRenewed,
  DeskCodeRequest,
  DeskFindRequest,
  DeskFindResult,
  DeskMoveRequest,
} from "@shared/desk";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import {
  deskCancelBooking,
  deskMoveBooking,
  deskRenewCode,
  findDeskBookings,
} from "./desk";

const Id = z.string().min(1).max(64);
/** Who works a desk; staff booking (POST /staff/bookings) is theirs too. */
const DESK = ["administrator", "manager", "network-manager"] as const;
const PERSON_ERRORS = {
  404: "The person (the IIN in the body) holds no booking with this number (booking_not_found)",
  422: "Invalid IIN (invalid_iin)",
};

/**
 * The desk: find a person's bookings by IIN (in the body, never the URL)
 * once their ID document is checked, and cancel, move or renew the code.
 * Any desk of the network serves any person (desk.ts says why); every
 * call names the document shown and is audited.
 */
export function deskRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/staff/bookings/find",
    summary:
      "Find a person's bookings by IIN after checking their ID document: active ones and the last 90 days, at every center (outside your scope only what the actions need); audited with the document's kind and last 4 characters",
    tags: ["desk"],
    access: DESK,
    // The reply is a person's bookings: not kept for replays.
    secret: true,
    body: DeskFindRequest,
    response: DeskFindResult,
    errors: { 422: "Invalid IIN (invalid_iin)" },
    handler: ({ body, actor }) => findDeskBookings(ctx, actor, body),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/staff/bookings/:bookingId/cancel",
    summary:
      "Cancel the person's booking at the desk, past the public cutoff too, until admission; frees the seat",
    tags: ["desk"],
    access: DESK,
    params: z.object({ bookingId: Id }),
    body: DeskActionRequest,
    idempotent: true,
    response: DeskBooking,
    errors: {
      ...PERSON_ERRORS,
      409: "Already cancelled (already_cancelled), admitted or over (cancel_closed), changed at another desk meanwhile (booking_busy), or the Idempotency-Key came with another request (request_id_reused)",
    },
    handler: ({ params, body, actor, requestId }) =>
      deskCancelBooking(ctx, actor, params.bookingId, body, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/staff/bookings/:bookingId/move",
    summary:
      "Move the person's booking to another slot of its program with a free seat, at a center of your scope; it keeps its number and code",
    tags: ["desk"],
    access: DESK,
    params: z.object({ bookingId: Id }),
    body: DeskMoveRequest,
    idempotent: true,
    response: DeskBooking,
    errors: {
      ...PERSON_ERRORS,
      403: "The slot is at a center outside your scope (out_of_scope)",
      404: "No such booking for this person (booking_not_found) or no such slot (slot_not_found)",
      409: "Admitted or over (move_closed), already on that slot (same_slot), the slot full (slot_full) or closed (slot_closed), a program rule on the new date (retake_too_soon, certificate_still_valid, certificate_required), changed at another desk meanwhile (booking_busy), or the Idempotency-Key came with another request (request_id_reused)",
      422: "Invalid IIN (invalid_iin), or a slot of another program (program_mismatch)",
    },
    handler: ({ params, body, actor, requestId }) =>
      deskMoveBooking(ctx, actor, params.bookingId, body, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/staff/bookings/:bookingId/code",
    summary:
      "Give the person's booking a new code (shown once, with the receipt); the old code stops working at once. When someone else made the booking, `holder` puts the person's name and contact in place of theirs",
    tags: ["desk"],
    access: DESK,
    params: z.object({ bookingId: Id }),
    body: DeskCodeRequest,
    idempotent: true,
    response: DeskCodeRenewed,
    errors: {
      ...PERSON_ERRORS,
      409: "Personal data removed (booking_anonymized), a newer code given since this request (code_superseded), changed at another desk meanwhile (booking_busy), or the Idempotency-Key came with another request (request_id_reused)",
    },
    handler: ({ params, body, actor, requestId }) =>
      deskRenewCode(ctx, actor, params.bookingId, body, requestId),
  });

  return router;
}
