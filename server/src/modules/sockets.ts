import type { Server } from "socket.io";
import type { KioskSocketData } from "@shared/realtime";
import type { AppContext } from "../context";
import type { RedisClock } from "../redis/clock";
import type { ConsoleNamespace, KioskNamespace } from "../services/realtime";
import { registerAttemptEvents } from "./attempts/events";
import { authenticateKiosk } from "./kiosks/service";

export interface RealtimeHandles {
  io: Server;
  kiosk: KioskNamespace;
  console: ConsoleNamespace;
  clock: RedisClock;
  /** This realtime process, for per-process bookkeeping in Redis. */
  processId: string;
}

/** Turns a kiosk's device token into its identity, or null. */
export const kioskAuthenticators: ((ctx: AppContext, token: string) => Promise<KioskSocketData | null>)[] = [authenticateKiosk];

/** Modules that listen to socket events register here. */
export const socketModules: ((ctx: AppContext, realtime: RealtimeHandles) => void)[] = [registerAttemptEvents];
