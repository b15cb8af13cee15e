import { parseArgs } from "node:util";
import { loadEnv } from "../../env";
import { openCliRedis } from "../../redis/cli-connection";
import { removeDemoAccounts } from "./service";

/**
 * `npm run account:remove-demo`: deletes the accounts the demo seeded
 * (marked `demo`, whatever their names); accounts a center created stay.
 * Exit 0 done, 2 usage or no Redis.
 */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { redis: { type: "string" } } }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\nusage: npm run account:remove-demo -- [--redis redis://host:port]`,
    );
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
    const removed = await removeDemoAccounts(connection, "system:cli");
    console.log(
      `account:remove-demo: removed ${removed.length} demo account(s)`,
    );
    for (const account of removed)
      console.log(`  ${account.role.padEnd(14)} ${account.username}`);
  } finally {
    await connection.close();
  }
}

void main();
