import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import {
  isSynaqError,
  notFound,
  storageError,
  type SynaqError,
} from "../errors";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** The one place an error becomes `{ error: { id, message } }`. */
/** The URL without its query: logs keep no query values (codes, names). */
const pathOf = (req: Request) => req.originalUrl.split("?")[0] ?? "";

export function errorMapper(
  logger: Logger,
  metrics?: Metrics,
  onForbidden?: (req: Request, error: SynaqError) => Promise<void>,
): ErrorRequestHandler {
  return async (error: unknown, req, res, _next) => {
    if (isSynaqError(error)) {
      if (error.status === 403 && onForbidden) {
        await onForbidden(req, error).catch((auditError: unknown) =>
          logger.warn({ err: auditError }, "could not audit a refusal"),
        );
      }
      res.status(error.status).json({
        error: {
          id: error.id,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      });
      return;
    }
    const refusal = storageError(error);
    if (refusal) {
      logger.warn(
        { err: error, method: req.method, url: pathOf(req) },
        "redis refused a request",
      );
      res.status(refusal.status).json({
        error: { id: refusal.id, message: refusal.message },
      });
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError?.type === "entity.too.large") {
      res.status(413).json({
        error: {
          id: "payload_too_large",
          message: "The request is too large.",
        },
      });
      return;
    }
    if (parserError?.type === "entity.parse.failed") {
      res.status(400).json({
        error: { id: "malformed_json", message: "The body is not valid JSON." },
      });
      return;
    }
    if (
      parserError?.status &&
      parserError.status >= 400 &&
      parserError.status < 500
    ) {
      res.status(parserError.status).json({
        error: { id: "bad_request", message: "The request is malformed." },
      });
      return;
    }
    metrics?.httpErrors.inc();
    logger.error(
      { err: error, method: req.method, url: pathOf(req) },
      "unhandled error",
    );
    res.status(500).json({
      error: {
        id: "internal_error",
        message: "Something went wrong on our side. It has been logged.",
      },
    });
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(notFound("route_not_found", `No API route ${req.method} ${req.path}.`));
};
