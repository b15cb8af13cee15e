import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { conflict } from "../errors";
import { parseLuaReply, type LuaReply } from "./reply";
import { script } from "./scripts";

/**
 * A state-changing command named by its client's request id: what its
 * script needs to take effect once and answer a repeat with its first
 * reply (scripts/_request.lua). Redis sees hashes only, never the id.
 */
export interface CommandRequest {
  /** `request:<SHA-256 hex of the request id>` */
  key: string;
  /** SHA-256 of actor, command and arguments: tells a reused id apart. */
  fingerprint: string;
}

const sha256 = (text: string) =>
  createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted, so equal arguments give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries
      .map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The request of a command, or undefined when its client sent no request
 * id (the command then runs as it always did).
 */
export function commandRequest(
  requestId: string | undefined,
  actor: string,
  command: string,
  args: unknown,
): CommandRequest | undefined {
  if (requestId === undefined) return undefined;
  return {
    key: `request:${sha256(requestId)}`,
    fingerprint: sha256(canonicalJson([actor, command, args])),
  };
}

/**
 * The request id of one part of a command that acts on many attempts (a
 * room's pause, a slot's sign-off): each attempt's change is exactly-once
 * on its own, so a repeat after a crash half-way finishes the rest.
 */
export function partRequestId(
  requestId: string | undefined,
  part: string,
): string | undefined {
  if (requestId === undefined) return undefined;
  return createHash("sha256")
    .update(`${requestId}.${part}`)
    .digest("base64url");
}

/** The two ARGV every exactly-once script takes: key and fingerprint. */
export const requestArgs = (request?: CommandRequest): [string, string] =>
  request ? [request.key, request.fingerprint] : ["", ""];

export const requestIdReused = () =>
  conflict(
    "request_id_reused",
    "This request id (Idempotency-Key) was already used for a different request. " +
      "Send a new id with every new request; repeat an id only to repeat the same request.",
  );

/**
 * Throws `request_id_reused` when a script answered it; passes any other
 * reply through.
 */
export function checkReused<Reply>(reply: Reply): Reply {
  if (
    reply !== null &&
    typeof reply === "object" &&
    (reply as { error?: unknown }).error === "request_id_reused"
  ) {
    throw requestIdReused();
  }
  return reply;
}

/** A booking-style script's reply (reply.ts), `request_id_reused` thrown. */
export function parseRequestReply<Ok, Refusal extends string = string>(
  raw: unknown,
): LuaReply<Ok, Refusal> {
  const reply = parseLuaReply<Ok, Refusal | "request_id_reused">(raw);
  if ("error" in reply && reply.error === "request_id_reused") {
    throw requestIdReused();
  }
  return reply as LuaReply<Ok, Refusal>;
}

/**
 * The reply a first run of this request stored, or null. For commands
 * whose checks before the script read what the first run changed (an
 * admission finds the booking admitted): a repeat skips them. The script
 * still checks atomically.
 */
export async function storedReply<Reply>(
  redis: Redis,
  request: CommandRequest | undefined,
): Promise<(Reply & { replayed: true }) | null> {
  if (!request) return null;
  const [fingerprint, reply] = await redis.hmget(
    request.key,
    "fingerprint",
    "reply",
  );
  if (!fingerprint || !reply) return null;
  if (fingerprint !== request.fingerprint) throw requestIdReused();
  return { ...(JSON.parse(reply) as Reply), replayed: true };
}

/**
 * Stores the reply of a command made of many scripts, once; a repeat that
 * raced a first run gets the first run's reply.
 */
export async function storeReply<Reply extends object>(
  redis: Redis,
  request: CommandRequest | undefined,
  reply: Reply,
): Promise<Reply> {
  if (!request) return reply;
  const stored = JSON.parse(
    String(
      await script("request-save").run(
        redis,
        [],
        [...requestArgs(request), JSON.stringify(reply)],
      ),
    ),
  ) as Reply & { replayed?: boolean; error?: string };
  checkReused(stored);
  const { replayed: _replayed, ...first } = stored;
  return first as Reply;
}
