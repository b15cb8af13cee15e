/** Colours, widths and number formats the analytics charts and tables share. */
import type { AnalyticsRange } from "@shared/analytics";
import type { UiLanguage } from "@shared/enums";
import { addDays, dayStart, intlLocale } from "../../../lib/format";

export const PASS = "#1f7a4d";
export const FAIL = "#9aa5b1";
export const KK = "#1d5fa7";
export const RU = "#c4661f";
export const CHART_WIDTH = 720;

export const percent = (value: number | null) =>
  value === null ? "—" : `${Math.round(value * 100)} %`;

export const decimal = (value: number | null, digits = 2) =>
  value === null ? "—" : value.toFixed(digits);

/** Whole days in the center's zone: from the first day's start to the last day's end. */
export function rangeOf(from: string, to: string): AnalyticsRange {
  return {
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayStart(addDays(to, 1)) } : {}),
  };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A statistic with `digits` decimals as the UI language writes it: "0,731"
 * in Kazakh and Russian, "0.731" in English, "—" when undefined. Kazakh
 * falls back to Russian's separators where the browser's ICU data has no
 * Kazakh locale (as dates do in lib/format.ts); a value that rounds to zero
 * carries no minus sign.
 */
export function statistic(
  value: number | null,
  language: UiLanguage,
  digits = 2,
): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const key = `${language}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    // Kazakh numbers follow the Russian rules (see formatDecimal).
    format = new Intl.NumberFormat(
      intlLocale(language === "kk" ? "ru" : language),
      { minimumFractionDigits: digits, maximumFractionDigits: digits },
    );
    numberFormats.set(key, format);
  }
  const rounded = Number(value.toFixed(digits));
  return format.format(rounded === 0 ? 0 : rounded);
}
