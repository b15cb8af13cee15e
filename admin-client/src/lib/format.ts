import type { UiLanguage } from "@shared/enums";
import { toLocalTime, wallClockAt, wallClockToInstant } from "@shared/time";

/** The zone a center shows its times in when it names none (DOMAIN.md). */
export const DEFAULT_TIME_ZONE = "Asia/Almaty";

const LOCALES: Record<UiLanguage, string> = {
  kk: "kk-KZ",
  ru: "ru-RU",
  en: "en-GB",
};

/** The BCP 47 locale for Intl formatting in a UI language. */
export function intlLocale(language: UiLanguage): string {
  return LOCALES[language];
}

/**
 * A decimal number as the UI language writes it. Kazakh writes numbers
 * as Russian does (0,81; 1 234); browsers without Kazakh number data
 * (Debian's Chromium among them) still claim "kk" and print 0.81, so
 * Kazakh numbers are formatted with the Russian rules.
 */
export function formatDecimal(
  value: number,
  language: UiLanguage,
  digits = 2,
): string {
  return value.toLocaleString(
    language === "kk" ? LOCALES.ru : LOCALES[language],
    {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    },
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  language: UiLanguage,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    try {
      cached = new Intl.DateTimeFormat(intlLocale(language), {
        ...options,
        timeZone,
      });
    } catch {
      // An unknown zone from a misconfigured center: fall back, don't crash.
      cached = new Intl.DateTimeFormat(intlLocale(language), {
        ...options,
        timeZone: DEFAULT_TIME_ZONE,
      });
    }
    formatters.set(key, cached);
  }
  return cached;
}

/*
 * Kazakh names written out: many browsers' ICU data (Debian's Chromium,
 * Android) carry no Kazakh locale and fall back to "2026 M11 22, Sun".
 */
const KK_MONTHS = [
  "қаңтар",
  "ақпан",
  "наурыз",
  "сәуір",
  "мамыр",
  "маусым",
  "шілде",
  "тамыз",
  "қыркүйек",
  "қазан",
  "қараша",
  "желтоқсан",
];
const KK_WEEKDAYS = [
  "жексенбі",
  "дүйсенбі",
  "сейсенбі",
  "сәрсенбі",
  "бейсенбі",
  "жұма",
  "сенбі",
];

function kazakhDay(iso: string, timeZone: string): string {
  const wall = wallClockAt(Date.parse(iso), safeZone(timeZone));
  const dayOfWeek = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day),
  ).getUTCDay();
  return `${wall.year} ж. ${wall.day} ${KK_MONTHS[wall.month - 1] ?? ""}, ${KK_WEEKDAYS[dayOfWeek] ?? ""}`;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

const capitalize = (text: string) =>
  text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** "2026 ж. 22 қараша, жексенбі" / "Воскресенье, 22 ноября 2026 г.". */
export function formatDay(
  iso: string,
  language: UiLanguage,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  if (language === "kk") return kazakhDay(iso, timeZone);
  return capitalize(
    formatter(language, timeZone, {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
    }).format(new Date(iso)),
  );
}

/**
 * Date and time as receipts print them, "24.11.2026 16:03", in every
 * language: what the screen says matches the paper word for word.
 */
export function formatDateTime(
  iso: string,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  const local = toLocalTime(Date.parse(iso), safeZone(timeZone));
  return `${local.date} ${local.time}`;
}

/** A short date as Kazakh documents write it: "14.03.2026". */
export function formatShortDate(
  iso: string,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  return toLocalTime(Date.parse(iso), safeZone(timeZone)).date;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone, for grouping. */
export function dayKey(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const parts = formatter("en", timeZone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Today's date (YYYY-MM-DD) in a zone, for date inputs. */
export function todayIn(timeZone = DEFAULT_TIME_ZONE, plusDays = 0): string {
  return dayKey(
    new Date(Date.now() + plusDays * 24 * 60 * 60 * 1000).toISOString(),
    timeZone,
  );
}

/**
 * The instant a calendar day (YYYY-MM-DD) starts in `timeZone`, as the ISO
 * string the API takes. Days are those of Kazakhstan unless a center says
 * otherwise.
 */
export function dayStart(
  isoDate: string,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  const [year = 0, month = 1, day = 1] = isoDate.split("-").map(Number);
  return new Date(
    wallClockToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone),
  ).toISOString();
}

/** The calendar day `days` after `isoDate` (YYYY-MM-DD). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/*
 * Units as each language abbreviates them, written out: Intl's unit style
 * has no Kazakh data in many browsers and would print "58 s" in Kazakh.
 */
const UNITS: Record<UiLanguage, Record<DurationUnit, string>> = {
  kk: { second: "сек", minute: "мин", hour: "сағ" },
  ru: { second: "с", minute: "мин", hour: "ч" },
  en: { second: "s", minute: "min", hour: "h" },
};

export type DurationUnit = "second" | "minute" | "hour";

/** "58 сек" / "58 с" / "58 s": an amount of a time unit in the reader's language. */
export function formatUnit(
  value: number,
  unit: DurationUnit,
  language: UiLanguage,
  digits = 0,
): string {
  return `${formatDecimal(value, language, digits)}\u00a0${UNITS[language][unit]}`;
}
