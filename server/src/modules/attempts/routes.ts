import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../../context";
import { conflict, notFound, storageError } from "../../errors";
import { defineRoute, type StaffPrincipal } from "../../http/route";
import { readAudit } from "../audit/repository";
import { assertInScope } from "../../http/scope";
import { centerOfSeat, centerOfSlot } from "../centers/owners";
import { admitCandidate } from "./admission";
import {
  commandRoom,
  extendAttempt,
  type ExtendInput,
  pauseAttempt,
  recordIncident,
  recordReentry,
  reseatAttempt,
  resumeAttempt,
  startAttempt,
  submitAttempt,
  voidAttempt,
} from "./commands";
import { attemptTiming } from "./presenters";
import { storedReply } from "../../redis/request";
import {
  attemptIdsOfSlot,
  attemptRequest,
  claimIncidentGrant,
  findAttempt,
  findAttempts,
  findIncident,
  listIncidents,
  listSlotIncidents,
  releaseIncidentGrant,
  saveIncident,
} from "./repository";
import { slotSeatMap } from "./seat-map";
import { publishSeat } from "./service";
import { signOffAttempt, signOffSlot } from "./signoff";

const actorOf = (actor: StaffPrincipal) =>
  `staff:${actor.accountId}:${actor.role}`;
const Reason = z
  .string()
  .trim()
  .min(3, "say why (at least 3 characters)")
  .max(500);
const SlotParams = z.object({ slotId: z.string().min(1).max(100) });
const AttemptParams = z.object({ attemptId: z.string().min(1).max(100) });
const ADMINISTRATOR = ["administrator"] as const;
const SUPERVISORS = ["administrator", "operator"] as const;
const STAFF = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;

const Timing = z
  .object({
    attemptId: z.string(),
    state: z.string(),
    deadlineAt: z.number().nullable(),
    pausedAt: z.number().nullable(),
    instructionsEndsAt: z.number().nullable(),
    remainingMs: z.number().nullable(),
    extraMs: z.number(),
    serverNow: z.number(),
  })
  .meta({ id: "AttemptTiming" });

