import type { Form } from "@shared/banks";
import type { AppContext } from "../../context";
import {
  archiveDir,
  getArchivePointer,
  readSlotArchive,
  type KeyDump,
} from "../../archive/store";
import type { Attempt } from "../attempts";
import { archivedSlotsOfProgram, type BookingRecord } from "../booking";
import type { SlotRecord } from "../slots";
import {
  appealKeys,
  parseRevision,
  toAppeal,
  type AppealRecord,
  type ResultRevisionRecord,
} from "./repository";

/**
 * Puts an archived slot's keys back into Redis (modules/archive's
 * restoreSlot). Appeals may not import the archive module (it imports
 * appeals), so the job layer (modules/jobs.ts) hands it in.
 */
export type RestoreArchivedSlot = (
  ctx: AppContext,
  slotId: string,
) => Promise<void>;

interface ArchivedAttempt {
  form?: { items?: { itemId?: string }[] } | null;
}

/** What the status page's appeal part reads of an archived booking. */
export interface ArchivedAppealRecord {
  attempt: Attempt;
  form: Form | null;
  appeals: AppealRecord[];
  revisions: ResultRevisionRecord[];
  slot: SlotRecord;
}

/**
 * The appeal part of an archived booking, from its slot's archive file
 * (the record's attempt with its form, the dumped appeal hashes and
 * revisions): what the status page showed before archival. Null when the
 * booking had no attempt or the file lacks it.
 */
export async function readArchivedAppeals(
  ctx: AppContext,
  booking: Pick<BookingRecord, "slotId" | "attemptId">,
): Promise<ArchivedAppealRecord | null> {
  if (!booking.attemptId) return null;
  const file = await readSlotArchive(
    ctx.redis,
    archiveDir(ctx.env),
    booking.slotId,
  );
  if (!file) return null;
  const recorded = (file.record.attempts ?? []) as (Attempt & {
    form?: Form | null;
  })[];
  const found = recorded.find((attempt) => attempt.id === booking.attemptId);
  const slot = file.record.slot as SlotRecord | undefined;
  if (!found || slot?.id !== booking.slotId) return null;
  const { form = null, ...attempt } = found;
  const dumps = new Map<string, KeyDump>(
    file.keys.map((dump) => [dump.key, dump]),
  );
  const list = (key: string) => {
    const dump = dumps.get(key);
    return dump?.type === "list" ? dump.value : [];
  };
  const appeals = list(appealKeys.ofAttempt(attempt.id))
    .map((id) => {
      const dump = dumps.get(appealKeys.appeal(id));
      return dump?.type === "hash" ? toAppeal(dump.value) : null;
    })
    .filter((appeal): appeal is AppealRecord => appeal !== null);
  return {
    attempt,
    form,
    appeals,
    revisions: list(appealKeys.revisions(attempt.id)).map(parseRevision),
    slot,
  };
}

/**
 * A late appeal: an item voided after some slots of its program were
 * archived. Each archived slot whose forms held the item (read from its
 * archive file) is restored, so the re-score that follows finds its
 * attempts live and re-issues their documents like any other; once every
 * document is issued and handed over again, the archive sweep archives
 * the slot again as a new version. Idempotent: a slot restored already is
 * no longer archived, and a retried job restores only what is left.
 */
export async function restoreArchivedSlotsWithItem(
  ctx: AppContext,
  input: { programId: string; itemId: string },
  restore: RestoreArchivedSlot,
): Promise<string[]> {
  const restored: string[] = [];
  for (const slotId of await archivedSlotsOfProgram(ctx, input.programId)) {
    // A slot whose keys are being deleted is restored too (its file is
    // written): the re-score must not miss it.
    const state = (await getArchivePointer(ctx.redis, slotId))?.state;
    if (state !== "archived" && state !== "deleting") continue;
    const file = await readSlotArchive(ctx.redis, archiveDir(ctx.env), slotId);
    const attempts = (file?.record.attempts ?? []) as ArchivedAttempt[];
    const heldItem = attempts.some((attempt) =>
      attempt.form?.items?.some((item) => item.itemId === input.itemId),
    );
    if (!heldItem) continue;
    // The restore also carries the stubs back (a revocation made while
    // archived) into the live keys.
    await restore(ctx, slotId);
    restored.push(slotId);
    ctx.logger.info(
      { slotId, itemId: input.itemId },
      "archived slot restored for a late appeal's re-score",
    );
  }
  return restored;
}
