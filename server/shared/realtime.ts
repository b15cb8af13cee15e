/**
 * The typed realtime contract: the server's `Server<…>` and both clients'
 * `Socket<…>` use these maps, so events cannot drift apart. Events are
 * named `resource.verb`. Every request carries an ack callback answering
 * `Ack<T>`: either `{ ok: true, … }` or `{ ok: false, error }`.
 */
import type { StaffScope } from "./accounts";
import type {
  AnswerSave,
  AttemptCommandPayload,
  AttemptTiming,
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

/** Server → kiosk. */
export interface KioskServerEvents {
  /** The attempt on this seat changed (state, deadline, pause, seat). */
  "attempt.updated": (
    timing: AttemptTiming & { reason?: string; detached?: boolean },
  ) => void;
  "kiosk.revoked": (payload: { kioskId: string; reason: string }) => void;
}

/** Console → server. */
export interface ConsoleClientEvents {
  "time.sync": (ack: AckCallback<{ serverNow: number }>) => void;
  /** Subscribe to a slot's seat map; the ack carries the current one. */
  "slot.watch": (
    payload: { slotId: string },
    ack: AckCallback<{ seats: SeatView[] }>,
  ) => void;
  "slot.unwatch": (payload: { slotId: string }) => void;
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
