/** Clock arithmetic and wording for the exam-day screens; pure. */

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * A duration as a countdown reads: "1:05:03" from an hour on, "5:03"
 * below. Seconds are floored, so a countdown never shows more than is left.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0
    ? `${hours}:${pad(minutes)}:${pad(seconds)}`
    : `${minutes}:${pad(seconds)}`;
}

/** How old something is, in the largest whole unit worth saying. */
export function ageParts(ms: number): {
  unit: "seconds" | "minutes" | "hours";
  count: number;
} {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return { unit: "seconds", count: seconds };
  if (seconds < 3600)
    return { unit: "minutes", count: Math.floor(seconds / 60) };
  return { unit: "hours", count: Math.floor(seconds / 3600) };
}

/** The time of day of an epoch instant in a zone: "14:03:27". */
export function clockTime(at: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).format(at);
  } catch {
    return new Date(at).toISOString().slice(11, 19);
  }
}
