/**
 * The resources both the portal and the console read, each with its one
 * query-key factory: programs, position categories, centers, the public
 * slot search and the document registry.
 */
import { queryOptions } from "@tanstack/react-query";
import type { ProgramSummary } from "@shared/banks";
import type {
  Center,
  PositionCategories,
  PublicSlot,
  SlotSearch,
} from "@shared/booking";
import {
  HOLDER_BIRTH_DATE_HEADER,
  type CertificateKeys,
  type CertificateRecord,
} from "@shared/certificates";
import { api } from "./api";

const id = encodeURIComponent;

/** Programs and signing keys change with a deployment, not during a day. */
const DEPLOYED_FRESH_MS = 5 * 60_000;

export const programQueries = {
  list: () =>
    queryOptions({
      queryKey: ["programs"],
      queryFn: ({ signal }) =>
        api.get<ProgramSummary[]>("/programs", { signal }),
      staleTime: DEPLOYED_FRESH_MS,
    }),
};

export const positionCategoryQueries = {
  /** The registry's position categories a booking asks for (public). */
  list: () =>
    queryOptions({
      queryKey: ["position-categories"],
      queryFn: ({ signal }) =>
        api.get<PositionCategories>("/position-categories", { signal }),
      staleTime: DEPLOYED_FRESH_MS,
    }),
};

export const centerQueries = {
  /** Every testing center (public); the console keeps to its scope. */
  list: () =>
    queryOptions({
      queryKey: ["centers"],
      queryFn: ({ signal }) => api.get<Center[]>("/centers", { signal }),
    }),
};

export const publicSlotQueries = {
  all: () => ["public-slots"] as const,
  /** Bookable slots, sorted by start. */
  search: (search: SlotSearch) =>
    queryOptions({
      queryKey: [...publicSlotQueries.all(), search],
      queryFn: async ({ signal }) => {
        const slots = await api.get<PublicSlot[]>("/slots", {
          query: search,
          signal,
        });
        return [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      },
    }),
};

export const certificateQueries = {
  /** A document and every way it was asked for (a prefix). */
  all: (number: string) => ["certificates", number] as const,
  /**
   * A document in the registry. An old-form number also needs the holder's
   * birth date, sent as a header, never in the URL.
   */
  detail: (number: string, birthDate?: string) =>
    queryOptions({
      queryKey: [...certificateQueries.all(number), birthDate ?? null],
      queryFn: ({ signal }) =>
        api.get<CertificateRecord>(`/certificates/${id(number)}`, {
          signal,
          ...(birthDate
            ? { headers: { [HOLDER_BIRTH_DATE_HEADER]: birthDate } }
            : {}),
        }),
    }),
  /** The published keys that sign QR payloads. */
  keys: () =>
    queryOptions({
      queryKey: ["certificate-keys"],
      queryFn: ({ signal }) =>
        api.get<CertificateKeys>("/certificates/keys", { signal }),
      staleTime: DEPLOYED_FRESH_MS,
    }),
};
