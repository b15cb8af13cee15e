import { describe, expect, it } from "vitest";
import { endOfWorkingDays, isWorkingDay } from "./working-days";

const ALMATY = "Asia/Almaty";
/** An instant given as Almaty wall-clock time (UTC+5). */
const almaty = (isoLocal: string) => Date.parse(`${isoLocal}+05:00`);

describe("endOfWorkingDays", () => {
  it("counts five working days from a Monday to the end of the next Monday", () => {
    expect(
      endOfWorkingDays({
        from: almaty("2026-11-23T11:00:00"),
        timeZone: ALMATY,
        workingDays: 5,
        holidays: [],
      }),
    ).toBe(almaty("2026-12-01T00:00:00"));
  });

  it("skips the weekend after a Thursday", () => {
    // Fri 27 Nov, Mon 30, Tue 1 Dec, Wed 2, Thu 3: until Friday 00:00.
    expect(
      endOfWorkingDays({
        from: almaty("2026-11-26T16:45:00"),
        timeZone: ALMATY,
        workingDays: 5,
        holidays: [],
      }),
    ).toBe(almaty("2026-12-04T00:00:00"));
  });

  it("skips the weekend and the holidays after a Friday", () => {
    // Filed Friday 11 Dec 2026; 16 and 17 December are Independence Day.
    // Mon 14, Tue 15, (16, 17 off), Fri 18, (19, 20 weekend), Mon 21,
    // Tue 22: the decision is due by the end of Tuesday 22 December.
    expect(
      endOfWorkingDays({
        from: almaty("2026-12-11T09:30:00"),
        timeZone: ALMATY,
        workingDays: 5,
        holidays: ["2026-12-16", "2026-12-17"],
      }),
    ).toBe(almaty("2026-12-23T00:00:00"));
  });

  it("does not count a holiday that falls on a weekend twice", () => {
    // A holiday on Saturday changes nothing.
    expect(
      endOfWorkingDays({
        from: almaty("2026-11-26T10:00:00"),
        timeZone: ALMATY,
        workingDays: 2,
        holidays: ["2026-11-28"],
      }),
    ).toBe(almaty("2026-12-01T00:00:00"));
  });

  it("counts from the day in the center's zone, not in UTC", () => {
    // 02:00 Friday in Almaty is still Thursday 21:00 UTC.
    expect(
      endOfWorkingDays({
        from: almaty("2026-11-27T02:00:00"),
        timeZone: ALMATY,
        workingDays: 1,
        holidays: [],
      }),
    ).toBe(almaty("2026-12-01T00:00:00"));
  });

  it("with zero working days ends with the starting day", () => {
    expect(
      endOfWorkingDays({
        from: almaty("2026-11-28T13:00:00"),
        timeZone: ALMATY,
        workingDays: 0,
        holidays: [],
      }),
    ).toBe(almaty("2026-11-29T00:00:00"));
  });
});

describe("isWorkingDay", () => {
  it("knows weekends and holidays", () => {
    const holidays = new Set(["2026-12-16"]);
    expect(isWorkingDay("2026-12-15", holidays)).toBe(true);
    expect(isWorkingDay("2026-12-16", holidays)).toBe(false);
    expect(isWorkingDay("2026-12-19", holidays)).toBe(false);
    expect(isWorkingDay("2026-12-20", holidays)).toBe(false);
  });
});
