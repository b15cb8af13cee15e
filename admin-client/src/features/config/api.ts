import type {
  Center,
  CenterInput,
  Room,
  Seat,
  SeatsInput,
  Slot,
  SlotInput,
} from "@shared/booking";
import type { StaffRole } from "@shared/enums";
import { api } from "../../lib/api";

export interface StaffAccount {
  id: string;
  username: string;
  fullName: string;
  role: StaffRole;
  active: boolean;
  demo: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: number;
}

export const listAccounts = (signal?: AbortSignal) =>
  api.get<StaffAccount[]>("/accounts", { signal });

export const createAccount = (input: {
  username: string;
  fullName: string;
  role: StaffRole;
  password: string;
}) => api.post<StaffAccount>("/accounts", input);

const id = encodeURIComponent;

/** A temporary password, shown once; the account must change it. */
export const resetAccountPassword = (accountId: string) =>
  api.post<{ account: StaffAccount; temporaryPassword: string }>(
    `/accounts/${id(accountId)}/reset-password`,
  );

export const deactivateAccount = (accountId: string) =>
  api.post<StaffAccount>(`/accounts/${id(accountId)}/deactivate`);

export const reactivateAccount = (accountId: string) =>
  api.post<StaffAccount>(`/accounts/${id(accountId)}/reactivate`);

export const createCenter = (input: CenterInput) =>
  api.post<Center>("/centers", input);

export const createRoom = (centerId: string, name: string) =>
  api.post<Room>(`/centers/${id(centerId)}/rooms`, { name });

export const listSeats = (roomId: string, signal?: AbortSignal) =>
  api.get<Seat[]>(`/rooms/${id(roomId)}/seats`, { signal });

export const addSeats = (roomId: string, input: SeatsInput) =>
  api.post<Seat[]>(`/rooms/${id(roomId)}/seats`, input);

export const scheduleSlot = (input: SlotInput) =>
  api.post<Slot>("/slots", input);

export const changeSeatsOffered = (slotId: string, seatsOffered: number) =>
  api.patch<Slot>(`/slots/${id(slotId)}`, { seatsOffered });

export const cancelSlot = (slotId: string) =>
  api.post<Slot>(`/slots/${id(slotId)}/cancel`);
