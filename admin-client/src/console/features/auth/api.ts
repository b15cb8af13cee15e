import { queryOptions } from "@tanstack/react-query";
import type {
  PasswordChangeRequest,
  StaffAccount,
  StaffSession,
} from "@shared/accounts";
import { api, ApiError, setCsrfToken } from "../../../lib/api";

export type SessionState =
  { status: "signed-out" } | { status: "signed-in"; account: StaffAccount };

/** Keeps the session's CSRF token for the changes that follow. */
export function signedIn(session: StaffSession): SessionState {
  setCsrfToken(session.csrfToken);
  return { status: "signed-in", account: session.account };
}

export function signedOut(): SessionState {
  setCsrfToken(undefined);
  return { status: "signed-out" };
}

export const sessionQueries = {
  /**
   * The staff session, restored from the cookie on load; 401 means signed
   * out. It changes only by signing in or out (set here, not refetched).
   */
  current: () =>
    queryOptions({
      queryKey: ["session"],
      queryFn: async () => {
        try {
          return signedIn(await api.get<StaffSession>("/auth/session"));
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) {
            return signedOut();
          }
          setCsrfToken(undefined);
          throw error;
        }
      },
      staleTime: Infinity,
    }),
};

export const logIn = (username: string, password: string) =>
  api.post<StaffSession>("/auth/login", { username, password });

export const logOut = () => api.post("/auth/logout");

export const changePassword = (body: PasswordChangeRequest) =>
  api.post("/auth/password", body);
