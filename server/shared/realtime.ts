/**
 * The typed realtime contract: the server's namespaces and both clients'
 * `Socket<…>` use these maps, so events cannot drift apart. Events are
 * named `resource.verb`. Every request carries an ack callback answering
 * `Ack<T>`: either `{ ok: true, … }` or `{ ok: false, error }`.
 *
 * A map types what a well-behaved client sends; a socket can send anything.
 * The server parses every payload (zod) before it trusts it.
 */
import { z } from "zod";
import type { StaffScope } from "./accounts";
import type {
  AnswerSave,
  AttemptCommandPayload,
  AttemptTiming,
  AttemptUpdate,
  IncidentReport,
  IncidentView,
  KioskAttemptView,
  SeatProgress,
  SeatView,
} from "./attempts";

export interface AckError {
  ok: false;
  error: { id: string; message: string };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
export type AckCallback<T extends object = object> = (reply: Ack<T>) => void;

/** Kiosk → server. */
export interface KioskClientEvents {
  /** Server time sample for the countdown offset. */
  "time.sync": (ack: AckCallback<{ serverNow: number }>) => void;
  /** Everything after a (re)connect: state, deadline, items, saved answers. */
  "attempt.resync": (
    ack: AckCallback<{ attempt: KioskAttemptView | null }>,
  ) => void;
  /** The candidate confirmed name, program and language. */
  "attempt.confirm": (
    payload: AttemptCommandPayload,
    ack: AckCallback<{ attempt: AttemptTiming }>,
  ) => void;
  /** The candidate starts after reading (when the center allows it). */
  "attempt.start": (
    payload: AttemptCommandPayload,
    ack: AckCallback<{ attempt: AttemptTiming }>,
  ) => void;
  "answer.save": (
    payload: AnswerSave,
    ack: AckCallback<{ seq: number; savedAt: number; answered: number }>,
  ) => void;
  /** The candidate confirmed the submission. */
  "attempt.submit": (
    payload: AttemptCommandPayload,
    ack: AckCallback<{ attempt: AttemptTiming }>,
  ) => void;
  "incident.report": (payload: IncidentReport, ack: AckCallback) => void;
  "kiosk.heartbeat": (ack: AckCallback<{ serverNow: number }>) => void;
}

/** Why a kiosk's token stopped working: revoked, or replaced by a new enrollment for its seat. */
export interface KioskRevokedNotice {
  kioskId: string;
  reason: "revoked" | "replaced";
}

/** Server → kiosk. */
export interface KioskServerEvents {
  /** The attempt on this seat changed (state, deadline, pause, seat). */
  "attempt.updated": (update: AttemptUpdate) => void;
  "kiosk.revoked": (notice: KioskRevokedNotice) => void;
}

/** `slot.watch` and `slot.unwatch`: a slot id (cut to 100 characters). */
export const SlotWatchSchema = z.object({
  slotId: z.string().transform((slotId) => slotId.slice(0, 100)),
});
export type SlotWatch = z.input<typeof SlotWatchSchema>;

/** Console → server. */
export interface ConsoleClientEvents {
  "time.sync": (ack: AckCallback<{ serverNow: number }>) => void;
  /** Subscribe to a slot's seat map; the ack carries the current one. */
  "slot.watch": (
    payload: SlotWatch,
    ack: AckCallback<{ seats: SeatView[] }>,
  ) => void;
  "slot.unwatch": (payload: SlotWatch) => void;
}

/** Server → console. */
export interface ConsoleServerEvents {
  "seat.updated": (seat: SeatView) => void;
  /**
   * Answers saved in the slot since the last such event (at most two a
   * second from each server process): each patches its seat's tile.
   */
  "seat.progress": (progress: SeatProgress) => void;
  "incident.created": (incident: IncidentView) => void;
  /**
   * Whether the server can store data: sent on connect and on every change.
   * `full`: Redis refuses writes (maxmemory); `unreachable`: it is down.
   */
  "storage.alarm": (alarm: StorageAlarm) => void;
}

export interface StorageAlarm {
  state: "ok" | "full" | "unreachable";
  /** When this state began (epoch ms, the server's clock). */
  since: number;
}

export interface KioskSocketData {
  kioskId: string;
  seatId: string;
  centerId: string;
}

export interface ConsoleSocketData {
  accountId: string;
  role: string;
  fullName: string;
  /** The centers the account serves, or the network. */
  scope: StaffScope;
}

// ---------------------------------------------------------------------------
// Types read off the maps

type Listener = (...args: never[]) => void;

/** The arguments of a request before its ack: `[]` or `[payload]`. */
export type RequestPayload<L> = L extends (...args: infer Args) => void
  ? Args extends [...infer Payload, AckCallback<never>]
    ? Payload
    : never
  : never;

/** The reply a request's ack carries: `Ack<T>`. */
export type RequestReply<L> = L extends (...args: infer Args) => void
  ? Args extends [...unknown[], (reply: infer Reply) => void]
    ? Reply
    : never
  : never;

/** What a request answers on success, besides `ok: true`. */
export type RequestResult<L> = Omit<
  Extract<RequestReply<L>, { ok: true }>,
  "ok"
>;

/** The events of a map that take an ack. */
export type RequestName<Events> = {
  [Ev in keyof Events]: Events[Ev] extends Listener
    ? RequestPayload<Events[Ev]> extends never
      ? never
      : Ev
    : never;
}[keyof Events] &
  string;

/** The payload of an event that carries one and takes no ack. */
type Payload<L> = L extends (payload: infer P) => void ? P : never;

/**
 * A server → client event for sockets on any realtime process: the web and
 * worker processes publish it (one Redis channel), each realtime process
 * emits it to its own sockets in the room the target names.
 */
export type LiveMessage =
  | {
      [Ev in Exclude<keyof ConsoleServerEvents, "storage.alarm">]: {
        target: "console";
        slotId: string;
        event: Ev;
        payload: Payload<ConsoleServerEvents[Ev]>;
      };
    }[Exclude<keyof ConsoleServerEvents, "storage.alarm">]
  | {
      target: "kiosk";
      seatId: string;
      event: "attempt.updated";
      payload: Payload<KioskServerEvents["attempt.updated"]>;
    }
  | {
      target: "kiosk";
      kioskId: string;
      event: "kiosk.revoked";
      payload: Payload<KioskServerEvents["kiosk.revoked"]>;
    }
  /** Staff sessions that ended (logout, password change, deactivation): their console sockets close. */
  | { target: "sessions"; event: "sessions.ended"; sessionHashes: string[] };
