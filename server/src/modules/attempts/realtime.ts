import { scopeCovers } from "@shared/accounts";
import type {
  AttemptCommandPayload,
  AttemptTiming,
  IncidentReport,
  KioskAttemptView,
  SeatView,
} from "@shared/attempts";
import type { ConsoleSocketData, KioskSocketData } from "@shared/realtime";
import type { AppContext } from "../../context";
import {
  badRequest,
  forbidden,
  isSynaqError,
  notFound,
  outOfScope,
} from "../../errors";
import { accountAuditScope, appendAudit } from "../audit";
import {
  noteKioskConnected,
  noteKioskDisconnected,
  noteKioskHeartbeat,
} from "../kiosks";
import { getCenter } from "../centers";
import { centerOfSlot, getSlot } from "../slots";
import {
  confirmIdentity,
  recordIncident,
  startAttempt,
  submitAttempt,
} from "./commands";
import { recordKioskReturn, settleIncidents } from "./incidents";
import { kioskIdsOfAttempt } from "./kiosk-ids";
import { attemptTiming, kioskAttemptView } from "./presenters";
import {
  attemptIdOfSeat,
  findAttempt,
  loadAnswers,
  loadForm,
  type Attempt,
} from "./repository";
import { slotSeatMap } from "./seat-map";
import { publishSeat } from "./service";

/**
 * What the realtime edge asks of attempts: a kiosk's view of its seat's
 * attempt, its commands and incidents, what its connection means for the
 * seat map; a console's live seat map. Each is one call of a socket
 * handler, with the payload already parsed.
 */

const ACTIVE = new Set(["admitted", "instructions", "in_progress", "paused"]);
const SEAT_MAP_ROLES = new Set<string>([
  "administrator",
  "operator",
  "manager",
  "network-manager",
]);

const kioskActor = (kiosk: KioskSocketData) => `kiosk:${kiosk.kioskId}`;

async function attemptOnSeat(
  ctx: AppContext,
  seatId: string,
): Promise<Attempt | null> {
  const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
  return attemptId ? findAttempt(ctx.redis, attemptId) : null;
}

/** The kiosk's own attempt, refused for any other. */
async function ownAttempt(
  ctx: AppContext,
  kiosk: KioskSocketData,
  attemptId: string,
): Promise<Attempt> {
  const bound = await attemptIdOfSeat(ctx.redis, kiosk.seatId);
  if (bound !== attemptId)
    throw forbidden(
      "This kiosk is not bound to that attempt.",
      "not_your_attempt",
    );
  const attempt = await findAttempt(ctx.redis, bound);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  return attempt;
}

/**
 * A kiosk's socket opened: the seat map shows it, and the end of an
 * absence during a test is an incident with its duration.
 */
export async function kioskConnected(
  ctx: AppContext,
  kiosk: KioskSocketData,
  processId: string,
): Promise<void> {
  const presence = await noteKioskConnected(ctx, kiosk.kioskId, processId);
  const attempt = await attemptOnSeat(ctx, kiosk.seatId);
  if (
    presence?.awayMs != null &&
    attempt &&
    ACTIVE.has(attempt.state) &&
    // A kiosk that was already away when this candidate was admitted (the
    // seat's previous attempt ended meanwhile) cost this attempt nothing.
    ctx.clock.now() - presence.awayMs >= attempt.admittedAt
  ) {
    await recordKioskReturn(ctx, attempt, presence.awayMs, kioskActor(kiosk));
  }
  if (attempt) await publishSeat(ctx, attempt.slotId, kiosk.seatId, attempt);
}

/** A kiosk's socket closed: the seat map shows it. */
export async function kioskDisconnected(
  ctx: AppContext,
  kiosk: KioskSocketData,
  processId: string,
): Promise<void> {
  await noteKioskDisconnected(ctx, kiosk.kioskId, processId);
  const attempt = await attemptOnSeat(ctx, kiosk.seatId);
  if (attempt) await publishSeat(ctx, attempt.slotId, kiosk.seatId, attempt);
}

/**
 * `kiosk.heartbeat`: the kiosk is alive; when that changes its count of
 * connections (a dead process's sockets dropped), the seat map follows.
 */
export async function kioskHeartbeat(
  ctx: AppContext,
  kiosk: KioskSocketData,
  processId: string,
): Promise<{ serverNow: number }> {
  const now = ctx.clock.now();
  if (await noteKioskHeartbeat(ctx, kiosk.kioskId, processId, now)) {
    const attempt = await attemptOnSeat(ctx, kiosk.seatId);
    if (attempt) await publishSeat(ctx, attempt.slotId, kiosk.seatId, attempt);
  }
  // Still here after coming back: short disconnects may close by themselves.
  await settleIncidents(ctx, kiosk.seatId).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, "settling incidents failed"),
  );
  return { serverNow: now };
}

