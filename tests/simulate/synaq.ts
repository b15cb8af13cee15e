import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  dataDirRedisOptions,
  embeddedRedisFiles,
  freePort,
  startEmbeddedRedis,
  type EmbeddedRedis,
} from "../../server/src/redis/embedded";
import {
  spawnSynaq,
  type SpawnOptions,
  type SynaqProcess,
} from "../support/processes";
import { startStandalone, type StandaloneSynaq } from "../support/standalone";
import { sleep } from "./random";

/**
 * The simulated day's own Synaq: its own temporary folder (DATA_DIR, the
 * AOF, the issued documents, every process's log), its own question bank,
 * free ports, and the public rate limit raised for the one address all the
 * simulated people come from.
 *
 * - `standalone`: one process as `npm start` runs it, with its embedded,
 *   supervised redis-server (tests/support/standalone.ts);
 * - `cluster` (`--chaos`): Redis (started the way the embedded one is:
 *   password in DATA_DIR/redis/password, config file 0600, AOF everysec),
 *   two `web,realtime` processes on fixed ports behind which the simulated
 *   clients fail over like behind a balancer, and two `worker` processes.
 *   Any of the five can be killed with SIGKILL and restarted in place.
 */

export const SIM_BANKS_DIR = path.resolve(import.meta.dirname, "banks");
export const SIM_PROGRAM = "sim-day";

export interface SimSynaq {
  /** The simulation's folder; `logs/` holds one file per process. */
  readonly dir: string;
  readonly logDir: string;
  /** The web processes, in the order a balancer would try them. */
  readonly urls: readonly string[];
  /** For the final checks (holds the password: never print it). */
  readonly redisUrl: string;
  /** What chaos may kill: `redis`, `web-1`, `web-2`, `worker-1`, `worker-2`. */
  readonly targets: readonly string[];
  kill9(target: string): Promise<void>;
  restart(target: string): Promise<void>;
  /** Everything the Synaq processes logged so far (from their log files). */
  logs(): string;
  stop(): Promise<void>;
}

function folders() {
  const dir = mkdtempSync(path.join(tmpdir(), "synaq-sim-"));
  const dataDir = path.join(dir, "data");
  const logDir = path.join(dir, "logs");
  const certDir = path.join(dir, "certificates");
  for (const folder of [dataDir, logDir, certDir])
    mkdirSync(folder, { recursive: true });
  return { dir, dataDir, logDir, certDir };
}

function synaqEnv(dataDir: string, certDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    BANKS_DIR: SIM_BANKS_DIR,
    CERT_OUTPUT_DIR: certDir,
    LOG_LEVEL: "info",
    SEED_DEMO: "false",
    CLIENTS_DIST_CHECK: "false",
    // Every simulated candidate and kiosk comes from 127.0.0.1.
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: "1000000",
  };
}

const readLogs = (logDir: string, names: readonly string[]) =>
  names
    .map((name) => path.join(logDir, `${name}.log`))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");

/** One process of everything, as `npm start` runs it. */
export async function startStandaloneSynaq(): Promise<SimSynaq> {
  const { dir, dataDir, logDir, certDir } = folders();
  const synaq: StandaloneSynaq = await startStandalone(
    dataDir,
    { ...synaqEnv(dataDir, certDir), PORT: "0" },
    { logFile: path.join(logDir, "synaq.log") },
  );
  const files = embeddedRedisFiles(dataDir);
  const address = readFileSync(files.urlFile, "utf8").trim();
  const password = readFileSync(files.passwordFile, "utf8").trim();
  const redisUrl = address.replace("redis://", `redis://:${password}@`);
  return {
    dir,
    logDir,
    urls: [synaq.url],
    redisUrl,
    targets: [],
    kill9: () => Promise.reject(new Error("a standalone Synaq is not killed")),
    restart: () =>
      Promise.reject(new Error("a standalone Synaq is not restarted")),
    logs: () => readLogs(logDir, ["synaq"]),
    async stop() {
      if (synaq.child.exitCode === null && synaq.child.signalCode === null) {
        synaq.child.kill("SIGTERM");
        const force = setTimeout(() => synaq.child.kill("SIGKILL"), 30_000);
        await synaq.exited;
        clearTimeout(force);
      }
    },
  };
}

