import { z } from "zod";
import type { AttemptState } from "./enums";

/**
 * Incidents as staff handle them: folded per seat into episodes. A kiosk
 * that drops off the network and comes back, reloads, or drops again a
 * few seconds later is one episode with a count and a time span, not one
 * row (and one acknowledgement) per event. Staff-recorded incidents are
 * never folded: each is its own line.
 */

/** The incidents of one seat's connection: one episode kind between them. */
export const CONNECTION_INCIDENT_TYPES = [
  "disconnect",
  "offline",
  "reload",
] as const;
const CONNECTION = new Set<string>(CONNECTION_INCIDENT_TYPES);

/** The incident types the server and the kiosk record (the console words them). */
export const KNOWN_INCIDENT_TYPES = [
  "disconnect",
  "offline",
  "reload",
  "fullscreen_exit",
  "focus_loss",
  "page_hidden",
  "resize",
  "blocked_shortcut",
] as const;

/** Where time can still be given back to the candidate. */
export const GRANT_STATES: readonly AttemptState[] = ["in_progress", "paused"];

/** What an episode folds: the stored incident's fields it reads. */
export interface FoldableIncident {
  id: string;
  attemptId: string;
  slotId: string;
  seatId: string;
  type: string;
  source: "kiosk" | "staff" | "server";
  at: number;
  durationMs: number | null;
  detail: string;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  closedAutomatically?: boolean;
  comments?: { by: string; at: number; text: string }[];
  grantedMs?: number;
}

export const EPISODE_KINDS = ["connection", "kiosk", "staff"] as const;
export const EPISODE_STATUSES = [
  "open",
  "acknowledged",
  "auto_closed",
] as const;

export const IncidentEpisodeSchema = z
  .object({
    /** The id of its first incident: stable while the episode grows. */
    id: z.string(),
    attemptId: z.string(),
    slotId: z.string(),
    seatId: z.string(),
    /** connection: disconnects and reloads; kiosk: one kiosk type repeated; staff: one staff record. */
    kind: z.enum(EPISODE_KINDS),
    /** The incident types in it, in the order first seen (words: the console's). */
    types: z.array(z.string()),
    count: z.number(),
    /** The first event's start (its time less its measured duration) and the last event's time. */
    firstAt: z.number(),
    lastAt: z.number(),
    /** The measured time the candidate lost (disconnects; else the kiosk's own measures). */
    downtimeMs: z.number(),
    /** open: some incident in it awaits staff; auto_closed: every one closed by itself. */
    status: z.enum(EPISODE_STATUSES),
    /** How many of its incidents await staff. */
    openCount: z.number(),
    /** How many were closed automatically (short disconnects healed, nothing lost). */
    autoClosedCount: z.number(),
    acknowledgedBy: z.string().optional(),
    acknowledgedAt: z.number().optional(),
    comments: z.array(
      z.object({ by: z.string(), at: z.number(), text: z.string() }),
    ),
    /** Downtime already given back. */
    grantedMs: z.number(),
    /** A staff-written record's own words (only `staff` episodes: kiosk details are data, not words). */
    detail: z.string(),
    incidentIds: z.array(z.string()),
    /** The measured incidents whose time can still be given back, and how much. */
    grantable: z.object({ incidentIds: z.array(z.string()), ms: z.number() }),
  })
  .meta({ id: "IncidentEpisode" });
export type IncidentEpisode = z.infer<typeof IncidentEpisodeSchema>;

/** POST /slots/:slotId/incidents/acknowledge: many episodes, one comment. */
export const BulkAcknowledgeRequestSchema = z.object({
  episodeIds: z
    .array(z.string().min(1).max(100))
    .min(1)
    .max(500)
    .optional()
    .describe(
      "The episodes to acknowledge; without it every open connection episode of the slot",
    ),
  comment: z.string().trim().max(1000).optional(),
});
export type BulkAcknowledgeRequest = z.infer<
  typeof BulkAcknowledgeRequestSchema
>;

export const BulkAcknowledgedSchema = z
  .object({
    /** The incidents this request acknowledged (each audited). */
    incidentIds: z.array(z.string()),
    episodes: z.number(),
  })
  .meta({ id: "BulkAcknowledged" });
export type BulkAcknowledged = z.infer<typeof BulkAcknowledgedSchema>;

/** Which episode kind an incident folds into, and under what key. */
function groupOf(incident: FoldableIncident): {
  kind: IncidentEpisode["kind"];
  key: string | null;
} {
  if (incident.source === "staff") return { kind: "staff", key: null };
  if (CONNECTION.has(incident.type))
    return { kind: "connection", key: `${incident.attemptId}|connection` };
  return { kind: "kiosk", key: `${incident.attemptId}|${incident.type}` };
}

