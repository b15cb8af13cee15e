import { scopeCovers, type StaffScope } from "@shared/accounts";
import type { Center } from "@shared/booking";
import { listCenters } from "../booking/api";
import { useResource, type Resource } from "../../lib/use-resource";
import { useAccount, type Account } from "./session";

/** The account's scope: one without it (an older server) serves the network. */
export const scopeOf = (account: Pick<Account, "scope">): StaffScope =>
  account.scope ?? { kind: "network" };

/** Whether the account serves a center. */
export const servesCenter = (
  account: Pick<Account, "scope">,
  centerId: string,
) => scopeCovers(scopeOf(account), centerId);

/** Whether the account answers for the whole network. */
export const servesNetwork = (account: Pick<Account, "scope">) =>
  scopeOf(account).kind === "network";

/**
 * The centers the signed-in account serves: what every center picker of
 * the console offers. The server refuses the others (`out_of_scope`); this
 * keeps the console from offering them at all.
 */
export function useScopedCenters(): Resource<Center[]> {
  const account = useAccount();
  const scope = scopeOf(account);
  const key =
    scope.kind === "network"
      ? "centers:network"
      : `centers:${scope.centerIds.join(",")}`;
  return useResource(key, async (signal) =>
    (await listCenters(signal)).filter((center) =>
      scopeCovers(scope, center.id),
    ),
  );
}
