import { NOTIFY_CHANNELS, type NotifyChannel } from "@shared/notifications";

/**
 * The channels a candidate may choose: SMS with a phone, e-mail with an
 * address, or none; unchosen, what the server would pick (e-mail, then
 * SMS, then none).
 */
export function notifyChoice(
  contact: { phone: string; email: string },
  chosen: NotifyChannel | null,
): { offered: NotifyChannel[]; notifyBy: NotifyChannel } {
  const has = {
    sms: contact.phone.trim() !== "",
    email: contact.email.trim() !== "",
    none: true,
  };
  const offered = NOTIFY_CHANNELS.filter((channel) => has[channel]);
  const notifyBy =
    chosen && has[chosen]
      ? chosen
      : has.email
        ? "email"
        : has.sms
          ? "sms"
          : "none";
  return { offered, notifyBy };
}
