import type { Slot } from "@shared/booking";
import { Icon, type IconName } from "../../../components/Icon";
import { useI18n, type MessageKey } from "../../../lib/i18n";

type SlotState = "cancelled" | "finished" | "underway" | "closed" | "open";

const LOOK: Record<
  SlotState,
  { kind: string; icon: IconName; label: MessageKey }
> = {
  cancelled: { kind: "neutral", icon: "cross", label: "slotState.cancelled" },
  finished: { kind: "neutral", icon: "check", label: "slotState.finished" },
  underway: { kind: "warning", icon: "clock", label: "slotState.underway" },
  closed: { kind: "info", icon: "calendar", label: "slotState.closed" },
  open: { kind: "success", icon: "calendar", label: "slotState.open" },
};

/** Where a slot stands now: open for booking, closed, under way, finished. */
export function slotState(slot: Slot, now: number): SlotState {
  if (slot.status === "cancelled") return "cancelled";
  if (now >= Date.parse(slot.endsAt)) return "finished";
  if (now >= Date.parse(slot.startsAt)) return "underway";
  if (now >= Date.parse(slot.bookingCutoffAt)) return "closed";
  return "open";
}

export function SlotStateBadge({ slot, now }: { slot: Slot; now: number }) {
  const { t } = useI18n();
  const look = LOOK[slotState(slot, now)];
  return (
    <span className={`badge badge--${look.kind}`}>
      <Icon name={look.icon} size={14} />
      {t(look.label)}
    </span>
  );
}
