import { describe, expect, it } from "vitest";
import { remainingMs } from "./attempts";

describe("remainingMs", () => {
  it("counts down to the deadline from the server's now", () => {
    expect(
      remainingMs(
        { state: "in_progress", deadlineAt: 10_000, pausedAt: null },
        4_000,
      ),
    ).toBe(6_000);
  });
  it("is frozen while paused, whatever the time", () => {
    const paused = {
      state: "paused" as const,
      deadlineAt: 10_000,
      pausedAt: 7_000,
    };
    expect(remainingMs(paused, 8_000)).toBe(3_000);
    expect(remainingMs(paused, 99_000)).toBe(3_000);
  });
  it("never goes below zero and is unknown before the start", () => {
    expect(
      remainingMs(
        { state: "expired", deadlineAt: 10_000, pausedAt: null },
        12_000,
      ),
    ).toBe(0);
    expect(
      remainingMs({ state: "admitted", deadlineAt: null, pausedAt: null }, 1),
    ).toBeNull();
  });
});
