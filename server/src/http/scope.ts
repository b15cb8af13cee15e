import { scopeCovers, type StaffScope } from "@shared/accounts";
import { outOfScope } from "../errors";

/** Who acts: a staff principal (http/route.ts) or anything with a scope. */
type Scoped = { scope: StaffScope };

/** Whether a staff member's scope covers a center. */
export function inScope(principal: Scoped, centerId: string): boolean {
  return scopeCovers(principal.scope, centerId);
}

/**
 * Refuses (403 `out_of_scope`, audited like `forbidden`) a staff action on
 * something that belongs to a center outside the principal's scope. Call it
 * at the route edge with the target's owning center; a target that does not
 * exist (`undefined`) passes, so the route answers its own 404.
 */
export function assertInScope(
  principal: Scoped,
  centerId: string | null | undefined,
): void {
  if (centerId === null || centerId === undefined) return;
  if (!inScope(principal, centerId)) {
    throw outOfScope(
      `This belongs to center ${centerId}, which is outside your scope (${describeScope(principal)}).`,
    );
  }
}

/** Refuses a principal that is not network-wide (network-level reads). */
export function assertNetworkScope(principal: Scoped): void {
  if (principal.scope.kind !== "network") {
    throw outOfScope(
      "This covers every center of the network; your account serves only some of them.",
    );
  }
}

/** Keeps the items whose center the principal's scope covers (list routes). */
export function filterInScope<Item>(
  principal: Scoped,
  items: readonly Item[],
  centerOf: (item: Item) => string | null | undefined,
): Item[] {
  if (principal.scope.kind === "network") return [...items];
  return items.filter((item) => {
    const centerId = centerOf(item);
    return (
      centerId !== null &&
      centerId !== undefined &&
      inScope(principal, centerId)
    );
  });
}

function describeScope(principal: Scoped): string {
  return principal.scope.kind === "network"
    ? "the network"
    : `centers ${principal.scope.centerIds.join(", ")}`;
}
