import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import { VOID_CAUSES, type SeatView, type VoidCause } from "@shared/attempts";
import type { AuditEntry } from "@shared/audit";
import type { AttemptState } from "@shared/enums";
import { auditActionText } from "../../../components/AuditTimeline";
import { ErrorAlert, Loading } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { ActionDialog, type ActionFields } from "./ActionDialog";
import { ChainSection } from "./ChainSection";
import { episodeTitle } from "./incident-words";
import {
  attemptQueries,
  seatCommand,
  voidAttempt,
  type SeatAction,
} from "./api";
import { clockTime, formatDuration } from "./time";

const ACTIVE: readonly AttemptState[] = [
  "admitted",
  "instructions",
  "in_progress",
  "paused",
];

/** Which seat actions a role may take, in which states, asking for what. */
const ACTIONS: {
  action: SeatAction;
  roles: readonly string[];
  states: readonly AttemptState[];
  fields: ActionFields | "seats";
  danger?: boolean;
}[] = [
  {
    action: "start",
    roles: ["administrator"],
    states: ["admitted", "instructions"],
    fields: {},
  },
  {
    action: "pause",
    roles: ["administrator", "operator"],
    states: ["in_progress"],
    fields: { reason: true },
  },
  {
    action: "resume",
    roles: ["administrator", "operator"],
    states: ["paused"],
    fields: { reason: true },
  },
  {
    action: "extend",
    roles: ["administrator"],
    states: ["in_progress", "paused"],
    fields: { minutes: true, reason: true },
  },
  {
    action: "reseat",
    roles: ["operator"],
    states: ACTIVE,
    fields: "seats",
  },
  {
    action: "reentry",
    roles: ["administrator", "operator"],
    states: ACTIVE,
    fields: { iin: true, reason: "optional" },
  },
  {
    action: "submit",
    roles: ["administrator"],
    states: ["in_progress", "paused"],
    fields: { reason: true },
    danger: true,
  },
  {
    action: "void",
    roles: ["administrator"],
    states: [...ACTIVE, "submitted", "expired", "scored"],
    fields: { reason: true },
    danger: true,
  },
];

const HOLDS_SEAT = new Set<string>(ACTIVE);

/**
 * A seat opened from the map: the candidate, the attempt's audit timeline
 * and incidents, and what this role may do to it. The detail reloads
 * whenever the live socket says the attempt changed (use-live-updates.ts).
 */
