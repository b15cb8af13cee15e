import { useEffect, useState } from "react";
import type { IncidentView, SeatProgress, SeatView } from "@shared/attempts";
import type { AckError } from "@shared/realtime";
import { useConsoleConnection } from "../../../lib/socket";

export interface SeatWatch {
  seats: SeatView[] | null;
  error: AckError["error"] | null;
  /** Incidents pushed since the page opened, newest first. */
  incidents: IncidentView[];
}

/**
 * A slot's live seat map: `slot.watch` answers the whole map, then
 * `seat.updated` replaces one tile at a time and `seat.progress` patches the
 * answered count and last save of tiles (a newer save wins, whichever of the
 * two arrives first). After a reconnect the socket
 * has left the slot's room, so it watches again and takes the fresh map.
 */
export function useSeatWatch(slotId: string): SeatWatch {
  const { socket } = useConsoleConnection();
  const [watch, setWatch] = useState<SeatWatch & { slotId: string }>({
    slotId,
    seats: null,
    error: null,
    incidents: [],
  });

  useEffect(() => {
    if (!socket) return;
    let active = true;
    const subscribe = () => {
      socket.emit("slot.watch", { slotId }, (reply) => {
        if (!active) return;
        setWatch((current) => ({
          slotId,
          seats: reply.ok ? reply.seats : current.seats,
          error: reply.ok ? null : reply.error,
          incidents: current.slotId === slotId ? current.incidents : [],
        }));
      });
    };
    const onSeat = (seat: SeatView) => {
      if (seat.slotId !== slotId) return;
      setWatch((current) =>
        current.slotId !== slotId || !current.seats
          ? current
          : {
              ...current,
              seats: current.seats.map((candidate) =>
                candidate.seatId === seat.seatId ? seat : candidate,
              ),
            },
      );
    };
    const onProgress = (progress: SeatProgress) => {
      if (progress.slotId !== slotId) return;
      const bySeat = new Map(progress.seats.map((seat) => [seat.seatId, seat]));
      setWatch((current) =>
        current.slotId !== slotId || !current.seats
          ? current
          : {
              ...current,
              seats: current.seats.map((tile) => {
                const update = bySeat.get(tile.seatId);
                const attempt = tile.attempt;
                if (!update || !attempt || attempt.id !== update.attemptId)
                  return tile;
                if ((attempt.lastSaveAt ?? 0) > update.lastSaveAt) return tile;
                return {
                  ...tile,
                  attempt: {
                    ...attempt,
                    answered: update.answered,
                    lastSaveAt: update.lastSaveAt,
                  },
                };
              }),
            },
      );
    };
    const onIncident = (incident: IncidentView) => {
      if (incident.slotId !== slotId) return;
      setWatch((current) => ({
        ...current,
        incidents: [incident, ...current.incidents].slice(0, 50),
      }));
    };
    socket.on("connect", subscribe);
    socket.on("seat.updated", onSeat);
    socket.on("seat.progress", onProgress);
    socket.on("incident.created", onIncident);
    if (socket.connected) subscribe();
    return () => {
      active = false;
      socket.off("connect", subscribe);
      socket.off("seat.updated", onSeat);
      socket.off("seat.progress", onProgress);
      socket.off("incident.created", onIncident);
      if (socket.connected) socket.emit("slot.unwatch", { slotId });
    };
  }, [socket, slotId]);

  return watch.slotId === slotId
    ? watch
    : { seats: null, error: null, incidents: [] };
}
