import { endOfWorkingDays } from "@shared/working-days";

/**
 * The appeal window: it closes at the end (local midnight) of the Nth
 * working day after the day the result became official, in the center's
 * zone. Saturdays, Sundays and the configured public holidays are not
 * working days (the calendar is @shared/working-days, which complaints'
 * decision deadlines use too).
 */
export function appealWindowClosesAt(input: {
  officialAt: number;
  timeZone: string;
  workingDays: number;
  holidays: readonly string[];
}): number {
  return endOfWorkingDays({
    from: input.officialAt,
    timeZone: input.timeZone,
    workingDays: input.workingDays,
    holidays: input.holidays,
  });
}
