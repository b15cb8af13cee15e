import type { BulkAcknowledged, IncidentEpisode } from "@shared/incidents";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { commandRequest } from "../../redis/request";
import { recordIncident } from "./commands";
import { episodesOf } from "./episodes";
import {
  acknowledgeIncidentRecords,
  attemptIdOfSeat,
  autoCloseIncidents,
  dropSettling,
  findAttempt,
  findIncident,
  listSlotIncidents,
  markSettling,
  settlingIncidents,
  type Attempt,
  type Incident,
} from "./repository";
import { publishSeat } from "./service";

/**
 * Incidents that do not flood the hall: a kiosk's return after a short
 * absence closes by itself once the kiosk shows it recovered with nothing
 * lost; the rest are handled per episode, many at once with one comment.
 */

/**
 * How long after its return a kiosk must still be there, heartbeating,
 * before a short disconnect closes: by then it has re-sent its journal
 * (it does so right after its resync on reconnecting) and had it acked.
 */
export const SETTLE_MS = 2_000;

/**
 * Where a kiosk's return leaves nothing lost: the attempt still runs (or
 * was submitted from the kiosk), so every answer re-sent was accepted. An
 * attempt that expired, was voided or moved seat meanwhile keeps its
 * disconnect open for staff.
 */
const RECOVERABLE = new Set<string>([
  "admitted",
  "instructions",
  "in_progress",
  "paused",
  "submitted",
]);

/** A kiosk came back after `awayMs`: a disconnect incident, maybe settling. */
export async function recordKioskReturn(
  ctx: AppContext,
  attempt: Attempt,
  awayMs: number,
  by: string,
): Promise<void> {
  // Words are the console's (incidents.describe.disconnect): kind and duration suffice.
  const incident = await recordIncident(ctx, attempt, {
    type: "disconnect",
    source: "server",
    durationMs: awayMs,
    detail: "",
    by,
  });
  const limitMs = ctx.env.INCIDENT_AUTOCLOSE_SECONDS * 1000;
  if (limitMs > 0 && awayMs < limitMs) await markSettling(ctx.redis, incident);
}

/**
 * A heartbeat of the kiosk on `seatId`: its short disconnects that came
 * back at least SETTLE_MS ago close automatically when nothing was lost,
 * or stay open for staff. Cheap when none wait (one sorted-set read).
 */
export async function settleIncidents(
  ctx: AppContext,
  seatId: string,
): Promise<void> {
  const attemptId = await attemptIdOfSeat(ctx.redis, seatId);
  if (!attemptId) return;
  const due = await settlingIncidents(
    ctx.redis,
    attemptId,
    ctx.clock.now() - SETTLE_MS,
  );
  if (due.length === 0) return;
  const attempt = await findAttempt(ctx.redis, attemptId);
  const limitMs = ctx.env.INCIDENT_AUTOCLOSE_SECONDS * 1000;
  if (
    !attempt ||
    attempt.seatId !== seatId ||
    !RECOVERABLE.has(attempt.state) ||
    limitMs === 0
  ) {
    await dropSettling(ctx.redis, attemptId, due);
    return;
  }
  const closed = await autoCloseIncidents(ctx.redis, {
    attemptId,
    slotId: attempt.slotId,
    ids: due,
    limitMs,
  });
  if (closed.length > 0)
    await publishSeat(ctx, attempt.slotId, attempt.seatId, attempt);
}

/** A slot's incidents folded per seat and episode, oldest first. */
export async function slotEpisodes(
  ctx: AppContext,
  slotId: string,
): Promise<IncidentEpisode[]> {
  return episodesOf(ctx, await listSlotIncidents(ctx.redis, slotId));
}

/**
 * Acknowledges one incident (the first acknowledgement stays; a later one
 * adds its comment), audited.
 */
export async function acknowledgeOne(
  ctx: AppContext,
  incidentId: string,
  staff: { actor: string; name: string; comment: string | undefined },
): Promise<Incident> {
  const incident = await findIncident(ctx.redis, incidentId);
  if (!incident)
    throw notFound("incident_not_found", "There is no such incident.");
  await acknowledgeIncidentRecords(ctx.redis, {
    slotId: incident.slotId,
    ids: [incident.id],
    actor: staff.actor,
    staffName: staff.name,
    comment: staff.comment ?? "",
    episodes: 0,
  });
  await publishSeat(ctx, incident.slotId, incident.seatId);
  return (await findIncident(ctx.redis, incidentId)) ?? incident;
}

/**
 * Acknowledges episodes of a slot with one comment: the chosen ones, or
 * every open connection episode (disconnects and reloads). Each incident
 * gets its own audit entry; a repeat of the request gets the first reply.
 */
export async function acknowledgeEpisodes(
  ctx: AppContext,
  slotId: string,
  input: {
    episodeIds?: string[] | undefined;
    comment?: string | undefined;
    actor: string;
    staffName: string;
    requestId: string | undefined;
  },
): Promise<BulkAcknowledged> {
  const comment = input.comment ?? "";
  const request = commandRequest(
    input.requestId,
    input.actor,
    `incidents.acknowledge:${slotId}`,
    { episodeIds: input.episodeIds ?? null, comment },
  );
  const episodes = await slotEpisodes(ctx, slotId);
  let chosen: IncidentEpisode[];
  if (input.episodeIds) {
    const byId = new Map(episodes.map((episode) => [episode.id, episode]));
    const missing = input.episodeIds.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw notFound(
        "incident_episode_not_found",
        `This slot has no incident episode ${missing.join(", ")}.`,
      );
    chosen = input.episodeIds.flatMap((id) => byId.get(id) ?? []);
  } else {
    chosen = episodes.filter((episode) => episode.kind === "connection");
  }
  const open = chosen.filter((episode) => episode.status === "open");
  const result = await acknowledgeIncidentRecords(
    ctx.redis,
    {
      slotId,
      ids: open.flatMap((episode) => episode.incidentIds),
      actor: input.actor,
      staffName: input.staffName,
      comment,
      episodes: open.length,
    },
    request,
  );
  const seats = new Set(open.map((episode) => episode.seatId));
  for (const seatId of seats) await publishSeat(ctx, slotId, seatId);
  return { incidentIds: result.incidentIds, episodes: result.episodes };
}
