/** Colours, widths and number formats the analytics charts and tables share. */
import type { AnalyticsRange } from "@shared/analytics";
import { addDays, dayStart } from "../../../lib/format";

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
