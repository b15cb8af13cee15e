/**
 * Public interface of the notifications module.
 *
 * Messages to candidates: an outbox in Redis drained by the
 * `notification.send` BullMQ job (retries with backoff) through SMTP
 * (nodemailer) or the center's SMS gateway (HTTP webhook), or, with neither
 * configured, the console's outbox view and the log. Uses audit and slots
 * (a message's center, for staff scope): the callers (booking, appeals,
 * complaints, attempts) pass the recipient, so this module sits below them.
 */
export type { MessageParam, MessageParams, Recipient } from "./types";

/**
 * `notify(ctx, recipient, kind, params, key?)` queues one message. The
 * message id is derived from the booking, the kind and `key` (e.g. an
 * appeal id, a revision): queueing the same message twice is one message.
 * Never throws — a failure to queue is logged and never blocks what the
 * candidate asked for. A recipient with channel "none" (or without the
 * address the channel needs) gets nothing. The parameters each kind needs
 * are listed in templates/README.md.
 *
 * `listBookingMessages(ctx, bookingId)`: the messages of one booking,
 * oldest first (the booking's timeline), addresses masked.
 */
export {
  archivedBookingMessages,
  listBookingMessages,
  notify,
  requeueStrandedMessages,
} from "./service";
export { runNotificationJob } from "./jobs";
/** The outbox's Redis keys (the retention purge blanks messages by them). */
export { messageKeys } from "./repository";
export { notificationRoutes } from "./routes";
