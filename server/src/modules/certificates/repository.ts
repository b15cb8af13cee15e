import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import {
  AnyOfficialResultSchema,
  type AnyOfficialResult,
  type CertificateRecord,
  type DocumentKind,
} from "@shared/certificates";
import { archiveKeys, getArchivedSlotScope } from "../../archive/store";
import { conflict } from "../../errors";
import { parseLuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";
import { auditKeys, centerAuditScope } from "../audit";

/**
 * Every Redis key of the certificates module:
 * - `official:<attemptId>`     the engine's OfficialResult or
 *                              AssessmentResult (JSON string, by `kind`)
 * - `slot:<slotId>:official`   set of attempt ids with an official result
 * - `cert:seq:<year>`          the old sequential counter (no longer written)
 * - `cert:number-owners`       hash: document number → attempt id (uniqueness)
 * - `cert:attempt:<attemptId>` `{ number, issuedAt }`, allocated once
 * - `cert:doc:<number>`        hash: the issued document (file, sha256,
 *                              attempt, dates, revocation, purgedAt)
 * - `cert:by-sha256`           hash: file SHA-256 → number (or protocol:<slot>)
 * - `cert:lock:<name>`         render lock (token, expires)
 * - `cert:signers`             hash: certificate fingerprint → JSON
 * - `cert:qr-keys`             hash: QR key id → JSON
 * - `cert:protocol:<slotId>`   the slot protocol's file and hash (JSON)
 * - `archived:doc:<number>`    hash: an archived slot's document (below)
 */
export const certKeys = {
  official: (attemptId: string) => `official:${attemptId}`,
  slotOfficial: (slotId: string) => `slot:${slotId}:official`,
  sequence: (year: number) => `cert:seq:${year}`,
  numberOwners: "cert:number-owners",
  attempt: (attemptId: string) => `cert:attempt:${attemptId}`,
  document: (number: string) => `cert:doc:${number}`,
  bySha256: "cert:by-sha256",
  lock: (name: string) => `cert:lock:${name}`,
  signers: "cert:signers",
  qrKeys: "cert:qr-keys",
  protocol: (slotId: string) => `cert:protocol:${slotId}`,
};

/**
 * Stores a result once it is official (the delivery engine calls this).
 * Storing the same result again is a no-op; a different result for the
 * same attempt is refused: a document may already state the first one.
 */
export async function storeOfficialResult(
  redis: Redis,
  result: AnyOfficialResult,
): Promise<"stored" | "unchanged"> {
  const parsed = AnyOfficialResultSchema.parse(result);
  const json = JSON.stringify(parsed);
  const key = certKeys.official(parsed.attemptId);
  if ((await redis.set(key, json, "NX")) === "OK") return "stored";
  const stored = await redis.get(key);
  // Compared as parsed: a result stored by an earlier version (another
  // field order, the old field name) is the same result.
  if (stored === json || (stored !== null && sameResult(stored, json))) {
    return "unchanged";
  }
  throw conflict(
    "official_result_exists",
    `Attempt ${parsed.attemptId} already has a different official result. Revoke its document and issue a new attempt instead.`,
  );
}

/**
 * A stored official result (a test's or an assessment's), validated.
 * Results stored before the program field was renamed carry
 * `certificateValidityDays`: read as `validityDays`.
 */
function parseStoredResult(json: string): AnyOfficialResult {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (raw.kind === "assessment") return AnyOfficialResultSchema.parse(raw);
  const { certificateValidityDays: legacyDays, ...rest } = raw;
  return AnyOfficialResultSchema.parse(
    rest.validityDays === undefined && legacyDays !== undefined
      ? { ...rest, validityDays: legacyDays }
      : rest,
  );
}

function sameResult(stored: string, json: string): boolean {
  try {
    return JSON.stringify(parseStoredResult(stored)) === json;
  } catch {
    return false;
  }
}

/** The official result of an attempt, validated, or null. */
export async function loadOfficialResult(
  redis: Redis,
  attemptId: string,
): Promise<AnyOfficialResult | null> {
  const json = await redis.get(certKeys.official(attemptId));
  return json ? parseStoredResult(json) : null;
}

/** Lists an attempt in its slot's results protocol (the engine calls this). */
export async function addOfficialToSlot(
  redis: Redis,
  slotId: string,
  attemptId: string,
): Promise<void> {
  await redis.sadd(certKeys.slotOfficial(slotId), attemptId);
}

/** The official results of a slot, in no particular order. */
export async function loadSlotOfficialResults(
  redis: Redis,
  slotId: string,
): Promise<AnyOfficialResult[]> {
  const attemptIds = await redis.smembers(certKeys.slotOfficial(slotId));
  if (attemptIds.length === 0) return [];
  const jsons = await redis.mget(attemptIds.map(certKeys.official));
  return jsons
    .filter((json): json is string => json !== null)
    .map(parseStoredResult);
}

export interface NumberAllocation {
  number: string;
  issuedAt: number;
}

/**
 * Allocates the attempt's number (once; later calls return the first).
 * `drawNumber` makes a candidate; one another attempt holds is drawn again.
 */
export async function allocateNumber(
  redis: Redis,
  attemptId: string,
  drawNumber: () => string,
  issuedAt: number,
): Promise<NumberAllocation> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const reply = parseLuaReply<
      { number: string; issuedAt: string },
      "number_taken"
    >(
      await script("cert-allocate-number").run(
        redis,
        [certKeys.attempt(attemptId), certKeys.numberOwners],
        [drawNumber(), String(issuedAt), attemptId],
      ),
    );
    if ("error" in reply) continue;
    return { number: reply.ok.number, issuedAt: Number(reply.ok.issuedAt) };
  }
  throw new Error("no free document number after 5 draws");
}

