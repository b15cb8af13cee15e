/**
 * Which attempts an outage concerns, from plain values (the Lua commands
 * decide again, atomically; these pick whom to ask and what to list).
 */

export interface OutageSpan {
  id: string;
  startedAt: number;
  endedAt: number;
  creditable: boolean;
}

export interface AttemptClock {
  state: string;
  startedAt: number | null;
  deadlineAt: number | null;
  pausedAt: number | null;
  submitReason: string | null;
  officialAt: number | null;
}

/**
 * The test time an outage took from an attempt: from the outage's start
 * (or the test's, if later) until its end, or until a pause stopped the
 * clock. Nothing when the attempt had no time left as the outage began, or
 * was not running.
 */
export function timeLostTo(outage: OutageSpan, attempt: AttemptClock): number {
  if (attempt.state !== "in_progress" && attempt.state !== "paused") return 0;
  if (attempt.startedAt === null || attempt.deadlineAt === null) return 0;
  const since = Math.max(outage.startedAt, attempt.startedAt);
  if (attempt.deadlineAt <= since) return 0;
  const ranUntil =
    attempt.state === "paused" && attempt.pausedAt !== null
      ? Math.min(outage.endedAt, attempt.pausedAt)
      : outage.endedAt;
  return Math.max(0, ranUntil - since);
}

/**
 * The outage an attempt expired in: the timer ended it at a deadline that
 * fell in a creditable outage (in its first seconds, before a stale beat
 * told the timer to wait). Such an attempt may be reopened until its
 * result is official.
 */
export function outageExpiredIn<Outage extends OutageSpan>(
  attempt: AttemptClock,
  outages: readonly Outage[],
): Outage | null {
  if (attempt.state !== "expired" && attempt.state !== "scored") return null;
  if (attempt.submitReason !== "deadline" || attempt.officialAt !== null) {
    return null;
  }
  const deadline = attempt.deadlineAt;
  if (deadline === null) return null;
  return (
    outages.find(
      (outage) =>
        outage.creditable &&
        outage.startedAt < deadline &&
        deadline <= outage.endedAt,
    ) ?? null
  );
}
