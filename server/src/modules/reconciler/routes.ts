import { Router } from "express";
import { z } from "zod";
import { AttentionListSchema, AttentionRetrySchema } from "@shared/reconciler";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { assertInScope, filterInScope } from "../../http/scope";
import { actorOf } from "../audit";
import { attentionItem, attentionItems, retryAttentionItem } from "./service";

/** Who keeps the center running sees what is stuck and sets it going. */
const STAFF = ["operator", "manager", "network-manager"] as const;

const ItemParams = z.object({
  itemId: z.string().regex(/^[a-z.-]{1,40}:[A-Za-z0-9_-]{1,64}$/, "an item id"),
});

/** The reconciler's "needs attention" list and its retry button. */
export function reconcilerRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/reconciler/items",
    summary:
      "Jobs the reconciler could not mend (failing again after its retries), oldest first",
    tags: ["reconciler"],
    access: STAFF,
    response: AttentionListSchema,
    handler: async ({ actor }) => {
      const items = filterInScope(
        actor,
        await attentionItems(ctx),
        (item) => item.centerId,
      );
      return {
        items: items.map(({ job, ...item }) => ({ ...item, job: job.name })),
      };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/reconciler/items/:itemId/retry",
    summary:
      "Runs the item's job again with all its attempts; it leaves the list (audited)",
    tags: ["reconciler"],
    access: STAFF,
    params: ItemParams,
    status: 202,
    response: AttentionRetrySchema,
    errors: { 404: "Not on the list (item_not_found)" },
    handler: async ({ params, actor }) => {
      const item = await attentionItem(ctx, params.itemId);
      assertInScope(actor, item.centerId);
      return retryAttentionItem(ctx, item, actorOf(actor));
    },
  });

  return router;
}
