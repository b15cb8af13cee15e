import { useState } from "react";
import type { KioskAttemptView } from "@shared/attempts";
import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { toLocalTime } from "@shared/time";
import { useServerNow } from "../../lib/clock";
import { useI18n } from "../../lib/i18n";
import { enterFullscreen } from "../../lib/lockdown";
import type { AttemptSession, SessionState } from "./session";

/**
 * "Is this you?": name, program and test language before anything else.
 * Admitted before the slot's start, the candidate waits here: the screen
 * says when the test starts and who may start it earlier (`EARLY_START`),
 * on the center's clock; where only the time or an administrator moves
 * them on, the confirmation waits for the time (the server refuses it
 * earlier too), and an administrator's start moves the kiosk on at once.
 */
export function IdentityScreen({
  kiosk,
  state,
  attempt,
  session,
}: {
  kiosk: Kiosk;
  state: SessionState;
  attempt: KioskAttemptView;
  session: AttemptSession;
}) {
  const { t, language, errorIdText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const serverNow = useServerNow(state.offset);
  const before = serverNow !== null && serverNow < attempt.startsAt;
  const held = attempt.earlyStart !== "candidate" && before;
  const startTime = toLocalTime(attempt.startsAt, attempt.timeZone).time;

  async function confirm() {
    setBusy(true);
    setError(null);
    // The click is the gesture full screen needs; the rest follows it.
    await enterFullscreen();
    const failed = await session.confirm();
    if (failed) {
      setError(errorIdText(failed));
      setBusy(false);
    }
  }

  return (
    <Frame status={<StatusBar connection={state.connection} kiosk={kiosk} />}>
      <section className="panel panel--wide" aria-labelledby="identity-title">
        <h1 id="identity-title">{t("identity.title")}</h1>
        <p className="lead">{t("identity.lead")}</p>
        <dl className="facts">
          <dt>{t("identity.name")}</dt>
          <dd className="facts__name" data-testid="candidate-name">
            {attempt.candidate.fullName}
          </dd>
          <dt>{t("identity.program")}</dt>
          <dd>{attempt.program.titles[language]}</dd>
          <dt>{t("identity.language")}</dt>
          <dd>{t(`testLanguage.${attempt.candidate.language}`)}</dd>
        </dl>
        {before ? (
          <div
            className="notice notice--warning"
            role="status"
            data-testid="start-wait"
          >
            <p>{t("identity.startsAt", { time: startTime })}</p>
            <p>
              {t(`identity.wait.${attempt.earlyStart}`, { time: startTime })}
            </p>
          </div>
        ) : null}
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <button
          type="button"
          className="button"
          disabled={busy || held || state.connection !== "live"}
          onClick={() => void confirm()}
        >
          {t("identity.confirm")}
        </button>
        <p className="hint hint--after">{t("identity.wrong")}</p>
      </section>
    </Frame>
  );
}
