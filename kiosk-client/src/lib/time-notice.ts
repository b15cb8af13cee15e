import type { AttemptTiming, AttemptUpdate } from "@shared/attempts";
import type { UiLanguage } from "@shared/enums";
import type { MessageKey } from "./i18n";

/**
 * What the candidate is told when the clock changes under them: time
 * added by the staff (ad hoc, or a disconnection given back), time lost to
 * a server outage given back, a pause, a resume.
 */
export type TimeNoticeKind =
  | { kind: "added"; ms: number }
  | { kind: "credited"; ms: number }
  | { kind: "paused" }
  | { kind: "resumed" };

export type TimeNotice = TimeNoticeKind & { id: number };

/** How long a notice stays on screen (the live region keeps no history). */
export const TIME_NOTICE_MS = 12_000;

/**
 * The notice an `attempt.updated` calls for, or null. The server names the
 * change (`extended`, `outage_credited`, `resumed`; a pause carries the
 * staff's words); the amount is how far the deadline moved, so a resume,
 * which also moves it by the paused time, is never "time added".
 */
export function timeNoticeOf(
  before: AttemptTiming,
  update: AttemptUpdate,
): TimeNoticeKind | null {
  if (update.detached || before.attemptId !== update.attemptId) return null;
  if (before.state === "in_progress" && update.state === "paused") {
    return { kind: "paused" };
  }
  if (before.state === "paused" && update.state === "in_progress") {
    return { kind: "resumed" };
  }
  if (update.state !== "in_progress" && update.state !== "paused") return null;
  if (update.reason !== "extended" && update.reason !== "outage_credited") {
    return null;
  }
  const ms =
    before.deadlineAt !== null && update.deadlineAt !== null
      ? update.deadlineAt - before.deadlineAt
      : update.extraMs - before.extraMs;
  if (ms < 1_000) return null;
  return update.reason === "extended"
    ? { kind: "added", ms }
    : { kind: "credited", ms };
}

type Translate = (
  key: MessageKey,
  values?: Record<string, string | number>,
) => string;

const PLURAL_FORMS = ["one", "few", "many", "other"] as const;
type PluralForm = (typeof PLURAL_FORMS)[number];

function pluralForm(language: UiLanguage, count: number): PluralForm {
  const rule = new Intl.PluralRules(language).select(count);
  return (PLURAL_FORMS as readonly string[]).includes(rule)
    ? (rule as PluralForm)
    : "other";
}

/**
 * A duration in words, whole seconds: "5 минут", "1 минута 30 секунд",
 * "40 seconds". Minutes are counted, not rounded: an outage credit is
 * rarely a whole number of them.
 */
export function durationWords(
  ms: number,
  language: UiLanguage,
  t: Translate,
): string {
  const totalSeconds = Math.max(1, Math.round(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (minutes > 0) {
    parts.push(
      t(`unit.minute.${pluralForm(language, minutes)}`, { n: minutes }),
    );
  }
  if (seconds > 0) {
    parts.push(
      t(`unit.second.${pluralForm(language, seconds)}`, { n: seconds }),
    );
  }
  return parts.join(" ");
}

/** The notice as the candidate reads (and a screen reader says) it. */
export function timeNoticeText(
  notice: TimeNoticeKind,
  language: UiLanguage,
  t: Translate,
): string {
  switch (notice.kind) {
    case "added":
      return t("notice.added", {
        amount: durationWords(notice.ms, language, t),
      });
    case "credited":
      return t("notice.credited", {
        amount: durationWords(notice.ms, language, t),
      });
    case "paused":
      return t("notice.paused");
    case "resumed":
      return t("notice.resumed");
  }
}
