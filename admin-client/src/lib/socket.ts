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

interface ConsoleConnection {
  socket: ConsoleSocket | null;
  state: ConnectionState;
  /** Server time minus this browser's time, from `time.sync`. */
  offsetMs: number;
}

const ConnectionContext = createContext<ConsoleConnection>({
  socket: null,
  state: "connecting",
  offsetMs: 0,
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

  useEffect(() => {
    const opened = connectConsole();
    let closed = false;
    opened.on("connect", () => {
      setState("live");
      void measureOffset(opened).then((offset) => {
        if (!closed && offset !== null) setOffsetMs(offset);
      });
    });
    opened.on("disconnect", () => setState("offline"));
    opened.on("connect_error", () => setState("offline"));
    setSocket(opened);
    return () => {
      closed = true;
      opened.disconnect();
    };
  }, []);

  const value = useMemo(
    () => ({ socket, state, offsetMs }),
    [socket, state, offsetMs],
  );
  return createElement(ConnectionContext.Provider, { value }, children);
}

/** The shared console socket, its state and the server-time offset. */
export function useConsoleConnection(): ConsoleConnection {
  return useContext(ConnectionContext);
}
