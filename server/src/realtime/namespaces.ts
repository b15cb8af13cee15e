import type { Namespace, Server, Socket } from "socket.io";
import type {
  ConsoleClientEvents,
  ConsoleServerEvents,
  ConsoleSocketData,
  KioskClientEvents,
  KioskServerEvents,
  KioskSocketData,
} from "@shared/realtime";
import type { RedisClock } from "../redis/clock";

/** `/kiosk`: one socket per kiosk page, authenticated by its device token. */
export type KioskNamespace = Namespace<
  KioskClientEvents,
  KioskServerEvents,
  Record<string, never>,
  KioskSocketData
>;
export type KioskSocket = Socket<
  KioskClientEvents,
  KioskServerEvents,
  Record<string, never>,
  KioskSocketData
>;

/** `/console`: staff consoles, authenticated by their session cookie. */
export type ConsoleNamespace = Namespace<
  ConsoleClientEvents,
  ConsoleServerEvents,
  Record<string, never>,
  ConsoleSocketData
>;
export type ConsoleSocket = Socket<
  ConsoleClientEvents,
  ConsoleServerEvents,
  Record<string, never>,
  ConsoleSocketData
>;

/** What socket modules get from the realtime role to register on. */
export interface RealtimeHandles {
  io: Server;
  kiosk: KioskNamespace;
  console: ConsoleNamespace;
  clock: RedisClock;
  /** This realtime process, for per-process bookkeeping in Redis. */
  processId: string;
}
