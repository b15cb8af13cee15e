import type { Socket } from "socket.io-client";
import type {
  AttemptTiming,
  KioskAttemptView,
} from "../../server/shared/attempts";
import { KioskJournal, reconnectingKiosk } from "../faults/support/journal";
import type { CandidatePlan } from "./plan";
import { requestId, sleep, type Random } from "./random";

/**
 * A kiosk on a seat, and the candidate who sits at it, over the kiosk's
 * real protocol (socket.io `/kiosk`). Like kiosk-client it reconnects by
 * itself, asks for the whole picture (`attempt.resync`) after every
 * connect, sends a heartbeat, journals every answer before sending it
 * (tests/faults/support/journal.ts) and sends again what was not
 * acknowledged, on every reconnect and on a retry scan; it submits only
 * once every answer is acknowledged. Behind the balancer it was given
 * several web processes: a reconnect tries the next one.
 *
 * The candidate confirms, reads the instructions, starts, answers each
 * question after thinking a few seconds, sometimes changes an answer,
 * reviews and submits; a pause waits, and an attempt expired by an outage
 * waits for the administrator to reopen it.
 */

const ACK_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 6_000;
const RETRY_SCAN_MS = 5_000;
/** kiosk-client's pause before asking again whether its token is good. */
const RECHECK_MS = 5_000;
/** A kiosk that cannot finish within this of its start gives up (and says so). */
const GIVE_UP_MS = 12 * 60_000;

/** The attempt will not change any more on the kiosk's side. */
const ENDED = new Set(["submitted", "scored", "issued", "voided"]);
const NOT_STARTED = new Set(["admitted", "instructions"]);

type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { id: string; message?: string } };

/** What the kiosks met, for the summary. */
export const kioskStats = {
  connects: 0,
  disconnects: 0,
  /** Reconnects that went to another web process. */
  failovers: 0,
  heartbeatTimeouts: 0,
  /** Handshakes the server refused as unauthorized (then re-checked over HTTP). */
  handshakeRefusals: 0,
  /** Tokens the HTTP re-check found revoked. */
  revoked: 0,
  /** Refusals of confirm/start/submit, by error id (retried). */
  commandRefusals: {} as Record<string, number>,
  /** The server refused `requestId` in command payloads (not supported yet). */
  requestIdRefused: false,
  incidentsReported: 0,
  /** Kiosks whose own network dropped for a while. */
  networkDrops: 0,
  reopened: 0,
};
let requestIdsAccepted = true;

export interface KioskOutcome {
  seatId: string;
  candidate: number;
  attemptId: string | null;
  /** The last state the kiosk saw. */
  state: string | null;
  /** The candidate's own submission was acknowledged. */
  submitted: boolean;
  journal: KioskJournal | null;
  error: string | null;
}

export class SimKiosk {
  readonly socket: Socket;
  private urlIndex: number;
  private attemptId: string | null = null;
  private state: string | null = null;
  private view: KioskAttemptView | null = null;
  private timers: NodeJS.Timeout[] = [];
  journal: KioskJournal | null = null;
  /** Expired, waiting for the administrator's reopen (or the end of the tests). */
  waitingReopen = false;

