import { Router } from "express";
import { z } from "zod";
import { CertificateNumberSchema } from "@shared/certificates";
import {
  AcknowledgeRequestSchema,
  AdmissionRequestSchema,
  AdmissionSchema,
  AttemptDetailSchema,
  AttemptTimingSchema,
  ChainResultSchema,
  ExtendRequestSchema,
  GrantRequestSchema,
  HandoverRequestSchema,
  HandoverSchema,
  IncidentGrantSchema,
  IncidentSchema,
  ReasonRequestSchema,
  VoidRequestSchema,
  ReentryRequestSchema,
  ReseatRequestSchema,
  ResultRowSchema,
  RoomCommandResultSchema,
  SeatViewSchema,
  SignOffCheckSchema,
  SignOffRequestSchema,
  SignOffResultSchema,
  SlotSignOffSchema,
  StaffIncidentRequestSchema,
} from "@shared/attempts";
import {
  BulkAcknowledgedSchema,
  BulkAcknowledgeRequestSchema,
  IncidentEpisodeSchema,
} from "@shared/incidents";
import type { AppContext } from "../../context";
import { defineRoute, type StaffPrincipal } from "../../http/route";
import { assertInScope } from "../../http/scope";
import { centerOfSeat } from "../centers";
import { centerOfDocument } from "../certificates";
import { centerOfSlot } from "../slots";
import { admitCandidate } from "./admission";
import { chainAttempt } from "./chain";
import {
  commandRoom,
  extendAttempt,
  pauseAttempt,
  recordReentry,
  reseatAttempt,
  resumeAttempt,
  startAttempt,
  submitAttempt,
  voidAttempt,
} from "./commands";
import { handOverArchivedDocument, handOverDocument } from "./handover";
import { acknowledgeEpisodes, slotEpisodes } from "./incidents";
import { slotSeatMap } from "./seat-map";
import { slotProtocol } from "./protocol-roster";
import { signOffAttempt, signOffCheck, signOffSlot } from "./signoff";
import {
  acknowledgeIncident,
  attemptDetail,
  centerOfAttempt,
  centerOfIncident,
  grantIncidentDowntime,
  recordStaffIncident,
  slotIncidents,
  slotResults,
  timingOf,
} from "./supervision";

const actorOf = (actor: StaffPrincipal) =>
  `staff:${actor.accountId}:${actor.role}`;
const SlotParams = z.object({ slotId: z.string().min(1).max(100) });
const AttemptParams = z.object({ attemptId: z.string().min(1).max(100) });
const DocumentNumberParams = z.object({ number: CertificateNumberSchema });
const ADMINISTRATOR = ["administrator"] as const;
const SUPERVISORS = ["administrator", "operator"] as const;
const STAFF = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;

