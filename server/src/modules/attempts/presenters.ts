import {
  remainingMs,
  type AttemptTiming,
  type KioskAttemptView,
  type SeatView,
} from "@shared/attempts";
import { maskIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { toKioskItem } from "../banks";
import type { KioskIdMap } from "./kiosk-ids";
import type { Attempt, AttemptSnapshot, SavedAnswer } from "./repository";
import type { Form } from "@shared/banks";

/** Timer fields for a kiosk or console, read at `now` (Redis time). */
export function attemptTiming(
  attempt: Attempt | AttemptSnapshot,
  now: number,
): AttemptTiming {
  const timing = {
    state: attempt.state,
    deadlineAt: attempt.deadlineAt ?? null,
    pausedAt: attempt.pausedAt ?? null,
    startedAt: attempt.startedAt ?? null,
  };
  return {
    attemptId: attempt.id,
    state: attempt.state,
    deadlineAt: timing.deadlineAt,
    pausedAt: timing.pausedAt,
    instructionsEndsAt: attempt.instructionsEndsAt ?? null,
    remainingMs: remainingMs(timing, now),
    extraMs: attempt.extraMs,
    serverNow: now,
  };
}

const STARTED = new Set([
  "in_progress",
  "paused",
  "submitted",
  "expired",
  "scored",
  "issued",
]);
const RUNNING = new Set(["in_progress", "paused"]);
/** The one section an assessment shows the kiosk. */
const STATEMENTS = "statements";
const STATEMENTS_TITLES = {
  kk: "Тұжырымдар",
  ru: "Утверждения",
  en: "Statements",
};

/**
 * The kiosk's whole view. Items travel only while the test runs, only
 * through toKioskItem, which never copies a key, and only under the
 * attempt's own ids (kiosk-ids.ts), so a key learned elsewhere cannot be
 * matched to the screen. Once the test is over an item keeps its id but
 * not its text: the finished screen counts answers, nothing more.
 */
export function kioskAttemptView(
  ctx: AppContext,
  attempt: Attempt,
  form: Form,
  answers: Record<string, SavedAnswer>,
  now: number,
  ids: KioskIdMap,
  slot: { startsAt: number; timeZone: string },
): KioskAttemptView {
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === attempt.programId,
  );
  if (!program) throw new Error(`program ${attempt.programId} is not loaded`);
  const started = STARTED.has(attempt.state);
  // An assessment's sections are its scales: which statement measures
  // what is part of the scoring, so the kiosk sees one list of statements.
  const assessment = program.kind === "personal-qualities";
  const sections = assessment
    ? [
        {
          id: STATEMENTS,
          titles: STATEMENTS_TITLES,
          questions: form.items.length,
        },
      ]
    : program.sections.map((section) => ({
        id: section.id,
        titles: section.titles,
        questions: section.questions,
      }));
  return {
    ...attemptTiming(attempt, now),
    candidate: { fullName: attempt.fullName, language: attempt.language },
    program: {
      id: program.id,
      titles: program.titles,
      kind: program.kind,
      durationMinutes: program.durationMinutes,
      instructionsMinutes: program.instructionsMinutes,
      sections,
    },
    startMode: ctx.env.START_MODE,
    startsAt: slot.startsAt,
    earlyStart: ctx.env.EARLY_START,
    timeZone: slot.timeZone,
    items: started
      ? form.items.map((formItem) => {
          const item = ctx.catalog.itemsById.get(formItem.itemId);
          if (!item) throw new Error(`item ${formItem.itemId} is not loaded`);
          const shown = toKioskItem(
            item,
            attempt.language,
            formItem.optionOrder,
          );
          return {
            ...shown,
            id: ids.item(item.id),
            stem: RUNNING.has(attempt.state) ? shown.stem : "",
            options: RUNNING.has(attempt.state)
              ? shown.options.map((option) => ({
                  ...option,
                  id: ids.option(item.id, option.id),
                }))
              : [],
            sectionId: assessment ? STATEMENTS : formItem.sectionId,
          };
        })
      : [],
    answers: started ? disguiseAnswers(answers, ids) : {},
    lastSeq: attempt.lastSeq,
    submittedAt: attempt.submittedAt,
  };
}

/** Saved answers under the kiosk's ids (an item no longer on the form is left out). */
function disguiseAnswers(
  answers: Record<string, SavedAnswer>,
  ids: KioskIdMap,
): Record<string, SavedAnswer> {
  const shown: Record<string, SavedAnswer> = {};
  for (const [itemId, saved] of Object.entries(answers)) {
    try {
      shown[ids.item(itemId)] = {
        ...saved,
        response: saved.response.map((optionId) =>
          ids.option(itemId, optionId),
        ),
      };
    } catch {
      continue;
    }
  }
  return shown;
}

export function seatView(
  input: {
    slotId: string;
    seat: { id: string; label: string };
    kiosk: {
      id: string;
      connections: number;
      lastSeenAt: number | null;
    } | null;
    attempt: Attempt | null;
    incidents: number;
  },
  now: number,
): SeatView {
  const { attempt } = input;
  return {
    slotId: input.slotId,
    seatId: input.seat.id,
    label: input.seat.label,
    kiosk: input.kiosk
      ? {
          id: input.kiosk.id,
          connected: input.kiosk.connections > 0,
          lastSeenAt: input.kiosk.lastSeenAt,
        }
      : null,
    attempt: attempt
      ? {
          id: attempt.id,
          state: attempt.state,
          fullName: attempt.fullName,
          maskedIin: maskIin(attempt.iin),
          language: attempt.language,
          answered: attempt.answered,
          total: attempt.total,
          deadlineAt: attempt.deadlineAt,
          pausedAt: attempt.pausedAt,
          remainingMs: remainingMs(attempt, now),
          extraMs: attempt.extraMs,
          lastSaveAt: attempt.lastSaveAt,
          incidents: input.incidents,
          accommodationNote: attempt.accommodationNote,
        }
      : null,
    serverNow: now,
  };
}
