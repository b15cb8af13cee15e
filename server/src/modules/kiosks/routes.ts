import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import type { AppContext } from "../../context";
import { forbidden, unauthorized } from "../../errors";
import { defineRoute, type Principal } from "../../http/route";
import { assertInScope, filterInScope } from "../../http/scope";
import { centerOfSeat } from "../centers/owners";
import { findKiosk } from "./repository";
import {
  absoluteUrl,
  SEB_HEADER,
  SEB_PAGE_HEADER,
  SEB_PAGE_KEY_HEADER,
  sebSatisfied,
} from "./seb";
import {
  authenticateKiosk,
  createEnrollmentCode,
  enrollKiosk,
  kioskList,
  kioskView,
  revoke,
} from "./service";

const Localized = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
const KioskViewSchema = z
  .object({
    id: z.string(),
    seatId: z.string(),
    seatLabel: z.string(),
    roomId: z.string(),
    roomName: z.string(),
    centerId: z.string(),
    centerName: Localized,
    timezone: z.string(),
  })
  .meta({ id: "Kiosk" });

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
    body: z.object({ seatId: z.string().min(1).max(100) }),
    response: z.object({
      code: z.string(),
      seatId: z.string(),
      expiresAt: z.string(),
    }),
    errors: {
      403: "A seat of a center outside one's scope (out_of_scope)",
      404: "Unknown seat",
    },
    handler: async ({ body, actor }) => {
      assertInScope(actor, await centerOfSeat(ctx.redis, body.seatId));
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
    body: z.object({
      code: z.string().min(4).max(20),
      deviceName: z.string().max(100).optional(),
    }),
    response: z.object({ token: z.string(), kiosk: KioskViewSchema }),
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
    response: z.object({ kiosk: KioskViewSchema }),
    handler: async ({ actor }) => {
      const kiosk = await findKiosk(ctx.redis, actor.kioskId);
      if (!kiosk)
        throw unauthorized("This kiosk is not enrolled.", "kiosk_revoked");
      return { kiosk: await kioskView(ctx, kiosk) };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/kiosks",
    summary:
      "Enrolled kiosks (of the centers in one's scope) with their seat, connection and last heartbeat",
    tags: ["kiosks"],
    access: ["operator", "manager", "administrator", "network-manager"],
    response: z.array(
      KioskViewSchema.extend({
        enrolledAt: z.string(),
        lastSeenAt: z.string().nullable(),
        connected: z.boolean(),
        revoked: z.boolean(),
        deviceName: z.string(),
      }),
    ),
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
    center: async ({ kioskId }) =>
      (await findKiosk(ctx.redis, kioskId))?.centerId,
    response: z.object({ ok: z.literal(true), seatId: z.string() }),
    errors: { 404: "Unknown kiosk", 409: "Already revoked" },
    handler: ({ params, actor }) =>
      revoke(ctx, params.kioskId, `staff:${actor.accountId}:${actor.role}`),
  });

  return router;
}
