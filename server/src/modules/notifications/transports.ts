import nodemailer, { type Transporter } from "nodemailer";
import type { DeliveryChannel } from "@shared/notifications";
import type { AppContext } from "../../context";
import type { Env } from "../../env";
import type { MessageRecord } from "./repository";

/** Delivers one message or throws why not (the job then retries). */
export type Transport = (message: MessageRecord) => Promise<void>;

export interface Transports {
  /** Whether a channel can deliver; without, messages go to the outbox. */
  configured: { email: boolean; sms: boolean };
  send(message: MessageRecord): Promise<void>;
}

/**
 * A phone number as gateways take it: +, country code, digits. A Kazakh
 * number written the domestic way (8 701 …) becomes +7 701 ….
 */
export function gatewayPhone(phone: string): string {
  let digits = phone.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("8")) {
    digits = `7${digits.slice(1)}`;
  }
  if (digits.length === 10 && digits.startsWith("7")) digits = `7${digits}`;
  return `+${digits}`;
}

/** E-mail over SMTP (nodemailer), with every wait bounded. */
function emailTransport(env: Env, url: string): Transport {
  const transporter: Transporter = nodemailer.createTransport({
    url,
    connectionTimeout: env.NOTIFY_TIMEOUT_MS,
    greetingTimeout: env.NOTIFY_TIMEOUT_MS,
    socketTimeout: env.NOTIFY_TIMEOUT_MS,
  });
  return async (message) => {
    await transporter.sendMail({
      from: env.MAIL_FROM,
      to: message.to,
      subject: message.deliverSubject,
      text: message.deliverText,
      // The same Message-ID on every attempt: a receiving server or the
      // candidate's client can tell a repeat delivery from a new message.
      messageId: `<${message.id}@synaq>`,
      headers: { "X-Synaq-Message": message.id },
    });
  };
}

/**
 * SMS through the center's gateway: a JSON POST {id, phone, text} with the
 * bearer token; any 2xx is delivered. The id is the message's and stays
 * the same on every attempt, so the gateway can drop a duplicate.
 */
function smsTransport(env: Env, url: string): Transport {
  return async (message) => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(env.SMS_WEBHOOK_TOKEN
          ? { authorization: `Bearer ${env.SMS_WEBHOOK_TOKEN}` }
          : {}),
      },
      body: JSON.stringify({
        id: message.id,
        phone: gatewayPhone(message.to),
        text: message.deliverText,
      }),
      signal: AbortSignal.timeout(env.NOTIFY_TIMEOUT_MS),
    });
    // The body is not read: a gateway's error page may echo the request.
    await response.body?.cancel();
    if (!response.ok) {
      throw new Error(`the SMS gateway answered ${response.status}`);
    }
  };
}

const cache = new WeakMap<AppContext, Transports>();

/** The transports the environment configures, made once per context. */
export function transportsOf(ctx: AppContext): Transports {
  let transports = cache.get(ctx);
  if (transports) return transports;
  const { env } = ctx;
  const email = env.SMTP_URL ? emailTransport(env, env.SMTP_URL) : null;
  const sms = env.SMS_WEBHOOK_URL
    ? smsTransport(env, env.SMS_WEBHOOK_URL)
    : null;
  const byChannel: Record<DeliveryChannel, Transport | null> = {
    email,
    sms,
    // The demo, or a center without a provider yet: the console's outbox
    // and the log are the delivery (secrets stay masked in both).
    outbox: (message) => {
      ctx.logger.info(
        {
          messageId: message.id,
          bookingId: message.bookingId,
          kind: message.kind,
          language: message.language,
          subject: message.subject,
          text: message.text,
        },
        "message to a candidate (outbox: no SMTP_URL / SMS_WEBHOOK_URL)",
      );
      return Promise.resolve();
    },
  };
  transports = {
    configured: { email: email !== null, sms: sms !== null },
    async send(message) {
      const transport = byChannel[message.channel];
      if (!transport) {
        throw new Error(
          `channel ${message.channel} is no longer configured on this process`,
        );
      }
      await transport(message);
    },
  };
  cache.set(ctx, transports);
  return transports;
}