/** Redis, two `web,realtime` and two `worker` processes. */
export async function startSynaqCluster(): Promise<SimSynaq> {
  const { dir, dataDir, logDir, certDir } = folders();
  const redisLog = path.join(logDir, "redis.log");
  const note = (message: string) =>
    appendFileSync(redisLog, `${new Date().toISOString()} ${message}\n`);
  const redisOptions = dataDirRedisOptions({
    DATA_DIR: dataDir,
    SYNAQ_FSYNC: "everysec",
    REDIS_MAXMEMORY: undefined,
  });
  // Installs Debian's redis-server when missing, as `npm start` does.
  let redis: EmbeddedRedis = await startEmbeddedRedis({
    ...redisOptions,
    install: true,
    log: note,
  });
  note(
    `redis-server started on port ${redis.port} (pid ${redis.pid}), AOF in ${redisOptions.dir}`,
  );
  const redisPort = redis.port;
  // However the simulation ends, its redis-server (its own process group) goes too.
  process.once("exit", () => {
    try {
      process.kill(redis.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  });

  const env = synaqEnv(dataDir, certDir);
  const webPorts = [await freePort(), await freePort()];
  const plans = new Map<string, SpawnOptions>([
    [
      "web-1",
      {
        services: "web,realtime",
        redisUrl: redis.url,
        env: { ...env, PORT: String(webPorts[0]) },
      },
    ],
    [
      "web-2",
      {
        services: "web,realtime",
        redisUrl: redis.url,
        env: { ...env, PORT: String(webPorts[1]) },
      },
    ],
    ["worker-1", { services: "worker", redisUrl: redis.url, env }],
    ["worker-2", { services: "worker", redisUrl: redis.url, env }],
  ]);
  const running = new Map<string, SynaqProcess>();
  const spawnOne = async (name: string) => {
    const options = plans.get(name);
    if (!options) throw new Error(`no process ${name}`);
    running.set(
      name,
      await spawnSynaq({
        ...options,
        logFile: path.join(logDir, `${name}.log`),
        startTimeoutMs: 120_000,
      }),
    );
  };
  // Workers one after the other: spawnSynaq counts workers to know when one is up.
  await Promise.all([
    spawnOne("web-1"),
    spawnOne("web-2"),
    spawnOne("worker-1").then(() => spawnOne("worker-2")),
  ]);

  const redisGone = async (pid: number) => {
    for (
      let waited = 0;
      existsSync(`/proc/${pid}`) && waited < 10_000;
      waited += 20
    )
      await sleep(20);
  };
  return {
    dir,
    logDir,
    urls: webPorts.map((port) => `http://127.0.0.1:${port}`),
    redisUrl: redis.url,
    targets: ["redis", ...plans.keys()],
    async kill9(target) {
      if (target === "redis") {
        const pid = redis.pid;
        note(`kill -9 ${pid}`);
        process.kill(pid, "SIGKILL");
        await redisGone(pid);
        return;
      }
      await running.get(target)?.kill9();
    },
    async restart(target) {
      if (target === "redis") {
        // The same port, folder, password and AOF: what a supervisor does.
        redis = await startEmbeddedRedis({
          ...redisOptions,
          port: redisPort,
          log: note,
        });
        note(`redis-server restarted on port ${redisPort} (pid ${redis.pid})`);
        return;
      }
      await spawnOne(target);
    },
    logs: () => readLogs(logDir, [...plans.keys()]),
    async stop() {
      await Promise.all([...running.values()].map((process) => process.stop()));
      await redis.stop();
      note("redis-server stopped");
    },
  };
}
