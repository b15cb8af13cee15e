import { randomBytes, randomUUID } from "node:crypto";
import type {
  EnrollmentCode,
  Enrollment,
  Kiosk,
  KioskRow,
} from "@shared/kiosks";
import type { KioskSocketData } from "@shared/realtime";
import type { AppContext } from "../../context";
import { conflict, notFound, unauthorized } from "../../errors";
import { getCenter, getRoom, getSeat } from "../centers";
import { publishLive } from "../live";
import { humanCode, normalizeHumanCode } from "./codes";
import {
  clearKioskAway,
  findKiosk,
  findKioskByToken,
  kioskAwaySince,
  listKiosks,
  markKioskAway,
  markKioskConnection,
  redeemEnrollment,
  revokeKiosk,
  saveEnrollmentCode,
  seatOfEnrollment,
  sha256,
  type KioskRecord,
} from "./repository";

/** Enrollment codes are short (typed on a kiosk), so they live 30 minutes. */
const ENROLLMENT_TTL_SECONDS = 30 * 60;

async function describeSeat(ctx: AppContext, seatId: string) {
  const seat = await getSeat(ctx.redis, seatId);
  if (!seat) return null;
  const [room, center] = await Promise.all([
    getRoom(ctx.redis, seat.roomId),
    getCenter(ctx.redis, seat.centerId),
  ]);
  if (!room || !center) return null;
  return { seat, room, center };
}

export async function kioskView(
  ctx: AppContext,
  kiosk: KioskRecord,
): Promise<Kiosk> {
  const described = await describeSeat(ctx, kiosk.seatId);
  return {
    id: kiosk.id,
    seatId: kiosk.seatId,
    seatLabel: described?.seat.label ?? "",
    roomId: kiosk.roomId,
    roomName: described?.room.name ?? "",
    roomNames: described?.room.names ?? { kk: "", ru: "", en: "" },
    centerId: kiosk.centerId,
    centerName: described?.center.name ?? { kk: "", ru: "", en: "" },
    timezone: described?.center.timezone ?? ctx.env.CENTER_TIMEZONE,
  };
}

/** An operator creates a one-time code that binds the next kiosk to a seat. */
export async function createEnrollmentCode(
  ctx: AppContext,
  seatId: string,
  actor: string,
): Promise<EnrollmentCode> {
  if (!(await describeSeat(ctx, seatId)))
    throw notFound("seat_not_found", "There is no such seat.");
  const code = humanCode(8);
  await saveEnrollmentCode(ctx.redis, {
    codeHash: sha256(code),
    seatId,
    createdBy: actor,
    ttlSeconds: ENROLLMENT_TTL_SECONDS,
  });
  return {
    code: `${code.slice(0, 4)}-${code.slice(4)}`,
    seatId,
    expiresAt: new Date(
      Date.now() + ENROLLMENT_TTL_SECONDS * 1000,
    ).toISOString(),
  };
}

/** A kiosk redeems a code for its device token (shown once, stored hashed). */
export async function enrollKiosk(
  ctx: AppContext,
  input: { code: string; deviceName?: string },
): Promise<Enrollment> {
  const codeHash = sha256(normalizeHumanCode(input.code));
  const seatId = await seatOfEnrollment(ctx.redis, codeHash);
  const described = seatId ? await describeSeat(ctx, seatId) : null;
  if (!seatId || !described) {
    throw notFound(
      "enrollment_code_invalid",
      "This enrollment code is unknown, used or expired. Ask the operator for a new one.",
    );
  }
  const token = randomBytes(32).toString("base64url");
  const outcome = await redeemEnrollment(ctx.redis, {
    codeHash,
    kioskId: randomUUID(),
    tokenHash: sha256(token),
    centerId: described.seat.centerId,
    roomId: described.seat.roomId,
    seatId,
    deviceName: (input.deviceName ?? "").slice(0, 100),
  });
  if ("error" in outcome) {
    throw conflict(
      "enrollment_code_used",
      "This enrollment code was just used by another kiosk.",
    );
  }
  if (outcome.replacedKioskId) {
    await publishLive(ctx.redis, {
      target: "kiosk",
      kioskId: outcome.replacedKioskId,
      event: "kiosk.revoked",
      payload: { kioskId: outcome.replacedKioskId, reason: "replaced" },
    });
  }
  const kiosk = await findKiosk(ctx.redis, outcome.kioskId);
  if (!kiosk) throw new Error("kiosk vanished after enrollment");
  return { token, kiosk: await kioskView(ctx, kiosk) };
}

