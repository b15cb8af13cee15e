import { queryOptions } from "@tanstack/react-query";
import type {
  AppealDecisionInput,
  AppealDetail,
  AppealStats,
  AppealSummary,
} from "@shared/appeals";
import { api } from "../../../lib/api";

const id = encodeURIComponent;

export const appealQueries = {
  all: () => ["appeals"] as const,
  stats: () =>
    queryOptions({
      queryKey: [...appealQueries.all(), "stats"],
      queryFn: ({ signal }) =>
        api.get<AppealStats>("/appeals/stats", { signal }),
    }),
  /** The reviewers' list, or one question's appeals. */
  list: (itemId: string | null) =>
    queryOptions({
      queryKey: [...appealQueries.all(), "list", itemId],
      queryFn: ({ signal }) =>
        api.get<AppealSummary[]>("/appeals", {
          signal,
          ...(itemId ? { query: { itemId } } : {}),
        }),
    }),
  detail: (appealId: string) =>
    queryOptions({
      queryKey: [...appealQueries.all(), "detail", appealId],
      queryFn: ({ signal }) =>
        api.get<AppealDetail>(`/appeals/${id(appealId)}`, { signal }),
    }),
};

export const startReview = (appealId: string) =>
  api.post(`/appeals/${id(appealId)}/review`);

export const decideAppeal = (appealId: string, decision: AppealDecisionInput) =>
  api.post(`/appeals/${id(appealId)}/decision`, decision);
