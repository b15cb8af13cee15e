import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { PublicSlot } from "@shared/booking";
import type { StaffRole } from "@shared/enums";
import { toLocalTime } from "@shared/time";
import { Link, PageTitle } from "../../../components/common";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { slotTabsFor } from "../../app/navigation";
import { slotQueries } from "../slots/api";

/** The slot's program, day, time and room. */
export function useSlot(slotId: string) {
  return useQuery(slotQueries.detail(slotId));
}

const TAB_LABELS: Record<string, MessageKey> = {
  roster: "slotTabs.roster",
  desk: "slotTabs.desk",
  seats: "slotTabs.seats",
  results: "slotTabs.results",
};

/** Roster, desk, seat map and results of one slot, as a role may open them. */
export function SlotTabs({
  slotId,
  role,
  current,
}: {
  slotId: string;
  role: StaffRole;
  current: string;
}) {
  const { t } = useI18n();
  const base = `/admin/slots/${encodeURIComponent(slotId)}`;
  return (
    <nav className="tabs slot-tabs no-print" aria-label={t("slotTabs.label")}>
      {slotTabsFor(role).map((tab) => (
        <Link
          key={tab}
          to={tab === "roster" ? base : `${base}/${tab}`}
          aria-current={tab === current ? "page" : undefined}
        >
          {t(TAB_LABELS[tab] ?? "slotTabs.roster")}
        </Link>
      ))}
    </nav>
  );
}

/** One line naming the slot: program, date and time, center and room. */
export function SlotSummary({ slot }: { slot: PublicSlot | undefined }) {
  const { localized, t } = useI18n();
  if (!slot) return null;
  const zone = slot.center.timezone;
  const end = toLocalTime(Date.parse(slot.endsAt), zone).time;
  return (
    <p className="slot-summary">
      <strong>{localized(slot.program.titles)}</strong>
      <span className="mono">
        {slot.local.date} {slot.local.time}–{end} ({slot.local.utcOffset})
      </span>
      <span>
        {localized(slot.center.name)}, {t("portal.room")}{" "}
        {localized(slot.room.names)}
      </span>
    </p>
  );
}

/** The common top of a slot's exam-day pages. */
export function SlotFrame({
  slotId,
  role,
  current,
  title,
  slot,
  actions,
  children,
}: {
  slotId: string;
  role: StaffRole;
  current: string;
  title: string;
  slot: PublicSlot | undefined;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <nav className="breadcrumb no-print" aria-label={t("common.breadcrumb")}>
        <Link to="/admin/today">← {t("nav.today")}</Link>
      </nav>
      <div className="page-head">
        <div>
          <PageTitle>{title}</PageTitle>
          <SlotSummary slot={slot} />
        </div>
        {actions ? <div className="page-head__actions">{actions}</div> : null}
      </div>
      <SlotTabs slotId={slotId} role={role} current={current} />
      {children}
    </>
  );
}
