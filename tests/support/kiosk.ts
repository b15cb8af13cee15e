import type { Redis } from "ioredis";
import { io, type Socket } from "socket.io-client";
import type { Form } from "../../server/shared/banks";
import {
  KIOSK_ID_SECRET_KEY,
  kioskIdMap,
} from "../../server/src/modules/attempts/kiosk-ids";
import type {
  KioskClientEvents,
  KioskServerEvents,
  ConsoleClientEvents,
  ConsoleServerEvents,
} from "../../server/shared/realtime";
import type { ApiClient } from "./http";

export type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;
export type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

/** Enrolls a kiosk on a seat the way an operator and a kiosk do. */
export async function enrollKiosk(
  baseUrl: string,
  operator: ApiClient,
  seatId: string,
) {
  const code = await operator.post("/kiosks/enrollment-codes", { seatId });
  if (code.status !== 201) throw new Error(JSON.stringify(code.body));
  const response = await fetch(`${baseUrl}/api/v1/kiosks/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: code.body.code }),
  });
  const body = (await response.json()) as {
    token: string;
    kiosk: { id: string; seatId: string };
  };
  if (response.status !== 201) throw new Error(JSON.stringify(body));
  return body;
}

/** A connected kiosk socket (websocket only, like the real kiosk). */
export function connectKiosk(
  baseUrl: string,
  token: string,
): Promise<KioskSocket> {
  const socket: KioskSocket = io(`${baseUrl}/kiosk`, {
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A console socket signed in with the staff client's session cookie. */
export function connectConsole(
  baseUrl: string,
  staff: ApiClient,
): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = io(`${baseUrl}/console`, {
    transports: ["websocket"],
    extraHeaders: { cookie: staff.cookieHeader() },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits an event and resolves with its ack. */
export function request<T = any>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ack for ${event}`)),
      10_000,
    );
    socket.emit(event, ...args, (reply: T) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

/** Waits for the next event matching a predicate. */
export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  matches: (payload: T) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** The bank behind an attempt's kiosk ids (see `bankIdsOf`). */
export interface BankIds {
  /** The bank item a kiosk item id stands for. */
  item(kioskItemId: string): string;
  /** The kiosk's ids of bank options (e.g. the key) of a kiosk item. */
  options(kioskItemId: string, bankOptionIds: readonly string[]): string[];
  /** The bank option a kiosk option id of a kiosk item stands for. */
  bankOption(kioskItemId: string, kioskOptionId: string): string;
  /** The kiosk's id of a bank item. */
  kioskItem(bankItemId: string): string;
}

/**
 * What a test knows and a kiosk does not: which bank item and option each
 * of an attempt's kiosk ids stands for, from Redis (the installation's
 * secret and the form). Tests answer with the kiosk's ids, as a kiosk
 * does, and use this only to choose the key or compare with Redis.
 */
export async function bankIdsOf(
  redis: Redis,
  attemptId: string,
): Promise<BankIds> {
  const [secret, form] = await Promise.all([
    redis.get(KIOSK_ID_SECRET_KEY),
    redis.get(`attempt:${attemptId}:form`),
  ]);
  if (!secret || !form)
    throw new Error(`no kiosk id secret or no form for ${attemptId}`);
  const map = kioskIdMap(
    Buffer.from(secret, "base64"),
    attemptId,
    JSON.parse(form) as Form,
  );
  const item = (kioskItemId: string) => {
    const bankItemId = map.realItem(kioskItemId);
    if (!bankItemId)
      throw new Error(`${kioskItemId} is not a kiosk item id of ${attemptId}`);
    return bankItemId;
  };
  return {
    item,
    options: (kioskItemId, bankOptionIds) =>
      bankOptionIds.map((optionId) => map.option(item(kioskItemId), optionId)),
    bankOption: (kioskItemId, kioskOptionId) => {
      const optionId = map.realOption(item(kioskItemId), kioskOptionId);
      if (!optionId)
        throw new Error(`${kioskOptionId} is not an option of ${kioskItemId}`);
      return optionId;
    },
    kioskItem: (bankItemId) => map.item(bankItemId),
  };
}