  constructor(
    readonly seatId: string,
    token: string,
    private readonly urls: readonly string[],
    start: number,
  ) {
    this.urlIndex = start % urls.length;
    this.socket = reconnectingKiosk(urls[this.urlIndex]!, token);
    // A balancer's next backend: each reconnect dials the next web process.
    this.socket.io.on("reconnect_attempt", () => this.nextUrl());
    this.socket.on("connect", () => {
      kioskStats.connects++;
      void this.resync();
    });
    this.socket.on("disconnect", () => kioskStats.disconnects++);
    // socket.io does not dial again after the server's handshake refused
    // the kiosk: like kiosk-client, it asks over HTTP whether its token is
    // still good (a refusal may be a server hiccup) and then dials again.
    this.socket.on("connect_error", (error: Error) => {
      if (error.message.startsWith("unauthorized")) {
        void this.recheck(token);
        return;
      }
      // Refused for now (storage_unavailable: Redis was down during the
      // handshake): socket.io does not dial again, so, like kiosk-client,
      // the kiosk does a moment later.
      if (!this.socket.active) {
        setTimeout(() => {
          if (!this.closed && !this.socket.connected) this.socket.connect();
        }, RECHECK_MS);
      }
    });
    this.socket.on(
      "attempt.updated",
      (update: AttemptTiming & { detached?: boolean }) => {
        if (update.detached) return;
        if (update.attemptId === this.attemptId) this.state = update.state;
        // A candidate was admitted to this seat: the kiosk shows them at once.
        else if (this.attemptId === null) void this.resync();
      },
    );
    this.timers.push(
      setInterval(() => void this.heartbeat(), HEARTBEAT_MS),
      setInterval(() => {
        if (this.socket.connected && this.journal && this.journal.unacked > 0)
          void this.journal.flush();
      }, RETRY_SCAN_MS),
    );
  }

  private rechecking = false;

  private async recheck(token: string) {
    if (this.rechecking || this.closed) return;
    this.rechecking = true;
    kioskStats.handshakeRefusals++;
    try {
      for (;;) {
        await sleep(RECHECK_MS);
        if (this.closed) return;
        this.nextUrl();
        const url = this.urls[this.urlIndex]!;
        const status = await fetch(`${url}/api/v1/kiosks/me`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 401) {
          kioskStats.revoked++;
          return;
        }
        if (status === 200) break;
      }
      if (!this.socket.connected) this.socket.connect();
    } finally {
      this.rechecking = false;
    }
  }

  private nextUrl() {
    if (this.urls.length < 2) return;
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    // socket.io-client keeps the address in its Manager; a new engine reads it.
    (this.socket.io as unknown as { uri: string }).uri =
      `${this.urls[this.urlIndex]}/kiosk`;
    kioskStats.failovers++;
  }

  /** A link that went silent is dropped and dialled again (the next process). */
  private async heartbeat() {
    if (!this.socket.connected) return;
    const reply = await this.ask(
      "kiosk.heartbeat",
      undefined,
      HEARTBEAT_TIMEOUT_MS,
    );
    if (!reply.ok && reply.error.id === "timeout" && this.socket.connected) {
      kioskStats.heartbeatTimeouts++;
      this.socket.disconnect();
      this.nextUrl();
      this.socket.connect();
    }
  }

  private async ask<T extends object>(
    event: string,
    payload?: unknown,
    timeoutMs = ACK_TIMEOUT_MS,
  ): Promise<Ack<T>> {
    if (!this.socket.connected)
      return { ok: false, error: { id: "network_error" } };
    try {
      const args = payload === undefined ? [] : [payload];
      return (await this.socket
        .timeout(timeoutMs)
        .emitWithAck(event, ...args)) as Ack<T>;
    } catch {
      return { ok: false, error: { id: "timeout" } };
    }
  }

  /** The whole picture, as after a reconnect. */
  private async resync(): Promise<KioskAttemptView | null> {
    const reply = await this.ask<{ attempt: KioskAttemptView | null }>(
      "attempt.resync",
    );
    if (!reply.ok) return null;
    const view = reply.attempt;
    if (
      view &&
      (this.attemptId === null || view.attemptId === this.attemptId)
    ) {
      this.view = view;
      this.state = view.state;
    }
    return view;
  }

  private async connected(timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    while (!this.socket.connected) {
      if (Date.now() > until)
        throw new Error(
          `kiosk ${this.seatId}: not connected for ${timeoutMs} ms`,
        );
      await sleep(100);
    }
  }

  /** Polls (the kiosk's state, and the server every few seconds) until `ready`. */
  private async until(
    ready: () => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    let lastResync = Date.now();
    while (!ready()) {
      if (Date.now() > until) return false;
      await sleep(250);
      if (Date.now() - lastResync > 5_000) {
        lastResync = Date.now();
        await this.resync();
      }
    }
    return true;
  }

