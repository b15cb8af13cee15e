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

/**
 * What a script's refusal (`refuse(id, details)`, redis/scripts/_reply.lua)
 * tells a person, by its id: HTTP status and message. The id is the API's
 * id as well. A service whose refusal needs wording of its own (an appeal's
 * retest slot, a booking's cutoff) words it where it is refused.
 */
const REFUSALS: Record<string, readonly [status: number, message: string]> = {
  attempt_not_found: [404, "There is no such attempt."],
  booking_not_found: [404, "There is no such booking."],
  not_on_roster: [409, "This candidate is not on this slot's roster."],
  booking_admitted: [
    409,
    "This candidate is already admitted. Use re-entry after a break.",
  ],
  booking_in_progress: [409, "This candidate is already testing."],
  booking_completed: [409, "This candidate has already finished."],
  booking_cancelled: [409, "This booking was cancelled."],
  booking_no_show: [
    409,
    "This booking was marked as a no-show after the late-admission cutoff.",
  ],
  seat_taken: [409, "That seat is taken by another candidate."],
  attempt_admitted: [409, "The test has not started yet."],
  attempt_instructions: [409, "The candidate is reading the instructions."],
  attempt_in_progress: [409, "The test is in progress."],
  attempt_paused: [409, "The test is paused."],
  attempt_submitted: [409, "The test is already submitted."],
  attempt_expired: [409, "The test time is over."],
  attempt_scored: [409, "The test is already scored."],
  attempt_issued: [409, "The result documents are already issued."],
  attempt_voided: [409, "This attempt was voided."],
  attempt_official: [
    409,
    "The results are already official; revoke the document instead.",
  ],
  attempt_not_started: [409, "The test has not started yet."],
  instructions_running: [409, "The instructions are still running."],
  before_start_time: [
    409,
    "The slot's start time has not come yet; the test cannot begin before it.",
  ],
  deadline_passed: [
    409,
    "The time for this test is over; the answer was not saved.",
  ],
  outage_pending: [
    409,
    "The server is catching up after an outage; the answer is kept on the kiosk and sent again.",
  ],
  not_expired_by_outage: [
    409,
    "This attempt did not expire because of an outage.",
  ],
  not_your_attempt: [403, "This kiosk is not bound to that attempt."],
  unknown_item: [422, "That question is not on this candidate's form."],
  unknown_option: [422, "That answer option does not belong to the question."],
  already_signed: [
    409,
    "You (or someone in your role) already signed these results.",
  ],
  same_person: [
    409,
    "The administrator and the operator must be two different people.",
  ],
  invalid_extension: [422, "Extra time must be a positive number of minutes."],
};

/**
 * The API error for a script's refusal, with its details (a 404 carries
 * none); an id missing from the table is a 409 that names it.
 */
export function refusalError(id: string, details?: unknown): SynaqError {
  const [status, message] = REFUSALS[id] ?? [409, `Refused: ${id}.`];
  return new SynaqError(
    status,
    id,
    message,
    status === 404 ? undefined : details,
  );
}
