/**
 * Instants are stored in UTC (epoch ms) and shown in the center's IANA time
 * zone. Pure: Intl only, so the clients format times exactly as receipts do.
 */

export interface LocalTime {
  /** `22.11.2026`, as Kazakh documents write dates. */
  date: string;
  /** `10:00`, 24-hour. */
  time: string;
  /** `UTC+5` (or `UTC+5:30`, `UTC`). */
  utcOffset: string;
  /** `2026-11-22`, for grouping and sorting. */
  isoDate: string;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a zone name the runtime's time-zone database knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `instant`, seconds dropped. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** Minutes the zone is ahead of UTC at `instant` (300 for Asia/Almaty). */
export function utcOffsetMinutes(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
  );
  const truncated = instant - (((instant % 60_000) + 60_000) % 60_000);
  return Math.round((asUtc - truncated) / 60_000);
}

/** `UTC+5`, `UTC-3:30`, `UTC`. */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "-";
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** Date, time and offset of `instant` as shown in `timeZone`. */
export function toLocalTime(instant: number, timeZone: string): LocalTime {
  const wall = wallClockAt(instant, timeZone);
  return {
    date: `${pad(wall.day)}.${pad(wall.month)}.${wall.year}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
    utcOffset: formatUtcOffset(utcOffsetMinutes(instant, timeZone)),
    isoDate: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`,
  };
}

/** `22.11.2026 10:00 (UTC+5)`: how receipts print a time. */
export function formatLocalDateTime(instant: number, timeZone: string): string {
  const local = toLocalTime(instant, timeZone);
  return `${local.date} ${local.time} (${local.utcOffset})`;
}

/**
 * The instant a wall clock shows `wall` in `timeZone`. Two passes, because
 * the offset at the guess can differ from the offset at the answer near a
 * zone change (Almaty moved from +6 to +5 on 1 March 2024).
 */
export function wallClockToInstant(wall: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
  );
  const first = asUtc - utcOffsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - utcOffsetMinutes(first, timeZone) * 60_000;
}
