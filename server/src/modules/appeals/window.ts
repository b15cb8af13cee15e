import { wallClockAt, wallClockToInstant } from "@shared/time";

/**
 * The appeal window: it closes at the end (local midnight) of the Nth
 * working day after the day the result became official, in the center's
 * zone. Saturdays, Sundays and the configured public holidays are not
 * working days. Pure, so the calendar rules are unit-tested.
 */
export function appealWindowClosesAt(input: {
  officialAt: number;
  timeZone: string;
  workingDays: number;
  holidays: readonly string[];
}): number {
  const official = wallClockAt(input.officialAt, input.timeZone);
  const holidays = new Set(input.holidays);
  // Calendar arithmetic on dates only: a UTC date never skips or repeats a day.
  const day = new Date(
    Date.UTC(official.year, official.month - 1, official.day),
  );
  let counted = 0;
  while (counted < input.workingDays) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day, holidays)) counted += 1;
  }
  day.setUTCDate(day.getUTCDate() + 1);
  return wallClockToInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: 0,
      minute: 0,
    },
    input.timeZone,
  );
}

function isWorkingDay(day: Date, holidays: ReadonlySet<string>): boolean {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.has(day.toISOString().slice(0, 10));
}
