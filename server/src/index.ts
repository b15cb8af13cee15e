import path from "node:path";
import { writeFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSynaq, type RunningSynaq } from "./app";
import { EnvError, loadEnv, type Env } from "./env";
import { ensureClientsBuilt, ROOT_DIR } from "./http/clients";
import { createLogger } from "./logger";
import { DEMO_ACCOUNTS, type DemoAccountPlace } from "./modules/demo/seed";
import { productionWarnings } from "./start-warnings";
import {
  dataDirRedisOptions,
  embeddedRedisFiles,
  startEmbeddedRedis,
  type EmbeddedRedis,
} from "./redis/embedded";

/** How long a graceful stop may take before Redis is stopped anyway. */
const GRACEFUL_STOP_MS = 20_000;

/** Where each demo account serves, as the banner names it. */
const DEMO_PLACE_NAMES: Record<DemoAccountPlace, string> = {
  astana: "Astana center",
  almaty: "Almaty center",
  network: "all centers",
};

/**
 * `npm start [-- --services=web,realtime,worker]`. Without REDIS_URL it runs
 * its own redis-server under ./data/redis, restarts it if it dies, and stops
 * it on exit.
 */
async function main() {
  const { values } = parseArgs({
    options: { services: { type: "string" } },
    strict: false,
  });
  let env: Env;
  try {
    env = loadEnv({
      ...process.env,
      ...(typeof values.services === "string"
        ? { SYNAQ_SERVICES: values.services }
        : {}),
    });
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL, {
    services: env.SYNAQ_SERVICES.join(","),
  });

  // Signals are ours from the first moment: whatever arrives, and however
  // often (Ctrl-C reaches npm and node, and npm passes it on again), the
  // embedded Redis is stopped and flushed before this process exits.
  let embeddedStarting: Promise<EmbeddedRedis | undefined> =
    Promise.resolve(undefined);
  let synaqStarting: Promise<RunningSynaq | undefined> =
    Promise.resolve(undefined);
  let hurry: () => void = () => undefined;
  const hurried = new Promise<void>((resolve) => (hurry = resolve));
  const files = embeddedRedisFiles(env.DATA_DIR);
  const stopEverything = async () => {
    // The graceful part (sockets, jobs) gets GRACEFUL_STOP_MS, or less if
    // another signal hurries it; stopping Redis is never skipped.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, GRACEFUL_STOP_MS)),
    );
    const stopSynaq = synaqStarting
      .then((synaq) => synaq?.stop())
      .catch((error: unknown) =>
        logger.error({ err: error }, "graceful stop failed"),
      );
    await Promise.race([stopSynaq, hurried, timeout]);
    clearTimeout(timer);
    const embedded = await embeddedStarting.catch(() => undefined);
    if (embedded) {
      await embedded.stop();
      rmSync(files.urlFile, { force: true });
      logger.info("embedded redis-server stopped");
    }
  };
  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(
        { signal },
        "another signal: hurrying the shutdown (Redis is still stopped first)",
      );
      hurry();
      return;
    }
    logger.info({ signal }, "shutting down");
    // Once stopping, Redis may go before the graceful part ends (a second
    // signal hurries it): work still in flight then fails with "Connection
    // is closed". That is the stop, not a fault: logged, and the stop goes
    // on to flush Redis and exit 0 instead of dying half-way.
    process.on("unhandledRejection", (reason: unknown) => {
      logger.warn({ err: reason }, "in flight at the stop, dropped");
    });
    stopping = stopEverything().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let redisUrl = env.REDIS_URL ?? "";
  if (!env.REDIS_URL) {
    const options = dataDirRedisOptions(env);
    embeddedStarting = startEmbeddedRedis({
      ...options,
      install: true,
      log: (message) => logger.warn(message),
      supervise: true,
    });
    let embedded: EmbeddedRedis | undefined;
    try {
      embedded = await embeddedStarting;
    } catch (error) {
      logger.fatal({ err: error }, "the embedded redis-server did not start");
      process.exit(1);
    }
    if (!embedded || stopping) return;
    // Lets operator commands (audit:verify …) find it; they read the
    // password from its own 0600 file. The URL with it is never logged.
    writeFileSync(files.urlFile, embedded.address);
    logger.info(
      {
        address: embedded.address,
        redisPid: embedded.pid,
        maxmemory: options.maxmemory,
      },
      "embedded redis-server started",
    );
    redisUrl = embedded.url;
  }

  if (env.SYNAQ_SERVICES.includes("web") && env.CLIENTS_DIST_CHECK)
    ensureClientsBuilt(logger);

  let synaq: RunningSynaq;
  try {
    synaqStarting = startSynaq({ ...env, REDIS_URL: redisUrl }, { logger });
    const started = await synaqStarting;
    if (!started) return;
    synaq = started;
  } catch (error) {
    logger.fatal({ err: error }, "start failed");
    await (await embeddedStarting.catch(() => undefined))?.stop();
    process.exit(1);
  }
  if (stopping) return;

  const production = env.NODE_ENV === "production";
  const warnings = await productionWarnings(synaq.ctx);
  for (const warning of warnings) logger.warn(warning);

  if (synaq.url) {
    const base = synaq.ctx.publicUrl;
    const lines = [
      "",
      `Synaq is running (${env.SYNAQ_SERVICES.join(", ")}) — data in ${path.relative(ROOT_DIR, path.resolve(env.DATA_DIR)) || "."}`,
      production
        ? "  Production installation (NODE_ENV=production): no demo data; create accounts with npm run account:create"
        : "  This is a DEMO installation: demo center, slots and accounts. Set NODE_ENV=production for a real center (README, Production).",
      `  Booking portal   ${base}/`,
      `  Console          ${base}/admin`,
      `  Kiosk            ${base}/kiosk`,
      `  Verify           ${base}/verify`,
      `  API (OpenAPI)    ${base}/api/v1/openapi.json`,
      `  Health           ${base}/readyz   Metrics ${base}/metrics`,
    ];
    if (env.SEED_DEMO && !production) {
      lines.push("  Demo accounts (DEMO ONLY, never for a real center):");
      for (const account of DEMO_ACCOUNTS) {
        lines.push(
          `    ${account.role.padEnd(16)} ${`${account.username} / ${account.password}`.padEnd(34)} ${DEMO_PLACE_NAMES[account.serves]}`,
        );
      }
    }
    // Repeated here: the log lines may scroll past before anyone reads them.
    for (const warning of warnings) lines.push(`  WARNING: ${warning}`);
    console.log(lines.join("\n") + "\n");
  }
}

void main();
