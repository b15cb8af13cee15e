import type { BookingStatus } from "@shared/enums";
import { useI18n } from "../lib/i18n";
import { Icon, type IconName } from "./Icon";

const LOOK: Record<BookingStatus, { kind: string; icon: IconName }> = {
  booked: { kind: "info", icon: "calendar" },
  admitted: { kind: "info", icon: "check" },
  in_progress: { kind: "warning", icon: "clock" },
  completed: { kind: "success", icon: "check" },
  cancelled: { kind: "neutral", icon: "cross" },
  no_show: { kind: "danger", icon: "warning" },
};

/** A booking's status as a word and an icon, never colour alone. */
export function StatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useI18n();
  const look = LOOK[status];
  return (
    <span className={`badge badge--${look.kind}`} data-status={status}>
      <Icon name={look.icon} size={14} />
      {t(`status.${status}`)}
    </span>
  );
}
