import type { Redis } from "ioredis";
import type { AppContext } from "../../context";
import { conflict, notFound } from "../../errors";
import { dumpKeys, restoreKeys, type KeyDump } from "../../archive/snapshot";
import {
  ARCHIVE_FILE_FORMAT,
  archiveDir,
  archiveKeys,
  beginArchiveVersion,
  commitArchiveVersion,
  fileSha256,
  getArchiveProgress,
  holdArchive,
  lockArchive,
  notePendingFile,
  readSlotArchive,
  removeTemporaryFiles,
  setArchiveState,
  writeArchiveFile,
  type ArchivePointer,
  type ArchiveVersion,
  type SlotArchiveFile,
} from "../../archive/store";
import { redisNow } from "../../redis/connection";
import { exportSlotArchive } from "../analytics";
import {
  anonymizeAuditRecord,
  anonymizeStreamEntries,
  auditKeys,
  auditPiiPurged,
  forgetAuditPii,
} from "../audit";
import { reconcileBookingStubs, writeBookingStubs } from "../booking";
import { reconcileDocumentStubs, writeDocumentStubs } from "../certificates";
import { slotArchivable } from "./eligibility";
import { keptAtDeletion, removedAtDeletion, slotInventory } from "./keys";

/** How long one archival or restore may hold the slot's lock. */
const LOCK_MS = 10 * 60_000;

const valueOf = (dump: KeyDump) => dump.value;

