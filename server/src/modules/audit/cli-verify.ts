import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRedis } from "../../redis/connection";
import { verifyArchive } from "./archive";
import { verifyAuditStream } from "./service";
import type { AuditScope } from "./repository";

/**
 * `npm run audit:verify -- --slot <id>` (or `--system`): checks the hash
 * chain and names the first broken entry. `--file <export.json>` checks a
 * slot's exported record instead (GET /analytics/slots/:id/archive.json),
 * with no Redis. Exit 0 intact, 1 broken, 2 usage.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      slot: { type: "string" },
      system: { type: "boolean" },
      redis: { type: "string" },
      file: { type: "string" },
    },
  });
  if (values.file) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(values.file, "utf8"));
    } catch (error) {
      console.error(`cannot read ${values.file}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    }
    const verdict = verifyArchive(document);
    if (verdict.ok) {
      console.log(`audit file ${values.file}: intact, ${verdict.entries} entries, head ${verdict.head}`);
    } else {
      console.log(`audit file ${values.file}: BROKEN at ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`);
      process.exitCode = 1;
    }
    return;
  }
  // The embedded Redis of `npm start` writes its URL into the data folder.
  const embeddedUrlFile = path.resolve(process.env.DATA_DIR ?? "./data", "redis", "redis.url");
  const url =
    values.redis ??
    process.env.REDIS_URL ??
    (existsSync(embeddedUrlFile) ? readFileSync(embeddedUrlFile, "utf8").trim() : undefined);
  if (!url || (!values.slot && !values.system)) {
    console.error(
      "usage: npm run audit:verify -- --slot <slotId> | --system [--redis redis://host:port] | --file <export.json>\n" +
        "(without --redis: REDIS_URL, else the Redis of a running `npm start`)",
    );
    process.exit(2);
  }
  const scope: AuditScope = values.slot ? `slot:${values.slot}` : "system";
  const redis = createRedis(url);
  try {
    const verdict = await verifyAuditStream(redis, scope);
    if (verdict.ok) {
      console.log(`audit ${scope}: intact, ${verdict.entries} entries, head ${verdict.head}`);
    } else {
      console.log(
        `audit ${scope}: BROKEN at entry ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`,
      );
      process.exitCode = 1;
    }
  } finally {
    redis.disconnect();
  }
}

void main();
