import type { Redis } from "ioredis";
import type { CertificateRecord } from "@shared/certificates";
import { validateIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { publicRecord } from "../documents";
import { getProgramInfo } from "../programs";
import { getArchivedSlotScope } from "../../archive/store";
import { centerOfSlot } from "../slots";
import {
  archivedDocFields as field,
  archivedDocKeys,
  certKeys,
  compactBorn,
  compactInstant,
  findNumberAllocation,
  loadOfficialResult,
  resultCode,
  type ArchivedDocument,
} from "./repository";

/** An IIN's first six digits (YYMMDD) from `born`. */
const yymmddOf = (born: string) =>
  born.length === 10
    ? `${born.slice(2, 4)}${born.slice(5, 7)}${born.slice(8, 10)}`
    : born.slice(0, 6);

/** The public record of an archived document, as publicRecord builds it. */
export function archivedPublicRecord(
  ctx: Pick<AppContext, "catalog">,
  document: ArchivedDocument,
  nowMs: number,
): CertificateRecord {
  const { archived } = document;
  const revoked = document.revokedAt !== undefined;
  const validUntil =
    document.kind === "certificate" ? document.validUntil : undefined;
  const expired = validUntil !== undefined && nowMs > Date.parse(validUntil);
  const titles = archived.programTitles ??
    getProgramInfo(ctx, archived.programId)?.titles ?? {
      kk: archived.programId,
      ru: archived.programId,
      en: archived.programId,
    };
  return {
    valid: !revoked && !expired,
    revoked,
    ...(revoked
      ? {
          revokedReason: document.revokedReason ?? "",
          revokedAt: document.revokedAt,
        }
      : {}),
    expired,
    kind: document.kind,
    number: document.number,
    holder: archived.holder,
    // maskIin: the IIN's first six digits, which are its YYMMDD.
    maskedIin: `${yymmddOf(archived.born)}******`,
    program: { id: archived.programId, titles },
    ...(archived.scales ? { scales: archived.scales } : {}),
    ...(archived.result ? { result: archived.result } : {}),
    testedAt: archived.testedAt,
    issuedAt: document.issuedAt,
    ...(validUntil === undefined ? {} : { validUntil }),
    sample: false,
    ...(document.replacedBy ? { replacedBy: document.replacedBy } : {}),
  };
}

/** Whether `birthDate` (YYYY-MM-DD) is the archived holder's (see bornOn). */
export function archivedBornOn(
  document: ArchivedDocument,
  birthDate: string,
): boolean {
  const { born } = document.archived;
  if (born.length === 10) return born === birthDate;
  return born !== "" && born === yymmddOf(birthDate);
}

/**
 * The document numbers of a slot: each official result's, and those its
 * appeal revisions were re-issued under (`<attemptId>-r<n>`, numbered from
 * 1 without gaps).
 */
async function slotDocumentNumbers(
  redis: Redis,
  slotId: string,
): Promise<string[]> {
  const numbers: string[] = [];
  for (const attemptId of await redis.smembers(certKeys.slotOfficial(slotId))) {
    const first = await findNumberAllocation(redis, attemptId);
    if (!first) continue;
    numbers.push(first.number);
    for (let revision = 1; ; revision++) {
      const next = await findNumberAllocation(
        redis,
        `${attemptId}-r${revision}`,
      );
      if (!next) break;
      numbers.push(next.number);
    }
  }
  return numbers;
}

const REVOCATION_FIELDS = [
  "revokedAt",
  "revokedReason",
  "revokedBy",
  "replacedBy",
] as const;

/**
 * Writes the stub of each of the slot's documents from its live keys (the
 * archive module calls this after the file is written, before it deletes
 * the keys). Safe to run again: a document whose live hash is gone keeps
 * the stub it has, and a revocation made while archived is never lost.
 */
export async function writeDocumentStubs(
  ctx: AppContext,
  slotId: string,
): Promise<number> {
  const { redis } = ctx;
  const centerId = (await centerOfSlot(ctx, slotId)) ?? "";
  // The pointer keeps the slot's center and program (archive-begin.lua):
  // a stub repeats them only when it does not.
  const scope = await getArchivedSlotScope(redis, slotId);
  let written = 0;
  for (const number of await slotDocumentNumbers(redis, slotId)) {
    const live = await redis.hgetall(certKeys.document(number));
    if (!live.number || !live.attemptId || !live.sha256) continue;
    const result = await loadOfficialResult(redis, live.attemptId);
    if (!result) continue;
    const stubKey = archivedDocKeys.document(number);
    const earlier = await redis.hgetall(stubKey);
    const record = publicRecord(
      result,
      {
        number,
        issuedAt: live.issuedAt ?? "",
        ...(live.validUntil ? { validUntil: live.validUntil } : {}),
      },
      0,
    );
    const catalogTitles = getProgramInfo(ctx, result.programId)?.titles;
    const decoded = validateIin(result.iin);
    const docSlotId = live.slotId ?? slotId;
    const fields: Record<string, string> = {
      slotId: docSlotId,
      [field.issuedAt]: compactInstant(live.issuedAt ?? ""),
      [field.holder]: record.holder,
      [field.born]: compactBorn(
        decoded.valid ? decoded.birthDate : result.iin.slice(0, 6),
      ),
      [field.testedAt]: compactInstant(record.testedAt),
    };
    if (live.kind && live.kind !== "certificate")
      fields[field.kind] = live.kind;
    if (docSlotId !== slotId || scope?.centerId !== centerId) {
      fields[field.centerId] = centerId;
    }
    if (docSlotId !== slotId || scope?.programId !== record.program.id) {
      fields[field.programId] = record.program.id;
    }
    if (
      !catalogTitles ||
      JSON.stringify(catalogTitles) !== JSON.stringify(record.program.titles)
    ) {
      fields[field.programTitles] = JSON.stringify(record.program.titles);
    }
    const code = resultCode(record.result);
    if (code) fields[field.result] = code;
    if (record.scales) fields[field.scales] = JSON.stringify(record.scales);
    // The file is the number's own name unless an older version named it.
    if (live.file && live.file !== `${number}.pdf`) {
      fields[field.file] = live.file;
    }
    if (live.validUntil) {
      fields[field.validUntil] = compactInstant(live.validUntil);
    }
    if (live.purgedAt) fields.purgedAt = live.purgedAt;
    const revocation = earlier.changedAfterArchive ? earlier : live;
    for (const field of REVOCATION_FIELDS) {
      const value = revocation[field];
      if (value) fields[field] = value;
    }
    if (earlier.changedAfterArchive) fields.changedAfterArchive = "1";
    await redis.multi().del(stubKey).hset(stubKey, fields).exec();
    written += 1;
  }
  return written;
}

/**
 * After a restore: a revocation made while the slot was archived (kept in
 * the stub) goes back into `cert:doc:<n>`, so the next archive version
 * holds it. Not audited again: the center's stream has the entry.
 */
export async function reconcileDocumentStubs(
  redis: Redis,
  slotId: string,
): Promise<number> {
  let carried = 0;
  for (const number of await slotDocumentNumbers(redis, slotId)) {
    const stub = await redis.hgetall(archivedDocKeys.document(number));
    if (!stub.changedAfterArchive || !stub.revokedAt) continue;
    const liveKey = certKeys.document(number);
    if ((await redis.exists(liveKey)) === 0) continue;
    if ((await redis.hexists(liveKey, "revokedAt")) === 1) continue;
    const fields: Record<string, string> = {};
    for (const field of REVOCATION_FIELDS) {
      const value = stub[field];
      if (value) fields[field] = value;
    }
    await redis.hset(liveKey, fields);
    carried += 1;
  }
  return carried;
}
