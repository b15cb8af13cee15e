import type { SavedAnswerView } from "@shared/attempts";

/**
 * The kiosk's answer journal (DESIGN.md §3): every answer is written here,
 * in IndexedDB, before it is sent, with a per-attempt sequence number. It
 * survives a reload, a browser restart and a lost network; entries the
 * server has not acknowledged are sent again on every reconnect.
 *
 * The pure functions (merge, sequence, order) are unit-tested; the
 * `Journal` class is a thin promise wrapper over the plain IndexedDB API.
 */

export type EntryStatus = "pending" | "saved" | "rejected";

/** The latest answer this kiosk gave to one item of one attempt. */
export interface JournalEntry {
  attemptId: string;
  itemId: string;
  response: string[];
  seq: number;
  status: EntryStatus;
  /** Server time of the acknowledgement, once saved. */
  savedAt: number | null;
  /** The server's error id when it refused the answer for good. */
  error: string | null;
}

/** Where the candidate was, kept with the answers. */
export interface JournalMeta {
  attemptId: string;
  /** The highest sequence number this kiosk has ever used. */
  maxSeq: number;
  currentIndex: number;
  /** Flagged for review: the candidate's own marks, never sent. */
  flagged: string[];
  /** When this kiosk first showed the attempt's instructions or test. */
  openedAt: number | null;
}

/** One item's answer as the screen shows it. */
export interface AnswerState {
  response: string[];
  seq: number;
  status: EntryStatus;
  savedAt: number | null;
  error: string | null;
}

/**
 * The answers to show after a resync: per item, whichever of the server's
 * saved answer and the local entry has the higher sequence number wins (a
 * tie goes to the server, which has it). A local entry that wins is one
 * the server does not have, so it is pending even if it was once acked.
 */
export function mergeAnswers(
  server: Readonly<Record<string, SavedAnswerView>>,
  local: readonly JournalEntry[],
): Record<string, AnswerState> {
  const merged: Record<string, AnswerState> = {};
  for (const [itemId, saved] of Object.entries(server)) {
    merged[itemId] = {
      response: [...saved.response],
      seq: saved.seq,
      status: "saved",
      savedAt: saved.savedAt,
      error: null,
    };
  }
  for (const entry of local) {
    const known = merged[entry.itemId];
    if (known && known.seq >= entry.seq) continue;
    merged[entry.itemId] = {
      response: [...entry.response],
      seq: entry.seq,
      status: entry.status === "rejected" ? "rejected" : "pending",
      savedAt: entry.status === "rejected" ? null : entry.savedAt,
      error: entry.error,
    };
  }
  return merged;
}

/**
 * The next sequence number: above everything this kiosk used (its journal)
 * and everything the server has seen (another kiosk may have answered
 * before a re-seat), so no new answer is ever taken for a replay.
 */
export function nextSeq(
  journalMaxSeq: number,
  serverLastSeq: number,
  entries: readonly { seq: number }[] = [],
): number {
  let highest = Math.max(0, journalMaxSeq, serverLastSeq);
  for (const entry of entries) highest = Math.max(highest, entry.seq);
  return highest + 1;
}

/** The server will never take another answer: stop re-sending. */
const FINAL_ERRORS: ReadonlySet<string> = new Set([
  "deadline_passed",
  "attempt_submitted",
]);
/**
 * Refusals that say nothing about the answer itself: a paused test, a
 * busy server, a full or restarting database, a server catching up after
 * an outage (the time it took is about to be given back). The entry stays
 * pending in the journal and is sent again.
 */
const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "attempt_paused",
  "internal_error",
  "outage_pending",
  "rate_limited",
  "service_unavailable",
  "storage_full",
  "storage_unavailable",
]);
/** Refusals after which the server has stored nothing *yet*: worth saying so. */
export const STORAGE_ERRORS: ReadonlySet<string> = new Set([
  "storage_full",
  "storage_unavailable",
]);

/**
 * What an `answer.save` refusal means for the journal entry: `stop` (the
 * attempt takes no more answers), `retry` (keep it pending, send it again)
 * or `reject` (this answer is refused for good).
 */
