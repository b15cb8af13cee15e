import { useQuery } from "@tanstack/react-query";
import type { Outage } from "@shared/outages";
import { ErrorAlert } from "../../../components/common";
import { DataTable } from "../../../components/DataTable";
import { Icon } from "../../../components/Icon";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { deliveryQueries } from "./api";
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
  const outages = useQuery({
    ...deliveryQueries.outages(),
    refetchInterval: REFRESH_MS,
  });

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
        <DataTable
          caption={t("outages.title")}
          rows={rows}
          rowKey={(outage) => outage.id}
          rowData={(outage) => ({ "data-outage": outage.id })}
          columns={[
            {
              header: t("outages.startedAt"),
              rowHeader: true,
              className: "mono",
              cell: (outage) => at(outage.startedAt),
            },
            {
              header: t("outages.endedAt"),
              className: "mono",
              cell: (outage) => at(outage.endedAt),
            },
            {
              header: t("outages.duration"),
              className: "mono",
              cell: (outage) => formatDuration(outage.durationMs),
            },
            {
              header: t("outages.credited"),
              cell: (outage) => <OutageCredits outage={outage} />,
            },
          ]}
        />
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
