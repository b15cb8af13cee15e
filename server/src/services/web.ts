import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { createHash, timingSafeEqual } from "node:crypto";
import cookieParser from "cookie-parser";
import express, { Router, type Express, type Request } from "express";
import type { SynaqError } from "../errors";
import type { Principal } from "../http/route";
import { accountAuditScope, appendAudit } from "../modules/audit/repository";
import { publicRateLimit } from "../http/rate-limit";
import helmet from "helmet";
import { LIMITS } from "@shared/limits";
import type { AppContext } from "../context";
import { apiNotFound, errorMapper } from "../http/on-error";
import { serveClients } from "../http/clients";
import { apiModules, principalResolvers } from "../modules";

/** Builds the OpenAPI document from every route's own definition. */
export function openApiDocument(ctx: AppContext) {
  ctx.registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "synaq_session",
  });
  ctx.registry.registerComponent("securitySchemes", "kioskToken", {
    type: "http",
    scheme: "bearer",
  });
  return new OpenApiGeneratorV31(ctx.registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Synaq API",
      version: "1",
      description:
        "Booking, admission, delivery and verification for testing centers. Errors are `{ error: { id, message } }` with a stable `id`.",
    },
    servers: [{ url: ctx.publicUrl }],
  });
}

/**
 * The web role: REST under /api/v1, health and metrics, and the built
 * clients. `isReady` reports whether the roles of this process are running.
 */
export function createWebApp(
  ctx: AppContext,
  options: {
    isReady: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
    serveStatic: boolean;
    /** False for a realtime-only process: health and metrics only. */
    webRoutes: boolean;
  },
): Express {
  const app = express();
  app.disable("x-powered-by");
  // Only the proxies named in TRUST_PROXY may set X-Forwarded-For; with
  // none, the client's address is the connection's.
  app.set(
    "trust proxy",
    ctx.env.TRUST_PROXY.length > 0 ? ctx.env.TRUST_PROXY : false,
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "img-src": ["'self'", "data:", "blob:"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "connect-src": ["'self'", "ws:", "wss:"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const state = await options.isReady();
    res.status(state.ready ? 200 : 503).json({
      status: state.ready ? "ready" : "not_ready",
      checks: state.checks,
    });
  });
  app.get("/metrics", async (req, res) => {
    if (
      ctx.env.METRICS_TOKEN &&
      !bearerMatches(req.get("authorization"), ctx.env.METRICS_TOKEN)
    ) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res.status(401).json({
        error: {
          id: "unauthorized",
          message: "/metrics needs Authorization: Bearer <METRICS_TOKEN>.",
        },
      });
      return;
    }
    const counts = await ctx.queues.counts().catch(() => ({}));
    for (const [queue, states] of Object.entries(counts)) {
      for (const [state, count] of Object.entries(states)) {
        ctx.metrics.queueDepth.set({ queue, state }, count);
      }
    }
    res.setHeader("Content-Type", ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });

  // Routes keep staff changes' request ids in Redis (http/replay.ts).
  app.locals.redis = ctx.redis;
  if (options.webRoutes) app.use("/api/v1", apiRouter(ctx));
  if (options.serveStatic) serveClients(app);
  app.use(
    errorMapper(ctx.logger, ctx.metrics, (req, error) =>
      auditRefusal(ctx, req, error),
    ),
  );
  return app;
}

/** Whether an `Authorization: Bearer …` header carries the token (constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = createHash("sha256")
    .update(header?.startsWith("Bearer ") ? header.slice(7).trim() : "")
    .digest();
  return timingSafeEqual(given, createHash("sha256").update(token).digest());
}

/** Staff actions outside one's role (forbidden) or scope (out_of_scope) are refused and audited. */
async function auditRefusal(ctx: AppContext, req: Request, error: SynaqError) {
  const principal = (req as Request & { principal?: Principal }).principal;
  if (principal?.kind !== "staff") return;
  await appendAudit(ctx.redis, accountAuditScope(principal.scope), {
    actor: `staff:${principal.accountId}:${principal.role}`,
    action: "access.refused",
    subject: `${req.method} ${req.originalUrl.split("?")[0] ?? ""}`,
    data: { error: error.id },
  });
}

function apiRouter(ctx: AppContext): Router {
  const api = Router();
  // Who is asking comes first (cookie or kiosk token, never the body), so
  // no body is read for a request that is refused anyway.
  api.use(cookieParser());
  for (const resolve of principalResolvers) api.use(resolve(ctx));
  const limitPublic = publicRateLimit(ctx);
  api.use((req, res, next) => {
    const principal = (req as Request & { principal?: Principal }).principal;
    if (principal) return next();
    return limitPublic(req, res, next);
  });
  // Roster CSVs travel as JSON text: that route alone takes large bodies
  // (Cyrillic is two bytes a character, JSON escaping adds some), and only
  // from signed-in staff: anyone else is refused by the route, unread.
  const rosterJson = express.json({
    limit: LIMITS.maxRosterCsvBytes * 3,
    strict: true,
  });
  const json = express.json({ limit: LIMITS.maxJsonBodyBytes, strict: true });
  api.use((req, res, next) => {
    if (!/^\/slots\/[^/]+\/roster-imports\/?$/.test(req.path))
      return json(req, res, next);
    const principal = (req as Request & { principal?: Principal }).principal;
    return principal?.kind === "staff" ? rosterJson(req, res, next) : next();
  });
  for (const module of apiModules) api.use(module(ctx));
  let document: unknown;
  api.get("/openapi.json", (_req, res) => {
    document ??= openApiDocument(ctx);
    res.json(document);
  });
  api.use(apiNotFound);
  return api;
}
