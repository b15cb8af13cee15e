import { z } from "zod";
import type { KioskItem } from "./banks";
import { ATTEMPT_STATES, type AttemptState, type Localized } from "./enums";
import { RequestId } from "./requests";

/** `answer.save` from a kiosk. Sizes are capped; the script checks the rest. */
export const AnswerSaveSchema = z.strictObject({
  attemptId: z.string().min(1).max(64),
  itemId: z.string().min(1).max(100),
  response: z.array(z.string().min(1).max(20)).max(20),
  seq: z.int().min(1).max(1_000_000_000),
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

/** Timer fields of an attempt, with the server time they were read at. */
export interface AttemptTiming {
  attemptId: string;
  state: AttemptState;
  deadlineAt: number | null;
  pausedAt: number | null;
  instructionsEndsAt: number | null;
  /** Remaining test time at `serverNow` (frozen while paused). */
  remainingMs: number | null;
  extraMs: number;
  serverNow: number;
}

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
    durationMinutes: number;
    instructionsMinutes: number;
    sections: { id: string; titles: Localized; questions: number }[];
  };
  startMode: "candidate" | "administrator";
  /** Only once the test has started: nobody previews the questions. */
  items: (KioskItem & { sectionId: string })[];
  answers: Record<string, SavedAnswerView>;
  lastSeq: number;
  submittedAt: number | null;
}

export interface SeatView {
  slotId: string;
  seatId: string;
  label: string;
  kiosk: { id: string; connected: boolean; lastSeenAt: number | null } | null;
  attempt: {
    id: string;
    state: AttemptState;
    fullName: string;
    maskedIin: string;
    language: "kk" | "ru";
    answered: number;
    total: number;
    deadlineAt: number | null;
    pausedAt: number | null;
    remainingMs: number | null;
    extraMs: number;
    lastSaveAt: number | null;
    incidents: number;
    accommodationNote: string;
  } | null;
  serverNow: number;
}

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

export interface IncidentView {
  id: string;
  attemptId: string;
  slotId: string;
  seatId: string;
  type: string;
  source: "kiosk" | "staff" | "server";
  at: number;
  durationMs: number | null;
  detail: string;
  by: string;
}

export const AttemptStateSchema = z.enum(ATTEMPT_STATES);

/** Remaining time: frozen while paused, never negative. */
export function remainingMs(
  timing: {
    state: AttemptState;
    deadlineAt: number | null;
    pausedAt: number | null;
  },
  now: number,
): number | null {
  if (timing.deadlineAt === null) return null;
  const reference =
    timing.state === "paused" && timing.pausedAt !== null
      ? timing.pausedAt
      : now;
  return Math.max(0, timing.deadlineAt - reference);
}
