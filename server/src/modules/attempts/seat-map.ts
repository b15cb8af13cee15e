import type { SeatView } from "@shared/attempts";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { getSlot } from "../slots";
import { listSeats } from "../centers";
import { findKiosk, kioskOfSeat } from "../kiosks";
import { countOpenEpisodes } from "./episodes";
import { seatView } from "./presenters";
import { attemptIdsOfSlot, findAttempts } from "./repository";

/** Every seat of the slot's room with its kiosk and the slot's attempt on it. */
export async function slotSeatMap(
  ctx: AppContext,
  slotId: string,
): Promise<SeatView[]> {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  const [seats, attempts] = await Promise.all([
    listSeats(ctx.redis, slot.roomId),
    attemptIdsOfSlot(ctx.redis, slotId).then((ids) =>
      findAttempts(ctx.redis, ids),
    ),
  ]);
  // The badge counts episodes that need staff, not raw events.
  const incidents = await countOpenEpisodes(
    ctx,
    attempts.map((attempt) => attempt.id),
  );
  const now = ctx.clock.now();
  return Promise.all(
    seats.map(async (seat) => {
      const kioskId = await kioskOfSeat(ctx.redis, seat.id);
      const kiosk = kioskId ? await findKiosk(ctx.redis, kioskId) : null;
      // The latest attempt on this seat in this slot (a re-seat leaves none behind).
      const attempt =
        attempts
          .filter((candidate) => candidate.seatId === seat.id)
          .sort((a, b) => b.admittedAt - a.admittedAt)[0] ?? null;
      return seatView(
        {
          slotId,
          seat,
          kiosk,
          attempt,
          incidents: attempt ? (incidents.get(attempt.id) ?? 0) : 0,
        },
        now,
      );
    }),
  );
}
