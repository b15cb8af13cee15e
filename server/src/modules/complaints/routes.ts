import { Router } from "express";
import { z } from "zod";
import {
  ComplaintDecisionInput,
  ComplaintDetail,
  ComplaintListQuery,
  ComplaintRequest,
  ComplaintSummary,
  DeskComplaintRequest,
  PublicComplaint,
} from "@shared/complaints";
import type { AppContext } from "../../context";
import { clientIp } from "../../http/rate-limit";
import { defineRoute } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { bookingCodeOf, CODE_ERRORS, findBookingWithCode } from "../booking";
import {
  centerOfComplaint,
  deskComplaintTarget,
  complaintDetail,
  decideComplaint,
  fileDeskComplaint,
  fileStatusPageComplaint,
  listComplaints,
} from "./service";

const Id = z.string().min(1).max(64);
/** Who writes a complaint down at a desk. */
const DESK = ["administrator", "manager", "network-manager"] as const;
/** Who reads complaints (of the centers in their scope). */
const READERS = [
  "administrator",
  "manager",
  "network-manager",
  "reviewer",
] as const;
/** Who decides: those who decide appeals. */
const DECIDERS = ["reviewer", "manager", "network-manager"] as const;

/**
 * Complaints besides appeals: filed by the candidate with the booking code
 * or by staff at a desk, listed by deadline, decided by reviewers. The
 * status page shows a booking's complaints (appeals/routes.ts).
 */
export function complaintRoutes(ctx: AppContext): Router {
  const router = Router();
  const complaintCenter = ({ complaintId }: { complaintId: string }) =>
    centerOfComplaint(ctx, complaintId);

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/bookings/:bookingId/complaints",
    summary:
      "Complain about a refused admission, a recorded no-show, a technical problem or staff conduct (the booking code in the X-Booking-Code header): a registration number and a decision deadline in working days",
    tags: ["complaints"],
    access: "public",
    status: 201,
    params: z.object({ bookingId: Id }),
    body: ComplaintRequest,
    idempotent: true,
    response: PublicComplaint,
    errors: {
      ...CODE_ERRORS,
      409: "The booking has the most complaints one booking may carry (complaint_limit), or the Idempotency-Key came with another request (request_id_reused)",
    },
    handler: async ({ params, body, req, requestId }) =>
      fileStatusPageComplaint(
        ctx,
        await findBookingWithCode(ctx, {
          bookingId: params.bookingId,
          code: bookingCodeOf(req),
          clientIp: clientIp(req),
        }),
        body,
        requestId,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/complaints",
    summary:
      "Write a complaint down at a desk: about a booking, or from a person named here (e.g. refused admission and on no roster) with their refusal slip's number or a center of one's scope",
    tags: ["complaints"],
    access: DESK,
    status: 201,
    body: DeskComplaintRequest,
    idempotent: true,
    response: ComplaintDetail,
    errors: {
      403: "The booking's or the named center is outside your scope (out_of_scope)",
      404: "Unknown booking (booking_not_found), refusal slip (refusal_not_found) or center (center_not_found)",
      409: "The booking has the most complaints one booking may carry (complaint_limit)",
      422: "Invalid IIN (invalid_iin), or no address for the chosen channel (contact_required)",
    },
    handler: async ({ body, actor, requestId }) => {
      const target = await deskComplaintTarget(ctx, body);
      assertInScope(actor, target.centerId);
      return fileDeskComplaint(ctx, body, target, actor, requestId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/complaints",
    summary:
      "Complaints of one's centers: open ones with the time left, the overdue first, then by deadline; `state=decided` or `all` for decided ones",
    tags: ["complaints"],
    access: READERS,
    query: ComplaintListQuery,
    response: z.array(ComplaintSummary),
    handler: ({ query, actor }) => listComplaints(ctx, actor, query),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/complaints/:complaintId",
    summary: "A complaint with the person's contact and its audit timeline",
    tags: ["complaints"],
    access: READERS,
    params: z.object({ complaintId: Id }),
    center: complaintCenter,
    response: ComplaintDetail,
    errors: { 404: "Unknown complaint (complaint_not_found)" },
    handler: ({ params }) => complaintDetail(ctx, params.complaintId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/complaints/:complaintId/decision",
    summary:
      "Decide a complaint, once, with a reason (upheld or rejected): the person is told",
    tags: ["complaints"],
    access: DECIDERS,
    params: z.object({ complaintId: Id }),
    center: complaintCenter,
    body: ComplaintDecisionInput,
    idempotent: true,
    response: ComplaintDetail,
    errors: {
      404: "Unknown complaint (complaint_not_found)",
      409: "Already decided (complaint_already_decided)",
    },
    handler: ({ params, body, actor, requestId }) =>
      decideComplaint(ctx, params.complaintId, body, actor, requestId),
  });

  return router;
}
