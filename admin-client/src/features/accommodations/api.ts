import type { Accommodation, AccommodationInput } from "@shared/booking";
import { api } from "../../lib/api";

// IINs travel in request bodies, never in URLs (access logs keep those).

export function getAccommodation(iin: string, signal?: AbortSignal) {
  return api.post<Accommodation>("/accommodations/lookup", { iin }, { signal });
}

export function saveAccommodation(iin: string, input: AccommodationInput) {
  return api.put<Accommodation>("/accommodations", { iin, ...input });
}

export function removeAccommodation(iin: string) {
  return api.post<undefined>("/accommodations/remove", { iin });
}
