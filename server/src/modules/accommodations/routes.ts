import { Router } from "express";
import {
  Accommodation,
  AccommodationLookup,
  AccommodationSet,
} from "@shared/booking";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { actorOf, staffAgent } from "../audit";
import {
  accommodationOf,
  removeAccommodation,
  setAccommodation,
} from "./service";

/** A candidate's accommodations, by the IIN in the body. */
export function accommodationRoutes(ctx: AppContext): Router {
  const router = Router();

  // The IIN travels in the body, never in a URL path (access logs keep paths).
  defineRoute(router, ctx.registry, {
    method: "put",
    path: "/accommodations",
    summary:
      "Set a candidate's accommodation (extra minutes, note, who approved it); applies to every booking of the IIN",
    tags: ["booking"],
    access: ["manager", "administrator", "network-manager"],
    body: AccommodationSet,
    response: Accommodation,
    errors: { 422: "Invalid IIN (invalid_iin)" },
    handler: ({ body: { iin, ...input }, actor }) =>
      setAccommodation(ctx, iin, input, staffAgent(actor)),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accommodations/lookup",
    summary: "A candidate's accommodation, by the IIN in the body",
    tags: ["booking"],
    access: ["manager", "administrator", "operator", "network-manager"],
    body: AccommodationLookup,
    response: Accommodation,
    errors: {
      404: "None (accommodation_not_found)",
      422: "Invalid IIN (invalid_iin)",
    },
    handler: ({ body }) => accommodationOf(ctx, body.iin),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accommodations/remove",
    summary: "Remove a candidate's accommodation, by the IIN in the body",
    tags: ["booking"],
    access: ["manager", "administrator", "network-manager"],
    status: 204,
    body: AccommodationLookup,
    errors: {
      404: "None (accommodation_not_found)",
      422: "Invalid IIN (invalid_iin)",
    },
    handler: async ({ body, actor }) => {
      await removeAccommodation(ctx, body.iin, actorOf(actor));
      return undefined;
    },
  });

  return router;
}
