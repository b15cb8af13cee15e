import type { NotifyChannel } from "@shared/notifications";
import type { UiLanguage } from "@shared/enums";

/** Who a message goes to: the booking's contact details and choice. */
export interface Recipient {
  bookingId: string;
  /**
   * The booking's slot: the message's states go on that slot's audit
   * stream ("" for none: then the center's stream, or the network's).
   */
  slotId: string;
  phone: string | null;
  email: string | null;
  channel: NotifyChannel;
  language: UiLanguage;
  /**
   * The center the message belongs to (whose staff see it in the outbox);
   * by default the slot's. Give it when there is no slot.
   */
  centerId?: string;
}

/**
 * A template parameter: a plain string (numbers, dates already formatted in
 * the slot's zone, URLs) or a text in each language (center and program
 * names), of which the message's language is used.
 */
export type MessageParam = string | { kk: string; ru: string; en: string };
export type MessageParams = Record<string, MessageParam>;
