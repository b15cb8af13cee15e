import type { Redis } from "ioredis";
import type { UiLanguage } from "@shared/enums";
import {
  DELIVERY_CHANNELS,
  MESSAGE_KINDS,
  MESSAGE_STATES,
  type DeliveryChannel,
  type MessageKind,
  type MessageState,
} from "@shared/notifications";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { fieldsOfMany } from "../../redis/fields";
import { script } from "../../redis/scripts";
import { auditKeys } from "../audit";

/**
 * Messages to candidates: the outbox. Instants are epoch ms (Redis TIME).
 *
 * Keys:
 *   message:<id>               hash: id bookingId slotId centerId kind key
 *                              channel (sms|email|outbox) to language state
 *                              (queued|sent|failed) attempts roundAttempts
 *                              queuedAt [sentAt failedAt lastAttemptAt
 *                              lastError] subject text (secrets masked)
 *                              [secretSubject secretText: the text to
 *                              deliver when it holds a secret, dropped once
 *                              sent]
 *   booking:<bookingId>:messages  list: the booking's message ids, oldest first
 *   outbox:messages            zset: every message id by queuedAt
 *   outbox:center:<centerId>   zset: the center's message ids by queuedAt
 *
 * Every state change is one Lua script that also appends to the booking's
 * slot audit stream (`message.queued`, `message.sent`, `message.failed`,
 * `message.retried`).
 */
export const messageKeys = {
  message: (messageId: string) => `message:${messageId}`,
  bookingMessages: (bookingId: string) => `booking:${bookingId}:messages`,
  outbox: "outbox:messages",
  centerOutbox: (centerId: string) => `outbox:center:${centerId}`,
};

export interface MessageRecord {
  id: string;
  bookingId: string;
  slotId: string;
  centerId: string | null;
  kind: MessageKind;
  channel: DeliveryChannel;
  to: string;
  language: UiLanguage;
  state: MessageState;
  attempts: number;
  queuedAt: number;
  sentAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  /** What staff and the log may see (a booking code masked). */
  subject: string;
  text: string;
  /** What is delivered. */
  deliverSubject: string;
  deliverText: string;
}

const num = (value: string | undefined) =>
  value === undefined || value === "" ? null : Number(value);

const oneOf = <T extends string>(
  values: readonly T[],
  value: string | undefined,
  fallback: T,
): T => values.find((candidate) => candidate === value) ?? fallback;

export function toMessage(hash: Record<string, string>): MessageRecord | null {
  if (!hash.id) return null;
  const subject = hash.subject ?? "";
  const text = hash.text ?? "";
  return {
    id: hash.id,
    bookingId: hash.bookingId ?? "",
    slotId: hash.slotId ?? "",
    centerId: hash.centerId || null,
    kind: oneOf(MESSAGE_KINDS, hash.kind, "booking.made"),
    channel: oneOf(DELIVERY_CHANNELS, hash.channel, "outbox"),
    to: hash.to ?? "",
    language: oneOf(["kk", "ru", "en"] as const, hash.language, "kk"),
    state: oneOf(MESSAGE_STATES, hash.state, "queued"),
    attempts: Number(hash.attempts ?? 0),
    queuedAt: Number(hash.queuedAt ?? 0),
    sentAt: num(hash.sentAt),
    failedAt: num(hash.failedAt),
    lastError: hash.lastError || null,
    subject,
    text,
    deliverSubject: hash.secretSubject || subject,
    deliverText: hash.secretText || text,
  };
}

/** A message, or null. */
export async function getMessage(
  redis: Redis,
  messageId: string,
): Promise<MessageRecord | null> {
  return toMessage(await redis.hgetall(messageKeys.message(messageId)));
}

/** Several messages by id, in order; unknown ids are left out. */
export async function getMessages(
  redis: Redis,
  messageIds: readonly string[],
): Promise<MessageRecord[]> {
  if (messageIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of messageIds) pipeline.hgetall(messageKeys.message(id));
  const replies = (await pipeline.exec()) ?? [];
  return replies
    .map(([error, hash]) => {
      if (error) throw error;
      return toMessage(hash as Record<string, string>);
    })
    .filter((message): message is MessageRecord => message !== null);
}

/**
 * Those of the given messages still `queued`, each read for its state
 * alone (a few hundred per call): the reconciler's look over days of
 * receipts and reminders, which read them whole, texts and all.
 */
export async function queuedMessageIds(
  redis: Redis,
  messageIds: readonly string[],
): Promise<string[]> {
  const rows = await fieldsOfMany(
    redis,
    messageIds.map((id) => messageKeys.message(id)),
    ["id", "state"] as const,
  );
  return rows
    .filter(
      // As toMessage reads it: no state is `queued`.
      ([id, state]) =>
        id !== null &&
        oneOf(MESSAGE_STATES, state ?? undefined, "queued") === "queued",
    )
    .map(([id]) => id as string);
}

/** A booking's messages, oldest first. */
export async function listBookingMessageRecords(
  redis: Redis,
  bookingId: string,
): Promise<MessageRecord[]> {
  return getMessages(
    redis,
    await redis.lrange(messageKeys.bookingMessages(bookingId), 0, -1),
  );
}

/**
 * The newest messages of an outbox (all, or some centers'), optionally in
 * one state: read page by page, newest first, until `limit` are found or
 * `maxScanned` were looked at (a console view, not a report).
 */
