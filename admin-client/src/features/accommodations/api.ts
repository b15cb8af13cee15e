import type { Accommodation, AccommodationInput } from "@shared/booking";
import { api } from "../../lib/api";

const path = (iin: string) => `/accommodations/${encodeURIComponent(iin)}`;

export function getAccommodation(iin: string, signal?: AbortSignal) {
  return api.get<Accommodation>(path(iin), { signal });
}

export function saveAccommodation(iin: string, input: AccommodationInput) {
  return api.put<Accommodation>(path(iin), input);
}

export function removeAccommodation(iin: string) {
  return api.delete<undefined>(path(iin));
}
