import type { Redis } from "ioredis";
import type { AppContext } from "../../context";
import { addressMatcher, type Env } from "../../env";
import { SynaqError, unauthorized } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { accountAuditScope, appendAudit } from "../audit";
import { publishLive } from "../live";
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "./passwords";
import {
  accountScope,
  countLoginAttempt,
  createSession,
  deleteSession,
  deleteSessions,
  findAccount,
  findAccountByUsername,
  loginAttemptKeys,
  loginSucceeded,
  peekSession,
  saveAccount,
  touchSession,
} from "./repository";

// Staff sign-in and sessions: throttled log-in, sessions and their end.

/** Failed sign-ins are counted over this window. */
export const FAILURE_WINDOW_SECONDS = 15 * 60;

/** The command the production start names when demo accounts are found. */
export const REMOVE_DEMO_COMMAND = "npm run account:remove-demo";

export const staffActor = (principal: StaffPrincipal) =>
  `staff:${principal.accountId}:${principal.role}`;

/** STAFF_NETWORK, parsed once per settings object. */
const staffNetworkMatchers = new WeakMap<Env, (address: string) => boolean>();
/** Ends sessions and closes their console sockets on every realtime process. */
export async function endSessions(
  redis: Redis,
  accountId: string,
  hashes: readonly string[],
) {
  if (hashes.length === 0) return;
  await deleteSessions(redis, accountId, hashes);
  await publishLive(redis, {
    target: "sessions",
    event: "sessions.ended",
    sessionHashes: [...hashes],
  });
}

/** Whether an address is the center's own network (STAFF_NETWORKS). */
function isStaffNetwork(env: Env, address: string) {
  let matches = staffNetworkMatchers.get(env);
  if (!matches) {
    matches = addressMatcher(env.STAFF_NETWORKS);
    staffNetworkMatchers.set(env, matches);
  }
  return matches(address);
}

/**
 * Counts an attempt at an account's password before it is checked: past
 * LOGIN_MAX_ATTEMPTS for the account (counted apart inside and outside
 * STAFF_NETWORKS) or LOGIN_MAX_ATTEMPTS_PER_ADDRESS, 429 without checking.
 */
export async function admitAttempt(
  ctx: AppContext,
  username: string,
  address: string,
) {
  const keys = loginAttemptKeys(
    username,
    address,
    isStaffNetwork(ctx.env, address),
  );
  const counted = await countLoginAttempt(ctx.redis, keys, {
    account: ctx.env.LOGIN_MAX_ATTEMPTS,
    address: ctx.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
    windowSeconds: FAILURE_WINDOW_SECONDS,
  });
  if (!counted.allowed) {
    throw new SynaqError(
      429,
      "rate_limited",
      "Too many wrong passwords for this account or from this address. Wait 15 minutes or ask a manager.",
      { retryAfterSeconds: counted.retryAfterSeconds },
    );
  }
  return keys;
}

/**
 * Signs a staff member in. Always a fresh session id (the old one, if any,
 * is dropped) so a planted cookie cannot be promoted to a signed-in one.
 */