export function refusalOutcome(errorId: string): "stop" | "retry" | "reject" {
  if (FINAL_ERRORS.has(errorId)) return "stop";
  if (RETRYABLE_ERRORS.has(errorId)) return "retry";
  return "reject";
}

/** The answers still to send, oldest first. */
export function pendingInOrder(
  answers: Readonly<Record<string, AnswerState>>,
): { itemId: string; response: string[]; seq: number }[] {
  return Object.entries(answers)
    .filter(([, answer]) => answer.status === "pending")
    .map(([itemId, answer]) => ({
      itemId,
      response: answer.response,
      seq: answer.seq,
    }))
    .sort((a, b) => a.seq - b.seq);
}

const DB_NAME = "synaq-kiosk";
const DB_VERSION = 1;
const ANSWERS = "answers";
const ATTEMPTS = "attempts";

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB"));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () =>
      reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
    transaction.onerror = () =>
      reject(transaction.error ?? new Error("IndexedDB transaction failed"));
  });
}

/** The journal in this browser profile's IndexedDB. */
export class Journal {
  private constructor(private readonly db: IDBDatabase) {}

  static open(): Promise<Journal> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(ANSWERS)) {
          const answers = db.createObjectStore(ANSWERS, {
            keyPath: ["attemptId", "itemId"],
          });
          answers.createIndex("attemptId", "attemptId");
        }
        if (!db.objectStoreNames.contains(ATTEMPTS)) {
          db.createObjectStore(ATTEMPTS, { keyPath: "attemptId" });
        }
      };
      request.onsuccess = () => resolve(new Journal(request.result));
      request.onerror = () =>
        reject(request.error ?? new Error("IndexedDB cannot be opened"));
      request.onblocked = () =>
        reject(new Error("IndexedDB is blocked by another tab"));
    });
  }

  /** Everything kept for one attempt. */
  async load(
    attemptId: string,
  ): Promise<{ entries: JournalEntry[]; meta: JournalMeta | null }> {
    const transaction = this.db.transaction([ANSWERS, ATTEMPTS], "readonly");
    const [entries, meta] = await Promise.all([
      promised(
        transaction
          .objectStore(ANSWERS)
          .index("attemptId")
          .getAll(attemptId) as IDBRequest<JournalEntry[]>,
      ),
      promised(
        transaction.objectStore(ATTEMPTS).get(attemptId) as IDBRequest<
          JournalMeta | undefined
        >,
      ),
    ]);
    return { entries, meta: meta ?? null };
  }

  /** Writes an answer and the attempt's position in one transaction. */
  async record(entry: JournalEntry, meta: JournalMeta): Promise<void> {
    const transaction = this.db.transaction([ANSWERS, ATTEMPTS], "readwrite");
    const done = committed(transaction);
    transaction.objectStore(ANSWERS).put(entry);
    transaction.objectStore(ATTEMPTS).put(meta);
    await done;
  }

  async saveMeta(meta: JournalMeta): Promise<void> {
    const transaction = this.db.transaction(ATTEMPTS, "readwrite");
    const done = committed(transaction);
    transaction.objectStore(ATTEMPTS).put(meta);
    await done;
  }

  /**
   * Marks the entry acknowledged (or refused) if it is still the one with
   * that sequence number: a newer answer to the item stays pending.
   */
  async settle(
    attemptId: string,
    itemId: string,
    seq: number,
    outcome:
      | { status: "saved"; savedAt: number }
      | { status: "rejected"; error: string },
  ): Promise<void> {
    const transaction = this.db.transaction(ANSWERS, "readwrite");
    const done = committed(transaction);
    const store = transaction.objectStore(ANSWERS);
    const request = store.get([attemptId, itemId]) as IDBRequest<
      JournalEntry | undefined
    >;
    request.onsuccess = () => {
      const entry = request.result;
      if (!entry || entry.seq !== seq) return;
      store.put(
        outcome.status === "saved"
          ? { ...entry, status: "saved", savedAt: outcome.savedAt, error: null }
          : { ...entry, status: "rejected", error: outcome.error },
      );
    };
    await done;
  }
}
