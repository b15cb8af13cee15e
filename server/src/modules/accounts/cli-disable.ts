import { parseArgs } from "node:util";
import { loadEnv } from "../../env";
import { isSynaqError } from "../../errors";
import { openCliRedis } from "../../redis/cli-connection";
import { disableAccountByUsername } from "./service";

const USAGE =
  "usage: npm run account:disable -- --username <name> [--redis redis://host:port]\n" +
  "(without --redis: REDIS_URL, else the embedded Redis of DATA_DIR, started for the moment if the server is stopped)";

/**
 * `npm run account:disable -- --username <name>`: switches an account off;
 * its sessions end and its console sockets close.
 * Exit 0 done, 1 no such account, 2 usage or no Redis.
 */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { username: { type: "string" }, redis: { type: "string" } },
    }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return process.exit(2);
  }
  if (!values.username) {
    console.error(USAGE);
    return process.exit(2);
  }
  const env = loadEnv();
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  try {
    const account = await disableAccountByUsername(
      connection,
      values.username,
      "system:cli",
    );
    console.log(
      `account:disable: "${account.username}" (${account.role}) is deactivated; its sessions ended`,
    );
  } catch (error) {
    if (isSynaqError(error)) {
      console.error(`account:disable: ${error.message} (${error.id})`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await connection.close();
  }
}

void main();
