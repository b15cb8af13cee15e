import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { SeatView } from "@shared/attempts";
import { remainingMs } from "@shared/attempts";
import type { AttemptState } from "@shared/enums";
import { Alert, ErrorAlert, Loading } from "../../../components/common";
import { Icon, type IconName } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { useLocation } from "../../../lib/router";
import { useConsoleConnection } from "../../../lib/socket";
import { useServerNow } from "../../../lib/use-now";
import { ActionDialog } from "./ActionDialog";
import { roomCommand, type RoomAction } from "./api";
import { IncidentQueue } from "./IncidentQueue";
import { incidentTypeText } from "./incident-words";
import { OutageExpiredPanel } from "./OutageExpiredPanel";
import { SeatPanel } from "./SeatPanel";
import { SlotFrame, useSlot } from "./SlotFrame";
import { ageParts, formatDuration } from "./time";
import { useSeatWatch } from "./use-seat-watch";

/** How each attempt state looks: a word and an icon, never colour alone. */
export const STATE_LOOK: Record<
  AttemptState,
  { tone: string; icon: IconName }
> = {
  admitted: { tone: "info", icon: "user" },
  instructions: { tone: "info", icon: "info" },
  in_progress: { tone: "active", icon: "clock" },
  paused: { tone: "warning", icon: "warning" },
  submitted: { tone: "done", icon: "check" },
  expired: { tone: "done", icon: "clock" },
  scored: { tone: "done", icon: "check" },
  issued: { tone: "done", icon: "check" },
  voided: { tone: "danger", icon: "cross" },
};

const ROOM_ACTIONS: { action: RoomAction; roles: readonly string[] }[] = [
  { action: "start", roles: ["administrator"] },
  { action: "pause", roles: ["administrator", "operator"] },
  { action: "resume", roles: ["administrator", "operator"] },
];

