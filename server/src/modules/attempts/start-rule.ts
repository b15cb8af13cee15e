import type { EarlyStart } from "@shared/attempts";

/**
 * The start rule (`EARLY_START`): a candidate admitted before the slot's
 * start waits in `admitted` until then. Who may go on earlier:
 * - `never`: nobody; the candidate's confirmation and a staff start wait;
 * - `administrator`: an administrator, for a seat or the room (audited as
 *   an early start); the candidate waits for the time or for them;
 * - `candidate`: the candidate may confirm and go on by themselves.
 *
 * `notBefore` is the time before which this actor's confirm or start is
 * refused (null: not held); `heldUntil` is when the rule lets candidates go
 * on by themselves (null under `candidate`), written into the audit so that
 * compliance does not count the wait as instructions.
 */
export function startRule(
  rule: EarlyStart,
  slotStartsAt: number,
  by: "candidate" | "staff",
): { notBefore: number | null; heldUntil: number | null } {
  const heldUntil = rule === "candidate" ? null : slotStartsAt;
  const notBefore =
    by === "candidate" ? heldUntil : rule === "never" ? slotStartsAt : null;
  return { notBefore, heldUntil };
}
