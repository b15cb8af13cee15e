import type { AttemptScore } from "@shared/banks";
import type { CertificateRecord } from "@shared/certificates";
import type { AttemptState } from "@shared/enums";
import type { AttemptTiming, IncidentView, SeatView } from "@shared/attempts";
import type { Localized } from "@shared/enums";
import type { AttentionList } from "@shared/reconciler";
import type {
  OutageExpiredList,
  OutageList,
  ReopenResult,
} from "@shared/outages";
import { api, apiUrl } from "../../lib/api";

const id = encodeURIComponent;

/** What POST /slots/:slotId/admissions answers. */
export interface Admission {
  attemptId: string;
  bookingId: string;
  fullName: string;
  language: "kk" | "ru";
  programId: string;
  seatId: string;
  seatLabel: string;
  extraMinutes: number;
  accommodationNote: string;
}

export interface Signature {
  id: string;
  fullName: string;
  at: number;
}

/** An incident as stored: the pushed view plus its handling. */
export interface Incident extends IncidentView {
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  comments?: { by: string; at: number; text: string }[];
  grantedMs?: number;
}

export interface TimelineEntry {
  id: string;
  at: number;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

/** GET /attempts/:id: the attempt, its timing, incidents and audit timeline. */
export interface AttemptDetail {
  id: string;
  bookingId: string;
  slotId: string;
  seatId: string;
  fullName: string;
  maskedIin: string;
  language: "kk" | "ru";
  state: AttemptState;
  admittedAt: number;
  startedAt: number | null;
  submittedAt: number | null;
  pausedTotalMs: number;
  pauseReason: string | null;
  answered: number;
  total: number;
  accommodationNote: string;
  extraMs: number;
  voidReason: string | null;
  certificateNumber: string | null;
  timing: AttemptTiming;
  incidents: Incident[];
  timeline: TimelineEntry[];
}

export interface ResultRow {
  attemptId: string;
  bookingId: string;
  fullName: string;
  maskedIin: string;
  seatId: string;
  state: AttemptState;
  result: AttemptScore | null;
  signedAdministrator: Signature | null;
  signedOperator: Signature | null;
  officialAt: number | null;
  certificateNumber: string | null;
  voidReason: string | null;
}

export interface KioskRow {
  id: string;
  seatId: string;
  seatLabel: string;
  roomId: string;
  roomName: string;
  centerId: string;
  centerName: Localized;
  timezone: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  connected: boolean;
  revoked: boolean;
  deviceName: string;
}

export interface EnrollmentCode {
  code: string;
  seatId: string;
  expiresAt: string;
}

export const admit = (slotId: string, iin: string, seatId?: string) =>
  api.post<Admission>(`/slots/${id(slotId)}/admissions`, {
    iin,
    ...(seatId ? { seatId } : {}),
  });

export const getSeatMap = (slotId: string, signal?: AbortSignal) =>
  api.get<SeatView[]>(`/slots/${id(slotId)}/seats`, { signal });

export const getAttempt = (attemptId: string, signal?: AbortSignal) =>
  api.get<AttemptDetail>(`/attempts/${id(attemptId)}`, { signal });

/** The commands a seat takes; each answers the new timing. */
export type SeatAction =
  | "start"
  | "pause"
  | "resume"
  | "extend"
  | "submit"
  | "void"
  | "reseat"
  | "reentry";

export const seatCommand = (
  attemptId: string,
  action: SeatAction,
  body: Record<string, unknown>,
) => api.post<AttemptTiming>(`/attempts/${id(attemptId)}/${action}`, body);

export type RoomAction = "start" | "pause" | "resume";

export const roomCommand = (
  slotId: string,
  action: RoomAction,
  reason?: string,
) =>
  api.post<{ applied: number; refused: number }>(
    `/slots/${id(slotId)}/${action}`,
    action === "start" ? {} : { reason },
  );

export const listIncidents = (slotId: string, signal?: AbortSignal) =>
  api.get<Incident[]>(`/slots/${id(slotId)}/incidents`, { signal });

export const acknowledgeIncident = (incidentId: string, comment: string) =>
  api.post<Incident>(`/incidents/${id(incidentId)}/acknowledge`, {
    ...(comment ? { comment } : {}),
  });

export const grantIncident = (incidentId: string, reason: string) =>
  api.post<{ incident: Incident; timing: AttemptTiming }>(
    `/incidents/${id(incidentId)}/grant`,
    reason ? { reason } : {},
  );

export const getResults = (slotId: string, signal?: AbortSignal) =>
  api.get<ResultRow[]>(`/slots/${id(slotId)}/results`, { signal });

export const signOff = (attemptId: string) =>
  api.post<{ attemptId: string; official: boolean }>(
    `/attempts/${id(attemptId)}/sign-off`,
  );

export const signOffSlot = (slotId: string) =>
  api.post<{ signed: number; refused: { attemptId: string; error: string }[] }>(
    `/slots/${id(slotId)}/sign-off`,
  );

export const getCertificate = (number: string, signal?: AbortSignal) =>
  api.get<CertificateRecord>(`/certificates/${id(number)}`, { signal });

export const revokeCertificate = (number: string, reason: string) =>
  api.post<CertificateRecord>(`/certificates/${id(number)}/revoke`, {
    reason,
  });

/** The signed PDF: the same file every time, so a reprint is a download. */
export const certificatePdfUrl = (number: string) =>
  apiUrl(`/certificates/${id(number)}/pdf`);

export const protocolPdfUrl = (slotId: string) =>
  apiUrl(`/slots/${id(slotId)}/protocol.pdf`);

export const listKiosks = (signal?: AbortSignal) =>
  api.get<KioskRow[]>("/kiosks", { signal });

export const createEnrollmentCode = (seatId: string) =>
  api.post<EnrollmentCode>("/kiosks/enrollment-codes", { seatId });

export const revokeKiosk = (kioskId: string) =>
  api.post<{ ok: true; seatId: string }>(`/kiosks/${id(kioskId)}/revoke`);

/** The reconciler's "needs attention" list. */
export const listAttentionItems = (signal?: AbortSignal) =>
  api.get<AttentionList>("/reconciler/items", { signal });

export const retryAttentionItem = (itemId: string) =>
  api.post<{ itemId: string; jobId: string }>(
    `/reconciler/items/${id(itemId)}/retry`,
  );

/** The latest outages and the time each gave back (scoped by the server). */
export const listOutages = (signal?: AbortSignal) =>
  api.get<OutageList>("/outages", { signal });

/** A slot's attempts that expired only because of an outage. */
export const listOutageExpired = (slotId: string, signal?: AbortSignal) =>
  api.get<OutageExpiredList>(`/slots/${id(slotId)}/outage-expired`, {
    signal,
  });

/** Reopens them all, each with the time it had when the outage began. */
export const reopenOutageExpired = (slotId: string) =>
  api.post<ReopenResult>(`/slots/${id(slotId)}/outage-expired/reopen`);
