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

export const unauthorized = (message = "Sign in first.", id = "unauthorized") =>
  new SynaqError(401, id, message);

export const forbidden = (
  message = "Your role does not allow this action.",
  id = "forbidden",
) => new SynaqError(403, id, message);

/** A staff member acting on a center outside their scope. */
export const outOfScope = (
  message = "This belongs to a center outside your scope.",
) => new SynaqError(403, "out_of_scope", message);

export const notFound = (id: string, message: string) =>
  new SynaqError(404, id, message);

export const conflict = (id: string, message: string, details?: unknown) =>
  new SynaqError(409, id, message, details);

export const payloadTooLarge = (message = "The request is too large.") =>
  new SynaqError(413, "payload_too_large", message);

export const unprocessable = (id: string, message: string, details?: unknown) =>
  new SynaqError(422, id, message, details);

export const tooManyRequests = (
  message = "Too many requests. Wait a minute and try again.",
) => new SynaqError(429, "rate_limited", message);

export const unavailable = (id: string, message: string) =>
  new SynaqError(503, id, message);

export const isSynaqError = (error: unknown): error is SynaqError =>
  error instanceof SynaqError;

/**
 * Redis refuses writes: `maxmemory` is reached and nothing is evicted. A
 * MULTI is then discarded (EXECABORT) with the OOM among its errors.
 */
export function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.message.startsWith("OOM ")) return true;
  const { previousErrors } = error as Error & { previousErrors?: unknown };
  return (
    error.message.startsWith("EXECABORT") &&
    Array.isArray(previousErrors) &&
    previousErrors.some((cause) => isStorageFull(cause))
  );
}

export const storageFull = () =>
  new SynaqError(
    503,
    "storage_full",
    "The server cannot store anything right now: its database is full. " +
      "Nothing was changed; staff are alerted. Try again in a few minutes.",
  );

/**
 * The error a user sees when Redis is full, or gone (a restart in
 * progress: ioredis gives up on the command), or undefined for any other.
 */
export function storageError(error: unknown): SynaqError | undefined {
  if (isStorageFull(error)) return storageFull();
  if (
    error instanceof Error &&
    (error.name === "MaxRetriesPerRequestError" ||
      error.message === "Connection is closed.")
  ) {
    return unavailable(
      "storage_unavailable",
      "The server cannot reach its database right now. Try again in a moment.",
    );
  }
  return undefined;
}
