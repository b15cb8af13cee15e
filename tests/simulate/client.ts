import { ApiClient } from "../support/http";
import { requestId, sleep } from "./random";

/**
 * HTTP as the portal, the desk and the console use it from behind a
 * balancer: every state-changing request carries an `Idempotency-Key`
 * (16 random bytes, base64url), and a request that met a network failure
 * or a 502/503/504 is sent again, with the same key, to the next web
 * process, until it gets an answer or its patience runs out.
 */

export interface Reply {
  status: number;
  body: any;
}

/** What the HTTP traffic of the day met, for the summary. */
export const httpStats = {
  requests: 0,
  /** Requests sent again (same key) after a network failure or a 502/503/504. */
  repeats: 0,
  networkFailures: 0,
  unavailable: 0,
  /** 500s (never repeated: the server says it logged a defect). */
  serverErrors: 0,
  gaveUp: 0,
};

const RETRYABLE_STATUS = new Set([502, 503, 504]);
/** A request that hangs this long counts as a network failure. */
const REQUEST_TIMEOUT_MS = 30_000;

export class Caller {
  private index: number;

  /**
   * `client` keeps the cookie jar and CSRF token (a signed-in console, or
   * an anonymous portal visitor); `urls` are the web processes.
   */
  constructor(
    readonly client: ApiClient,
    private readonly urls: readonly string[],
    start = 0,
    private readonly patienceMs = 120_000,
  ) {
    this.index = start % urls.length;
  }

  get = (path: string, headers: Record<string, string> = {}) =>
    this.send("GET", path, undefined, headers);
  post = (
    path: string,
    body: unknown = {},
    headers: Record<string, string> = {},
  ) => this.send("POST", path, body, headers);

  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const changes = method !== "GET" && method !== "HEAD";
    const key: Record<string, string> = changes
      ? { "Idempotency-Key": requestId() }
      : {};
    const until = Date.now() + this.patienceMs;
    for (let attempt = 0; ; attempt++) {
      this.client.baseUrl = this.urls[this.index]!;
      httpStats.requests++;
      if (attempt > 0) httpStats.repeats++;
      let failure: string;
      try {
        const reply = await withTimeout(
          this.client.request(method, path, body, { ...headers, ...key }),
          REQUEST_TIMEOUT_MS,
        );
        if (!RETRYABLE_STATUS.has(reply.status)) {
          if (reply.status >= 500) httpStats.serverErrors++;
          return { status: reply.status, body: reply.body };
        }
        httpStats.unavailable++;
        failure = `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
      } catch (error) {
        httpStats.networkFailures++;
        failure = String(error);
      }
      if (Date.now() > until) {
        httpStats.gaveUp++;
        throw new Error(
          `${method} ${path}: no answer after ${attempt + 1} tries (${failure})`,
        );
      }
      // The next web process, as a balancer would pick after a failure.
      this.index = (this.index + 1) % this.urls.length;
      await sleep(Math.min(150 * 2 ** attempt, 2_000) * (0.5 + Math.random()));
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An error id from a refusal, or the status. */
export const errorOf = (reply: Reply): string =>
  (reply.body as { error?: { id?: string } } | undefined)?.error?.id ??
  `http_${reply.status}`;

/** Throws unless the reply has the expected status. */
export function expectStatus(reply: Reply, status: number, what: string): any {
  if (reply.status !== status)
    throw new Error(
      `${what}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
  return reply.body;
}
