import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import {
  AccountCreateRequestSchema,
  LoginRequestSchema,
  PasswordChangeRequestSchema,
  PasswordResetSchema,
  StaffAccountSchema,
  StaffSessionSchema,
} from "@shared/accounts";
import { STAFF_ROLES } from "@shared/enums";
import type { AppContext } from "../../context";
import { forbidden, isSynaqError } from "../../errors";
import { clientIp } from "../../http/rate-limit";
import {
  defineRoute,
  type Principal,
  type StaffPrincipal,
} from "../../http/route";
import { prepareDummyHash } from "./passwords";
import {
  assertMayManage,
  changePassword,
  findPublicAccount,
  listVisibleAccounts,
  publicAccount,
  registerAccount,
  resetPassword,
  setAccountActive,
} from "./service";
import {
  logIn,
  logOut,
  principalFromSession,
  sessionTtlSeconds,
} from "./sessions";

export const SESSION_COOKIE = "synaq_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** What an account that must change its password may still call. */
const PASSWORD_CHANGE_PATHS = new Set([
  "/auth/session",
  "/auth/password",
  "/auth/logout",
  "/auth/login",
]);

type SessionRequest = Request & {
  principal?: Principal;
  csrfToken?: string;
  csrfFailed?: boolean;
  mustChangePassword?: boolean;
};

const MANAGERS = ["manager", "network-manager"] as const;
const AccountIdParams = z.object({ accountId: z.string().min(1).max(64) });
const staffActor = (actor: StaffPrincipal) =>
  `staff:${actor.accountId}:${actor.role}`;

/**
 * Resolves the staff session cookie into `req.principal` and enforces CSRF:
 * every unsafe request on a cookie session must echo the session's token in
 * `X-CSRF-Token` (a cross-site form cannot read it).
 */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const sessionId = (req.cookies as Record<string, string> | undefined)?.[
      SESSION_COOKIE
    ];
    if (!sessionId) return next();
    const resolved = await principalFromSession(ctx, sessionId);
    if (!resolved) return next();
    const request = req as SessionRequest;
    if (
      !SAFE_METHODS.has(req.method) &&
      req.get("x-csrf-token") !== resolved.csrfToken
    ) {
      // Public routes still work for a staff browser; staff routes refuse.
      request.csrfFailed = true;
      return next();
    }
    if (resolved.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.path)) {
      return next(
        forbidden(
          "Change your password first (a manager reset it).",
          "password_change_required",
        ),
      );
    }
    request.principal = resolved.principal;
    request.csrfToken = resolved.csrfToken;
    request.mustChangePassword = resolved.mustChangePassword;
    next();
  };
}

