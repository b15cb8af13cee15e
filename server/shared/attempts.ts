import { z } from "zod";
import { ProfileSchema } from "./assessment";
import { AuditEntrySchema } from "./audit";
import {
  AttemptScoreSchema,
  TestLanguageSchema,
  type KioskItem,
} from "./banks";
import { LocalizedText } from "./booking";
import { ATTEMPT_STATES, type AttemptState, type Localized } from "./enums";
import { IncidentEpisodeSchema } from "./incidents";
import { RequestId } from "./requests";

/** `answer.save` from a kiosk. Sizes are capped; the script checks the rest. */
/** An answer's size limits (the schema's, and the realtime edge's fast check). */
export const ANSWER_LIMITS = {
  attemptId: 64,
  itemId: 100,
  option: 20,
  options: 20,
  seq: 1_000_000_000,
} as const;

export const AnswerSaveSchema = z.strictObject({
  attemptId: z.string().min(1).max(ANSWER_LIMITS.attemptId),
  itemId: z.string().min(1).max(ANSWER_LIMITS.itemId),
  response: z
    .array(z.string().min(1).max(ANSWER_LIMITS.option))
    .max(ANSWER_LIMITS.options),
  seq: z.int().min(1).max(ANSWER_LIMITS.seq),
});
export type AnswerSave = z.infer<typeof AnswerSaveSchema>;

/**
 * The payload of a kiosk's command on its attempt (`attempt.confirm`,
 * `attempt.start`, `attempt.submit`). With a `requestId` (requests.ts) the
 * command takes effect once and a repeat gets the first reply.
 */
export const AttemptRefSchema = z.strictObject({
  attemptId: z.string().min(1).max(64),
  requestId: RequestId.optional(),
});
export type AttemptCommandPayload = z.infer<typeof AttemptRefSchema>;

/** `EARLY_START`: who may go on before the slot's start (start-rule.ts). */
export const EARLY_START_RULES = [
  "never",
  "administrator",
  "candidate",
] as const;
export type EarlyStart = (typeof EARLY_START_RULES)[number];

/** What the kiosk can report about itself while a test runs. */
export const KIOSK_INCIDENT_TYPES = [
  "fullscreen_exit",
  "focus_loss",
  "page_hidden",
  "resize",
  "blocked_shortcut",
  "reload",
  "offline",
] as const;
export type KioskIncidentType = (typeof KIOSK_INCIDENT_TYPES)[number];

export const IncidentReportSchema = z.strictObject({
  attemptId: z.string().min(1).max(64),
  type: z.enum(KIOSK_INCIDENT_TYPES),
  durationMs: z
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .optional(),
  detail: z.string().max(500).optional(),
});
export type IncidentReport = z.infer<typeof IncidentReportSchema>;

export const AttemptStateSchema = z.enum(ATTEMPT_STATES);

/** Timer fields of an attempt, with the server time they were read at. */
export const AttemptTimingSchema = z
  .object({
    attemptId: z.string(),
    state: AttemptStateSchema,
    deadlineAt: z.number().nullable(),
    pausedAt: z.number().nullable(),
    instructionsEndsAt: z.number().nullable(),
    /** Remaining test time at `serverNow` (frozen while paused). */
    remainingMs: z.number().nullable(),
    extraMs: z.number(),
    serverNow: z.number(),
  })
  .meta({ id: "AttemptTiming" });
export type AttemptTiming = z.infer<typeof AttemptTimingSchema>;

/**
 * `attempt.updated` to the kiosk on the seat: the new timing, with the
 * change's code or the staff's words (`reason`), or `detached` when the
 * candidate was re-seated elsewhere.
 */
export type AttemptUpdate = AttemptTiming & {
  reason?: string;
  detached?: boolean;
};

export interface SavedAnswerView {
  response: string[];
  seq: number;
  savedAt: number;
}

