import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server } from "socket.io";
import { LIMITS } from "@shared/limits";
import type { LiveMessage } from "@shared/realtime";
import type { AppContext } from "../context";
import { storageError } from "../errors";
import { createRedis } from "../redis/connection";
import type { RedisClock } from "../redis/clock";
import {
  principalFromSession,
  sessionStillValid,
} from "../modules/accounts/sessions";
import { SESSION_COOKIE } from "../modules/accounts/routes";
import {
  markProcessAlive,
  markProcessGone,
} from "../modules/kiosks/repository";
import { absoluteUrl, SEB_HEADER, sebSatisfied } from "../modules/kiosks/seb";
import { kioskAuthenticators, socketModules } from "../modules/sockets";
import { LIVE_CHANNEL } from "../modules/live/publish";
import { startOutageHeartbeat } from "../modules/outages/heartbeat";
import type { ConsoleNamespace, KioskNamespace } from "../realtime/namespaces";
import { onRequest } from "../realtime/request";

const PROCESS_ALIVE_MS = 15_000;
/** Console sockets re-check their session this often (ended sessions are also pushed at once). */
const SESSION_RECHECK_MS = 30_000;

export interface Realtime {
  io: Server;
  kiosk: KioskNamespace;
  console: ConsoleNamespace;
  close(): Promise<void>;
}

/**
 * Why a handshake failed when checking its token or session threw: a
 * database that cannot be reached right now (the client tries again), or
 * anything else (refused as unauthorized, as before).
 */
function handshakeRefusal(error: unknown): string {
  const refusal = storageError(error);
  return refusal
    ? `${refusal.id}: ${refusal.message}`
    : "unauthorized: the token could not be checked";
}

function cookieValue(
  header: string | undefined,
  name: string,
): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/**
 * The realtime role: socket.io on the web server, websocket transport only
 * (no sticky sessions behind a balancer), the Redis streams adapter so a
 * console on one process sees kiosks on another.
 */
