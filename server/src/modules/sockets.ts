import type { KioskSocketData } from "@shared/realtime";
import type { AppContext } from "../context";
import type { RealtimeHandles } from "../realtime/namespaces";
import { registerAttemptEvents } from "./attempts/events";
import { authenticateKiosk } from "./kiosks/service";

/** Turns a kiosk's device token into its identity, or null. */
export const kioskAuthenticators: ((
  ctx: AppContext,
  token: string,
) => Promise<KioskSocketData | null>)[] = [authenticateKiosk];

/**
 * The console's storage alarm: each console gets the current state when
 * it connects and every change after, from this process's own probe, so
 * staff see a full (or unreachable) Redis even though nothing can be
 * published through it.
 */
function registerStorageAlarm(
  ctx: AppContext,
  realtime: RealtimeHandles,
): void {
  realtime.console.on("connection", (socket) => {
    socket.emit("storage.alarm", ctx.storage.current());
  });
  ctx.storage.subscribe((alarm) => {
    realtime.console.local.emit("storage.alarm", alarm);
  });
}

/** Modules that listen to socket events register here. */
export const socketModules: ((
  ctx: AppContext,
  realtime: RealtimeHandles,
) => void)[] = [registerAttemptEvents, registerStorageAlarm];
