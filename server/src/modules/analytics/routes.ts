import { Router, type Response } from "express";
import { z } from "zod";
import {
  AnalyticsRangeSchema,
  AnalyticsRequestedSchema,
  CenterComplianceSchema,
  ItemLanguageQuerySchema,
  ProgramAnalyticsSchema,
  ProgramItemsSchema,
  SlotAnalyticsSchema,
  SlotComplianceSchema,
} from "@shared/analytics";
import { ProgramReliabilitySchema } from "@shared/reliability";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { actorOf } from "../audit";
import { centerOfSlot } from "../slots";
import { exportSlotArchive } from "./archive";
import { toCsv, toXlsx, type Table } from "./exports";
import {
  centerComplianceReport,
  centerOfArchivedSlot,
  programAnalytics,
  programItemsExport,
  programItemsView,
  programReliability,
  requestSlotRecompute,
  slotAnalyticsView,
  slotComplianceView,
  slotResultsExport,
} from "./service";

/** Center managers see and recompute; administrators only see. */
const READ = ["administrator", "manager", "network-manager"] as const;
const MANAGE = ["manager", "network-manager"] as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "an id");
const SlotParams = z.object({ slotId: id });
const ProgramParams = z.object({
  programId: z.string().regex(/^[a-z0-9-]{1,100}$/, "a program id"),
});
const CenterParams = z.object({ centerId: id });

const XLSX =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function sendFile(
  res: Response,
  body: Buffer | string,
  type: string,
  fileName: string,
) {
  const buffer = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.status(200);
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", String(buffer.length));
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.end(buffer);
}

async function sendTable(
  res: Response,
  table: Table,
  format: "csv" | "xlsx",
  fileName: string,
) {
  if (format === "csv")
    sendFile(res, toCsv(table), "text/csv; charset=utf-8", `${fileName}.csv`);
  else sendFile(res, await toXlsx(table), XLSX, `${fileName}.xlsx`);
}

/**
 * Results analytics: every GET reads what the `analytics.compute` job
 * stored (range reports add stored per-slot counts); nothing is computed
 * from raw results in a request, except a personal-qualities program's
 * reliability (read from its scored attempts, network-wide staff only).
 */
