import { describe, expect, it } from "vitest";
import { appealWindowClosesAt } from "./window";

const ALMATY = "Asia/Almaty";
/** An instant given as Almaty wall-clock time (UTC+5). */
const almaty = (isoLocal: string) => Date.parse(`${isoLocal}+05:00`);

describe("appealWindowClosesAt", () => {
  it("closes at the end of the second working day after a Tuesday", () => {
    const closes = appealWindowClosesAt({
      officialAt: almaty("2026-11-24T15:30:00"),
      timeZone: ALMATY,
      workingDays: 2,
      holidays: [],
    });
    expect(closes).toBe(almaty("2026-11-27T00:00:00"));
  });

  it("skips Saturday and Sunday after a Friday result", () => {
    const closes = appealWindowClosesAt({
      officialAt: almaty("2026-11-27T17:00:00"),
      timeZone: ALMATY,
      workingDays: 2,
      holidays: [],
    });
    // Monday 30 Nov and Tuesday 1 Dec: open until Wednesday 00:00.
    expect(closes).toBe(almaty("2026-12-02T00:00:00"));
  });

  it("skips configured public holidays", () => {
    const closes = appealWindowClosesAt({
      officialAt: almaty("2026-12-15T10:00:00"),
      timeZone: ALMATY,
      workingDays: 2,
      holidays: ["2026-12-16", "2026-12-17"],
    });
    // 16 and 17 December are Independence Day: Friday 18 and Monday 21.
    expect(closes).toBe(almaty("2026-12-22T00:00:00"));
  });

  it("counts the day in the center's zone, not in UTC", () => {
    // 23:30 Friday in Almaty is still Friday 18:30 UTC; 01:00 Saturday in
    // Almaty is Friday 20:00 UTC but a Saturday result for the candidate.
    const friday = appealWindowClosesAt({
      officialAt: almaty("2026-11-27T23:30:00"),
      timeZone: ALMATY,
      workingDays: 1,
      holidays: [],
    });
    const saturday = appealWindowClosesAt({
      officialAt: almaty("2026-11-28T01:00:00"),
      timeZone: ALMATY,
      workingDays: 1,
      holidays: [],
    });
    expect(friday).toBe(almaty("2026-12-01T00:00:00"));
    expect(saturday).toBe(almaty("2026-12-01T00:00:00"));
  });

  it("with zero working days closes at the end of the official day", () => {
    expect(
      appealWindowClosesAt({
        officialAt: almaty("2026-11-24T09:00:00"),
        timeZone: ALMATY,
        workingDays: 0,
        holidays: [],
      }),
    ).toBe(almaty("2026-11-25T00:00:00"));
  });
});
