import type { JobHandler } from "../jobs";
import { runRosterImport, sweepNoShows } from "./service";

/** `roster.import`: book a queued roster CSV, all rows or none. */
export const runRosterImportJob: JobHandler<"roster.import"> = (ctx, payload) =>
  runRosterImport(ctx, payload.importId);

/** `slot.no-show`: mark never-admitted bookings at the late cutoff. */
export const runNoShowJob: JobHandler<"slot.no-show"> = (ctx, payload) =>
  sweepNoShows(ctx, payload.slotId);
