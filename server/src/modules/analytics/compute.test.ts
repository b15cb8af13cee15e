import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../audit/repository";
import { eventsOf } from "./compute";

const S = 1_000;
let sequence = 0;
const entry = (
  at: number,
  action: string,
  data: Record<string, unknown> = {},
): AuditEntry => ({
  id: `${at}-${sequence++}`,
  at,
  actor: "system",
  action,
  subject: "attempt:A",
  data,
  prev: "",
  hash: "",
});
const pausedMs = (pauses: { from: number; to: number }[]) =>
  pauses.reduce((sum, pause) => sum + pause.to - pause.from, 0);

describe("an attempt's day from its audit entries", () => {
  it("counts an outage's credit like a pause: 60 s of test with a 90 s outage given back", () => {
    const events = eventsOf([
      entry(0, "attempt.started"),
      entry(200 * S, "attempt.outage_credited", {
        outageId: "1",
        ms: 90 * S,
        from: 10 * S,
        deadlineAt: 150 * S,
      }),
      entry(150 * S, "attempt.expired"),
    ]);
    expect(events.pauses).toEqual([{ from: 10 * S, to: 100 * S }]);
    expect(events.outageMs).toBe(90 * S);
    expect(events.endedAt! - events.startedAt! - pausedMs(events.pauses)).toBe(
      60 * S,
    );
  });

  it("counts the time from an outage's start to a reopening as no working time, and ends at the last end", () => {
    // 60 s of test; the outage began at 50 s, the timer expired it at 60 s,
    // the administrator reopened it at 300 s with the 10 s it had left.
    const events = eventsOf([
      entry(0, "attempt.started"),
      entry(60 * S, "attempt.expired"),
      entry(300 * S, "attempt.reopened", {
        outageId: "1",
        remainingMs: 10 * S,
        deadlineAt: 310 * S,
        stoppedMs: 250 * S,
      }),
      entry(310 * S, "attempt.expired"),
    ]);
    expect(events.endedAt).toBe(310 * S);
    expect(events.outageMs).toBe(250 * S);
    expect(events.endedAt! - events.startedAt! - pausedMs(events.pauses)).toBe(
      60 * S,
    );
  });

  it("reads how long the start rule held the candidate from the confirmation or the start", () => {
    expect(
      eventsOf([
        entry(0, "attempt.instructions", {
          heldUntil: 0,
          instructionsEndsAt: 1,
        }),
        entry(60 * S, "attempt.started", { by: "candidate" }),
      ]).heldUntil,
    ).toBe(0);
    expect(
      eventsOf([
        entry(0, "attempt.started", {
          by: "staff",
          heldUntil: 600 * S,
          early: true,
        }),
      ]).heldUntil,
    ).toBe(600 * S);
    // Recorded before the rule, or under EARLY_START=candidate: not held.
    expect(
      eventsOf([
        entry(0, "attempt.instructions"),
        entry(60 * S, "attempt.started", { by: "candidate" }),
      ]).heldUntil,
    ).toBeNull();
  });

  it("takes the document's issue and its first recorded hand-over apart", () => {
    const events = eventsOf([
      entry(0, "attempt.started"),
      entry(60 * S, "attempt.submitted"),
      entry(200 * S, "attempt.issued", { number: "N1" }),
      entry(500 * S, "document.handed_over", { number: "N1" }),
      // A document re-issued after an appeal, handed over again: the
      // candidate had one already at 500 s.
      entry(9_000 * S, "attempt.reissued", { number: "N2" }),
      entry(9_100 * S, "document.handed_over", { number: "N2" }),
    ]);
    expect(events.issuedAt).toBe(200 * S);
    expect(events.handedOverAt).toBe(500 * S);
  });
});
