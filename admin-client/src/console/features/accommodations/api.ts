import { queryOptions } from "@tanstack/react-query";
import type { Accommodation, AccommodationInput } from "@shared/booking";
import { api, ApiError } from "../../../lib/api";

// IINs travel in request bodies, never in URLs (access logs keep those).

export const accommodationQueries = {
  /** A candidate's accommodation, or null when none is set. */
  of: (iin: string) =>
    queryOptions({
      queryKey: ["accommodations", iin],
      queryFn: async ({ signal }) => {
        try {
          return await api.post<Accommodation>(
            "/accommodations/lookup",
            { iin },
            { signal },
          );
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
    }),
};

export function saveAccommodation(iin: string, input: AccommodationInput) {
  return api.put<Accommodation>("/accommodations", { iin, ...input });
}

export function removeAccommodation(iin: string) {
  return api.post<undefined>("/accommodations/remove", { iin });
}
