/**
 * Public interface of the kiosks module.
 *
 * Kiosk enrollment, tokens, presence and Safe Exam Browser checks. Uses
 * centers, audit, live.
 */
export { findKiosk, kioskOfSeat } from "./repository";
export {
  noteKioskConnected,
  noteKioskDisconnected,
  noteKioskHeartbeat,
} from "./service";
