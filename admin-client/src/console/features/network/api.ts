import { queryOptions } from "@tanstack/react-query";
import type { NetworkToday } from "@shared/network";
import { api } from "../../../lib/api";

export const networkQueries = {
  /** Every center's day (network scope only; others get out_of_scope). */
  today: () =>
    queryOptions({
      queryKey: ["network-today"],
      queryFn: ({ signal }) =>
        api.get<NetworkToday>("/network/today", { signal }),
    }),
};
