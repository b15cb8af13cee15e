import { randomBytes, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { StaffRole } from "@shared/enums";

export interface Account {
  id: string;
  username: string;
  fullName: string;
  role: StaffRole;
  passwordHash: string;
  active: boolean;
  createdAt: number;
}

export interface Session {
  id: string;
  accountId: string;
  csrfToken: string;
  createdAt: number;
}

const keys = {
  account: (id: string) => `account:${id}`,
  byUsername: "accounts:by-username",
  session: (id: string) => `session:${id}`,
  loginFailures: (username: string) => `login-failures:${username}`,
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
  };
  const claimed = await redis.hsetnx(keys.byUsername, input.username, account.id);
  if (!claimed) return null;
  await redis.set(keys.account(account.id), JSON.stringify(account));
  return account;
}

export async function findAccount(redis: Redis, id: string): Promise<Account | null> {
  const json = await redis.get(keys.account(id));
  return json ? (JSON.parse(json) as Account) : null;
}

export async function findAccountByUsername(redis: Redis, username: string) {
  const id = await redis.hget(keys.byUsername, username);
  return id ? findAccount(redis, id) : null;
}

export async function listAccounts(redis: Redis): Promise<Account[]> {
  const ids = await redis.hvals(keys.byUsername);
  if (ids.length === 0) return [];
  const jsons = await redis.mget(ids.map(keys.account));
  return jsons.filter((json): json is string => json !== null).map((json) => JSON.parse(json) as Account);
}

export async function saveAccount(redis: Redis, account: Account) {
  await redis.set(keys.account(account.id), JSON.stringify(account));
}

export async function createSession(redis: Redis, accountId: string, ttlSeconds: number): Promise<Session> {
  const session: Session = {
    id: randomBytes(32).toString("base64url"),
    accountId,
    csrfToken: randomBytes(24).toString("base64url"),
    createdAt: Date.now(),
  };
  await redis.set(keys.session(session.id), JSON.stringify(session), "EX", ttlSeconds);
  return session;
}

/** Reads a session and slides its expiry. */
export async function touchSession(redis: Redis, id: string, ttlSeconds: number): Promise<Session | null> {
  const json = await redis.getex(keys.session(id), "EX", ttlSeconds);
  return json ? (JSON.parse(json) as Session) : null;
}

export async function deleteSession(redis: Redis, id: string) {
  await redis.del(keys.session(id));
}

/** Counts a failed login; returns the failures in the current window. */
export async function recordLoginFailure(redis: Redis, username: string, windowSeconds: number) {
  const key = keys.loginFailures(username.toLowerCase());
  const [[, count]] = (await redis.multi().incr(key).expire(key, windowSeconds, "NX").exec()) as [[null, number]];
  return count;
}

export async function loginFailures(redis: Redis, username: string) {
  return Number((await redis.get(keys.loginFailures(username.toLowerCase()))) ?? 0);
}

export async function clearLoginFailures(redis: Redis, username: string) {
  await redis.del(keys.loginFailures(username.toLowerCase()));
}
