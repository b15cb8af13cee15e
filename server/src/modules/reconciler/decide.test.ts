import { describe, expect, it } from "vitest";
import { decide } from "./service";

describe("what the reconciler does about a need", () => {
  it("leaves a job alone while it is on its way", () => {
    for (const state of ["waiting", "delayed", "active", "prioritized"]) {
      expect(decide({ state }, 0)).toBe("wait");
      expect(decide({ state }, 99)).toBe("wait");
    }
  });

  it("queues a lost job again every time: each run is a fresh chance", () => {
    expect(decide(null, 0)).toBe("queue");
    expect(decide(null, 99)).toBe("queue");
    expect(decide({ state: "unknown" }, 99)).toBe("queue");
  });

  it("runs a failed job once more per pass, then asks a person", () => {
    expect(decide({ state: "failed" }, 0, { retries: 3 })).toBe("retry");
    expect(decide({ state: "failed" }, 2, { retries: 3 })).toBe("retry");
    expect(decide({ state: "failed" }, 3, { retries: 3 })).toBe("flag");
  });

  it("queues a job that finished without effect, up to the same limit", () => {
    expect(decide({ state: "completed" }, 0, { retries: 3 })).toBe("queue");
    expect(decide({ state: "completed" }, 3, { retries: 3 })).toBe("flag");
  });

  it("counts lost analytics runs, which are found by slot, not by id", () => {
    expect(decide(null, 2, { retries: 3, lostCounts: true })).toBe("queue");
    expect(decide(null, 3, { retries: 3, lostCounts: true })).toBe("flag");
  });
});
