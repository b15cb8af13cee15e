import type { JobHandler } from "../../queues/handler";
import { deliverMessage } from "./service";

/** `notification.send`: deliver one queued message (idempotent). */
export const runNotificationJob: JobHandler<"notification.send"> = (
  ctx,
  payload,
) => deliverMessage(ctx, payload.messageId);
