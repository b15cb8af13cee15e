import { Router } from "express";
import { z } from "zod";
import { ProgramSummarySchema } from "@shared/banks";
import { PositionCategories } from "@shared/booking";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { defineRoute } from "../../http/route";
import { programSummaries } from "./service";

/** Public information on the test programs (from the question banks). */
export function programRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/programs",
    summary:
      "Test programs: titles, duration, instructions time, sections with question counts and thresholds, languages; who each is for, its retake interval and its certificate's validity",
    tags: ["programs"],
    access: "public",
    response: z.array(ProgramSummarySchema),
    handler: () => programSummaries(ctx),
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
      const program = programSummaries(ctx).find(
        (candidate) => candidate.id === params.programId,
      );
      if (!program)
        throw notFound(
          "program_not_found",
          `There is no program "${params.programId}".`,
        );
      return program;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/position-categories",
    summary:
      "The position categories a booking may name (codes, corps, titles); a program's eligibility lists them",
    tags: ["programs"],
    access: "public",
    response: PositionCategories,
    handler: () => ({
      ...(ctx.catalog.positionCategoriesNotice
        ? { notice: ctx.catalog.positionCategoriesNotice }
        : {}),
      categories: ctx.catalog.positionCategories,
    }),
  });

  return router;
}
