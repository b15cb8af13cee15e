import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { attemptIdsOfSlot, findAttempts, listSlotIncidents, loadAnswers, loadForm } from "../attempts/repository";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type SlotArchive } from "../audit/archive";
import { readAuditHead, readAuditRaw } from "../audit/repository";
import { listSlotBookings } from "../booking/repository";
import { getSlot } from "../centers/repository";

/**
 * A slot's full record for archiving: the slot, its bookings, attempts with
 * forms and answers, incidents, and the audit chain exactly as stored (every
 * field its hash covers), so `npm run audit:verify -- --file` can check the
 * file on its own. Booking code hashes are left out: they open bookings.
 */
export async function exportSlotArchive(ctx: AppContext, slotId: string): Promise<SlotArchive> {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  const scope = `slot:${slotId}` as const;
  const [bookings, attempts, incidents, head] = await Promise.all([
    listSlotBookings(ctx.redis, slotId),
    findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId)),
    listSlotIncidents(ctx.redis, slotId),
    readAuditHead(ctx.redis, scope),
  ]);
  const entries: SlotArchive["audit"]["entries"] = [];
  for await (const raw of readAuditRaw(ctx.redis, scope)) {
    const { at = "", actor = "", action = "", subject = "", data = "", prev = "", hash = "" } = raw.fields;
    entries.push({ id: raw.id, at, actor, action, subject, data, prev, hash });
  }
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
    audit: { scope, head, entries },
  };
}
