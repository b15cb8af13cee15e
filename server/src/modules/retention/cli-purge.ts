import path from "node:path";
import { parseArgs } from "node:util";
import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { archiveKeys } from "../../archive/store";
import type { AppContext } from "../../context";
import { loadEnv, type Env } from "../../env";
import { createMetrics } from "../../metrics";
import type { Queues } from "../../queues/queue";
import { openCliRedis } from "../../redis/cli-connection";
import { RedisClock } from "../../redis/clock";
import { redisNow } from "../../redis/connection";
import type { StorageProbe } from "../../redis/storage-probe";
import { archivePurger } from "../archive";
import { loadBankCatalog } from "../banks/repository";
import { retentionArchiveKeys, type ArchivedSlotPurger } from "./archived";
import { purgePersonalData, retentionCutoff } from "./service";

/** Parts of a context a one-shot CLI has no use for: any use is a bug. */
const unavailable = <T extends object>(what: string) =>
  new Proxy({} as T, {
    get: () => {
      throw new Error(`data:purge has no ${what}`);
    },
  });

/**
 * The archive module's hooks for archived slots (restore, archive again
 * as a purge version): only when some slot is archived, since it loads
 * the programs (document stubs name them) and signs checkpoints like the
 * worker. Logs go to stderr (stdout carries the report).
 */
async function archiveHooks(
  env: Env,
  redis: Redis,
): Promise<{ purger: ArchivedSlotPurger; close: () => void } | null> {
  const [archived, purging] = await Promise.all([
    redis.scard(archiveKeys.all),
    redis.scard(retentionArchiveKeys.purging),
  ]);
  if (archived + purging === 0) return null;
  const clock = new RedisClock(redis);
  await clock.start();
  const ctx: AppContext = {
    env,
    redis,
    logger: pino({ level: env.LOG_LEVEL }, pino.destination(2)),
    queues: unavailable<Queues>("job queues"),
    metrics: createMetrics(),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    registry: new OpenAPIRegistry(),
    catalog: await loadBankCatalog(env.BANKS_DIR),
    clock,
    storage: unavailable<StorageProbe>("storage probe"),
  };
  return { purger: archivePurger(ctx), close: () => clock.stop() };
}

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
    const archive = await archiveHooks(env, redis);
    const report = await purgePersonalData(redis, {
      before,
      dryRun: values["dry-run"] === true,
      outputDir: path.resolve(env.CERT_OUTPUT_DIR),
      actor: "system:retention",
      ...(archive ? { archive: archive.purger } : {}),
    }).finally(() => archive?.close());
    // The rest is purged, but a slot whose file could not be read still
    // holds people past their time: the run fails so that someone looks.
    if (report.skipped.some((skip) => skip.reason === "archive_unreadable"))
      process.exitCode = 1;
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
        `${report.dryRun ? "would write" : "wrote"} anonymized archive versions of ${report.archivedSlots.length} archived slots; ` +
        `skipped ${report.skipped.length}`,
    );
    for (const id of report.bookings) console.log(`  booking ${id}`);
    for (const id of report.attempts) console.log(`  attempt ${id}`);
    for (const number of report.documents) console.log(`  document ${number}`);
    for (const slotId of report.analytics)
      console.log(`  analytics of slot ${slotId}`);
    for (const id of report.complaints) console.log(`  complaint ${id}`);
    for (const id of report.refusals) console.log(`  refusal ${id}`);
    for (const slotId of report.archivedSlots)
      console.log(`  archived slot ${slotId}`);
    for (const skipped of report.skipped) {
      const record =
        "bookingId" in skipped
          ? `booking ${skipped.bookingId}`
          : "complaintId" in skipped
            ? `complaint ${skipped.complaintId}`
            : "refusalId" in skipped
              ? `refusal ${skipped.refusalId}`
              : `archived slot ${skipped.slotId}`;
      console.log(
        `  skipped ${record}: ${skipped.reason}` +
          ("error" in skipped
            ? ` (${skipped.error}; npm run archive:verify)`
            : ""),
      );
    }
  } finally {
    await connection.close();
  }
}

void main();
