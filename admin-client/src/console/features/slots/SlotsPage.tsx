import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaffAccount } from "@shared/accounts";
import type { Center, Room, Slot } from "@shared/booking";
import { toLocalTime } from "@shared/time";
import {
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { addDays, dayStart, formatDay, todayIn } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { useNow } from "../../../lib/use-now";
import { useScopedCenters } from "../auth/scope";
import { roomQueries } from "../config/api";
import { slotQueries } from "./api";
import { SlotStateBadge } from "./SlotStateBadge";

const CENTER_KEY = "synaq.console.center";
const DEFAULT_DAYS = 14;

function rememberedCenter(): string {
  try {
    return window.localStorage.getItem(CENTER_KEY) ?? "";
  } catch {
    return "";
  }
}

/** The center's slots from today on, grouped by day, each with its roster. */
export function SlotsPage({ account }: { account: StaffAccount }) {
  const { t, localized, language } = useI18n();
  const centers = useScopedCenters();
  const programs = useQuery(programQueries.list());
  const [chosenCenter, setChosenCenter] = useState(rememberedCenter);
  const [from, setFrom] = useState(() => todayIn());
  const [to, setTo] = useState(() => todayIn(undefined, DEFAULT_DAYS));

  const center: Center | undefined =
    centers.data?.find((candidate) => candidate.id === chosenCenter) ??
    centers.data?.[0];
  const zone = center?.timezone;

  const rooms = useQuery({
    ...roomQueries.ofCenter(center?.id ?? ""),
    enabled: center !== undefined,
  });
  const slots = useQuery({
    ...slotQueries.ofCenter(center?.id ?? "", {
      from: from && dayStart(from, zone),
      to: to && dayStart(addDays(to, 1), zone),
    }),
    enabled: center !== undefined && from !== "" && to !== "",
  });

  function chooseCenter(id: string) {
    setChosenCenter(id);
    try {
      window.localStorage.setItem(CENTER_KEY, id);
    } catch {
      // Not remembered; the choice still applies now.
    }
  }

  const roomNames = new Map(
    (rooms.data ?? []).map((room: Room) => [room.id, localized(room.names)]),
  );
  const programTitle = (id: string) => {
    const program = programs.data?.find((candidate) => candidate.id === id);
    return program ? localized(program.titles) : id;
  };
  const days = groupByDay(slots.data ?? [], zone);
  const canBook =
    account.role === "administrator" || account.role === "manager";

  return (
    <>
      <PageTitle>{t("slots.title")}</PageTitle>
      <p className="lead">{t("slots.lead")}</p>
      <ErrorAlert error={centers.error} />
      {centers.data && centers.data.length === 0 ? (
        <p className="empty">{t("slots.noCenters")}</p>
      ) : null}
      {center ? (
        <div className="toolbar" role="search">
          <SelectField
            label={t("slots.center")}
            value={center.id}
            onChange={chooseCenter}
            options={(centers.data ?? []).map((option) => ({
              value: option.id,
              label: localized(option.name),
            }))}
          />
          <TextField
            label={t("portal.from")}
            type="date"
            value={from}
            onChange={setFrom}
          />
          <TextField
            label={t("portal.to")}
            type="date"
            value={to}
            min={from}
            onChange={setTo}
          />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void slots.refetch()}
          >
            {t("common.refresh")}
          </button>
          {canBook ? (
            <Link className="button" to="/admin/bookings/new">
              <Icon name="plus" />
              {t("nav.staffBooking")}
            </Link>
          ) : null}
        </div>
      ) : null}
      {centers.isLoading || slots.isLoading ? <Loading /> : null}
      <ErrorAlert error={slots.error} />
      {slots.data && slots.data.length === 0 ? (
        <p className="empty">{t("slots.none")}</p>
      ) : null}
      {days.map(([day, daySlots]) => (
        <section key={day} className="card" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`}>
            {day === todayIn(zone) ? `${t("slots.today")} · ` : ""}
            {formatDay(daySlots[0]?.startsAt ?? day, language, zone)}
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("slots.time")}</th>
                  <th scope="col">{t("slots.program")}</th>
                  <th scope="col">{t("slots.room")}</th>
                  <th scope="col" className="num">
                    {t("slots.booked")}
                  </th>
                  <th scope="col" className="num">
                    {t("slots.free")}
                  </th>
                  <th scope="col">{t("slots.state")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("slots.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {daySlots.map((slot) => (
                  <SlotRow
                    key={slot.id}
                    slot={slot}
                    zone={zone}
                    program={programTitle(slot.programId)}
                    room={roomNames.get(slot.roomId) ?? slot.roomId}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

function SlotRow({
  slot,
  zone,
  program,
  room,
}: {
  slot: Slot;
  zone: string | undefined;
  program: string;
  room: string;
}) {
  const { t } = useI18n();
  const now = useNow();
  const start = toLocalTime(Date.parse(slot.startsAt), zone ?? "Asia/Almaty");
  const end = toLocalTime(Date.parse(slot.endsAt), zone ?? "Asia/Almaty");
  return (
    <tr>
      <th scope="row" className="mono">
        {start.time}–{end.time}
      </th>
      <td>{program}</td>
      <td>{room}</td>
      <td className="num">
        {slot.bookedSeats} / {slot.seatsOffered}
      </td>
      <td className="num">{slot.freeSeats}</td>
      <td>
        <SlotStateBadge slot={slot} now={now} />
      </td>
      <td>
        <Link
          to={`/admin/slots/${encodeURIComponent(slot.id)}`}
          className="button button--secondary button--small"
        >
          <Icon name="users" size={16} />
          {t("slots.roster")}
        </Link>
      </td>
    </tr>
  );
}

function groupByDay(slots: readonly Slot[], zone: string | undefined) {
  const days = new Map<string, Slot[]>();
  const sorted = [...slots].sort((a, b) =>
    a.startsAt.localeCompare(b.startsAt),
  );
  for (const slot of sorted) {
    const day = toLocalTime(
      Date.parse(slot.startsAt),
      zone ?? "Asia/Almaty",
    ).isoDate;
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()];
}
