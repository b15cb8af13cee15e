import { Router } from "express";
import { z } from "zod";
import { ProgramSummarySchema, toProgramSummary } from "@shared/banks";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { defineRoute } from "../../http/route";

/** Public information on the test programs (from the question banks). */
export function programRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/programs",
    summary:
      "Test programs: titles, duration, instructions time, sections with question counts and thresholds, languages",
    tags: ["programs"],
    access: "public",
    response: z.array(ProgramSummarySchema),
    handler: () => ctx.catalog.programs.map(toProgramSummary),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/programs/:programId",
    summary: "One test program",
    tags: ["programs"],
    access: "public",
    params: z.object({ programId: z.string().min(1).max(100) }),
    response: ProgramSummarySchema,
    errors: { 404: "Unknown program" },
    handler: ({ params }) => {
      const program = ctx.catalog.programs.find(
        (candidate) => candidate.id === params.programId,
      );
      if (!program)
        throw notFound(
          "program_not_found",
          `There is no program "${params.programId}".`,
        );
      return toProgramSummary(program);
    },
  });

  return router;
}