/** The whole picture a kiosk needs after any (re)connect. No keys in it. */
export interface KioskAttemptView extends AttemptTiming {
  candidate: { fullName: string; language: "kk" | "ru" };
  program: {
    id: string;
    titles: Localized;
    /** A keyed test, or the personal-qualities assessment (statements). */
    kind: "knowledge" | "personal-qualities";
    durationMinutes: number;
    instructionsMinutes: number;
    sections: { id: string; titles: Localized; questions: number }[];
  };
  startMode: "candidate" | "administrator";
  /**
   * The slot's start and who may go on before it (`EARLY_START`); the
   * waiting screen states them in the center's zone.
   */
  startsAt: number;
  earlyStart: EarlyStart;
  timeZone: string;
  /** Only once the test has started: nobody previews the questions. */
  items: (KioskItem & { sectionId: string })[];
  answers: Record<string, SavedAnswerView>;
  lastSeq: number;
  submittedAt: number | null;
}

/** One seat's tile on the live seat map (GET /slots/:slotId/seats). */
export const SeatViewSchema = z
  .object({
    slotId: z.string(),
    seatId: z.string(),
    label: z.string(),
    kiosk: z
      .object({
        id: z.string(),
        connected: z.boolean(),
        lastSeenAt: z.number().nullable(),
      })
      .nullable(),
    attempt: z
      .object({
        id: z.string(),
        state: AttemptStateSchema,
        fullName: z.string(),
        maskedIin: z.string(),
        language: TestLanguageSchema,
        answered: z.number(),
        total: z.number(),
        deadlineAt: z.number().nullable(),
        pausedAt: z.number().nullable(),
        remainingMs: z.number().nullable(),
        extraMs: z.number(),
        lastSaveAt: z.number().nullable(),
        /** Incident episodes that still need staff (not raw events). */
        incidents: z.number(),
        accommodationNote: z.string(),
      })
      .nullable(),
    serverNow: z.number(),
  })
  .meta({ id: "SeatView" });
export type SeatView = z.infer<typeof SeatViewSchema>;

/**
 * Progress of the seats of one slot, batched: the tile of `seatId` takes
 * `answered` and `lastSaveAt` when it shows `attemptId`. Everything else on
 * a tile changes through `seat.updated`.
 */
export interface SeatProgress {
  slotId: string;
  seats: {
    seatId: string;
    attemptId: string;
    answered: number;
    lastSaveAt: number;
  }[];
}

export const INCIDENT_SOURCES = ["kiosk", "staff", "server"] as const;

/** An incident as it is pushed to consoles (`incident.created`). */
export const IncidentViewSchema = z
  .object({
    id: z.string(),
    attemptId: z.string(),
    slotId: z.string(),
    seatId: z.string(),
    type: z.string(),
    source: z.enum(INCIDENT_SOURCES),
    at: z.number(),
    durationMs: z.number().nullable(),
    detail: z.string(),
    by: z.string(),
  })
  .meta({ id: "IncidentView" });
export type IncidentView = z.infer<typeof IncidentViewSchema>;

/** An incident as stored: the pushed view plus its handling. */
export const IncidentSchema = IncidentViewSchema.extend({
  acknowledgedBy: z.string().optional(),
  /** When it stopped needing staff: acknowledged, or closed automatically. */
  acknowledgedAt: z.number().optional(),
  /** A short disconnect the kiosk recovered from with nothing lost (`incident.auto_closed`). */
  closedAutomatically: z.boolean().optional(),
  comments: z
    .array(z.object({ by: z.string(), at: z.number(), text: z.string() }))
    .optional(),
  /** The downtime given back, once an operator granted it. */
  grantedMs: z.number().optional(),
}).meta({ id: "Incident" });
export type Incident = z.infer<typeof IncidentSchema>;

// ---------------------------------------------------------------------------
// REST: the staff's commands and reads

/** Why staff did something: written to the audit stream and shown to the candidate on a pause. */
export const StaffReasonSchema = z
  .string()
  .trim()
  .min(3, "say why (at least 3 characters)")
  .max(500);

/** POST /slots/:slotId/admissions. */
export const AdmissionRequestSchema = z.object({
  iin: z.string().max(32).describe("12-digit IIN from the ID document"),
  seatId: z.string().max(100).optional(),
});
export type AdmissionRequest = z.infer<typeof AdmissionRequestSchema>;

/** The admitted candidate and the seat they go to. */
export const AdmissionSchema = z
  .object({
    attemptId: z.string(),
    bookingId: z.string(),
    fullName: z.string(),
    language: TestLanguageSchema,
    programId: z.string(),
    seatId: z.string(),
    seatLabel: z.string(),
    /** The accommodation's minutes: all the extra time there was at admission. */
    extraMinutes: z.number(),
    accommodationNote: z.string(),
  })
  .meta({ id: "Admission" });
