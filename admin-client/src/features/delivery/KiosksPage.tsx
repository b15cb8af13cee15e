import { useEffect, useState } from "react";
import { ErrorAlert, Field, Loading, PageTitle } from "../../components/common";
import { Icon } from "../../components/Icon";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import type { Account } from "../auth/session";
import { listSeats } from "../config/api";
import { servesCenter, useScopedCenters } from "../auth/scope";
import { listRooms } from "../slots/api";
import { ActionDialog } from "./ActionDialog";
import { NeedsAttention } from "./NeedsAttention";
import { OutagesPanel } from "./OutagesPanel";
import {
  createEnrollmentCode,
  listKiosks,
  revokeKiosk,
  type EnrollmentCode,
  type KioskRow,
} from "./api";

const REFRESH_MS = 15_000;

/**
 * The operator's kiosks: which seat each is bound to, whether it is
 * connected and when it last beat; a one-time code enrolls a new one.
 */
export function KiosksPage({ account }: { account: Account }) {
  const { t, localized } = useI18n();
  const kiosks = useResource("kiosks", listKiosks);
  const [revoking, setRevoking] = useState<KioskRow | null>(null);
  const { reload } = kiosks;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  // The server lists only the account's centers; an older answer is kept
  // to them here too.
  const rows = (kiosks.data ?? [])
    .filter((kiosk) => servesCenter(account, kiosk.centerId))
    .sort(
      (a, b) =>
        Number(a.revoked) - Number(b.revoked) ||
        a.roomName.localeCompare(b.roomName) ||
        a.seatLabel.localeCompare(b.seatLabel),
    );
  const canManage = account.role === "operator" || account.role === "manager";

  return (
    <>
      <PageTitle>{t("kiosks.title")}</PageTitle>
      <p className="lead">{t("kiosks.lead")}</p>
      {/* What the reconciler could not mend: shown above all while stuck. */}
      {canManage || account.role === "network-manager" ? (
        <NeedsAttention />
      ) : null}
      {/* Each outage and the test time it gave back. */}
      <OutagesPanel />
      {canManage ? <EnrollPanel onCreated={reload} /> : null}
      <div className="toolbar">
        <button
          type="button"
          className="button button--secondary"
          onClick={reload}
        >
          {kiosks.loading ? (
            <span className="spinner" aria-hidden="true" />
          ) : null}
          {t("common.refresh")}
        </button>
      </div>
      <ErrorAlert error={kiosks.error} />
      {kiosks.loading && !kiosks.data ? <Loading /> : null}
      {kiosks.data && rows.length === 0 ? (
        <p className="empty">{t("kiosks.none")}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="kiosks">
            <caption className="sr-only">{t("kiosks.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("kiosks.seat")}</th>
                <th scope="col">{t("kiosks.room")}</th>
                <th scope="col">{t("kiosks.device")}</th>
                <th scope="col">{t("kiosks.connection")}</th>
                <th scope="col">{t("kiosks.lastSeen")}</th>
                <th scope="col">{t("kiosks.enrolledAt")}</th>
                <th scope="col">{t("kiosks.status")}</th>
                {canManage ? (
                  <th scope="col">
                    <span className="sr-only">{t("slots.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((kiosk) => (
                <tr key={kiosk.id} data-kiosk={kiosk.id}>
                  <th scope="row" className="mono">
                    {kiosk.seatLabel}
                  </th>
                  <td>
                    {kiosk.roomName}
                    <br />
                    <span className="muted small">
                      {localized(kiosk.centerName)}
                    </span>
                  </td>
                  <td>{kiosk.deviceName || t("common.none")}</td>
                  <td>
                    <span
                      className="kiosk-state"
                      data-kiosk={kiosk.connected ? "online" : "offline"}
                    >
                      {kiosk.connected
                        ? t("kiosks.connected")
                        : t("kiosks.disconnected")}
                    </span>
                  </td>
                  <td className="mono">
                    {kiosk.lastSeenAt
                      ? formatDateTime(kiosk.lastSeenAt, kiosk.timezone)
                      : t("kiosks.never")}
                  </td>
                  <td className="mono">
                    {formatDateTime(kiosk.enrolledAt, kiosk.timezone)}
                  </td>
                  <td>
                    {kiosk.revoked ? (
                      <span className="badge badge--neutral">
                        <Icon name="cross" size={14} />
                        {t("kiosks.revoked")}
                      </span>
                    ) : (
                      <span className="badge badge--success">
                        <Icon name="check" size={14} />
                        {t("kiosks.active")}
                      </span>
                    )}
                  </td>
                  {canManage ? (
                    <td>
                      {!kiosk.revoked ? (
                        <button
                          type="button"
                          className="button button--danger button--small"
                          onClick={() => setRevoking(kiosk)}
                        >
                          {t("kiosks.revoke")}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {revoking ? (
        <ActionDialog
          title={t("kiosks.revokeTitle", { seat: revoking.seatLabel })}
          lead={t("kiosks.revokeLead")}
          confirmLabel={t("kiosks.revoke")}
          danger
          onConfirm={async () => {
            await revokeKiosk(revoking.id);
            reload();
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}

function EnrollPanel({ onCreated }: { onCreated: () => void }) {
  const { t, localized } = useI18n();
  const centers = useScopedCenters();
  const [centerId, setCenterId] = useState("");
  const [roomId, setRoomId] = useState("");
  const [seatId, setSeatId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState<
    (EnrollmentCode & { label: string; zone: string }) | null
  >(null);
  const center =
    centers.data?.find((candidate) => candidate.id === centerId) ??
    centers.data?.[0];
  const rooms = useResource(center ? `rooms:${center.id}` : null, (signal) =>
    listRooms(center?.id ?? "", signal),
  );
  const room =
    rooms.data?.find((candidate) => candidate.id === roomId) ?? rooms.data?.[0];
  const seats = useResource(room ? `seats:${room.id}` : null, (signal) =>
    listSeats(room?.id ?? "", signal),
  );
  const seat =
    seats.data?.find((candidate) => candidate.id === seatId) ?? seats.data?.[0];

  async function create() {
    if (!seat || busy) return;
    setBusy(true);
    setError(null);
    try {
      const created = await createEnrollmentCode(seat.id);
      setCode({
        ...created,
        label: seat.label,
        zone: center?.timezone ?? "Asia/Almaty",
      });
      onCreated();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="enroll-kiosk">
      <h2 id="enroll-kiosk">{t("kiosks.enroll")}</h2>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <Field label={t("slots.center")}>
          {(props) => (
            <select
              {...props}
              value={center?.id ?? ""}
              onChange={(event) => {
                setCenterId(event.target.value);
                setRoomId("");
                setSeatId("");
              }}
            >
              {(centers.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {localized(option.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("kiosks.room")}>
          {(props) => (
            <select
              {...props}
              value={room?.id ?? ""}
              onChange={(event) => {
                setRoomId(event.target.value);
                setSeatId("");
              }}
            >
              {(rooms.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("kiosks.seat")}>
          {(props) => (
            <select
              {...props}
              value={seat?.id ?? ""}
              onChange={(event) => setSeatId(event.target.value)}
            >
              {(seats.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button" disabled={!seat || busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t("kiosks.createCode")}
        </button>
      </form>
      <ErrorAlert
        error={error ?? centers.error ?? rooms.error ?? seats.error}
      />
      {code ? (
        <div
          className="enroll-code"
          role="status"
          data-testid="enrollment-code"
        >
          <p>{t("kiosks.codeFor", { seat: code.label })}</p>
          <p className="enroll-code__value mono">{code.code}</p>
          <p>
            {t("kiosks.codeExpires", {
              time: formatDateTime(code.expiresAt, code.zone),
            })}
            . {t("kiosks.codeLead")}
          </p>
        </div>
      ) : null}
    </section>
  );
}
