import { type SlotProtocolInput } from "@shared/certificates";
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
