import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { parseLuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { auditKeys, centerAuditScope } from "../audit";

/**
 * Keys:
 *   kiosk:<id>                 hash: id seatId centerId roomId tokenHash
 *                              enrolledAt enrolledBy revokedAt lastSeenAt
 *                              connections deviceName, conn:<process> (sockets
 *                              on each realtime process)
 *   kiosk-token:<sha256>       → kiosk id (only for tokens not revoked)
 *   seat:<seatId>:kiosk        → the seat's current kiosk id
 *   enrollment:<sha256(code)>  hash: seatId createdBy expiresAt (TTL)
 *   kiosks                     set of all kiosk ids
 *   realtime:alive             zset: realtime process id → alive until (ms)
 */
export const kioskKeys = {
  kiosk: (id: string) => `kiosk:${id}`,
  token: (tokenHash: string) => `kiosk-token:${tokenHash}`,
  seatKiosk: (seatId: string) => `seat:${seatId}:kiosk`,
  enrollment: (codeHash: string) => `enrollment:${codeHash}`,
  all: "kiosks",
  alive: "realtime:alive",
};

export const sha256 = (value: string) =>
  createHash("sha256").update(value).digest("hex");

export interface KioskRecord {
  id: string;
  seatId: string;
  centerId: string;
  roomId: string;
  enrolledAt: number;
  enrolledBy: string;
  revokedAt: number | null;
  lastSeenAt: number | null;
  connections: number;
  deviceName: string;
}

function toKiosk(hash: Record<string, string>): KioskRecord | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    seatId: hash.seatId ?? "",
    centerId: hash.centerId ?? "",
    roomId: hash.roomId ?? "",
    enrolledAt: Number(hash.enrolledAt ?? 0),
    enrolledBy: hash.enrolledBy ?? "",
    revokedAt: hash.revokedAt ? Number(hash.revokedAt) : null,
    lastSeenAt: hash.lastSeenAt ? Number(hash.lastSeenAt) : null,
    connections: Math.max(0, Number(hash.connections ?? 0)),
    deviceName: hash.deviceName ?? "",
  };
}

export async function saveEnrollmentCode(
  redis: Redis,
  input: {
    codeHash: string;
    seatId: string;
    createdBy: string;
    ttlSeconds: number;
  },
) {
  const key = kioskKeys.enrollment(input.codeHash);
  await redis
    .multi()
    .hset(key, { seatId: input.seatId, createdBy: input.createdBy })
    .expire(key, input.ttlSeconds)
    .exec();
}

export type EnrollOutcome =
  | {
      ok: true;
      kioskId: string;
      seatId: string;
      replacedKioskId: string | null;
    }
  | { error: "enrollment_code_invalid" };

/** Redeems a one-time code: the code dies, the seat's old kiosk is revoked. */
export async function redeemEnrollment(
  redis: Redis,
  input: {
    codeHash: string;
    kioskId: string;
    tokenHash: string;
    centerId: string;
    roomId: string;
    seatId: string;
    deviceName: string;
  },
): Promise<EnrollOutcome> {
  // The seat's center: a kiosk (and the one it replaces) never moves.
  const audit = auditKeys(centerAuditScope(input.centerId));
  const reply = parseLuaReply<
    { kioskId: string; seatId: string; replacedKioskId: string | null },
    "enrollment_code_invalid"
  >(
    await script("enroll-kiosk").run(
      redis,
      [
        kioskKeys.enrollment(input.codeHash),
        kioskKeys.seatKiosk(input.seatId),
        kioskKeys.kiosk(input.kioskId),
        kioskKeys.token(input.tokenHash),
        kioskKeys.all,
        audit.stream,
        audit.head,
      ],
      [
        input.kioskId,
        input.tokenHash,
        input.seatId,
        input.centerId,
        input.roomId,
        input.deviceName,
      ],
    ),
  );
  return "ok" in reply ? { ok: true, ...reply.ok } : { error: reply.error };
}

export async function seatOfEnrollment(
  redis: Redis,
  codeHash: string,
): Promise<string | null> {
  return redis.hget(kioskKeys.enrollment(codeHash), "seatId");
}

