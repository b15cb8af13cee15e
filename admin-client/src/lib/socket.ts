import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { io, type Socket } from "socket.io-client";
import { api } from "./api";
import type {
  ConsoleClientEvents,
  ConsoleServerEvents,
  StorageAlarm,
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

interface ConsoleConnection {
  socket: ConsoleSocket | null;
  state: ConnectionState;
  /** Server time minus this browser's time, from `time.sync`. */
  offsetMs: number;
  /** Whether the server can store data (`storage.alarm`). */
  storage: StorageAlarm["state"];
}

const ConnectionContext = createContext<ConsoleConnection>({
  socket: null,
  state: "connecting",
  offsetMs: 0,
  storage: "ok",
});

const SYNC_SAMPLES = 4;

/**
 * Asks the server for its time a few times and keeps the sample with the
 * shortest round trip: countdowns then follow the server's clock, not a
 * workstation clock that may be minutes off.
 */
async function measureOffset(socket: ConsoleSocket): Promise<number | null> {
  let best: { rtt: number; offset: number } | null = null;
  for (let sample = 0; sample < SYNC_SAMPLES; sample++) {
    const sentAt = Date.now();
    const reply = await new Promise<number | null>((resolve) => {
      const timer = window.setTimeout(() => resolve(null), 3_000);
      socket.emit("time.sync", (answer) => {
        window.clearTimeout(timer);
        resolve(answer.ok ? answer.serverNow : null);
      });
    });
    if (reply === null) continue;
    const receivedAt = Date.now();
    const rtt = receivedAt - sentAt;
    const offset = Math.round(reply - (sentAt + rtt / 2));
    if (!best || rtt < best.rtt) best = { rtt, offset };
  }
  return best?.offset ?? null;
}

/** Keeps one console socket open while mounted; screens share it. */
export function ConsoleConnectionProvider({
  children,
}: {
  children: ReactNode;
}) {
  const [socket, setSocket] = useState<ConsoleSocket | null>(null);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [offsetMs, setOffsetMs] = useState(0);
  const [storage, setStorage] = useState<StorageAlarm["state"]>("ok");

  useEffect(() => {
    const opened = connectConsole();
    let closed = false;
    opened.on("connect", () => {
      setState("live");
      void measureOffset(opened).then((offset) => {
        if (!closed && offset !== null) setOffsetMs(offset);
      });
    });
    opened.on("storage.alarm", (alarm) => setStorage(alarm.state));
    opened.on("disconnect", (reason) => {
      setState("offline");
      // The server closes the sockets of a session that ended (signed out
      // elsewhere, password changed or reset, account deactivated): the
      // session check then signs this console out (401); otherwise it
      // reconnects, which socket.io does not do after a server disconnect.
      if (reason === "io server disconnect" && !closed) {
        api.get("/auth/session").then(
          () => {
            if (!closed) opened.connect();
          },
          () => undefined,
        );
      }
    });
    opened.on("connect_error", (error: Error) => {
      setState("offline");
      // socket.io does not retry a handshake the server refused; one refused
      // for now (its database unreachable a moment) we try again.
      if (!opened.active && error.message.startsWith("storage_")) {
        window.setTimeout(() => {
          if (!closed && !opened.connected) opened.connect();
        }, 3_000);
      }
    });
    setSocket(opened);
    return () => {
      closed = true;
      opened.disconnect();
    };
  }, []);

  const value = useMemo(
    () => ({ socket, state, offsetMs, storage }),
    [socket, state, offsetMs, storage],
  );
  return createElement(ConnectionContext.Provider, { value }, children);
}

/** The shared console socket, its state and the server-time offset. */
export function useConsoleConnection(): ConsoleConnection {
  return useContext(ConnectionContext);
}
