import type { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { io } from "socket.io-client";
import type { StaffRole } from "../../../server/shared/enums";
import { createRedis } from "../../../server/src/redis/connection";
import type { ApiClient } from "../../support/http";
import {
  signInStaff,
  spawnSynaq,
  type SynaqProcess,
} from "../../support/processes";
import { startTestRedis } from "../../support/redis";
import { admitAll, seedRoom, startAll, type Room } from "./seed";

/**
 * One spawned Synaq (all roles) with a little of everything for the
 * bad-input and access tests: every staff role signed in, a room of two
 * seats with a kiosk each, two admitted candidates (seat 1's started, seat
 * 2's not), a booking with its code, an incident.
 */
export interface World {
  redisUrl: string;
  redis: Redis;
  server: SynaqProcess;
  url: string;
  room: Room;
  staff: Record<StaffRole, ApiClient>;
  attemptIds: string[];
  incidentId: string;
  ids: Record<string, string[]>;
  stop(): Promise<void>;
}

export const ROLES: StaffRole[] = [
  "administrator",
  "operator",
  "manager",
  "reviewer",
  "network-manager",
];

export async function startWorld(
  iinOffset: number,
  env: Record<string, string> = {},
): Promise<World> {
  const testRedis = await startTestRedis();
  const redis = createRedis(testRedis.url);
  const server = await spawnSynaq({
    services: "web,realtime,worker",
    redisUrl: testRedis.url,
    env,
  });
  const url = server.url!;
  const room = await seedRoom({
    url,
    redisUrl: testRedis.url,
    redis,
    seats: 2,
    programId: "engine-long",
    iinOffset,
  });
  const reviewer = (await signInStaff(url, testRedis.url, "reviewer")).client;
  const networkManager = (
    await signInStaff(url, testRedis.url, "network-manager")
  ).client;
  const attemptIds = await admitAll(room);
  await startAll(room, attemptIds.slice(0, 1));
  const incident = await room.operator.post(
    `/attempts/${attemptIds[0]}/incidents`,
    { type: "noise", detail: "Шу / шум" },
  );
  if (incident.status !== 201) throw new Error(JSON.stringify(incident.body));
  const centerId =
    (await redis.hget(`room:${room.place.roomId}`, "centerId")) ?? "";
  return {
    redisUrl: testRedis.url,
    redis,
    server,
    url,
    room,
    staff: {
      administrator: room.administrator,
      operator: room.operator,
      manager: room.manager,
      reviewer,
      "network-manager": networkManager,
    },
    attemptIds,
    incidentId: incident.body.id as string,
    // Valid values for each path parameter name of the API.
    ids: {
      slotId: [room.slotId],
      attemptId: attemptIds,
      centerId: [centerId],
      roomId: [room.place.roomId],
      seatId: room.place.seatIds,
      kioskId: room.kiosks.map((kiosk) => kiosk.kioskId),
      bookingId: room.bookings.map((booking) => booking.id),
      incidentId: [incident.body.id as string],
      iin: room.iins,
      programId: ["engine-long", "engine-short"],
      importId: ["imp-0"],
      number: ["SYN-2026-000001"],
    },
    async stop() {
      redis.disconnect();
      await server.stop().catch(() => undefined);
      await testRedis.stop();
    },
  };
}

/** A kiosk socket without reconnection, resolved once connected. */
export function kioskSocket(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/kiosk`, {
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A console socket with a staff session cookie (or none). */
export function consoleSocket(
  url: string,
  cookie: string | undefined,
): Promise<Socket> {
  const socket = io(`${url}/console`, {
    transports: ["websocket"],
    ...(cookie ? { extraHeaders: { cookie } } : {}),
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Keys whose change is not a write of data: audit, rate limits, sessions, queues, the socket adapter,
 * realtime processes' liveness, the storage probe's write check, the reconciler's lock, and analytics (derived from official results by a background job
 * that may land during any request). In hashes: connection bookkeeping (`conn:<process>` too).
 */
const VOLATILE_PREFIXES = [
  "audit:",
  "ratelimit:",
  "login-failures:",
  "session:",
  "bull:",
  "socket.io",
  "synaq-live",
  "realtime:alive",
  "analytics:",
  "synaq:storage-probe",
  "reconciler:lock",
  "outage",
];
const VOLATILE_FIELDS = new Set([
  "lastSeenAt",
  "connections",
  "disconnectedAt",
]);

/**
 * A digest of every data key in Redis (count and content, computed in one
 * Lua call so it is cheap enough to take around each request).
 */
const DIGEST_SCRIPT = `
local prefixes = cjson.decode(ARGV[1])
local volatile = cjson.decode(ARGV[2])
local keys = redis.call('KEYS', '*')
table.sort(keys)
local parts = {}
local count = 0
for _, key in ipairs(keys) do
  local skip = false
  for _, prefix in ipairs(prefixes) do
    if string.sub(key, 1, #prefix) == prefix then skip = true break end
  end
  if not skip then
    count = count + 1
    local kind = redis.call('TYPE', key).ok
    local body
    if kind == 'hash' then
      local flat = redis.call('HGETALL', key)
      local pairs_ = {}
      for i = 1, #flat, 2 do
        if not volatile[flat[i]] and string.sub(flat[i], 1, 5) ~= 'conn:' then table.insert(pairs_, flat[i] .. '=' .. flat[i + 1]) end
      end
      table.sort(pairs_)
      body = table.concat(pairs_, '\\n')
    elseif kind == 'string' then body = redis.call('GET', key)
    elseif kind == 'set' then
      local members = redis.call('SMEMBERS', key)
      table.sort(members)
      body = table.concat(members, '\\n')
    elseif kind == 'zset' then body = table.concat(redis.call('ZRANGE', key, 0, -1, 'WITHSCORES'), '\\n')
    elseif kind == 'list' then body = table.concat(redis.call('LRANGE', key, 0, -1), '\\n')
    elseif kind == 'stream' then body = tostring(redis.call('XLEN', key))
    else body = kind end
    table.insert(parts, key .. '\\0' .. kind .. '\\0' .. body)
  end
end
return { count, redis.sha1hex(table.concat(parts, '\\1')) }
`;

export async function dataDigest(redis: Redis): Promise<string> {
  const volatile = Object.fromEntries(
    [...VOLATILE_FIELDS].map((field) => [field, true]),
  );
  const [count, hash] = (await redis.eval(
    DIGEST_SCRIPT,
    0,
    JSON.stringify(VOLATILE_PREFIXES),
    JSON.stringify(volatile),
  )) as [number, string];
  return `${count}:${hash}`;
}