export async function listOutbox(
  redis: Redis,
  input: {
    centerIds: readonly string[] | "all";
    state?: MessageState;
    limit: number;
    maxScanned?: number;
  },
): Promise<MessageRecord[]> {
  const keys =
    input.centerIds === "all"
      ? [messageKeys.outbox]
      : input.centerIds.map(messageKeys.centerOutbox);
  const pageSize = Math.max(50, input.limit);
  const maxScanned = input.maxScanned ?? 10_000;
  const found: MessageRecord[] = [];
  // Each key is read newest first; the union is merged by queuedAt.
  const cursors = keys.map((key) => ({ key, offset: 0, done: false }));
  const pending: { id: string; at: number }[] = [];
  let scanned = 0;
  while (found.length < input.limit && scanned < maxScanned) {
    for (const cursor of cursors) {
      if (cursor.done) continue;
      const page = await redis.zrevrange(
        cursor.key,
        cursor.offset,
        cursor.offset + pageSize - 1,
        "WITHSCORES",
      );
      cursor.offset += pageSize;
      if (page.length < pageSize * 2) cursor.done = true;
      for (let i = 0; i + 1 < page.length; i += 2) {
        pending.push({ id: page[i] ?? "", at: Number(page[i + 1]) });
      }
    }
    if (pending.length === 0) break;
    pending.sort((a, b) => b.at - a.at);
    const batch = pending.splice(0, pending.length);
    scanned += batch.length;
    for (const message of await getMessages(
      redis,
      batch.map((entry) => entry.id),
    )) {
      if (input.state && message.state !== input.state) continue;
      found.push(message);
    }
    if (cursors.every((cursor) => cursor.done)) break;
  }
  found.sort((a, b) => b.queuedAt - a.queuedAt);
  return found.slice(0, input.limit);
}

/**
 * The audit stream of a message: its booking's slot's; a message about no
 * slot (a complaint made at a desk) goes to its center's, else the network's.
 */
const messageAudit = (message: { slotId: string; centerId: string | null }) =>
  auditKeys(
    message.slotId
      ? `slot:${message.slotId}`
      : message.centerId
        ? `center:${message.centerId}`
        : "network",
  );

type MessageRef = Pick<MessageRecord, "id" | "slotId" | "centerId">;

export interface NewMessage {
  id: string;
  bookingId: string;
  slotId: string;
  centerId: string | null;
  kind: MessageKind;
  key: string;
  channel: DeliveryChannel;
  to: string;
  language: UiLanguage;
  subject: string;
  text: string;
  /** The text to deliver, when it differs (it holds a secret). */
  secretSubject: string | null;
  secretText: string | null;
}

/** Queues a message once; a second call with the same id changes nothing. */
export async function insertMessage(
  redis: Redis,
  message: NewMessage,
): Promise<LuaReply<{ created: boolean; state: MessageState }>> {
  const audit = messageAudit(message);
  return parseLuaReply(
    await script("message-queue").run(
      redis,
      [
        messageKeys.message(message.id),
        messageKeys.bookingMessages(message.bookingId),
        messageKeys.outbox,
        messageKeys.centerOutbox(message.centerId ?? "none"),
        audit.stream,
        audit.head,
      ],
      [
        message.id,
        JSON.stringify({
          ...message,
          centerId: message.centerId ?? "",
          secretSubject: message.secretSubject ?? "",
          secretText: message.secretText ?? "",
        }),
      ],
    ),
  );
}

/** Records a message delivered (once). */
export async function recordSent(
  redis: Redis,
  message: MessageRef,
): Promise<LuaReply<{ recorded: boolean }, "message_not_found">> {
  const audit = messageAudit(message);
  return parseLuaReply(
    await script("message-sent").run(
      redis,
      [messageKeys.message(message.id), audit.stream, audit.head],
      [message.id],
    ),
  );
}

/** Records a failed attempt; the round's last makes the message `failed`. */
export async function recordFailedAttempt(
  redis: Redis,
  message: MessageRef,
  error: string,
  attemptsPerRound: number,
): Promise<
  LuaReply<{ state: MessageState; attempts?: number }, "message_not_found">
> {
  const audit = messageAudit(message);
  return parseLuaReply(
    await script("message-attempt-failed").run(
      redis,
      [messageKeys.message(message.id), audit.stream, audit.head],
      [message.id, error.slice(0, 500), attemptsPerRound],
    ),
  );
}

/** Queues a failed message again (a staff member's retry), audited. */
export async function retryMessageRecord(
  redis: Redis,
  message: MessageRef,
  actor: string,
): Promise<
  LuaReply<
    { retried: boolean; state: MessageState },
    "message_not_found" | "message_anonymized"
  >
> {
  const audit = messageAudit(message);
  return parseLuaReply(
    await script("message-retry").run(
      redis,
      [messageKeys.message(message.id), audit.stream, audit.head],
      [message.id, actor],
    ),
  );
}

/**
 * Ids of the messages queued in the outbox between `from` and `to` (epoch
 * ms), oldest first: the window the reconciler looks at for messages
 * whose job was lost.
 */
export async function listOutboxIdsBetween(
  redis: Redis,
  from: number,
  to: number,
): Promise<string[]> {
  return redis.zrangebyscore(messageKeys.outbox, from, to);
}
