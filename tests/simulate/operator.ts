import type { Caller } from "./client";
import { errorOf } from "./client";
import { sleep } from "./random";

/**
 * The test operator on the console: watches the incident queue of their
 * slots, gives measured downtime back (a kiosk that lost the server) and
 * acknowledges the rest, and works the reconciler's "needs attention"
 * list with its retry button.
 */

export const operatorStats = {
  incidents: 0,
  acknowledged: 0,
  granted: 0,
  grantedMs: 0,
  attentionRetries: 0,
  /** Items on the "needs attention" list the last time it was read. */
  attention: 0,
  errors: [] as string[],
};

interface Incident {
  id: string;
  type: string;
  durationMs: number | null;
  acknowledgedAt?: number;
  grantedMs?: number;
}

/** Time lost at the kiosk worth giving back (shorter blips are only acknowledged). */
const GRANT_FROM_MS = 1_000;
const GIVEN_BACK = new Set(["disconnect", "offline"]);

async function handleIncidents(
  operator: Caller,
  slotId: string,
  seen: Set<string>,
) {
  const list = await operator.get(`/slots/${slotId}/incidents`);
  if (list.status !== 200)
    throw new Error(`incidents: ${list.status} ${errorOf(list)}`);
  for (const incident of list.body as Incident[]) {
    if (
      seen.has(incident.id) ||
      incident.acknowledgedAt !== undefined ||
      incident.grantedMs !== undefined
    )
      continue;
    seen.add(incident.id);
    operatorStats.incidents++;
    if (
      GIVEN_BACK.has(incident.type) &&
      (incident.durationMs ?? 0) >= GRANT_FROM_MS
    ) {
      const granted = await operator.post(`/incidents/${incident.id}/grant`, {
        reason: "Time lost to the connection given back",
      });
      if (granted.status === 200) {
        operatorStats.granted++;
        operatorStats.grantedMs += incident.durationMs ?? 0;
        continue;
      }
      // The test has ended meanwhile (or it was granted): acknowledge instead.
    }
    const acknowledged = await operator.post(
      `/incidents/${incident.id}/acknowledge`,
      { comment: "Checked at the seat" },
    );
    if (acknowledged.status !== 200)
      throw new Error(
        `acknowledge: ${acknowledged.status} ${errorOf(acknowledged)}`,
      );
    operatorStats.acknowledged++;
  }
}

async function workAttentionList(operator: Caller) {
  const list = await operator.get("/reconciler/items");
  if (list.status !== 200)
    throw new Error(`needs attention: ${list.status} ${errorOf(list)}`);
  const items = (list.body as { items: { id: string }[] }).items;
  operatorStats.attention = items.length;
  for (const item of items) {
    const retried = await operator.post(
      `/reconciler/items/${encodeURIComponent(item.id)}/retry`,
    );
    if (retried.status === 202) operatorStats.attentionRetries++;
  }
}

/** Until `done()`: incidents every few seconds, the attention list every 15 s. */
export async function superviseSlots(
  operator: Caller,
  slotIds: readonly string[],
  done: () => boolean,
): Promise<void> {
  const seen = new Set<string>();
  let attentionAt = 0;
  while (!done()) {
    try {
      for (const slotId of slotIds)
        await handleIncidents(operator, slotId, seen);
      if (Date.now() - attentionAt > 15_000) {
        attentionAt = Date.now();
        await workAttentionList(operator);
      }
    } catch (error) {
      operatorStats.errors.push(
        error instanceof Error ? error.message : String(error),
      );
    }
    await sleep(4_000);
  }
  // A last look at what is left.
  try {
    for (const slotId of slotIds) await handleIncidents(operator, slotId, seen);
  } catch (error) {
    operatorStats.errors.push(
      error instanceof Error ? error.message : String(error),
    );
  }
}