export function createRealtime(
  ctx: AppContext,
  httpServer: HttpServer,
  clock: RedisClock,
): Realtime {
  const adapterRedis = createRedis(ctx.env.REDIS_URL ?? "", "blocking");
  adapterRedis.on("error", (error) =>
    ctx.logger.warn(
      { err: error, connection: "socket.io adapter" },
      "redis connection error",
    ),
  );
  // With PUBLIC_URL set, a browser's handshake must come from a page of
  // that origin (kiosks, SEB and the console all load it); a page elsewhere
  // cannot ride a staff member's cookie. Clients without an Origin header
  // (not browsers) are not affected.
  const allowedOrigin = ctx.env.PUBLIC_URL
    ? new URL(ctx.env.PUBLIC_URL).origin
    : undefined;
  const io = new Server(httpServer, {
    ...(allowedOrigin
      ? {
          allowRequest: (req, callback) => {
            const origin = req.headers.origin;
            const allowed = origin === undefined || origin === allowedOrigin;
            callback(
              allowed ? null : `origin ${origin} is not ${allowedOrigin}`,
              allowed,
            );
          },
        }
      : {}),
    transports: ["websocket"],
    maxHttpBufferSize: LIMITS.maxSocketMessageBytes,
    // A socket that has not joined (authenticated to) a namespace by then is dropped.
    connectTimeout: ctx.env.SOCKET_AUTH_TIMEOUT_MS,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    serveClient: false,
    adapter: createAdapter(adapterRedis, { maxLen: 50_000 }),
  });

  // One server, two namespaces with their own event maps: socket.io types
  // `of()` by the server's maps, so each namespace is given its own here.
  const kiosk = io.of("/kiosk") as unknown as KioskNamespace;
  const consoleNs = io.of("/console") as unknown as ConsoleNamespace;

  // This process's liveness: kiosk connections are counted per process, and
  // those of a process killed without closing its sockets stop counting once
  // it has not said "alive" for PROCESS_ALIVE_MS.
  const processId = randomUUID();
  const sayAlive = () =>
    markProcessAlive(
      ctx.redis,
      processId,
      clock.now() + PROCESS_ALIVE_MS,
      clock.now(),
    ).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, "realtime liveness not written"),
    );
  void sayAlive();
  const aliveTimer = setInterval(() => void sayAlive(), PROCESS_ALIVE_MS / 3);
  aliveTimer.unref();
  // The service heartbeat: a gap in it (every realtime process dead, or
  // Redis unreachable) is an outage, credited back to the running attempts.
  const stopHeartbeat = startOutageHeartbeat(ctx, processId);

  kiosk.use(async (socket, next) => {
    const { token, seb } = socket.handshake.auth as {
      token?: unknown;
      seb?: { page?: unknown; configKeyHash?: unknown };
    };
    if (typeof token !== "string" || token.length === 0 || token.length > 200) {
      return next(new Error("unauthorized: kiosk token required"));
    }
    const sebProven = sebSatisfied(ctx.env.SEB_CONFIG_KEY, ctx.publicUrl, {
      requestUrl: absoluteUrl(ctx.publicUrl, socket.handshake.url),
      header: socket.handshake.headers[SEB_HEADER],
      page: seb?.page,
      pageHash: seb?.configKeyHash,
    });
    if (!sebProven)
      return next(
        new Error(
          "seb_required: run this kiosk in the center's Safe Exam Browser",
        ),
      );
    try {
      for (const authenticate of kioskAuthenticators) {
        const data = await authenticate(ctx, token);
        if (data) {
          socket.data = data;
          return next();
        }
      }
    } catch (error) {
      // Redis unreachable says nothing of the token: the kiosk tries again.
      return next(new Error(handshakeRefusal(error)));
    }
    next(new Error("unauthorized: unknown or revoked kiosk token"));
  });

  // Each console socket's session (by hash): sockets close when it ends.
  const consoleSessions = new Map<string, string>();
  const recheckSessions = async () => {
    for (const [socketId, hash] of consoleSessions) {
      if (!consoleNs.sockets.has(socketId)) {
        consoleSessions.delete(socketId);
        continue;
      }
      if (await sessionStillValid(ctx, hash).catch(() => true)) continue;
      consoleNs.sockets.get(socketId)?.disconnect(true);
      consoleSessions.delete(socketId);
    }
  };
  const recheckTimer = setInterval(
    () => void recheckSessions(),
    SESSION_RECHECK_MS,
  );
  recheckTimer.unref();

  consoleNs.use(async (socket, next) => {
    const sessionId = cookieValue(
      socket.handshake.headers.cookie,
      SESSION_COOKIE,
    );
    let resolved: Awaited<ReturnType<typeof principalFromSession>> = null;
    try {
      resolved = sessionId ? await principalFromSession(ctx, sessionId) : null;
    } catch (error) {
      return next(new Error(handshakeRefusal(error)));
    }
    if (!resolved) return next(new Error("unauthorized: sign in first"));
    if (resolved.mustChangePassword)
      return next(
        new Error("password_change_required: change your password first"),
      );
    consoleSessions.set(socket.id, resolved.sessionHash);
    socket.data = {
      accountId: resolved.principal.accountId,
      role: resolved.principal.role,
      fullName: resolved.principal.fullName,
      scope: resolved.principal.scope,
    };
    next();
  });

  // Live updates from any process reach this process's own sockets.
  const subscriber = createRedis(ctx.env.REDIS_URL ?? "", "subscriber");
  subscriber.on("error", (error) =>
    ctx.logger.warn(
      { err: error, connection: "live updates" },
      "redis connection error",
    ),
  );
  void subscriber.subscribe(LIVE_CHANNEL);
  subscriber.on("message", (_channel: string, text: string) => {
    let message: LiveMessage;
    try {
      // Our own processes publish on this channel (live/publish.ts).
      message = JSON.parse(text) as LiveMessage;
    } catch {
      return;
    }
    forwardLive(message);
  });
  const forwardLive = (message: LiveMessage) => {
    switch (message.event) {
      case "seat.updated":
        consoleNs.local
          .to(`slot:${message.slotId}`)
          .emit("seat.updated", message.payload);
        return;
      case "seat.progress":
        consoleNs.local
          .to(`slot:${message.slotId}`)
          .emit("seat.progress", message.payload);
        return;
      case "incident.created":
        consoleNs.local
          .to(`slot:${message.slotId}`)
          .emit("incident.created", message.payload);
        return;
      case "attempt.updated":
        kiosk.local
          .to(`seat:${message.seatId}`)
          .emit("attempt.updated", message.payload);
        return;
      case "kiosk.revoked":
        kiosk.local
          .to(`kiosk:${message.kioskId}`)
          .emit("kiosk.revoked", message.payload);
        kiosk.local.in(`kiosk:${message.kioskId}`).disconnectSockets(true);
        return;
      case "sessions.ended":
        if (message.sessionHashes.length > 0) {
          consoleNs.local
            .in(message.sessionHashes.map((hash) => `session:${hash}`))
            .disconnectSockets(true);
        }
        return;
    }
  };

  const serverNow = () => Promise.resolve({ serverNow: clock.now() });

  kiosk.on("connection", (socket) => {
    void socket.join([
      `seat:${socket.data.seatId}`,
      `kiosk:${socket.data.kioskId}`,
    ]);
    ctx.metrics.connectedKiosks.inc();
    socket.on("disconnect", () => ctx.metrics.connectedKiosks.dec());
    onRequest(ctx, socket, "time.sync", serverNow);
  });
  consoleNs.on("connection", (socket) => {
    const sessionHash = consoleSessions.get(socket.id);
    if (sessionHash) void socket.join(`session:${sessionHash}`);
    ctx.metrics.connectedConsoles.inc();
    socket.on("disconnect", () => {
      ctx.metrics.connectedConsoles.dec();
      consoleSessions.delete(socket.id);
    });
    onRequest(ctx, socket, "time.sync", serverNow);
  });

  for (const register of socketModules)
    register(ctx, { io, kiosk, console: consoleNs, clock, processId });

  return {
    io,
    kiosk,
    console: consoleNs,
    async close() {
      clearInterval(aliveTimer);
      stopHeartbeat();
      clearInterval(recheckTimer);
      await markProcessGone(ctx.redis, processId).catch(() => undefined);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      subscriber.disconnect();
      adapterRedis.disconnect();
    },
  };
}
