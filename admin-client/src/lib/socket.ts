import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type {
  ConsoleClientEvents,
  ConsoleServerEvents,
} from "@shared/realtime";

export type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

/**
 * The console's realtime connection (namespace /console). The session
 * cookie authenticates it; websocket only, as the server allows no polling.
 */
export function connectConsole(): ConsoleSocket {
  return io("/console", {
    transports: ["websocket"],
    withCredentials: true,
    reconnectionDelayMax: 10_000,
  });
}

export type ConnectionState = "connecting" | "live" | "offline";

/** Keeps one console socket open while mounted and reports its state. */
export function useConsoleConnection(): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  useEffect(() => {
    const socket = connectConsole();
    socket.on("connect", () => setState("live"));
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", () => setState("offline"));
    return () => {
      socket.disconnect();
    };
  }, []);
  return state;
}