export type Admission = z.infer<typeof AdmissionSchema>;

/** A command with a reason: pause, resume, submit, void (a seat or a room). */
export const ReasonRequestSchema = z.object({ reason: StaffReasonSchema });
export type ReasonRequest = z.infer<typeof ReasonRequestSchema>;

/**
 * Why an attempt was voided. A technical failure is not held against the
 * candidate (the sitting does not count for the retake interval); conduct
 * (a breach of the rules) is.
 */
export const VOID_CAUSES = ["technical", "conduct"] as const;
export type VoidCause = (typeof VOID_CAUSES)[number];

/** POST /attempts/:attemptId/void (and a room's void). */
export const VoidRequestSchema = z.object({
  reason: StaffReasonSchema,
  cause: z
    .enum(VOID_CAUSES)
    .default("technical")
    .describe(
      "technical: the sitting does not count for the retake interval; conduct: it does",
    ),
});
export type VoidRequest = z.infer<typeof VoidRequestSchema>;

/** POST /attempts/:attemptId/extend. */
export const ExtendRequestSchema = z.object({
  minutes: z.number().positive().max(125),
  reason: StaffReasonSchema,
});
export type ExtendRequest = z.infer<typeof ExtendRequestSchema>;

/** POST /attempts/:attemptId/reseat: the ID document is checked again. */
export const ReseatRequestSchema = z.object({
  seatId: z.string().min(1).max(100),
  iin: z.string().max(32),
  reason: StaffReasonSchema,
});
export type ReseatRequest = z.infer<typeof ReseatRequestSchema>;

/** POST /attempts/:attemptId/reentry: back from a break, ID checked again. */
export const ReentryRequestSchema = z.object({
  iin: z.string().max(32),
  reason: StaffReasonSchema.default("break"),
});
export type ReentryRequest = z.input<typeof ReentryRequestSchema>;

/** What a room command (start, pause, resume every seat) did. */
export const RoomCommandResultSchema = z
  .object({ applied: z.number(), refused: z.number() })
  .meta({ id: "RoomCommandResult" });
export type RoomCommandResult = z.infer<typeof RoomCommandResultSchema>;

/** POST /attempts/:attemptId/incidents: what staff saw. */
export const StaffIncidentRequestSchema = z.object({
  type: z.string().trim().min(2).max(50),
  detail: z.string().trim().max(1000).default(""),
});
export type StaffIncidentRequest = z.input<typeof StaffIncidentRequestSchema>;

/** POST /incidents/:incidentId/acknowledge. */
export const AcknowledgeRequestSchema = z.object({
  comment: z.string().trim().max(1000).optional(),
});
export type AcknowledgeRequest = z.infer<typeof AcknowledgeRequestSchema>;

/** POST /incidents/:incidentId/grant. */
export const GrantRequestSchema = z.object({
  reason: StaffReasonSchema.default("downtime given back"),
});
export type GrantRequest = z.input<typeof GrantRequestSchema>;

/** The incident with its downtime given back, and the attempt's new timing. */
export const IncidentGrantSchema = z
  .object({ incident: IncidentSchema, timing: AttemptTimingSchema })
  .meta({ id: "IncidentGrant" });
export type IncidentGrant = z.infer<typeof IncidentGrantSchema>;

/**
 * The assessment a candidate can continue with in the same visit: an open
 * slot in the room of the candidate's seat whose program requires the
 * program just passed, admitting now (the soonest if several).
 */
export const FollowOnSchema = z
  .object({
    slotId: z.string(),
    programId: z.string(),
    programTitles: LocalizedText,
    startsAt: z.number(),
    lateAdmissionCutoffAt: z.number(),
    bookingCutoffAt: z.number(),
    /** The candidate already holds a booking on it: chaining only admits. */
    booked: z.boolean(),
    /**
     * It still takes bookings. When it does not and the candidate holds
     * none, chaining is refused (`follow_on_booking_closed`): a center that
     * chains schedules the assessment with its booking cutoff at its start.
     */
    bookingOpen: z.boolean(),
    seatsLeft: z.number(),
  })
  .meta({ id: "FollowOn" });
