/**
 * The typed realtime contract: the server's `Server<…>` and both clients'
 * `Socket<…>` use these maps, so events cannot drift apart. Events are
 * named `resource.verb`. Every request carries an ack callback answering
 * `Ack<T>`: either `{ ok: true, … }` or `{ ok: false, error }`.
 */

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
}

/** Server → kiosk. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KioskServerEvents {}

/** Console → server. */
export interface ConsoleClientEvents {
  "time.sync": (ack: AckCallback<{ serverNow: number }>) => void;
}

/** Server → console. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConsoleServerEvents {}

export interface KioskSocketData {
  kioskId: string;
  seatId: string;
  centerId: string;
}

export interface ConsoleSocketData {
  accountId: string;
  role: string;
  fullName: string;
}
