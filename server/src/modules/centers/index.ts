/**
 * Public interface of the centers module.
 *
 * Centers, rooms and seats, and which center a room or seat belongs to (staff
 * scope). Uses audit.
 */
export type { RedisSource } from "./owners";
export { centerField, centerOfRoom, centerOfSeat } from "./owners";
export {
  buildFreeSeats,
  centerKeys,
  countSeats,
  getCenter,
  getCenters,
  getRoom,
  getRooms,
  getSeat,
  hashes,
  listCenters,
  listRooms,
  listSeats,
  serverNow,
  updateCenterRegion,
} from "./repository";
export type { CenterRecord, RoomRecord } from "./repository";
export {
  addRoom,
  addSeats,
  inRegion,
  presentCenter,
  registerCenter,
  requireCenter,
} from "./service";
