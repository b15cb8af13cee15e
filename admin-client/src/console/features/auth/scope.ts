import { useQuery } from "@tanstack/react-query";
import { scopeCovers, type StaffAccount } from "@shared/accounts";
import { centerQueries } from "../../../lib/queries";
import { useAccount } from "./session";

/** Whether the account serves a center. */
export const servesCenter = (
  account: Pick<StaffAccount, "scope">,
  centerId: string,
) => scopeCovers(account.scope, centerId);

/**
 * The centers the signed-in account serves: what every center picker of
 * the console offers. The server refuses the others (`out_of_scope`); this
 * keeps the console from offering them at all.
 */
export function useScopedCenters() {
  const { scope } = useAccount();
  return useQuery({
    ...centerQueries.list(),
    select: (centers) =>
      centers.filter((center) => scopeCovers(scope, center.id)),
  });
}
