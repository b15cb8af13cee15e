import {
  foldEpisodes,
  GRANT_STATES,
  openEpisodes,
  type IncidentEpisode,
} from "@shared/incidents";
import type { AppContext } from "../../context";
import {
  findAttempts,
  listIncidents,
  type Attempt,
  type Incident,
} from "./repository";

/**
 * Incidents as staff see them: folded per seat and episode (the pure
 * folding is @shared/incidents' foldEpisodes), with whether time can still
 * be given back read from each attempt's state.
 */

const windowMs = (ctx: AppContext) => ctx.env.INCIDENT_EPISODE_SECONDS * 1000;
const grantOpen = (attempt: Pick<Attempt, "state">) =>
  GRANT_STATES.includes(attempt.state);

/** Episodes of incidents from any attempts, oldest first. */
export async function episodesOf(
  ctx: AppContext,
  incidents: readonly Incident[],
): Promise<IncidentEpisode[]> {
  const attempts = await findAttempts(ctx.redis, [
    ...new Set(incidents.map((incident) => incident.attemptId)),
  ]);
  const running = new Set(
    attempts.filter(grantOpen).map((attempt) => attempt.id),
  );
  return foldEpisodes(incidents, windowMs(ctx), (attemptId) =>
    running.has(attemptId),
  );
}

/** One attempt's episodes, its incidents already read. */
export function attemptEpisodes(
  ctx: AppContext,
  attempt: Pick<Attempt, "state">,
  incidents: readonly Incident[],
): IncidentEpisode[] {
  const open = grantOpen(attempt);
  return foldEpisodes(incidents, windowMs(ctx), () => open);
}

/**
 * Per attempt, its episodes that need staff: the seat map's badge ("2
 * incidents" means two things to look at, not ten reconnects).
 */
export async function countOpenEpisodes(
  ctx: AppContext,
  attemptIds: readonly string[],
): Promise<Map<string, number>> {
  const lists = await Promise.all(
    attemptIds.map((id) => listIncidents(ctx.redis, id)),
  );
  return new Map(
    attemptIds.map((id, index) => [
      id,
      openEpisodes(foldEpisodes(lists[index] ?? [], windowMs(ctx))).length,
    ]),
  );
}
