import {
  HOLDER_BIRTH_DATE_HEADER,
  type CertificateKeys,
  type CertificateRecord,
  type VerifyPdfResult,
} from "@shared/certificates";
import { api } from "../../lib/api";

/** An old-form number also needs the holder's birth date (sent as a header, never in the URL). */
export function getCertificate(
  number: string,
  options: { birthDate?: string; signal?: AbortSignal } = {},
) {
  return api.get<CertificateRecord>(
    `/certificates/${encodeURIComponent(number)}`,
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.birthDate
        ? { headers: { [HOLDER_BIRTH_DATE_HEADER]: options.birthDate } }
        : {}),
    },
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