export async function findNumberAllocation(
  redis: Redis,
  attemptId: string,
): Promise<NumberAllocation | null> {
  const raw = await redis.get(certKeys.attempt(attemptId));
  if (!raw) return null;
  const parsed = JSON.parse(raw) as { number: string; issuedAt: string };
  return { number: parsed.number, issuedAt: Number(parsed.issuedAt) };
}

/** What Redis keeps about an issued document. */
export interface StoredDocument {
  number: string;
  attemptId: string;
  slotId: string;
  kind: DocumentKind;
  /** File name inside CERT_OUTPUT_DIR. */
  file: string;
  sha256: string;
  issuedAt: string;
  /** A certificate's end of validity; a reference and an assessment report have none. */
  validUntil?: string;
  renderedAt: number;
  revokedAt?: string;
  revokedReason?: string;
  revokedBy?: string;
  replacedBy?: string;
  /** Set when the retention purge deleted the file (it held personal data). */
  purgedAt?: number;
}

/**
 * An issued document: its live hash, else (its slot archived) its stub,
 * an ArchivedDocument (see isArchivedDocument). A slot restored before its
 * stubs' revocations were carried back (reconcileDocumentStubs) still
 * shows them: a revoked document never reads as valid.
 */
export async function findDocument(
  redis: Redis,
  number: string,
): Promise<StoredDocument | null> {
  const [hash, stub] = await Promise.all([
    redis.hgetall(certKeys.document(number)),
    redis.hmget(
      archivedDocKeys.document(number),
      "changedAfterArchive",
      "revokedAt",
      "revokedReason",
      "revokedBy",
      "replacedBy",
    ),
  ]);
  if (!hash.number || !hash.attemptId || !hash.sha256 || !hash.file)
    return findArchivedDocument(redis, number);
  const [changed, revokedAt, revokedReason, revokedBy, replacedBy] = stub;
  const revocation: Record<string, string | null | undefined> =
    changed && revokedAt && !hash.revokedAt
      ? { revokedAt, revokedReason, revokedBy, replacedBy }
      : hash;
  return {
    number: hash.number,
    attemptId: hash.attemptId,
    slotId: hash.slotId ?? "",
    kind:
      hash.kind === "reference" || hash.kind === "assessment"
        ? hash.kind
        : "certificate",
    file: hash.file,
    sha256: hash.sha256,
    issuedAt: hash.issuedAt ?? "",
    ...(hash.validUntil ? { validUntil: hash.validUntil } : {}),
    renderedAt: Number(hash.renderedAt ?? 0),
    ...(revocation.revokedAt
      ? {
          revokedAt: new Date(Number(revocation.revokedAt)).toISOString(),
          revokedReason: revocation.revokedReason ?? "",
          revokedBy: revocation.revokedBy ?? "",
        }
      : {}),
    ...(revocation.replacedBy ? { replacedBy: revocation.replacedBy } : {}),
    ...(hash.purgedAt ? { purgedAt: Number(hash.purgedAt) } : {}),
  };
}

