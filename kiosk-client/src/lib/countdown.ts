/**
 * Remaining-time arithmetic and formatting for the candidate's screen.
 * Pure: the caller passes server time (local monotonic time + offset).
 */

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * `54:07`, or `1:10:00` from an hour up. Seconds round up, so `00:00`
 * appears only when the time is really over.
 */
export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0
    ? `${hours}:${pad(minutes)}:${pad(seconds)}`
    : `${pad(minutes)}:${pad(seconds)}`;
}

export type TimeWarning = "none" | "ten" | "five";

const TEN_MINUTES = 10 * 60_000;
const FIVE_MINUTES = 5 * 60_000;

/** Which warning the remaining time calls for (announced once each). */
export function timeWarning(remainingMs: number): TimeWarning {
  if (remainingMs <= FIVE_MINUTES) return "five";
  if (remainingMs <= TEN_MINUTES) return "ten";
  return "none";
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `14:05:09` in the center's zone: when the server saved an answer. */
export function formatClockTime(instant: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/**
 * Remaining test time at server time `now`: frozen at `pausedAt` while
 * paused, never negative. The same rule as `remainingMs` in
 * @shared/attempts, which the kiosk does not import at run time: that
 * module's zod schemas would triple the bundle.
 */
export function remainingAt(
  timing: {
    state: string;
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