export function analyticsRoutes(ctx: AppContext): Router {
  const router = Router();
  // An archived slot's center is in its archive file: its analytics are
  // read from there, and staff of other centers must not reach them.
  const slotCenter = async ({ slotId }: { slotId: string }) =>
    (await centerOfSlot(ctx, slotId)) ??
    (await centerOfArchivedSlot(ctx, slotId));

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/slots/:slotId",
    summary:
      "A slot's analytics: score distribution, pass rates, time, incidents, item statistics, compliance",
    tags: ["analytics"],
    access: READ,
    params: SlotParams,
    center: slotCenter,
    response: SlotAnalyticsSchema,
    errors: { 404: "Not computed yet (analytics_not_ready)" },
    handler: ({ params, actor }) =>
      slotAnalyticsView(ctx, params.slotId, actor),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/slots/:slotId/compliance",
    summary:
      "A slot's service-standard compliance: each stage per candidate, the share within each limit, the worst cases",
    tags: ["analytics"],
    access: READ,
    params: SlotParams,
    center: slotCenter,
    response: SlotComplianceSchema,
    errors: { 404: "Not computed yet (analytics_not_ready)" },
    handler: ({ params }) => slotComplianceView(ctx, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/analytics/slots/:slotId/recompute",
    summary:
      "Queues the slot's analytics (and its program's item statistics) to be computed again",
    tags: ["analytics"],
    access: MANAGE,
    params: SlotParams,
    center: slotCenter,
    status: 202,
    response: AnalyticsRequestedSchema,
    errors: {
      404: "No such slot",
      409: "No official result in the slot yet (results_not_official)",
    },
    handler: ({ params, actor }) =>
      requestSlotRecompute(ctx, params.slotId, actorOf(actor)),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/programs/:programId",
    summary:
      "A program over a period: the stored slot summaries (of the centers in one's scope) added up, and the slots in it",
    tags: ["analytics"],
    access: READ,
    params: ProgramParams,
    query: AnalyticsRangeSchema,
    response: ProgramAnalyticsSchema,
    handler: ({ params, query, actor }) =>
      programAnalytics(ctx, params.programId, query, actor),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/programs/:programId/items",
    summary:
      "Item statistics of a program across the network (all languages, kk or ru) with flags and the kk/ru comparison",
    tags: ["analytics"],
    access: READ,
    params: ProgramParams,
    query: ItemLanguageQuerySchema,
    errors: {
      403: "Staff of some centers only (out_of_scope)",
      404: "Not computed yet (analytics_not_ready)",
    },
    network: true,
    response: ProgramItemsSchema,
    handler: ({ params, query, actor }) =>
      programItemsView(ctx, params.programId, query.language, actor),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/programs/:programId/reliability",
    summary:
      "Reliability of a personal-qualities program's scales across the network: Cronbach's alpha per scale and language, item–rest correlations, alpha if deleted with flags, the kk/ru comparison of scale means",
    tags: ["analytics"],
    access: READ,
    params: ProgramParams,
    errors: {
      403: "Staff of some centers only (out_of_scope)",
      404: "No such program (program_not_found)",
      422: "A knowledge program (not_an_assessment)",
    },
    network: true,
    response: ProgramReliabilitySchema,
    handler: ({ params }) => programReliability(ctx, params.programId),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/centers/:centerId/compliance",
    summary:
      "A center's service-standard compliance over a period: per stage the share within the limit and the worst cases, per slot",
    tags: ["analytics"],
    access: READ,
    params: CenterParams,
    center: ({ centerId }) => centerId,
    query: AnalyticsRangeSchema,
    response: CenterComplianceSchema,
    handler: ({ params, query }) =>
      centerComplianceReport(ctx, params.centerId, query),
  });

  for (const format of ["csv", "xlsx"] as const) {
    defineRoute(router, ctx.registry, {
      method: "get",
      path: `/analytics/slots/:slotId/results.${format}`,
      summary: `A slot's official results, one row per candidate (${format.toUpperCase()})`,
      tags: ["analytics"],
      access: READ,
      params: SlotParams,
      center: slotCenter,
      produces: format === "csv" ? "text/csv" : XLSX,
      errors: { 404: "Not computed yet (analytics_not_ready)" },
      handler: async ({ params, res }) => {
        await sendTable(
          res,
          await slotResultsExport(ctx, params.slotId),
          format,
          `results-${params.slotId}`,
        );
        return undefined;
      },
    });

    defineRoute(router, ctx.registry, {
      method: "get",
      path: `/analytics/programs/:programId/items.${format}`,
      summary: `A program's item statistics across the network (${format.toUpperCase()})`,
      tags: ["analytics"],
      access: READ,
      params: ProgramParams,
      query: ItemLanguageQuerySchema,
      produces: format === "csv" ? "text/csv" : XLSX,
      errors: {
        403: "Staff of some centers only (out_of_scope)",
        404: "Not computed yet (analytics_not_ready)",
      },
      network: true,
      handler: async ({ params, query, res, actor }) => {
        const table = await programItemsExport(
          ctx,
          params.programId,
          query.language,
          actor,
        );
        await sendTable(
          res,
          table,
          format,
          `items-${params.programId}-${query.language}`,
        );
        return undefined;
      },
    });
  }

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/slots/:slotId/archive.json",
    summary:
      "A slot's full record for archiving (bookings, attempts, answers, incidents, audit chain); `npm run audit:verify -- --file` checks it",
    tags: ["analytics"],
    access: READ,
    params: SlotParams,
    center: slotCenter,
    produces: "application/json",
    errors: { 404: "No such slot" },
    handler: async ({ params, res }) => {
      const archive = await exportSlotArchive(ctx, params.slotId);
      sendFile(
        res,
        `${JSON.stringify(archive, null, 1)}\n`,
        "application/json; charset=utf-8",
        `slot-${params.slotId}.json`,
      );
      return undefined;
    },
  });

  return router;
}
