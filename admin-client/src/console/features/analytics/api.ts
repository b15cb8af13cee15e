import { queryOptions } from "@tanstack/react-query";
import type {
  AnalyticsRange,
  AnalyticsRequested,
  CenterCompliance,
  ItemLanguage,
  ProgramAnalytics,
  ProgramItems,
  SlotAnalytics,
} from "@shared/analytics";
import type { ProgramReliability } from "@shared/reliability";
import { api, apiUrl } from "../../../lib/api";

const id = encodeURIComponent;

export const analyticsQueries = {
  slot: (slotId: string) =>
    queryOptions({
      queryKey: ["analytics", "slots", slotId],
      queryFn: ({ signal }) =>
        api.get<SlotAnalytics>(`/analytics/slots/${id(slotId)}`, { signal }),
    }),
  program: (programId: string, range: AnalyticsRange) =>
    queryOptions({
      queryKey: ["analytics", "programs", programId, range],
      queryFn: ({ signal }) =>
        api.get<ProgramAnalytics>(`/analytics/programs/${id(programId)}`, {
          query: { ...range },
          signal,
        }),
    }),
  items: (programId: string, language: ItemLanguage) =>
    queryOptions({
      queryKey: ["analytics", "programs", programId, "items", language],
      queryFn: ({ signal }) =>
        api.get<ProgramItems>(`/analytics/programs/${id(programId)}/items`, {
          query: { language },
          signal,
        }),
    }),
  /** A personal-qualities program's scales: computed by the server at each request. */
  reliability: (programId: string) =>
    queryOptions({
      queryKey: ["analytics", "programs", programId, "reliability"],
      queryFn: ({ signal }) =>
        api.get<ProgramReliability>(
          `/analytics/programs/${id(programId)}/reliability`,
          { signal },
        ),
    }),
  compliance: (centerId: string, range: AnalyticsRange) =>
    queryOptions({
      queryKey: ["analytics", "centers", centerId, "compliance", range],
      queryFn: ({ signal }) =>
        api.get<CenterCompliance>(
          `/analytics/centers/${id(centerId)}/compliance`,
          { query: { ...range }, signal },
        ),
    }),
};

export const recomputeSlot = (slotId: string) =>
  api.post<AnalyticsRequested>(`/analytics/slots/${id(slotId)}/recompute`);

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
