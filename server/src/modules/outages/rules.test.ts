import { describe, expect, it } from "vitest";
import { outageExpiredIn, timeLostTo, type AttemptClock } from "./rules";

const S = 1_000;
/** An outage from 100 s to 190 s. */
const outage = {
  id: "1",
  startedAt: 100 * S,
  endedAt: 190 * S,
  creditable: true,
};

const running = (patch: Partial<AttemptClock> = {}): AttemptClock => ({
  state: "in_progress",
  startedAt: 10 * S,
  deadlineAt: 400 * S,
  pausedAt: null,
  submitReason: null,
  officialAt: null,
  ...patch,
});

describe("timeLostTo", () => {
  it("is the whole outage for a test running through it", () => {
    expect(timeLostTo(outage, running())).toBe(90 * S);
  });

  it("counts from the start of a test begun during the outage", () => {
    expect(timeLostTo(outage, running({ startedAt: 150 * S }))).toBe(40 * S);
  });

  it("is the whole outage when the deadline fell in it (the timer waited)", () => {
    expect(timeLostTo(outage, running({ deadlineAt: 120 * S }))).toBe(90 * S);
  });

  it("is nothing when no time was left as the outage began", () => {
    expect(timeLostTo(outage, running({ deadlineAt: 99 * S }))).toBe(0);
  });

  it("is nothing for a test paused before the outage, and up to the pause otherwise", () => {
    expect(
      timeLostTo(outage, running({ state: "paused", pausedAt: 50 * S })),
    ).toBe(0);
    expect(
      timeLostTo(outage, running({ state: "paused", pausedAt: 130 * S })),
    ).toBe(30 * S);
  });

  it("is nothing for a test not running (not started, over)", () => {
    expect(
      timeLostTo(outage, running({ state: "instructions", startedAt: null })),
    ).toBe(0);
    expect(timeLostTo(outage, running({ state: "submitted" }))).toBe(0);
  });
});

describe("outageExpiredIn", () => {
  const expired = (patch: Partial<AttemptClock> = {}) =>
    running({
      state: "expired",
      submitReason: "deadline",
      deadlineAt: 101 * S,
      ...patch,
    });

  it("finds the outage a timer-expired deadline fell in, scored or not", () => {
    expect(outageExpiredIn(expired(), [outage])).toBe(outage);
    expect(outageExpiredIn(expired({ state: "scored" }), [outage])).toBe(
      outage,
    );
    expect(outageExpiredIn(expired({ deadlineAt: 190 * S }), [outage])).toBe(
      outage,
    );
  });

  it("leaves deadlines outside every outage, and outages too short to credit", () => {
    expect(
      outageExpiredIn(expired({ deadlineAt: 100 * S }), [outage]),
    ).toBeNull();
    expect(
      outageExpiredIn(expired({ deadlineAt: 191 * S }), [outage]),
    ).toBeNull();
    expect(
      outageExpiredIn(expired(), [{ ...outage, creditable: false }]),
    ).toBeNull();
  });

  it("leaves official results, submissions and running tests", () => {
    expect(
      outageExpiredIn(expired({ state: "scored", officialAt: 300 * S }), [
        outage,
      ]),
    ).toBeNull();
    expect(
      outageExpiredIn(
        expired({ state: "submitted", submitReason: "candidate" }),
        [outage],
      ),
    ).toBeNull();
    expect(
      outageExpiredIn(running({ deadlineAt: 150 * S }), [outage]),
    ).toBeNull();
  });
});
