import type { VerifyPdfResult } from "@shared/certificates";
import { api } from "../../../lib/api";

/** Sends the PDF itself; the server checks its signature and the registry. */
export function verifyPdf(file: Blob) {
  return api.post<VerifyPdfResult>("/certificates/verify-pdf", file, {
    contentType: "application/pdf",
  });
}
