import { parseArgs } from "node:util";
import type { StaffScope } from "@shared/accounts";
import { STAFF_ROLES, type StaffRole } from "@shared/enums";
import { loadEnv } from "../../env";
import { isSynaqError } from "../../errors";
import { openCliRedis } from "../../redis/cli-connection";
import { USERNAME_PATTERN } from "./passwords";
import { generatePassword, registerAccount } from "./service";

const USAGE =
  "usage: npm run account:create -- --username <name> --role <" +
  STAFF_ROLES.join("|") +
  "> [--scope network|<centerId,…>] [--full-name <text>] [--password-stdin] [--redis redis://host:port]\n" +
  "(--scope: the centers the account serves, or the whole network: the default)\n" +
  "(without --password-stdin a password is generated and printed once; " +
  "without --redis: REDIS_URL, else the embedded Redis of DATA_DIR, started for the moment if the server is stopped)";

/** `--scope network` (the default) or `--scope <centerId>,<centerId>…`. */
function parseScope(value: string | undefined): StaffScope | null {
  if (value === undefined || value.trim() === "network")
    return { kind: "network" };
  const centerIds = value
    .split(",")
    .map((centerId) => centerId.trim())
    .filter((centerId) => centerId.length > 0);
  return centerIds.length > 0 ? { kind: "centers", centerIds } : null;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/**
 * `npm run account:create -- --username <name> --role <role> …`: creates a
 * staff account (the first one, or any) from the command line.
 * Exit 0 created, 1 refused (name taken, weak password), 2 usage or no Redis.
 */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        username: { type: "string" },
        role: { type: "string" },
        scope: { type: "string" },
        "full-name": { type: "string" },
        "password-stdin": { type: "boolean" },
        redis: { type: "string" },
      },
    }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return process.exit(2);
  }
  const { username, role } = values;
  if (!username || !role) {
    console.error(USAGE);
    return process.exit(2);
  }
  if (!USERNAME_PATTERN.test(username)) {
    console.error(
      `account:create: the username must be 3–40 of a-z 0-9 . _ - (got "${username}")`,
    );
    return process.exit(1);
  }
  if (!(STAFF_ROLES as readonly string[]).includes(role)) {
    console.error(
      `account:create: unknown role "${role}" (use ${STAFF_ROLES.join(", ")})`,
    );
    return process.exit(1);
  }
  const scope = parseScope(values.scope);
  if (!scope) {
    console.error(
      `account:create: --scope is "network" or center ids separated by commas (got "${values.scope ?? ""}")`,
    );
    return process.exit(1);
  }
  const fullName = values["full-name"]?.trim() || username;
  const generated = values["password-stdin"] !== true;
  const password = generated ? generatePassword() : await readStdin();
  const env = loadEnv();
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  try {
    const account = await registerAccount(
      connection,
      { username, fullName, role: role as StaffRole, password, scope },
      "system:cli",
    );
    const served =
      account.scope?.kind === "centers"
        ? `centers ${account.scope.centerIds.join(", ")}`
        : "the network";
    console.log(
      `account:create: created ${account.role} "${account.username}" (${account.id}) serving ${served} in ${connection.url}`,
    );
    if (generated) console.log(`password (shown once): ${password}`);
  } catch (error) {
    if (isSynaqError(error)) {
      console.error(`account:create: ${error.message} (${error.id})`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await connection.close();
  }
}

void main();
