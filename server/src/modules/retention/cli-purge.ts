import path from "node:path";
import { parseArgs } from "node:util";
import { loadEnv } from "../../env";
import { openCliRedis } from "../../redis/cli-connection";
import { redisNow } from "../../redis/connection";
import { purgePersonalData, retentionCutoff } from "./service";

/**
 * `npm run data:purge -- --before <YYYY-MM-DD> [--dry-run] [--redis <url>]`:
 * anonymizes bookings and attempts whose test ended before the date, and
 * the decided complaints and written refusals as old, and prints what it
 * changed (or, with --dry-run, what it would change).
 * Without --before, the cut-off is today minus RETENTION_DAYS.
 * Exit 0 done, 2 usage.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      before: { type: "string" },
      "dry-run": { type: "boolean" },
      redis: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const env = loadEnv();
  if (
    values.before !== undefined &&
    !/^\d{4}-\d{2}-\d{2}$/.test(values.before)
  ) {
    console.error(
      "usage: npm run data:purge -- [--before YYYY-MM-DD] [--dry-run] [--redis redis://host:port] [--json]\n" +
        "(without --before: today minus RETENTION_DAYS; without --redis: REDIS_URL, else the embedded Redis of DATA_DIR)",
    );
    process.exit(2);
  }
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  const { redis } = connection;
  try {
    const before =
      values.before ??
      retentionCutoff(await redisNow(redis), env.RETENTION_DAYS);
    const report = await purgePersonalData(redis, {
      before,
      dryRun: values["dry-run"] === true,
      outputDir: path.resolve(env.CERT_OUTPUT_DIR),
      actor: "system:retention",
    });
    if (values.json) {
      console.log(JSON.stringify(report));
      return;
    }
    const verb = report.dryRun ? "would anonymize" : "anonymized";
    console.log(
      `data:purge before ${report.before}${report.dryRun ? " (dry run: nothing changed)" : ""}: ` +
        `${verb} ${report.bookings.length} bookings, ${report.attempts.length} attempts; ` +
        `${report.dryRun ? "would delete" : "deleted"} ${report.documents.length} document files; ` +
        `${report.dryRun ? "would anonymize" : "anonymized"} the analytics of ${report.analytics.length} slots, ` +
        `${report.complaints.length} complaints, ${report.refusals.length} refusals; ` +
        `skipped ${report.skipped.length}`,
    );
    for (const id of report.bookings) console.log(`  booking ${id}`);
    for (const id of report.attempts) console.log(`  attempt ${id}`);
    for (const number of report.documents) console.log(`  document ${number}`);
    for (const slotId of report.analytics)
      console.log(`  analytics of slot ${slotId}`);
    for (const id of report.complaints) console.log(`  complaint ${id}`);
    for (const id of report.refusals) console.log(`  refusal ${id}`);
    for (const skipped of report.skipped) {
      const record =
        "bookingId" in skipped
          ? `booking ${skipped.bookingId}`
          : "complaintId" in skipped
            ? `complaint ${skipped.complaintId}`
            : `refusal ${skipped.refusalId}`;
      console.log(`  skipped ${record}: ${skipped.reason}`);
    }
  } finally {
    await connection.close();
  }
}

void main();
