import { STAFF_ROLES, type StaffRole } from "@shared/enums";
import { formatDateTime } from "../lib/format";
import { useI18n, type MessageKey } from "../lib/i18n";

/** One audit entry as the appeal and complaint timelines carry it. */
export interface AuditTimelineEntry {
  at: string;
  actor: string;
  actorName?: string | undefined;
  action: string;
}

/** An audit action in words ("Жазылу жасалды"), or its name if it is newer than this console. */
export function auditActionText(
  t: (key: MessageKey) => string,
  action: string,
): string {
  const key = `audit.action.${action}` as MessageKey;
  const text = t(key);
  return text === key ? action : text;
}

const isRole = (role: string | undefined): role is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(role ?? "");

/**
 * An audit timeline in words: when, what happened ("Жазылу жасалды") and
 * who ("Тест әкімшісі Ержан Әбдіков"), never the raw action or actor ids.
 */
export function AuditTimeline({
  entries,
  testId,
  timeZone,
}: {
  entries: readonly AuditTimelineEntry[];
  testId: string;
  timeZone?: string | undefined;
}) {
  const { t } = useI18n();
  const action = (name: string) => auditActionText(t, name);
  const actor = (entry: AuditTimelineEntry) => {
    const [kind, , role] = entry.actor.split(":");
    if (kind === "staff") {
      const who = isRole(role) ? t(`role.${role}`) : t("audit.actor.staff");
      return entry.actorName ? `${who} ${entry.actorName}` : who;
    }
    if (kind === "kiosk") return t("audit.actor.kiosk");
    if (kind === "public" || kind === "candidate") {
      return t("audit.actor.public");
    }
    return t("audit.actor.system");
  };
  return (
    <ol className="timeline timeline--audit" data-testid={testId}>
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`}>
          <time className="mono small" dateTime={entry.at}>
            {formatDateTime(entry.at, timeZone)}
          </time>
          <span>
            <strong>{action(entry.action)}</strong>{" "}
            <span className="muted">{actor(entry)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
