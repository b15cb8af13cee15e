import type {
  CertificateKeys,
  CertificateRecord,
  VerifyPdfResult,
} from "@shared/certificates";
import { api } from "../../lib/api";

export function getCertificate(number: string, signal?: AbortSignal) {
  return api.get<CertificateRecord>(
    `/certificates/${encodeURIComponent(number)}`,
    { signal },
  );
}

/** Sends the PDF itself; the server checks its signature and the registry. */
export function verifyPdf(file: Blob) {
  return api.post<VerifyPdfResult>("/certificates/verify-pdf", file, {
    contentType: "application/pdf",
  });
}

export function getCertificateKeys(signal?: AbortSignal) {
  return api.get<CertificateKeys>("/certificates/keys", { signal });
}
