import { Router } from "express";
import { z } from "zod";
import {
  OutageExpiredListSchema,
  OutageListSchema,
  ReopenResultSchema,
} from "@shared/outages";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { defineRoute } from "../../http/route";
import { actorOf } from "../audit";
import { centerOfSlot } from "../slots";
import {
  listExpiredByOutage,
  outageList,
  reopenExpiredByOutage,
  slotExists,
} from "./service";

/** Who runs the exam day sees the outages and what they credited. */
const STAFF = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;
const ADMINISTRATOR = ["administrator"] as const;

const SlotParams = z.object({ slotId: z.string().min(1).max(100) });

/** Outages, their credits, and reopening what an outage expired. */
export function outageRoutes(ctx: AppContext): Router {
  const router = Router();
  const slotCenter = ({ slotId }: { slotId: string }) =>
    centerOfSlot(ctx, slotId);
  const knownSlot = async (slotId: string) => {
    if (!(await slotExists(ctx, slotId))) {
      throw notFound("slot_not_found", "There is no such slot.");
    }
  };

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/outages",
    summary:
      "The latest outages (no realtime process serving, or Redis unreachable), newest first, with the time each gave back to the attempts of the caller's centers",
    tags: ["outages"],
    access: STAFF,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: OutageListSchema,
    handler: ({ query, actor }) => outageList(ctx, actor, query.limit),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/outage-expired",
    summary:
      "Attempts of the slot that expired only because of an outage (their deadline fell in it), with the time each would get back",
    tags: ["outages"],
    access: STAFF,
    params: SlotParams,
    center: slotCenter,
    response: OutageExpiredListSchema,
    errors: { 404: "Unknown slot" },
    handler: async ({ params }) => {
      await knownSlot(params.slotId);
      return { attempts: await listExpiredByOutage(ctx, params.slotId) };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/outage-expired/reopen",
    summary:
      "Reopens every attempt of the slot an outage expired, with the time it had when the outage began (audited)",
    tags: ["outages"],
    access: ADMINISTRATOR,
    params: SlotParams,
    center: slotCenter,
    response: ReopenResultSchema,
    errors: { 404: "Unknown slot" },
    handler: async ({ params, actor }) => {
      await knownSlot(params.slotId);
      return reopenExpiredByOutage(ctx, params.slotId, actorOf(actor));
    },
  });

  return router;
}