export type FollowOn = z.infer<typeof FollowOnSchema>;

/**
 * POST /attempts/:attemptId/chain: the candidate booked at the desk (or
 * already booked) on the follow-on slot and admitted to the same seat.
 */
export const ChainResultSchema = AdmissionSchema.extend({
  /** The knowledge test's attempt this one continues. */
  chainedFrom: z.string(),
  slotId: z.string(),
  programTitles: LocalizedText,
  startsAt: z.number(),
  /**
   * The booking the desk made for the candidate: its code is shown once
   * (never stored; a repeat of the request derives the same one). Absent
   * when the candidate had booked the assessment already.
   */
  booking: z
    .object({
      id: z.string(),
      code: z.string(),
      receiptUrl: z.string(),
      statusUrl: z.string(),
    })
    .optional(),
}).meta({ id: "ChainResult" });
export type ChainResult = z.infer<typeof ChainResultSchema>;

/** Who confirmed a result, and when. */
export const SignatureSchema = z
  .object({ id: z.string(), fullName: z.string(), at: z.number() })
  .meta({ id: "Signature" });
export type Signature = z.infer<typeof SignatureSchema>;

/**
 * How a document reached the candidate (§7(5): within 20 minutes of the
 * end): printed and handed over at the desk, or sent electronically.
 */
export const HANDOVER_METHODS = ["printed", "electronic"] as const;
export const HandoverMethodSchema = z.enum(HANDOVER_METHODS);
export type HandoverMethod = z.infer<typeof HandoverMethodSchema>;

/** POST /attempts/:attemptId/handover */
export const HandoverRequestSchema = z
  .strictObject({ method: HandoverMethodSchema })
  .meta({ id: "HandoverRequest" });
export type HandoverRequest = z.infer<typeof HandoverRequestSchema>;

/** The recorded hand-over of one document (by its number), by whom and when. */
export const HandoverSchema = z
  .object({
    number: z.string().describe("The document handed over"),
    method: HandoverMethodSchema,
    at: z.number(),
    by: z.object({ id: z.string(), fullName: z.string() }),
  })
  .meta({ id: "Handover" });
export type Handover = z.infer<typeof HandoverSchema>;

/**
 * GET /attempts/:attemptId: the attempt (its IIN masked), its timing, its
 * incidents and its audit timeline.
 */
export const AttemptDetailSchema = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    slotId: z.string(),
    roomId: z.string(),
    seatId: z.string(),
    programId: z.string(),
    fullName: z.string(),
    maskedIin: z.string(),
    language: TestLanguageSchema,
    state: AttemptStateSchema,
    durationMs: z.number(),
    extraMs: z.number(),
    instructionsMs: z.number(),
    admittedAt: z.number(),
    instructionsEndsAt: z.number().nullable(),
    startedAt: z.number().nullable(),
    deadlineAt: z.number().nullable(),
    pausedAt: z.number().nullable(),
    pauseReason: z.string().nullable(),
    pausedTotalMs: z.number(),
    submittedAt: z.number().nullable(),
    submitReason: z.string().nullable(),
    answered: z.number(),
    total: z.number(),
    lastSaveAt: z.number().nullable(),
    lastSeq: z.number(),
    accommodationNote: z.string(),
    result: AttemptScoreSchema.nullable(),
    /** A personal-qualities assessment's profile (then `result` is null). */
    profile: ProfileSchema.nullable(),
    signedAdministrator: SignatureSchema.nullable(),
    signedOperator: SignatureSchema.nullable(),
    officialAt: z.number().nullable(),
    certificateNumber: z.string().nullable(),
    voidReason: z.string().nullable(),
    /** The last hand-over recorded (of `handover.number`); null before any. */
    handover: HandoverSchema.nullable(),
    /** The knowledge test this attempt continues in the same visit (POST …/chain). */
    chainedFrom: z.string().nullable(),
    /** The assessment attempt this one was continued with, once chained. */
    chainedTo: z.string().nullable(),
    /**
     * The slot the candidate can continue with on this seat now (a knowledge
     * test whose certificate is issued, not chained yet); null otherwise.
     */
    followOn: FollowOnSchema.nullable(),
    timing: AttemptTimingSchema,
    incidents: z.array(IncidentSchema),
    /** The incidents folded per episode, as the incident queue shows them. */
    episodes: z.array(IncidentEpisodeSchema),
    timeline: z.array(AuditEntrySchema),
  })
  .meta({ id: "AttemptDetail" });
