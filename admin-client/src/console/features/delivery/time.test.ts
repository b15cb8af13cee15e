import { describe, expect, it } from "vitest";
import { ageParts, clockTime, formatDuration } from "./time";

describe("formatDuration", () => {
  it("reads like a countdown, minutes:seconds below an hour", () => {
    expect(formatDuration(4_000)).toBe("0:04");
    expect(formatDuration(65_999)).toBe("1:05");
    expect(formatDuration(3_600_000 + 5 * 60_000 + 3_000)).toBe("1:05:03");
  });

  it("never goes below zero", () => {
    expect(formatDuration(-5_000)).toBe("0:00");
  });
});

describe("ageParts", () => {
  it("says the largest whole unit", () => {
    expect(ageParts(12_400)).toEqual({ unit: "seconds", count: 12 });
    expect(ageParts(125_000)).toEqual({ unit: "minutes", count: 2 });
    expect(ageParts(2 * 3600_000 + 1)).toEqual({ unit: "hours", count: 2 });
  });
});

describe("clockTime", () => {
  it("shows the time of day in the center's zone", () => {
    expect(clockTime(Date.UTC(2026, 10, 22, 4, 3, 27), "Asia/Tokyo")).toBe(
      "13:03:27",
    );
  });
});
