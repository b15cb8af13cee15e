/**
 * Server state: one TanStack Query client for the portal and the console.
 * Each resource has one query-key factory beside its fetch function (the
 * shared ones in queries.ts, the others in their feature's api.ts); a
 * change names the queries it makes stale (`meta.invalidates`), and the
 * console's live socket messages do the same for changes made elsewhere.
 */
import {
  MutationCache,
  QueryClient,
  type QueryKey,
} from "@tanstack/react-query";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: {
      /** Query keys (prefixes) made stale once the change succeeded. */
      invalidates?: readonly QueryKey[];
    };
  }
}

/**
 * A query client as the app uses it: no automatic retries (an error is
 * shown at once and the screen offers its own retry; changes repeat lost
 * answers themselves, see api.ts), and every successful change refreshes
 * what it names before it resolves.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache({
      onSuccess: (_data, _variables, _result, mutation, { client }) =>
        Promise.all(
          (mutation.meta?.invalidates ?? []).map((queryKey) =>
            client.invalidateQueries({ queryKey }),
          ),
        ),
    }),
  });
}
