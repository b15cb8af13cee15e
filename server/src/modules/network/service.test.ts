import { describe, expect, it } from "vitest";
import { dayBounds } from "./service";

describe("dayBounds", () => {
  it("gives the day of the center's own zone, not UTC's", () => {
    // 20:30 UTC on 5 December is 01:30 on 6 December in Almaty (UTC+5).
    const now = Date.UTC(2026, 11, 5, 20, 30);
    expect(dayBounds(now, "Asia/Almaty")).toEqual({
      date: "2026-12-06",
      from: Date.UTC(2026, 11, 5, 19, 0),
      to: Date.UTC(2026, 11, 6, 19, 0),
    });
    expect(dayBounds(now, "UTC").date).toBe("2026-12-05");
  });

  it("rolls over the end of a month and a year", () => {
    const now = Date.UTC(2026, 11, 31, 12, 0);
    expect(dayBounds(now, "Asia/Almaty")).toMatchObject({
      date: "2026-12-31",
      to: Date.UTC(2026, 11, 31, 19, 0),
    });
  });
});
