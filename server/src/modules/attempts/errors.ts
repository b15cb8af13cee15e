import { conflict, notFound, SynaqError, unprocessable } from "../../errors";

/** Messages for the refusals the Lua scripts return, by error id. */
const MESSAGES: Record<string, [number, string]> = {
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

/** Turns a script's `{ error }` into the API error with its message. */
export function scriptError(id: string, details?: unknown): SynaqError {
  const [status, message] = MESSAGES[id] ?? [409, `Refused: ${id}.`];
  if (status === 404) return notFound(id, message);
  if (status === 422) return unprocessable(id, message, details);
  if (status === 403) return new SynaqError(403, id, message, details);
  return conflict(id, message, details);
}

export const errorMessage = (id: string) =>
  MESSAGES[id]?.[1] ?? `Refused: ${id}.`;
