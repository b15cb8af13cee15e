import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { IncidentView, SeatView } from "@shared/attempts";
import { useConsoleConnection } from "../../lib/socket";
import { attemptQueries } from "../features/delivery/api";
import { slotKeys } from "../features/slots/api";

/**
 * Keeps cached server state current from the console socket: a seat or an
 * incident pushed for a watched slot makes what it changed stale, and the
 * screens showing it fetch it again. (The seat map itself patches its
 * tiles from the same messages, see use-seat-watch.ts.)
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  const { socket } = useConsoleConnection();

  useEffect(() => {
    if (!socket) return;
    const refresh = (queryKey: readonly unknown[]) =>
      void queryClient.invalidateQueries({ queryKey });
    const onSeat = (seat: SeatView) => {
      // A state change moves the attempt through roster, results and the
      // outage list; its own detail gets a new timeline entry.
      if (seat.attempt)
        refresh(attemptQueries.detail(seat.attempt.id).queryKey);
      refresh(slotKeys.part(seat.slotId, "roster"));
      refresh(slotKeys.part(seat.slotId, "results"));
      refresh(slotKeys.part(seat.slotId, "outage-expired"));
    };
    const onIncident = (incident: IncidentView) => {
      refresh(slotKeys.part(incident.slotId, "incidents"));
      if (incident.attemptId) {
        refresh(attemptQueries.detail(incident.attemptId).queryKey);
      }
    };
    socket.on("seat.updated", onSeat);
    socket.on("incident.created", onIncident);
    return () => {
      socket.off("seat.updated", onSeat);
      socket.off("incident.created", onIncident);
    };
  }, [socket, queryClient]);
}
