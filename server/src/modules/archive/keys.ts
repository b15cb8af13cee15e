import type { Redis } from "ioredis";
import type { Membership } from "../../archive/snapshot";
import { analyticsKeys } from "../analytics";
import { appealKeys } from "../appeals";
import { attemptKeys } from "../attempts";
import { auditKeys } from "../audit";
import { bookingKeys } from "../booking";
import { centerKeys } from "../centers";
import { certKeys } from "../certificates";
import { messageKeys } from "../notifications";
import { slotKeys } from "../slots";

/**
 * Which Redis keys a slot owns (archived, then deleted) and where its
 * records are listed in indexes shared with other slots.
 *
 * Owned (written to the file, deleted after it):
 *   slot:<id>, slot:<id>:{bookings,iins,attempts,incidents,official},
 *   audit:slot:<id> (+ :head, :pii-key), analytics:slot:<id> (+ :computedAt),
 *   cert:protocol:<id>; per booking booking:<b> (replaced by its stub,
 *   never deleted here), booking:<b>:messages, message:<m>; per attempt
 *   attempt:<a> (+ :items :form :answers :incidents
 *   :incidents:settling :appeals :revisions), official:<a>,
 *   cert:attempt:<a>, cert:doc:<n> of every number it held, incident:<i>,
 *   appeal:<id>.
 * Left live (small, and read or counted across slots): refusals (numbers
 *   named by complaints), complaints and booking:<b>:complaints (the
 *   center's register and deadlines), seat:<seat>:attempt (the seat's next
 *   attempt overwrites it), accommodation:<iin> (a person's, not a slot's).
 *
 * Memberships in shared indexes, and what deletion does with them:
 *   index                              | at deletion | why
 *   -----------------------------------|-------------|---------------------
 *   slots:by-start (zset)              | removed     | live schedule; the
 *                                      |             | sweep's working set
 *   room:<room>:slots (zset)           | removed     | overlap checks (future)
 *   iin:<iin>:bookings (set)           | removed     | the id moves to
 *                                      |             | iin:<iin>:history
 *                                      |             | (booking/archived.ts)
 *   analytics:{program,center}:<id>:slots | kept     | exports find archived
 *                                      |             | slots by period
 *   cert:by-sha256 (hash field)        | kept        | PDF upload verification
 *   cert:number-owners (hash field)    | kept        | numbers stay unique
 *   appeals:all (zset)                 | removed     | the open-work list; the
 *                                      |             | appeal hash is archived
 *   appeals:item:<item> (set)          | removed     | same
 *   outbox:messages, outbox:center:<c> | removed     | the outbox of live
 *                                      |             | deliveries
 *   program:<p>:attempts (set)         | removed     | re-scoring walks live
 *                                      |             | attempts; a late appeal
 *                                      |             | restores the slot first
 * Every membership, kept or removed, is in the file, so a restore puts
 * them all back.
 */
export function removedAtDeletion(entry: Membership): boolean {
  const { key } = entry;
  return (
    key === slotKeys.slotsByStart ||
    (key.startsWith("room:") && key.endsWith(":slots")) ||
    key === appealKeys.all ||
    key.startsWith("appeals:item:") ||
    (key.startsWith("iin:") && key.endsWith(":bookings")) ||
    key === messageKeys.outbox ||
    key.startsWith("outbox:center:") ||
    (key.startsWith("program:") && key.endsWith(":attempts"))
  );
}

/** Keys of attempts' incidents (attempts/repository.ts names them privately). */
const incidentKey = (id: string) => `incident:${id}`;
const slotIncidents = (slotId: string) => `slot:${slotId}:incidents`;
const settlingKey = (attemptId: string) =>
  `attempt:${attemptId}:incidents:settling`;
/** The audit scope's personal-data key (salted commitments). */
const piiKey = (slotId: string) => `audit:slot:${slotId}:pii-key`;

