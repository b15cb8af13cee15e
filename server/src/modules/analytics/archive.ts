import type { AppContext } from "../../context";
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
  type SlotArchive,
  checkpointAuditStreams,
  loadScopeAnchors,
  readAuditHead,
  readAuditRaw,
} from "../audit";
import { listSlotBookings } from "../booking";
import { getSlot } from "../slots";

/**
 * A slot's full record for archiving: the slot, its bookings, attempts with
 * forms and answers, incidents, and the audit chain exactly as stored (every
 * field its hash covers), so `npm run audit:verify -- --file` can check the
 * file on its own. Booking code hashes are left out: they open bookings.
 */
export async function exportSlotArchive(
  ctx: AppContext,
  slotId: string,
): Promise<SlotArchive> {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
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
    const {
      at = "",
      actor = "",
      action = "",
      subject = "",
      data = "",
      prev = "",
      hash = "",
    } = raw.fields;
    entries.push({ id: raw.id, at, actor, action, subject, data, prev, hash });
    if (raw.id === lastCheckpoint?.entryId) break;
  }
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
    },
  };
}
