import type { Redis } from "ioredis";
import { auditKeys } from "../audit";
import { parseLuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";

/**
 * Accommodations: extra minutes and a note for the administrator, set on a
 * person (by IIN) for every booking they hold. Audited in the network
 * stream (a person, not a center). Booking copies the extra minutes into a
 * new booking; admission reads them from there.
 *
 * Keys:
 *   accommodation:<iin>        hash: extraMinutes note approvedBy setBy
 *                              setByName setAt
 */
export const accommodationKeys = {
  accommodation: (iin: string) => `accommodation:${iin}`,
};

export interface AccommodationRecord {
  iin: string;
  extraMinutes: number;
  note: string;
  approvedBy: string;
  setBy: string;
  setByName: string;
  setAt: number;
}

function toAccommodation(
  iin: string,
  hash: Record<string, string>,
): AccommodationRecord | null {
  if (hash.extraMinutes === undefined) return null;
  return {
    iin,
    extraMinutes: Number(hash.extraMinutes),
    note: hash.note ?? "",
    approvedBy: hash.approvedBy ?? "",
    setBy: hash.setBy ?? "",
    setByName: hash.setByName ?? "",
    setAt: Number(hash.setAt ?? 0),
  };
}

// ---------------------------------------------------------------------------
// Reads

/** The accommodation on the candidate (by IIN), or null. */
export async function getAccommodation(
  redis: Redis,
  iin: string,
): Promise<AccommodationRecord | null> {
  return toAccommodation(
    iin,
    await redis.hgetall(accommodationKeys.accommodation(iin)),
  );
}

/** Accommodations for several IINs at once. */
export async function getAccommodations(
  redis: Redis,
  iins: readonly string[],
): Promise<Map<string, AccommodationRecord>> {
  const found = new Map<string, AccommodationRecord>();
  if (iins.length === 0) return found;
  const pipeline = redis.pipeline();
  for (const iin of iins)
    pipeline.hgetall(accommodationKeys.accommodation(iin));
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([error, hash], index) => {
    if (error) throw error;
    const iin = iins[index] ?? "";
    const record = toAccommodation(iin, hash as Record<string, string>);
    if (record) found.set(iin, record);
  });
  return found;
}

// ---------------------------------------------------------------------------
// Accommodations

/** Sets (or replaces) the accommodation on an IIN, audited. */
export async function saveAccommodation(
  redis: Redis,
  record: Omit<AccommodationRecord, "setAt">,
  actor: string,
): Promise<AccommodationRecord> {
  // An accommodation belongs to a person, not a center.
  const audit = auditKeys("network");
  const reply = parseLuaReply<{ setAt: number }>(
    await script("accommodation-set").run(
      redis,
      [accommodationKeys.accommodation(record.iin), audit.stream, audit.head],
      [
        record.iin,
        record.extraMinutes,
        record.note,
        record.approvedBy,
        record.setBy,
        record.setByName,
        actor,
      ],
    ),
  );
  if (!("ok" in reply)) throw new Error(`accommodation-set: ${reply.error}`);
  return { ...record, setAt: reply.ok.setAt };
}

/** Removes the accommodation on an IIN; false when there was none. */
export async function deleteAccommodation(
  redis: Redis,
  iin: string,
  actor: string,
): Promise<boolean> {
  const audit = auditKeys("network");
  const reply = parseLuaReply<{ removedAt: number }>(
    await script("accommodation-delete").run(
      redis,
      [accommodationKeys.accommodation(iin), audit.stream, audit.head],
      [iin, actor],
    ),
  );
  return "ok" in reply;
}