/**
 * What stays in Redis of a document once its slot is archived
 * (modules/archive deletes `cert:doc:<n>`, `official:<attempt>` and the
 * slot's other keys): the hash `archived:doc:<number>`, short fields each
 * under 64 bytes, so Redis keeps it as a listpack and a candidate's stubs
 * stay under 1 KB (tests/bench/memory.ts; archivedDocFields names them):
 *   slotId, i issuedAt, t testedAt, [v validUntil] (instants as epoch ms,
 *   see compactInstant), h holder, b born, r result (p|n) | sc scales
 *   (JSON), [k kind, when not a certificate], [f file, when not
 *   `<number>.pdf`], [pt programTitles (JSON), when not the catalog's],
 *   [c centerId] [p programId] (only when the slot's archive pointer,
 *   which keeps both, does not say the same),
 *   [revokedAt revokedReason revokedBy replacedBy] [purgedAt]
 *   [changedAfterArchive] (the scripts' names, cert-revoke-archived.lua)
 * `born` is the holder's birth date as YYYYMMDD, or YYMMDD when the IIN
 * no longer decodes (purged): the masked IIN is its first six digits, and
 * an old sequential number is checked against it. The number is the
 * key's; the attempt id is left out (the file has it), and so is the
 * file's SHA-256: `cert:by-sha256` keeps its field (a shared index), so an
 * uploaded PDF finds its number there, then the stub. `cert:number-owners`
 * keeps its field too: numbers stay unique.
 *
 * Revoking an archived document changes the stub, audited in the center's
 * stream (the slot's own stream is in the archive file and must not grow a
 * second chain in Redis; `changedAfterArchive` marks it); the file is
 * immutable, so the revocation reaches the slot's record when it is next
 * restored (reconcileDocumentStubs) and archived again as a new version.
 */
export const archivedDocKeys = {
  document: (number: string) => `archived:doc:${number}`,
};

/** The stub's short field names (see archivedDocKeys). */
export const archivedDocFields = {
  issuedAt: "i",
  testedAt: "t",
  validUntil: "v",
  holder: "h",
  born: "b",
  result: "r",
  scales: "sc",
  kind: "k",
  file: "f",
  programTitles: "pt",
  centerId: "c",
  programId: "p",
} as const;

const RESULT_CODES = { passed: "p", not_passed: "n" } as const;

/** A stored result (p|n) as the record's, or undefined. */
export const resultCode = (
  result: CertificateRecord["result"],
): string | undefined => (result ? RESULT_CODES[result] : undefined);

/** YYYY-MM-DD as YYYYMMDD (a listpack integer); YYMMDD stays. */
export const compactBorn = (born: string) => born.replaceAll("-", "");

/** A document of an archived slot, as findDocument returns it. */
export interface ArchivedDocument extends StoredDocument {
  archived: {
    centerId: string;
    holder: string;
    /** YYYY-MM-DD, or YYMMDD when the IIN no longer decodes. */
    born: string;
    programId: string;
    /** Only when they differ from the catalog's. */
    programTitles?: CertificateRecord["program"]["titles"];
    result?: CertificateRecord["result"];
    scales?: CertificateRecord["scales"];
    testedAt: string;
  };
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : value;

/**
 * An ISO instant as epoch ms (Redis stores a listpack integer in 9 bytes,
 * the string in 25); one that would not come back the same stays text.
 */
export function compactInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso
    ? String(ms)
    : iso;
}

const instantOf = (stored: string | undefined) =>
  stored !== undefined && /^\d+$/.test(stored)
    ? new Date(Number(stored)).toISOString()
    : stored;

