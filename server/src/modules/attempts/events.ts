import { AttemptRefSchema, IncidentReportSchema } from "@shared/attempts";
import type { AckCallback } from "@shared/realtime";
import type { AppContext } from "../../context";
import {
  badRequest,
  forbidden,
  isSynaqError,
  notFound,
  outOfScope,
  storageError,
} from "../../errors";
import { scopeCovers } from "@shared/accounts";
import { parseRequestId } from "../../http/request-id";
import { accountAuditScope, appendAudit } from "../audit/repository";
import { centerOfSlot } from "../centers/owners";
import { findKiosk, markKioskConnection } from "../kiosks/repository";
import type { RealtimeHandles } from "../sockets";
import { saveCandidateAnswer } from "./answers";
import {
  confirmIdentity,
  recordIncident,
  startAttempt,
  submitAttempt,
} from "./commands";
import { kioskIdsOfAttempt } from "./kiosk-ids";
import { attemptTiming, kioskAttemptView } from "./presenters";
import {
  attemptIdOfSeat,
  findAttempt,
  loadAnswers,
  loadForm,
} from "./repository";
import { publishSeat } from "./service";
import { slotSeatMap } from "./seat-map";

/**
 * The ack of a socket event: its last argument when that is a function.
 * A client that sends a payload to an event that takes none, or no payload
 * to one that takes one, still gets its refusal instead of silence.
 */
function ackOf(args: unknown[]): unknown {
  const last = args[args.length - 1];
  return typeof last === "function" ? last : undefined;
}

/** The payload of a socket event (its first argument unless that is the ack). */
function payloadOf(args: unknown[]): unknown {
  return typeof args[0] === "function" ? undefined : args[0];
}

/** Answers an ack with the result or the error id; never throws. */
async function answer<T extends object>(
  ctx: AppContext,
  ack: unknown,
  work: () => Promise<T>,
): Promise<void> {
  if (typeof ack !== "function") return;
  const reply = ack as AckCallback<T>;
  try {
    reply({ ok: true, ...(await work()) });
  } catch (error) {
    const known = isSynaqError(error) ? error : storageError(error);
    if (known) {
      if (known.id === "storage_full") ctx.storage.refused();
      reply({ ok: false, error: { id: known.id, message: known.message } });
      return;
    }
    ctx.logger.error({ err: error }, "socket handler failed");
    reply({
      ok: false,
      error: {
        id: "internal_error",
        message: "Something went wrong on our side. It has been logged.",
      },
    });
  }
}

const ACTIVE = new Set(["admitted", "instructions", "in_progress", "paused"]);
const SEAT_MAP_ROLES = new Set<string>([
  "administrator",
  "operator",
  "manager",
  "network-manager",
]);

/**
 * The request id of a kiosk command's payload (`requestId`): undefined
 * without one, 400 `invalid_request_id` when malformed.
 */
function requestIdOfPayload(payload: unknown): string | undefined {
  const value =
    typeof payload === "object" && payload !== null
      ? (payload as { requestId?: unknown }).requestId
      : undefined;
  return parseRequestId(value, "requestId");
}

/** The kiosk's own attempt, refused for any other. */
async function ownAttempt(ctx: AppContext, seatId: string, payload: unknown) {
  const parsed = AttemptRefSchema.safeParse(payload);
  if (!parsed.success)
    throw badRequest("invalid_request", "attemptId is required.");
  const bound = await attemptIdOfSeat(ctx.redis, seatId);
  if (bound !== parsed.data.attemptId)
    throw forbidden(
      "This kiosk is not bound to that attempt.",
      "not_your_attempt",
    );
  const attempt = await findAttempt(ctx.redis, bound);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  return attempt;
}

