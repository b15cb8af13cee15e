import type {
  AttemptTiming,
  AttemptUpdate,
  IncidentReport,
  KioskAttemptView,
} from "@shared/attempts";
import type { AttemptState } from "@shared/enums";
import { newRequestId } from "@shared/requests";
import { measureOffset, monotonicNow } from "../../lib/clock";
import {
  Journal,
  mergeAnswers,
  nextSeq,
  pendingInOrder,
  refusalOutcome,
  type AnswerState,
  type JournalEntry,
  type JournalMeta,
} from "../../lib/journal";
import {
  isUnauthorized,
  ask,
  type KioskSocket,
  type Reply,
} from "../../lib/socket";
import { timeNoticeOf, type TimeNotice } from "../../lib/time-notice";

export type Connection = "connecting" | "live" | "offline";

/** Everything the kiosk's screens are drawn from. */
export interface SessionState {
  connection: Connection;
  /** Server time minus local monotonic time; null until measured. */
  offset: number | null;
  attempt: KioskAttemptView | null;
  /** Why the test is paused, as the staff wrote it. */
  reason: string | null;
  /** The candidate was re-seated elsewhere; this seat is free again. */
  detached: boolean;
  answers: Record<string, AnswerState>;
  flagged: string[];
  currentIndex: number;
  /** The server refuses answers for good (`deadline_passed`, `attempt_submitted`). */
  stopped: string | null;
  /** IndexedDB is unavailable: answers are only in memory. */
  journalUnavailable: boolean;
  /** Time added, a pause or a resume, told to the candidate for a while. */
  timeNotice: TimeNotice | null;
}

const STARTED: ReadonlySet<AttemptState> = new Set([
  "in_progress",
  "paused",
  "submitted",
  "expired",
  "scored",
  "issued",
]);
/** States in which the kiosk is locked down and a reload is an incident. */
export const LOCKED_STATES: ReadonlySet<AttemptState> = new Set([
  "instructions",
  "in_progress",
  "paused",
]);

const ACK_TIMEOUT_MS = 10_000;
/** Repeats of a command (confirm, start, submit) with its request id. */
const COMMAND_REPEATS = 2;
const COMMAND_REPEAT_DELAY_MS = 1_000;
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 6_000;
const RETRY_SCAN_MS = 5_000;
const OFFSET_RESYNC_MS = 60_000;
/** After a handshake the server refused for now (storage_unavailable). */
const HANDSHAKE_RETRY_MS = 2_000;
const MAX_QUEUED_INCIDENTS = 100;

function freshMeta(attemptId: string): JournalMeta {
  return {
    attemptId,
    maxSeq: 0,
    currentIndex: 0,
    flagged: [],
    openedAt: null,
  };
}

/**
 * One kiosk's connection to its seat: the socket, the server-time offset,
 * the attempt and its answers. Screens read `getState()` through
 * useSyncExternalStore and call the commands; every answer goes through
 * the journal before the network (DESIGN.md §3).
 */
