import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { Incident, SeatView } from "@shared/attempts";
import { ErrorAlert } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { ActionDialog } from "./ActionDialog";
import { acknowledgeIncident, deliveryQueries, grantIncident } from "./api";
import { incidentTypeText } from "./SeatPanel";
import { clockTime, formatDuration } from "./time";

/**
 * A slot's incidents, oldest first: staff acknowledge them with a comment,
 * and the operator gives measured downtime back to the candidate. A new
 * one pushed on the live socket reloads the queue (use-live-updates.ts).
 */
export function IncidentQueue({
  slotId,
  account,
  seats,
  zone,
}: {
  slotId: string;
  account: StaffAccount;
  seats: readonly SeatView[];
  zone: string;
}) {
  const { t } = useI18n();
  const incidents = useQuery(deliveryQueries.incidents(slotId));
  const handled = {
    invalidates: [deliveryQueries.incidents(slotId).queryKey],
  };
  const acknowledge = useMutation({
    mutationFn: (input: { incident: Incident; comment: string }) =>
      acknowledgeIncident(input.incident.id, input.comment),
    meta: handled,
  });
  const grant = useMutation({
    mutationFn: (input: { incident: Incident; reason: string }) =>
      grantIncident(input.incident.id, input.reason),
    meta: handled,
  });
  const [acknowledging, setAcknowledging] = useState<Incident | null>(null);
  const [granting, setGranting] = useState<Incident | null>(null);
  const supervises =
    account.role === "administrator" || account.role === "operator";
  const label = (seatId: string) =>
    seats.find((seat) => seat.seatId === seatId)?.label ?? seatId;
  const list = incidents.data ?? [];

  return (
    <section className="card" aria-labelledby="incident-queue">
      <div className="card__header">
        <h2 id="incident-queue">{t("incidents.title")}</h2>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void incidents.refetch()}
        >
          {t("common.refresh")}
        </button>
      </div>
      <ErrorAlert error={incidents.error} />
      {incidents.data && list.length === 0 ? (
        <p className="empty">{t("incidents.none")}</p>
      ) : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="incident-queue">
            <thead>
              <tr>
                <th scope="col">{t("incidents.at")}</th>
                <th scope="col">{t("incidents.seat")}</th>
                <th scope="col">{t("incidents.type")}</th>
                <th scope="col" className="num">
                  {t("incidents.duration")}
                </th>
                <th scope="col">{t("incidents.handling")}</th>
                {supervises ? (
                  <th scope="col">
                    <span className="sr-only">{t("slots.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.map((incident) => (
                <tr key={incident.id} data-incident={incident.id}>
                  <td className="mono">{clockTime(incident.at, zone)}</td>
                  <th scope="row" className="mono">
                    {label(incident.seatId)}
                  </th>
                  <td>
                    {incidentTypeText(t, incident.type)}
                    <span className="muted small">
                      {" "}
                      · {t(`incidents.source.${incident.source}`)}
                    </span>
                    {incident.detail ? (
                      <>
                        <br />
                        <span className="small">{incident.detail}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="num mono">
                    {incident.durationMs
                      ? formatDuration(incident.durationMs)
                      : t("common.none")}
                  </td>
                  <td>
                    {incident.acknowledgedBy ? (
                      <span className="badge badge--success">
                        <Icon name="check" size={14} />
                        {t("incidents.acknowledged", {
                          by: incident.acknowledgedBy,
                        })}
                      </span>
                    ) : (
                      <span className="badge badge--warning">
                        <Icon name="warning" size={14} />
                        {t("incidents.open")}
                      </span>
                    )}
                    {incident.grantedMs !== undefined ? (
                      <>
                        <br />
                        <span className="small">
                          {t("incidents.granted", {
                            duration: formatDuration(incident.grantedMs),
                          })}
                        </span>
                      </>
                    ) : null}
                    {(incident.comments ?? []).map((comment) => (
                      <p key={comment.at} className="small muted">
                        {comment.by}: {comment.text}
                      </p>
                    ))}
                  </td>
                  {supervises ? (
                    <td>
                      <div className="button-row">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => setAcknowledging(incident)}
                        >
                          {t("incidents.acknowledge")}
                        </button>
                        {account.role === "operator" &&
                        incident.durationMs &&
                        incident.grantedMs === undefined ? (
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => setGranting(incident)}
                          >
                            {t("incidents.grant", {
                              duration: formatDuration(incident.durationMs),
                            })}
                          </button>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {acknowledging ? (
        <ActionDialog
          title={t("incidents.acknowledgeTitle")}
          lead={`${label(acknowledging.seatId)} · ${incidentTypeText(t, acknowledging.type)}`}
          confirmLabel={t("incidents.acknowledge")}
          fields={{ reason: "optional" }}
          reasonLabel={t("incidents.comment")}
          onConfirm={({ reason }) =>
            acknowledge.mutateAsync({
              incident: acknowledging,
              comment: reason,
            })
          }
          onClose={() => setAcknowledging(null)}
        />
      ) : null}
      {granting ? (
        <ActionDialog
          title={t("incidents.grantTitle", {
            duration: formatDuration(granting.durationMs ?? 0),
          })}
          lead={t("incidents.grantLead")}
          confirmLabel={t("incidents.grant", {
            duration: formatDuration(granting.durationMs ?? 0),
          })}
          fields={{ reason: "optional" }}
          onConfirm={({ reason }) =>
            grant.mutateAsync({ incident: granting, reason })
          }
          onClose={() => setGranting(null)}
        />
      ) : null}
    </section>
  );
}
