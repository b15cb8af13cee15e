import { queryOptions } from "@tanstack/react-query";
import type {
  Admission,
  AttemptDetail,
  AttemptTiming,
  ChainResult,
  Handover,
  HandoverMethod,
  Incident,
  IncidentGrant,
  ResultRow,
  RoomCommandResult,
  SeatView,
  SignOffCheck,
  SignOffResult,
  SlotSignOff,
  VoidRequest,
} from "@shared/attempts";
import type { CertificateRecord } from "@shared/certificates";
import type { EnrollmentCode, KioskRevoked, KioskRow } from "@shared/kiosks";
import type {
  OutageExpiredList,
  OutageList,
  ReopenResult,
} from "@shared/outages";
import type { AttentionList, AttentionRetry } from "@shared/reconciler";
import { api, apiUrl } from "../../../lib/api";
import { slotKeys } from "../slots/api";

const id = encodeURIComponent;

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

export type RoomAction = "start" | "pause" | "resume";

export const attemptQueries = {
  /** The attempt, its timing, incidents and audit timeline. */
  detail: (attemptId: string) =>
    queryOptions({
      queryKey: ["attempts", attemptId],
      queryFn: ({ signal }) =>
        api.get<AttemptDetail>(`/attempts/${id(attemptId)}`, { signal }),
    }),
};

export const deliveryQueries = {
  /** The slot's seats as REST answers them (the seat map watches live). */
  seats: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.part(slotId, "seats"),
      queryFn: ({ signal }) =>
        api.get<SeatView[]>(`/slots/${id(slotId)}/seats`, { signal }),
    }),
  incidents: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.part(slotId, "incidents"),
      queryFn: ({ signal }) =>
        api.get<Incident[]>(`/slots/${id(slotId)}/incidents`, { signal }),
    }),
  results: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.part(slotId, "results"),
      queryFn: ({ signal }) =>
        api.get<ResultRow[]>(`/slots/${id(slotId)}/results`, { signal }),
    }),
  /** A slot's attempts that expired only because of an outage. */
  outageExpired: (slotId: string) =>
    queryOptions({
      queryKey: slotKeys.part(slotId, "outage-expired"),
      queryFn: ({ signal }) =>
        api.get<OutageExpiredList>(`/slots/${id(slotId)}/outage-expired`, {
          signal,
        }),
    }),
  kiosks: () =>
    queryOptions({
      queryKey: ["kiosks"],
      queryFn: ({ signal }) => api.get<KioskRow[]>("/kiosks", { signal }),
    }),
  /** The reconciler's "needs attention" list. */
  attentionItems: () =>
    queryOptions({
      queryKey: ["reconciler-items"],
      queryFn: ({ signal }) =>
        api.get<AttentionList>("/reconciler/items", { signal }),
    }),
  /** The latest outages and the time each gave back (scoped by the server). */
  outages: () =>
    queryOptions({
      queryKey: ["outages"],
      queryFn: ({ signal }) => api.get<OutageList>("/outages", { signal }),
    }),
};

export const admit = (slotId: string, iin: string, seatId?: string) =>
  api.post<Admission>(`/slots/${id(slotId)}/admissions`, {
    iin,
    ...(seatId ? { seatId } : {}),
  });

export const seatCommand = (
  attemptId: string,
  action: SeatAction,
  body: Record<string, unknown>,
) => api.post<AttemptTiming>(`/attempts/${id(attemptId)}/${action}`, body);

/**
 * Continues a candidate whose certificate is issued with the assessment
 * that follows in the same room (the attempt's `followOn`): booked at the
 * desk unless booked already, admitted to the same seat. The booking code
 * in the answer is shown once.
 */
export const chainAttempt = (attemptId: string) =>
  api.post<ChainResult>(`/attempts/${id(attemptId)}/chain`);

/**
 * Records that the candidate received the issued document, printed or sent
 * electronically; once per document (a repeat answers the first record).
 */
export const handOverDocument = (attemptId: string, method: HandoverMethod) =>
  api.post<Handover>(`/attempts/${id(attemptId)}/handover`, { method });

/**
 * Voids an attempt with the reason and its cause: a technical failure does
 * not count for the retake interval, a breach of the rules does.
 */
export const voidAttempt = (attemptId: string, request: VoidRequest) =>
  api.post<AttemptTiming>(`/attempts/${id(attemptId)}/void`, request);

export const roomCommand = (
  slotId: string,
  action: RoomAction,
  reason?: string,
) =>
  api.post<RoomCommandResult>(
    `/slots/${id(slotId)}/${action}`,
    action === "start" ? {} : { reason },
  );

export const acknowledgeIncident = (incidentId: string, comment: string) =>
  api.post<Incident>(`/incidents/${id(incidentId)}/acknowledge`, {
    ...(comment ? { comment } : {}),
  });

export const grantIncident = (incidentId: string, reason: string) =>
  api.post<IncidentGrant>(
    `/incidents/${id(incidentId)}/grant`,
    reason ? { reason } : {},
  );

/** A reason is needed only to sign over unresolved items (409 signoff_unresolved). */
export const signOff = (attemptId: string, overrideReason?: string) =>
  api.post<SignOffResult>(
    `/attempts/${id(attemptId)}/sign-off`,
    overrideReason ? { overrideReason } : {},
  );

export const signOffSlot = (slotId: string, overrideReason?: string) =>
  api.post<SlotSignOff>(
    `/slots/${id(slotId)}/sign-off`,
    overrideReason ? { overrideReason } : {},
  );

/** What signing the slot now would sign over, and how many "sign all" signs. */
export const signOffCheckQuery = (slotId: string) =>
  queryOptions({
    queryKey: [...slotKeys.part(slotId, "results"), "sign-off"],
    queryFn: ({ signal }) =>
      api.get<SignOffCheck>(`/slots/${id(slotId)}/sign-off`, { signal }),
  });

export const revokeCertificate = (number: string, reason: string) =>
  api.post<CertificateRecord>(`/certificates/${id(number)}/revoke`, {
    reason,
  });

/** The signed PDF: the same file every time, so a reprint is a download. */
export const certificatePdfUrl = (number: string) =>
  apiUrl(`/certificates/${id(number)}/pdf`);

export const protocolPdfUrl = (slotId: string) =>
  apiUrl(`/slots/${id(slotId)}/protocol.pdf`);

export const createEnrollmentCode = (seatId: string) =>
  api.post<EnrollmentCode>("/kiosks/enrollment-codes", { seatId });

export const revokeKiosk = (kioskId: string) =>
  api.post<KioskRevoked>(`/kiosks/${id(kioskId)}/revoke`);

export const retryAttentionItem = (itemId: string) =>
  api.post<AttentionRetry>(`/reconciler/items/${id(itemId)}/retry`);

/** Reopens them all, each with the time it had when the outage began. */
export const reopenOutageExpired = (slotId: string) =>
  api.post<ReopenResult>(`/slots/${id(slotId)}/outage-expired/reopen`);
