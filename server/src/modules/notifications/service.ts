import { createHash } from "node:crypto";
import {
  maskAddress,
  type DeliveryChannel,
  type MessageKind,
  type MessageState,
  type MessageView,
} from "@shared/notifications";
import type { KeyDump } from "../../archive/snapshot";
import type { AppContext } from "../../context";
import { conflict, notFound } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { assertNetworkScope } from "../../http/scope";
import { actorOf } from "../audit";
import { centerOfSlot } from "../slots";
import type { MessageParams, Recipient } from "./types";
import {
  getMessage,
  insertMessage,
  listBookingMessageRecords,
  queuedMessageIds,
  listOutbox,
  listOutboxIdsBetween,
  recordFailedAttempt,
  recordSent,
  messageKeys,
  retryMessageRecord,
  toMessage,
  type MessageRecord,
} from "./repository";
import { renderMessage } from "./templates";
import { transportsOf } from "./transports";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The message's id: the same booking, kind and key always give the same
 * id, so a message queued twice (a repeated request, a job run twice) is
 * one message, delivered once.
 */
export function messageIdOf(
  bookingId: string,
  kind: MessageKind,
  key = "",
): string {
  return createHash("sha256")
    .update(`${bookingId}\n${kind}\n${key}`)
    .digest("hex")
    .slice(0, 24);
}

/** Where a message goes, or null when the candidate gets none. */
function deliveryOf(
  ctx: AppContext,
  recipient: Recipient,
): { channel: DeliveryChannel; to: string } | null {
  const { configured } = transportsOf(ctx);
  switch (recipient.channel) {
    case "email":
      return recipient.email
        ? {
            channel: configured.email ? "email" : "outbox",
            to: recipient.email,
          }
        : null;
    case "sms":
      return recipient.phone
        ? { channel: configured.sms ? "sms" : "outbox", to: recipient.phone }
        : null;
    case "none":
      return null;
  }
}

/** The job's options: attempts and backoff from the environment. */
function sendJobOptions(ctx: AppContext) {
  return {
    // A margin over the message's own count: an attempt that failed before
    // it could be recorded (Redis gone for a moment) still gets retried.
    attempts: ctx.env.NOTIFY_MAX_ATTEMPTS + 2,
    backoff: { type: "exponential", delay: ctx.env.NOTIFY_RETRY_DELAY_MS },
  };
}

/** Queues one message (see index.ts); never throws. */
export async function notify(
  ctx: AppContext,
  recipient: Recipient,
  kind: MessageKind,
  params: MessageParams,
  key?: string,
): Promise<void> {
  try {
    const delivery = deliveryOf(ctx, recipient);
    if (!delivery) return;
    const rendered = renderMessage(kind, recipient.language, params);
    const id = messageIdOf(recipient.bookingId, kind, key);
    const reply = await insertMessage(ctx.redis, {
      id,
      bookingId: recipient.bookingId,
      slotId: recipient.slotId,
      centerId:
        recipient.centerId ??
        (recipient.slotId ? await centerOfSlot(ctx, recipient.slotId) : null),
      kind,
      key: key ?? "",
      ...delivery,
      language: recipient.language,
      subject: rendered.shownSubject,
      text: rendered.shownText,
      secretSubject:
        rendered.subject === rendered.shownSubject ? null : rendered.subject,
      secretText: rendered.text === rendered.shownText ? null : rendered.text,
    });
    if (!("ok" in reply)) throw new Error(`message ${id}: ${reply.error}`);
    if (reply.ok.state !== "queued") return;
    // Added again when it exists already: the job id makes it a no-op, and
    // a message whose first add was lost gets its job now.
    await ctx.queues.add(
      "notification.send",
      { messageId: id },
      sendJobOptions(ctx),
    );
  } catch (error) {
    ctx.logger.error(
      { err: error, bookingId: recipient.bookingId, kind },
      "a message to a candidate could not be queued",
    );
  }
}

/**
 * The `notification.send` job: delivers a queued message once. A message
 * already sent is not sent again; a failed attempt is recorded and thrown,
 * so BullMQ retries with backoff, until the last one makes it `failed`.
 */
export async function deliverMessage(
  ctx: AppContext,
  messageId: string,
): Promise<void> {
  const message = await getMessage(ctx.redis, messageId);
  if (!message) {
    ctx.logger.warn({ messageId }, "notification.send for an unknown message");
    return;
  }
  if (message.state !== "queued") return;
  try {
    await transportsOf(ctx).send(message);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const reply = await recordFailedAttempt(
      ctx.redis,
      message,
      reason,
      ctx.env.NOTIFY_MAX_ATTEMPTS,
    );
    if ("ok" in reply && reply.ok.state === "failed") {
      ctx.logger.error(
        { messageId, kind: message.kind, channel: message.channel, reason },
        "a message to a candidate failed after its last attempt",
      );
      return;
    }
    ctx.logger.warn(
      { messageId, channel: message.channel, reason },
      "a message to a candidate was not delivered; retrying",
    );
    throw error;
  }
  await recordSent(ctx.redis, message);
}

