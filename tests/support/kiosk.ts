import { io, type Socket } from "socket.io-client";
import type { KioskClientEvents, KioskServerEvents, ConsoleClientEvents, ConsoleServerEvents } from "../../server/shared/realtime";
import type { ApiClient } from "./http";

export type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;
export type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

/** Enrolls a kiosk on a seat the way an operator and a kiosk do. */
export async function enrollKiosk(baseUrl: string, operator: ApiClient, seatId: string) {
  const code = await operator.post("/kiosks/enrollment-codes", { seatId });
  if (code.status !== 201) throw new Error(JSON.stringify(code.body));
  const response = await fetch(`${baseUrl}/api/v1/kiosks/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: code.body.code }),
  });
  const body = (await response.json()) as { token: string; kiosk: { id: string; seatId: string } };
  if (response.status !== 201) throw new Error(JSON.stringify(body));
  return body;
}

/** A connected kiosk socket (websocket only, like the real kiosk). */
export function connectKiosk(baseUrl: string, token: string): Promise<KioskSocket> {
  const socket: KioskSocket = io(`${baseUrl}/kiosk`, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A console socket signed in with the staff client's session cookie. */
export function connectConsole(baseUrl: string, staff: ApiClient): Promise<ConsoleSocket> {
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
export function request<T = any>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 10_000);
    socket.emit(event, ...args, (reply: T) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

/** Waits for the next event matching a predicate. */
export function nextEvent<T = any>(socket: Socket, event: string, matches: (payload: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
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