/** The stub of an archived slot's document, or null. */
export async function findArchivedDocument(
  redis: Redis,
  number: string,
): Promise<ArchivedDocument | null> {
  const field = archivedDocFields;
  const hash = await redis.hgetall(archivedDocKeys.document(number));
  if (!hash.slotId || !hash[field.testedAt]) return null;
  const scope = await getArchivedSlotScope(redis, hash.slotId);
  const revokedAt = nonEmpty(hash.revokedAt);
  const validUntil = instantOf(nonEmpty(hash[field.validUntil]));
  const replacedBy = nonEmpty(hash.replacedBy);
  const purgedAt = nonEmpty(hash.purgedAt);
  const programTitles = nonEmpty(hash[field.programTitles]);
  const scales = nonEmpty(hash[field.scales]);
  const kind = hash[field.kind];
  const born = hash[field.born] ?? "";
  const result = hash[field.result];
  return {
    number,
    // The attempt is in the archive file; nothing reads it from a stub.
    attemptId: "",
    slotId: hash.slotId,
    kind: kind === "reference" || kind === "assessment" ? kind : "certificate",
    file: hash[field.file] ?? `${number}.pdf`,
    // Not kept: an uploaded file finds its number by cert:by-sha256.
    sha256: "",
    issuedAt: instantOf(hash[field.issuedAt]) ?? "",
    ...(validUntil ? { validUntil } : {}),
    renderedAt: 0,
    ...(revokedAt
      ? {
          revokedAt: new Date(Number(revokedAt)).toISOString(),
          revokedReason: hash.revokedReason ?? "",
          revokedBy: hash.revokedBy ?? "",
        }
      : {}),
    ...(replacedBy ? { replacedBy } : {}),
    ...(purgedAt ? { purgedAt: Number(purgedAt) } : {}),
    archived: {
      centerId: hash[field.centerId] ?? scope?.centerId ?? "",
      holder: hash[field.holder] ?? "",
      // YYYYMMDD back to YYYY-MM-DD; YYMMDD (purged) as it is.
      born:
        born.length === 8
          ? `${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6)}`
          : born,
      programId: hash[field.programId] ?? scope?.programId ?? "",
      ...(programTitles
        ? {
            programTitles: JSON.parse(
              programTitles,
            ) as CertificateRecord["program"]["titles"],
          }
        : {}),
      ...(result === "p" || result === "n"
        ? { result: result === "p" ? "passed" : "not_passed" }
        : {}),
      ...(scales
        ? { scales: JSON.parse(scales) as CertificateRecord["scales"] }
        : {}),
      testedAt: instantOf(hash[field.testedAt]) ?? "",
    },
  };
}

export const isArchivedDocument = <Document extends object>(
  document: Document,
): document is Document & Pick<ArchivedDocument, "archived"> =>
  (document as Partial<ArchivedDocument>).archived !== undefined;

/** The document number whose file has this SHA-256, if any. */
export async function findNumberBySha256(
  redis: Redis,
  sha256: string,
): Promise<string | null> {
  return redis.hget(certKeys.bySha256, sha256);
}

/**
 * Whether a file with this SHA-256 is the document's: its recorded hash,
 * or (an archived document's stub keeps none) the number `cert:by-sha256`
 * names for it.
 */
export async function isDocumentFile(
  redis: Redis,
  document: StoredDocument,
  sha256: string,
): Promise<boolean> {
  if (!isArchivedDocument(document)) return sha256 === document.sha256;
  return (await findNumberBySha256(redis, sha256)) === document.number;
}

/**
 * Records a rendered file: the document hash, the hash index and the
 * slot's audit entry in one script. Re-recording the same hash is a no-op.
 */
export async function saveDocument(
  redis: Redis,
  document: Omit<
    StoredDocument,
    "renderedAt" | "revokedAt" | "revokedReason" | "revokedBy" | "replacedBy"
  >,
  actor: string,
): Promise<"issued" | "rerendered" | "unchanged"> {
  const audit = auditKeys(`slot:${document.slotId}`);
  const result = await script("cert-save-document").run(
    redis,
    [
      certKeys.document(document.number),
      certKeys.bySha256,
      audit.stream,
      audit.head,
      archiveKeys.pointer(document.slotId),
    ],
    [
      document.number,
      document.sha256,
      actor,
      JSON.stringify({
        attemptId: document.attemptId,
        kind: document.kind,
        file: document.file,
        sha256: document.sha256,
      }),
      "attemptId",
      document.attemptId,
      "slotId",
      document.slotId,
      "kind",
      document.kind,
      "file",
      document.file,
      "issuedAt",
      document.issuedAt,
      // A reference and an assessment report carry no validity: left out.
      ...(document.validUntil === undefined
        ? []
        : ["validUntil", document.validUntil]),
    ],
  );
  if (String(result) === "slot_archiving") throw slotArchiving();
  return String(result) as "issued" | "rerendered" | "unchanged";
}

/**
 * A document of a slot whose archival is writing its file or deleting its
 * keys is not changed (the change would be lost with the live keys); the
 * archival takes a minute, then the archived path (the stub) takes it.
 */
const slotArchiving = () =>
  conflict(
    "slot_archiving",
    "The slot is being archived; try again in a minute.",
  );

/**
 * Revokes a document; the audit entry goes into its slot's stream. An
 * archived slot's document (its stub) is revoked in the stub, audited in
 * its center's stream (see archivedDocKeys).
 */