/**
 * Keys of the slot archived but left in place at deletion: each booking's
 * hash (its stub overwrites it: booking/archived.ts) and the slot's small
 * analytics summary (period reports add it up across slots).
 */
export function keptAtDeletion(slotId: string, key: string): boolean {
  return (
    key === analyticsKeys.slotSummary(slotId) ||
    (key.startsWith("booking:") && !key.slice("booking:".length).includes(":"))
  );
}

export interface SlotInventory {
  /** Every key the slot owns, in the order they are dumped. */
  keys: string[];
  memberships: Membership[];
}

const uniq = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((value): value is string => Boolean(value))),
];

async function zsetMembership(
  redis: Redis,
  key: string,
  member: string,
): Promise<Membership | null> {
  const score = await redis.zscore(key, member);
  return score === null
    ? null
    : { key, type: "zset-member", member, score: Number(score) };
}

async function setMembership(
  redis: Redis,
  key: string,
  member: string,
): Promise<Membership | null> {
  return (await redis.sismember(key, member))
    ? { key, type: "set-member", member }
    : null;
}

async function hashMembership(
  redis: Redis,
  key: string,
  field: string,
): Promise<Membership | null> {
  const value = await redis.hget(key, field);
  return value === null ? null : { key, type: "hash-field", field, value };
}

/** Document numbers an attempt ever held (re-issues included). */
async function documentNumbers(
  redis: Redis,
  attemptId: string,
  attempt: Record<string, string>,
): Promise<string[]> {
  const allocated = await redis.get(certKeys.attempt(attemptId));
  const revisions = await redis.lrange(appealKeys.revisions(attemptId), 0, -1);
  const numbers: (string | undefined)[] = [
    attempt.certificateNumber,
    attempt.handedOverNumber,
  ];
  if (allocated) {
    numbers.push((JSON.parse(allocated) as { number?: string }).number);
  }
  for (const revision of revisions) {
    const parsed = JSON.parse(revision) as {
      certificateNumber?: string;
      previousCertificateNumber?: string;
    };
    numbers.push(parsed.certificateNumber, parsed.previousCertificateNumber);
  }
  return uniq(numbers);
}

/**
 * Lists what the slot owns by walking its indexes (bookings → messages,
 * attempts → incidents, appeals, documents). Run it while the slot's keys
 * are all there: a half-deleted slot is resumed from its file instead.
 */
