import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { RosterEntry } from "@shared/booking";
import { BOOKING_STATUSES } from "@shared/enums";
import { toLocalTime } from "@shared/time";
import {
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { StatusBadge } from "../../../components/StatusBadge";
import { formatDay } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { centerQueries, programQueries } from "../../../lib/queries";
import { useNow } from "../../../lib/use-now";
import { roomQueries } from "../config/api";
import { SlotTabs } from "../delivery/SlotFrame";
import { slotQueries } from "./api";
import { RosterImportPanel } from "./RosterImportPanel";
import { SlotStateBadge } from "./SlotStateBadge";

/**
 * One slot's roster: who is booked, in which language, with which
 * accommodation; administrators and managers can import a roster CSV.
 */
export function RosterPage({
  account,
  slotId,
}: {
  account: StaffAccount;
  slotId: string;
}) {
  const { t, language, localized } = useI18n();
  const now = useNow();
  const roster = useQuery(slotQueries.roster(slotId));
  const slot = roster.data?.slot;
  const centers = useQuery(centerQueries.list());
  const rooms = useQuery({
    ...roomQueries.ofCenter(slot?.centerId ?? ""),
    enabled: slot !== undefined,
  });
  const programs = useQuery(programQueries.list());
  const [filter, setFilter] = useState("");

  const entries = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    const all = roster.data?.entries ?? [];
    const sorted = [...all].sort((a, b) =>
      a.fullName.localeCompare(b.fullName, language),
    );
    if (!needle) return sorted;
    return sorted.filter(
      (entry) =>
        entry.iin.includes(needle) ||
        entry.fullName.toLocaleLowerCase().includes(needle),
    );
  }, [roster.data, filter, language]);

  const counts = useMemo(() => {
    const byStatus = new Map<string, number>();
    for (const entry of roster.data?.entries ?? []) {
      byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1);
    }
    return byStatus;
  }, [roster.data]);

  const center = centers.data?.find(
    (candidate) => candidate.id === slot?.centerId,
  );
  const zone = center?.timezone ?? "Asia/Almaty";
  const program = programs.data?.find(
    (candidate) => candidate.id === slot?.programId,
  );
  const room = rooms.data?.find((candidate) => candidate.id === slot?.roomId);
  const canImport =
    account.role === "administrator" || account.role === "manager";

  return (
    <>
      <nav className="breadcrumb" aria-label={t("common.breadcrumb")}>
        <Link to="/admin/slots">← {t("nav.slots")}</Link>
      </nav>
      <PageTitle>{t("roster.title")}</PageTitle>
      <SlotTabs slotId={slotId} role={account.role} current="roster" />
      {roster.isLoading ? <Loading /> : null}
      <ErrorAlert error={roster.error} />
      {slot ? (
        <>
          <section className="card" aria-labelledby="roster-slot">
            <div className="card__header">
              <h2 id="roster-slot">
                {program ? localized(program.titles) : slot.programId}
              </h2>
              <SlotStateBadge slot={slot} now={now} />
            </div>
            <p>
              <strong>{formatDay(slot.startsAt, language, zone)}</strong>,{" "}
              <span className="mono">
                {toLocalTime(Date.parse(slot.startsAt), zone).time}–
                {toLocalTime(Date.parse(slot.endsAt), zone).time} (
                {toLocalTime(Date.parse(slot.startsAt), zone).utcOffset})
              </span>
              <br />
              {center ? localized(center.name) : ""}
              {room ? `, ${t("portal.room")} ${localized(room.names)}` : ""}
            </p>
            <ul className="stats">
              <li>
                {t("roster.offered")}: <strong>{slot.seatsOffered}</strong>
              </li>
              <li>
                {t("roster.booked")}: <strong>{slot.bookedSeats}</strong>
              </li>
              <li>
                {t("roster.free")}: <strong>{slot.freeSeats}</strong>
              </li>
            </ul>
            {counts.size > 0 ? (
              <ul className="stats" aria-label={t("roster.byStatus")}>
                {BOOKING_STATUSES.filter((status) => counts.has(status)).map(
                  (status) => (
                    <li key={status}>
                      <StatusBadge status={status} />{" "}
                      <strong>{counts.get(status)}</strong>
                    </li>
                  ),
                )}
              </ul>
            ) : null}
          </section>

          <div className="toolbar">
            <TextField
              label={t("roster.filter")}
              type="search"
              value={filter}
              onChange={setFilter}
            />
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void roster.refetch()}
            >
              {roster.isFetching ? (
                <span className="spinner" aria-hidden="true" />
              ) : null}
              {t("common.refresh")}
            </button>
          </div>

          {entries.length === 0 ? (
            <p className="empty">
              {filter ? t("roster.noMatch") : t("roster.empty")}
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{t("roster.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("roster.fullName")}</th>
                    <th scope="col">{t("facts.iin")}</th>
                    <th scope="col">{t("facts.testLanguage")}</th>
                    <th scope="col">{t("roster.status")}</th>
                    <th scope="col">{t("roster.accommodation")}</th>
                    <th scope="col">{t("roster.source")}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <RosterRow key={entry.bookingId} entry={entry} />
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {canImport ? <RosterImportPanel slotId={slot.id} /> : null}
        </>
      ) : null}
    </>
  );
}

function RosterRow({ entry }: { entry: RosterEntry }) {
  const { t } = useI18n();
  return (
    <tr data-booking={entry.bookingId}>
      <th scope="row">
        {entry.fullName}
        {entry.phone ? (
          <>
            <br />
            <span className="muted small">{entry.phone}</span>
          </>
        ) : null}
      </th>
      <td className="mono">{entry.iin}</td>
      <td>{t(`testLanguage.${entry.language}`)}</td>
      <td>
        <StatusBadge status={entry.status} />
      </td>
      <td>
        {entry.accommodation ? (
          <>
            <span className="badge badge--warning">
              <Icon name="clock" size={14} />
              {t("roster.extraMinutes", {
                minutes: entry.accommodation.extraMinutes,
              })}
            </span>
            {entry.accommodation.note ? (
              <>
                <br />
                <span className="small">{entry.accommodation.note}</span>
              </>
            ) : null}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        {t(`source.${entry.source}`)}
        <br />
        <span className="small muted">
          {t("roster.consent", { version: entry.consent.version })}
          {entry.consent.collectedBy
            ? ` · ${t("facts.consentCollectedBy")}: ${entry.consent.collectedBy.fullName}`
            : ""}
        </span>
      </td>
    </tr>
  );
}
