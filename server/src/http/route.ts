import type {
  OpenAPIRegistry,
  RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import type { Request, Response, Router } from "express";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import { REQUEST_ID_HEADER, RequestId } from "@shared/requests";
import { forbidden, unauthorized } from "../errors";
import { claimRequest, type ClaimedRequest } from "./replay";
import { requestIdOf } from "./request-id";
import { assertInScope, assertNetworkScope } from "./scope";
import { parseInput } from "./validate";

export interface StaffPrincipal {
  kind: "staff";
  accountId: string;
  username: string;
  fullName: string;
  role: StaffRole;
  /** The centers the account serves, or the network (see http/scope.ts). */
  scope: StaffScope;
  sessionId: string;
}

export interface KioskPrincipal {
  kind: "kiosk";
  kioskId: string;
  seatId: string;
  centerId: string;
}

export type Principal = StaffPrincipal | KioskPrincipal | { kind: "anonymous" };

/** Who may call a route: everyone, an enrolled kiosk, or staff roles. */
export type Access = "public" | "kiosk" | readonly StaffRole[];

type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * What a handler returns: the JSON its `response` schema publishes, or
 * `undefined` when it has none (a 204, or a file the handler wrote itself).
 * Checked at compile time, so a route cannot drift from its schema.
 */
export type RouteReply<Response_ extends z.ZodType | undefined> =
  Response_ extends z.ZodType ? z.output<Response_> : undefined;

export interface RouteDefinition<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Access_ extends Access,
  Response_ extends z.ZodType | undefined = undefined,
> {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  access: Access_;
  params?: Params;
  query?: Query;
  body?: Body;
  status?: number;
  /** The reply's schema: the OpenAPI document's, and the handler's type. */
  response?: Response_;
  /** Extra documented responses (errors), status → description. */
  errors?: Record<number, string>;
  /** Set when the route answers with a file instead of JSON. */
  produces?: string;
  /**
   * The center the route's target (slot, attempt, room, …) belongs to,
   * from the path: a staff member outside it gets 403 `out_of_scope`
   * before the body is read. Null or undefined (no such target) passes, so
   * the handler answers its own 404.
   */
  center?: (
    params: z.infer<Params>,
  ) => Promise<string | null | undefined> | string | null | undefined;
  /** For network-wide staff only: others get 403 `out_of_scope` at once. */
  network?: true;
  /**
   * A further check of the staff member (e.g. that they may see answer
   * keys), run after the center's and, like it, before the body is read.
   */
  guard?: (actor: StaffPrincipal) => void;
  /**
   * The route takes effect once per request id (the `Idempotency-Key`
   * header, checked and handed to the handler as `requestId`): a repeat
   * gets the first reply. See redis/request.ts.
   */
  idempotent?: true;
  /**
   * The request or its reply holds a secret (a password, an enrollment
   * code): its request id is not kept (replay.ts), not even as a hash.
   */
  secret?: true;
  handler: (input: {
    params: z.infer<Params>;
    query: z.infer<Query>;
    body: z.infer<Body>;
    actor: Access_ extends "public"
      ? Principal
      : Access_ extends "kiosk"
        ? KioskPrincipal
        : StaffPrincipal;
    /** The client's request id, on `idempotent` routes that got one. */
    requestId: string | undefined;
    req: Request;
    res: Response;
  }) =>
    NoInfer<RouteReply<Response_>> | Promise<NoInfer<RouteReply<Response_>>>;
}

const ErrorBody = z
  .object({
    error: z.object({
      id: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

/** Checks the principal against a route's access rule. */
export function authorize(principal: Principal, access: Access): void {
  if (access === "public") return;
  if (access === "kiosk") {
    if (principal.kind !== "kiosk") {
      throw unauthorized(
        "This route is for enrolled kiosks.",
        "kiosk_required",
      );
    }
    return;
  }
  if (principal.kind !== "staff") throw unauthorized();
  if (!access.includes(principal.role)) {
    throw forbidden(
      `Your role (${principal.role}) cannot do this; it needs ${access.join(" or ")}.`,
    );
  }
}

/**
 * Declares a route once: Express handler, input validation, access check
 * and its OpenAPI entry come from the same definition, so they cannot drift.
 */
export function defineRoute<
  Params extends z.ZodType = z.ZodObject<Record<string, never>>,
  Query extends z.ZodType = z.ZodObject<Record<string, never>>,
  Body extends z.ZodType = z.ZodUnknown,
  Access_ extends Access = Access,
  Response_ extends z.ZodType | undefined = undefined,
>(
  router: Router,
  registry: OpenAPIRegistry | undefined,
  definition: RouteDefinition<Params, Query, Body, Access_, Response_>,
): void {
  const {
    method,
    path,
    params,
    query,
    body,
    status = 200,
    access,
    handler,
  } = definition;

  router[method](path, async (req, res) => {
    const principal = (req as Request & { principal?: Principal })
      .principal ?? {
      kind: "anonymous",
    };
    if (
      access !== "public" &&
      (req as Request & { csrfFailed?: boolean }).csrfFailed
    ) {
      throw forbidden(
        "The CSRF token is missing or wrong. Reload the page.",
        "csrf_failed",
      );
    }
    authorize(principal, access);
    if (definition.network && principal.kind === "staff") {
      assertNetworkScope(principal);
    }
    const parsedParams = params ? parseInput(params, req.params, "params") : {};
    if (definition.center && principal.kind === "staff") {
      assertInScope(
        principal,
        await definition.center(parsedParams as z.infer<Params>),
      );
    }
    if (definition.guard && principal.kind === "staff") {
      definition.guard(principal);
    }
    const requestId = definition.idempotent ? requestIdOf(req) : undefined;
    const input = {
      params: parsedParams,
      query: query ? parseInput(query, req.query, "query") : {},
      body: body ? parseInput(body, req.body ?? {}, "body") : undefined,
    };
    // Staff changes whose script is not exactly-once are at most once per
    // request id (replay.ts); the others' scripts see the id themselves.
    let claim: ClaimedRequest | undefined;
    const redis = req.app.locals.redis as Redis | undefined;
    const staffRequestId =
      method !== "get" &&
      !definition.idempotent &&
      !definition.secret &&
      principal.kind === "staff"
        ? requestIdOf(req)
        : undefined;
    if (staffRequestId && redis) {
      const actor = principal.kind === "staff" ? principal.accountId : "";
      const outcome = await claimRequest(
        redis,
        staffRequestId,
        `staff:${actor}`,
        `${method} ${req.baseUrl}${req.path}`,
        [input.query, input.body],
      );
      if ("replay" in outcome) {
        if (outcome.replay.body === undefined)
          res.status(outcome.replay.status).end();
        else res.status(outcome.replay.status).json(outcome.replay.body);
        return;
      }
      claim = outcome.claimed;
    }
    let result: unknown;
    try {
      result = await handler({
        ...(input as {
          params: z.infer<Params>;
          query: z.infer<Query>;
          body: z.infer<Body>;
        }),
        actor: principal as never,
        requestId,
        req,
        res,
      });
    } catch (error) {
      await claim?.release();
      throw error;
    }
    if (res.headersSent) {
      await claim?.done(res.statusCode, undefined, true);
      return;
    }
    const sentStatus =
      result === undefined ? (status === 200 ? 204 : status) : status;
    await claim?.done(sentStatus, result);
    if (result === undefined) res.status(sentStatus).end();
    else res.status(sentStatus).json(result);
  });

  if (!registry) return;
  const config: RouteConfig = {
    method,
    path: `/api/v1${path.replace(/:(\w+)/g, "{$1}")}`,
    summary: definition.summary,
    tags: definition.tags,
    // Which staff routes check the target's center (the access test reads it).
    ...(definition.center ? { "x-synaq-scope": "center" } : {}),
    ...(definition.network ? { "x-synaq-scope": "network" } : {}),
    ...(access === "public"
      ? {}
      : {
          security: [access === "kiosk" ? { kioskToken: [] } : { session: [] }],
        }),
    request: {
      ...(params ? { params: params as never } : {}),
      ...(query ? { query: query as never } : {}),
      ...(definition.idempotent ||
      (method !== "get" && access !== "public" && access !== "kiosk")
        ? {
            headers: z.object({
              [REQUEST_ID_HEADER]: RequestId.optional().describe(
                "16+ random bytes, base64url, new per request and the same on a repeat: the request then takes effect once and a repeat within a day gets the first reply",
              ),
            }) as never,
          }
        : {}),
      ...(body
        ? { body: { content: { "application/json": { schema: body } } } }
        : {}),
    },
    responses: {
      [status]: definition.produces
        ? {
            description: "A file",
            content: {
              [definition.produces]: {
                schema: { type: "string", format: "binary" },
              },
            },
          }
        : definition.response
          ? {
              description: "Success",
              content: { "application/json": { schema: definition.response } },
            }
          : { description: "Success" },
      ...Object.fromEntries(
        Object.entries({ 400: "Invalid request", ...definition.errors }).map(
          ([code, description]) => [
            code,
            {
              description,
              content: { "application/json": { schema: ErrorBody } },
            },
          ],
        ),
      ),
    },
  };
  registry.registerPath(config);
}
