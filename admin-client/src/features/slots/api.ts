import type { Center, Room, Roster, RosterImport, Slot } from "@shared/booking";
import { api } from "../../lib/api";

export { listCenters, listPrograms } from "../booking/api";

export function getCenter(centerId: string, signal?: AbortSignal) {
  return api.get<Center>(`/centers/${encodeURIComponent(centerId)}`, {
    signal,
  });
}

export function listRooms(centerId: string, signal?: AbortSignal) {
  return api.get<Room[]>(`/centers/${encodeURIComponent(centerId)}/rooms`, {
    signal,
  });
}

/** Every slot of a center starting in [from, to), any status. */
export function listCenterSlots(
  centerId: string,
  range: { from: string; to: string },
  signal?: AbortSignal,
) {
  return api.get<Slot[]>(`/centers/${encodeURIComponent(centerId)}/slots`, {
    query: range,
    signal,
  });
}

export function getRoster(slotId: string, signal?: AbortSignal) {
  return api.get<Roster>(`/slots/${encodeURIComponent(slotId)}/roster`, {
    signal,
  });
}

export function startRosterImport(slotId: string, csv: string) {
  return api.post<{ importId: string }>(
    `/slots/${encodeURIComponent(slotId)}/roster-imports`,
    { csv },
  );
}

export function getRosterImport(importId: string, signal?: AbortSignal) {
  return api.get<RosterImport>(
    `/roster-imports/${encodeURIComponent(importId)}`,
    { signal },
  );
}
