import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import { parseLuaReply } from "../../redis/reply";
import { script } from "../../redis/scripts";

export interface Account {
  id: string;
  username: string;
  fullName: string;
  role: StaffRole;
  /** Absent on accounts made before scopes: they are `network` (accountScope). */
  scope?: StaffScope;
  passwordHash: string;
  active: boolean;
  createdAt: number;
  /** Seeded by the demo: refused at sign-in when NODE_ENV=production. */
  demo?: boolean;
  /** Set by a manager's reset: the console shows only the change form. */
  mustChangePassword?: boolean;
  passwordChangedAt?: number;
}

export interface Session {
  /** The id in the cookie; Redis keeps only its SHA-256. */
  id: string;
  accountId: string;
  csrfToken: string;
  createdAt: number;
}

/** An account's scope; one stored without it serves the network. */
export const accountScope = (account: Pick<Account, "scope">): StaffScope =>
  account.scope ?? { kind: "network" };

/** A session id as stored: its SHA-256, so a Redis dump holds no cookie. */
export const sessionHash = (id: string) =>
  createHash("sha256").update(id).digest("hex");

const keys = {
  account: (id: string) => `account:${id}`,
  byUsername: "accounts:by-username",
  session: (hash: string) => `session:${hash}`,
  // Under `session:` like the sessions themselves: bookkeeping, not records.
  accountSessions: (accountId: string) => `session:account:${accountId}`,
  loginAttempts: (username: string, side: "inside" | "outside") =>
    `login-failures:${side}:${username}`,
  addressAttempts: (address: string) => `login-failures:address:${address}`,
};

export async function createAccount(
  redis: Redis,
  input: Omit<Account, "id" | "createdAt" | "active">,
): Promise<Account | null> {
  const account: Account = {
    ...input,
    id: randomUUID(),
    active: true,
    createdAt: Date.now(),
    passwordChangedAt: Date.now(),
  };
  const claimed = await redis.hsetnx(
    keys.byUsername,
    input.username,
    account.id,
  );
  if (!claimed) return null;
  await redis.set(keys.account(account.id), JSON.stringify(account));
  return account;
}

export async function findAccount(
  redis: Redis,
  id: string,
): Promise<Account | null> {
  const json = await redis.get(keys.account(id));
  return json ? (JSON.parse(json) as Account) : null;
}

/**
 * The full names of the staff behind audit actors (`staff:<id>[:<role>]`),
 * by account id, for timelines a person reads; removed accounts are left
 * out.
 */
export async function staffNames(
  redis: Redis,
  actors: readonly string[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      actors
        .filter((actor) => actor.startsWith("staff:"))
        .map((actor) => actor.split(":")[1] ?? "")
        .filter((id) => id !== ""),
    ),
  ];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const jsons = await redis.mget(ids.map(keys.account));
  jsons.forEach((json, index) => {
    const id = ids[index];
    if (json === null || id === undefined) return;
    names.set(id, (JSON.parse(json) as Account).fullName);
  });
  return names;
}

export async function findAccountByUsername(redis: Redis, username: string) {
  const id = await redis.hget(keys.byUsername, username);
  return id ? findAccount(redis, id) : null;
}

export async function listAccounts(redis: Redis): Promise<Account[]> {
  const ids = await redis.hvals(keys.byUsername);
  if (ids.length === 0) return [];
  const jsons = await redis.mget(ids.map(keys.account));
  return jsons
    .filter((json): json is string => json !== null)
    .map((json) => JSON.parse(json) as Account);
}

export async function saveAccount(redis: Redis, account: Account) {
  await redis.set(keys.account(account.id), JSON.stringify(account));
}

/** Removes an account, its username and its sessions. */
export async function deleteAccount(redis: Redis, account: Account) {
  const hashes = await redis.smembers(keys.accountSessions(account.id));
  await redis
    .multi()
    .hdel(keys.byUsername, account.username)
    .del(
      keys.account(account.id),
      keys.accountSessions(account.id),
      ...hashes.map(keys.session),
    )
    .exec();
  return hashes;
}

