import type { JobHandler } from "../../queues/handler";
import { runRosterImport } from "./service";

/** `roster.import`: book a queued roster CSV, all rows or none. */
export const runRosterImportJob: JobHandler<"roster.import"> = (ctx, payload) =>
  runRosterImport(ctx, payload.importId);
