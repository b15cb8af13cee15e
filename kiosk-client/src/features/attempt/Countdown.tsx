import {
  formatCountdown,
  timeWarning,
  type TimeWarning,
} from "../../lib/countdown";
import { useI18n } from "../../lib/i18n";

/**
 * The remaining time, always visible. The ticking digits are a `timer`
 * (not announced each second); the 10- and 5-minute warnings go to a
 * polite live region, each once.
 */
export function Countdown({
  remainingMs,
  label,
  paused = false,
  warn = false,
}: {
  /** Null until the server time is known. */
  remainingMs: number | null;
  label: string;
  paused?: boolean;
  /** Announce the 10- and 5-minute warnings (the test, not instructions). */
  warn?: boolean;
}) {
  const { t } = useI18n();
  const level: TimeWarning =
    warn && remainingMs !== null ? timeWarning(remainingMs) : "none";
  // The live region's text changes only when a threshold is crossed, so
  // each warning is announced once, not every second.
  const message =
    level === "five"
      ? t("timer.warningFive")
      : level === "ten"
        ? t("timer.warningTen")
        : "";
  return (
    <div className="countdown" data-warning={level} data-paused={paused}>
      <span className="countdown__label" id="countdown-label">
        {paused ? t("timer.paused") : label}
      </span>
      <span
        className="countdown__time"
        role="timer"
        aria-labelledby="countdown-label"
        data-testid="countdown"
      >
        {remainingMs === null ? "––:––" : formatCountdown(remainingMs)}
      </span>
      <span className="countdown__warning" aria-live="polite" role="status">
        {message}
      </span>
    </div>
  );
}
