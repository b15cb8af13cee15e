import path from "node:path";
import { writeFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSynaq } from "./app";
import { EnvError, loadEnv, type Env } from "./env";
import { ensureClientsBuilt, ROOT_DIR } from "./http/clients";
import { createLogger } from "./logger";
import { DEMO_ACCOUNTS } from "./modules/demo/seed";
import { startEmbeddedRedis, type EmbeddedRedis } from "./redis/embedded";

/**
 * `npm start [-- --services=web,realtime,worker]`. Without REDIS_URL it runs
 * its own redis-server under ./data/redis and stops it on exit.
 */
async function main() {
  const { values } = parseArgs({ options: { services: { type: "string" } }, strict: false });
  let env: Env;
  try {
    env = loadEnv({
      ...process.env,
      ...(typeof values.services === "string" ? { SYNAQ_SERVICES: values.services } : {}),
    });
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL, { services: env.SYNAQ_SERVICES.join(",") });

  let embedded: EmbeddedRedis | undefined;
  const urlFile = path.resolve(env.DATA_DIR, "redis", "redis.url");
  if (!env.REDIS_URL) {
    embedded = await startEmbeddedRedis({
      dir: path.resolve(env.DATA_DIR, "redis"),
      fsync: env.SYNAQ_FSYNC,
      install: true,
      log: (message) => logger.info(message),
    });
    // Lets operator commands (audit:verify …) find the embedded Redis.
    writeFileSync(urlFile, embedded.url);
    logger.info({ url: embedded.url, redisPid: embedded.pid }, "embedded redis-server started");
  }
  const redisUrl = env.REDIS_URL ?? embedded?.url ?? "";

  if (env.SYNAQ_SERVICES.includes("web") && env.CLIENTS_DIST_CHECK) ensureClientsBuilt(logger);

  let synaq: Awaited<ReturnType<typeof startSynaq>>;
  try {
    synaq = await startSynaq({ ...env, REDIS_URL: redisUrl }, { logger });
  } catch (error) {
    logger.fatal({ err: error }, "start failed");
    await embedded?.stop();
    process.exit(1);
  }

  let signals = 0;
  const shutdown = async (signal: string) => {
    if (++signals > 1) {
      logger.warn("second signal: exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await synaq.stop();
    } finally {
      if (embedded) {
        await embedded.stop();
        rmSync(urlFile, { force: true });
      }
    }
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (synaq.url) {
    const base = synaq.ctx.publicUrl;
    const lines = [
      "",
      `Synaq is running (${env.SYNAQ_SERVICES.join(", ")}) — data in ${path.relative(ROOT_DIR, path.resolve(env.DATA_DIR)) || "."}`,
      `  Booking portal   ${base}/`,
      `  Console          ${base}/admin`,
      `  Kiosk            ${base}/kiosk`,
      `  Verify           ${base}/verify`,
      `  API (OpenAPI)    ${base}/api/v1/openapi.json`,
      `  Health           ${base}/readyz   Metrics ${base}/metrics`,
    ];
    if (env.SEED_DEMO) {
      lines.push("  Demo accounts (DEMO ONLY, change them for real use):");
      for (const account of DEMO_ACCOUNTS) {
        lines.push(`    ${account.role.padEnd(14)} ${account.username} / ${account.password}`);
      }
    }
    console.log(lines.join("\n") + "\n");
  }
}

void main();
