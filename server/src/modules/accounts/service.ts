import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import {
  NETWORK_SCOPE,
  ROLE_RANK,
  scopeWithin,
  type StaffScope,
} from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import type { AppContext } from "../../context";
import { addressMatcher, type Env } from "../../env";
import {
  badRequest,
  conflict,
  forbidden,
  notFound,
  outOfScope,
  SynaqError,
  unauthorized,
} from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { accountAuditScope, appendAudit } from "../audit/repository";
import { getCenters } from "../centers/repository";
import { publishLive } from "../live/publish";
import {
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "./passwords";
import {
  accountScope,
  accountSessionHashes,
  countLoginAttempt,
  createAccount,
  createSession,
  deleteAccount,
  deleteSession,
  deleteSessions,
  findAccount,
  findAccountByUsername,
  listAccounts,
  loginAttemptKeys,
  loginSucceeded,
  peekSession,
  saveAccount,
  sessionHash,
  touchSession,
  type Account,
} from "./repository";

const FAILURE_WINDOW_SECONDS = 15 * 60;
/** The command the production start names when demo accounts are found. */
export const REMOVE_DEMO_COMMAND = "npm run account:remove-demo";

/** What the account commands need: no queues, so the CLIs can run them. */
export interface AccountDeps {
  redis: Redis;
}

export const publicAccount = (account: Account) => ({
  id: account.id,
  username: account.username,
  fullName: account.fullName,
  role: account.role,
  scope: accountScope(account),
  active: account.active,
  demo: account.demo === true,
  mustChangePassword: account.mustChangePassword === true,
  passwordChangedAt: account.passwordChangedAt ?? account.createdAt,
});

const staffActor = (principal: StaffPrincipal) =>
  `staff:${principal.accountId}:${principal.role}`;

/**
 * The scope a new account gets: a network manager always serves the
 * network; without a choice, the creator's own (network from the CLI). Its
 * centers must exist.
 */
async function scopeForNewAccount(
  deps: AccountDeps,
  role: StaffRole,
  requested: StaffScope | undefined,
  creatorScope: StaffScope,
): Promise<StaffScope> {
  if (role === "network-manager") {
    if (requested && requested.kind !== "network") {
      throw badRequest(
        "invalid_scope",
        "A network manager serves the whole network; leave the scope out or make it network.",
      );
    }
    return NETWORK_SCOPE;
  }
  const scope = requested ?? creatorScope;
  if (scope.kind === "network") return scope;
  const centerIds = [...new Set(scope.centerIds)];
  const found = await getCenters(deps.redis, centerIds);
  const missing = centerIds.filter(
    (centerId) => !found.some((center) => center.id === centerId),
  );
  if (missing.length > 0) {
    throw badRequest("invalid_scope", `No such center: ${missing.join(", ")}.`);
  }
  return { kind: "centers", centerIds };
}

/**
 * What a staff member may create: never a role above their own, and for
 * center-scoped creators only accounts within their centers.
 */
export function checkMayCreate(
  creator: { role: StaffRole; scope: StaffScope },
  account: { role: StaffRole; scope: StaffScope },
): void {
  if (ROLE_RANK[account.role] > ROLE_RANK[creator.role]) {
    throw forbidden(
      `Your role (${creator.role}) cannot create a ${account.role} account.`,
    );
  }
  if (!scopeWithin(account.scope, creator.scope)) {
    throw outOfScope(
      account.scope.kind === "network"
        ? "You serve only some centers: you cannot create a network account."
        : "You can create accounts only for the centers you serve.",
    );
  }
}

/** Whether a manager sees an account: its centers are all within theirs. */
export function accountVisibleTo(
  viewer: { scope: StaffScope },
  account: Account,
): boolean {
  return scopeWithin(accountScope(account), viewer.scope);
}

/**
 * Refuses a manager's reset, deactivation or reactivation of an account
 * outside their centers (`out_of_scope`) or above their role (`forbidden`);
 * 404 for an unknown account.
 */
export async function assertMayManage(
  deps: AccountDeps,
  manager: { role: StaffRole; scope: StaffScope },
  accountId: string,
): Promise<void> {
  const account = await findAccount(deps.redis, accountId);
  if (!account) throw notFound("account_not_found", "No such account.");
  checkMayCreate(manager, { role: account.role, scope: accountScope(account) });
}

/** Creates a staff account; usernames are unique, passwords meet the policy. */
export async function registerAccount(
  deps: AccountDeps,
  input: {
    username: string;
    fullName: string;
    role: StaffRole;
    password: string;
    /** Default: the creator's scope (network from the CLI and the seeder). */
    scope?: StaffScope;
  },
  actor = "system",
  options: {
    demo?: boolean;
    /** A staff creator: checked by checkMayCreate. */
    creator?: { role: StaffRole; scope: StaffScope };
  } = {},
) {
  const scope = await scopeForNewAccount(
    deps,
    input.role,
    input.scope,
    options.creator?.scope ?? NETWORK_SCOPE,
  );
  if (options.creator)
    checkMayCreate(options.creator, { role: input.role, scope });
  checkPasswordPolicy(input.username, input.password);
  if (await findAccountByUsername(deps.redis, input.username)) {
    throw conflict(
      "username_taken",
      `The username "${input.username}" is taken.`,
    );
  }
  const account = await createAccount(deps.redis, {
    username: input.username,
    fullName: input.fullName,
    role: input.role,
    scope,
    passwordHash: await hashPassword(input.password),
    ...(options.demo ? { demo: true } : {}),
  });
  if (!account) {
    throw conflict(
      "username_taken",
      `The username "${input.username}" is taken.`,
    );
  }
  await appendAudit(deps.redis, accountAuditScope(scope), {
    actor,
    action: "account.created",
    subject: `account:${account.id}`,
    data: {
      username: account.username,
      role: account.role,
      scope,
      ...(options.demo ? { demo: true } : {}),
    },
  });
  return account;
}

/** A password nobody chose: 20 characters of a-z and 2-9 (no look-alikes). */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 5, 10, 15].map((at) => chars.slice(at, at + 5).join("")).join("-");
}

