import { describe, expect, it } from "vitest";
import type { AttemptTiming } from "@shared/attempts";
import type { UiLanguage } from "@shared/enums";
import { DICTIONARIES, fill, type MessageKey } from "./i18n";
import { durationWords, timeNoticeOf, timeNoticeText } from "./time-notice";

const MINUTE = 60_000;

const timing = (patch: Partial<AttemptTiming> = {}): AttemptTiming => ({
  attemptId: "a-1",
  state: "in_progress",
  deadlineAt: 1_000_000 + 40 * MINUTE,
  pausedAt: null,
  instructionsEndsAt: null,
  remainingMs: 40 * MINUTE,
  extraMs: 0,
  serverNow: 1_000_000,
  ...patch,
});

const translate =
  (language: UiLanguage) =>
  (key: MessageKey, values?: Record<string, string | number>) =>
    fill(DICTIONARIES[language][key], values);

describe("timeNoticeOf", () => {
  const before = timing();

  it("tells the minutes an administrator added, by how far the deadline moved", () => {
    const update = {
      ...timing({ deadlineAt: before.deadlineAt! + 5 * MINUTE }),
      extraMs: 5 * MINUTE,
      reason: "extended",
    };
    expect(timeNoticeOf(before, update)).toEqual({
      kind: "added",
      ms: 5 * MINUTE,
    });
  });

  it("tells an outage credit apart from added time", () => {
    const update = {
      ...timing({ deadlineAt: before.deadlineAt! + 95_000 }),
      reason: "outage_credited",
    };
    expect(timeNoticeOf(before, update)).toEqual({
      kind: "credited",
      ms: 95_000,
    });
  });

  it("counts time added during a pause", () => {
    const paused = timing({ state: "paused", pausedAt: 1_000_000 });
    const update = {
      ...paused,
      deadlineAt: paused.deadlineAt! + 10 * MINUTE,
      reason: "extended",
    };
    expect(timeNoticeOf(paused, update)).toEqual({
      kind: "added",
      ms: 10 * MINUTE,
    });
  });

  it("announces a pause and a resume, never the resume's deadline shift as added time", () => {
    const paused = {
      ...timing({ state: "paused", pausedAt: 1_000_000 }),
      reason: "Жарық өшті",
    };
    expect(timeNoticeOf(before, paused)).toEqual({ kind: "paused" });
    const resumed = {
      ...timing({ deadlineAt: before.deadlineAt! + 3 * MINUTE }),
      reason: "resumed",
    };
    expect(timeNoticeOf(paused, resumed)).toEqual({ kind: "resumed" });
  });

  it("says nothing for other changes or another attempt", () => {
    expect(timeNoticeOf(before, { ...before, reason: "scored" })).toBeNull();
    expect(
      timeNoticeOf(before, {
        ...timing({
          attemptId: "a-2",
          deadlineAt: before.deadlineAt! + MINUTE,
        }),
        reason: "extended",
      }),
    ).toBeNull();
    expect(
      timeNoticeOf(before, {
        ...timing({ state: "submitted" }),
        reason: "extended",
      }),
    ).toBeNull();
  });
});

describe("the words of a notice", () => {
  it("counts minutes and seconds in each language's grammar", () => {
    expect(durationWords(5 * MINUTE, "kk", translate("kk"))).toBe("5 минут");
    expect(durationWords(MINUTE, "ru", translate("ru"))).toBe("1 минута");
    expect(durationWords(3 * MINUTE, "ru", translate("ru"))).toBe("3 минуты");
    expect(durationWords(5 * MINUTE, "ru", translate("ru"))).toBe("5 минут");
    expect(durationWords(21 * MINUTE, "ru", translate("ru"))).toBe("21 минута");
    expect(durationWords(90_000, "en", translate("en"))).toBe(
      "1 minute 30 seconds",
    );
    expect(durationWords(40_000, "en", translate("en"))).toBe("40 seconds");
  });

  it("never calls added time an accommodation", () => {
    for (const language of ["kk", "ru", "en"] as const) {
      const text = timeNoticeText(
        { kind: "added", ms: 5 * MINUTE },
        language,
        translate(language),
      );
      expect(text).toContain("5");
      expect(text.toLowerCase()).not.toMatch(/accommodation|ерекше|особ/);
    }
    expect(
      timeNoticeText({ kind: "added", ms: 5 * MINUTE }, "kk", translate("kk")),
    ).toBe("Уақытыңызға 5 минут қосылды");
    expect(timeNoticeText({ kind: "paused" }, "ru", translate("ru"))).toBe(
      "Тест приостановлен администратором",
    );
  });
});
