import { describe, expect, it } from "vitest";
import {
  formatClockTime,
  formatCountdown,
  remainingAt,
  timeWarning,
} from "./countdown";

describe("formatCountdown", () => {
  it("shows minutes and seconds under an hour", () => {
    expect(formatCountdown(54 * 60_000 + 7_000)).toBe("54:07");
    expect(formatCountdown(9_000)).toBe("00:09");
  });

  it("shows hours from an hour up", () => {
    expect(formatCountdown(70 * 60_000)).toBe("1:10:00");
    expect(formatCountdown(3_600_000)).toBe("1:00:00");
  });

  it("rounds seconds up, so 00:00 means the time is really over", () => {
    expect(formatCountdown(400)).toBe("00:01");
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(-5_000)).toBe("00:00");
  });
});

describe("timeWarning", () => {
  it("warns at 10 and at 5 minutes", () => {
    expect(timeWarning(10 * 60_000 + 1)).toBe("none");
    expect(timeWarning(10 * 60_000)).toBe("ten");
    expect(timeWarning(5 * 60_000 + 1)).toBe("ten");
    expect(timeWarning(5 * 60_000)).toBe("five");
    expect(timeWarning(0)).toBe("five");
  });
});

describe("remainingAt", () => {
  const deadlineAt = 1_000_000;

  it("counts down to the deadline in server time", () => {
    expect(
      remainingAt(
        { state: "in_progress", deadlineAt, pausedAt: null },
        940_000,
      ),
    ).toBe(60_000);
  });

  it("is frozen at the pause while paused", () => {
    const paused = { state: "paused", deadlineAt, pausedAt: 900_000 };
    expect(remainingAt(paused, 950_000)).toBe(100_000);
    expect(remainingAt(paused, 990_000)).toBe(100_000);
  });

  it("is never negative and unknown without a deadline", () => {
    expect(
      remainingAt(
        { state: "in_progress", deadlineAt, pausedAt: null },
        2_000_000,
      ),
    ).toBe(0);
    expect(
      remainingAt(
        { state: "instructions", deadlineAt: null, pausedAt: null },
        1,
      ),
    ).toBeNull();
  });
});

describe("formatClockTime", () => {
  it("shows the instant in the center's zone, with seconds", () => {
    // 2026-11-22T08:05:09Z is 13:05:09 in Almaty (UTC+5).
    const instant = Date.UTC(2026, 10, 22, 8, 5, 9);
    expect(formatClockTime(instant, "Asia/Almaty")).toBe("13:05:09");
    expect(formatClockTime(instant, "UTC")).toBe("08:05:09");
  });
});
