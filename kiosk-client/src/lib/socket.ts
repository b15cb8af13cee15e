import { io, type Socket } from "socket.io-client";
import type { KioskClientEvents, KioskServerEvents } from "@shared/realtime";
import { sebProof } from "./seb";

export type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;

/**
 * The kiosk's realtime connection (namespace /kiosk), authenticated by the
 * device token. Websocket only: the server runs without sticky sessions.
 * Created unconnected: the caller connects it while it is mounted.
 */
export function kioskSocket(token: string): KioskSocket {
  return io("/kiosk", {
    autoConnect: false,
    transports: ["websocket"],
    // Read at every (re)connect: SEB may fill its keys in after the start.
    auth: (send) => {
      const seb = sebProof();
      send(seb ? { token, seb } : { token });
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}

/** The server refused the token (unknown or revoked), not a network fault. */
export function isUnauthorized(error: Error): boolean {
  return error.message.startsWith("unauthorized");
}
