import { queryOptions } from "@tanstack/react-query";
import type {
  ComplaintDecisionInput,
  ComplaintDetail,
  ComplaintListQuery,
  ComplaintSummary,
  DeskComplaintRequest,
} from "@shared/complaints";
import { api } from "../../../lib/api";

const id = encodeURIComponent;

export type ComplaintFilter = ComplaintListQuery["state"];

export const complaintQueries = {
  all: () => ["complaints"] as const,
  /** Open ones by deadline (the overdue first), or decided, or both. */
  list: (state: ComplaintFilter) =>
    queryOptions({
      queryKey: [...complaintQueries.all(), "list", state],
      queryFn: ({ signal }) =>
        api.get<ComplaintSummary[]>("/complaints", {
          query: { state },
          signal,
        }),
    }),
  detail: (complaintId: string) =>
    queryOptions({
      queryKey: [...complaintQueries.all(), "detail", complaintId],
      queryFn: ({ signal }) =>
        api.get<ComplaintDetail>(`/complaints/${id(complaintId)}`, { signal }),
    }),
};

export const fileDeskComplaint = (complaint: DeskComplaintRequest) =>
  api.post<ComplaintDetail>("/complaints", complaint);

export const decideComplaint = (
  complaintId: string,
  decision: ComplaintDecisionInput,
) =>
  api.post<ComplaintDetail>(
    `/complaints/${id(complaintId)}/decision`,
    decision,
  );
