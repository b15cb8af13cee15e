import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRedis } from "../../redis/connection";
import { verifyAuditStream } from "./service";
import type { AuditScope } from "./repository";

/**
 * `npm run audit:verify -- --slot <id>` (or `--system`): checks the hash
 * chain and names the first broken entry. Exit 0 intact, 1 broken, 2 usage.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      slot: { type: "string" },
      system: { type: "boolean" },
      redis: { type: "string" },
    },
  });
  // The embedded Redis of `npm start` writes its URL into the data folder.
  const embeddedUrlFile = path.resolve(process.env.DATA_DIR ?? "./data", "redis", "redis.url");
  const url =
    values.redis ??
    process.env.REDIS_URL ??
    (existsSync(embeddedUrlFile) ? readFileSync(embeddedUrlFile, "utf8").trim() : undefined);
  if (!url || (!values.slot && !values.system)) {
    console.error(
      "usage: npm run audit:verify -- --slot <slotId> | --system [--redis redis://host:port]\n" +
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