/** Ends sessions and closes their console sockets on every realtime process. */
async function endSessions(
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

const staffNetworkMatchers = new WeakMap<Env, (address: string) => boolean>();

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
async function admitAttempt(
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

/**
 * Changes one's own password (the current one proves it is the owner, and
 * counts against the sign-in limits); every other session of the account ends.
 */
export async function changePassword(
  ctx: AppContext,
  principal: StaffPrincipal,
  input: { currentPassword: string; newPassword: string; address: string },
) {
  const account = await findAccount(ctx.redis, principal.accountId);
  if (!account) throw unauthorized();
  const attempt = await admitAttempt(ctx, account.username, input.address);
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    await appendAudit(ctx.redis, accountAuditScope(principal.scope), {
      actor: staffActor(principal),
      action: "account.password_change_refused",
      subject: `account:${account.id}`,
      data: { reason: "wrong_password" },
    });
    throw forbidden("The current password is wrong.", "wrong_password");
  }
  await loginSucceeded(ctx.redis, attempt);
  checkPasswordPolicy(account.username, input.newPassword);
  if (input.newPassword === input.currentPassword) {
    throw new SynaqError(
      400,
      "weak_password",
      "The new password must differ from the current one.",
    );
  }
  account.passwordHash = await hashPassword(input.newPassword);
  account.mustChangePassword = false;
  account.passwordChangedAt = Date.now();
  await saveAccount(ctx.redis, account);
  const current = sessionHash(principal.sessionId);
  const others = (await accountSessionHashes(ctx.redis, account.id)).filter(
    (hash) => hash !== current,
  );
  await endSessions(ctx.redis, account.id, others);
  await appendAudit(ctx.redis, accountAuditScope(principal.scope), {
    actor: staffActor(principal),
    action: "account.password_changed",
    subject: `account:${account.id}`,
    data: { sessionsEnded: others.length },
  });
  return account;
}

/**
 * A manager's reset: a generated password shown once, which the account
 * must change at its next sign-in; its sessions end now.
 */
export async function resetPassword(
  ctx: AppContext,
  principal: StaffPrincipal,
  accountId: string,
) {
  const account = await findAccount(ctx.redis, accountId);
  if (!account) throw notFound("account_not_found", "No such account.");
  const temporaryPassword = generatePassword();
  account.passwordHash = await hashPassword(temporaryPassword);
  account.mustChangePassword = true;
  account.passwordChangedAt = Date.now();
  await saveAccount(ctx.redis, account);
  await endSessions(
    ctx.redis,
    account.id,
    await accountSessionHashes(ctx.redis, account.id),
  );
  await appendAudit(ctx.redis, accountAuditScope(accountScope(account)), {
    actor: staffActor(principal),
    action: "account.password_reset",
    subject: `account:${account.id}`,
    data: { username: account.username },
  });
  return { account, temporaryPassword };
}

/**
 * Switches an account on or off. Off ends its sessions and closes its
 * console sockets on every process; a manager cannot switch themself off.
 */
export async function setAccountActive(
  deps: AccountDeps,
  accountId: string,
  active: boolean,
  actor: string,
  actorAccountId?: string,
) {
  const account = await findAccount(deps.redis, accountId);
  if (!account) throw notFound("account_not_found", "No such account.");
  if (!active && accountId === actorAccountId) {
    throw conflict(
      "cannot_deactivate_self",
      "You cannot deactivate your own account; ask another manager.",
    );
  }
  if (account.active !== active) {
    account.active = active;
    await saveAccount(deps.redis, account);
  }
  if (!active)
    await endSessions(
      deps.redis,
      account.id,
      await accountSessionHashes(deps.redis, account.id),
    );
  await appendAudit(deps.redis, accountAuditScope(accountScope(account)), {
    actor,
    action: active ? "account.reactivated" : "account.deactivated",
    subject: `account:${account.id}`,
    data: { username: account.username },
  });
  return account;
}

/** Switches an account off by its username (the `account:disable` command). */
export async function disableAccountByUsername(
  deps: AccountDeps,
  username: string,
  actor: string,
) {
  const account = await findAccountByUsername(deps.redis, username);
  if (!account)
    throw notFound("account_not_found", `No account is named "${username}".`);
  return setAccountActive(deps, account.id, false, actor);
}

/** How many accounts the demo seeded are in the data. */
export async function countDemoAccounts(redis: Redis): Promise<number> {
  return (await listAccounts(redis)).filter((account) => account.demo === true)
    .length;
}

/** Deletes every account the demo seeded (the `account:remove-demo` command). */
export async function removeDemoAccounts(
  deps: AccountDeps,
  actor: string,
): Promise<Account[]> {
  const demo = (await listAccounts(deps.redis)).filter(
    (account) => account.demo === true,
  );
  for (const account of demo) {
    const hashes = await deleteAccount(deps.redis, account);
    if (hashes.length > 0) {
      await publishLive(deps.redis, {
        target: "sessions",
        event: "sessions.ended",
        sessionHashes: hashes,
      });
    }
    await appendAudit(deps.redis, accountAuditScope(accountScope(account)), {
      actor,
      action: "account.removed",
      subject: `account:${account.id}`,
      data: { username: account.username, demo: true },
    });
  }
  return demo;
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
