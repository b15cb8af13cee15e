import { z } from "zod";
import type { StaffRole } from "./enums";

/**
 * Where a staff account acts: the centers it serves, or the whole network.
 * An account stored without one is `network` (accounts made before scopes
 * existed; a one-center installation sees no change).
 */
export const StaffScopeSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("network") }),
    z.object({
      kind: z.literal("centers"),
      centerIds: z.array(z.string().min(1).max(64)).min(1).max(500),
    }),
  ])
  .meta({ id: "StaffScope" });
export type StaffScope = z.infer<typeof StaffScopeSchema>;

export const NETWORK_SCOPE: StaffScope = { kind: "network" };

/** Whether a scope covers a center. */
export function scopeCovers(scope: StaffScope, centerId: string): boolean {
  return scope.kind === "network" || scope.centerIds.includes(centerId);
}

/** Whether every center of `inner` is within `outer`. */
export function scopeWithin(inner: StaffScope, outer: StaffScope): boolean {
  if (outer.kind === "network") return true;
  return (
    inner.kind === "centers" &&
    inner.centerIds.every((centerId) => outer.centerIds.includes(centerId))
  );
}

/**
 * How far a role reaches when it creates accounts: hall roles and reviewers
 * below a center manager, a center manager below a network manager.
 */
export const ROLE_RANK: Record<StaffRole, number> = {
  administrator: 0,
  operator: 0,
  reviewer: 0,
  manager: 1,
  "network-manager": 2,
};
