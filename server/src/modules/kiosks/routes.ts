import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import {
  EnrollmentCodeRequestSchema,
  EnrollmentCodeSchema,
  EnrollmentSchema,
  EnrollRequestSchema,
  KioskMeSchema,
  KioskRevokedSchema,
  KioskRowSchema,
} from "@shared/kiosks";
import type { AppContext } from "../../context";
import { forbidden, unauthorized } from "../../errors";
import { defineRoute, type Principal } from "../../http/route";
import { assertInScope, filterInScope } from "../../http/scope";
import { centerOfSeat } from "../centers";
import {
  absoluteUrl,
  SEB_HEADER,
  SEB_PAGE_HEADER,
  SEB_PAGE_KEY_HEADER,
  sebSatisfied,
} from "./seb";
import {
  authenticateKiosk,
  centerOfKiosk,
  enrolledKioskView,
  createEnrollmentCode,
  enrollKiosk,
  kioskList,
  revoke,
} from "./service";

/** With `SEB_CONFIG_KEY` set, a kiosk's request must come from the center's SEB. */
export function requireSeb(ctx: AppContext, req: Request): void {
  const proven = sebSatisfied(ctx.env.SEB_CONFIG_KEY, ctx.publicUrl, {
    requestUrl: absoluteUrl(ctx.publicUrl, req.originalUrl),
    header: req.get(SEB_HEADER),
    page: req.get(SEB_PAGE_HEADER),
    pageHash: req.get(SEB_PAGE_KEY_HEADER),
  });
  if (!proven) {
    throw forbidden(
      "This center's kiosks run in Safe Exam Browser with its settings; this browser did not prove them (Config Key).",
      "seb_required",
    );
  }
}

/**
 * `Authorization: Bearer <device token>` makes the caller a kiosk. A
 * revoked or unknown token is refused at once, not treated as anonymous.
 */
export function kioskTokenMiddleware(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get("authorization");
    if (!header?.startsWith("Bearer ")) return next();
    try {
      requireSeb(ctx, req);
    } catch (error) {
      return next(error);
    }
    const data = await authenticateKiosk(ctx, header.slice(7).trim());
    if (!data)
      return next(
        unauthorized(
          "This kiosk's token is unknown or revoked. Enroll it again.",
          "kiosk_revoked",
        ),
      );
    (req as Request & { principal?: Principal }).principal = {
      kind: "kiosk",
      ...data,
    };
    next();
  };
}

export function kioskRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "post",
    secret: true,
    path: "/kiosks/enrollment-codes",
    summary: "Create a one-time code that enrolls a kiosk for a seat",
    tags: ["kiosks"],
    access: ["operator", "manager", "network-manager"],
    status: 201,
    body: EnrollmentCodeRequestSchema,
    response: EnrollmentCodeSchema,
    errors: {
      403: "A seat of a center outside one's scope (out_of_scope)",
      404: "Unknown seat",
    },
    handler: async ({ body, actor }) => {
      assertInScope(actor, await centerOfSeat(ctx, body.seatId));
      return createEnrollmentCode(
        ctx,
        body.seatId,
        `staff:${actor.accountId}:${actor.role}`,
      );
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/kiosks/enroll",
    summary: "Redeem an enrollment code for a device token bound to a seat",
    tags: ["kiosks"],
    access: "public",
    status: 201,
    body: EnrollRequestSchema,
    response: EnrollmentSchema,
    errors: {
      403: "Not the center's Safe Exam Browser (when SEB_CONFIG_KEY is set)",
      404: "Unknown, used or expired code",
      409: "Code used concurrently",
    },
    handler: ({ body, req }) => {
      requireSeb(ctx, req);
      return enrollKiosk(ctx, body);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/kiosks/me",
    summary: "The calling kiosk and its seat",
    tags: ["kiosks"],
    access: "kiosk",
    response: KioskMeSchema,
    handler: async ({ actor }) => ({
      kiosk: await enrolledKioskView(ctx, actor.kioskId),
    }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/kiosks",
    summary:
      "Enrolled kiosks (of the centers in one's scope) with their seat, connection and last heartbeat",
    tags: ["kiosks"],
    access: ["operator", "manager", "administrator", "network-manager"],
    response: z.array(KioskRowSchema),
    handler: async ({ actor }) =>
      filterInScope(actor, await kioskList(ctx), (kiosk) => kiosk.centerId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/kiosks/:kioskId/revoke",
    summary: "Revoke a kiosk: its token stops working at once",
    tags: ["kiosks"],
    access: ["operator", "manager", "network-manager"],
    params: z.object({ kioskId: z.string().min(1).max(100) }),
    center: ({ kioskId }) => centerOfKiosk(ctx, kioskId),
    response: KioskRevokedSchema,
    errors: { 404: "Unknown kiosk", 409: "Already revoked" },
    handler: ({ params, actor }) =>
      revoke(ctx, params.kioskId, `staff:${actor.accountId}:${actor.role}`),
  });

  return router;
}
