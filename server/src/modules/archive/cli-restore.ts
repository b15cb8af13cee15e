import { parseArgs } from "node:util";
import { archiveDir, lockArchive } from "../../archive/store";
import { loadEnv } from "../../env";
import { openCliRedis } from "../../redis/cli-connection";
import { restoreSlotKeys } from "./service";

/**
 * `npm run archive:restore -- --slot <id> [--redis <url>]`: puts an
 * archived slot's keys back into Redis from its current version (checked
 * against its SHA-256 first); the slot then works live again and the next
 * sweep archives it again as a new version once it is closed.
 * Exit 0 restored, 1 refused, 2 usage or no Redis.
 */
async function main() {
  const { values } = parseArgs({
    options: { slot: { type: "string" }, redis: { type: "string" } },
  });
  if (!values.slot) {
    console.error(
      "usage: npm run archive:restore -- --slot <slotId> [--redis redis://host:port]",
    );
    process.exit(2);
  }
  const env = loadEnv();
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  const { redis } = connection;
  try {
    const release = await lockArchive(redis, values.slot, 10 * 60_000);
    if (!release) {
      console.error(`slot ${values.slot} is being archived or restored now`);
      process.exitCode = 1;
      return;
    }
    try {
      await restoreSlotKeys(redis, archiveDir(env), values.slot);
      console.log(`slot ${values.slot} restored into Redis`);
    } finally {
      await release();
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

void main();
