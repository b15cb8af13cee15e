import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import { STAFF_ROLES } from "@shared/enums";
import type { AppContext } from "../../context";
import { defineRoute, type Principal } from "../../http/route";
import { listAccounts } from "./repository";
import { logIn, logOut, principalFromSession, publicAccount, registerAccount } from "./service";

export const SESSION_COOKIE = "synaq_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const AccountSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    role: z.enum(STAFF_ROLES),
    active: z.boolean(),
  })
  .meta({ id: "Account" });

const SessionSchema = z
  .object({ account: AccountSchema, csrfToken: z.string() })
  .meta({ id: "Session" });

/**
 * Resolves the staff session cookie into `req.principal` and enforces CSRF:
 * every unsafe request on a cookie session must echo the session's token in
 * `X-CSRF-Token` (a cross-site form cannot read it).
 */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const sessionId = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (!sessionId) return next();
    const resolved = await principalFromSession(ctx, sessionId);
    if (!resolved) return next();
    if (!SAFE_METHODS.has(req.method) && req.get("x-csrf-token") !== resolved.csrfToken) {
      // Public routes still work for a staff browser; staff routes refuse.
      (req as Request & { csrfFailed?: boolean }).csrfFailed = true;
      return next();
    }
    (req as Request & { principal?: Principal; csrfToken?: string }).principal = resolved.principal;
    (req as Request & { csrfToken?: string }).csrfToken = resolved.csrfToken;
    next();
  };
}

export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.publicUrl.startsWith("https://");

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/auth/login",
    summary: "Sign in as staff; sets the session cookie",
    tags: ["accounts"],
    access: "public",
    body: z.object({
      username: z.string().min(1).max(100),
      password: z.string().min(1).max(200),
    }),
    response: SessionSchema,
    errors: { 401: "Wrong username or password", 429: "Too many failures" },
    handler: async ({ body, req, res }) => {
      const previousSessionId = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const { account, session } = await logIn(ctx, { ...body, previousSessionId });
      res.cookie(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: "strict",
        secure,
        path: "/",
        maxAge: ctx.env.SESSION_TTL_MINUTES * 60 * 1000,
      });
      return { account: publicAccount(account), csrfToken: session.csrfToken };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/auth/session",
    summary: "The signed-in staff member and the CSRF token",
    tags: ["accounts"],
    access: STAFF_ROLES,
    response: SessionSchema,
    handler: ({ actor, req }) => ({
      account: {
        id: actor.accountId,
        username: actor.username,
        fullName: actor.fullName,
        role: actor.role,
        active: true,
      },
      csrfToken: (req as Request & { csrfToken?: string }).csrfToken ?? "",
    }),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/auth/logout",
    summary: "Sign out and end the session",
    tags: ["accounts"],
    access: STAFF_ROLES,
    status: 204,
    handler: async ({ actor, res }) => {
      await logOut(ctx, actor);
      res.clearCookie(SESSION_COOKIE, { path: "/" });
      return undefined;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/accounts",
    summary: "Staff accounts",
    tags: ["accounts"],
    access: ["manager"],
    response: z.array(AccountSchema),
    handler: async () => (await listAccounts(ctx.redis)).map(publicAccount),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accounts",
    summary: "Create a staff account",
    tags: ["accounts"],
    access: ["manager"],
    status: 201,
    body: z.object({
      username: z.string().regex(/^[a-z0-9._-]{3,40}$/, "3–40 of a-z 0-9 . _ -"),
      fullName: z.string().trim().min(1).max(200),
      role: z.enum(STAFF_ROLES),
      password: z.string().min(10, "at least 10 characters").max(200),
    }),
    response: AccountSchema,
    errors: { 409: "Username taken" },
    handler: async ({ body, actor }) =>
      publicAccount(await registerAccount(ctx, body, `staff:${actor.accountId}:${actor.role}`)),
  });

  return router;
}
