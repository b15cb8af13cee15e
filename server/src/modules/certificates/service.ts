import { randomInt } from "node:crypto";
import path from "node:path";
import {
  AnyOfficialResultSchema,
  NUMBER_ALPHABET,
  NUMBER_RANDOM_LENGTH,
  composeDocumentNumber,
  verificationUrl,
  type AnyOfficialResult,
  type CertificateRecord,
} from "@shared/certificates";
import type { AppContext } from "../../context";
import {
  SynaqError,
  badRequest,
  conflict,
  notFound,
  unavailable,
} from "../../errors";
import { redisNow } from "../../redis/connection";
import {
  readDocumentFile,
  sha256Hex,
  sweepTempFiles,
  writeDocumentFile,
  type WriteHooks,
} from "./document-files";
import { signQrPayload, type CenterKeys } from "../../signing";
import {
  assessmentPayloadFields,
  assessmentSignatureMeta,
  assessmentView,
  certificateSignatureMeta,
  renderAssessmentPdf,
  renderCertificatePdf,
  certificateView,
  documentDates,
  localTime,
  payloadFields,
} from "../documents";
import {
  acquireLock,
  addOfficialToSlot,
  allocateNumber,
  findDocument,
  findNumberAllocation,
  isArchivedDocument,
  isDocumentFile,
  revokeDocument,
  saveDocument,
  storeOfficialResult,
  type StoredDocument,
} from "./repository";
import { certificateRecord, documentAndResult } from "./verification";
import { centerKeys } from "./keys";
import { centerOfSlot, UNKNOWN_CENTER } from "../slots";

/** Document numbers read `SYN-2026-` + 10 random characters + a check character. */
export const NUMBER_PREFIX = "SYN";
const SAMPLE_PREFIX = "SAMPLE";
/** Renewed while rendering; a lock whose holder died frees itself then. */
export const LOCK_TTL_MS = 10_000;
export const LOCK_WAIT_MS = 30_000;
const WORKER_ACTOR = "system:certificates";

export const outputDir = (ctx: AppContext) =>
  path.resolve(ctx.env.CERT_OUTPUT_DIR);

export interface RenderDocumentInput {
  /** A test's result (certificate, reference) or an assessment's (report). */
  result: AnyOfficialResult;
  number: string;
  issuedAt: number;
  defaultValidityDays: number;
  publicUrl: string;
  keys: CenterKeys;
  sample?: boolean;
  /** False renders the same page unsigned (the benchmark's baseline). */
  sign?: boolean;
}

/** Renders (and signs) one certificate, reference or assessment report. No I/O. */
export async function renderDocument(
  input: RenderDocumentInput,
): Promise<Buffer> {
  const { result, number, keys } = input;
  const sample = input.sample ?? false;
  const dates = documentDates(
    result,
    input.issuedAt,
    input.defaultValidityDays,
  );
  const payload = signQrPayload(
    result.kind === "assessment"
      ? assessmentPayloadFields(result, number, dates, sample)
      : payloadFields(result, number, dates, sample),
    keys.qr,
  );
  const facts = {
    number,
    dates,
    verifyUrl: verificationUrl(input.publicUrl, number),
    qrText: verificationUrl(input.publicUrl, number, payload),
    payload,
    signer: { commonName: keys.signing.commonName, demo: keys.signing.demo },
    sample,
  };
  if (result.kind === "assessment") {
    const view = assessmentView(result, facts);
    if (input.sign === false) return renderAssessmentPdf(view);
    return renderAssessmentPdf(view, {
      signer: keys.signing,
      meta: assessmentSignatureMeta(view, keys.signing.commonName),
    });
  }
  const view = certificateView(result, facts);
  if (input.sign === false) return renderCertificatePdf(view);
  return renderCertificatePdf(view, {
    signer: keys.signing,
    meta: certificateSignatureMeta(view, keys.signing.commonName),
  });
}