export async function findKiosk(
  redis: Redis,
  id: string,
): Promise<KioskRecord | null> {
  return toKiosk(await redis.hgetall(kioskKeys.kiosk(id)));
}

export async function findKioskByToken(
  redis: Redis,
  tokenHash: string,
): Promise<KioskRecord | null> {
  const id = await redis.get(kioskKeys.token(tokenHash));
  if (!id) return null;
  const kiosk = await findKiosk(redis, id);
  return kiosk && kiosk.revokedAt === null ? kiosk : null;
}

export async function kioskOfSeat(
  redis: Redis,
  seatId: string,
): Promise<string | null> {
  return redis.get(kioskKeys.seatKiosk(seatId));
}

export async function listKiosks(redis: Redis): Promise<KioskRecord[]> {
  const ids = await redis.smembers(kioskKeys.all);
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(kioskKeys.kiosk(id));
  const results = (await pipeline.exec()) ?? [];
  return results
    .map(([, hash]) => toKiosk((hash ?? {}) as Record<string, string>))
    .filter((kiosk): kiosk is KioskRecord => kiosk !== null);
}

export async function revokeKiosk(
  redis: Redis,
  kioskId: string,
  actor: string,
) {
  // A kiosk's center never changes, so it can be read before the script.
  const centerId = await redis.hget(kioskKeys.kiosk(kioskId), "centerId");
  const audit = auditKeys(centerAuditScope(centerId));
  const reply = parseLuaReply<
    { seatId: string },
    "kiosk_not_found" | "already_revoked"
  >(
    await script("revoke-kiosk").run(
      redis,
      [kioskKeys.kiosk(kioskId), audit.stream, audit.head],
      [kioskId, actor],
    ),
  );
  // `{ ok, seatId }` is the API's answer (KioskRevoked).
  return "ok" in reply
    ? { ok: true as const, seatId: reply.ok.seatId }
    : { error: reply.error };
}

/**
 * Connection bookkeeping for the seat map. Sockets are counted per realtime
 * process (a kiosk may reconnect before its old socket is gone, even on
 * another process); a process that died without closing its sockets stops
 * counting once its liveness (`markProcessAlive`) lapses, at the kiosk's
 * next connect, disconnect or heartbeat. Returns the count after and
 * before, or null for an unknown kiosk.
 */
export async function markKioskConnection(
  redis: Redis,
  kioskId: string,
  processId: string,
  delta: 1 | -1 | 0,
  now: number,
): Promise<{ connections: number; before: number } | null> {
  const reply = (await script("kiosk-presence").run(
    redis,
    [kioskKeys.kiosk(kioskId), kioskKeys.alive],
    [processId, delta, now],
  )) as number[];
  if (reply.length < 2) return null;
  return { connections: Number(reply[0]), before: Number(reply[1]) };
}

/** A realtime process says it is alive until `until`; gone ones drop out. */
export async function markProcessAlive(
  redis: Redis,
  processId: string,
  until: number,
  now: number,
): Promise<void> {
  await redis
    .multi()
    .zadd(kioskKeys.alive, until, processId)
    .zremrangebyscore(kioskKeys.alive, "-inf", now - 3_600_000)
    .exec();
}

export async function markProcessGone(
  redis: Redis,
  processId: string,
): Promise<void> {
  await redis.zrem(kioskKeys.alive, processId);
}

/** When the kiosk's last socket closed (ms), or null while none is missing. */
export async function kioskAwaySince(
  redis: Redis,
  kioskId: string,
): Promise<number | null> {
  const since = Number(
    (await redis.hget(kioskKeys.kiosk(kioskId), "disconnectedAt")) ?? 0,
  );
  return since > 0 ? since : null;
}

/** The kiosk's last socket closed at `at`: the start of an absence. */
export async function markKioskAway(
  redis: Redis,
  kioskId: string,
  at: number,
): Promise<void> {
  await redis.hset(kioskKeys.kiosk(kioskId), "disconnectedAt", at);
}

/** The kiosk is back: its absence is over. */
export async function clearKioskAway(
  redis: Redis,
  kioskId: string,
): Promise<void> {
  await redis.hdel(kioskKeys.kiosk(kioskId), "disconnectedAt");
}