export async function slotInventory(
  redis: Redis,
  slotId: string,
): Promise<SlotInventory> {
  const slot = await redis.hgetall(slotKeys.slot(slotId));
  const audit = auditKeys(`slot:${slotId}`);
  const keys: string[] = [
    slotKeys.slot(slotId),
    bookingKeys.slotBookings(slotId),
    bookingKeys.slotIins(slotId),
    attemptKeys.slotAttempts(slotId),
    slotIncidents(slotId),
    certKeys.slotOfficial(slotId),
    certKeys.protocol(slotId),
    analyticsKeys.slot(slotId),
    analyticsKeys.slotComputedAt(slotId),
    // The slot's share of its program's merged item counts (issue 23):
    // archived with it; the program's counts keep the share, and a
    // restored slot's re-run replaces it from these.
    analyticsKeys.slotCounts(slotId),
    analyticsKeys.slotCountsVersion(slotId),
    // Its small summary stays live: period reports add it up.
    analyticsKeys.slotSummary(slotId),
    audit.stream,
    audit.head,
    piiKey(slotId),
  ];
  const found: (Membership | null)[] = [];

  found.push(
    await zsetMembership(redis, slotKeys.slotsByStart, slotId),
    slot.roomId
      ? await zsetMembership(redis, centerKeys.roomSlots(slot.roomId), slotId)
      : null,
    slot.programId
      ? await zsetMembership(
          redis,
          analyticsKeys.programSlots(slot.programId),
          slotId,
        )
      : null,
    slot.centerId
      ? await zsetMembership(
          redis,
          analyticsKeys.centerSlots(slot.centerId),
          slotId,
        )
      : null,
  );
  const protocol = await redis.get(certKeys.protocol(slotId));
  if (protocol) {
    const sha256 = (JSON.parse(protocol) as { sha256?: string }).sha256;
    if (sha256)
      found.push(await hashMembership(redis, certKeys.bySha256, sha256));
  }

  const bookingIds = await redis.zrange(
    bookingKeys.slotBookings(slotId),
    0,
    -1,
  );
  const attemptIds = new Set(
    await redis.smembers(attemptKeys.slotAttempts(slotId)),
  );
  for (const bookingId of bookingIds) {
    const booking = await redis.hgetall(bookingKeys.booking(bookingId));
    keys.push(
      bookingKeys.booking(bookingId),
      messageKeys.bookingMessages(bookingId),
    );
    if (booking.attemptId) attemptIds.add(booking.attemptId);
    if (booking.iin) {
      found.push(
        await setMembership(
          redis,
          bookingKeys.iinBookings(booking.iin),
          bookingId,
        ),
      );
    }
    const messageIds = await redis.lrange(
      messageKeys.bookingMessages(bookingId),
      0,
      -1,
    );
    for (const messageId of messageIds) {
      // A message of a booking moved here from another slot stays with
      // the slot it was sent for.
      const message = await redis.hmget(
        messageKeys.message(messageId),
        "slotId",
        "centerId",
      );
      if (message[0] && message[0] !== slotId) continue;
      keys.push(messageKeys.message(messageId));
      found.push(
        await zsetMembership(redis, messageKeys.outbox, messageId),
        await zsetMembership(
          redis,
          messageKeys.centerOutbox(message[1] ?? "none"),
          messageId,
        ),
      );
    }
  }

  const incidentIds = await redis.lrange(slotIncidents(slotId), 0, -1);
  for (const attemptId of [...attemptIds].sort()) {
    const attempt = await redis.hgetall(attemptKeys.attempt(attemptId));
    if (attempt.programId) {
      found.push(
        await setMembership(
          redis,
          appealKeys.programAttempts(attempt.programId),
          attemptId,
        ),
      );
    }
    keys.push(
      attemptKeys.attempt(attemptId),
      attemptKeys.items(attemptId),
      attemptKeys.form(attemptId),
      attemptKeys.answers(attemptId),
      attemptKeys.incidents(attemptId),
      settlingKey(attemptId),
      appealKeys.ofAttempt(attemptId),
      appealKeys.revisions(attemptId),
      appealKeys.openOfAttempt(attemptId),
      certKeys.official(attemptId),
      certKeys.attempt(attemptId),
    );
    incidentIds.push(
      ...(await redis.lrange(attemptKeys.incidents(attemptId), 0, -1)),
    );
    for (const number of await documentNumbers(redis, attemptId, attempt)) {
      keys.push(certKeys.document(number));
      found.push(await hashMembership(redis, certKeys.numberOwners, number));
      const sha256 = await redis.hget(certKeys.document(number), "sha256");
      if (sha256) {
        found.push(await hashMembership(redis, certKeys.bySha256, sha256));
      }
    }
    const appealIds = await redis.lrange(
      appealKeys.ofAttempt(attemptId),
      0,
      -1,
    );
    for (const appealId of appealIds) {
      keys.push(appealKeys.appeal(appealId));
      const itemId = await redis.hget(appealKeys.appeal(appealId), "itemId");
      found.push(
        await zsetMembership(redis, appealKeys.all, appealId),
        await setMembership(
          redis,
          appealKeys.ofItem(itemId ?? "none"),
          appealId,
        ),
      );
    }
  }
  keys.push(...uniq(incidentIds).map(incidentKey));

  return {
    keys: uniq(keys),
    memberships: found.filter((entry): entry is Membership => entry !== null),
  };
}
