import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Center, Slot } from "@shared/booking";
import { toLocalTime } from "@shared/time";
import {
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { SelectField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { dayStart, formatDay, todayIn } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { useNow } from "../../../lib/use-now";
import { slotTabsFor } from "../../app/navigation";
import { useScopedCenters } from "../auth/scope";
import { useAccount } from "../auth/session";
import { roomQueries } from "../config/api";
import { slotQueries } from "../slots/api";
import { SlotStateBadge } from "../slots/SlotStateBadge";

const CENTER_KEY = "synaq.console.center";

function rememberedCenter(): string {
  try {
    return window.localStorage.getItem(CENTER_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Today's slots of a center with where their candidates stand. */
export function TodayPage() {
  const { t, localized, language } = useI18n();
  const centers = useScopedCenters();
  const programs = useQuery(programQueries.list());
  const [chosen, setChosen] = useState(rememberedCenter);
  const center: Center | undefined =
    centers.data?.find((candidate) => candidate.id === chosen) ??
    centers.data?.[0];
  const zone = center?.timezone;
  const today = todayIn(zone);
  const tomorrow = todayIn(zone, 1);
  const rooms = useQuery({
    ...roomQueries.ofCenter(center?.id ?? ""),
    enabled: center !== undefined,
  });
  const slots = useQuery({
    ...slotQueries.ofCenter(center?.id ?? "", {
      from: dayStart(today, zone),
      to: dayStart(tomorrow, zone),
    }),
    enabled: center !== undefined,
  });

  function choose(id: string) {
    setChosen(id);
    try {
      window.localStorage.setItem(CENTER_KEY, id);
    } catch {
      // Not remembered; the choice still applies now.
    }
  }

  const sorted = [...(slots.data ?? [])]
    .filter((slot) => slot.status !== "cancelled")
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <>
      <PageTitle>{t("today.title")}</PageTitle>
      <p className="lead">
        {t("today.lead")}{" "}
        {center ? (
          <strong>{formatDay(dayStart(today, zone), language, zone)}</strong>
        ) : null}
      </p>
      <ErrorAlert error={centers.error} />
      {center && (centers.data?.length ?? 0) > 1 ? (
        <div className="toolbar">
          <SelectField
            label={t("slots.center")}
            value={center.id}
            onChange={choose}
            options={(centers.data ?? []).map((option) => ({
              value: option.id,
              label: localized(option.name),
            }))}
          />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void slots.refetch()}
          >
            {t("common.refresh")}
          </button>
        </div>
      ) : null}
      {centers.isLoading || slots.isLoading ? <Loading /> : null}
      <ErrorAlert error={slots.error} />
      {slots.data && sorted.length === 0 ? (
        <p className="empty">{t("today.none")}</p>
      ) : null}
      <div className="today-list">
        {sorted.map((slot) => {
          const program = programs.data?.find(
            (candidate) => candidate.id === slot.programId,
          );
          const room = rooms.data?.find(
            (candidate) => candidate.id === slot.roomId,
          );
          return (
            <TodaySlot
              key={slot.id}
              slot={slot}
              zone={zone ?? "Asia/Almaty"}
              program={program ? localized(program.titles) : slot.programId}
              room={room ? localized(room.names) : ""}
            />
          );
        })}
      </div>
    </>
  );
}

function TodaySlot({
  slot,
  zone,
  program,
  room,
}: {
  slot: Slot;
  zone: string;
  program: string;
  room: string;
}) {
  const { t } = useI18n();
  const account = useAccount();
  const now = useNow();
  const roster = useQuery(slotQueries.roster(slot.id));
  const count = (status: string) =>
    (roster.data?.entries ?? []).filter((entry) => entry.status === status)
      .length;
  const booked = (roster.data?.entries ?? []).filter(
    (entry) => entry.status !== "cancelled",
  ).length;
  const start = toLocalTime(Date.parse(slot.startsAt), zone).time;
  const end = toLocalTime(Date.parse(slot.endsAt), zone).time;
  const base = `/admin/slots/${encodeURIComponent(slot.id)}`;
  const tabs = slotTabsFor(account.role);
  const figures = [
    ["today.booked", booked],
    ["today.admitted", count("admitted")],
    ["today.testing", count("in_progress")],
    ["today.finished", count("completed")],
    ["today.noShow", count("no_show")],
  ] as const;
  const headingId = `today-${slot.id}`;

  return (
    <section
      className="card today-slot"
      aria-labelledby={headingId}
      data-slot={slot.id}
    >
      <div className="card__header">
        <h2 id={headingId}>
          <span className="mono">
            {start}–{end}
          </span>{" "}
          {program}
        </h2>
        <SlotStateBadge slot={slot} now={now} />
      </div>
      <p className="muted small">
        {t("slots.room")}: {room}
      </p>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{roster.data ? value : "…"}</dd>
          </div>
        ))}
      </dl>
      <ErrorAlert error={roster.error} />
      <div className="form-actions">
        {tabs.includes("desk") ? (
          <Link className="button" to={`${base}/desk`}>
            <Icon name="user" size={18} />
            {t("slotTabs.desk")}
          </Link>
        ) : null}
        <Link className="button button--secondary" to={`${base}/seats`}>
          <Icon name="users" size={18} />
          {t("slotTabs.seats")}
        </Link>
        <Link className="button button--secondary" to={`${base}/results`}>
          <Icon name="check" size={18} />
          {t("slotTabs.results")}
        </Link>
        <Link className="button button--secondary" to={base}>
          {t("slotTabs.roster")}
        </Link>
      </div>
    </section>
  );
}
