import { Router, type Response } from "express";
import { z } from "zod";
import { InstantInput } from "@shared/booking";
import type { AppContext } from "../../context";
import { badRequest, conflict, notFound } from "../../errors";
import { defineRoute, type StaffPrincipal } from "../../http/route";
import { filterInScope } from "../../http/scope";
import { appendAudit } from "../audit/repository";
import { actorOf } from "../audit/service";
import { attemptIdsOfSlot, findAttempts } from "../attempts/repository";
import { seesAnswerKeys } from "../banks/key-access";
import { centerOfSlot } from "../centers/owners";
import { getCenter, getSlot } from "../centers/repository";
import { exportSlotArchive } from "./archive";
import { centerCompliance } from "./center-compliance";
import { requestSlotAnalytics } from "./compute";
import {
  itemStatisticsTable,
  slotResultsTable,
  toCsv,
  toXlsx,
  type Table,
} from "./exports";
import {
  getProgramItems,
  getSlotAnalytics,
  getSlotAnalyticsMany,
  programSlotIds,
  type SlotAnalytics,
} from "./repository";
import { describeSummary, mergeSummaries, type ItemStatistics } from "./stats";

/** Center managers see and recompute; administrators only see. */
const READ = ["administrator", "manager", "network-manager"] as const;
const MANAGE = ["manager", "network-manager"] as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "an id");
const SlotParams = z.object({ slotId: id });
const ProgramParams = z.object({
  programId: z.string().regex(/^[a-z0-9-]{1,100}$/, "a program id"),
});
const CenterParams = z.object({ centerId: id });
const Range = z.object({
  from: InstantInput.optional(),
  to: InstantInput.optional(),
});
const LanguageQuery = z.object({
  language: z.enum(["all", "kk", "ru"]).default("all"),
});

const XLSX =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function rangeOf(query: z.infer<typeof Range>) {
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  if (from > to)
    throw badRequest("invalid_range", "The period ends before it begins.");
  return { from, to };
}

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
 * Item statistics as a role may see them: for hall staff every option's
 * share stays, only the marking of the key goes (banks/key-access.ts).
 */
function itemsFor(
  actor: Pick<StaffPrincipal, "role" | "scope">,
  items: ItemStatistics[],
) {
  if (seesAnswerKeys(actor)) return items;
  return items.map((item) => ({
    ...item,
    optionShares: item.optionShares.map(({ key: _key, ...share }) => share),
  }));
}

/** What the API shows of a slot's analytics: without the per-item raw data. */
function presentSlot(
  actor: Pick<StaffPrincipal, "role" | "scope">,
  { results: _results, ...analytics }: SlotAnalytics,
) {
  return { ...analytics, items: itemsFor(actor, analytics.items) };
}

/**
 * Results analytics: every GET reads what the `analytics.compute` job
 * stored (range reports add stored per-slot counts); nothing is computed
 * from raw results in a request.
 */
