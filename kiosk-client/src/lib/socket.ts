import { io, type Socket } from "socket.io-client";
import type {
  KioskClientEvents,
  KioskServerEvents,
  RequestName,
  RequestPayload,
  RequestReply,
} from "@shared/realtime";
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

type Request = RequestName<KioskClientEvents>;
export type Reply<Event extends Request> = RequestReply<
  KioskClientEvents[Event]
>;
type TimedSocket = ReturnType<KioskSocket["timeout"]>;
/** An ack under socket.io's timeout: an error first (none when answered). */
type TimedAck<Event extends Request> = (
  error: Error | null,
  reply: Reply<Event>,
) => void;
type Sender<Event extends Request> = (
  socket: TimedSocket,
  ...args: [...RequestPayload<KioskClientEvents[Event]>, TimedAck<Event>]
) => void;

/**
 * Each request as socket.io's typed `emit` takes it. socket.io's own
 * `timeout(ms).emitWithAck()` types its reply as `any`
 * (socketio/socket.io#4925); emitting from this table keeps both the
 * payload and the reply typed by the event map.
 */
const senders: { [Event in Request]: Sender<Event> } = {
  "time.sync": (socket, ack) => socket.emit("time.sync", ack),
  "attempt.resync": (socket, ack) => socket.emit("attempt.resync", ack),
  "attempt.confirm": (socket, payload, ack) =>
    socket.emit("attempt.confirm", payload, ack),
  "attempt.start": (socket, payload, ack) =>
    socket.emit("attempt.start", payload, ack),
  "answer.save": (socket, payload, ack) =>
    socket.emit("answer.save", payload, ack),
  "attempt.submit": (socket, payload, ack) =>
    socket.emit("attempt.submit", payload, ack),
  "incident.report": (socket, payload, ack) =>
    socket.emit("incident.report", payload, ack),
  "kiosk.heartbeat": (socket, ack) => socket.emit("kiosk.heartbeat", ack),
};

/**
 * Sends a request and resolves with the server's reply (`Ack<…>`), or
 * rejects when none came within `timeoutMs` (the request is then dropped,
 * even from the send buffer of a socket that is offline).
 */
export function ask<Event extends Request>(
  socket: KioskSocket,
  timeoutMs: number,
  event: Event,
  ...payload: RequestPayload<KioskClientEvents[Event]>
): Promise<Reply<Event>> {
  return new Promise((resolve, reject) => {
    const ack: TimedAck<Event> = (error, reply) => {
      if (error) reject(error);
      else resolve(reply);
    };
    senders[event](socket.timeout(timeoutMs), ...payload, ack);
  });
}
