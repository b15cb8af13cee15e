import { Router } from "express";
import { NetworkToday } from "@shared/network";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { assertNetworkScope } from "../../http/scope";
import { networkToday } from "./service";

/** Network-level reads: the whole network's day for those who answer for it. */
export function networkRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/network/today",
    summary:
      "Every center's slots of today (in its own zone) with booked, admitted, testing, finished, no-show and incident counts, and each center's compliance so far; network scope only",
    tags: ["network"],
    access: ["manager", "network-manager"],
    response: NetworkToday,
    errors: { 403: "A center-scoped account (out_of_scope)" },
    handler: async ({ actor }) => {
      // A center manager's role fits, their scope does not: the network's only.
      assertNetworkScope(actor);
      return networkToday(ctx);
    },
  });

  return router;
}
