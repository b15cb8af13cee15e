import type { StaffRole } from "@shared/enums";

/**
 * Who may learn which option is correct: reviewers (they judge appeals
 * against the key) and managers (they own the banks' quality). Hall staff
 * (administrators, operators) run the room where a key could be passed to
 * a candidate, so they get statistics and documents without it; kiosks
 * never get it at all (toKioskItem). Staff scoped to centers keep keys only
 * as reviewers or network-level managers: narrow this check there.
 */
export const KEY_ROLES: readonly StaffRole[] = ["manager", "reviewer"];

/** Whether a staff member may see answer keys. */
export function seesAnswerKeys(actor: { role: StaffRole }): boolean {
  return KEY_ROLES.includes(actor.role);
}