export type AttemptDetail = z.infer<typeof AttemptDetailSchema>;

/** POST /attempts/:attemptId/sign-off: official once both have signed. */
export const SignOffResultSchema = z
  .object({ attemptId: z.string(), official: z.boolean() })
  .meta({ id: "SignOffResult" });
export type SignOffResult = z.infer<typeof SignOffResultSchema>;

/**
 * POST /attempts/:attemptId/sign-off and /slots/:slotId/sign-off. Signing
 * over unresolved items (unreviewed incidents, candidates not finished)
 * needs a reason; it goes into the sign-off's audit entry.
 */
export const SignOffRequestSchema = z.object({
  overrideReason: StaffReasonSchema.optional(),
});
export type SignOffRequest = z.infer<typeof SignOffRequestSchema>;

/** Where a booked candidate who has not finished stands. */
export const UNFINISHED_STATUSES = [
  "booked",
  "admitted",
  "in_progress",
  "paused",
] as const;

/**
 * GET /slots/:slotId/sign-off: what signing now would sign over. The
 * same counts come with a refused sign-off (409 signoff_unresolved).
 */
export const SignOffCheckSchema = z
  .object({
    /** Incidents of the slot nobody acknowledged (auto-closed ones are reviewed). */
    unreviewedIncidents: z.number(),
    /** The same, per attempt: one result's sign-off answers for its own. */
    incidentsByAttempt: z.record(z.string(), z.number()),
    /** Booked candidates not finished: not tested yet, or still testing. */
    unfinished: z.array(
      z.object({
        bookingId: z.string(),
        fullName: z.string(),
        /** `admitted` covers every state before the test runs. */
        status: z.enum(UNFINISHED_STATUSES),
      }),
    ),
    /** Finished attempts (scored) the caller's role has not signed: "sign all" signs these. */
    toSign: z.number(),
  })
  .meta({ id: "SignOffCheck" });
export type SignOffCheck = z.infer<typeof SignOffCheckSchema>;

/** POST /slots/:slotId/sign-off: how many were signed, which were refused and why. */
export const SlotSignOffSchema = z
  .object({
    signed: z.number(),
    refused: z.array(z.object({ attemptId: z.string(), error: z.string() })),
  })
  .meta({ id: "SlotSignOff" });
export type SlotSignOff = z.infer<typeof SlotSignOffSchema>;

/** One candidate of GET /slots/:slotId/results. */
export const ResultRowSchema = z
  .object({
    attemptId: z.string(),
    bookingId: z.string(),
    fullName: z.string(),
    maskedIin: z.string(),
    seatId: z.string(),
    state: AttemptStateSchema,
    result: AttemptScoreSchema.nullable(),
    /** A personal-qualities assessment's profile: scales, stens, consistency, the rule. */
    profile: ProfileSchema.nullable(),
    signedAdministrator: SignatureSchema.nullable(),
    signedOperator: SignatureSchema.nullable(),
    officialAt: z.number().nullable(),
    certificateNumber: z.string().nullable(),
    voidReason: z.string().nullable(),
    /**
     * The last hand-over recorded; the current document is handed over when
     * its number is `certificateNumber` (a re-issued one is handed again).
     */
    handover: HandoverSchema.nullable(),
    /** The titles of the program's sections, by id: the column headers. */
    sectionTitles: z.record(z.string(), LocalizedText),
  })
  .meta({ id: "ResultRow" });
export type ResultRow = z.infer<typeof ResultRowSchema>;

/** Remaining time: frozen while paused, never negative. */
export function remainingMs(
  timing: {
    state: AttemptState;
    deadlineAt: number | null;
    pausedAt: number | null;
    startedAt?: number | null;
  },
  now: number,
): number | null {
  if (timing.deadlineAt === null) return null;
  // `now` is an estimate of Redis time; it can be a few ms behind the
  // start instant Redis wrote, and no clock shows more than the whole test.
  const reference =
    timing.state === "paused" && timing.pausedAt !== null
      ? timing.pausedAt
      : Math.max(now, timing.startedAt ?? now);
  return Math.max(0, timing.deadlineAt - reference);
}
