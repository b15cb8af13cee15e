import type { MessageState } from "@shared/notifications";
import { useI18n } from "../lib/i18n";
import { Icon, type IconName } from "./Icon";

const LOOK: Record<MessageState, { kind: string; icon: IconName }> = {
  queued: { kind: "info", icon: "clock" },
  sent: { kind: "success", icon: "check" },
  failed: { kind: "danger", icon: "warning" },
};

/**
 * A message's state (queued, sent, not delivered) as a word and an icon,
 * never colour alone: the status page and the console's outbox.
 */
export function MessageStateBadge({ state }: { state: MessageState }) {
  const { t } = useI18n();
  const look = LOOK[state];
  return (
    <span className={`badge badge--${look.kind}`} data-message-state={state}>
      <Icon name={look.icon} size={14} />
      {t(`messages.state.${state}`)}
    </span>
  );
}
