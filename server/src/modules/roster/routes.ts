import { Router } from "express";
import { z } from "zod";
import {
  Roster,
  RosterImport,
  RosterImportAccepted,
  RosterImportRequest,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { staffAgent } from "../audit";
import { centerOfSlot } from "../slots";
import {
  centerOfImport,
  requestRosterImport,
  rosterImportReport,
  slotRoster,
} from "./service";

const Id = z.string().min(1).max(64);

/** A slot's roster, and roster CSV imports. */
export function rosterRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/roster",
    summary:
      "The roster of a slot: every booking with status, name, IIN, language and accommodation",
    tags: ["booking"],
    access: ["administrator", "operator", "manager", "network-manager"],
    params: z.object({ slotId: Id }),
    center: ({ slotId }) => centerOfSlot(ctx, slotId),
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
    center: ({ slotId }) => centerOfSlot(ctx, slotId),
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
    center: ({ importId }) => centerOfImport(ctx, importId),
    response: RosterImport,
    errors: { 404: "Unknown import (import_not_found)" },
    handler: ({ params }) => rosterImportReport(ctx, params.importId),
  });

  return router;
}
