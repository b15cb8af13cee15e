import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import type { StaffScope } from "@shared/accounts";
import type { StaffRole } from "@shared/enums";
import {
  ApiError,
  api,
  setCsrfToken,
  setSessionExpiredHandler,
} from "../../lib/api";

export interface Account {
  id: string;
  username: string;
  fullName: string;
  role: StaffRole;
  /** The centers the account serves, or the network (missing: network). */
  scope?: StaffScope;
  /** After a manager's reset: the console shows only the password form. */
  mustChangePassword?: boolean;
}

interface SessionAnswer {
  account: Account;
  csrfToken: string;
}

type SessionState =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "error"; error: unknown }
  | { status: "signed-in"; account: Account };

interface SessionContextValue {
  state: SessionState;
  logIn: (username: string, password: string) => Promise<void>;
  logOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * The console's staff session: restored from the cookie on load
 * (GET /auth/session, 401 means signed out), kept with its CSRF token.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.get<SessionAnswer>("/auth/session").then(
      (session) => {
        if (cancelled) return;
        setCsrfToken(session.csrfToken);
        setState({ status: "signed-in", account: session.account });
      },
      (error: unknown) => {
        if (cancelled) return;
        setCsrfToken(undefined);
        if (error instanceof ApiError && error.status === 401) {
          setState({ status: "signed-out" });
        } else {
          setState({ status: "error", error });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      setCsrfToken(undefined);
      setState({ status: "signed-out" });
    });
    return () => setSessionExpiredHandler(undefined);
  }, []);

  const logIn = useCallback(async (username: string, password: string) => {
    const session = await api.post<SessionAnswer>("/auth/login", {
      username,
      password,
    });
    setCsrfToken(session.csrfToken);
    setState({ status: "signed-in", account: session.account });
  }, []);

  const logOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } catch (error) {
      // An expired session is signed out already; anything else is shown.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(undefined);
    setState({ status: "signed-out" });
  }, []);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((value) => value + 1);
  }, []);

  const value = useMemo(
    () => ({ state, logIn, logOut, retry }),
    [state, logIn, logOut, retry],
  );
  return createElement(SessionContext.Provider, { value }, children);
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in account; only for screens behind the sign-in. */
export function useAccount(): Account {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("not signed in");
  return state.account;
}
