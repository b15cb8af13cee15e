import {
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { useEffect } from "react";
import type { StaffAccount } from "@shared/accounts";
import { ApiError, setSessionExpiredHandler } from "../../../lib/api";
import {
  logIn,
  logOut,
  sessionQueries,
  signedIn,
  signedOut,
  type SessionState,
} from "./api";

type SessionView =
  { status: "loading" } | { status: "error"; error: unknown } | SessionState;

const sessionKey = sessionQueries.current().queryKey;

/**
 * Ends the session on this page: the console shows the sign-in, and what
 * it cached for the account is dropped, so the next account never sees it.
 */
function endSession(queryClient: QueryClient): void {
  queryClient.setQueryData(sessionKey, signedOut());
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== sessionKey[0],
  });
}

/** The console's staff session and the actions that change it. */
export function useSession() {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQueries.current());
  const state: SessionView = session.data
    ? session.data
    : session.isError
      ? { status: "error", error: session.error }
      : { status: "loading" };
  return {
    state,
    logIn: async (username: string, password: string) => {
      queryClient.setQueryData(
        sessionKey,
        signedIn(await logIn(username, password)),
      );
    },
    logOut: async () => {
      try {
        await logOut();
      } catch (error) {
        // An expired session is signed out already; anything else is shown.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
      endSession(queryClient);
    },
    /** Asks the server again (after an error, or a password change). */
    reload: () => queryClient.resetQueries({ queryKey: sessionKey }),
  };
}

/** Signs the console out when any request finds the session gone (401). */
export function useSessionExpiry(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    setSessionExpiredHandler(() => endSession(queryClient));
    return () => setSessionExpiredHandler(undefined);
  }, [queryClient]);
}

/** The signed-in account; only for screens behind the sign-in. */
export function useAccount(): StaffAccount {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("not signed in");
  return state.account;
}