export async function logIn(
  ctx: AppContext,
  input: {
    username: string;
    password: string;
    previousSessionId?: string;
    address: string;
  },
) {
  const username = input.username.trim();
  const attempt = await admitAttempt(ctx, username, input.address);
  const account = await findAccountByUsername(ctx.redis, username);
  if (account?.demo && ctx.env.NODE_ENV === "production") {
    await appendAudit(ctx.redis, accountAuditScope(accountScope(account)), {
      actor: "public",
      action: "login.refused",
      subject: `account:${account.id}`,
      data: { reason: "demo_account" },
    });
    throw unauthorized(
      `"${username}" is a demo account; demo accounts cannot sign in in production. Remove them with ${REMOVE_DEMO_COMMAND}.`,
      "demo_account",
    );
  }
  // An unknown username costs one hash, as a wrong password does.
  const matches = account
    ? await verifyPassword(input.password, account.passwordHash)
    : await verifyAgainstDummy(input.password);
  if (!account || !matches) {
    // A wrong password is the account's center's business; an unknown
    // username belongs to no center.
    const stream = account
      ? accountAuditScope(accountScope(account))
      : "network";
    await appendAudit(ctx.redis, stream, {
      actor: "public",
      action: "login.failed",
      subject: `username:${username}`,
    });
    throw unauthorized("Wrong username or password.", "login_failed");
  }
  if (!account.active) {
    await appendAudit(ctx.redis, accountAuditScope(accountScope(account)), {
      actor: "public",
      action: "login.refused",
      subject: `account:${account.id}`,
      data: { reason: "account_deactivated" },
    });
    throw unauthorized(
      "This account is deactivated. Ask a manager.",
      "account_deactivated",
    );
  }
  await loginSucceeded(ctx.redis, attempt);
  if (needsRehash(account.passwordHash)) {
    account.passwordHash = await hashPassword(input.password);
    await saveAccount(ctx.redis, account);
    await appendAudit(ctx.redis, accountAuditScope(accountScope(account)), {
      actor: "system",
      action: "account.password_rehashed",
      subject: `account:${account.id}`,
    });
  }
  if (input.previousSessionId)
    await deleteSession(ctx.redis, input.previousSessionId);
  const session = await createSession(
    ctx.redis,
    account.id,
    sessionTtlSeconds(ctx.env),
    ctx.env.SESSION_ABSOLUTE_HOURS * 3600,
  );
  await appendAudit(ctx.redis, accountAuditScope(accountScope(account)), {
    actor: `staff:${account.id}:${account.role}`,
    action: "login",
    subject: `account:${account.id}`,
  });
  return { account, session };
}

/** The sliding lifetime, never longer than the absolute one. */
export const sessionTtlSeconds = (env: Env) =>
  Math.min(env.SESSION_TTL_MINUTES * 60, env.SESSION_ABSOLUTE_HOURS * 3600);

export async function logOut(ctx: AppContext, principal: StaffPrincipal) {
  const hash = await deleteSession(ctx.redis, principal.sessionId);
  await publishLive(ctx.redis, {
    target: "sessions",
    event: "sessions.ended",
    sessionHashes: [hash],
  });
  await appendAudit(ctx.redis, accountAuditScope(principal.scope), {
    actor: staffActor(principal),
    action: "logout",
    subject: `account:${principal.accountId}`,
  });
}

/** Resolves a session cookie to a principal (and its CSRF token). */
export async function principalFromSession(ctx: AppContext, sessionId: string) {
  const session = await touchSession(
    ctx.redis,
    sessionId,
    sessionTtlSeconds(ctx.env),
    ctx.env.SESSION_ABSOLUTE_HOURS * 3_600_000,
  );
  if (!session) return null;
  const account = await findAccount(ctx.redis, session.accountId);
  if (!account || !account.active) return null;
  if (account.demo && ctx.env.NODE_ENV === "production") return null;
  const principal: StaffPrincipal = {
    kind: "staff",
    accountId: account.id,
    username: account.username,
    fullName: account.fullName,
    role: account.role,
    scope: accountScope(account),
    sessionId: session.id,
  };
  return {
    principal,
    csrfToken: session.csrfToken,
    sessionHash: session.hash,
    mustChangePassword: account.mustChangePassword === true,
    account,
  };
}

/**
 * Whether a console socket's session still stands: not ended, not past its
 * absolute lifetime, its account active (the sockets' periodic re-check).
 */
export async function sessionStillValid(
  ctx: AppContext,
  hash: string,
): Promise<boolean> {
  const session = await peekSession(ctx.redis, hash);
  if (!session) return false;
  if (
    Date.now() - session.createdAt >
    ctx.env.SESSION_ABSOLUTE_HOURS * 3_600_000
  )
    return false;
  const account = await findAccount(ctx.redis, session.accountId);
  return (
    Boolean(account?.active) &&
    !(account?.demo && ctx.env.NODE_ENV === "production")
  );
}
