import { queryOptions } from "@tanstack/react-query";
import type {
  AccountCreateRequest,
  PasswordReset,
  StaffAccount,
} from "@shared/accounts";
import type {
  Center,
  CenterInput,
  Room,
  Seat,
  SeatsInput,
  Slot,
  SlotInput,
} from "@shared/booking";
import type { ConfigurationKeys } from "@shared/certificates";
import { api } from "../../../lib/api";

const id = encodeURIComponent;

export const roomQueries = {
  ofCenter: (centerId: string) =>
    queryOptions({
      queryKey: ["rooms", centerId],
      queryFn: ({ signal }) =>
        api.get<Room[]>(`/centers/${id(centerId)}/rooms`, { signal }),
    }),
};

export const seatQueries = {
  ofRoom: (roomId: string) =>
    queryOptions({
      queryKey: ["seats", roomId],
      queryFn: ({ signal }) =>
        api.get<Seat[]>(`/rooms/${id(roomId)}/seats`, { signal }),
    }),
};

export const accountQueries = {
  list: () =>
    queryOptions({
      queryKey: ["accounts"],
      queryFn: ({ signal }) => api.get<StaffAccount[]>("/accounts", { signal }),
    }),
};

export const configurationQueries = {
  /** Which keys sign this installation's documents. */
  keys: () =>
    queryOptions({
      queryKey: ["configuration-keys"],
      queryFn: ({ signal }) =>
        api.get<ConfigurationKeys>("/configuration/keys", { signal }),
    }),
};

export const createAccount = (input: AccountCreateRequest) =>
  api.post<StaffAccount>("/accounts", input);

export const resetAccountPassword = (accountId: string) =>
  api.post<PasswordReset>(`/accounts/${id(accountId)}/reset-password`);

export const deactivateAccount = (accountId: string) =>
  api.post<StaffAccount>(`/accounts/${id(accountId)}/deactivate`);

export const reactivateAccount = (accountId: string) =>
  api.post<StaffAccount>(`/accounts/${id(accountId)}/reactivate`);

export const createCenter = (input: CenterInput) =>
  api.post<Center>("/centers", input);

export const createRoom = (centerId: string, names: RoomNames) =>
  api.post<Room>(`/centers/${id(centerId)}/rooms`, { names });

/** A room's names; a language left empty takes another's. */
export type RoomNames = { kk: string; ru: string; en: string };

export const renameRoom = (roomId: string, names: RoomNames) =>
  api.put<Room>(`/rooms/${id(roomId)}/names`, { names });

export const addSeats = (roomId: string, input: SeatsInput) =>
  api.post<Seat[]>(`/rooms/${id(roomId)}/seats`, input);

export const scheduleSlot = (input: SlotInput) =>
  api.post<Slot>("/slots", input);

export const changeSeatsOffered = (slotId: string, seatsOffered: number) =>
  api.patch<Slot>(`/slots/${id(slotId)}`, { seatsOffered });

export const cancelSlot = (slotId: string) =>
  api.post<Slot>(`/slots/${id(slotId)}/cancel`);