export async function createSession(
  redis: Redis,
  accountId: string,
  ttlSeconds: number,
  absoluteSeconds: number,
): Promise<Session> {
  const session: Session = {
    id: randomBytes(32).toString("base64url"),
    accountId,
    csrfToken: randomBytes(24).toString("base64url"),
    createdAt: Date.now(),
  };
  const hash = sessionHash(session.id);
  const { id: _id, ...stored } = session;
  await redis
    .multi()
    .set(keys.session(hash), JSON.stringify(stored), "EX", ttlSeconds)
    .sadd(keys.accountSessions(accountId), hash)
    // Every session in the set ends by then: the set never outlives them.
    .expire(keys.accountSessions(accountId), absoluteSeconds)
    .exec();
  return session;
}

/**
 * Reads a session and slides its expiry, never past its absolute end
 * (`absoluteMs` after sign-in); an ended session is deleted and null.
 */
export async function touchSession(
  redis: Redis,
  id: string,
  ttlSeconds: number,
  absoluteMs: number,
): Promise<(Session & { hash: string }) | null> {
  const hash = sessionHash(id);
  const json = await redis.get(keys.session(hash));
  if (!json) return null;
  const session = { ...(JSON.parse(json) as Omit<Session, "id">), id, hash };
  const remainingMs = session.createdAt + absoluteMs - Date.now();
  if (remainingMs <= 0) {
    await deleteSessions(redis, session.accountId, [hash]);
    return null;
  }
  await redis.expire(
    keys.session(hash),
    Math.max(1, Math.min(ttlSeconds, Math.ceil(remainingMs / 1000))),
  );
  return session;
}

/** A stored session by its hash, without sliding it (the sockets' re-check). */
export async function peekSession(
  redis: Redis,
  hash: string,
): Promise<Omit<Session, "id"> | null> {
  const json = await redis.get(keys.session(hash));
  return json ? (JSON.parse(json) as Omit<Session, "id">) : null;
}

export async function deleteSession(redis: Redis, id: string) {
  const hash = sessionHash(id);
  const json = await redis.get(keys.session(hash));
  const accountId = json ? (JSON.parse(json) as Session).accountId : undefined;
  await redis.del(keys.session(hash));
  if (accountId) await redis.srem(keys.accountSessions(accountId), hash);
  return hash;
}

export async function deleteSessions(
  redis: Redis,
  accountId: string,
  hashes: readonly string[],
) {
  if (hashes.length === 0) return;
  await redis
    .multi()
    .del(...hashes.map(keys.session))
    .srem(keys.accountSessions(accountId), ...hashes)
    .exec();
}

/** The hashes of an account's sessions (some may have expired on their own). */
export async function accountSessionHashes(redis: Redis, accountId: string) {
  return redis.smembers(keys.accountSessions(accountId));
}

export interface LoginAttemptKeys {
  account: string;
  address: string;
}

export const loginAttemptKeys = (
  username: string,
  address: string,
  inside: boolean,
): LoginAttemptKeys => ({
  account: keys.loginAttempts(
    username.toLowerCase(),
    inside ? "inside" : "outside",
  ),
  address: keys.addressAttempts(address),
});

/**
 * Counts a sign-in attempt before its password is checked (one script, so
 * parallel guesses are counted one by one); `allowed` false past a limit.
 */
export async function countLoginAttempt(
  redis: Redis,
  attempt: LoginAttemptKeys,
  limits: { account: number; address: number; windowSeconds: number },
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const reply = parseLuaReply<true, "rate_limited">(
    await script("login-attempt").run(
      redis,
      [attempt.account, attempt.address],
      [limits.account, limits.address, limits.windowSeconds],
    ),
  );
  if ("ok" in reply) return { allowed: true, retryAfterSeconds: 0 };
  return {
    allowed: false,
    retryAfterSeconds: Number(reply.details.retryAfterSeconds),
  };
}

/** A correct password: the account's count starts over, the address's attempt is taken back. */
export async function loginSucceeded(redis: Redis, attempt: LoginAttemptKeys) {
  await script("login-succeeded").run(
    redis,
    [attempt.account, attempt.address],
    [],
  );
}