export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.publicUrl.startsWith("https://");
  // Ready before the first unknown username, so its timing matches too.
  prepareDummyHash().catch((error: unknown) =>
    ctx.logger.warn({ err: error }, "dummy password hash not made"),
  );

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/auth/login",
    summary: "Sign in as staff; sets the session cookie",
    tags: ["accounts"],
    access: "public",
    body: LoginRequestSchema,
    response: StaffSessionSchema,
    errors: {
      401: "Wrong username or password; a deactivated account; a demo account in production",
      429: "Too many failures for the account or from the address",
    },
    handler: async ({ body, req, res }) => {
      const previousSessionId = (
        req.cookies as Record<string, string> | undefined
      )?.[SESSION_COOKIE];
      const { account, session } = await logIn(ctx, {
        ...body,
        previousSessionId,
        address: clientIp(req),
      }).catch((error: unknown) => {
        if (isSynaqError(error) && error.id === "rate_limited") {
          const { retryAfterSeconds } = (error.details ?? {}) as {
            retryAfterSeconds?: number;
          };
          if (retryAfterSeconds)
            res.set("Retry-After", String(retryAfterSeconds));
        }
        throw error;
      });
      // Secure exactly when the console is served over https (PUBLIC_URL).
      res.cookie(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: "strict",
        secure,
        path: "/",
        maxAge: sessionTtlSeconds(ctx.env) * 1000,
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
    response: StaffSessionSchema,
    handler: async ({ actor, req }) => {
      const stored = await findPublicAccount(ctx, actor.accountId);
      return {
        account: stored
          ? stored
          : {
              id: actor.accountId,
              username: actor.username,
              fullName: actor.fullName,
              role: actor.role,
              scope: actor.scope,
              active: true,
              demo: false,
              mustChangePassword:
                (req as SessionRequest).mustChangePassword === true,
              passwordChangedAt: 0,
            },
        csrfToken: (req as SessionRequest).csrfToken ?? "",
      };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    secret: true,
    path: "/auth/password",
    summary:
      "Change one's own password; every other session of the account ends",
    tags: ["accounts"],
    access: STAFF_ROLES,
    status: 204,
    body: PasswordChangeRequestSchema,
    errors: {
      400: "Weak password (`weak_password`)",
      403: "Wrong current password (`wrong_password`)",
      429: "Too many failures",
    },
    handler: async ({ actor, body, req }) => {
      await changePassword(ctx, actor, { ...body, address: clientIp(req) });
      return undefined;
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    secret: true,
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
    summary:
      "Staff accounts; a center manager sees the accounts within their centers",
    tags: ["accounts"],
    access: MANAGERS,
    response: z.array(StaffAccountSchema),
    handler: ({ actor }) => listVisibleAccounts(ctx, actor),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    secret: true,
    path: "/accounts",
    summary:
      "Create a staff account (never above one's own role; a center manager only within their centers)",
    tags: ["accounts"],
    access: MANAGERS,
    status: 201,
    body: AccountCreateRequestSchema,
    response: StaffAccountSchema,
    errors: {
      400: "Weak password (`weak_password`), unknown center (`invalid_scope`)",
      403: "A role above one's own (`forbidden`), centers outside one's scope (`out_of_scope`)",
      409: "Username taken",
    },
    handler: async ({ body, actor }) =>
      publicAccount(
        await registerAccount(ctx, body, staffActor(actor), {
          creator: actor,
        }),
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    secret: true,
    path: "/accounts/:accountId/reset-password",
    summary:
      "Reset an account's password: a temporary one, shown once, to change at the next sign-in",
    tags: ["accounts"],
    access: MANAGERS,
    params: AccountIdParams,
    response: PasswordResetSchema,
    errors: { 404: "No such account" },
    handler: async ({ actor, params }) => {
      await assertMayManage(ctx, actor, params.accountId);
      const { account, temporaryPassword } = await resetPassword(
        ctx,
        actor,
        params.accountId,
      );
      return { account: publicAccount(account), temporaryPassword };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accounts/:accountId/deactivate",
    summary:
      "Switch an account off: its sessions end and its console sockets close",
    tags: ["accounts"],
    access: MANAGERS,
    params: AccountIdParams,
    response: StaffAccountSchema,
    errors: { 404: "No such account", 409: "One's own account" },
    handler: async ({ actor, params }) => {
      await assertMayManage(ctx, actor, params.accountId);
      return publicAccount(
        await setAccountActive(
          ctx,
          params.accountId,
          false,
          staffActor(actor),
          actor.accountId,
        ),
      );
    },
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/accounts/:accountId/reactivate",
    summary: "Switch an account back on",
    tags: ["accounts"],
    access: MANAGERS,
    params: AccountIdParams,
    response: StaffAccountSchema,
    errors: { 404: "No such account" },
    handler: async ({ actor, params }) => {
      await assertMayManage(ctx, actor, params.accountId);
      return publicAccount(
        await setAccountActive(
          ctx,
          params.accountId,
          true,
          staffActor(actor),
          actor.accountId,
        ),
      );
    },
  });

  return router;
}