/**
 * A message as the console (`staff`: full address, error, text) or the
 * candidate's status page (masked address, states only) shows it.
 */
export function presentMessage(
  message: MessageRecord,
  audience: "staff" | "candidate",
): MessageView {
  const staff = audience === "staff";
  return {
    id: message.id,
    bookingId: message.bookingId,
    kind: message.kind,
    channel: message.channel,
    language: message.language,
    to: staff ? message.to : maskAddress(message.to),
    state: message.state,
    attempts: message.attempts,
    queuedAt: iso(message.queuedAt),
    ...(message.sentAt === null ? {} : { sentAt: iso(message.sentAt) }),
    ...(message.failedAt === null ? {} : { failedAt: iso(message.failedAt) }),
    ...(staff && message.lastError ? { error: message.lastError } : {}),
    ...(staff ? { subject: message.subject, text: message.text } : {}),
  };
}

/** The booking's messages for its status page: oldest first, masked. */
export async function listBookingMessages(
  ctx: AppContext,
  bookingId: string,
): Promise<MessageView[]> {
  return (await listBookingMessageRecords(ctx.redis, bookingId)).map(
    (message) => presentMessage(message, "candidate"),
  );
}

/**
 * An archived booking's messages as listBookingMessages showed them, from
 * the keys its slot's archive file dumped (`booking:<id>:messages` and
 * each `message:<id>`; `dumped` finds one by name).
 */
export function archivedBookingMessages(
  bookingId: string,
  dumped: (key: string) => KeyDump | undefined,
): MessageView[] {
  const list = dumped(messageKeys.bookingMessages(bookingId));
  return (list?.type === "list" ? list.value : [])
    .map((messageId) => {
      const hash = dumped(messageKeys.message(messageId));
      return hash?.type === "hash" ? toMessage(hash.value) : null;
    })
    .filter((message): message is MessageRecord => message !== null)
    .map((message) => presentMessage(message, "candidate"));
}

/** The console's outbox: the newest messages of the account's centers. */
export async function listNotifications(
  ctx: AppContext,
  actor: StaffPrincipal,
  query: { state?: MessageState; limit: number },
): Promise<MessageView[]> {
  const messages = await listOutbox(ctx.redis, {
    centerIds: actor.scope.kind === "network" ? "all" : actor.scope.centerIds,
    ...(query.state ? { state: query.state } : {}),
    limit: query.limit,
  });
  return messages.map((message) => presentMessage(message, "staff"));
}

/** The center a message belongs to (its slot's), for the scope check. */
export async function centerOfMessage(
  ctx: AppContext,
  messageId: string,
): Promise<string | null | undefined> {
  const message = await getMessage(ctx.redis, messageId);
  if (!message) return undefined;
  return (
    message.centerId ??
    (message.slotId ? await centerOfSlot(ctx, message.slotId) : null)
  );
}

/**
 * A staff member sends a failed message again: a new round of attempts,
 * audited. A message not failed (sent, or already queued again) is
 * returned as it is.
 */
export async function retryMessage(
  ctx: AppContext,
  messageId: string,
  actor: StaffPrincipal,
): Promise<MessageView> {
  const message = await getMessage(ctx.redis, messageId);
  if (!message) {
    throw notFound("message_not_found", "There is no such message.");
  }
  if (!message.centerId && !message.slotId) assertNetworkScope(actor);
  const reply = await retryMessageRecord(ctx.redis, message, actorOf(actor));
  if (!("ok" in reply)) {
    if (reply.error === "message_anonymized") {
      throw conflict(
        "message_anonymized",
        "The retention purge removed this message's address: it cannot be sent again.",
      );
    }
    throw notFound("message_not_found", "There is no such message.");
  }
  if (reply.ok.state === "queued") {
    // The earlier round's job is finished: requeue replaces it.
    await ctx.queues.requeue(
      { name: "notification.send", payload: { messageId } },
      sendJobOptions(ctx),
    );
  }
  const after = await getMessage(ctx.redis, messageId);
  return presentMessage(after ?? message, "staff");
}

/** Job states in which a message's job is still on its way. */
const JOB_ON_ITS_WAY = new Set(["waiting", "delayed", "active", "prioritized"]);

/**
 * Queues the job again for every message still `queued` (from the last
 * `days`, queued over a minute ago) whose job is gone: the process died
 * between writing the message and adding its job, or the job's record
 * expired. The reconciler's pass runs it; the job id keeps it once.
 */
export async function requeueStrandedMessages(
  ctx: AppContext,
  days = 3,
): Promise<string[]> {
  const now = ctx.clock.now();
  const ids = await listOutboxIdsBetween(
    ctx.redis,
    now - days * 24 * 3600_000,
    now - 60_000,
  );
  const requeued: string[] = [];
  for (const messageId of await queuedMessageIds(ctx.redis, ids)) {
    const job = { name: "notification.send", payload: { messageId } } as const;
    // Its state alone, without reading the job: nearly every one is on its way.
    if (JOB_ON_ITS_WAY.has(await ctx.queues.stateOf(job))) continue;
    await ctx.queues.requeue(job, sendJobOptions(ctx));
    requeued.push(messageId);
  }
  return requeued;
}
