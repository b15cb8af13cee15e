import type { StaffRole } from "@shared/enums";
import type { AppContext } from "../../context";
import { conflict, tooManyRequests, unauthorized } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { appendAudit } from "../audit/repository";
import { hashPassword, verifyPassword } from "./passwords";
import {
  clearLoginFailures,
  createAccount,
  createSession,
  deleteSession,
  findAccount,
  findAccountByUsername,
  loginFailures,
  recordLoginFailure,
  touchSession,
  type Account,
} from "./repository";

const FAILURE_WINDOW_SECONDS = 15 * 60;

export const publicAccount = (account: Account) => ({
  id: account.id,
  username: account.username,
  fullName: account.fullName,
  role: account.role,
  active: account.active,
});

/** Creates a staff account; usernames are unique. */
export async function registerAccount(
  ctx: AppContext,
  input: { username: string; fullName: string; role: StaffRole; password: string },
  actor = "system",
) {
  const account = await createAccount(ctx.redis, {
    username: input.username,
    fullName: input.fullName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  if (!account) {
    throw conflict("username_taken", `The username "${input.username}" is taken.`);
  }
  await appendAudit(ctx.redis, "system", {
    actor,
    action: "account.created",
    subject: `account:${account.id}`,
    data: { username: account.username, role: account.role },
  });
  return account;
}

/**
 * Signs a staff member in. Always a fresh session id (the old one, if any,
 * is dropped) so a planted cookie cannot be promoted to a signed-in one.
 */
export async function logIn(
  ctx: AppContext,
  input: { username: string; password: string; previousSessionId?: string },
) {
  const username = input.username.trim();
  if ((await loginFailures(ctx.redis, username)) >= ctx.env.LOGIN_MAX_ATTEMPTS) {
    throw tooManyRequests("Too many wrong passwords for this account. Wait 15 minutes or ask a manager.");
  }
  const account = await findAccountByUsername(ctx.redis, username);
  const matches = account ? await verifyPassword(input.password, account.passwordHash) : false;
  if (!account || !matches || !account.active) {
    await recordLoginFailure(ctx.redis, username, FAILURE_WINDOW_SECONDS);
    await appendAudit(ctx.redis, "system", {
      actor: "public",
      action: "login.failed",
      subject: `username:${username}`,
    });
    throw unauthorized("Wrong username or password.", "login_failed");
  }
  await clearLoginFailures(ctx.redis, username);
  if (input.previousSessionId) await deleteSession(ctx.redis, input.previousSessionId);
  const session = await createSession(ctx.redis, account.id, ctx.env.SESSION_TTL_MINUTES * 60);
  await appendAudit(ctx.redis, "system", {
    actor: `staff:${account.id}:${account.role}`,
    action: "login",
    subject: `account:${account.id}`,
  });
  return { account, session };
}

export async function logOut(ctx: AppContext, principal: StaffPrincipal) {
  await deleteSession(ctx.redis, principal.sessionId);
  await appendAudit(ctx.redis, "system", {
    actor: `staff:${principal.accountId}:${principal.role}`,
    action: "logout",
    subject: `account:${principal.accountId}`,
  });
}

/** Resolves a session cookie to a principal (and its CSRF token). */
export async function principalFromSession(ctx: AppContext, sessionId: string) {
  const session = await touchSession(ctx.redis, sessionId, ctx.env.SESSION_TTL_MINUTES * 60);
  if (!session) return null;
  const account = await findAccount(ctx.redis, session.accountId);
  if (!account || !account.active) return null;
  const principal: StaffPrincipal = {
    kind: "staff",
    accountId: account.id,
    username: account.username,
    fullName: account.fullName,
    role: account.role,
    sessionId: session.id,
  };
  return { principal, csrfToken: session.csrfToken };
}