/** Kiosk and console events of the delivery engine. */
export function registerAttemptEvents(
  ctx: AppContext,
  realtime: RealtimeHandles,
): void {
  realtime.kiosk.on("connection", (socket) => {
    const { kioskId, seatId } = socket.data;
    const actor = `kiosk:${kioskId}`;

    void (async () => {
      const kioskBefore = await findKiosk(ctx.redis, kioskId);
      const presence = await markKioskConnection(
        ctx.redis,
        kioskId,
        realtime.processId,
        1,
        ctx.clock.now(),
      );
      const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
      const attempt = attemptId
        ? await findAttempt(ctx.redis, attemptId)
        : null;
      const disconnectedAt = Number(
        (await ctx.redis.hget(`kiosk:${kioskId}`, "disconnectedAt")) ?? 0,
      );
      if (presence?.connections === 1 && disconnectedAt > 0) {
        await ctx.redis.hdel(`kiosk:${kioskId}`, "disconnectedAt");
        if (attempt && ACTIVE.has(attempt.state) && kioskBefore) {
          await recordIncident(ctx, attempt, {
            type: "disconnect",
            source: "server",
            durationMs: ctx.clock.now() - disconnectedAt,
            detail: "The kiosk was disconnected and came back.",
            by: actor,
          });
        }
      }
      if (attempt) await publishSeat(ctx, attempt.slotId, seatId, attempt);
    })().catch((error: unknown) =>
      ctx.logger.warn({ err: error }, "kiosk connect bookkeeping failed"),
    );

    socket.on("disconnect", () => {
      void (async () => {
        const now = ctx.clock.now();
        const presence = await markKioskConnection(
          ctx.redis,
          kioskId,
          realtime.processId,
          -1,
          now,
        );
        if (presence?.connections === 0)
          await ctx.redis.hset(`kiosk:${kioskId}`, "disconnectedAt", now);
        const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
        const attempt = attemptId
          ? await findAttempt(ctx.redis, attemptId)
          : null;
        if (attempt) await publishSeat(ctx, attempt.slotId, seatId, attempt);
      })().catch((error: unknown) =>
        ctx.logger.warn({ err: error }, "kiosk disconnect bookkeeping failed"),
      );
    });

    socket.on("attempt.resync", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
        const attempt = attemptId
          ? await findAttempt(ctx.redis, attemptId)
          : null;
        if (!attempt) return { attempt: null };
        const [form, answers] = await Promise.all([
          loadForm(ctx.redis, attempt.id),
          loadAnswers(ctx.redis, attempt.id),
        ]);
        const ids = form
          ? await kioskIdsOfAttempt(ctx.redis, attempt.id, form)
          : null;
        if (!form || !ids) return { attempt: null };
        return {
          attempt: kioskAttemptView(
            ctx,
            attempt,
            form,
            answers,
            ctx.clock.now(),
            ids,
          ),
        };
      }),
    );

    socket.on("attempt.confirm", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const requestId = requestIdOfPayload(payloadOf(args));
        const attempt = await ownAttempt(ctx, seatId, payloadOf(args));
        const { attempt: snapshot } = await confirmIdentity(
          ctx,
          attempt.id,
          actor,
          requestId,
        );
        return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
      }),
    );

    socket.on("attempt.start", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const requestId = requestIdOfPayload(payloadOf(args));
        const attempt = await ownAttempt(ctx, seatId, payloadOf(args));
        if (ctx.env.START_MODE !== "candidate") {
          throw forbidden(
            "At this center the administrator starts the test.",
            "start_by_administrator",
          );
        }
        const { attempt: snapshot } = await startAttempt(
          ctx,
          attempt.id,
          actor,
          "candidate",
          requestId,
        );
        return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
      }),
    );

    socket.on("answer.save", (...args: unknown[]) =>
      answer(ctx, ackOf(args), () =>
        saveCandidateAnswer(ctx, socket.data, payloadOf(args)),
      ),
    );

    socket.on("attempt.submit", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const requestId = requestIdOfPayload(payloadOf(args));
        const attempt = await ownAttempt(ctx, seatId, payloadOf(args));
        const { attempt: snapshot } = await submitAttempt(
          ctx,
          attempt.id,
          actor,
          "candidate",
          requestId,
        );
        return { attempt: attemptTiming(snapshot, ctx.clock.now()) };
      }),
    );

    socket.on("incident.report", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const parsed = IncidentReportSchema.safeParse(payloadOf(args));
        if (!parsed.success)
          throw badRequest(
            "invalid_incident",
            "The incident report is malformed.",
          );
        const attempt = await ownAttempt(ctx, seatId, {
          attemptId: parsed.data.attemptId,
        });
        await recordIncident(ctx, attempt, {
          type: parsed.data.type,
          source: "kiosk",
          durationMs: parsed.data.durationMs ?? null,
          detail: parsed.data.detail ?? "",
          by: actor,
        });
        return {};
      }),
    );

    socket.on("kiosk.heartbeat", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        const now = ctx.clock.now();
        // The heartbeat also drops sockets counted on a process that died.
        const presence = await markKioskConnection(
          ctx.redis,
          kioskId,
          realtime.processId,
          0,
          now,
        );
        if (presence && presence.connections !== presence.before) {
          const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
          const attempt = attemptId
            ? await findAttempt(ctx.redis, attemptId)
            : null;
          if (attempt) await publishSeat(ctx, attempt.slotId, seatId, attempt);
        }
        return { serverNow: now };
      }),
    );
  });

  realtime.console.on("connection", (socket) => {
    socket.on("slot.watch", (...args: unknown[]) =>
      answer(ctx, ackOf(args), async () => {
        // The live seat map is the same data as GET /slots/:slotId/seats,
        // for the same roles and scope (a reviewer sees results, not the
        // room; staff of one center never see another's).
        const payload = payloadOf(args) as
          { slotId?: unknown } | null | undefined;
        const slotId =
          typeof payload?.slotId === "string"
            ? payload.slotId.slice(0, 100)
            : "";
        try {
          if (!SEAT_MAP_ROLES.has(socket.data.role)) {
            throw forbidden(
              `Your role (${socket.data.role}) cannot watch the seat map.`,
            );
          }
          if (!slotId)
            throw badRequest("invalid_request", "slotId is required.");
          const centerId = await centerOfSlot(ctx.redis, slotId);
          if (centerId && !scopeCovers(socket.data.scope, centerId)) {
            throw outOfScope(
              `This slot belongs to center ${centerId}, which is outside your scope.`,
            );
          }
        } catch (error) {
          // Refused like a REST call: audited as access.refused.
          if (isSynaqError(error) && error.status === 403) {
            await appendAudit(ctx.redis, accountAuditScope(socket.data.scope), {
              actor: `staff:${socket.data.accountId}:${socket.data.role}`,
              action: "access.refused",
              subject: "socket /console slot.watch",
              data: { error: error.id, slotId },
            });
          }
          throw error;
        }
        const seats = await slotSeatMap(ctx, slotId);
        await socket.join(`slot:${slotId}`);
        return { seats };
      }),
    );
    socket.on("slot.unwatch", (...args: unknown[]) => {
      const payload = payloadOf(args) as
        { slotId?: unknown } | null | undefined;
      if (typeof payload?.slotId === "string")
        void socket.leave(`slot:${payload.slotId}`);
    });
  });
}