export function analyticsRoutes(ctx: AppContext): Router {
  const router = Router();
  const slotCenter = ({ slotId }: { slotId: string }) =>
    centerOfSlot(ctx.redis, slotId);

  const storedSlot = async (slotId: string) => {
    const analytics = await getSlotAnalytics(ctx.redis, slotId);
    if (!analytics) {
      throw notFound(
        "analytics_not_ready",
        "There are no analytics for this slot yet: they are computed when its results become official.",
      );
    }
    return analytics;
  };
  const storedProgramItems = async (programId: string) => {
    const analytics = await getProgramItems(ctx.redis, programId);
    if (!analytics)
      throw notFound(
        "analytics_not_ready",
        "There are no item statistics for this program yet.",
      );
    return analytics;
  };

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/slots/:slotId",
    summary:
      "A slot's analytics: score distribution, pass rates, time, incidents, item statistics, compliance",
    tags: ["analytics"],
    access: READ,
    params: SlotParams,
    center: slotCenter,
    errors: { 404: "Not computed yet (analytics_not_ready)" },
    handler: async ({ params, actor }) =>
      presentSlot(actor, await storedSlot(params.slotId)),
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
    errors: { 404: "Not computed yet (analytics_not_ready)" },
    handler: async ({ params }) => {
      const analytics = await storedSlot(params.slotId);
      return {
        slotId: analytics.slotId,
        computedAt: analytics.computedAt,
        ...analytics.compliance,
      };
    },
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
    errors: {
      404: "No such slot",
      409: "No official result in the slot yet (results_not_official)",
    },
    handler: async ({ params, actor }) => {
      const slot = await getSlot(ctx.redis, params.slotId);
      if (!slot) throw notFound("slot_not_found", "There is no such slot.");
      const attempts = await findAttempts(
        ctx.redis,
        await attemptIdsOfSlot(ctx.redis, slot.id),
      );
      if (
        !attempts.some(
          (attempt) =>
            attempt.officialAt !== null && attempt.state !== "voided",
        )
      ) {
        throw conflict(
          "results_not_official",
          "No result of this slot is official yet; analytics are computed from official results.",
        );
      }
      const requestedAt = await requestSlotAnalytics(ctx, slot.id, 0);
      await appendAudit(ctx.redis, `slot:${slot.id}`, {
        actor: actorOf(actor),
        action: "analytics.requested",
        subject: `slot:${slot.id}`,
      });
      return { slotId: slot.id, requestedAt };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/programs/:programId",
    summary:
      "A program over a period: the stored slot summaries (of the centers in one's scope) added up, and the slots in it",
    tags: ["analytics"],
    access: READ,
    params: ProgramParams,
    query: Range,
    handler: async ({ params, query, actor }) => {
      const program = ctx.catalog.programs.find(
        (candidate) => candidate.id === params.programId,
      );
      if (!program)
        throw notFound(
          "program_not_found",
          `There is no program "${params.programId}".`,
        );
      const { from, to } = rangeOf(query);
      const slots = filterInScope(
        actor,
        await getSlotAnalyticsMany(
          ctx.redis,
          await programSlotIds(ctx.redis, program.id, from, to),
        ),
        (slot) => slot.centerId,
      );
      const sectionIds = program.sections.map((section) => section.id);
      return {
        programId: program.id,
        from: query.from ?? null,
        to: query.to ?? null,
        minCorrectTotal: program.minCorrectTotal,
        sectionIds,
        distribution: describeSummary(
          mergeSummaries(slots.map((slot) => slot.summary)),
          sectionIds,
        ),
        slots: slots.map((slot) => ({
          slotId: slot.slotId,
          centerId: slot.centerId,
          startsAt: slot.startsAt,
          computedAt: slot.computedAt,
          candidates: slot.distribution.candidates,
          passRate: slot.distribution.passRate,
        })),
      };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/analytics/programs/:programId/items",
    summary:
      "Item statistics of a program across the network (all languages, kk or ru) with flags and the kk/ru comparison",
    tags: ["analytics"],
    access: READ,
    params: ProgramParams,
    query: LanguageQuery,
    errors: {
      403: "Staff of some centers only (out_of_scope)",
      404: "Not computed yet (analytics_not_ready)",
    },
    network: true,
    handler: async ({ params, query, actor }) => {
      const analytics = await storedProgramItems(params.programId);
      return {
        ...analytics,
        language: query.language,
        items: itemsFor(actor, analytics.items[query.language]),
      };
    },
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
    query: Range,
    handler: async ({ params, query }) => {
      const center = await getCenter(ctx.redis, params.centerId);
      if (!center)
        throw notFound("center_not_found", "There is no such center.");
      const { from, to } = rangeOf(query);
      const { stages, slots } = await centerCompliance(
        ctx.redis,
        center.id,
        from,
        to,
      );
      return {
        centerId: center.id,
        from: query.from ?? null,
        to: query.to ?? null,
        stages,
        slots: slots.map((slot) => ({
          slotId: slot.slotId,
          programId: slot.programId,
          startsAt: slot.startsAt,
          stages: slot.compliance.stages,
        })),
      };
    },
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
          slotResultsTable(await storedSlot(params.slotId)),
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
      query: LanguageQuery,
      produces: format === "csv" ? "text/csv" : XLSX,
      errors: {
        403: "Staff of some centers only (out_of_scope)",
        404: "Not computed yet (analytics_not_ready)",
      },
      network: true,
      handler: async ({ params, query, res, actor }) => {
        const table = itemStatisticsTable(
          await storedProgramItems(params.programId),
          query.language,
          { keys: seesAnswerKeys(actor) },
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
