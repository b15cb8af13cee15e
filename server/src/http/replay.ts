import type { Redis } from "ioredis";
import { conflict } from "../errors";
import { commandRequest } from "../redis/request";

/** How long a staff change's request id is remembered (as in _request.lua). */
const REMEMBER_MS = 86_400_000;

type Record_ =
  | { state: "running"; fingerprint: string }
  | {
      state: "done";
      fingerprint: string;
      status: number;
      body?: unknown;
      file?: true;
    };

/**
 * At most once for the staff changes that are not exactly-once in their
 * own script (an incident, a room, a roster import, an account…): the
 * request id is claimed before the handler runs and its reply kept after,
 * so a repeat (the console repeats a change whose answer was lost) gets the
 * first reply instead of doing it again. A claim whose handler failed is
 * released, so a refusal is judged again; one whose process died half-way
 * stays, and its repeat is refused with `request_unfinished`: the change
 * may or may not have happened, and the person looks before doing it anew
 * (a new click is a new request). Routes with secrets in the request or
 * the reply (passwords, enrollment codes) are left out (`secret` in
 * route.ts).
 */
export async function claimRequest(
  redis: Redis,
  requestId: string,
  actor: string,
  route: string,
  body: unknown,
): Promise<
  { replay: { status: number; body?: unknown } } | { claimed: ClaimedRequest }
> {
  const { key, fingerprint } = commandRequest(
    requestId,
    actor,
    route,
    body,
  ) ?? { key: "", fingerprint: "" };
  const httpKey = `${key}:http`;
  const running: Record_ = { state: "running", fingerprint };
  const set = await redis.set(
    httpKey,
    JSON.stringify(running),
    "PX",
    REMEMBER_MS,
    "NX",
  );
  if (set === "OK")
    return { claimed: new ClaimedRequest(redis, httpKey, fingerprint) };
  const stored = JSON.parse(
    (await redis.get(httpKey)) ?? "null",
  ) as Record_ | null;
  if (!stored) return claimRequest(redis, requestId, actor, route, body);
  if (stored.fingerprint !== fingerprint) {
    throw conflict(
      "request_id_reused",
      "This request id was already used for another request. Send a new one for a new request.",
    );
  }
  if (stored.state === "running") {
    throw conflict(
      "request_unfinished",
      "The same request is being handled or was interrupted. Reload to see whether it took effect before doing it again.",
    );
  }
  if (stored.file) {
    throw conflict(
      "request_already_done",
      "This request was already carried out. Reload to see its effect.",
    );
  }
  return { replay: { status: stored.status, body: stored.body } };
}

export class ClaimedRequest {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fingerprint: string,
  ) {}

  /** The handler answered: a repeat gets this reply (a file's: a refusal). */
  async done(status: number, body: unknown, file = false): Promise<void> {
    const record: Record_ = {
      state: "done",
      fingerprint: this.fingerprint,
      status,
      ...(body === undefined ? {} : { body }),
      ...(file ? { file: true } : {}),
    };
    await this.redis.set(this.key, JSON.stringify(record), "PX", REMEMBER_MS);
  }

  /** The handler refused: nothing changed, so a repeat is judged again. */
  async release(): Promise<void> {
    await this.redis.del(this.key).catch(() => undefined);
  }
}
