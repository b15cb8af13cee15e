import { queryOptions } from "@tanstack/react-query";
import type {
  BulkAcknowledged,
  BulkAcknowledgeRequest,
  IncidentEpisode,
} from "@shared/incidents";
import { api } from "../../../lib/api";
import { slotKeys } from "../slots/api";

const id = encodeURIComponent;

export const incidentQueries = {
  /**
   * The slot's incidents folded per seat and episode; under the slot's
   * "incidents" key, so a pushed incident makes it stale too.
   */
  episodes: (slotId: string) =>
    queryOptions({
      queryKey: [...slotKeys.part(slotId, "incidents"), "episodes"],
      queryFn: ({ signal }) =>
        api.get<IncidentEpisode[]>(`/slots/${id(slotId)}/incident-episodes`, {
          signal,
        }),
    }),
};

/** Acknowledges episodes with one comment (every open connection one without ids). */
export const acknowledgeEpisodes = (
  slotId: string,
  body: BulkAcknowledgeRequest,
) =>
  api.post<BulkAcknowledged>(
    `/slots/${id(slotId)}/incidents/acknowledge`,
    body,
  );
