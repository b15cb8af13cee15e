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
import { accountAuditScope, appendAudit } from "../audit";
import { getCenters } from "../centers";
import { publishLive } from "../live";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords";
import {
  accountScope,
  accountSessionHashes,
  createAccount,
  deleteAccount,
  findAccount,
  findAccountByUsername,
  listAccounts,
  loginSucceeded,
  saveAccount,
  sessionHash,
  type Account,
} from "./repository";
import { admitAttempt, endSessions, staffActor } from "./sessions";

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

/** A staff account as the console shows it, or null. */
export async function findPublicAccount(ctx: AppContext, accountId: string) {
  const stored = await findAccount(ctx.redis, accountId);
  return stored ? publicAccount(stored) : null;
}

/** The accounts a manager may see (a center manager: their centers'). */
export async function listVisibleAccounts(
  ctx: AppContext,
  viewer: Parameters<typeof accountVisibleTo>[0],
) {
  return (await listAccounts(ctx.redis))
    .filter((account) => accountVisibleTo(viewer, account))
    .map(publicAccount);
}
