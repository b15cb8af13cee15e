import type {
  ProtocolCandidate,
  SlotProtocolInput,
} from "@shared/certificates";
import type { AppContext } from "../../context";
import { notFound, unavailable } from "../../errors";
import { redisNow } from "../../redis/connection";
import type { AuditCheckpoint } from "../audit";
import { checkpointAuditStreams, loadScopeAnchors } from "../audit";
import {
  readDocumentFile,
  sha256Hex,
  sweepTempFiles,
  writeDocumentFile,
} from "./document-files";
import { renderProtocolPdf } from "../documents";
import {
  acquireLock,
  findNumberAllocation,
  findProtocol,
  loadSlotOfficialResults,
  saveProtocol,
} from "./repository";
import { centerKeys } from "./keys";
import { LOCK_TTL_MS, LOCK_WAIT_MS, outputDir } from "./service";

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

/**
 * What the delivery side knows of a slot that the registry does not: the
 * slot as a person names it and every booking's status (attempts/protocol-
 * roster.ts builds it; certificates cannot reach bookings or attempts).
 */
export interface ProtocolRoster {
  slot?: SlotProtocolInput["slot"];
  candidates: ProtocolCandidate[];
  cancelled: number;
}

const NO_ROSTER: ProtocolRoster = { candidates: [], cancelled: 0 };

/**
 * The slot's official results, their document numbers and the roster, with
 * a key that changes when any of them does.
 */
async function protocolContents(
  ctx: AppContext,
  slotId: string,
  roster: ProtocolRoster,
) {
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
  // A booking's new status or a new audit checkpoint make it stale as well.
  contentKey.push(
    ...roster.candidates
      .map((candidate) => `${candidate.bookingId}:${candidate.status}`)
      .sort(),
    `cancelled=${roster.cancelled}`,
  );
  if (auditCheckpoint) contentKey.push(`audit=${auditCheckpoint.entryId}`);
  return { results, documentNumbers, contentKey, auditCheckpoint };
}

/**
 * Renders the slot's protocol from the official results listed in
 * `slot:<slotId>:official` and the roster's other bookings, writes it as
 * `protocol-<slotId>.pdf` and records its hash. Serialised per slot.
 */
export async function buildAndStoreProtocol(
  ctx: AppContext,
  slotId: string,
  roster: ProtocolRoster = NO_ROSTER,
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
      await protocolContents(ctx, slotId, roster);
    if (results.length === 0 && roster.candidates.length === 0) {
      throw notFound(
        "protocol_empty",
        "This slot has no booked candidates and no official results.",
      );
    }
    // A slot's record gone (retention) leaves the results to name it.
    if (!roster.slot && results.length === 0) {
      throw notFound("protocol_empty", "This slot no longer exists.");
    }
    const pdf = await renderSlotProtocol(
      ctx,
      {
        slotId,
        ...(roster.slot ? { slot: roster.slot } : {}),
        candidates: roster.candidates,
        cancelled: roster.cancelled,
        results,
        documentNumbers,
      },
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
 * The slot's protocol; rendered again only when a result, a document
 * number or a booking's status changed since, or the file is missing or
 * changed.
 */
export async function slotProtocolPdf(
  ctx: AppContext,
  slotId: string,
  roster: ProtocolRoster = NO_ROSTER,
): Promise<Buffer> {
  const [stored, { contentKey }] = await Promise.all([
    findProtocol(ctx.redis, slotId),
    protocolContents(ctx, slotId, roster),
  ]);
  if (
    stored &&
    JSON.stringify(stored.contentKey) === JSON.stringify(contentKey)
  ) {
    const pdf = await readDocumentFile(outputDir(ctx), stored.file);
    if (pdf && sha256Hex(pdf) === stored.sha256) return pdf;
  }
  return (await buildAndStoreProtocol(ctx, slotId, roster)).pdf;
}
