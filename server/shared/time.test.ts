import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  formatUtcOffset,
  isValidTimeZone,
  toLocalTime,
  utcOffsetMinutes,
  wallClockAt,
  wallClockToInstant,
} from "./time";

describe("toLocalTime", () => {
  it("shows an instant in Almaty time, UTC+5 since March 2024", () => {
    const instant = Date.parse("2026-11-22T05:00:00Z");
    expect(toLocalTime(instant, "Asia/Almaty")).toEqual({
      date: "22.11.2026",
      time: "10:00",
      utcOffset: "UTC+5",
      isoDate: "2026-11-22",
    });
  });

  it("used UTC+6 in Almaty before 1 March 2024", () => {
    const instant = Date.parse("2024-01-10T04:00:00Z");
    expect(toLocalTime(instant, "Asia/Almaty").time).toBe("10:00");
    expect(utcOffsetMinutes(instant, "Asia/Almaty")).toBe(360);
  });

  it("rolls the date over at local midnight, not at UTC midnight", () => {
    const instant = Date.parse("2026-11-22T20:30:00Z");
    expect(toLocalTime(instant, "Asia/Almaty").date).toBe("23.11.2026");
  });
});

describe("formatLocalDateTime", () => {
  it("prints the receipt form with the offset", () => {
    expect(
      formatLocalDateTime(Date.parse("2026-11-22T05:00:00Z"), "Asia/Almaty"),
    ).toBe("22.11.2026 10:00 (UTC+5)");
  });
});

describe("formatUtcOffset", () => {
  it.each([
    [300, "UTC+5"],
    [330, "UTC+5:30"],
    [-210, "UTC-3:30"],
    [0, "UTC"],
  ])("formats %i minutes as %s", (minutes, text) => {
    expect(formatUtcOffset(minutes)).toBe(text);
  });
});

describe("wallClockToInstant", () => {
  it("finds the instant of a local wall clock", () => {
    const wall = { year: 2026, month: 11, day: 22, hour: 9, minute: 0 };
    expect(
      new Date(wallClockToInstant(wall, "Asia/Almaty")).toISOString(),
    ).toBe("2026-11-22T04:00:00.000Z");
  });

  it("round-trips through wallClockAt in zones with odd offsets", () => {
    for (const zone of ["Asia/Almaty", "Asia/Kolkata", "America/St_Johns"]) {
      const wall = { year: 2026, month: 7, day: 1, hour: 15, minute: 45 };
      expect(wallClockAt(wallClockToInstant(wall, zone), zone)).toEqual(wall);
    }
  });
});

describe("isValidTimeZone", () => {
  it("knows IANA names and refuses made-up ones", () => {
    expect(isValidTimeZone("Asia/Almaty")).toBe(true);
    expect(isValidTimeZone("Asia/Nowhere")).toBe(false);
  });
});