/** The room's live seat map, a seat's timeline and actions, the incidents. */
export function SeatMapPage({
  account,
  slotId,
}: {
  account: StaffAccount;
  slotId: string;
}) {
  const { t } = useI18n();
  const slot = useSlot(slotId);
  const { state: connection, offsetMs } = useConsoleConnection();
  const watch = useSeatWatch(slotId);
  const now = useServerNow(offsetMs, 1_000);
  // `?seat=` opens that seat's panel (a chained assessment links here),
  // also when the link leads from one slot's map to another's.
  const seatParam = useLocation().search.get("seat");
  const [selected, setSelected] = useState<string | null>(seatParam);
  const [linked, setLinked] = useState(`${slotId}:${seatParam}`);
  if (linked !== `${slotId}:${seatParam}`) {
    setLinked(`${slotId}:${seatParam}`);
    setSelected(seatParam);
  }
  const [roomAction, setRoomAction] = useState<RoomAction | null>(null);
  const [roomDone, setRoomDone] = useState<string | null>(null);

  const seats = watch.seats ?? [];
  const selectedSeat = seats.find((seat) => seat.seatId === selected) ?? null;
  const counts = new Map<AttemptState, number>();
  for (const seat of seats) {
    if (seat.attempt) {
      counts.set(seat.attempt.state, (counts.get(seat.attempt.state) ?? 0) + 1);
    }
  }
  const roomActions = ROOM_ACTIONS.filter((entry) =>
    entry.roles.includes(account.role),
  );
  const zone = slot.data?.center.timezone ?? "Asia/Almaty";
  const latest = watch.incidents[0];

  return (
    <SlotFrame
      slotId={slotId}
      role={account.role}
      current="seats"
      title={t("seats.title")}
      slot={slot.data}
      actions={
        roomActions.length > 0 ? (
          <div className="button-row" role="group" aria-label={t("seats.room")}>
            {roomActions.map(({ action }) => (
              <button
                key={action}
                type="button"
                className={`button button--small${action === "start" ? "" : " button--secondary"}`}
                onClick={() => setRoomAction(action)}
              >
                {t(
                  action === "start"
                    ? "seats.startRoom"
                    : action === "pause"
                      ? "seats.pauseRoom"
                      : "seats.resumeRoom",
                )}
              </button>
            ))}
          </div>
        ) : null
      }
    >
      <div className="seatmap-status">
        <span
          className="connection connection--light"
          data-state={connection}
          role="status"
        >
          {connection === "live" ? t("seats.live") : t("seats.reconnecting")}
        </span>
        <ul className="stats" aria-label={t("seats.summary")}>
          {[...counts.entries()].map(([state, count]) => (
            <li key={state}>
              {t(`attemptState.${state}`)}: <strong>{count}</strong>
            </li>
          ))}
        </ul>
      </div>
      <div className="sr-only" aria-live="polite">
        {latest
          ? t("incidents.new", {
              seat:
                seats.find((seat) => seat.seatId === latest.seatId)?.label ??
                latest.seatId,
              type: incidentTypeText(t, latest.type),
            })
          : ""}
      </div>
      {roomDone ? (
        <Alert kind="success">
          <p>{roomDone}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={watch.error} />
      {!watch.seats && !watch.error ? <Loading /> : null}

      <div className={`seatmap${selectedSeat ? " seatmap--with-panel" : ""}`}>
        <ul className="seat-grid" aria-label={t("seats.title")}>
          {seats.map((seat) => (
            <li key={seat.seatId}>
              <SeatTile
                seat={seat}
                now={now}
                selected={seat.seatId === selected}
                onOpen={() => setSelected(seat.seatId)}
              />
            </li>
          ))}
        </ul>
        {selectedSeat ? (
          <SeatPanel
            key={`${slotId}:${selectedSeat.seatId}`}
            seat={selectedSeat}
            seats={seats}
            account={account}
            zone={zone}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>

      {account.role === "administrator" ? (
        <OutageExpiredPanel slotId={slotId} zone={zone} />
      ) : null}

      <IncidentQueue
        slotId={slotId}
        account={account}
        seats={seats}
        zone={zone}
      />

      {roomAction ? (
        <ActionDialog
          title={t(`action.room.${roomAction}.title`)}
          lead={
            roomAction === "pause"
              ? t("action.pause.lead")
              : roomAction === "resume"
                ? t("action.resume.lead")
                : undefined
          }
          confirmLabel={t(
            roomAction === "start"
              ? "seats.startRoom"
              : roomAction === "pause"
                ? "seats.pauseRoom"
                : "seats.resumeRoom",
          )}
          fields={{ reason: roomAction !== "start" }}
          onConfirm={async ({ reason }) => {
            const { applied, refused } = await roomCommand(
              slotId,
              roomAction,
              reason,
            );
            setRoomDone(t("seats.roomDone", { applied, refused }));
          }}
          onClose={() => setRoomAction(null)}
        />
      ) : null}
    </SlotFrame>
  );
}

/** The time left on a seat at `now`: frozen while paused; null before start. */
export function seatRemaining(seat: SeatView, now: number): number | null {
  const attempt = seat.attempt;
  if (!attempt) return null;
  if (attempt.state !== "in_progress" && attempt.state !== "paused") {
    return null;
  }
  // A tick older than the push would add time back: never count from
  // before the moment the server described.
  return remainingMs(attempt, Math.max(now, seat.serverNow));
}

function SeatTile({
  seat,
  now,
  selected,
  onOpen,
}: {
  seat: SeatView;
  now: number;
  selected: boolean;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const attempt = seat.attempt;
  const look = attempt ? STATE_LOOK[attempt.state] : null;
  const left = seatRemaining(seat, now);

  const age =
    attempt?.lastSaveAt != null ? ageParts(now - attempt.lastSaveAt) : null;
  const kiosk = seat.kiosk
    ? seat.kiosk.connected
      ? { text: t("seats.kioskOnline"), state: "online" }
      : { text: t("seats.kioskOffline"), state: "offline" }
    : { text: t("seats.noKiosk"), state: "none" };

  return (
    <button
      type="button"
      className={`seat-tile seat-tile--${look?.tone ?? "free"}`}
      data-seat={seat.label}
      data-state={attempt?.state ?? "free"}
      aria-pressed={selected}
      onClick={onOpen}
    >
      <span className="seat-tile__head">
        <span className="seat-tile__label">{seat.label}</span>
        <span className="seat-tile__state">
          {look && attempt ? (
            <>
              <Icon name={look.icon} size={14} />
              {t(`attemptState.${attempt.state}`)}
            </>
          ) : (
            t("seats.free")
          )}
        </span>
      </span>
      {attempt ? (
        <>
          <span className="seat-tile__name">{attempt.fullName}</span>
          <span className="seat-tile__row">
            <span data-testid="answered">
              {t("seats.answered", {
                answered: attempt.answered,
                total: attempt.total,
              })}
            </span>
            {left !== null ? (
              <span
                className="seat-tile__time mono"
                data-testid="time-left"
                data-remaining-ms={left}
                title={t("seats.timeLeft")}
              >
                <Icon name="clock" size={14} />
                <span className="sr-only">{t("seats.timeLeft")}: </span>
                {formatDuration(left)}
                {attempt.state === "paused" ? (
                  <span className="seat-tile__frozen">
                    {" "}
                    ({t("seats.frozen")})
                  </span>
                ) : null}
              </span>
            ) : null}
          </span>
          <span className="seat-tile__row seat-tile__meta">
            <span>
              {age
                ? t("seats.savedAgo", {
                    age: t(`age.${age.unit}`, { count: age.count }),
                  })
                : t("seats.noSave")}
            </span>
            {attempt.extraMs > 0 ? (
              <span title={t("seat.extraTime")}>
                +{formatDuration(attempt.extraMs)}
              </span>
            ) : null}
          </span>
        </>
      ) : null}
      <span className="seat-tile__row seat-tile__meta">
        <span className="kiosk-state" data-kiosk={kiosk.state}>
          {kiosk.text}
        </span>
        {attempt && attempt.incidents > 0 ? (
          <span className="badge badge--danger seat-tile__incidents">
            <Icon name="warning" size={12} />
            {t("seats.incidents", { count: attempt.incidents })}
          </span>
        ) : null}
      </span>
    </button>
  );
}
