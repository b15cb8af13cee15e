import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";

/**
 * Who may learn which option is correct: reviewers (they judge appeals
 * against the key, whether they serve the network or a region) and
 * managers of the whole network (they own the banks' quality). A manager
 * of some centers is close to the halls, as are administrators and
 * operators, who run the room where a key could be passed to a candidate:
 * they get statistics and documents without it. Kiosks never get it at all
 * (toKioskItem).
 */
export const KEY_ROLES: readonly StaffRole[] = [
  "manager",
  "network-manager",
  "reviewer",
];

/** Whether a staff member may see answer keys. */
export function seesAnswerKeys(actor: {
  role: StaffRole;
  scope: StaffScope;
}): boolean {
  if (actor.role === "reviewer") return true;
  return KEY_ROLES.includes(actor.role) && actor.scope.kind === "network";
}
