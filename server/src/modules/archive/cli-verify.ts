import { parseArgs } from "node:util";
import { archiveDir } from "../../archive/store";
import { loadEnv } from "../../env";
import { openCliRedis } from "../../redis/cli-connection";
import { verifyArchives } from "./verify";

/**
 * `npm run archive:verify [-- --slot <id>] [--redis <url>]`: checks every
 * version of every archived slot (SHA-256, audit chain and checkpoints).
 * Exit 0 all intact, 1 something failed, 2 usage or no Redis.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      slot: { type: "string", multiple: true },
      redis: { type: "string" },
    },
  });
  const env = loadEnv();
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  try {
    const verdicts = await verifyArchives(
      connection.redis,
      {
        dir: archiveDir(env),
        dataDir: env.DATA_DIR,
        ...(env.CERT_QR_KEY_PATH ? { qrKeyPath: env.CERT_QR_KEY_PATH } : {}),
      },
      values.slot,
    );
    for (const verdict of verdicts) {
      console.log(
        `${verdict.ok ? "ok    " : "FAILED"} slot ${verdict.slotId} v${verdict.version} (${verdict.file}): ${verdict.detail}`,
      );
    }
    const failed = verdicts.filter((verdict) => !verdict.ok).length;
    console.log(
      `${verdicts.length - failed} of ${verdicts.length} archive versions intact`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

void main();