const parseJson = (text: unknown): unknown => {
  try {
    return typeof text === "string" ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
};

/** The key's id part after a prefix, for keys named `<prefix><id>`. */
const idAfter = (key: string, prefix: string) =>
  key.startsWith(prefix) && !key.slice(prefix.length).includes(":")
    ? key.slice(prefix.length)
    : null;

/**
 * The readable record: analytics' export (slot, bookings, attempts with
 * forms and answers, incidents, audit chain with checkpoints), unchanged,
 * plus what the dumped keys hold besides: documents, official results,
 * appeals, result revisions and the slot's stored analytics.
 */
async function slotRecord(
  ctx: AppContext,
  slotId: string,
  keys: KeyDump[],
  purged: boolean,
): Promise<SlotArchiveFile["record"]> {
  const exported = await exportSlotArchive(ctx, slotId, { withPii: !purged });
  if (purged) exported.audit = anonymizeAuditRecord(exported.audit);
  const documents: unknown[] = [];
  const officialResults: Record<string, unknown> = {};
  const appeals: unknown[] = [];
  const revisions: Record<string, unknown[]> = {};
  let analytics: unknown = null;
  for (const dump of keys) {
    const { key } = dump;
    if (idAfter(key, "cert:doc:") !== null) documents.push(valueOf(dump));
    else if (idAfter(key, "appeal:") !== null) appeals.push(valueOf(dump));
    else if (key === `analytics:slot:${slotId}`) {
      analytics = parseJson(valueOf(dump));
    } else {
      const official = idAfter(key, "official:");
      if (official !== null) {
        officialResults[official] = parseJson(valueOf(dump));
      }
      const revised = /^attempt:([^:]+):revisions$/.exec(key);
      if (revised?.[1] && dump.type === "list") {
        revisions[revised[1]] = dump.value.map(parseJson);
      }
    }
  }
  return {
    ...exported,
    documents,
    officialResults,
    appeals,
    revisions,
    analytics,
  };
}

/**
 * The dumps as a file may hold them once the retention purge forgot the
 * slot's audit key: its stream entries without their personal values
 * (`pii`; the commitments stay and the chain verifies as before) and the
 * key itself not carried. Pure.
 */
export function withoutPersonalValues(
  dumps: readonly KeyDump[],
  scope: `slot:${string}`,
): KeyDump[] {
  const keys = auditKeys(scope);
  return dumps
    .filter((dump) => dump.key !== keys.piiKey)
    .map((dump) =>
      dump.key === keys.stream && dump.type === "stream"
        ? { ...dump, value: anonymizeStreamEntries(dump.value) }
        : dump,
    );
}

/**
 * Dumps the slot and builds the file of `version` (keys still all there).
 * Once the retention purge forgot the slot's audit key (a live purge, or
 * the purge of an archived slot), the file holds no personal values of the
 * audit chain: neither in the key dumps nor in the readable record.
 */
export async function buildArchiveFile(
  ctx: AppContext,
  slotId: string,
  version: number,
  reason: ArchiveVersion["reason"],
): Promise<SlotArchiveFile> {
  const scope = `slot:${slotId}` as const;
  const purged = await auditPiiPurged(ctx.redis, scope);
  const inventory = await slotInventory(ctx.redis, slotId);
  const dumped = await dumpKeys(ctx.redis, inventory.keys);
  const keys = purged ? withoutPersonalValues(dumped, scope) : dumped;
  return {
    format: ARCHIVE_FILE_FORMAT,
    version,
    slotId,
    writtenAt: new Date(await redisNow(ctx.redis)).toISOString(),
    reason,
    record: {
      ...(await slotRecord(ctx, slotId, keys, purged)),
      // A restore of this file forgets the key again (restoreSlotKeys).
      ...(purged ? { piiPurged: true } : {}),
    },
    keys,
    memberships: inventory.memberships,
  };
}

async function withLock<T>(
  ctx: AppContext,
  slotId: string,
  work: () => Promise<T>,
): Promise<T> {
  const release = await lockArchive(ctx.redis, slotId, LOCK_MS);
  if (!release) {
    throw conflict(
      "archive_busy",
      "This slot is being archived or restored; try again in a minute.",
    );
  }
  try {
    return await work();
  } finally {
    await release();
  }
}

/**
 * Step one: the slot's file written, checked and recorded as its current
 * version (pointer `deleting`); its keys are all still in Redis. Resumes a
 * version whose file a crash left behind: the hash noted before the rename
 * tells it is that file.
 */
export async function writeArchiveStep(
  ctx: AppContext,
  slotId: string,
  reason: ArchiveVersion["reason"],
): Promise<ArchivePointer> {
  const { redis } = ctx;
  const dir = archiveDir(ctx.env);
  const progress = await beginArchiveVersion(redis, slotId, reason);
  if (progress.state !== "writing" || !progress.pending) {
    const { pending: _pending, ...pointer } = progress;
    return pointer;
  }
  const pending = progress.pending;
  const at = await redisNow(redis);
  let written: ArchiveVersion | null = null;
  if (
    pending.sha256 &&
    pending.file &&
    (await fileSha256(dir, pending.file)) === pending.sha256
  ) {
    written = {
      version: pending.version,
      file: pending.file,
      sha256: pending.sha256,
      bytes: pending.bytes ?? 0,
      at,
      reason: pending.reason,
    };
  } else {
    await removeTemporaryFiles(dir, slotId);
    const file = await buildArchiveFile(
      ctx,
      slotId,
      pending.version,
      pending.reason,
    );
    written = await writeArchiveFile(dir, file, {
      at,
      beforeRename: (version) => notePendingFile(redis, slotId, version),
    });
  }
  return commitArchiveVersion(redis, slotId, written);
}

async function deleteInChunks(
  redis: Redis,
  keys: string[],
  chunk: number,
): Promise<void> {
  for (let i = 0; i < keys.length; i += chunk) {
    await redis.unlink(...keys.slice(i, i + chunk));
  }
}

async function removeMemberships(
  redis: Redis,
  file: SlotArchiveFile,
  chunk: number,
): Promise<void> {
  const removed = file.memberships.filter(removedAtDeletion);
  for (let i = 0; i < removed.length; i += chunk) {
    const pipeline = redis.pipeline();
    for (const entry of removed.slice(i, i + chunk)) {
      if (entry.type === "zset-member") pipeline.zrem(entry.key, entry.member);
      else if (entry.type === "set-member") {
        pipeline.srem(entry.key, entry.member);
      } else pipeline.hdel(entry.key, entry.field);
    }
    await pipeline.exec();
  }
}

/** JSON with object keys sorted: two reads of a hash may list fields apart. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : inner,
  );
}

/** Whether the slot's keys and index entries are still what the file holds. */
async function unchangedSince(
  ctx: AppContext,
  file: SlotArchiveFile,
): Promise<boolean> {
  const inventory = await slotInventory(ctx.redis, file.slotId);
  const scope = `slot:${file.slotId}` as const;
  const dumped = await dumpKeys(ctx.redis, inventory.keys);
  // Compared as the file was built: without personal values once purged.
  const current = (await auditPiiPurged(ctx.redis, scope))
    ? withoutPersonalValues(dumped, scope)
    : dumped;
  const plain = (dumps: KeyDump[]) =>
    canonical(dumps.map(({ pttl: _pttl, ...dump }) => dump));
  return (
    plain(current) === plain(file.keys) &&
    canonical(inventory.memberships) === canonical(file.memberships)
  );
}

/**
 * Step two: a check that nothing changed since the file was written, the
 * stubs written through the modules that read them, then the slot's keys
 * deleted in chunks of ARCHIVE_DELETE_CHUNK (UNLINK, one round
 * trip each; never one long script), its live-only index entries removed,
 * and the pointer `archived`. The key list comes from the file, so a run
 * resuming a half-done deletion deletes exactly what is left.
 */
export async function deleteArchivedKeysStep(
  ctx: AppContext,
  slotId: string,
): Promise<ArchivePointer> {
  const { redis } = ctx;
  const file = await readSlotArchive(redis, archiveDir(ctx.env), slotId);
  if (!file) throw notFound("archive_not_found", "The slot has no archive.");
  const pointerKey = archiveKeys.pointer(slotId);
  // Stubs are built from the live keys: once only, before any is deleted.
  if (!(await redis.hget(pointerKey, "stubsAt"))) {
    if (!(await unchangedSince(ctx, file))) {
      // Something changed after the file was written (a late revocation,
      // a complaint): deleting now would lose it. The keys stay live and
      // the next run writes a new version.
      await setArchiveState(redis, slotId, ["deleting"], "restored");
      throw conflict(
        "archive_slot_changed",
        "The slot changed after its archive was written; it is archived again as a new version.",
      );
    }
    await writeDocumentStubs(ctx, slotId);
    await writeBookingStubs(ctx, slotId);
    await redis.hset(pointerKey, "stubsAt", String(await redisNow(redis)));
  }
  const chunk = ctx.env.ARCHIVE_DELETE_CHUNK;
  const keys = file.keys
    .map((dump) => dump.key)
    .filter((key) => !keptAtDeletion(slotId, key));
  await deleteInChunks(redis, keys, chunk);
  await removeMemberships(redis, file, chunk);
  return setArchiveState(redis, slotId, ["deleting"], "archived");
}

/**
 * Archives a slot: its file, then its keys out of Redis (only stubs stay).
 * Resumable: a crash anywhere is finished by the next run, which reads
 * where it got to from the pointer. A new version (nothing in progress)
 * of reason `archived` requires the slot to be archivable.
 */
export async function archiveSlot(
  ctx: AppContext,
  slotId: string,
  opts: { reason?: ArchiveVersion["reason"]; force?: boolean } = {},
): Promise<ArchivePointer> {
  const reason = opts.reason ?? "archived";
  return withLock(ctx, slotId, async () => {
    const progress = await getArchiveProgress(ctx.redis, slotId);
    if (progress?.state === "archived") {
      const { pending: _pending, ...pointer } = progress;
      return pointer;
    }
    const starting =
      !progress ||
      (progress.state !== "writing" && progress.state !== "deleting");
    if (starting && !opts.force) {
      const verdict = await slotArchivable(ctx, slotId, {
        byPurge: reason === "purge",
      });
      if (!verdict.ok) {
        throw conflict(
          "slot_not_archivable",
          `The slot cannot be archived yet (${verdict.reason}).`,
          { reason: verdict.reason },
        );
      }
    }
    const written = await writeArchiveStep(ctx, slotId, reason);
    if (written.state !== "deleting") return written;
    return deleteArchivedKeysStep(ctx, slotId);
  });
}

/**
 * Puts an archived slot's keys back into Redis exactly as they were
 * (memberships too) from its current version; the pointer becomes
 * `restored` and the slot works live again. A half-done deletion is
 * restored the same way.
 */
export async function restoreSlot(
  ctx: AppContext,
  slotId: string,
): Promise<void> {
  await withLock(ctx, slotId, () =>
    restoreSlotKeys(ctx.redis, archiveDir(ctx.env), slotId),
  );
}

/** restoreSlot's work, for the CLI (no lock owner beyond the caller). */
export async function restoreSlotKeys(
  redis: Redis,
  dir: string,
  slotId: string,
): Promise<void> {
  const progress = await getArchiveProgress(redis, slotId);
  if (progress?.state === "restored") return;
  if (progress?.state !== "archived" && progress?.state !== "deleting") {
    throw conflict(
      "slot_not_archived",
      "The slot is not archived: its keys are in Redis.",
      { state: progress?.state ?? null },
    );
  }
  const file = await readSlotArchive(redis, dir, slotId);
  if (!file) throw notFound("archive_not_found", "The slot has no archive.");
  if (progress.state === "archived") await setAsideStrayAudit(redis, slotId);
  await restoreKeys(redis, file.keys, file.memberships);
  // A version the purge anonymized carries no audit key: the slot keeps
  // none (new personal values are not kept), as before it was archived.
  if (file.record.piiPurged === true) {
    await forgetAuditPii(redis, `slot:${slotId}`);
  }
  // The stubs follow the live keys again: a revocation made while archived
  // goes back into its document, the IIN history entries of restored
  // bookings go (the next archival writes them anew). Before the state
  // moves, so a crash here is finished by the next restore.
  await reconcileDocumentStubs(redis, slotId);
  await reconcileBookingStubs(redis, slotId);
  await setArchiveState(redis, slotId, ["archived", "deleting"], "restored");
}

/**
 * An archived slot has no audit stream in Redis: entries about it go to its
 * center's. One found there anyway (a writer that missed the archival) is a
 * second chain the restore would overwrite: it is renamed aside with its
 * head, never deleted, and a warning names it.
 */
async function setAsideStrayAudit(redis: Redis, slotId: string) {
  const audit = auditKeys(`slot:${slotId}`);
  if ((await redis.exists(audit.stream)) === 0) return;
  const aside = `${audit.stream}:stray:${await redisNow(redis)}`;
  await redis.multi().rename(audit.stream, aside).del(audit.head).exec();
  process.emitWarning(
    `archive: ${audit.stream} existed while the slot was archived; renamed to ${aside} before the restore`,
  );
}

/** How long a slot restored for a late appeal stays out of the sweep. */
export const REISSUE_HOLD_MS = 24 * 3600_000;

/**
 * restoreSlot for a late appeal: the slot is held out of the sweep for
 * REISSUE_HOLD_MS first (the re-score and its re-issue jobs take seconds;
 * the sweep must not archive it in between), then restored.
 */
export async function restoreForReissue(
  ctx: AppContext,
  slotId: string,
): Promise<void> {
  await holdArchive(
    ctx.redis,
    slotId,
    (await redisNow(ctx.redis)) + REISSUE_HOLD_MS,
  );
  await restoreSlot(ctx, slotId);
}

/**
 * Archives a restored slot again after a change (a re-issue, a purge):
 * a new version, the pointer moved to it, the earlier files untouched.
 */
export async function archiveAgain(
  ctx: AppContext,
  slotId: string,
  reason: ArchiveVersion["reason"],
): Promise<ArchivePointer> {
  const progress = await getArchiveProgress(ctx.redis, slotId);
  if (progress?.state !== "restored") {
    throw conflict(
      "slot_not_restored",
      "Only a restored slot is archived again.",
      { state: progress?.state ?? null },
    );
  }
  return archiveSlot(ctx, slotId, { reason, force: true });
}

/**
 * What the retention purge needs to purge archived slots (its
 * `ArchivedSlotPurger`; retention may not import this module, so the purge
 * CLI hands this in): restore under the lock, and archive again as a
 * version of reason `purge` once the slot is closed for good as before
 * (a slot a late appeal restored meanwhile waits for the sweep), or finish
 * such a version a crash interrupted.
 */
export function archivePurger(ctx: AppContext): {
  dir: string;
  restore: (slotId: string) => Promise<void>;
  archive: (slotId: string) => Promise<ArchivePointer>;
} {
  return {
    dir: archiveDir(ctx.env),
    restore: (slotId) => restoreSlot(ctx, slotId),
    archive: async (slotId) => {
      const progress = await getArchiveProgress(ctx.redis, slotId);
      if (progress?.state !== "restored") {
        return archiveSlot(ctx, slotId, { reason: "purge" });
      }
      const verdict = await slotArchivable(ctx, slotId, { byPurge: true });
      if (!verdict.ok) {
        throw conflict(
          "slot_not_archivable",
          `The slot cannot be archived yet (${verdict.reason}).`,
          { reason: verdict.reason },
        );
      }
      return archiveAgain(ctx, slotId, "purge");
    },
  };
}
