import { describe, expect, it } from "vitest";
import {
  addDays,
  dayStart,
  formatDateTime,
  formatDay,
  formatUnit,
} from "./format";

describe("formatDay", () => {
  it("writes Kazakh dates itself, as browsers without Kazakh locale data cannot", () => {
    expect(formatDay("2026-11-22T05:00:00Z", "kk")).toBe(
      "2026 ж. 22 қараша, жексенбі",
    );
  });

  it("uses the center's zone for the day: 23:30 UTC is already tomorrow in Almaty", () => {
    expect(formatDay("2026-03-13T23:30:00Z", "kk")).toBe(
      "2026 ж. 14 наурыз, сенбі",
    );
    expect(formatDay("2026-03-13T23:30:00Z", "en", "UTC")).toBe(
      "Friday, 13 March 2026",
    );
  });
});

describe("formatDateTime", () => {
  it("prints the receipt's format in the center's zone", () => {
    expect(formatDateTime("2026-11-24T11:03:00Z")).toBe("24.11.2026 16:03");
  });
});

describe("dayStart", () => {
  it("is midnight in Almaty (UTC+5 since March 2024)", () => {
    expect(dayStart("2026-11-22")).toBe("2026-11-21T19:00:00.000Z");
  });
});

describe("addDays", () => {
  it("crosses month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("formatUnit", () => {
  it("writes units in the reader's language, never English in Kazakh", () => {
    expect(formatUnit(58, "second", "kk")).toBe("58\u00a0сек");
    expect(formatUnit(58, "second", "ru")).toBe("58\u00a0с");
    expect(formatUnit(58, "second", "en")).toBe("58\u00a0s");
    expect(formatUnit(4.5, "minute", "kk", 1)).toBe("4,5\u00a0мин");
    expect(formatUnit(4.5, "minute", "en", 1)).toBe("4.5\u00a0min");
  });
});
