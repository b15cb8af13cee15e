import { Router } from "express";
import { z } from "zod";
import {
  RefusalIssued,
  RefusalListQuery,
  RefusalRequest,
  RefusalSummary,
} from "@shared/refusals";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { centerOfSlot } from "../slots";
import { centerOfRefusal } from "./repository";
import { issueRefusal, listRefusals, refusalSlipPdf } from "./service";

/** Who refuses at the desk: those who admit and who book there. */
const ISSUERS = ["administrator", "manager", "network-manager"] as const;
/** Who reads refusals: the desk, and reviewers deciding a complaint. */
const READERS = [
  "administrator",
  "manager",
  "reviewer",
  "network-manager",
] as const;

/**
 * Written refusals: the desk records a refused admission or booking and
 * prints the slip the person takes away.
 */
export function refusalRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/refusals",
    summary:
      "Record a refusal of admission or of a desk booking; returns its registration number and the slip (PDF, Kazakh and Russian)",
    tags: ["refusals"],
    access: ISSUERS,
    status: 201,
    body: RefusalRequest,
    idempotent: true,
    response: RefusalIssued,
    errors: {
      403: "The slot's center is outside your scope (out_of_scope)",
      404: "No such slot (slot_not_found)",
      409: "The reason is not true of this slot now: the IIN is on the roster, admission is open (refusal_reason_mismatch)",
      422: "An invalid IIN refused for another reason, or a valid one as invalid (refusal_reason_mismatch)",
    },
    handler: async ({ body, actor, requestId }) => {
      assertInScope(actor, await centerOfSlot(ctx, body.slotId));
      return issueRefusal(ctx, actor, body, requestId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/refusals",
    summary:
      "The refusals recorded for a slot, or the newest of your centers; newest first (IINs masked)",
    tags: ["refusals"],
    access: READERS,
    query: RefusalListQuery,
    response: z.array(RefusalSummary),
    errors: {
      403: "The slot's center is outside your scope (out_of_scope)",
      404: "No such slot (slot_not_found)",
    },
    handler: async ({ query, actor }) => {
      if (query.slotId !== undefined) {
        assertInScope(actor, await centerOfSlot(ctx, query.slotId));
      }
      return listRefusals(ctx, actor, query.slotId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/refusals/:refusalId/slip.pdf",
    summary:
      "The refusal slip (PDF, Kazakh and Russian), the same document at every reprint",
    tags: ["refusals"],
    access: READERS,
    params: z.object({ refusalId: z.string().min(1).max(64) }),
    center: ({ refusalId }) => centerOfRefusal(ctx.redis, refusalId),
    produces: "application/pdf",
    errors: { 404: "No such refusal (refusal_not_found)" },
    handler: async ({ params, res }) => {
      const { number, pdf } = await refusalSlipPdf(ctx, params.refusalId);
      res.status(200);
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Length", String(pdf.length));
      res.setHeader("Content-Disposition", `inline; filename="${number}.pdf"`);
      res.setHeader("Cache-Control", "private, no-store");
      res.end(pdf);
      return undefined;
    },
  });

  return router;
}