/** Needs staff: neither acknowledged nor closed automatically. */
export const incidentIsOpen = (incident: FoldableIncident) =>
  incident.acknowledgedAt === undefined;

/**
 * Folds a slot's (or an attempt's) incidents into episodes, oldest first.
 * Incidents of one attempt and group fold while each begins (its time
 * less its measured duration) within `windowMs` of the episode's last
 * event. `canGrant` tells, per attempt, whether time can still be given
 * back; pure, so the server, the console and the tests fold alike.
 */
export function foldEpisodes(
  incidents: readonly FoldableIncident[],
  windowMs: number,
  canGrant: (attemptId: string) => boolean = () => false,
): IncidentEpisode[] {
  const sorted = [...incidents].sort((a, b) => a.at - b.at);
  const episodes: IncidentEpisode[] = [];
  const members = new Map<IncidentEpisode, FoldableIncident[]>();
  const latest = new Map<string, IncidentEpisode>();
  for (const incident of sorted) {
    const { kind, key } = groupOf(incident);
    const start = incident.at - (incident.durationMs ?? 0);
    const current = key === null ? undefined : latest.get(key);
    if (current && start - current.lastAt <= windowMs) {
      members.get(current)?.push(incident);
      current.lastAt = Math.max(current.lastAt, incident.at);
      current.firstAt = Math.min(current.firstAt, start);
      continue;
    }
    const episode: IncidentEpisode = {
      id: incident.id,
      attemptId: incident.attemptId,
      slotId: incident.slotId,
      seatId: incident.seatId,
      kind,
      types: [],
      count: 0,
      firstAt: start,
      lastAt: incident.at,
      downtimeMs: 0,
      status: "open",
      openCount: 0,
      autoClosedCount: 0,
      comments: [],
      grantedMs: 0,
      detail: kind === "staff" ? incident.detail : "",
      incidentIds: [],
      grantable: { incidentIds: [], ms: 0 },
    };
    episodes.push(episode);
    members.set(episode, [incident]);
    if (key !== null) latest.set(key, episode);
  }
  for (const episode of episodes) {
    summarize(episode, members.get(episode) ?? [], canGrant(episode.attemptId));
  }
  return episodes;
}

function summarize(
  episode: IncidentEpisode,
  incidents: FoldableIncident[],
  grantOpen: boolean,
): void {
  episode.count = incidents.length;
  episode.incidentIds = incidents.map((incident) => incident.id);
  episode.types = [...new Set(incidents.map((incident) => incident.type))];
  // The server measures a disconnect; the kiosk's own "offline" measures
  // the same absence, so it counts only where the server measured none.
  const measuredType = incidents.some(
    (incident) => incident.type === "disconnect",
  )
    ? (type: string) => type === "disconnect"
    : episode.kind === "connection"
      ? (type: string) => type === "offline"
      : () => true;
  const measured = incidents.filter(
    (incident) => measuredType(incident.type) && (incident.durationMs ?? 0) > 0,
  );
  episode.downtimeMs = measured.reduce(
    (sum, incident) => sum + (incident.durationMs ?? 0),
    0,
  );
  episode.grantedMs = incidents.reduce(
    (sum, incident) => sum + (incident.grantedMs ?? 0),
    0,
  );
  const ungranted = measured.filter(
    (incident) => incident.grantedMs === undefined,
  );
  episode.grantable = grantOpen
    ? {
        incidentIds: ungranted.map((incident) => incident.id),
        ms: ungranted.reduce(
          (sum, incident) => sum + (incident.durationMs ?? 0),
          0,
        ),
      }
    : { incidentIds: [], ms: 0 };
  episode.openCount = incidents.filter(incidentIsOpen).length;
  episode.autoClosedCount = incidents.filter(
    (incident) => incident.closedAutomatically === true,
  ).length;
  const acknowledged = incidents
    .filter((incident) => incident.acknowledgedBy !== undefined)
    .sort((a, b) => (a.acknowledgedAt ?? 0) - (b.acknowledgedAt ?? 0));
  const first = acknowledged[0];
  if (first) {
    episode.acknowledgedBy = first.acknowledgedBy;
    episode.acknowledgedAt = first.acknowledgedAt;
  }
  // One comment given to many incidents at once is shown once.
  const seen = new Set<string>();
  for (const incident of incidents) {
    for (const comment of incident.comments ?? []) {
      const key = `${comment.by}|${comment.at}|${comment.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      episode.comments.push(comment);
    }
  }
  episode.comments.sort((a, b) => a.at - b.at);
  episode.status =
    episode.openCount > 0
      ? "open"
      : episode.autoClosedCount === episode.count
        ? "auto_closed"
        : "acknowledged";
}

/** Episodes that still need staff (the seat map's badge counts these). */
export const openEpisodes = (episodes: readonly IncidentEpisode[]) =>
  episodes.filter((episode) => episode.status === "open");
