import {
  ANSWER_LIMITS,
  AnswerSaveSchema,
  AttemptRefSchema,
  IncidentReportSchema,
  type AnswerSave,
  type AttemptCommandPayload,
  type IncidentReport,
} from "@shared/attempts";
import { SlotWatchSchema } from "@shared/realtime";
import { z } from "zod";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { parseRequestId } from "../../http/request-id";
import type { RealtimeHandles } from "../../realtime/namespaces";
import { onRequest } from "../../realtime/request";
import { saveCandidateAnswer } from "./answers";
import {
  confirmOwnAttempt,
  kioskAttempt,
  kioskConnected,
  kioskDisconnected,
  kioskHeartbeat,
  reportKioskIncident,
  startOwnAttempt,
  submitOwnAttempt,
  watchSeatMap,
} from "./realtime";

/** Any object, for its `requestId` (checked before the rest). */
const CommandRequestId = z.looseObject({ requestId: z.unknown() });

/**
 * A kiosk command's payload: its `requestId` first (400
 * `invalid_request_id` when malformed), then the attempt it names.
 */
function parseCommand(payload: unknown): AttemptCommandPayload {
  const requestId = parseRequestId(
    CommandRequestId.safeParse(payload).data?.requestId,
    "requestId",
  );
  const parsed = AttemptRefSchema.safeParse(payload);
  if (!parsed.success)
    throw badRequest("invalid_request", "attemptId is required.");
  return { attemptId: parsed.data.attemptId, requestId };
}

const ANSWER_KEYS = new Set(["attemptId", "itemId", "response", "seq"]);

const isText = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= max;

/**
 * The well-formed answer as AnswerSaveSchema takes it, checked by hand:
 * the hot path's zod parse cost more than the rest of the check. Anything
 * this does not accept goes to the schema, which decides and says why.
 */
function wellFormedAnswer(payload: unknown): AnswerSave | null {
  if (typeof payload !== "object" || payload === null) return null;
  if (Array.isArray(payload)) return null;
  const keys = Object.keys(payload);
  if (keys.length !== 4 || !keys.every((key) => ANSWER_KEYS.has(key)))
    return null;
  const { attemptId, itemId, response, seq } = payload as Record<
    string,
    unknown
  >;
  if (
    !isText(attemptId, ANSWER_LIMITS.attemptId) ||
    !isText(itemId, ANSWER_LIMITS.itemId)
  )
    return null;
  if (!Array.isArray(response) || response.length > ANSWER_LIMITS.options)
    return null;
  for (const option of response as unknown[]) {
    if (!isText(option, ANSWER_LIMITS.option)) return null;
  }
  if (
    typeof seq !== "number" ||
    !Number.isSafeInteger(seq) ||
    seq < 1 ||
    seq > ANSWER_LIMITS.seq
  )
    return null;
  return { attemptId, itemId, response: response as string[], seq };
}

function parseAnswer(payload: unknown): AnswerSave {
  const fast = wellFormedAnswer(payload);
  if (fast) return fast;
  const parsed = AnswerSaveSchema.safeParse(payload);
  if (!parsed.success) {
    throw badRequest(
      "invalid_answer",
      `The answer is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

function parseIncident(payload: unknown): IncidentReport {
  const parsed = IncidentReportSchema.safeParse(payload);
  if (!parsed.success)
    throw badRequest("invalid_incident", "The incident report is malformed.");
  return parsed.data;
}

/** The slot a console names; "" when it names none (refused after its role). */
function slotIdOf(payload: unknown): string {
  const parsed = SlotWatchSchema.safeParse(payload);
  return parsed.success ? parsed.data.slotId : "";
}

/**
 * Kiosk and console events of the delivery engine. Each handler parses
 * its payload, makes one call of the attempts service and replies; an
 * answer goes kiosk journal → `answer.save` → saveCandidateAnswer → the
 * save-answers Lua script (batched).
 */
export function registerAttemptEvents(
  ctx: AppContext,
  realtime: RealtimeHandles,
): void {
  const { processId } = realtime;

  realtime.kiosk.on("connection", (socket) => {
    const kiosk = socket.data;
    kioskConnected(ctx, kiosk, processId).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, "kiosk connect bookkeeping failed"),
    );
    socket.on("disconnect", () => {
      kioskDisconnected(ctx, kiosk, processId).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, "kiosk disconnect bookkeeping failed"),
      );
    });

    onRequest(ctx, socket, "attempt.resync", () => kioskAttempt(ctx, kiosk));
    onRequest(ctx, socket, "attempt.confirm", (payload) =>
      confirmOwnAttempt(ctx, kiosk, parseCommand(payload)),
    );
    onRequest(ctx, socket, "attempt.start", (payload) =>
      startOwnAttempt(ctx, kiosk, parseCommand(payload)),
    );
    onRequest(ctx, socket, "answer.save", (payload) =>
      saveCandidateAnswer(ctx, kiosk, parseAnswer(payload)),
    );
    onRequest(ctx, socket, "attempt.submit", (payload) =>
      submitOwnAttempt(ctx, kiosk, parseCommand(payload)),
    );
    onRequest(ctx, socket, "incident.report", (payload) =>
      reportKioskIncident(ctx, kiosk, parseIncident(payload)),
    );
    onRequest(ctx, socket, "kiosk.heartbeat", () =>
      kioskHeartbeat(ctx, kiosk, processId),
    );
  });

  realtime.console.on("connection", (socket) => {
    onRequest(ctx, socket, "slot.watch", async (payload) => {
      const slotId = slotIdOf(payload);
      const seats = await watchSeatMap(ctx, socket.data, slotId);
      await socket.join(`slot:${slotId}`);
      return { seats };
    });
    socket.on("slot.unwatch", (payload: unknown) => {
      const parsed = SlotWatchSchema.safeParse(payload);
      if (parsed.success) void socket.leave(`slot:${parsed.data.slotId}`);
    });
  });
}