/** A sample document with demo data and a `SAMPLE-<year>-000000` number. */
export async function renderSampleDocument(input: {
  result: AnyOfficialResult;
  keys: CenterKeys;
  publicUrl: string;
  defaultValidityDays: number;
  now?: number;
}): Promise<{ number: string; pdf: Buffer }> {
  const now = input.now ?? Date.now();
  const year = localTime(now, input.result.center.timezone).year;
  const number = `${SAMPLE_PREFIX}-${year}-000000`;
  const pdf = await renderDocument({
    result: input.result,
    number,
    issuedAt: now,
    defaultValidityDays: input.defaultValidityDays,
    publicUrl: input.publicUrl,
    keys: input.keys,
    sample: true,
  });
  return { number, pdf };
}

export interface IssuedDocument {
  number: string;
  /** Absolute path of the PDF. */
  file: string;
  sha256: string;
  /** `existing`: the document and its file were already in place. */
  outcome: "issued" | "rerendered" | "existing";
}

/**
 * Issues the document of an official result: a certificate or reference
 * for a test's, the assessment report for an assessment's. Idempotent:
 * one number per attempt however often it runs; when the record and a file
 * with the recorded hash exist it does nothing; when the file is missing or
 * damaged it renders again under the same number and issue date.
 */
export async function issueDocument(
  ctx: AppContext,
  officialResult: AnyOfficialResult,
  options: { hooks?: WriteHooks } = {},
): Promise<IssuedDocument> {
  const result = AnyOfficialResultSchema.parse(officialResult);
  const lock = await acquireLock(ctx.redis, `attempt:${result.attemptId}`, {
    ttlMs: LOCK_TTL_MS,
    waitMs: LOCK_WAIT_MS,
  });
  if (!lock) {
    throw unavailable(
      "certificate_busy",
      "This document is being rendered right now. Try again in a minute.",
    );
  }
  try {
    // The record shown to verifiers is read from the stored result, so a
    // document never exists without it (and never for a different one).
    await storeOfficialResult(ctx.redis, result);
    const dir = outputDir(ctx);
    const existing = await findNumberAllocation(ctx.redis, result.attemptId);
    const stored = existing
      ? await findDocument(ctx.redis, existing.number)
      : null;
    if (stored) {
      const file = await readDocumentFile(dir, stored.file);
      if (file && sha256Hex(file) === stored.sha256) {
        return {
          number: stored.number,
          file: path.join(dir, stored.file),
          sha256: stored.sha256,
          outcome: "existing",
        };
      }
    }

    const now = await redisNow(ctx.redis);
    const year = localTime(now, result.center.timezone).year;
    const { number, issuedAt } = await allocateNumber(
      ctx.redis,
      result.attemptId,
      () => drawDocumentNumber(NUMBER_PREFIX, year),
      now,
    );
    // A lost or damaged file is rendered again with the validity its
    // record states (one issued before validity counted from the test
    // date keeps its own); a reference and an assessment report have none.
    const rendered =
      stored?.validUntil && result.kind === "certificate"
        ? { ...result, validUntil: stored.validUntil }
        : result;
    const pdf = await renderDocument({
      result: rendered,
      number,
      issuedAt,
      defaultValidityDays: ctx.env.CERT_VALIDITY_DAYS,
      publicUrl: ctx.publicUrl,
      keys: await centerKeys(ctx),
    });
    const sha256 = sha256Hex(pdf);
    const name = `${number}.pdf`;
    // We hold the lock: any temp file for this name is a dead writer's.
    await sweepTempFiles(dir, name);
    const file = await writeDocumentFile(dir, name, pdf, options.hooks);
    const dates = documentDates(rendered, issuedAt, ctx.env.CERT_VALIDITY_DAYS);
    const outcome = await saveDocument(
      ctx.redis,
      {
        number,
        attemptId: result.attemptId,
        slotId: result.slotId,
        kind: result.kind,
        file: name,
        sha256,
        issuedAt: dates.issuedAt,
        ...(dates.validUntil === undefined
          ? {}
          : { validUntil: dates.validUntil }),
      },
      WORKER_ACTOR,
    );
    ctx.logger.info(
      { attemptId: result.attemptId, number, kind: result.kind, outcome },
      "certificate document written",
    );
    return {
      number,
      file,
      sha256,
      outcome: outcome === "unchanged" ? "existing" : outcome,
    };
  } finally {
    await lock.release();
  }
}

