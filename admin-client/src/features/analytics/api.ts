import { api, apiUrl } from "../../lib/api";

const id = encodeURIComponent;

export type Stage =
  "booking" | "admission" | "instructions" | "test" | "signed" | "handedOver";
export type ItemFlag =
  "negative_discrimination" | "low_discrimination" | "distractor_over_key";
export type ItemLanguage = "all" | "kk" | "ru";

export interface Distribution {
  candidates: number;
  histogram: { correct: number; candidates: number }[];
  passRate: number | null;
  sectionPassRates: { sectionId: string; passRate: number | null }[];
  meanTimeUsedMs: number | null;
  incidentsPer100: number | null;
  pausesPer100: number | null;
}

export interface ItemStatistics {
  itemId: string;
  sectionId: string;
  drawn: number;
  facility: number | null;
  discrimination: number | null;
  /** `key` comes only to reviewers and managers; administrators get shares without it. */
  optionShares: {
    optionId: string;
    key?: boolean;
    share: number;
    upperShare: number | null;
  }[];
  omitted: number;
  meanTimeMs: number | null;
  flags: ItemFlag[];
  voided: boolean;
}

export interface StageCompliance {
  stage: Stage;
  measured: number;
  within: number;
  share: number | null;
  worst: {
    attemptId: string;
    fullName: string;
    slotId: string;
    ms: number;
    limitMs: number;
    pending: boolean;
  }[];
}

export interface SlotAnalytics {
  slotId: string;
  centerId: string;
  programId: string;
  startsAt: number;
  computedAt: number;
  minCorrectTotal: number;
  sectionIds: string[];
  distribution: Distribution;
  items: ItemStatistics[];
  compliance: { stages: StageCompliance[] };
}

export interface ProgramAnalytics {
  programId: string;
  minCorrectTotal: number;
  sectionIds: string[];
  distribution: Distribution;
  slots: {
    slotId: string;
    centerId: string;
    startsAt: number;
    computedAt: number;
    candidates: number;
    passRate: number | null;
  }[];
}

export interface LanguageComparison {
  itemId: string;
  kk: { drawn: number; facility: number | null };
  ru: { drawn: number; facility: number | null };
  difference: number | null;
  flagged: boolean;
}

export interface ProgramItems {
  programId: string;
  computedAt: number;
  settings: {
    minDiscrimination: number;
    languageMargin: number;
    minDrawn: number;
  };
  candidates: number;
  items: ItemStatistics[];
  languages: LanguageComparison[];
}

export interface CenterCompliance {
  centerId: string;
  stages: StageCompliance[];
}

export interface Range {
  from?: string;
  to?: string;
}

export const getSlotAnalytics = (slotId: string, signal?: AbortSignal) =>
  api.get<SlotAnalytics>(`/analytics/slots/${id(slotId)}`, { signal });

export const recomputeSlot = (slotId: string) =>
  api.post<{ slotId: string; requestedAt: number }>(
    `/analytics/slots/${id(slotId)}/recompute`,
  );

export const getProgramAnalytics = (
  programId: string,
  range: Range,
  signal?: AbortSignal,
) =>
  api.get<ProgramAnalytics>(`/analytics/programs/${id(programId)}`, {
    query: { ...range },
    signal,
  });

export const getProgramItems = (
  programId: string,
  language: ItemLanguage,
  signal?: AbortSignal,
) =>
  api.get<ProgramItems>(`/analytics/programs/${id(programId)}/items`, {
    query: { language },
    signal,
  });

export const getCenterCompliance = (
  centerId: string,
  range: Range,
  signal?: AbortSignal,
) =>
  api.get<CenterCompliance>(`/analytics/centers/${id(centerId)}/compliance`, {
    query: { ...range },
    signal,
  });

export const slotExportUrl = (
  slotId: string,
  file: "results.csv" | "results.xlsx" | "archive.json",
) => apiUrl(`/analytics/slots/${id(slotId)}/${file}`);

export const itemsExportUrl = (
  programId: string,
  format: "csv" | "xlsx",
  language: ItemLanguage,
) =>
  apiUrl(`/analytics/programs/${id(programId)}/items.${format}`, { language });

/** The appeals screen filtered to one item. */
export const appealsOfItemPath = (itemId: string) =>
  `/admin/appeals?item=${id(itemId)}`;