export function SeatPanel({
  seat,
  seats,
  account,
  zone,
  onClose,
}: {
  seat: SeatView;
  seats: readonly SeatView[];
  account: StaffAccount;
  zone: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const attempt = seat.attempt;
  const detail = useQuery({
    ...attemptQueries.detail(attempt?.id ?? ""),
    enabled: attempt !== null,
  });
  const command = useMutation({
    mutationFn: (input: {
      attemptId: string;
      action: SeatAction;
      body: Record<string, unknown>;
    }) =>
      input.action === "void"
        ? voidAttempt(input.attemptId, {
            reason:
              typeof input.body.reason === "string" ? input.body.reason : "",
            cause: input.body.cause as VoidCause,
          })
        : seatCommand(input.attemptId, input.action, input.body),
    meta: { invalidates: [attemptQueries.detail(attempt?.id ?? "").queryKey] },
  });
  const [open, setOpen] = useState<(typeof ACTIONS)[number] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Voiding asks why: it decides whether the sitting counts for a retake.
  const [cause, setCause] = useState<VoidCause | "">("");
  const [causeMissing, setCauseMissing] = useState(false);
  const causeId = useId();

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const actions = attempt
    ? ACTIONS.filter(
        (entry) =>
          entry.roles.includes(account.role) &&
          entry.states.includes(attempt.state),
      )
    : [];
  const freeSeats = seats
    .filter(
      (candidate) =>
        candidate.seatId !== seat.seatId &&
        candidate.kiosk !== null &&
        !(candidate.attempt && HOLDS_SEAT.has(candidate.attempt.state)),
    )
    .map((candidate) => ({ value: candidate.seatId, label: candidate.label }));

  return (
    <aside
      className="seat-panel"
      aria-labelledby="seat-panel-title"
      data-testid="seat-panel"
    >
      <div className="seat-panel__head">
        <h2 id="seat-panel-title" tabIndex={-1} ref={heading}>
          {t("panel.title", { seat: seat.label })}
        </h2>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={onClose}
        >
          <Icon name="cross" size={16} />
          {t("common.close")}
        </button>
      </div>
      {!attempt ? (
        <p className="muted">{t("seats.free")}</p>
      ) : (
        <>
          <dl className="facts facts--compact">
            <dt>{t("panel.candidate")}</dt>
            <dd>
              <strong>{attempt.fullName}</strong>
              <br />
              <span className="mono small">{attempt.maskedIin}</span>
            </dd>
            <dt>{t("desk.language")}</dt>
            <dd>{t(`testLanguage.${attempt.language}`)}</dd>
            <dt>{t("results.state")}</dt>
            <dd>{t(`attemptState.${attempt.state}`)}</dd>
            {attempt.extraMs > 0 ? (
              <>
                {/* Accommodated and added time alike: not all of it is an accommodation. */}
                <dt>{t("seat.extraTime")}</dt>
                <dd>+{formatDuration(attempt.extraMs)}</dd>
              </>
            ) : null}
            {attempt.accommodationNote ? (
              <>
                <dt>{t("desk.accommodation")}</dt>
                <dd>{attempt.accommodationNote}</dd>
              </>
            ) : null}
            {detail.data && detail.data.pausedTotalMs > 0 ? (
              <>
                <dt>{t("attemptState.paused")}</dt>
                <dd>
                  {t("panel.pausedFor", {
                    duration: formatDuration(detail.data.pausedTotalMs),
                  })}
                </dd>
              </>
            ) : null}
          </dl>

          {detail.data ? (
            <ChainSection
              detail={detail.data}
              account={account}
              seatLabel={seat.label}
              zone={zone}
            />
          ) : null}

          {actions.length > 0 ? (
            <section aria-labelledby="seat-panel-actions">
              <h3 id="seat-panel-actions">{t("panel.actions")}</h3>
              <div className="button-row">
                {actions.map((entry) => (
                  <button
                    key={entry.action}
                    type="button"
                    className={`button button--small${entry.danger ? " button--danger" : " button--secondary"}`}
                    onClick={() => {
                      setDone(null);
                      setCause("");
                      setCauseMissing(false);
                      setOpen(entry);
                    }}
                  >
                    {t(`action.${entry.action}`)}
                  </button>
                ))}
              </div>
              {done ? (
                <p className="small" role="status">
                  <Icon name="check" size={14} /> {done}
                </p>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="seat-panel-incidents">
            <h3 id="seat-panel-incidents">{t("panel.incidents")}</h3>
            {detail.data && detail.data.episodes.length === 0 ? (
              <p className="muted small">{t("panel.noIncidents")}</p>
            ) : null}
            {/* One line per episode: five reconnects are one line "×5". */}
            <ul className="timeline" data-testid="seat-incidents">
              {(detail.data?.episodes ?? []).map((episode) => (
                <li key={episode.id} data-status={episode.status}>
                  <span className="mono">
                    {clockTime(episode.firstAt, zone)}
                  </span>
                  <span>
                    {episodeTitle(t, episode)}
                    {episode.count > 1
                      ? ` · ${t("incidents.events", { count: episode.count })}`
                      : ""}
                    {episode.downtimeMs > 0
                      ? ` · ${formatDuration(episode.downtimeMs)}`
                      : ""}
                    {episode.grantedMs > 0
                      ? ` · ${t("incidents.granted", { duration: formatDuration(episode.grantedMs) })}`
                      : ""}
                    {episode.status === "auto_closed"
                      ? ` · ${t("incidents.status.auto_closed")}`
                      : episode.status === "open"
                        ? ` · ${t("incidents.open")}`
                        : ""}
                  </span>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="seat-panel-timeline">
            <h3 id="seat-panel-timeline">{t("panel.timeline")}</h3>
            {detail.isLoading ? <Loading /> : null}
            <ErrorAlert error={detail.error} />
            <ol className="timeline" data-testid="timeline">
              {[...(detail.data?.timeline ?? [])].reverse().map((entry) => (
                <TimelineRow key={entry.id} entry={entry} zone={zone} />
              ))}
            </ol>
          </section>
        </>
      )}

      {open && attempt ? (
        <ActionDialog
          title={t(`action.${open.action}.title`, { name: attempt.fullName })}
          lead={leadFor(t, open.action)}
          confirmLabel={t(`action.${open.action}`)}
          danger={open.danger}
          fields={
            open.fields === "seats"
              ? { seats: freeSeats, iin: true, reason: true }
              : open.fields
          }
          onConfirm={async (values) => {
            if (open.action === "void" && !cause) {
              setCauseMissing(true);
              document
                .querySelector<HTMLInputElement>(`input[name="${causeId}"]`)
                ?.focus();
              throw new ApiError(0, "void_cause_required", "no cause");
            }
            const body: Record<string, unknown> = {};
            if (open.fields === "seats") {
              Object.assign(body, {
                seatId: values.seatId,
                iin: values.iin,
                reason: values.reason,
              });
            } else {
              if (open.fields.reason && values.reason)
                body.reason = values.reason;
              if (open.fields.minutes) body.minutes = values.minutes;
              if (open.fields.iin) body.iin = values.iin;
              if (open.action === "void") body.cause = cause;
            }
            await command.mutateAsync({
              attemptId: attempt.id,
              action: open.action,
              body,
            });
            setDone(t("action.done"));
          }}
          onClose={() => setOpen(null)}
        >
          {open.action === "void" ? (
            <fieldset className="field" data-testid="void-cause">
              <legend>{t("void.cause")}</legend>
              <div className="choice-row">
                {VOID_CAUSES.map((value) => (
                  <label className="choice" key={value}>
                    <input
                      type="radio"
                      name={causeId}
                      value={value}
                      required
                      aria-invalid={causeMissing ? true : undefined}
                      checked={cause === value}
                      onChange={() => {
                        setCause(value);
                        setCauseMissing(false);
                      }}
                    />
                    {t(`void.cause.${value}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
        </ActionDialog>
      ) : null}
    </aside>
  );
}

type Translate = (
  key: MessageKey,
  values?: Record<string, string | number>,
) => string;

function leadFor(t: Translate, action: SeatAction): string | undefined {
  switch (action) {
    case "pause":
      return t("action.pause.lead");
    case "resume":
      return t("action.resume.lead");
    case "void":
      return t("action.void.lead");
    case "submit":
      return t("action.submit.lead");
    case "reseat":
      return t("action.reseat.lead");
    case "reentry":
      return t("desk.reentryLead");
    case "start":
      return t("action.start.lead");
    case "extend":
      return undefined;
  }
}

const TIMELINE_KEYS = new Set([
  "attempt.admitted",
  "attempt.instructions",
  "attempt.started",
  "attempt.paused",
  "attempt.resumed",
  "attempt.extended",
  "attempt.submitted",
  "attempt.expired",
  "attempt.scored",
  "attempt.signed",
  "attempt.official",
  "attempt.issued",
  "attempt.voided",
  "attempt.reentry",
  "attempt.reseated",
  "attempt.chained",
  "incident.recorded",
  "incident.acknowledged",
  "incident.commented",
  "incident.auto_closed",
]);

const ROLES = new Set(["administrator", "operator", "manager", "reviewer"]);

function TimelineRow({ entry, zone }: { entry: AuditEntry; zone: string }) {
  const { t } = useI18n();
  const label = TIMELINE_KEYS.has(entry.action)
    ? t(`timeline.${entry.action}` as MessageKey)
    : auditActionText(t, entry.action);
  const reason = typeof entry.data.reason === "string" ? entry.data.reason : "";
  const cause =
    entry.action === "attempt.voided" &&
    (entry.data.cause === "technical" || entry.data.cause === "conduct")
      ? t(`void.causeShort.${entry.data.cause}`)
      : "";
  const given = entry.data.ms ?? entry.data.pausedMs;
  const ms = typeof given === "number" ? given : null;
  const [kind = "", , role = ""] = entry.actor.split(":");
  const actor =
    kind === "staff" && ROLES.has(role)
      ? t(`role.${role}` as MessageKey)
      : kind === "kiosk"
        ? t("incidents.source.kiosk")
        : t("incidents.source.server");
  return (
    <li>
      <span className="mono">{clockTime(entry.at, zone)}</span>
      <span>
        <strong>{label}</strong>
        {ms !== null ? ` +${formatDuration(ms)}` : ""}
        {cause ? ` (${cause})` : ""}
        {reason ? ` — ${reason}` : ""}
        <span className="muted small"> · {actor}</span>
      </span>
    </li>
  );
}
