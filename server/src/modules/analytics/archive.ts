import type { AppContext } from "../../context";
import { archiveDir, isArchived, readSlotArchive } from "../../archive/store";
import { notFound } from "../../errors";
import {
  attemptIdsOfSlot,
  findAttempts,
  listSlotIncidents,
  loadAnswers,
  loadForm,
} from "../attempts";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  anonymizeAuditRecord,
  type SlotArchive,
  chainFieldsOf,
  checkpointAuditStreams,
  loadScopeAnchors,
  readAuditHead,
  readAuditPiiKey,
  readAuditRaw,
} from "../audit";
import { listSlotBookings } from "../booking";
import { getSlot } from "../slots";

/**
 * A slot's full record for archiving: the slot, its bookings, attempts with
 * forms and answers, incidents, and the audit chain exactly as stored (every
 * field its hash covers), so `npm run audit:verify -- --file` can check the
 * file on its own. Booking code hashes are left out: they open bookings.
 * With `withPii` (the archive module's file, never a download) the
 * entries keep their personal values beside them and the record carries
 * the scope's key to check them against their commitments.
 */
export async function exportSlotArchive(
  ctx: AppContext,
  slotId: string,
  options: { withPii?: boolean } = {},
): Promise<SlotArchive> {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) {
    // An archived slot: its record as the archive file holds it (written
    // by this function), without the personal values beside the audit
    // entries and their key, as a download of a live slot.
    const archived = (await isArchived(ctx.redis, slotId))
      ? await readSlotArchive(ctx.redis, archiveDir(ctx.env), slotId)
      : null;
    if (!archived) throw notFound("slot_not_found", "There is no such slot.");
    const record = archived.record as unknown as SlotArchive;
    return { ...record, audit: anonymizeAuditRecord(record.audit) };
  }
  const scope = `slot:${slotId}` as const;
  // The head is signed first and the file ends at it, so the export's head
  // is always a checkpoint audit:verify can check against the key.
  await checkpointAuditStreams(ctx, { scopes: [scope] });
  const anchors = await loadScopeAnchors(ctx.env.DATA_DIR, scope);
  const [bookings, attempts, incidents, currentHead] = await Promise.all([
    listSlotBookings(ctx.redis, slotId),
    findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId)),
    listSlotIncidents(ctx.redis, slotId),
    readAuditHead(ctx.redis, scope),
  ]);
  const lastCheckpoint = anchors.checkpoints.reduce<
    (typeof anchors.checkpoints)[number] | null
  >(
    (latest, checkpoint) =>
      !latest || checkpoint.count > latest.count ? checkpoint : latest,
    null,
  );
  const entries: SlotArchive["audit"]["entries"] = [];
  for await (const raw of readAuditRaw(ctx.redis, scope)) {
    if (options.withPii) entries.push(chainFieldsOf(raw));
    else {
      const {
        at = "",
        actor = "",
        action = "",
        subject = "",
        data = "",
        prev = "",
        hash = "",
      } = raw.fields;
      entries.push({
        id: raw.id,
        at,
        actor,
        action,
        subject,
        data,
        prev,
        hash,
      });
    }
    if (raw.id === lastCheckpoint?.entryId) break;
  }
  const piiKey = options.withPii
    ? await readAuditPiiKey(ctx.redis, scope)
    : null;
  const head =
    lastCheckpoint && entries.at(-1)?.id === lastCheckpoint.entryId
      ? lastCheckpoint.hash
      : currentHead;
  const withAnswers = await Promise.all(
    attempts
      .sort((a, b) => a.admittedAt - b.admittedAt || a.id.localeCompare(b.id))
      .map(async (attempt) => ({
        ...attempt,
        form: await loadForm(ctx.redis, attempt.id),
        answers: await loadAnswers(ctx.redis, attempt.id),
      })),
  );
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    slotId,
    exportedAt: new Date(ctx.clock.now()).toISOString(),
    slot,
    bookings: bookings.map(({ codeHash: _codeHash, ...booking }) => booking),
    attempts: withAnswers,
    incidents,
    audit: {
      scope,
      head,
      entries,
      checkpoints: anchors.checkpoints,
      anchoredHashes: anchors.order.map(
        (id) => [id, anchors.hashes.get(id) ?? ""] as [string, string],
      ),
      ...(piiKey ? { piiKey } : {}),
    },
  };
}