/** `attempt.resync`: the whole picture of the seat's attempt, or null. */
export async function kioskAttempt(
  ctx: AppContext,
  kiosk: KioskSocketData,
): Promise<{ attempt: KioskAttemptView | null }> {
  const attempt = await attemptOnSeat(ctx, kiosk.seatId);
  if (!attempt) return { attempt: null };
  const [form, answers, slot] = await Promise.all([
    loadForm(ctx.redis, attempt.id),
    loadAnswers(ctx.redis, attempt.id),
    getSlot(ctx.redis, attempt.slotId),
  ]);
  const ids = form
    ? await kioskIdsOfAttempt(ctx.redis, attempt.id, form)
    : null;
  if (!form || !ids || !slot) return { attempt: null };
  // The waiting screen states the slot's start on the center's clock.
  const center = await getCenter(ctx.redis, slot.centerId);
  return {
    attempt: kioskAttemptView(
      ctx,
      attempt,
      form,
      answers,
      ctx.clock.now(),
      ids,
      {
        startsAt: slot.startsAt,
        timeZone: center?.timezone ?? ctx.env.CENTER_TIMEZONE,
      },
    ),
  };
}

/** `attempt.confirm`: the candidate confirmed name, program and language. */
export async function confirmOwnAttempt(
  ctx: AppContext,
  kiosk: KioskSocketData,
  command: AttemptCommandPayload,
): Promise<{ attempt: AttemptTiming }> {
  const attempt = await ownAttempt(ctx, kiosk, command.attemptId);
  const { attempt: snapshot } = await confirmIdentity(
    ctx,
    attempt.id,
    kioskActor(kiosk),
    command.requestId,
  );
  return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
}

/** `attempt.start`: the candidate starts, where the center lets them. */
export async function startOwnAttempt(
  ctx: AppContext,
  kiosk: KioskSocketData,
  command: AttemptCommandPayload,
): Promise<{ attempt: AttemptTiming }> {
  const attempt = await ownAttempt(ctx, kiosk, command.attemptId);
  if (ctx.env.START_MODE !== "candidate") {
    throw forbidden(
      "At this center the administrator starts the test.",
      "start_by_administrator",
    );
  }
  const { attempt: snapshot } = await startAttempt(
    ctx,
    attempt.id,
    kioskActor(kiosk),
    "candidate",
    command.requestId,
  );
  return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
}

/** `attempt.submit`: the candidate confirmed the submission. */
export async function submitOwnAttempt(
  ctx: AppContext,
  kiosk: KioskSocketData,
  command: AttemptCommandPayload,
): Promise<{ attempt: AttemptTiming }> {
  const attempt = await ownAttempt(ctx, kiosk, command.attemptId);
  const { attempt: snapshot } = await submitAttempt(
    ctx,
    attempt.id,
    kioskActor(kiosk),
    "candidate",
    command.requestId,
  );
  return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
}

/** `incident.report`: what the kiosk saw of itself during the test. */
export async function reportKioskIncident(
  ctx: AppContext,
  kiosk: KioskSocketData,
  report: IncidentReport,
): Promise<Record<string, never>> {
  const attempt = await ownAttempt(ctx, kiosk, report.attemptId);
  await recordIncident(ctx, attempt, {
    type: report.type,
    source: "kiosk",
    durationMs: report.durationMs ?? null,
    detail: report.detail ?? "",
    by: kioskActor(kiosk),
  });
  return {};
}

/**
 * `slot.watch`: a slot's live seat map, for the roles and scope of
 * GET /slots/:slotId/seats (a reviewer sees results, not the room; staff
 * of one center never see another's). A refusal is audited like a REST
 * call's (`access.refused`). An empty `slotId` is refused after the role.
 */
export async function watchSeatMap(
  ctx: AppContext,
  staff: ConsoleSocketData,
  slotId: string,
): Promise<SeatView[]> {
  try {
    if (!SEAT_MAP_ROLES.has(staff.role)) {
      throw forbidden(`Your role (${staff.role}) cannot watch the seat map.`);
    }
    if (!slotId) throw badRequest("invalid_request", "slotId is required.");
    const centerId = await centerOfSlot(ctx, slotId);
    if (centerId && !scopeCovers(staff.scope, centerId)) {
      throw outOfScope(
        `This slot belongs to center ${centerId}, which is outside your scope.`,
      );
    }
  } catch (error) {
    if (isSynaqError(error) && error.status === 403) {
      await appendAudit(ctx.redis, accountAuditScope(staff.scope), {
        actor: `staff:${staff.accountId}:${staff.role}`,
        action: "access.refused",
        subject: "socket /console slot.watch",
        data: { error: error.id, slotId },
      });
    }
    throw error;
  }
  return slotSeatMap(ctx, slotId);
}
