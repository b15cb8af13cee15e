import { z } from "zod";
import { UI_LANGUAGES } from "./enums";

/**
 * Messages to candidates: what Synaq tells a person about their case, by
 * SMS (the center's HTTP gateway) or e-mail (SMTP), in the language they
 * chose. Each kind has one template in server/src/modules/notifications/
 * templates/, in kk, ru and en.
 */
export const MESSAGE_KINDS = [
  "booking.made",
  "booking.reminder",
  "booking.cancelled",
  "booking.moved",
  "booking.code_renewed",
  "booking.no_show",
  "result.ready",
  "appeal.filed",
  "appeal.decided",
  "complaint.filed",
  "complaint.decided",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** How the candidate wants to hear from the center ("none": not at all). */
export const NOTIFY_CHANNELS = ["sms", "email", "none"] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/**
 * Where a message went: SMS or e-mail, or — with neither configured — the
 * console's outbox view and the log (the demo).
 */
export const DELIVERY_CHANNELS = ["sms", "email", "outbox"] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const MESSAGE_STATES = ["queued", "sent", "failed"] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export const MessageLanguage = z.enum(UI_LANGUAGES);

/** One message as the booking's timeline and the console's outbox show it. */
export const MessageView = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    channel: z.enum(DELIVERY_CHANNELS),
    language: MessageLanguage,
    /** The address, masked for anyone but staff (+7 *** *** 45 67, a***@mail.kz). */
    to: z.string(),
    state: z.enum(MESSAGE_STATES),
    attempts: z.number().int(),
    queuedAt: z.string(),
    sentAt: z.string().optional(),
    failedAt: z.string().optional(),
    /** The last delivery error (staff only). */
    error: z.string().optional(),
    /** What was said, secrets such as a booking code masked (staff only). */
    subject: z.string().optional(),
    text: z.string().optional(),
  })
  .meta({ id: "MessageView" });
export type MessageView = z.infer<typeof MessageView>;

/** `GET /notifications?…`: the console's outbox, newest first. */
export const MessageSearch = z.object({
  state: z.enum(MESSAGE_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MessageSearch = z.infer<typeof MessageSearch>;

export const MessageList = z
  .object({ messages: z.array(MessageView) })
  .meta({ id: "MessageList" });
export type MessageList = z.infer<typeof MessageList>;

/**
 * An address as the candidate's own status page shows it: enough to
 * recognise, not enough to learn (+7 *** *** 45 67, a***@mail.kz).
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  const digits = address.replace(/\D/g, "");
  if (digits.length < 4) return "***";
  const last = digits.slice(-4);
  return `${address.trim().startsWith("+") ? "+" : ""}${digits.slice(0, 1)} *** *** ${last.slice(0, 2)} ${last.slice(2)}`;
}
