import { describe, expect, it } from "vitest";
import type { SlotAnalytics } from "../analytics/repository";
import {
  anonymizeAnalytics,
  complaintEndedAt,
  retentionCutoff,
} from "./service";

describe("retentionCutoff", () => {
  it("is the UTC day the retention period reaches back to", () => {
    const now = Date.parse("2026-11-29T21:00:00Z");
    expect(retentionCutoff(now, 1825)).toBe("2021-11-30");
    expect(retentionCutoff(now, 1)).toBe("2026-11-28");
  });
});

describe("complaintEndedAt", () => {
  const day = 24 * 3600_000;
  it("follows its slot, but never before its decision", () => {
    const slotEndsAt = Date.parse("2021-06-01T12:00:00Z");
    const filedAt = slotEndsAt + day;
    expect(
      complaintEndedAt({ filedAt, decidedAt: filedAt + day }, slotEndsAt),
    ).toBe(filedAt + day);
    // Filed long after the test (about a booking already purged).
    const late = slotEndsAt + 400 * day;
    expect(
      complaintEndedAt({ filedAt: late, decidedAt: late }, slotEndsAt),
    ).toBe(late);
  });

  it("counts a complaint without a slot from its decision, else its filing", () => {
    expect(complaintEndedAt({ filedAt: 10, decidedAt: 50 }, null)).toBe(50);
    expect(complaintEndedAt({ filedAt: 10, decidedAt: null }, null)).toBe(10);
  });
});

describe("anonymizeAnalytics", () => {
  const person = (attemptId: string, fullName: string, iin: string) => ({
    candidate: { attemptId, fullName, iin, correct: 5, passed: true },
    compliance: { attemptId, fullName, slotId: "s1", stages: [] },
    worst: { attemptId, fullName, slotId: "s1", ms: 900_000, limitMs: 600_000 },
  });
  const analyticsOf = (...people: ReturnType<typeof person>[]) =>
    ({
      candidates: people.map((p) => ({ ...p.candidate })),
      compliance: {
        candidates: people.map((p) => ({ ...p.compliance })),
        stages: [
          { stage: "admission", worst: people.map((p) => ({ ...p.worst })) },
        ],
      },
    }) as unknown as SlotAnalytics;

  it("replaces the name and IIN of the purged everywhere, and no one else's", () => {
    const analytics = analyticsOf(
      person("a1", "Әлия Жақсылықова", "930415300005"),
      person("a2", "Дана Серікқызы", "930415300017"),
    );
    const changed = anonymizeAnalytics(
      analytics,
      new Map([["a1", "930415******"]]),
      "—",
    );
    expect(changed).toBe(true);
    const text = JSON.stringify(analytics);
    expect(text).not.toContain("Жақсылықова");
    expect(text).not.toContain("930415300005");
    expect(analytics.candidates[0]).toMatchObject({
      fullName: "—",
      iin: "930415******",
      correct: 5,
    });
    expect(analytics.candidates[1]).toMatchObject({
      fullName: "Дана Серікқызы",
      iin: "930415300017",
    });
    expect(
      analytics.compliance.stages[0]!.worst.map((w) => w.fullName),
    ).toEqual(["—", "Дана Серікқызы"]);
  });

  it("says nothing changed the second time", () => {
    const analytics = analyticsOf(
      person("a1", "Әлия Жақсылықова", "930415300005"),
    );
    const masked = new Map([["a1", "930415******"]]);
    expect(anonymizeAnalytics(analytics, masked, "—")).toBe(true);
    expect(anonymizeAnalytics(analytics, masked, "—")).toBe(false);
  });
});