/**
 * What the delivery engine calls when a result becomes official: stores it,
 * lists it in the slot's protocol and queues the `certificate.issue` job.
 * Safe to call again with the same result.
 */
export async function publishOfficialResult(
  ctx: AppContext,
  result: AnyOfficialResult,
): Promise<void> {
  await storeOfficialResult(ctx.redis, result);
  await addOfficialToSlot(ctx.redis, result.slotId, result.attemptId);
  await ctx.queues.add("certificate.issue", { attemptId: result.attemptId });
}

/** The issued document of an attempt, if any (for the engine and the console). */
export async function certificateForAttempt(
  ctx: AppContext,
  attemptId: string,
): Promise<StoredDocument | null> {
  const allocation = await findNumberAllocation(ctx.redis, attemptId);
  return allocation ? findDocument(ctx.redis, allocation.number) : null;
}

/** A new random document number (see CertificateNumberSchema). */
export function drawDocumentNumber(prefix: string, year: number): string {
  let random = "";
  for (let i = 0; i < NUMBER_RANDOM_LENGTH; i++) {
    random += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  }
  return composeDocumentNumber(prefix, year, random);
}

/** Revokes a document; every later check shows it, and the slot's audit has it. */
export async function revokeCertificate(
  ctx: AppContext,
  number: string,
  input: { reason: string; replacedBy?: string | undefined },
  actor: string,
): Promise<CertificateRecord> {
  const { stored } = await documentAndResult(ctx, number);
  if (input.replacedBy !== undefined) {
    if (input.replacedBy === number) {
      throw badRequest(
        "replacement_is_same",
        "A document cannot replace itself.",
      );
    }
    if (!(await findDocument(ctx.redis, input.replacedBy))) {
      throw notFound(
        "replacement_not_found",
        `The replacement ${input.replacedBy} is not an issued document.`,
      );
    }
  }
  const outcome = await revokeDocument(ctx.redis, stored, {
    reason: input.reason,
    actor,
    ...(input.replacedBy ? { replacedBy: input.replacedBy } : {}),
  });
  if ("error" in outcome) {
    if (outcome.error === "already_revoked") {
      throw conflict(
        "certificate_already_revoked",
        `${number} is already revoked.`,
      );
    }
    throw notFound(
      "certificate_not_found",
      `No document has the number ${number}.`,
    );
  }
  return certificateRecord(ctx, number);
}

/**
 * The document's PDF for download or reprint. A missing or damaged file is
 * rendered again (same number, same issue date) from the official result.
 */
export async function certificatePdf(
  ctx: AppContext,
  number: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  const { stored, result } = await documentAndResult(ctx, number);
  if (stored.purgedAt !== undefined || result?.anonymized) {
    throw new SynaqError(
      410,
      "document_purged",
      `The file of ${number} was deleted when its personal data reached the end of the retention period. The number still verifies.`,
    );
  }
  const dir = outputDir(ctx);
  let pdf = await readDocumentFile(dir, stored.file);
  if (!pdf || !(await isDocumentFile(ctx.redis, stored, sha256Hex(pdf)))) {
    if (!result) {
      // An archived slot's result is in its archive file: rendering again
      // would record a new file in Redis for a slot that is not there.
      throw unavailable(
        "document_file_missing",
        `The file of ${number} is missing or damaged and its slot is archived: restore the slot (npm run archive:restore) to render it again. The number still verifies.`,
      );
    }
    ctx.logger.warn(
      { number },
      "certificate file missing or changed: rendering it again",
    );
    const issued = await issueDocument(ctx, result);
    pdf = await readDocumentFile(dir, path.basename(issued.file));
    if (!pdf) throw new Error(`re-rendered ${number} but cannot read it back`);
  }
  return { fileName: stored.file, pdf };
}

/** The center of a document (its attempt's slot's), or null. */
export async function centerOfDocument(
  ctx: AppContext,
  number: string,
): Promise<string | null> {
  const document = await findDocument(ctx.redis, number);
  if (!document) return null;
  // An archived slot's key is gone: its stub names the center; a stub that
  // does not is nobody's center (a null would pass every scope check).
  if (isArchivedDocument(document)) {
    return document.archived.centerId || UNKNOWN_CENTER;
  }
  return centerOfSlot(ctx, document.slotId);
}
