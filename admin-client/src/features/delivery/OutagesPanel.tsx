import { useEffect } from "react";
import type { Outage } from "@shared/outages";
import { ErrorAlert } from "../../components/common";
import { Icon } from "../../components/Icon";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import { listOutages } from "./api";
import { formatDuration } from "./time";

/** An outage is recorded the moment service resumes; this is soon enough. */
const REFRESH_MS = 30_000;

const at = (ms: number) => formatDateTime(new Date(ms).toISOString());

/**
 * The outages Synaq recorded (no realtime process serving the kiosks, or
 * Redis unreachable) and, per outage, the test time given back to each
 * running attempt of the account's centers. Shown only once there was one.
 */
export function OutagesPanel() {
  const { t } = useI18n();
  const outages = useResource("outages", listOutages);
  const { reload } = outages;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const rows = outages.data?.outages ?? [];
  if (rows.length === 0 && !outages.error) return null;
  const minCreditMs = outages.data?.minCreditMs ?? 0;
  return (
    <section className="card" aria-labelledby="outages" data-testid="outages">
      <h2 id="outages">
        <Icon name="warning" size={20} /> {t("outages.title")}
      </h2>
      <p className="muted">
        {t("outages.lead", { minimum: formatDuration(minCreditMs) })}
      </p>
      <ErrorAlert error={outages.error} />
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("outages.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outages.startedAt")}</th>
                <th scope="col">{t("outages.endedAt")}</th>
                <th scope="col">{t("outages.duration")}</th>
                <th scope="col">{t("outages.credited")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((outage) => (
                <tr key={outage.id} data-outage={outage.id}>
                  <th scope="row" className="mono">
                    {at(outage.startedAt)}
                  </th>
                  <td className="mono">{at(outage.endedAt)}</td>
                  <td className="mono">{formatDuration(outage.durationMs)}</td>
                  <td>
                    <OutageCredits outage={outage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** What one outage gave back: a count, and each attempt on demand. */
function OutageCredits({ outage }: { outage: Outage }) {
  const { t } = useI18n();
  if (!outage.creditable) return <>{t("outages.tooShort")}</>;
  if (outage.creditedAt === null) return <>{t("outages.crediting")}</>;
  if (outage.credits.length === 0) return <>{t("outages.nothingRunning")}</>;
  return (
    <details>
      <summary>
        {t("outages.attempts", { count: outage.credits.length })}
      </summary>
      <ul className="plain-list">
        {outage.credits.map((credit) => (
          <li key={credit.attemptId} data-attempt={credit.attemptId}>
            {t("outages.credit", {
              name: credit.fullName || credit.attemptId.slice(0, 8),
              duration: formatDuration(credit.ms),
              deadline: at(credit.deadlineAt),
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}
