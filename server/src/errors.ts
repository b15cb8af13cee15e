/**
 * Every error a user can see. `id` is stable (clients and portals switch on
 * it), `message` is something a person can act on.
 */
export class SynaqError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "SynaqError";
  }
}

export const badRequest = (id: string, message: string, details?: unknown) =>
  new SynaqError(400, id, message, details);

export const unauthorized = (
  message = "Sign in first.",
  id = "unauthorized",
) => new SynaqError(401, id, message);

export const forbidden = (
  message = "Your role does not allow this action.",
  id = "forbidden",
) => new SynaqError(403, id, message);

export const notFound = (id: string, message: string) =>
  new SynaqError(404, id, message);

export const conflict = (id: string, message: string, details?: unknown) =>
  new SynaqError(409, id, message, details);

export const payloadTooLarge = (message = "The request is too large.") =>
  new SynaqError(413, "payload_too_large", message);

export const unprocessable = (
  id: string,
  message: string,
  details?: unknown,
) => new SynaqError(422, id, message, details);

export const tooManyRequests = (
  message = "Too many requests. Wait a minute and try again.",
) => new SynaqError(429, "rate_limited", message);

export const unavailable = (id: string, message: string) =>
  new SynaqError(503, id, message);

export const isSynaqError = (error: unknown): error is SynaqError =>
  error instanceof SynaqError;
