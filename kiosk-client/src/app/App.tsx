import { useCallback, useEffect, useState } from "react";
import { Frame } from "../components/Frame";
import { Station } from "../features/attempt/Station";
import { EnrollmentScreen } from "../features/enrollment/EnrollmentScreen";
import type { Kiosk } from "@shared/kiosks";
import {
  ApiError,
  clearDeviceToken,
  fetchKiosk,
  loadDeviceToken,
  wasRevoked,
} from "../lib/api";
import { useI18n } from "../lib/i18n";

type Phase =
  | { name: "enroll"; revoked: boolean }
  | { name: "checking"; token: string; error?: string }
  | { name: "station"; token: string; kiosk: Kiosk };

const RETRY_MS = 5_000;

/**
 * The kiosk's screens: enrollment until it holds a device token, then the
 * seat's station (idle, or a candidate's attempt). A token the server
 * refuses sends it back to enrollment.
 */
export function App() {
  const { t, errorText } = useI18n();
  const [phase, setPhase] = useState<Phase>(() => {
    const token = loadDeviceToken();
    return token
      ? { name: "checking", token }
      : { name: "enroll", revoked: wasRevoked() };
  });

  const revoked = useCallback(() => {
    clearDeviceToken();
    setPhase({ name: "enroll", revoked: true });
  }, []);

  const checkingToken = phase.name === "checking" ? phase.token : null;
  useEffect(() => {
    if (!checkingToken) return;
    let cancelled = false;
    let timer: number | undefined;
    const check = () => {
      fetchKiosk(checkingToken).then(
        ({ kiosk }) => {
          if (!cancelled)
            setPhase({ name: "station", token: checkingToken, kiosk });
        },
        (error: unknown) => {
          if (cancelled) return;
          if (error instanceof ApiError && error.status === 401) {
            revoked();
            return;
          }
          // The server or network is down: keep the token and try again.
          setPhase({
            name: "checking",
            token: checkingToken,
            error: errorText(error),
          });
          timer = window.setTimeout(check, RETRY_MS);
        },
      );
    };
    check();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [checkingToken, revoked, errorText]);

  // A refused socket may be a revoked token or a server hiccup: ask again.
  const recheck = useCallback(() => {
    setPhase((current) =>
      current.name === "station"
        ? { name: "checking", token: current.token }
        : current,
    );
  }, []);

  switch (phase.name) {
    case "enroll":
      return (
        <EnrollmentScreen
          notice={phase.revoked ? t("enroll.revoked") : undefined}
          onEnrolled={(token, kiosk) =>
            setPhase({ name: "station", token, kiosk })
          }
        />
      );
    case "checking":
      return (
        <Frame>
          <section className="panel" aria-busy={!phase.error}>
            <h1>{t("idle.checking")}</h1>
            {phase.error ? (
              <p className="notice notice--error" role="alert">
                {phase.error}
              </p>
            ) : (
              <span className="spinner" aria-hidden="true" />
            )}
          </section>
        </Frame>
      );
    case "station":
      return (
        <Station token={phase.token} kiosk={phase.kiosk} onRevoked={recheck} />
      );
  }
}