export function attemptRoutes(ctx: AppContext): Router {
  const router = Router();
  // The centers staff scope is checked against (http/scope.ts).
  const slotCenter = ({ slotId }: { slotId: string }) =>
    centerOfSlot(ctx.redis, slotId);
  const attemptCenter = async ({ attemptId }: { attemptId: string }) => {
    const attempt = await findAttempt(ctx.redis, attemptId);
    return attempt ? centerOfSlot(ctx.redis, attempt.slotId) : null;
  };
  const incidentCenter = async ({ incidentId }: { incidentId: string }) => {
    const incident = await findIncident(ctx.redis, incidentId);
    return incident ? centerOfSlot(ctx.redis, incident.slotId) : null;
  };
  const timing = async (attemptId: string) => {
    const attempt = await findAttempt(ctx.redis, attemptId);
    if (!attempt)
      throw notFound("attempt_not_found", "There is no such attempt.");
    return attemptTiming(attempt, ctx.clock.now());
  };

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/admissions",
    summary: "Admit a candidate by the IIN on their ID document",
    tags: ["admission"],
    access: ADMINISTRATOR,
    status: 201,
    params: SlotParams,
    center: slotCenter,
    body: z.object({
      iin: z.string().max(32).describe("12-digit IIN from the ID document"),
      seatId: z.string().max(100).optional(),
    }),
    idempotent: true,
    errors: {
      404: "Unknown slot",
      409: "Not on the roster, outside the admission window, already admitted, no free seat",
      422: "Invalid IIN (the reason says which check failed)",
    },
    handler: ({ params, body, actor, requestId }) =>
      admitCandidate(
        ctx,
        actor,
        { slotId: params.slotId, iin: body.iin, seatId: body.seatId },
        requestId,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/seats",
    summary: "The live seat map of a slot's room",
    tags: ["supervision"],
    access: STAFF,
    params: SlotParams,
    center: slotCenter,
    handler: ({ params }) => slotSeatMap(ctx, params.slotId),
  });

  for (const [action, states, run] of [
    [
      "start",
      ["admitted", "instructions"],
      (id: string, actor: string, _reason: string, requestId?: string) =>
        startAttempt(ctx, id, actor, "staff", requestId),
    ],
    [
      "pause",
      ["in_progress"],
      (id: string, actor: string, reason: string, requestId?: string) =>
        pauseAttempt(ctx, id, actor, reason, requestId),
    ],
    [
      "resume",
      ["paused"],
      (id: string, actor: string, reason: string, requestId?: string) =>
        resumeAttempt(ctx, id, actor, reason, requestId),
    ],
  ] as const) {
    defineRoute(router, ctx.registry, {
      method: "post",
      path: `/slots/:slotId/${action}`,
      summary: `${action[0]?.toUpperCase()}${action.slice(1)} every attempt of the slot's room that can be`,
      tags: ["supervision"],
      access: action === "start" ? ADMINISTRATOR : SUPERVISORS,
      params: SlotParams,
      center: slotCenter,
      body: action === "start" ? z.object({}) : z.object({ reason: Reason }),
      idempotent: true,
      response: z.object({ applied: z.number(), refused: z.number() }),
      handler: ({ params, body, actor, requestId }) => {
        const reason = (body as { reason?: string }).reason ?? "";
        return commandRoom(
          ctx,
          params.slotId,
          states,
          (attempt, partId) => run(attempt.id, actorOf(actor), reason, partId),
          {
            requestId,
            actor: actorOf(actor),
            command: action,
            args: { reason },
          },
        );
      },
    });
  }

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/attempts/:attemptId",
    summary: "An attempt with its timing, incidents and audit timeline",
    tags: ["supervision"],
    access: [...STAFF, "reviewer"],
    params: AttemptParams,
    center: attemptCenter,
    handler: async ({ params }) => {
      const attempt = await findAttempt(ctx.redis, params.attemptId);
      if (!attempt)
        throw notFound("attempt_not_found", "There is no such attempt.");
      const [incidents, timeline] = await Promise.all([
        listIncidents(ctx.redis, attempt.id),
        readAudit(
          ctx.redis,
          `slot:${attempt.slotId}`,
          (entry) =>
            entry.subject === `attempt:${attempt.id}` &&
            entry.action !== "answer.saved",
        ),
      ]);
      const { iin: _iin, ...rest } = attempt;
      return {
        ...rest,
        maskedIin: `${attempt.iin.slice(0, 6)}******`,
        timing: attemptTiming(attempt, ctx.clock.now()),
        incidents,
        timeline,
      };
    },
  });

  const seatCommand = (
    action: string,
    summary: string,
    access: readonly ("administrator" | "operator")[],
    body: z.ZodType,
    run: (
      attemptId: string,
      actor: string,
      body: Record<string, unknown>,
      requestId: string | undefined,
    ) => Promise<unknown>,
  ) =>
    defineRoute(router, ctx.registry, {
      method: "post",
      path: `/attempts/:attemptId/${action}`,
      summary,
      tags: ["supervision"],
      access,
      params: AttemptParams,
      center: attemptCenter,
      body,
      idempotent: true,
      response: Timing,
      errors: {
        404: "Unknown attempt",
        409: "Not allowed in the attempt's state",
        422: "IIN mismatch or bad input",
      },
      handler: async ({ params, actor, body: input, requestId }) => {
        const { seatId } = input as { seatId?: unknown };
        // Re-seating moves the candidate to a seat: that seat's center too.
        if (typeof seatId === "string")
          assertInScope(actor, await centerOfSeat(ctx.redis, seatId));
        await run(
          params.attemptId,
          actorOf(actor),
          input as Record<string, unknown>,
          requestId,
        );
        return timing(params.attemptId);
      },
    });

  seatCommand(
    "start",
    "Start this candidate's test",
    ADMINISTRATOR,
    z.object({}),
    (id, actor, _b, requestId) =>
      startAttempt(ctx, id, actor, "staff", requestId),
  );
  seatCommand(
    "pause",
    "Pause this seat (the time stops)",
    SUPERVISORS,
    z.object({ reason: Reason }),
    (id, actor, b, requestId) =>
      pauseAttempt(ctx, id, actor, String(b.reason), requestId),
  );
  seatCommand(
    "resume",
    "Resume this seat (the paused time is given back)",
    SUPERVISORS,
    z.object({ reason: Reason }),
    (id, actor, b, requestId) =>
      resumeAttempt(ctx, id, actor, String(b.reason), requestId),
  );
  seatCommand(
    "extend",
    "Add time, with a reason",
    ADMINISTRATOR,
    z.object({ minutes: z.number().positive().max(125), reason: Reason }),
    (id, actor, b, requestId) =>
      extendAttempt(
        ctx,
        id,
        actor,
        {
          ms: Math.round(Number(b.minutes) * 60_000),
          reason: String(b.reason),
          kind: "extra_time",
        },
        requestId,
      ),
  );
  seatCommand(
    "submit",
    "Force the submission of this test",
    ADMINISTRATOR,
    z.object({ reason: Reason }),
    (id, actor, _b, requestId) =>
      submitAttempt(ctx, id, actor, "forced", requestId),
  );
  seatCommand(
    "void",
    "Void this attempt, with a reason",
    ADMINISTRATOR,
    z.object({ reason: Reason }),
    (id, actor, b, requestId) =>
      voidAttempt(ctx, id, actor, String(b.reason), requestId),
  );
  seatCommand(
    "reseat",
    "Move the candidate to another kiosk (ID checked again), keeping answers and time",
    ["operator"],
    z.object({
      seatId: z.string().min(1).max(100),
      iin: z.string().max(32),
      reason: Reason,
    }),
    async (id, actor, b, requestId) => {
      const { result } = await reseatAttempt(
        ctx,
        id,
        actor,
        {
          seatId: String(b.seatId),
          iin: String(b.iin),
          reason: String(b.reason),
        },
        requestId,
      );
      return result;
    },
  );
  seatCommand(
    "reentry",
    "Re-entry after a break: the ID document's IIN is checked again",
    SUPERVISORS,
    z.object({ iin: z.string().max(32), reason: Reason.default("break") }),
    (id, actor, b, requestId) =>
      recordReentry(
        ctx,
        id,
        actor,
        { iin: String(b.iin), reason: String(b.reason) },
        requestId,
      ),
  );

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/attempts/:attemptId/incidents",
    summary: "Log an incident observed by staff",
    tags: ["incidents"],
    access: SUPERVISORS,
    status: 201,
    params: AttemptParams,
    center: attemptCenter,
    body: z.object({
      type: z.string().trim().min(2).max(50),
      detail: z.string().trim().max(1000).default(""),
    }),
    handler: async ({ params, body, actor }) => {
      const attempt = await findAttempt(ctx.redis, params.attemptId);
      if (!attempt)
        throw notFound("attempt_not_found", "There is no such attempt.");
      return recordIncident(ctx, attempt, {
        type: body.type,
        source: "staff",
        detail: body.detail,
        by: actorOf(actor),
      });
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/incidents",
    summary: "The incident queue of a slot, oldest first",
    tags: ["incidents"],
    access: STAFF,
    params: SlotParams,
    center: slotCenter,
    handler: ({ params }) => listSlotIncidents(ctx.redis, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/incidents/:incidentId/acknowledge",
    summary: "Acknowledge an incident, optionally with a comment",
    tags: ["incidents"],
    access: SUPERVISORS,
    params: z.object({ incidentId: z.string().min(1).max(100) }),
    center: incidentCenter,
    body: z.object({ comment: z.string().trim().max(1000).optional() }),
    handler: async ({ params, body, actor }) => {
      const incident = await findIncident(ctx.redis, params.incidentId);
      if (!incident)
        throw notFound("incident_not_found", "There is no such incident.");
      const now = ctx.clock.now();
      incident.acknowledgedBy ??= actor.fullName;
      incident.acknowledgedAt ??= now;
      if (body.comment)
        incident.comments = [
          ...(incident.comments ?? []),
          { by: actor.fullName, at: now, text: body.comment },
        ];
      await saveIncident(ctx.redis, incident);
      await publishSeat(ctx, incident.slotId, incident.seatId);
      return incident;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/incidents/:incidentId/grant",
    summary: "Give the measured downtime of an incident back to the candidate",
    tags: ["incidents"],
    access: ["operator"],
    params: z.object({ incidentId: z.string().min(1).max(100) }),
    center: incidentCenter,
    body: z.object({ reason: Reason.default("downtime given back") }),
    idempotent: true,
    errors: { 409: "Already granted or nothing measured" },
    handler: async ({ params, body, actor, requestId }) => {
      const incident = await findIncident(ctx.redis, params.incidentId);
      if (!incident)
        throw notFound("incident_not_found", "There is no such incident.");
      const by = actorOf(actor);
      const extension: ExtendInput = {
        ms: incident.durationMs ?? 0,
        reason: body.reason,
        kind: "downtime",
        incidentId: incident.id,
      };
      const request = attemptRequest(
        requestId,
        incident.attemptId,
        "extend",
        by,
        extension,
      );
      // A repeat of a grant whose time was given (its reply lost on the way)
      // skips the checks the first run changed, and finishes it.
      if (!(await storedReply(ctx.redis, request))) {
        if (incident.grantedMs !== undefined)
          throw conflict(
            "already_granted",
            "This downtime was already given back.",
          );
        if (!incident.durationMs)
          throw conflict(
            "nothing_measured",
            "This incident has no measured duration to give back.",
          );
        // Two operators pressing "grant" at once give the time back once;
        // the claim is the request's, so its repeat may go on.
        if (!(await claimIncidentGrant(ctx.redis, incident.id, request?.key))) {
          throw conflict(
            "already_granted",
            "This downtime was already given back.",
          );
        }
      }
      try {
        await extendAttempt(ctx, incident.attemptId, by, extension, requestId);
      } catch (error) {
        // Redis gone mid-way: the time may have been given. With a request
        // id its repeat finds out, so the claim stays its own; without one
        // (or on a refusal, which changed nothing) it is let go.
        if (!request || !storageError(error))
          await releaseIncidentGrant(ctx.redis, incident.id);
        throw error;
      }
      incident.grantedMs = extension.ms;
      incident.acknowledgedBy ??= actor.fullName;
      incident.acknowledgedAt ??= ctx.clock.now();
      await saveIncident(ctx.redis, incident);
      return { incident, timing: await timing(incident.attemptId) };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/attempts/:attemptId/sign-off",
    summary:
      "Confirm an attempt's results (administrator and operator both do)",
    tags: ["results"],
    access: SUPERVISORS,
    params: AttemptParams,
    center: attemptCenter,
    idempotent: true,
    response: z.object({ attemptId: z.string(), official: z.boolean() }),
    handler: ({ params, actor, requestId }) =>
      signOffAttempt(ctx, actor, params.attemptId, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/sign-off",
    summary: "Confirm every scored result of a slot in one batch",
    tags: ["results"],
    access: SUPERVISORS,
    params: SlotParams,
    center: slotCenter,
    idempotent: true,
    handler: ({ params, actor, requestId }) =>
      signOffSlot(ctx, actor, params.slotId, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/results",
    summary:
      "Scores per section and total, pass or not, sign-off and document status",
    tags: ["results"],
    access: [...STAFF, "reviewer"],
    params: SlotParams,
    center: slotCenter,
    handler: async ({ params }) => {
      const attempts = await findAttempts(
        ctx.redis,
        await attemptIdsOfSlot(ctx.redis, params.slotId),
      );
      return attempts
        .sort((a, b) => a.admittedAt - b.admittedAt)
        .map((attempt) => ({
          attemptId: attempt.id,
          bookingId: attempt.bookingId,
          fullName: attempt.fullName,
          maskedIin: `${attempt.iin.slice(0, 6)}******`,
          seatId: attempt.seatId,
          state: attempt.state,
          result: attempt.result,
          signedAdministrator: attempt.signedAdministrator,
          signedOperator: attempt.signedOperator,
          officialAt: attempt.officialAt,
          certificateNumber: attempt.certificateNumber,
          voidReason: attempt.voidReason,
        }));
    },
  });

  return router;
}