  /**
   * A candidate's command (`attempt.confirm`, `.start`, `.submit`) with its
   * request id, repeated (same id) until it took effect: `done` tells from
   * the state whether it has, e.g. after a lost ack.
   */
  private async command(
    event: string,
    done: (state: string | null) => boolean,
  ): Promise<void> {
    const id = requestId();
    for (let tries = 0; !done(this.state); tries++) {
      if (tries >= 60)
        throw new Error(
          `${event} did not take effect after ${tries} tries (state ${this.state})`,
        );
      await this.connected();
      const payload = requestIdsAccepted
        ? { attemptId: this.attemptId, requestId: id }
        : { attemptId: this.attemptId };
      const reply = await this.ask<{ attempt: AttemptTiming }>(event, payload);
      if (reply.ok) {
        this.state = reply.attempt.state;
        return;
      }
      const errorId = reply.error.id;
      // A server without request ids refuses the unknown field (strict schema).
      if (errorId === "invalid_request" && requestIdsAccepted) {
        requestIdsAccepted = false;
        kioskStats.requestIdRefused = true;
        continue;
      }
      kioskStats.commandRefusals[`${event} ${errorId}`] =
        (kioskStats.commandRefusals[`${event} ${errorId}`] ?? 0) + 1;
      await sleep(Math.min(500 * (tries + 1), 3_000));
      await this.resync();
    }
  }

  /**
   * The candidate's test, from sitting down (`seated` resolves after the
   * desk admitted them and they walked to the seat) to the submission.
   * `testsOver` resolves when no outage reopen can come any more.
   */
  async run(
    candidate: CandidatePlan,
    random: Random,
    seated: Promise<boolean>,
    testsOver: Promise<void>,
  ): Promise<KioskOutcome> {
    const outcome: KioskOutcome = {
      seatId: this.seatId,
      candidate: candidate.index,
      attemptId: null,
      state: null,
      submitted: false,
      journal: null,
      error: null,
    };
    try {
      if (!(await seated)) {
        outcome.error = "not admitted";
        return outcome;
      }
      // The kiosk shows the candidate's name as soon as the desk admits.
      const found = await this.until(() => this.attemptMatches(), 90_000);
      if (!found || !this.view)
        throw new Error("the kiosk never showed the admitted candidate");
      this.attemptId = this.view.attemptId;
      outcome.attemptId = this.attemptId;

      await this.command(
        "attempt.confirm",
        (state) => state !== null && state !== "admitted",
      );
      await sleep(candidate.readMs);
      await this.command(
        "attempt.start",
        (state) => state !== null && !NOT_STARTED.has(state),
      );
      // The questions come with the whole picture, once the test has started.
      await this.resync();
      await this.until(
        () =>
          (this.view?.items.length ?? 0) > 0 ||
          (this.state !== null && ENDED.has(this.state)),
        60_000,
      );
      const journal = new KioskJournal(this.attemptId, this.socket, 8_000);
      this.journal = journal;
      outcome.journal = journal;
      await this.takeTest(candidate, random, journal, testsOver, outcome);
    } catch (error) {
      outcome.error = error instanceof Error ? error.message : String(error);
    }
    outcome.state = this.state;
    return outcome;
  }

  /** Whether the kiosk's view is of a fresh attempt (not a previous candidate's). */
  private attemptMatches(): boolean {
    return (
      this.view !== null &&
      (this.attemptId === null
        ? NOT_STARTED.has(this.view.state) || this.view.state === "in_progress"
        : this.view.attemptId === this.attemptId)
    );
  }

