import type { KioskAttemptView } from "@shared/attempts";
import { toLocalTime } from "@shared/time";
import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { formatClockTime } from "../../lib/countdown";
import { useI18n } from "../../lib/i18n";
import { programKindOf, WORDING, type ProgramFacts } from "../../lib/wording";
import type { SessionState } from "./session";

/**
 * The submission is confirmed. The result is handed over by the
 * administrator: the kiosk shows no score (no center allows it yet).
 */
export function FinishedScreen({
  kiosk,
  state,
  attempt,
  facts,
}: {
  kiosk: Kiosk;
  state: SessionState;
  attempt: KioskAttemptView;
  facts: ProgramFacts | null;
}) {
  const { t } = useI18n();
  const wording = WORDING[programKindOf(attempt, facts)];
  const expired = attempt.state === "expired";
  const answered = attempt.items.filter(
    (item) => (state.answers[item.id]?.response.length ?? 0) > 0,
  ).length;
  const at = attempt.submittedAt;
  return (
    <Frame status={<StatusBar connection={state.connection} kiosk={kiosk} />}>
      <section
        className="panel panel--wide finished"
        aria-labelledby="finished-title"
        data-testid="finished"
      >
        <svg className="finished__mark" viewBox="0 0 48 48" aria-hidden="true">
          <circle cx="24" cy="24" r="22" fill="currentColor" />
          <path
            d="M14 25l7 7 13-15"
            fill="none"
            stroke="#fff"
            strokeWidth="4"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <h1 id="finished-title">
          {expired ? t("finished.expiredTitle") : t("finished.title")}
        </h1>
        {expired ? <p className="lead">{t("finished.expiredLead")}</p> : null}
        <dl className="facts">
          {at !== null ? (
            <>
              <dt className="visually-hidden">{t("finished.title")}</dt>
              <dd>
                {t("finished.at", {
                  time: `${toLocalTime(at, kiosk.timezone).date} ${formatClockTime(at, kiosk.timezone)}`,
                })}
              </dd>
            </>
          ) : null}
          {attempt.items.length > 0 ? (
            <>
              <dt className="visually-hidden">{t(wording.navigator)}</dt>
              <dd>
                {t(wording.answered, {
                  n: answered,
                  total: attempt.items.length,
                })}
              </dd>
            </>
          ) : null}
        </dl>
        <p className="notice notice--info">{t("finished.result")}</p>
      </section>
    </Frame>
  );
}
