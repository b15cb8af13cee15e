import { createHash, randomInt } from "node:crypto";
import path from "node:path";
import type { Redis } from "ioredis";
import {
  NUMBER_ALPHABET,
  NUMBER_RANDOM_LENGTH,
  OfficialResultSchema,
  composeDocumentNumber,
  hasValidCheckCharacter,
  isLegacyNumber,
  verificationUrl,
  type CertificateKeys,
  type CertificateRecord,
  type ConfigurationKeys,
  type OfficialResult,
  type SlotProtocolInput,
  type VerifyPdfResult,
  type VerifyReason,
} from "@shared/certificates";
import { validateIin } from "@shared/iin";
import type { AppContext } from "../../context";
import {
  SynaqError,
  badRequest,
  conflict,
  notFound,
  unavailable,
} from "../../errors";
import { fixedWindow } from "../../http/rate-limit";
import { redisNow } from "../../redis/connection";
import type { AuditCheckpoint } from "../audit/anchor";
import { checkpointAuditStreams, loadScopeAnchors } from "../audit/checkpoint";
import {
  readDocumentFile,
  sha256Hex,
  sweepTempFiles,
  writeDocumentFile,
  type WriteHooks,
} from "./document-files";
import { keySettings, loadCenterKeys, type CenterKeys } from "./key-store";
import { holderNameDigest, signQrPayload } from "./payload";
import {
  certificateSignatureMeta,
  renderCertificatePdf,
} from "./render-certificate";
import { renderProtocolPdf } from "./render-protocol";
import {
  acquireLock,
  addOfficialToSlot,
  allocateNumber,
  findDocument,
  findNumberAllocation,
  findNumberBySha256,
  findProtocol,
  listKnownKeys,
  loadOfficialResult,
  loadSlotOfficialResults,
  registerKeys,
  revokeDocument,
  saveDocument,
  saveProtocol,
  storeOfficialResult,
  type StoredDocument,
} from "./repository";
import { inspectSignedPdf, trustFromKeys } from "./verify";
import {
  certificateView,
  documentDates,
  localTime,
  payloadFields,
  publicRecord,
} from "./view";

/** Document numbers read `SYN-2026-` + 10 random characters + a check character. */
export const NUMBER_PREFIX = "SYN";
/** Public lookups that match nothing, per address and window, before 429. */
export const VERIFY_MISS_LIMIT = 10;
export const VERIFY_MISS_WINDOW_MS = 10 * 60_000;
const SAMPLE_PREFIX = "SAMPLE";
/** Renewed while rendering; a lock whose holder died frees itself then. */
const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 30_000;
const WORKER_ACTOR = "system:certificates";

const outputDir = (ctx: AppContext) => path.resolve(ctx.env.CERT_OUTPUT_DIR);

const registeredKeys = new WeakMap<Redis, Set<string>>();

/**
 * The center's keys for this process, recorded in Redis as the center's
 * (once per process and key), so documents signed with them keep
 * verifying after the center changes keys.
 */
export async function centerKeys(ctx: AppContext): Promise<CenterKeys> {
  const keys = await loadCenterKeys(keySettings(ctx.env));
  const id = `${keys.signing.fingerprint}:${keys.qr.keyId}`;
  let seen = registeredKeys.get(ctx.redis);
  if (!seen) {
    seen = new Set();
    registeredKeys.set(ctx.redis, seen);
  }
  if (!seen.has(id)) {
    await registerKeys(
      ctx.redis,
      {
        fingerprint: keys.signing.fingerprint,
        subject: keys.signing.subject,
        notAfter: keys.signing.notAfter.toISOString(),
        demo: keys.signing.demo,
        pem: keys.signing.pem,
      },
      { keyId: keys.qr.keyId, x: keys.qr.publicRaw.toString("base64url") },
    );
    seen.add(id);
  }
  return keys;
}

export interface RenderDocumentInput {
  result: OfficialResult;
  number: string;
  issuedAt: number;
  defaultValidityDays: number;
  publicUrl: string;
  keys: CenterKeys;
  sample?: boolean;
  /** False renders the same page unsigned (the benchmark's baseline). */
  sign?: boolean;
}

/** Renders (and signs) one certificate or reference. No I/O. */
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
    payloadFields(result, number, dates, sample),
    keys.qr,
  );
  const view = certificateView(result, {
    number,
    dates,
    verifyUrl: verificationUrl(input.publicUrl, number),
    qrText: verificationUrl(input.publicUrl, number, payload),
    payload,
    signer: { commonName: keys.signing.commonName, demo: keys.signing.demo },
    sample,
  });
  if (input.sign === false) return renderCertificatePdf(view);
  return renderCertificatePdf(view, {
    signer: keys.signing,
    meta: certificateSignatureMeta(view, keys.signing.commonName),
  });
}

