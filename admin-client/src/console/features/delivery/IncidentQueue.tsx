import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { SeatView } from "@shared/attempts";
import type { IncidentEpisode } from "@shared/incidents";
import { ErrorAlert } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { slotKeys } from "../slots/api";
import { ActionDialog } from "./ActionDialog";
import { grantIncident } from "./api";
import { episodeTitle, incidentDescription } from "./incident-words";
import { acknowledgeEpisodes, incidentQueries } from "./incidents-api";
import { clockTime, formatDuration } from "./time";

/**
 * A slot's incidents folded per seat and episode, oldest first: a kiosk
 * that dropped off and came back five times is one line with a count and
 * a time span. Staff acknowledge an episode, or many at once with one
 * comment; the operator gives measured downtime back while the test still
 * runs. Short disconnects the kiosk recovered from close by themselves.
 * A new incident pushed on the live socket reloads the queue
 * (use-live-updates.ts); so does a seat whose badge or state changed.
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
  const queryClient = useQueryClient();
  const episodes = useQuery(incidentQueries.episodes(slotId));
  const handled = { invalidates: [slotKeys.part(slotId, "incidents")] };
  const acknowledge = useMutation({
    mutationFn: (input: { episodeIds: string[]; comment: string }) =>
      acknowledgeEpisodes(slotId, {
        episodeIds: input.episodeIds,
        ...(input.comment ? { comment: input.comment } : {}),
      }),
    meta: handled,
  });
  const grant = useMutation({
    mutationFn: async (input: { episode: IncidentEpisode; reason: string }) => {
      for (const incidentId of input.episode.grantable.incidentIds)
        await grantIncident(incidentId, input.reason);
    },
    meta: handled,
  });
  const [acknowledging, setAcknowledging] = useState<IncidentEpisode | null>(
    null,
  );
  const [granting, setGranting] = useState<IncidentEpisode | null>(null);
  const [bulk, setBulk] = useState<IncidentEpisode[] | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);

  // An automatic close, an acknowledgement elsewhere or the test ending
  // changes a seat's badge or state: what the queue offers changes too.
  const signature = seats
    .map(
      (seat) =>
        `${seat.seatId}:${seat.attempt?.id ?? ""}:${seat.attempt?.state ?? ""}:${seat.attempt?.incidents ?? 0}`,
    )
    .join("|");
  const seen = useRef(signature);
  useEffect(() => {
    if (seen.current === signature) return;
    seen.current = signature;
    void queryClient.invalidateQueries({
      queryKey: slotKeys.part(slotId, "incidents"),
    });
  }, [signature, slotId, queryClient]);

  const supervises =
    account.role === "administrator" || account.role === "operator";
  const label = (seatId: string) =>
    seats.find((seat) => seat.seatId === seatId)?.label ?? seatId;
  const list = episodes.data ?? [];
  const open = list.filter((episode) => episode.status === "open");
  const openConnection = open.filter(
    (episode) => episode.kind === "connection",
  );
  const chosen = open.filter((episode) => selected.has(episode.id));
  const toggle = (episodeId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(episodeId)) next.delete(episodeId);
      else next.add(episodeId);
      return next;
    });
  const span = (episode: IncidentEpisode) => {
    const from = clockTime(episode.firstAt, zone);
    const to = clockTime(episode.lastAt, zone);
    return from === to ? from : `${from}–${to}`;
  };
  const seatList = (chosenEpisodes: readonly IncidentEpisode[]) =>
    [...new Set(chosenEpisodes.map((episode) => label(episode.seatId)))].join(
      ", ",
    );

  return (
    <section className="card" aria-labelledby="incident-queue">
      <div className="card__header">
        <h2 id="incident-queue">{t("incidents.title")}</h2>
        <div className="button-row">
          {supervises && openConnection.length > 0 ? (
            <button
              type="button"
              className="button button--small"
              data-testid="acknowledge-connection"
              onClick={() => {
                setDone(null);
                setBulk(openConnection);
              }}
            >
              {t("incidents.bulkAll", { count: openConnection.length })}
            </button>
          ) : null}
          {supervises && chosen.length > 0 ? (
            <button
              type="button"
              className="button button--small"
              data-testid="acknowledge-selected"
              onClick={() => {
                setDone(null);
                setBulk(chosen);
              }}
            >
              {t("incidents.bulkSelected", { count: chosen.length })}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void episodes.refetch()}
          >
            {t("common.refresh")}
          </button>
        </div>
      </div>
      <ErrorAlert error={episodes.error} />
      {done ? (
        <p className="small" role="status">
          <Icon name="check" size={14} /> {done}
        </p>
      ) : null}
      {episodes.data && list.length === 0 ? (
        <p className="empty">{t("incidents.none")}</p>
      ) : null}
      {list.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="incident-queue">
            <thead>
              <tr>
                {supervises ? (
                  <th scope="col">
                    <span className="sr-only">{t("incidents.selectAll")}</span>
                  </th>
                ) : null}
                <th scope="col">{t("incidents.span")}</th>
                <th scope="col">{t("incidents.seat")}</th>
                <th scope="col">{t("incidents.type")}</th>
                <th scope="col" className="num">
                  {t("incidents.downtime")}
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
              {list.map((episode) => (
                <EpisodeRow
                  key={episode.id}
                  episode={episode}
                  seat={label(episode.seatId)}
                  span={span(episode)}
                  supervises={supervises}
                  canGrant={account.role === "operator"}
                  selected={selected.has(episode.id)}
                  onToggle={() => toggle(episode.id)}
                  onAcknowledge={() => {
                    setDone(null);
                    setAcknowledging(episode);
                  }}
                  onGrant={() => {
                    setDone(null);
                    setGranting(episode);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {acknowledging ? (
        <ActionDialog
          title={t("incidents.acknowledgeEpisodeTitle", {
            seat: label(acknowledging.seatId),
          })}
          lead={`${span(acknowledging)} · ${episodeTitle(t, acknowledging)}${
            acknowledging.count > 1
              ? ` · ${t("incidents.events", { count: acknowledging.count })}`
              : ""
          }`}
          confirmLabel={t("incidents.acknowledge")}
          fields={{ reason: "optional" }}
          reasonLabel={t("incidents.comment")}
          onConfirm={({ reason }) =>
            acknowledge.mutateAsync({
              episodeIds: [acknowledging.id],
              comment: reason,
            })
          }
          onClose={() => setAcknowledging(null)}
        />
      ) : null}
      {bulk ? (
        <ActionDialog
          title={t("incidents.bulkTitle", { count: bulk.length })}
          lead={t("incidents.bulkLead", { seats: seatList(bulk) })}
          confirmLabel={t("incidents.acknowledge")}
          fields={{ reason: "optional" }}
          reasonLabel={t("incidents.comment")}
          onConfirm={async ({ reason }) => {
            const result = await acknowledge.mutateAsync({
              episodeIds: bulk.map((episode) => episode.id),
              comment: reason,
            });
            setSelected(new Set());
            setDone(t("incidents.bulkDone", { count: result.episodes }));
          }}
          onClose={() => setBulk(null)}
        />
      ) : null}
      {granting ? (
        <ActionDialog
          title={t("incidents.grantTitle", {
            duration: formatDuration(granting.grantable.ms),
          })}
          lead={t("incidents.grantLead")}
          confirmLabel={t("incidents.grant", {
            duration: formatDuration(granting.grantable.ms),
          })}
          fields={{ reason: "optional" }}
          onConfirm={({ reason }) =>
            grant.mutateAsync({ episode: granting, reason })
          }
          onClose={() => setGranting(null)}
        />
      ) : null}
    </section>
  );
}

/** One seat's episode: what happened, how often, and what can still be done. */
function EpisodeRow({
  episode,
  seat,
  span,
  supervises,
  canGrant,
  selected,
  onToggle,
  onAcknowledge,
  onGrant,
}: {
  episode: IncidentEpisode;
  seat: string;
  span: string;
  supervises: boolean;
  canGrant: boolean;
  selected: boolean;
  onToggle: () => void;
  onAcknowledge: () => void;
  onGrant: () => void;
}) {
  const { t } = useI18n();
  const isOpen = episode.status === "open";
  const description =
    episode.kind === "connection"
      ? [
          episode.downtimeMs > 0
            ? incidentDescription(t, {
                type: "disconnect",
                source: "server",
                durationMs: episode.downtimeMs,
                detail: "",
              })
            : "",
          episode.types.includes("reload")
            ? t("incidents.describe.reload")
            : "",
        ]
          .filter(Boolean)
          .join(" ")
      : episode.detail;
  return (
    <tr
      data-episode={episode.id}
      data-seat-label={seat}
      data-status={episode.status}
      className={isOpen ? undefined : "muted"}
    >
      {supervises ? (
        <td>
          {isOpen ? (
            <input
              type="checkbox"
              aria-label={t("incidents.select", { seat })}
              checked={selected}
              onChange={onToggle}
            />
          ) : null}
        </td>
      ) : null}
      <td className="mono">{span}</td>
      <th scope="row" className="mono">
        {seat}
      </th>
      <td>
        {episodeTitle(t, episode)}
        {episode.count > 1 ? (
          <span className="badge" data-testid="episode-count">
            {t("incidents.events", { count: episode.count })}
          </span>
        ) : null}
        {episode.kind !== "connection" && episode.kind !== "staff" ? (
          <span className="muted small"> · {t("incidents.source.kiosk")}</span>
        ) : null}
        {description ? (
          <>
            <br />
            <span className="small">{description}</span>
          </>
        ) : null}
      </td>
      <td className="num mono">
        {episode.downtimeMs > 0
          ? formatDuration(episode.downtimeMs)
          : t("common.none")}
      </td>
      <td>
        {episode.status === "open" ? (
          <span className="badge badge--warning">
            <Icon name="warning" size={14} />
            {t("incidents.open")}
          </span>
        ) : episode.status === "auto_closed" ? (
          <span className="badge badge--success">
            <Icon name="check" size={14} />
            {t("incidents.status.auto_closed")}
          </span>
        ) : (
          <span className="badge badge--success">
            <Icon name="check" size={14} />
            {t("incidents.acknowledged", {
              by: episode.acknowledgedBy ?? "",
            })}
          </span>
        )}
        {episode.autoClosedCount > 0 && episode.status !== "auto_closed" ? (
          <>
            <br />
            <span className="small">
              {t("incidents.autoClosedPart", {
                count: episode.autoClosedCount,
              })}
            </span>
          </>
        ) : null}
        {episode.grantedMs > 0 ? (
          <>
            <br />
            <span className="small">
              {t("incidents.granted", {
                duration: formatDuration(episode.grantedMs),
              })}
            </span>
          </>
        ) : null}
        {episode.comments.map((comment) => (
          <p key={`${comment.at}-${comment.by}`} className="small muted">
            {comment.by}: {comment.text}
          </p>
        ))}
      </td>
      {supervises ? (
        <td>
          <div className="button-row">
            {isOpen ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={onAcknowledge}
              >
                {t("incidents.acknowledge")}
              </button>
            ) : null}
            {/* Under a second is nothing to give back ("0:00"). */}
            {canGrant && episode.grantable.ms >= 1000 ? (
              <button
                type="button"
                className="button button--small"
                onClick={onGrant}
              >
                {t("incidents.grant", {
                  duration: formatDuration(episode.grantable.ms),
                })}
              </button>
            ) : null}
          </div>
        </td>
      ) : null}
    </tr>
  );
}