export async function revokeDocument(
  redis: Redis,
  document: Pick<StoredDocument, "number" | "slotId">,
  revocation: { reason: string; actor: string; replacedBy?: string },
): Promise<{ revokedAt: number } | { error: "not_found" | "already_revoked" }> {
  const archived = isArchivedDocument(document);
  const audit = auditKeys(
    archived
      ? centerAuditScope(document.archived.centerId)
      : `slot:${document.slotId}`,
  );
  const reply = parseLuaReply<
    { revokedAt: number },
    "not_found" | "already_revoked" | "slot_archiving"
  >(
    await script(archived ? "cert-revoke-archived" : "cert-revoke").run(
      redis,
      [
        archived
          ? archivedDocKeys.document(document.number)
          : certKeys.document(document.number),
        audit.stream,
        audit.head,
        // The live document refuses while its slot is being archived.
        ...(archived ? [] : [archiveKeys.pointer(document.slotId)]),
      ],
      [
        document.number,
        revocation.reason,
        revocation.actor,
        revocation.replacedBy ?? "",
      ],
    ),
  );
  if ("ok" in reply) return reply.ok;
  // Thrown, not returned: a caller that ignores refusals (an appeal's
  // re-issue) must fail and run again rather than lose the revocation.
  if (reply.error === "slot_archiving") throw slotArchiving();
  return { error: reply.error };
}

export interface Lock {
  release(): Promise<void>;
}

/**
 * A short exclusive lock (SET NX PX) so two workers never render the same
 * document at once. Its holder renews it every third of `ttlMs` while it
 * works, so a long render keeps it and a holder that died mid-render
 * (kill -9) frees it within `ttlMs`. Waits up to `waitMs`, then returns null.
 */
export async function acquireLock(
  redis: Redis,
  name: string,
  options: { ttlMs: number; waitMs: number },
): Promise<Lock | null> {
  const key = certKeys.lock(name);
  const token = randomBytes(12).toString("base64url");
  const until = Date.now() + options.waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if ((await redis.set(key, token, "PX", options.ttlMs, "NX")) === "OK") {
      const renew = setInterval(() => {
        script("cert-renew-lock")
          .run(redis, [key], [token, options.ttlMs])
          .catch(() => undefined);
      }, options.ttlMs / 3);
      renew.unref();
      return {
        release: async () => {
          clearInterval(renew);
          await script("cert-unlock").run(redis, [key], [token]);
        },
      };
    }
    if (Date.now() + delay > until) return null;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export interface KnownSigner {
  fingerprint: string;
  subject: string;
  notAfter: string;
  demo: boolean;
  pem: string;
  firstSeenAt: number;
}

export interface KnownQrKey {
  keyId: string;
  /** Raw public key, base64url (JWK `x`). */
  x: string;
  firstSeenAt: number;
}

/**
 * Remembers a signing certificate and a QR key as the center's. Kept for
 * good: documents signed before a key change must still verify.
 */
export async function registerKeys(
  redis: Redis,
  signer: Omit<KnownSigner, "firstSeenAt">,
  qrKey: Omit<KnownQrKey, "firstSeenAt">,
): Promise<void> {
  const now = Date.now();
  await redis
    .multi()
    .hsetnx(
      certKeys.signers,
      signer.fingerprint,
      JSON.stringify({ ...signer, firstSeenAt: now }),
    )
    .hsetnx(
      certKeys.qrKeys,
      qrKey.keyId,
      JSON.stringify({ ...qrKey, firstSeenAt: now }),
    )
    .exec();
}

export async function listKnownKeys(
  redis: Redis,
): Promise<{ signers: KnownSigner[]; qrKeys: KnownQrKey[] }> {
  const [signers, qrKeys] = await Promise.all([
    redis.hvals(certKeys.signers),
    redis.hvals(certKeys.qrKeys),
  ]);
  return {
    signers: signers.map((json) => JSON.parse(json) as KnownSigner),
    qrKeys: qrKeys.map((json) => JSON.parse(json) as KnownQrKey),
  };
}

export interface StoredProtocol {
  slotId: string;
  file: string;
  sha256: string;
  /** `attemptId=number` of each row, sorted: a new row or number makes it stale. */
  contentKey: string[];
  generatedAt: number;
}

export async function findProtocol(
  redis: Redis,
  slotId: string,
): Promise<StoredProtocol | null> {
  const json = await redis.get(certKeys.protocol(slotId));
  return json ? (JSON.parse(json) as StoredProtocol) : null;
}

/** Records the slot's latest protocol file; earlier hashes stay indexed. */
export async function saveProtocol(
  redis: Redis,
  protocol: StoredProtocol,
): Promise<void> {
  await redis
    .multi()
    .set(certKeys.protocol(protocol.slotId), JSON.stringify(protocol))
    .hset(certKeys.bySha256, protocol.sha256, `protocol:${protocol.slotId}`)
    .exec();
}
