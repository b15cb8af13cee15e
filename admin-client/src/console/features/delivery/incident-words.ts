import type { Incident } from "@shared/attempts";
import { KNOWN_INCIDENT_TYPES, type IncidentEpisode } from "@shared/incidents";
import type { MessageKey, Values } from "../../../lib/i18n";
import { formatDuration } from "./time";

/**
 * Incidents in the reader's language: the server sends a kind and its
 * measures (type, duration), the console has the words. A staff-typed
 * incident and its note are shown as written; a kiosk's detail (a window
 * size, the keys pressed) is data, not words.
 */

type Translate = (key: MessageKey, values?: Values) => string;

const KNOWN = new Set<string>(KNOWN_INCIDENT_TYPES);

/** An incident type in words; a staff-typed one as written. */
export function incidentTypeText(t: Translate, type: string): string {
  return KNOWN.has(type) ? t(`incidents.type.${type}` as MessageKey) : type;
}

/** What happened, in words (or the staff's own note, or the kiosk's data). */
export function incidentDescription(
  t: Translate,
  incident: Pick<Incident, "type" | "source" | "durationMs" | "detail">,
): string {
  if (incident.source === "staff") return incident.detail;
  const duration = formatDuration(incident.durationMs ?? 0);
  switch (incident.type) {
    case "disconnect":
      return t("incidents.describe.disconnect", { duration });
    case "offline":
      return t("incidents.describe.offline", { duration });
    case "reload":
      return t("incidents.describe.reload");
    case "resize":
    case "blocked_shortcut":
      return incident.detail;
    default:
      return "";
  }
}

/** An episode's name: its kind, or its incidents' types. */
export function episodeTitle(t: Translate, episode: IncidentEpisode): string {
  return episode.types.map((type) => incidentTypeText(t, type)).join(", ");
}
