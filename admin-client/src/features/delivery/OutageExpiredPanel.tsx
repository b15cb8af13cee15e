import { useEffect, useState } from "react";
import type { ReopenResult } from "@shared/outages";
import { Alert, ErrorAlert } from "../../components/common";
import { Icon } from "../../components/Icon";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import { ActionDialog } from "./ActionDialog";
import { listOutageExpired, reopenOutageExpired } from "./api";
import { clockTime, formatDuration } from "./time";

const REFRESH_MS = 30_000;

/**
 * For the administrator on the slot's seat map: attempts whose time ran
 * out in the first seconds of an outage, before Synaq could tell nobody
 * served the kiosks. One action reopens them all, each with the time it
 * had when the outage began. Shown only while there is one.
 */
export function OutageExpiredPanel({
  slotId,
  zone,
  finished,
}: {
  slotId: string;
  zone: string;
  /** How many seats show a finished test: a change looks again. */
  finished: number;
}) {
  const { t, errorText } = useI18n();
  const expired = useResource(
    `outage-expired:${slotId}:${finished}`,
    (signal) => listOutageExpired(slotId, signal),
  );
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<ReopenResult | null>(null);
  const { reload } = expired;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const rows = expired.data?.attempts ?? [];
  if (rows.length === 0 && !expired.error && !done) return null;
  return (
    <section
      className="card"
      aria-labelledby="outage-expired"
      data-testid="outage-expired"
    >
      <div className="card__header">
        <h2 id="outage-expired">
          <Icon name="warning" size={20} /> {t("outageExpired.title")}
        </h2>
        {rows.length > 0 ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(true)}
          >
            {t("outageExpired.reopenAll")}
          </button>
        ) : null}
      </div>
      <p className="muted">{t("outageExpired.lead")}</p>
      <ErrorAlert error={expired.error} />
      {done ? (
        <Alert kind={done.refused.length > 0 ? "warning" : "success"}>
          <p>{t("outageExpired.done", { count: done.reopened.length })}</p>
          {done.refused.length > 0 ? (
            <ul>
              {done.refused.map((refusal) => (
                <li key={refusal.attemptId}>
                  {refusal.attemptId.slice(0, 8)}:{" "}
                  {errorText({ id: refusal.error })}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("outageExpired.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("incidents.seat")}</th>
                <th scope="col">{t("outageExpired.candidate")}</th>
                <th scope="col">{t("outageExpired.expiredAt")}</th>
                <th scope="col" className="num">
                  {t("outageExpired.remaining")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.attemptId} data-attempt={row.attemptId}>
                  <th scope="row">{row.seatLabel}</th>
                  <td>{row.fullName}</td>
                  <td className="mono">{clockTime(row.deadlineAt, zone)}</td>
                  <td className="num mono">
                    {formatDuration(row.remainingMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {confirming ? (
        <ActionDialog
          title={t("outageExpired.confirmTitle", { count: rows.length })}
          lead={t("outageExpired.confirmLead")}
          confirmLabel={t("outageExpired.reopenAll")}
          onConfirm={async () => {
            setDone(await reopenOutageExpired(slotId));
            reload();
          }}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
