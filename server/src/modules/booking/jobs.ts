import type { JobHandler } from "../../queues/handler";
import { sweepNoShows } from "./service";

/** `slot.no-show`: mark never-admitted bookings at the late cutoff. */
export const runNoShowJob: JobHandler<"slot.no-show"> = (ctx, payload) =>
  sweepNoShows(ctx, payload.slotId);