  private async takeTest(
    candidate: CandidatePlan,
    random: Random,
    journal: KioskJournal,
    testsOver: Promise<void>,
    outcome: KioskOutcome,
  ) {
    let over = false;
    void testsOver.then(() => (over = true));
    const answered = new Set<string>();
    let revisits = candidate.revisits;
    let reviewed = false;
    let focusLossReported = !candidate.losesFocus;
    let thinkIndex = 0;
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (;;) {
      if (Date.now() > giveUpAt) {
        throw new Error(
          `gave up: state ${this.state}, ${journal.unacked} answers unacknowledged, ${this.socket.connected ? "connected" : "not connected"}`,
        );
      }
      const state = this.state;
      if (state !== null && ENDED.has(state)) break;
      if (state === "expired") {
        // Expired (perhaps by an outage): the administrator may reopen it.
        this.waitingReopen = true;
        const reopened = await this.until(
          () => this.state === "in_progress" || over,
          600_000,
        );
        this.waitingReopen = false;
        if (!reopened || this.state !== "in_progress") break;
        kioskStats.reopened++;
        await this.resync();
        continue;
      }
      if (state !== "in_progress") {
        // Paused, or not known while offline: wait for the server's word.
        await this.until(
          () =>
            this.state === "in_progress" ||
            this.state === "expired" ||
            (this.state !== null && ENDED.has(this.state)),
          30_000,
        );
        continue;
      }
      const items = this.view?.items ?? [];
      const next = items.find((item) => !answered.has(item.id));
      if (next) {
        await sleep(
          candidate.thinkMs[thinkIndex++ % candidate.thinkMs.length]!,
        );
        if (this.state !== "in_progress") continue;
        void journal.answer(next.id, choose(next, random));
        answered.add(next.id);
        if (!focusLossReported && answered.size === 3) {
          focusLossReported = true;
          void this.reportFocusLoss(random);
        }
        if (candidate.networkDrop?.afterAnswers === answered.size)
          this.dropNetwork(candidate.networkDrop.ms);
        continue;
      }
      if (revisits > 0 && items.length > 0) {
        revisits--;
        await sleep(random.between(2_000, 5_000));
        if (this.state !== "in_progress") continue;
        const item = random.pick(items);
        void journal.answer(item.id, choose(item, random));
        continue;
      }
      if (!reviewed) {
        reviewed = true;
        await sleep(candidate.reviewMs);
        continue;
      }
      // Never submit over an answer still on its way (as kiosk-client).
      let flushedAt = 0;
      const saved = await this.until(() => {
        if (
          journal.unacked > 0 &&
          this.socket.connected &&
          Date.now() - flushedAt > 2_000
        ) {
          flushedAt = Date.now();
          void journal.flush();
        }
        return journal.unacked === 0 || this.state !== "in_progress";
      }, 60_000);
      if (!saved || this.state !== "in_progress") continue;
      await this.command(
        "attempt.submit",
        (now) => now !== "in_progress" && now !== "paused",
      );
      // (Read through a widened type: the command changed it since the check above.)
      const after = this.state as string | null;
      outcome.submitted =
        after === "submitted" || after === "scored" || after === "issued";
    }
    // Whatever is still in the journal goes out while the server takes it.
    if (journal.unacked > 0) await journal.drain(10_000).catch(() => undefined);
  }

  /**
   * The kiosk's own network goes for a while (the operating system says
   * so at once: kiosk-client then drops the socket); the candidate goes on
   * answering into the journal, and it dials again when the network is back.
   */
  private dropNetwork(ms: number) {
    kioskStats.networkDrops++;
    this.socket.disconnect();
    setTimeout(() => this.socket.connect(), ms);
  }

  private async reportFocusLoss(random: Random) {
    const reply = await this.ask("incident.report", {
      attemptId: this.attemptId,
      type: "focus_loss",
      durationMs: Math.round(random.between(1_000, 4_000)),
      detail: "The test window lost focus.",
    });
    if (reply.ok) kioskStats.incidentsReported++;
  }

  private closed = false;

  close() {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.socket.close();
  }
}

/** A candidate's choice: one option, or two for a multiple-choice item. */
function choose(
  item: { type: string; options: { id: string }[] },
  random: Random,
): string[] {
  const ids = item.options.map((option) => option.id);
  if (item.type !== "multiple") return [random.pick(ids)];
  const first = random.pick(ids);
  const second = random.pick(ids.filter((id) => id !== first));
  return [first, second];
}
