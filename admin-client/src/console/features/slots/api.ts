import { queryOptions } from "@tanstack/react-query";
import type {
  CenterSlotSearch,
  PublicSlot,
  Roster,
  RosterImport,
  RosterImportAccepted,
  Slot,
} from "@shared/booking";
import { api } from "../../../lib/api";

const id = encodeURIComponent;

/**
 * The keys of a slot and of what hangs off it (roster, seat map,
 * incidents, results…): `["slots", slotId, part]`, so one slot's data is
 * refreshed or dropped together.
 */
export const slotKeys = {
  detail: (slotId: string) => ["slots", slotId] as const,
  part: (
    slotId: string,
    part: "roster" | "seats" | "incidents" | "results" | "outage-expired",
  ) => [...slotKeys.detail(slotId), part] as const,
  /** A center's slots in any period. */
  ofCenter: (centerId: string) => ["center-slots", centerId] as const,
};

export const slotQueries = {
  /** The slot's program, day, time and room. */
  detail: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.detail(slotId),
      queryFn: ({ signal }) =>
        api.get<PublicSlot>(`/slots/${id(slotId)}`, { signal }),
    }),
  /** Every slot of a center starting in [from, to), any status. */
  ofCenter: (centerId: string, range: CenterSlotSearch) =>
    queryOptions({
      queryKey: [...slotKeys.ofCenter(centerId), range],
      queryFn: ({ signal }) =>
        api.get<Slot[]>(`/centers/${id(centerId)}/slots`, {
          query: range,
          signal,
        }),
    }),
  roster: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.part(slotId, "roster"),
      queryFn: ({ signal }) =>
        api.get<Roster>(`/slots/${id(slotId)}/roster`, { signal }),
    }),
  rosterImport: (importId: string) =>
    queryOptions({
      queryKey: ["roster-imports", importId],
      queryFn: ({ signal }) =>
        api.get<RosterImport>(`/roster-imports/${id(importId)}`, { signal }),
    }),
};

export const startRosterImport = (slotId: string, csv: string) =>
  api.post<RosterImportAccepted>(`/slots/${id(slotId)}/roster-imports`, {
    csv,
  });
