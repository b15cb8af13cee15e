import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, ErrorAlert } from "../../../components/common";
import { DataTable } from "../../../components/DataTable";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { ActionDialog } from "./ActionDialog";
import { deliveryQueries, reopenOutageExpired } from "./api";
import { clockTime, formatDuration } from "./time";

const REFRESH_MS = 30_000;

/**
 * For the administrator on the slot's seat map: attempts whose time ran
 * out in the first seconds of an outage, before Synaq could tell nobody
 * served the kiosks. One action reopens them all, each with the time it
 * had when the outage began. Shown only while there is one; a seat's
 * change on the live map looks again (see use-live-updates.ts).
 */
export function OutageExpiredPanel({
  slotId,
  zone,
}: {
  slotId: string;
  zone: string;
}) {
  const { t, errorText } = useI18n();
  const expired = useQuery({
    ...deliveryQueries.outageExpired(slotId),
    refetchInterval: REFRESH_MS,
  });
  const [confirming, setConfirming] = useState(false);
  const reopen = useMutation({
    mutationFn: () => reopenOutageExpired(slotId),
    meta: { invalidates: [deliveryQueries.outageExpired(slotId).queryKey] },
  });
  const done = reopen.data;

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
        <DataTable
          caption={t("outageExpired.title")}
          rows={rows}
          rowKey={(row) => row.attemptId}
          rowData={(row) => ({ "data-attempt": row.attemptId })}
          columns={[
            {
              header: t("incidents.seat"),
              rowHeader: true,
              cell: (row) => row.seatLabel,
            },
            {
              header: t("outageExpired.candidate"),
              cell: (row) => row.fullName,
            },
            {
              header: t("outageExpired.expiredAt"),
              className: "mono",
              cell: (row) => clockTime(row.deadlineAt, zone),
            },
            {
              header: t("outageExpired.remaining"),
              headerClassName: "num",
              className: "num mono",
              cell: (row) => formatDuration(row.remainingMs),
            },
          ]}
        />
      ) : null}
      {confirming ? (
        <ActionDialog
          title={t("outageExpired.confirmTitle", { count: rows.length })}
          lead={t("outageExpired.confirmLead")}
          confirmLabel={t("outageExpired.reopenAll")}
          onConfirm={() => reopen.mutateAsync()}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