export function attemptRoutes(ctx: AppContext): Router {
  const router = Router();
  // The centers staff scope is checked against (http/scope.ts).
  const slotCenter = ({ slotId }: { slotId: string }) =>
    centerOfSlot(ctx, slotId);
  const attemptCenter = ({ attemptId }: { attemptId: string }) =>
    centerOfAttempt(ctx, attemptId);
  const incidentCenter = ({ incidentId }: { incidentId: string }) =>
    centerOfIncident(ctx, incidentId);
  const timing = (attemptId: string) => timingOf(ctx, attemptId);

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/admissions",
    summary: "Admit a candidate by the IIN on their ID document",
    tags: ["admission"],
    access: ADMINISTRATOR,
    status: 201,
    params: SlotParams,
    center: slotCenter,
    body: AdmissionRequestSchema,
    response: AdmissionSchema,
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
    response: z.array(SeatViewSchema),
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
      body: action === "start" ? z.object({}) : ReasonRequestSchema,
      idempotent: true,
      response: RoomCommandResultSchema,
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
    response: AttemptDetailSchema,
    handler: ({ params }) => attemptDetail(ctx, params.attemptId),
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
      response: AttemptTimingSchema,
      errors: {
        404: "Unknown attempt",
        409: "Not allowed in the attempt's state",
        422: "IIN mismatch or bad input",
      },
      handler: async ({ params, actor, body: input, requestId }) => {
        const { seatId } = input as { seatId?: unknown };
        // Re-seating moves the candidate to a seat: that seat's center too.
        if (typeof seatId === "string")
          assertInScope(actor, await centerOfSeat(ctx, seatId));
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
    ReasonRequestSchema,
    (id, actor, b, requestId) =>
      pauseAttempt(ctx, id, actor, String(b.reason), requestId),
  );
  seatCommand(
    "resume",
    "Resume this seat (the paused time is given back)",
    SUPERVISORS,
    ReasonRequestSchema,
    (id, actor, b, requestId) =>
      resumeAttempt(ctx, id, actor, String(b.reason), requestId),
  );
  seatCommand(
    "extend",
    "Add time, with a reason",
    ADMINISTRATOR,
    ExtendRequestSchema,
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
    ReasonRequestSchema,
    (id, actor, _b, requestId) =>
      submitAttempt(ctx, id, actor, "forced", requestId),
  );
  seatCommand(
    "void",
    "Void this attempt, with a reason and its cause (a technical failure does not count for the retake interval)",
    ADMINISTRATOR,
    VoidRequestSchema,
    (id, actor, b, requestId) =>
      voidAttempt(
        ctx,
        id,
        actor,
        {
          reason: String(b.reason),
          cause: b.cause === "conduct" ? "conduct" : "technical",
        },
        requestId,
      ),
  );
  seatCommand(
    "reseat",
    "Move the candidate to another kiosk (ID checked again), keeping answers and time",
    ["operator"],
    ReseatRequestSchema,
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
    ReentryRequestSchema,
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
    path: "/attempts/:attemptId/chain",
    summary:
      "Continue the candidate with the assessment that follows in the same room: booked at the desk and admitted to the same seat",
    tags: ["admission"],
    access: ADMINISTRATOR,
    status: 201,
    params: AttemptParams,
    center: attemptCenter,
    body: z.object({}),
    response: ChainResultSchema,
    idempotent: true,
    errors: {
      404: "Unknown attempt (attempt_not_found)",
      409: "The test is not official (not_official), its document not issued yet (not_issued), a reference or a revoked certificate (not_certified), not a knowledge test (not_a_knowledge_test), already continued (already_chained); no assessment slot admitting now in this room (no_follow_on_slot), its booking closed and the candidate holds none (follow_on_booking_closed), no seat left (slot_full); the seat taken (seat_taken) or without a kiosk (seat_not_enrolled); the candidate admitted to another slot (admitted_elsewhere) or to this one (booking_admitted); a booking rule (already_booked, certificate_required, …); the Idempotency-Key came with another request (request_id_reused)",
      422: "The assessment is not for the candidate's position (not_eligible) or not in their language (language_not_offered)",
    },
    handler: ({ params, actor, requestId }) =>
      chainAttempt(ctx, actor, params.attemptId, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/attempts/:attemptId/incidents",
    summary: "Log an incident observed by staff",
    tags: ["incidents"],
    access: SUPERVISORS,
    status: 201,
    params: AttemptParams,
    center: attemptCenter,
    body: StaffIncidentRequestSchema,
    response: IncidentSchema,
    handler: ({ params, body, actor }) =>
      recordStaffIncident(ctx, params.attemptId, {
        type: body.type,
        detail: body.detail,
        by: actorOf(actor),
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/incidents",
    summary: "The incident queue of a slot, oldest first",
    tags: ["incidents"],
    access: STAFF,
    params: SlotParams,
    center: slotCenter,
    response: z.array(IncidentSchema),
    handler: ({ params }) => slotIncidents(ctx, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/incident-episodes",
    summary:
      "The incident queue folded per seat and episode: a kiosk's disconnects and reloads close together are one line",
    tags: ["incidents"],
    access: STAFF,
    params: SlotParams,
    center: slotCenter,
    response: z.array(IncidentEpisodeSchema),
    handler: ({ params }) => slotEpisodes(ctx, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/incidents/acknowledge",
    summary:
      "Acknowledge incident episodes at once with one comment: the chosen ones, or every open connection episode",
    tags: ["incidents"],
    access: SUPERVISORS,
    params: SlotParams,
    center: slotCenter,
    body: BulkAcknowledgeRequestSchema,
    idempotent: true,
    response: BulkAcknowledgedSchema,
    errors: { 404: "An episode not of this slot (incident_episode_not_found)" },
    handler: ({ params, body, actor, requestId }) =>
      acknowledgeEpisodes(ctx, params.slotId, {
        episodeIds: body.episodeIds,
        comment: body.comment,
        actor: actorOf(actor),
        staffName: actor.fullName,
        requestId,
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/incidents/:incidentId/acknowledge",
    summary: "Acknowledge an incident, optionally with a comment",
    tags: ["incidents"],
    access: SUPERVISORS,
    params: z.object({ incidentId: z.string().min(1).max(100) }),
    center: incidentCenter,
    body: AcknowledgeRequestSchema,
    response: IncidentSchema,
    handler: ({ params, body, actor }) =>
      acknowledgeIncident(
        ctx,
        params.incidentId,
        { actor: actorOf(actor), name: actor.fullName },
        body.comment,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/incidents/:incidentId/grant",
    summary: "Give the measured downtime of an incident back to the candidate",
    tags: ["incidents"],
    access: ["operator"],
    params: z.object({ incidentId: z.string().min(1).max(100) }),
    center: incidentCenter,
    body: GrantRequestSchema,
    idempotent: true,
    response: IncidentGrantSchema,
    errors: {
      409: "Already granted, nothing measured, or the test is over (grant_closed)",
    },
    handler: ({ params, body, actor, requestId }) =>
      grantIncidentDowntime(ctx, params.incidentId, {
        reason: body.reason,
        by: actorOf(actor),
        byName: actor.fullName,
        requestId,
      }),
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
    body: SignOffRequestSchema,
    idempotent: true,
    response: SignOffResultSchema,
    errors: {
      409: "Unreviewed incidents of the attempt and no overrideReason (signoff_unresolved), already signed, the same person twice",
    },
    handler: ({ params, body, actor, requestId }) =>
      signOffAttempt(
        ctx,
        actor,
        params.attemptId,
        requestId,
        body.overrideReason,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/sign-off",
    summary:
      "What a sign-off would sign over: unreviewed incidents, candidates not finished, finished results the caller has not signed",
    tags: ["results"],
    access: SUPERVISORS,
    params: SlotParams,
    center: slotCenter,
    response: SignOffCheckSchema,
    handler: ({ params, actor }) => signOffCheck(ctx, actor, params.slotId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/slots/:slotId/sign-off",
    summary:
      "Confirm every finished (scored) result of a slot in one batch; unresolved items need overrideReason",
    tags: ["results"],
    access: SUPERVISORS,
    params: SlotParams,
    center: slotCenter,
    body: SignOffRequestSchema,
    idempotent: true,
    response: SlotSignOffSchema,
    errors: {
      409: "Unreviewed incidents or candidates not finished and no overrideReason (signoff_unresolved)",
    },
    handler: ({ params, body, actor, requestId }) =>
      signOffSlot(ctx, actor, params.slotId, requestId, body.overrideReason),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/slots/:slotId/protocol.pdf",
    summary:
      "The slot's signed results protocol: every booked candidate with a result or a status, both staff members",
    tags: ["certificates"],
    access: STAFF,
    // The id names a file on disk: plain characters only.
    params: z.object({
      slotId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a slot id"),
    }),
    center: slotCenter,
    produces: "application/pdf",
    errors: {
      404: "No booked candidates and no official results (protocol_empty)",
    },
    handler: async ({ params, res }) => {
      const pdf = await slotProtocol(ctx, params.slotId);
      res.status(200);
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Length", String(pdf.length));
      res.setHeader(
        "Content-Disposition",
        `inline; filename="protocol-${params.slotId}.pdf"`,
      );
      res.setHeader("Cache-Control", "private, no-store");
      res.end(pdf);
      return undefined;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/attempts/:attemptId/handover",
    summary:
      "Record that the candidate received the issued document: printed and handed over, or sent electronically (once per document)",
    tags: ["results"],
    access: SUPERVISORS,
    params: AttemptParams,
    center: attemptCenter,
    body: HandoverRequestSchema,
    idempotent: true,
    response: HandoverSchema,
    errors: {
      404: "Unknown attempt (attempt_not_found)",
      409: "No document issued yet (document_not_issued), a new one issued meanwhile (document_replaced), the document revoked (document_revoked); the Idempotency-Key came with another request (request_id_reused)",
    },
    handler: ({ params, body, actor, requestId }) =>
      handOverDocument(ctx, actor, params.attemptId, body.method, requestId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/documents/:number/handover",
    summary:
      "Record the hand-over of a document by its number: for a document whose slot was archived before the candidate collected it (a live one goes to its attempt's hand-over)",
    tags: ["results"],
    access: SUPERVISORS,
    params: DocumentNumberParams,
    center: ({ number }) => centerOfDocument(ctx, number),
    body: HandoverRequestSchema,
    idempotent: true,
    response: HandoverSchema,
    errors: {
      403: "The document's center is outside your scope (out_of_scope)",
      404: "Unknown document (document_not_found)",
      409: "Already handed over differently, revoked or replaced (document_revoked, document_replaced); the Idempotency-Key came with another request (request_id_reused)",
    },
    handler: ({ params, body, actor, requestId }) =>
      handOverArchivedDocument(
        ctx,
        actor,
        params.number,
        body.method,
        requestId,
      ),
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
    response: z.array(ResultRowSchema),
    handler: ({ params }) => slotResults(ctx, params.slotId),
  });

  return router;
}
