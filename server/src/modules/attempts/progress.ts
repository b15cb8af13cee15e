import type { SeatProgress } from "@shared/attempts";
import type { AppContext } from "../../context";
import { publishLive } from "../live";

/** How often a process sends the answers it saved to the consoles. */
const PROGRESS_MS = 500;

type Pending = Map<string, Map<string, SeatProgress["seats"][number]>>;
const pendingOf = new WeakMap<AppContext, Pending>();

/**
 * Notes a saved answer for the slot's seat map. The save script already
 * returned everything a tile shows of it, so this reads nothing: each
 * process sends one `seat.progress` per slot at most every 500 ms, with the
 * latest progress of each seat answered since. A room of 2,000 candidates
 * costs the consoles four messages a second, not one tile per answer.
 */
export function noteProgress(
  ctx: AppContext,
  slotId: string,
  seat: SeatProgress["seats"][number],
): void {
  let pending = pendingOf.get(ctx);
  if (!pending) {
    pending = new Map();
    pendingOf.set(ctx, pending);
  }
  if (pending.size === 0) setTimeout(() => flush(ctx), PROGRESS_MS).unref();
  let seats = pending.get(slotId);
  if (!seats) {
    seats = new Map();
    pending.set(slotId, seats);
  }
  seats.set(seat.seatId, seat);
}

function flush(ctx: AppContext): void {
  const pending = pendingOf.get(ctx);
  if (!pending) return;
  const slots = [...pending];
  pending.clear();
  for (const [slotId, seats] of slots) {
    const payload: SeatProgress = { slotId, seats: [...seats.values()] };
    publishLive(ctx.redis, {
      target: "console",
      slotId,
      event: "seat.progress",
      payload,
    }).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, "seat progress not published"),
    );
  }
}