/** Resolves a device token; revoked tokens stop working at once. */
export async function authenticateKiosk(
  ctx: AppContext,
  token: string,
): Promise<KioskSocketData | null> {
  if (token.length < 20 || token.length > 200) return null;
  const kiosk = await findKioskByToken(ctx.redis, sha256(token));
  return kiosk
    ? { kioskId: kiosk.id, seatId: kiosk.seatId, centerId: kiosk.centerId }
    : null;
}

export async function revoke(ctx: AppContext, kioskId: string, actor: string) {
  const outcome = await revokeKiosk(ctx.redis, kioskId, actor);
  if ("error" in outcome) {
    if (outcome.error === "kiosk_not_found")
      throw notFound("kiosk_not_found", "There is no such kiosk.");
    throw conflict("already_revoked", "This kiosk is already revoked.");
  }
  await publishLive(ctx.redis, {
    target: "kiosk",
    kioskId,
    event: "kiosk.revoked",
    payload: { kioskId, reason: "revoked" },
  });
  return outcome;
}

export async function kioskList(ctx: AppContext): Promise<KioskRow[]> {
  const kiosks = await listKiosks(ctx.redis);
  return Promise.all(
    kiosks.map(async (kiosk) => ({
      ...(await kioskView(ctx, kiosk)),
      enrolledAt: new Date(kiosk.enrolledAt).toISOString(),
      lastSeenAt: kiosk.lastSeenAt
        ? new Date(kiosk.lastSeenAt).toISOString()
        : null,
      connected: kiosk.connections > 0,
      revoked: kiosk.revokedAt !== null,
      deviceName: kiosk.deviceName,
    })),
  );
}

/**
 * A socket of the kiosk opened on realtime process `processId`. When it is
 * the kiosk's only one after an absence, the absence ends and `awayMs`
 * says how long it lasted. Null for an unknown kiosk.
 */
export async function noteKioskConnected(
  ctx: AppContext,
  kioskId: string,
  processId: string,
): Promise<{ awayMs: number | null } | null> {
  const presence = await markKioskConnection(
    ctx.redis,
    kioskId,
    processId,
    1,
    ctx.clock.now(),
  );
  if (!presence) return null;
  const awaySince = await kioskAwaySince(ctx.redis, kioskId);
  if (presence.connections !== 1 || awaySince === null) return { awayMs: null };
  await clearKioskAway(ctx.redis, kioskId);
  return { awayMs: ctx.clock.now() - awaySince };
}

/** A socket of the kiosk closed; with its last one an absence begins. */
export async function noteKioskDisconnected(
  ctx: AppContext,
  kioskId: string,
  processId: string,
): Promise<void> {
  const now = ctx.clock.now();
  const presence = await markKioskConnection(
    ctx.redis,
    kioskId,
    processId,
    -1,
    now,
  );
  if (presence?.connections === 0) await markKioskAway(ctx.redis, kioskId, now);
}

/**
 * The kiosk's heartbeat at `now` over a socket of `processId`. It also
 * drops sockets counted on a process that died; returns whether the count
 * of its connections changed.
 */
export async function noteKioskHeartbeat(
  ctx: AppContext,
  kioskId: string,
  processId: string,
  now: number,
): Promise<boolean> {
  const presence = await markKioskConnection(
    ctx.redis,
    kioskId,
    processId,
    0,
    now,
  );
  return presence !== null && presence.connections !== presence.before;
}

/** The calling kiosk's view, or 401 `kiosk_revoked` once it is not enrolled. */
export async function enrolledKioskView(ctx: AppContext, kioskId: string) {
  const kiosk = await findKiosk(ctx.redis, kioskId);
  if (!kiosk)
    throw unauthorized("This kiosk is not enrolled.", "kiosk_revoked");
  return kioskView(ctx, kiosk);
}

/** The center a kiosk is enrolled in, or null: what scope checks. */
export async function centerOfKiosk(
  ctx: AppContext,
  kioskId: string,
): Promise<string | null> {
  return (await findKiosk(ctx.redis, kioskId))?.centerId ?? null;
}
