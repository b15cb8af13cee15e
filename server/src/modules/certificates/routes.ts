import express, { Router } from "express";
import { z } from "zod";
import {
  CertificateKeysSchema,
  CertificateNumberSchema,
  CertificateRecordSchema,
  CertificateRevokeRequestSchema,
  ConfigurationKeysSchema,
  HOLDER_BIRTH_DATE_HEADER,
  HolderBirthDateSchema,
  VerifyPdfResultSchema,
} from "@shared/certificates";
import type { AppContext } from "../../context";
import { badRequest } from "../../errors";
import { clientIp } from "../../http/rate-limit";
import { defineRoute } from "../../http/route";
import { actorOf } from "../audit";
import { certificateKeys, configurationKeys } from "./keys";
import { centerOfDocument, certificatePdf, revokeCertificate } from "./service";
import { verifyDocumentNumber, verifyUploadedPdf } from "./verification";

/** Largest PDF accepted for verification: ours are about 50 KB. */
export const MAX_VERIFY_PDF_BYTES = 5 * 1024 * 1024;

const NumberParams = z.object({ number: CertificateNumberSchema });
const STAFF = [
  "administrator",
  "operator",
  "manager",
  "network-manager",
] as const;

function sendPdf(
  res: express.Response,
  pdf: Buffer,
  fileName: string,
  disposition: "inline" | "attachment",
) {
  res.status(200);
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Length", String(pdf.length));
  res.setHeader(
    "Content-Disposition",
    `${disposition}; filename="${fileName}"`,
  );
  res.setHeader("Cache-Control", "private, no-store");
  res.end(pdf);
}

/**
 * Verification is public (anyone holding a document may check it); the
 * PDF itself, revocation and the slot protocol are for staff.
 */
export function certificateRoutes(ctx: AppContext): Router {
  const router = Router();
  // A document belongs to the center of its attempt's slot.
  const documentCenter = (number: string) => centerOfDocument(ctx, number);

  // Before /certificates/:number, which would otherwise match "keys".
  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/certificates/keys",
    summary:
      "Public keys that sign certificates: Ed25519 QR keys (JWK) and PDF signing certificates, current and earlier",
    tags: ["certificates"],
    access: "public",
    response: CertificateKeysSchema,
    handler: async () => certificateKeys(ctx),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/configuration/keys",
    summary:
      "Which keys sign documents here: the PDF signing identity and the QR key, configured or generated, with fingerprints",
    tags: ["certificates"],
    access: ["manager", "network-manager"],
    response: ConfigurationKeysSchema,
    handler: async () => configurationKeys(ctx),
  });

  // Only this route takes a raw body; the API's JSON parser skips PDFs.
  router.post(
    "/certificates/verify-pdf",
    express.raw({ type: "application/pdf", limit: MAX_VERIFY_PDF_BYTES }),
  );
  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/certificates/verify-pdf",
    summary:
      "Verify a certificate PDF (body: the file, Content-Type application/pdf, at most 5 MB): signature, signer, payload, and that it is an issued, unrevoked document",
    tags: ["certificates"],
    access: "public",
    response: VerifyPdfResultSchema,
    errors: {
      413: "Larger than 5 MB",
      415: "Not sent as application/pdf",
      429: "Rate limited",
    },
    handler: async ({ req }) => {
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw badRequest(
          "pdf_required",
          "Send the PDF file itself as the request body with Content-Type: application/pdf.",
        );
      }
      return verifyUploadedPdf(ctx, body);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/certificates/:number",
    summary:
      "Check a certificate or reference by its number: what checking the paper needs, no scores. Old sequential numbers also need the holder's birth date in X-Holder-Birth-Date (YYYY-MM-DD)",
    tags: ["certificates"],
    access: "public",
    params: NumberParams,
    response: CertificateRecordSchema,
    errors: {
      400: "X-Holder-Birth-Date is not a date (invalid_birth_date)",
      404: "No such document, or a wrong birth date (certificate_not_found)",
      428: "An old sequential number without X-Holder-Birth-Date (holder_birth_date_required)",
      429: "Too many misses from this address (too_many_misses), or rate limited",
    },
    handler: async ({ params, req }) => {
      const header = req.get(HOLDER_BIRTH_DATE_HEADER);
      if (
        header !== undefined &&
        !HolderBirthDateSchema.safeParse(header.trim()).success
      ) {
        throw badRequest(
          "invalid_birth_date",
          `${HOLDER_BIRTH_DATE_HEADER} must be the holder's birth date as YYYY-MM-DD.`,
        );
      }
      return verifyDocumentNumber(ctx, params.number, {
        address: clientIp(req),
        birthDate: header?.trim(),
      });
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/certificates/:number/pdf",
    summary: "Download (reprint) the signed PDF of a certificate or reference",
    tags: ["certificates"],
    access: STAFF,
    params: NumberParams,
    center: ({ number }) => documentCenter(number),
    produces: "application/pdf",
    errors: {
      404: "No such document (certificate_not_found)",
      410: "Deleted by the retention purge (document_purged)",
    },
    handler: async ({ params, res }) => {
      const { fileName, pdf } = await certificatePdf(ctx, params.number);
      sendPdf(res, pdf, fileName, "attachment");
      return undefined;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/certificates/:number/revoke",
    summary: "Revoke a certificate or reference; every later check shows it",
    tags: ["certificates"],
    access: ["manager", "administrator", "network-manager"],
    params: NumberParams,
    center: ({ number }) => documentCenter(number),
    body: CertificateRevokeRequestSchema,
    response: CertificateRecordSchema,
    errors: {
      404: "No such document (certificate_not_found, replacement_not_found)",
      409: "Already revoked (certificate_already_revoked)",
    },
    handler: async ({ params, body, actor }) =>
      revokeCertificate(ctx, params.number, body, actorOf(actor)),
  });

  // GET /slots/:slotId/protocol.pdf is the attempts module's: it lists
  // every booking with its status, which this module cannot reach.

  return router;
}
