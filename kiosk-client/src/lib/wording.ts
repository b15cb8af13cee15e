import type { KioskAttemptView } from "@shared/attempts";
import type { ProgramKind } from "@shared/banks";
import type { ProgramFacts } from "./api";
import type { MessageKey } from "./i18n";

export type { ProgramFacts };

/**
 * What kind of test the candidate is taking, and the words that go with
 * it: a knowledge test has questions with right answers, a
 * personal-qualities assessment has statements rated on a scale.
 *
 * The attempt view carries the program's kind (a server before it did
 * not), but not the scale's labels: the instructions screen reads those
 * from the public program summary (`GET /programs/:id`). The kind comes
 * from, in order: the view; the items' type once the test has started;
 * that summary.
 */

/** The kind the server's view carries (older servers' views did not). */
function viewKind(attempt: KioskAttemptView): ProgramKind | null {
  const kind: unknown = (attempt.program as { kind?: unknown }).kind;
  return kind === "knowledge" || kind === "personal-qualities" ? kind : null;
}

export function programKindOf(
  attempt: KioskAttemptView,
  facts: ProgramFacts | null,
): ProgramKind {
  const sent = viewKind(attempt);
  if (sent) return sent;
  if (attempt.items.length > 0) {
    return attempt.items.every((item) => item.type === "likert")
      ? "personal-qualities"
      : "knowledge";
  }
  if (facts?.programId === attempt.program.id) return facts.kind;
  return "knowledge";
}

/**
 * The points of the assessment's scale: the options of its statements
 * once shown, else the program summary's; null when neither is known.
 */
export function scalePointsOf(
  attempt: KioskAttemptView,
  facts: ProgramFacts | null,
): number | null {
  const statement = attempt.items.find((item) => item.type === "likert");
  if (statement && statement.options.length > 0) {
    return statement.options.length;
  }
  if (facts?.programId === attempt.program.id && facts.scale) {
    return facts.scale.points;
  }
  return null;
}

/** The messages that name what is asked: questions, or statements. */
export interface Wording {
  /** "Question 3 of 55" / "Statement 3 of 32". */
  number: MessageKey;
  /** The navigator's title. */
  navigator: MessageKey;
  /** The submit dialog's two counts. */
  unanswered: MessageKey;
  flagged: MessageKey;
  /** The finished screen's "answered: n of total". */
  answered: MessageKey;
  /** The instructions' total. */
  total: MessageKey;
  /** The rules on the instructions screen, in order (`{max}`: the highest digit that chooses). */
  rules: readonly MessageKey[];
}

export const WORDING: Record<ProgramKind, Wording> = {
  knowledge: {
    number: "test.question",
    navigator: "test.navigator",
    unanswered: "submit.unanswered",
    flagged: "submit.flagged",
    answered: "finished.answered",
    total: "instructions.total",
    rules: [
      "instructions.ruleForbidden",
      "instructions.ruleOneAtATime",
      "instructions.ruleFlag",
      "instructions.ruleSaving",
      "instructions.ruleKeyboard",
      "instructions.ruleTime",
    ],
  },
  "personal-qualities": {
    number: "test.statement",
    navigator: "test.statements",
    unanswered: "submit.unansweredStatements",
    flagged: "submit.flaggedStatements",
    answered: "finished.answeredStatements",
    total: "instructions.totalStatements",
    rules: [
      "instructions.ruleForbidden",
      "instructions.ruleNoRightAnswers",
      "instructions.ruleOneAtATimeStatements",
      "instructions.ruleFlagStatements",
      "instructions.ruleSaving",
      "instructions.ruleKeyboardScale",
      "instructions.ruleTime",
    ],
  },
};

/** The scale a kiosk assumes when it knows an assessment but not its points. */
export const DEFAULT_SCALE_POINTS = 5;

/** Whether the navigator and the screens may name the program's sections. */
export const showsSections = (kind: ProgramKind): boolean =>
  // An assessment's sections are its scales: a candidate who sees which
  // statement measures what can steer the profile.
  kind === "knowledge";
