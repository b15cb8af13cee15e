import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { KioskRow } from "@shared/kiosks";
import { ErrorAlert, Loading, PageTitle } from "../../../components/common";
import { DataTable, HiddenHeader } from "../../../components/DataTable";
import { SelectField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { servesCenter, useScopedCenters } from "../auth/scope";
import { roomQueries, seatQueries } from "../config/api";
import { ActionDialog } from "./ActionDialog";
import { NeedsAttention } from "./NeedsAttention";
import { OutagesPanel } from "./OutagesPanel";
import { createEnrollmentCode, deliveryQueries, revokeKiosk } from "./api";

const REFRESH_MS = 15_000;

/**
 * The operator's kiosks: which seat each is bound to, whether it is
 * connected and when it last beat; a one-time code enrolls a new one.
 */
export function KiosksPage({ account }: { account: StaffAccount }) {
  const { t, localized } = useI18n();
  const kiosks = useQuery({
    ...deliveryQueries.kiosks(),
    refetchInterval: REFRESH_MS,
  });
  const revoke = useMutation({
    mutationFn: revokeKiosk,
    meta: { invalidates: [deliveryQueries.kiosks().queryKey] },
  });
  const [revoking, setRevoking] = useState<KioskRow | null>(null);

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
      {canManage ? <EnrollPanel /> : null}
      <div className="toolbar">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void kiosks.refetch()}
        >
          {kiosks.isFetching ? (
            <span className="spinner" aria-hidden="true" />
          ) : null}
          {t("common.refresh")}
        </button>
      </div>
      <ErrorAlert error={kiosks.error} />
      {kiosks.isLoading ? <Loading /> : null}
      {kiosks.data && rows.length === 0 ? (
        <p className="empty">{t("kiosks.none")}</p>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          testId="kiosks"
          caption={t("kiosks.title")}
          rows={rows}
          rowKey={(kiosk) => kiosk.id}
          rowData={(kiosk) => ({ "data-kiosk": kiosk.id })}
          columns={[
            {
              header: t("kiosks.seat"),
              rowHeader: true,
              className: "mono",
              cell: (kiosk) => kiosk.seatLabel,
            },
            {
              header: t("kiosks.room"),
              cell: (kiosk) => (
                <>
                  {localized(kiosk.roomNames)}
                  <br />
                  <span className="muted small">
                    {localized(kiosk.centerName)}
                  </span>
                </>
              ),
            },
            {
              header: t("kiosks.device"),
              cell: (kiosk) => kiosk.deviceName || t("common.none"),
            },
            {
              header: t("kiosks.connection"),
              cell: (kiosk) => (
                <span
                  className="kiosk-state"
                  data-kiosk={kiosk.connected ? "online" : "offline"}
                >
                  {kiosk.connected
                    ? t("kiosks.connected")
                    : t("kiosks.disconnected")}
                </span>
              ),
            },
            {
              header: t("kiosks.lastSeen"),
              className: "mono",
              cell: (kiosk) =>
                kiosk.lastSeenAt
                  ? formatDateTime(kiosk.lastSeenAt, kiosk.timezone)
                  : t("kiosks.never"),
            },
            {
              header: t("kiosks.enrolledAt"),
              className: "mono",
              cell: (kiosk) => formatDateTime(kiosk.enrolledAt, kiosk.timezone),
            },
            {
              header: t("kiosks.status"),
              cell: (kiosk) =>
                kiosk.revoked ? (
                  <span className="badge badge--neutral">
                    <Icon name="cross" size={14} />
                    {t("kiosks.revoked")}
                  </span>
                ) : (
                  <span className="badge badge--success">
                    <Icon name="check" size={14} />
                    {t("kiosks.active")}
                  </span>
                ),
            },
            canManage && {
              header: <HiddenHeader>{t("slots.actions")}</HiddenHeader>,
              cell: (kiosk) =>
                !kiosk.revoked ? (
                  <button
                    type="button"
                    className="button button--danger button--small"
                    onClick={() => setRevoking(kiosk)}
                  >
                    {t("kiosks.revoke")}
                  </button>
                ) : null,
            },
          ]}
        />
      ) : null}
      {revoking ? (
        <ActionDialog
          title={t("kiosks.revokeTitle", { seat: revoking.seatLabel })}
          lead={t("kiosks.revokeLead")}
          confirmLabel={t("kiosks.revoke")}
          danger
          onConfirm={() => revoke.mutateAsync(revoking.id)}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}

function EnrollPanel() {
  const { t, localized } = useI18n();
  const centers = useScopedCenters();
  const [centerId, setCenterId] = useState("");
  const [roomId, setRoomId] = useState("");
  const [seatId, setSeatId] = useState("");
  const center =
    centers.data?.find((candidate) => candidate.id === centerId) ??
    centers.data?.[0];
  const rooms = useQuery({
    ...roomQueries.ofCenter(center?.id ?? ""),
    enabled: center !== undefined,
  });
  const room =
    rooms.data?.find((candidate) => candidate.id === roomId) ?? rooms.data?.[0];
  const seats = useQuery({
    ...seatQueries.ofRoom(room?.id ?? ""),
    enabled: room !== undefined,
  });
  const seat =
    seats.data?.find((candidate) => candidate.id === seatId) ?? seats.data?.[0];
  const enroll = useMutation({
    mutationFn: async (input: {
      seatId: string;
      label: string;
      zone: string;
    }) => ({
      ...(await createEnrollmentCode(input.seatId)),
      label: input.label,
      zone: input.zone,
    }),
    meta: { invalidates: [deliveryQueries.kiosks().queryKey] },
  });
  const code = enroll.data;

  function create() {
    if (!seat || enroll.isPending) return;
    enroll.mutate({
      seatId: seat.id,
      label: seat.label,
      zone: center?.timezone ?? "Asia/Almaty",
    });
  }

  return (
    <section className="card" aria-labelledby="enroll-kiosk">
      <h2 id="enroll-kiosk">{t("kiosks.enroll")}</h2>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          create();
        }}
      >
        <SelectField
          label={t("slots.center")}
          value={center?.id ?? ""}
          onChange={(value) => {
            setCenterId(value);
            setRoomId("");
            setSeatId("");
          }}
          options={(centers.data ?? []).map((option) => ({
            value: option.id,
            label: localized(option.name),
          }))}
        />
        <SelectField
          label={t("kiosks.room")}
          value={room?.id ?? ""}
          onChange={(value) => {
            setRoomId(value);
            setSeatId("");
          }}
          options={(rooms.data ?? []).map((option) => ({
            value: option.id,
            label: option.name,
          }))}
        />
        <SelectField
          label={t("kiosks.seat")}
          value={seat?.id ?? ""}
          onChange={setSeatId}
          options={(seats.data ?? []).map((option) => ({
            value: option.id,
            label: option.label,
          }))}
        />
        <button
          type="submit"
          className="button"
          disabled={!seat || enroll.isPending}
        >
          {enroll.isPending ? (
            <span className="spinner" aria-hidden="true" />
          ) : null}
          {t("kiosks.createCode")}
        </button>
      </form>
      <ErrorAlert
        error={enroll.error ?? centers.error ?? rooms.error ?? seats.error}
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
