import { queryOptions } from "@tanstack/react-query";
import type { AppealPolicy } from "@shared/appeals";
import { api } from "../../../lib/api";

export const appealPolicyQueries = {
  /** The appeal rules as the information page states them. */
  current: () =>
    queryOptions({
      queryKey: ["appeal-policy"],
      queryFn: ({ signal }) =>
        api.get<AppealPolicy>("/appeals/policy", { signal }),
    }),
};
