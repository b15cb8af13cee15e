import type { JobHandler } from "../../queues/handler";
import { notifyBooking } from "./notify";
import { getBooking } from "./repository";
import { sweepNoShows } from "./service";

/** `slot.no-show`: mark never-admitted bookings at the late cutoff. */
export const runNoShowJob: JobHandler<"slot.no-show"> = (ctx, payload) =>
  sweepNoShows(ctx, payload.slotId);

/**
 * `booking.remind`: the evening before the test, remind the candidate —
 * only if the booking is still booked on the slot the reminder was for (a
 * cancelled or moved booking gets none; a moved one has its own).
 */
export const runReminderJob: JobHandler<"booking.remind"> = async (
  ctx,
  payload,
) => {
  const booking = await getBooking(ctx.redis, payload.bookingId);
  if (booking?.status !== "booked" || booking.slotId !== payload.slotId) {
    return;
  }
  await notifyBooking(ctx, booking, "booking.reminder", {}, payload.slotId);
};
