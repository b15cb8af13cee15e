import {
  hasValidCheckCharacter,
  isLegacyNumber,
  type AnyOfficialResult,
  type CertificateRecord,
  type VerifyPdfResult,
  type VerifyReason,
} from "@shared/certificates";
import { validateIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { SynaqError, notFound } from "../../errors";
import { fixedWindow } from "../../http/rate-limit";
import { redisNow } from "../../redis/connection";
import { sha256Hex } from "./document-files";
import { holderNameDigest } from "../../signing";
import { publicRecord } from "../documents";
import { archivedBornOn, archivedPublicRecord } from "./archived";
import {
  findDocument,
  findNumberBySha256,
  isArchivedDocument,
  loadOfficialResult,
  type ArchivedDocument,
  type StoredDocument,
} from "./repository";
import { inspectSignedPdf, trustFromKeys } from "./verify";
import { certificateKeys } from "./keys";

/** Public lookups that match nothing, per address and window, before 429. */
const VERIFY_MISS_LIMIT = 10;
const VERIFY_MISS_WINDOW_MS = 10 * 60_000;

const reason = (id: string, message: string): VerifyReason => ({
  id,
  message,
});

/**
 * A live document with its official result, or an archived slot's
 * document (its stub: no result, which is in the archive file).
 */
export type FoundDocument =
  | { stored: StoredDocument; result: AnyOfficialResult }
  | { stored: ArchivedDocument; result: null };

async function findDocumentAndResult(
  ctx: AppContext,
  number: string,
): Promise<FoundDocument | null> {
  const stored = await findDocument(ctx.redis, number);
  if (!stored) return null;
  if (isArchivedDocument(stored)) return { stored, result: null };
  const result = await loadOfficialResult(ctx.redis, stored.attemptId);
  return result ? { stored, result } : null;
}

const recordOf = (ctx: AppContext, found: FoundDocument, nowMs: number) =>
  found.result
    ? publicRecord(found.result, found.stored, nowMs)
    : archivedPublicRecord(ctx, found.stored, nowMs);

export async function documentAndResult(
  ctx: AppContext,
  number: string,
): Promise<FoundDocument> {
  const found = await findDocumentAndResult(ctx, number);
  if (!found) {
    throw notFound(
      "certificate_not_found",
      `No certificate or reference has the number ${number}. Check the number on the document.`,
    );
  }
  return found;
}

/** The public record of a document, revocation and expiry included. */
export async function certificateRecord(
  ctx: AppContext,
  number: string,
): Promise<CertificateRecord> {
  const found = await documentAndResult(ctx, number);
  return recordOf(ctx, found, await redisNow(ctx.redis));
}

/** Whether `birthDate` (YYYY-MM-DD) is the one the holder's IIN encodes. */
function bornOn(result: AnyOfficialResult, birthDate: string): boolean {
  const decoded = validateIin(result.iin);
  if (decoded.valid) return decoded.birthDate === birthDate;
  // A purged result keeps YYMMDD only: the century digit is gone.
  return result.iin.slice(0, 6) === birthDate.replaceAll("-", "").slice(2);
}

const holderBornOn = (found: FoundDocument, birthDate: string) =>
  found.result
    ? bornOn(found.result, birthDate)
    : archivedBornOn(found.stored, birthDate);

/**
 * The public check of a document number, built so nobody can walk the
 * numbers: a wrong check character, an unknown number and (for an old
 * sequential number) a wrong birth date all answer the same 404 and count
 * against the address; past VERIFY_MISS_LIMIT misses in the window every
 * lookup from it is refused with 429. An old number without a birth date
 * gets the same `holder_birth_date_required` whether it exists or not.
 */
export async function verifyDocumentNumber(
  ctx: AppContext,
  number: string,
  request: { address: string; birthDate?: string | undefined },
): Promise<CertificateRecord> {
  const misses = fixedWindow(
    ctx.redis,
    "certificate-misses",
    VERIFY_MISS_LIMIT,
    VERIFY_MISS_WINDOW_MS,
  );
  if ((await misses.peek(request.address)) >= VERIFY_MISS_LIMIT) {
    throw new SynaqError(
      429,
      "too_many_misses",
      "Too many numbers from this address matched no document. Check the number on the paper and try again in 10 minutes.",
    );
  }
  const legacy = isLegacyNumber(number);
  if (legacy && request.birthDate === undefined) {
    throw new SynaqError(
      428,
      "holder_birth_date_required",
      "Numbers in the old form (SYN-2026-000123) are checked together with the holder's birth date: send it as X-Holder-Birth-Date (YYYY-MM-DD).",
    );
  }
  const found =
    legacy || hasValidCheckCharacter(number)
      ? await findDocumentAndResult(ctx, number)
      : null;
  if (!found || (legacy && !holderBornOn(found, request.birthDate ?? ""))) {
    await misses.hit(request.address);
    throw notFound(
      "certificate_not_found",
      `No certificate or reference has the number ${number}. Check the number on the document.`,
    );
  }
  return recordOf(ctx, found, await redisNow(ctx.redis));
}

/**
 * Verifies an uploaded PDF: its signature and signer, its signed payload,
 * and that it is byte for byte a document this center issued (by its
 * SHA-256), not revoked and not expired.
 */
export async function verifyUploadedPdf(
  ctx: AppContext,
  pdf: Buffer,
): Promise<VerifyPdfResult> {
  const trust = trustFromKeys(await certificateKeys(ctx));
  const inspection = await inspectSignedPdf(pdf, trust);
  const reasons = [...inspection.reasons];
  const indexed = await findNumberBySha256(ctx.redis, sha256Hex(pdf));
  let record: CertificateRecord | undefined;
  if (indexed && !indexed.startsWith("protocol:")) {
    record = await certificateRecord(ctx, indexed);
    if (record.revoked) {
      reasons.push(
        reason(
          "revoked",
          `${record.number} was revoked: ${record.revokedReason ?? ""}${record.replacedBy ? ` (replaced by ${record.replacedBy})` : ""}`,
        ),
      );
    } else if (record.expired) {
      reasons.push(
        reason(
          "expired",
          `${record.number} expired on ${record.validUntil ?? "?"}.`,
        ),
      );
    }
    const payload = inspection.payload;
    if (
      payload &&
      (payload.number !== record.number ||
        (payload.holderDigest !== undefined &&
          payload.holderDigest !== holderNameDigest(record.holder)))
    ) {
      reasons.push(
        reason("payload_mismatch", "The payload names another document."),
      );
    }
  } else if (indexed) {
    reasons.push(
      reason(
        "not_a_certificate",
        "This is a slot results protocol of this center, not a certificate.",
      ),
    );
  } else if (!inspection.payload?.sample) {
    reasons.push(
      reason(
        "document_unknown",
        "This file is not one this center issued: it differs from every issued document (changed, or not ours).",
      ),
    );
  }
  return {
    valid: reasons.length === 0,
    reasons,
    ...(record ? { record } : {}),
  };
}
