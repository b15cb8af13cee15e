import { wallClockAt, wallClockToInstant } from "./time";

/**
 * Deadlines counted in working days, in a center's zone: the appeal window
 * (after a result became official) and a complaint's decision (after it was
 * filed). Saturdays, Sundays and the configured public holidays
 * (`APPEAL_HOLIDAYS`, YYYY-MM-DD) are not working days. Pure, so the
 * calendar rules are unit-tested.
 */
export interface WorkingDaysInput {
  /** The instant counting starts from; its own day is never counted. */
  from: number;
  timeZone: string;
  workingDays: number;
  holidays: readonly string[];
}

/**
 * The end (local midnight) of the Nth working day after the day `from`
 * falls on in `timeZone`; with 0 working days, the end of that day.
 */
export function endOfWorkingDays(input: WorkingDaysInput): number {
  const start = wallClockAt(input.from, input.timeZone);
  const holidays = new Set(input.holidays);
  // Calendar arithmetic on dates only: a UTC date never skips or repeats a day.
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  let counted = 0;
  while (counted < input.workingDays) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day.toISOString().slice(0, 10), holidays)) counted += 1;
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

/** Whether a date (YYYY-MM-DD) is a working day: not a weekend or holiday. */
export function isWorkingDay(
  isoDate: string,
  holidays: ReadonlySet<string>,
): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.has(isoDate);
}