/** A sample document with demo data and a `SAMPLE-<year>-000000` number. */
export async function renderSampleDocument(input: {
  result: OfficialResult;
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
 * Issues the certificate or reference for an official result. Idempotent:
 * one number per attempt however often it runs; when the record and a file
 * with the recorded hash exist it does nothing; when the file is missing or
 * damaged it renders again under the same number and issue date.
 */
export async function issueDocument(
  ctx: AppContext,
  officialResult: OfficialResult,
  options: { hooks?: WriteHooks } = {},
): Promise<IssuedDocument> {
  const result = OfficialResultSchema.parse(officialResult);
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
    const pdf = await renderDocument({
      result,
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
    const dates = documentDates(result, issuedAt, ctx.env.CERT_VALIDITY_DAYS);
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
        validUntil: dates.validUntil,
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
  result: OfficialResult,
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

async function findDocumentAndResult(ctx: AppContext, number: string) {
  const stored = await findDocument(ctx.redis, number);
  const result = stored
    ? await loadOfficialResult(ctx.redis, stored.attemptId)
    : null;
  return stored && result ? { stored, result } : null;
}

async function documentAndResult(ctx: AppContext, number: string) {
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
  const { stored, result } = await documentAndResult(ctx, number);
  return publicRecord(result, stored, await redisNow(ctx.redis));
}

/** A new random document number (see CertificateNumberSchema). */
export function drawDocumentNumber(prefix: string, year: number): string {
  let random = "";
  for (let i = 0; i < NUMBER_RANDOM_LENGTH; i++) {
    random += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  }
  return composeDocumentNumber(prefix, year, random);
}

/** Whether `birthDate` (YYYY-MM-DD) is the one the holder's IIN encodes. */
function bornOn(result: OfficialResult, birthDate: string): boolean {
  const decoded = validateIin(result.iin);
  if (decoded.valid) return decoded.birthDate === birthDate;
  // A purged result keeps YYMMDD only: the century digit is gone.
  return result.iin.slice(0, 6) === birthDate.replaceAll("-", "").slice(2);
}

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
  if (!found || (legacy && !bornOn(found.result, request.birthDate ?? ""))) {
    await misses.hit(request.address);
    throw notFound(
      "certificate_not_found",
      `No certificate or reference has the number ${number}. Check the number on the document.`,
    );
  }
  return publicRecord(found.result, found.stored, await redisNow(ctx.redis));
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
  if (stored.purgedAt !== undefined || result.anonymized) {
    throw new SynaqError(
      410,
      "document_purged",
      `The file of ${number} was deleted when its personal data reached the end of the retention period. The number still verifies.`,
    );
  }
  const dir = outputDir(ctx);
  let pdf = await readDocumentFile(dir, stored.file);
  if (!pdf || sha256Hex(pdf) !== stored.sha256) {
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

/** Every key this center has used, for verifiers (and the trust check). */
export async function certificateKeys(
  ctx: AppContext,
): Promise<CertificateKeys> {
  const current = await centerKeys(ctx);
  const known = await listKnownKeys(ctx.redis);
  const byAge = <T extends { firstSeenAt: number }>(a: T, b: T) =>
    b.firstSeenAt - a.firstSeenAt;
  return {
    qrKeys: known.qrKeys.sort(byAge).map((key) => ({
      kty: "OKP" as const,
      crv: "Ed25519" as const,
      alg: "EdDSA" as const,
      use: "sig" as const,
      kid: key.keyId,
      x: key.x,
      current: key.keyId === current.qr.keyId,
    })),
    signingCertificates: known.signers.sort(byAge).map((signer) => ({
      fingerprintSha256: signer.fingerprint,
      subject: signer.subject,
      notAfter: signer.notAfter,
      demo: signer.demo,
      current: signer.fingerprint === current.signing.fingerprint,
      pem: signer.pem,
    })),
  };
}

/**
 * Which keys sign this installation's documents, for the console: the
 * center's own files (configured) or keys Synaq made under DATA_DIR/keys.
 */
export async function configurationKeys(
  ctx: AppContext,
): Promise<ConfigurationKeys> {
  const keys = await centerKeys(ctx);
  return {
    signing: {
      source: ctx.env.CERT_P12_PATH ? "configured" : "generated",
      subject: keys.signing.subject,
      fingerprintSha256: keys.signing.fingerprint,
      notAfter: keys.signing.notAfter.toISOString(),
    },
    qr: {
      source: ctx.env.CERT_QR_KEY_PATH ? "configured" : "generated",
      keyId: keys.qr.keyId,
      fingerprintSha256: createHash("sha256")
        .update(keys.qr.publicRaw)
        .digest("hex"),
    },
  };
}

const reason = (id: string, message: string): VerifyReason => ({ id, message });

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
  const inspection = inspectSignedPdf(pdf, trust);
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
        reason("expired", `${record.number} expired on ${record.validUntil}.`),
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

/** Renders and signs a slot's results protocol. */
export async function renderSlotProtocol(
  ctx: AppContext,
  input: SlotProtocolInput,
  auditCheckpoint?: AuditCheckpoint,
): Promise<Buffer> {
  const keys = await centerKeys(ctx);
  return renderProtocolPdf(input, {
    generatedAt: await redisNow(ctx.redis),
    signer: keys.signing,
    demo: keys.signing.demo,
    ...(auditCheckpoint ? { auditCheckpoint } : {}),
  });
}

/** Signs the slot audit's head now and returns the latest checkpoint. */
async function slotAuditCheckpoint(
  ctx: AppContext,
  slotId: string,
): Promise<AuditCheckpoint | undefined> {
  const scope = `slot:${slotId}` as const;
  await checkpointAuditStreams(ctx, { scopes: [scope] });
  const { checkpoints } = await loadScopeAnchors(ctx.env.DATA_DIR, scope);
  return checkpoints.reduce<AuditCheckpoint | undefined>(
    (latest, checkpoint) =>
      !latest || checkpoint.count > latest.count ? checkpoint : latest,
    undefined,
  );
}

/** The slot's official results and their document numbers, with a key that changes when either does. */
async function protocolContents(ctx: AppContext, slotId: string) {
  const results = await loadSlotOfficialResults(ctx.redis, slotId);
  const documentNumbers: Record<string, string> = {};
  for (const result of results) {
    const allocation = await findNumberAllocation(ctx.redis, result.attemptId);
    if (allocation) documentNumbers[result.attemptId] = allocation.number;
  }
  const auditCheckpoint = await slotAuditCheckpoint(ctx, slotId);
  const contentKey = results
    .map(
      (result) =>
        `${result.attemptId}=${documentNumbers[result.attemptId] ?? ""}`,
    )
    .sort();
  // A new audit checkpoint makes the protocol stale as well.
  if (auditCheckpoint) contentKey.push(`audit=${auditCheckpoint.entryId}`);
  return { results, documentNumbers, contentKey, auditCheckpoint };
}

/**
 * Renders the slot's protocol from the official results listed in
 * `slot:<slotId>:official`, writes it as `protocol-<slotId>.pdf` and
 * records its hash. Serialised per slot.
 */
export async function buildAndStoreProtocol(
  ctx: AppContext,
  slotId: string,
): Promise<{ file: string; sha256: string; pdf: Buffer }> {
  const lock = await acquireLock(ctx.redis, `protocol:${slotId}`, {
    ttlMs: LOCK_TTL_MS,
    waitMs: LOCK_WAIT_MS,
  });
  if (!lock) {
    throw unavailable(
      "protocol_busy",
      "The protocol is being rendered. Try again in a minute.",
    );
  }
  try {
    const { results, documentNumbers, contentKey, auditCheckpoint } =
      await protocolContents(ctx, slotId);
    if (results.length === 0) {
      throw notFound(
        "protocol_empty",
        `Slot ${slotId} has no official results yet.`,
      );
    }
    const pdf = await renderSlotProtocol(
      ctx,
      { slotId, results, documentNumbers },
      auditCheckpoint,
    );
    const sha256 = sha256Hex(pdf);
    const name = `protocol-${slotId}.pdf`;
    const dir = outputDir(ctx);
    await sweepTempFiles(dir, name);
    const file = await writeDocumentFile(dir, name, pdf);
    await saveProtocol(ctx.redis, {
      slotId,
      file: name,
      sha256,
      contentKey,
      generatedAt: await redisNow(ctx.redis),
    });
    return { file, sha256, pdf };
  } finally {
    await lock.release();
  }
}

/**
 * The slot's protocol; rendered again only when a result or a document
 * number was added since, or the file is missing or changed.
 */
export async function slotProtocolPdf(
  ctx: AppContext,
  slotId: string,
): Promise<Buffer> {
  const [stored, { contentKey }] = await Promise.all([
    findProtocol(ctx.redis, slotId),
    protocolContents(ctx, slotId),
  ]);
  if (
    stored &&
    JSON.stringify(stored.contentKey) === JSON.stringify(contentKey)
  ) {
    const pdf = await readDocumentFile(outputDir(ctx), stored.file);
    if (pdf && sha256Hex(pdf) === stored.sha256) return pdf;
  }
  return (await buildAndStoreProtocol(ctx, slotId)).pdf;
}