export class AttemptSession {
  private state: SessionState = {
    connection: "connecting",
    offset: null,
    attempt: null,
    reason: null,
    detached: false,
    answers: {},
    flagged: [],
    currentIndex: 0,
    stopped: null,
    journalUnavailable: false,
    timeNotice: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly journal: Promise<Journal | null>;
  private meta: JournalMeta | null = null;
  /** The highest sequence number used for the current attempt. */
  private seq = 0;
  /** When each item's answer (by seq) was last sent, for the retry scan. */
  private readonly sentAt = new Map<string, { seq: number; at: number }>();
  private readonly queuedIncidents: IncidentReport[] = [];
  /** Attempts whose reload this page lifetime has already reported. */
  private readonly seen = new Set<string>();
  private resyncing: Promise<void> = Promise.resolve();
  private noticeCount = 0;
  private teardown: (() => void) | null = null;

  constructor(
    private readonly socket: KioskSocket,
    private readonly events: {
      /** The server refused the token: it may have been revoked. */
      onUnauthorized: () => void;
    },
  ) {
    this.journal = Journal.open().catch(() => {
      this.set({ journalUnavailable: true });
      return null;
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SessionState => this.state;

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Connects and listens; returns nothing, `stop()` undoes it. */
  start(): void {
    if (this.teardown) return;
    const socket = this.socket;
    const onConnect = () => {
      this.set({ connection: "live" });
      void this.measure();
      void this.resync();
      this.flushIncidents();
    };
    const onDisconnect = () => this.set({ connection: "offline" });
    const onConnectError = (error: Error) => {
      this.set({ connection: "offline" });
      if (isUnauthorized(error)) {
        this.events.onUnauthorized();
        return;
      }
      // Refused for now (the server cannot reach its database): socket.io
      // does not retry a handshake the server refused, so we do.
      if (!socket.active) {
        window.setTimeout(() => {
          if (this.teardown && !socket.connected) socket.connect();
        }, HANDSHAKE_RETRY_MS);
      }
    };
    const onUpdated = (update: AttemptUpdate) => this.applyUpdate(update);
    const onRevoked = () => this.events.onUnauthorized();
    // The operating system knows at once that the network is gone; a
    // websocket would only notice at its next ping timeout (~45 s).
    const onOffline = () => {
      socket.disconnect();
      this.set({ connection: "offline" });
    };
    const onOnline = () => {
      if (!socket.connected) socket.connect();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.on("attempt.updated", onUpdated);
    socket.on("kiosk.revoked", onRevoked);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    socket.connect();

    const heartbeat = window.setInterval(
      () => void this.heartbeat(),
      HEARTBEAT_MS,
    );
    const retry = window.setInterval(() => this.retryStale(), RETRY_SCAN_MS);
    const offset = window.setInterval(
      () => void this.measure(),
      OFFSET_RESYNC_MS,
    );
    this.teardown = () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      socket.off("attempt.updated", onUpdated);
      socket.off("kiosk.revoked", onRevoked);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      window.clearInterval(heartbeat);
      window.clearInterval(retry);
      window.clearInterval(offset);
      socket.disconnect();
    };
  }

  stop(): void {
    this.teardown?.();
    this.teardown = null;
  }

  private async measure(): Promise<void> {
    if (!this.socket.connected) return;
    const offset = await measureOffset(this.socket);
    if (offset !== null) this.set({ offset });
  }

  /** A link that went silent (no ack) is dropped and dialled again. */
  private async heartbeat(): Promise<void> {
    if (!this.socket.connected) return;
    try {
      await ask(this.socket, HEARTBEAT_TIMEOUT_MS, "kiosk.heartbeat");
    } catch {
      if (this.socket.connected && navigator.onLine) {
        this.socket.disconnect();
        this.socket.connect();
      }
    }
  }

  /** Asks the server for the whole picture; one at a time, in order. */
  resync(): Promise<void> {
    this.resyncing = this.resyncing.then(async () => {
      if (!this.socket.connected) return;
      let reply: Reply<"attempt.resync">;
      try {
        reply = await ask(this.socket, ACK_TIMEOUT_MS, "attempt.resync");
      } catch {
        return;
      }
      if (reply.ok) await this.applyView(reply.attempt);
    });
    return this.resyncing;
  }

  private async applyView(view: KioskAttemptView | null): Promise<void> {
    if (!view) {
      this.meta = null;
      this.seq = 0;
      this.set({
        attempt: null,
        answers: {},
        flagged: [],
        currentIndex: 0,
        stopped: null,
        reason: null,
        timeNotice: null,
      });
      return;
    }
    const current = this.state.attempt;
    const same = current?.attemptId === view.attemptId;
    const journal = await this.journal;
    const stored = journal
      ? await journal
          .load(view.attemptId)
          .catch(() => ({ entries: [] as JournalEntry[], meta: null }))
      : { entries: [] as JournalEntry[], meta: null };

    // What this page already holds counts as local too: an answer given a
    // moment ago may not have reached IndexedDB when the journal was read.
    const inMemory: JournalEntry[] = same
      ? Object.entries(this.state.answers).map(([itemId, answer]) => ({
          attemptId: view.attemptId,
          itemId,
          ...answer,
        }))
      : [];
    const answers = mergeAnswers(view.answers, [
      ...stored.entries,
      ...inMemory,
    ]);
    // Within one page the in-memory position is the newest; after a
    // reload it is the journal's.
    const meta: JournalMeta = {
      ...freshMeta(view.attemptId),
      ...((same ? this.meta : null) ?? stored.meta ?? {}),
    };
    this.seq = Math.max(
      same ? this.seq : 0,
      nextSeq(meta.maxSeq, view.lastSeq, stored.entries) - 1,
    );
    meta.maxSeq = Math.max(meta.maxSeq, this.seq);

    const firstSight = !this.seen.has(view.attemptId);
    this.seen.add(view.attemptId);
    const locked = LOCKED_STATES.has(view.state);
    if (firstSight && locked && meta.openedAt !== null) {
      // This kiosk showed the attempt before this page existed.
      const navigation = performance.getEntriesByType("navigation")[0] as
        PerformanceNavigationTiming | undefined;
      this.report(
        {
          type: "reload",
          detail: `The kiosk page was loaded again (${navigation?.type ?? "unknown"}).`,
        },
        view.attemptId,
      );
    }
    if (locked && meta.openedAt === null) meta.openedAt = view.serverNow;
    this.meta = meta;
    void journal?.saveMeta(meta).catch(() => undefined);

    const lastIndex = Math.max(0, view.items.length - 1);
    this.set({
      attempt: view,
      detached: false,
      answers,
      flagged: meta.flagged,
      currentIndex: Math.min(Math.max(0, meta.currentIndex), lastIndex),
      stopped: same ? this.state.stopped : null,
      reason: view.state === "paused" && same ? this.state.reason : null,
      timeNotice: same ? this.state.timeNotice : null,
    });
    this.resendPending();
  }

  private applyUpdate(update: AttemptUpdate): void {
    const current = this.state.attempt;
    if (update.detached) {
      if (!current || current.attemptId === update.attemptId) {
        this.meta = null;
        this.set({
          attempt: null,
          detached: true,
          answers: {},
          flagged: [],
          currentIndex: 0,
          reason: null,
          timeNotice: null,
        });
      }
      return;
    }
    if (!current || current.attemptId !== update.attemptId) {
      void this.resync();
      return;
    }
    const { reason, detached: _detached, ...timing } = update;
    const changed = timing.state !== current.state;
    // Only a pause carries words for the candidate (the staff's reason);
    // other updates carry a change code ("resumed", "extended") or none.
    const shown =
      timing.state === "paused" && reason && reason !== "paused"
        ? reason
        : null;
    const notice = timeNoticeOf(current, update);
    this.set({
      attempt: { ...current, ...timing },
      reason: shown ?? (changed ? null : this.state.reason),
      ...(notice ? { timeNotice: { ...notice, id: ++this.noticeCount } } : {}),
    });
    if (changed || (STARTED.has(timing.state) && current.items.length === 0)) {
      void this.resync();
    }
  }

  /** The notice has been on screen long enough (a newer one stays). */
  dismissTimeNotice = (id: number): void => {
    if (this.state.timeNotice?.id === id) this.set({ timeNotice: null });
  };

  /** The seat is free again: back to the idle screen. */
  dismissDetached(): void {
    this.set({ detached: false });
  }

  private mergeTiming(timing: AttemptTiming): void {
    const current = this.state.attempt;
    if (current?.attemptId !== timing.attemptId) return;
    this.set({ attempt: { ...current, ...timing } });
  }

  /**
   * Sends a candidate's command. One request id goes with the one press
   * through every repeat (no answer in time, or the server could not reach
   * its database): the server acts once and answers a repeat with its first
   * reply, so a repeat never submits or starts twice.
   */
  private async command(
    event: "attempt.confirm" | "attempt.start" | "attempt.submit",
  ): Promise<string | null> {
    const attempt = this.state.attempt;
    if (!attempt) return "attempt_not_found";
    if (!this.socket.connected) return "network_error";
    const payload = { attemptId: attempt.attemptId, requestId: newRequestId() };
    let reply: Reply<typeof event> | null = null;
    for (let repeats = 0; reply === null; repeats++) {
      try {
        reply = await ask(this.socket, ACK_TIMEOUT_MS, event, payload);
      } catch {
        if (
          repeats >= COMMAND_REPEATS ||
          !(await this.whenConnected(ACK_TIMEOUT_MS))
        ) {
          return "network_error";
        }
        continue;
      }
      if (
        !reply.ok &&
        reply.error.id === "storage_unavailable" &&
        repeats < COMMAND_REPEATS
      ) {
        reply = null;
        await new Promise((resolve) =>
          window.setTimeout(resolve, COMMAND_REPEAT_DELAY_MS),
        );
      }
    }
    if (!reply.ok) {
      void this.resync();
      return reply.error.id;
    }
    this.mergeTiming(reply.attempt);
    await this.resync();
    return null;
  }

  /** True once the socket is connected, false after `timeoutMs` without. */
  private whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.socket.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onConnect = () => {
        window.clearTimeout(timer);
        resolve(true);
      };
      const timer = window.setTimeout(() => {
        this.socket.off("connect", onConnect);
        resolve(false);
      }, timeoutMs);
      this.socket.once("connect", onConnect);
    });
  }

  /** "This is me": the candidate confirmed name, program and language. */
  confirm(): Promise<string | null> {
    return this.command("attempt.confirm");
  }

  /** The candidate starts before the instructions time is over. */
  startTest(): Promise<string | null> {
    return this.command("attempt.start");
  }

  /**
   * Submits once every answer is acknowledged: a submission must never
   * overtake an answer still on its way. Returns an error id or null.
   */
  async submit(): Promise<string | null> {
    if (pendingInOrder(this.state.answers).length > 0) {
      if (!this.socket.connected) return "answers_unsent";
      this.resendPending(true);
      if (!(await this.whenAllSaved(ACK_TIMEOUT_MS))) return "answers_unsent";
    }
    const error = await this.command("attempt.submit");
    return error === "attempt_submitted" ? null : error;
  }

  private whenAllSaved(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => pendingInOrder(this.state.answers).length === 0;
      if (check()) {
        resolve(true);
        return;
      }
      const timer = window.setTimeout(() => {
        unsubscribe();
        resolve(check());
      }, timeoutMs);
      const unsubscribe = this.subscribe(() => {
        if (!check()) return;
        window.clearTimeout(timer);
        unsubscribe();
        resolve(true);
      });
    });
  }

  /** Journals the answer, then sends it. */
  async answer(itemId: string, response: string[]): Promise<void> {
    const attempt = this.state.attempt;
    if (!attempt || attempt.state !== "in_progress" || this.state.stopped) {
      return;
    }
    const attemptId = attempt.attemptId;
    const seq = ++this.seq;
    const meta: JournalMeta = {
      ...(this.meta ?? freshMeta(attemptId)),
      maxSeq: seq,
    };
    this.meta = meta;
    const entry: JournalEntry = {
      attemptId,
      itemId,
      response,
      seq,
      status: "pending",
      savedAt: null,
      error: null,
    };
    this.set({
      answers: {
        ...this.state.answers,
        [itemId]: {
          response,
          seq,
          status: "pending",
          savedAt: null,
          error: null,
        },
      },
    });
    const journal = await this.journal;
    if (journal) {
      await journal.record(entry, meta).catch(() => {
        this.set({ journalUnavailable: true });
      });
    }
    void this.send(attemptId, { itemId, response, seq });
  }

  private async send(
    attemptId: string,
    answer: { itemId: string; response: string[]; seq: number },
  ): Promise<void> {
    if (!this.socket.connected || this.state.stopped) return;
    this.sentAt.set(answer.itemId, { seq: answer.seq, at: monotonicNow() });
    let reply: Reply<"answer.save">;
    try {
      reply = await ask(this.socket, ACK_TIMEOUT_MS, "answer.save", {
        attemptId,
        ...answer,
      });
    } catch {
      // No ack in time: still pending, sent again on reconnect or retry.
      return;
    }
    if (reply.ok) {
      this.settle(attemptId, answer.itemId, answer.seq, {
        status: "saved",
        savedAt: reply.savedAt,
      });
      return;
    }
    const id = reply.error.id;
    switch (refusalOutcome(id)) {
      case "stop":
        this.set({ stopped: id });
        void this.resync();
        return;
      case "retry":
        this.keepPending(attemptId, answer.itemId, answer.seq, id);
        return;
      case "reject":
        this.settle(attemptId, answer.itemId, answer.seq, {
          status: "rejected",
          error: id,
        });
        return;
    }
  }

  /**
   * The server could not take the answer now (e.g. its database is full):
   * it stays pending in the journal, the screen says why, and the next
   * retry scan sends it again without waiting for the ack timeout.
   */
  private keepPending(
    attemptId: string,
    itemId: string,
    seq: number,
    error: string,
  ): void {
    const known = this.state.answers[itemId];
    if (this.state.attempt?.attemptId !== attemptId || known?.seq !== seq) {
      return;
    }
    if (this.sentAt.get(itemId)?.seq === seq) this.sentAt.delete(itemId);
    if (known.error !== error) {
      this.set({
        answers: { ...this.state.answers, [itemId]: { ...known, error } },
      });
    }
  }

  private settle(
    attemptId: string,
    itemId: string,
    seq: number,
    outcome:
      | { status: "saved"; savedAt: number }
      | { status: "rejected"; error: string },
  ): void {
    const known = this.state.answers[itemId];
    if (this.state.attempt?.attemptId === attemptId && known?.seq === seq) {
      this.set({
        answers: {
          ...this.state.answers,
          [itemId]:
            outcome.status === "saved"
              ? {
                  ...known,
                  status: "saved",
                  savedAt: outcome.savedAt,
                  error: null,
                }
              : { ...known, status: "rejected", error: outcome.error },
        },
      });
    }
    void this.journal.then((journal) =>
      journal?.settle(attemptId, itemId, seq, outcome).catch(() => undefined),
    );
  }

  /** Sends every unacknowledged answer, oldest first. */
  private resendPending(force = true): void {
    const attempt = this.state.attempt;
    if (!attempt || attempt.state !== "in_progress" || this.state.stopped) {
      return;
    }
    const now = monotonicNow();
    for (const answer of pendingInOrder(this.state.answers)) {
      const sent = this.sentAt.get(answer.itemId);
      if (
        !force &&
        sent?.seq === answer.seq &&
        now - sent.at < ACK_TIMEOUT_MS
      ) {
        continue;
      }
      void this.send(attempt.attemptId, answer);
    }
  }

  /** Answers whose ack never came (a lost packet) go out again. */
  private retryStale(): void {
    if (this.socket.connected) this.resendPending(false);
  }

  /** Moves to a question; the position survives a reload. */
  goTo(index: number): void {
    const attempt = this.state.attempt;
    if (!attempt || attempt.items.length === 0) return;
    const currentIndex = Math.min(Math.max(0, index), attempt.items.length - 1);
    if (currentIndex === this.state.currentIndex) return;
    this.set({ currentIndex });
    this.saveMeta({ currentIndex });
  }

  toggleFlag(itemId: string): void {
    const flagged = this.state.flagged.includes(itemId)
      ? this.state.flagged.filter((id) => id !== itemId)
      : [...this.state.flagged, itemId];
    this.set({ flagged });
    this.saveMeta({ flagged });
  }

  private saveMeta(patch: Partial<JournalMeta>): void {
    const attempt = this.state.attempt;
    if (!attempt) return;
    const meta = { ...(this.meta ?? freshMeta(attempt.attemptId)), ...patch };
    this.meta = meta;
    void this.journal.then((journal) =>
      journal?.saveMeta(meta).catch(() => undefined),
    );
  }

  /** Reports what the kiosk saw; kept and sent later while offline. */
  report = (
    input: Omit<IncidentReport, "attemptId">,
    attemptId?: string,
  ): void => {
    const target = attemptId ?? this.state.attempt?.attemptId;
    if (!target) return;
    const incident = { ...input, attemptId: target };
    if (!this.socket.connected) {
      if (this.queuedIncidents.length < MAX_QUEUED_INCIDENTS) {
        this.queuedIncidents.push(incident);
      }
      return;
    }
    void this.sendIncident(incident);
  };

  private async sendIncident(incident: IncidentReport): Promise<void> {
    const payload = {
      attemptId: incident.attemptId,
      type: incident.type,
      ...(incident.durationMs === undefined
        ? {}
        : {
            durationMs: Math.min(Math.round(incident.durationMs), 86_400_000),
          }),
      ...(incident.detail === undefined
        ? {}
        : { detail: incident.detail.slice(0, 500) }),
    };
    try {
      await ask(this.socket, ACK_TIMEOUT_MS, "incident.report", payload);
    } catch {
      if (this.queuedIncidents.length < MAX_QUEUED_INCIDENTS) {
        this.queuedIncidents.push(incident);
      }
    }
  }

  private flushIncidents(): void {
    const queued = this.queuedIncidents.splice(0);
    for (const incident of queued) void this.sendIncident(incident);
  }
}
