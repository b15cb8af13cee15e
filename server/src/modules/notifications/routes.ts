import { Router } from "express";
import { z } from "zod";
import { MessageList, MessageSearch, MessageView } from "@shared/notifications";
import type { AppContext } from "../../context";
import { defineRoute } from "../../http/route";
import { centerOfMessage, listNotifications, retryMessage } from "./service";

/** Who sees the outbox: the staff who answer a candidate's "I got nothing". */
const STAFF = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;

/** The console's outbox: messages of the account's centers, and retries. */
export function notificationRoutes(ctx: AppContext): Router {
  const router = Router();

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/notifications",
    summary:
      "Messages to candidates of the account's centers, newest first, with full addresses (the outbox)",
    tags: ["notifications"],
    access: STAFF,
    query: MessageSearch,
    response: MessageList,
    handler: async ({ query, actor }) => ({
      messages: await listNotifications(ctx, actor, query),
    }),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/notifications/:messageId/retry",
    summary:
      "Send a failed message again (a new round of attempts); a message not failed is returned as it is",
    tags: ["notifications"],
    access: STAFF,
    params: z.object({ messageId: z.string().min(1).max(64) }),
    center: ({ messageId }) => centerOfMessage(ctx, messageId),
    idempotent: true,
    response: MessageView,
    errors: {
      404: "Unknown message (message_not_found)",
      409: "The retention purge removed the address (message_anonymized)",
    },
    handler: ({ params, actor }) => retryMessage(ctx, params.messageId, actor),
  });

  return router;
}
