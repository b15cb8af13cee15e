import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import type { StaffScope } from "../../server/shared/accounts";
import type { StaffRole } from "../../server/shared/enums";
import { EnvSchema } from "../../server/src/env";
import { TEST_STAFF_PASSWORD, testStaffPasswordHash } from "./staff-password";
import {
  accountScope,
  createAccount,
} from "../../server/src/modules/accounts/repository";
import {
  accountAuditScope,
  appendAudit,
} from "../../server/src/modules/audit/repository";
import { JOB_NAMES, type JobName } from "../../server/src/queues/jobs";
import { queueName } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import { ApiClient } from "./http";

/**
 * Real Synaq processes for cross-process tests and the benchmark: spawned
 * the way an operator runs them (`node --import tsx server/src/index.ts
 * --services=…`), killed with SIGKILL when a test plays a crash, and never
 * left behind.
 */

export const ROOT_DIR = path.resolve(import.meta.dirname, "../..");
export const ENGINE_BANKS_DIR = path.join(
  ROOT_DIR,
  "tests/fixtures/engine-banks",
);

export interface SynaqProcess {
  readonly services: string;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` of a web or realtime process. */
  readonly url: string | undefined;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last 64 KB of stdout and stderr, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill9(): Promise<void>;
  /** SIGTERM, the graceful shutdown (SIGKILL if it takes over 10 s). */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** `web,realtime`, `worker`, … (index.ts `--services`). */
  services: string;
  redisUrl: string;
  /** More environment; wins over the defaults below. */
  env?: Record<string, string>;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Raises the child's open-file limit (`ulimit -n`) to this. */
  fileLimit?: number;
  startTimeoutMs?: number;
  /** Also appends everything it writes (stdout and stderr) to this file. */
  logFile?: string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
let dataDir: string | undefined;

/** Whatever happens to the test runner, its children die with it. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
}

/** One scratch DATA_DIR (QR keys …) shared by the processes of a run. */
function scratchDataDir(): string {
  dataDir ??= mkdtempSync(path.join(tmpdir(), "synaq-processes-"));
  return dataDir;
}

/** The environment without any Synaq setting of the developer's shell. */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !(entry[0] in EnvSchema.shape),
    ),
  );
}

/** The soft and hard `ulimit -n` this process hands to its children. */
export function fileLimits(): { soft: number; hard: number } {
  const read = (flag: string) => {
    const result = spawnSync("/bin/sh", ["-c", `ulimit ${flag} -n`], {
      encoding: "utf8",
    });
    const text = result.stdout.trim();
    return text === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(text);
  };
  return { soft: read("-S"), hard: read("-H") };
}

/**
 * The command line for `command args…`, through `sh -c 'ulimit -n …; exec'`
 * when the open-file limit must rise (exec keeps the pid and any IPC fd).
 * The limit cannot pass the hard limit; callers check that themselves.
 */
export function withFileLimit(
  command: string,
  args: string[],
  fileLimit: number | undefined,
): [string, string[]] {
  if (fileLimit === undefined) return [command, args];
  const { soft, hard } = fileLimits();
  const wanted = Math.min(fileLimit, hard);
  if (soft >= wanted) return [command, args];
  return [
    "/bin/sh",
    ["-c", `ulimit -n ${wanted} && exec "$0" "$@"`, command, ...args],
  ];
}

const DEFAULT_ENV = {
  NODE_ENV: "test",
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  SEED_DEMO: "false",
  CLIENTS_DIST_CHECK: "false",
  BANKS_DIR: ENGINE_BANKS_DIR,
  RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
  // Candidates start at once in slots a few minutes ahead (EARLY_START).
  EARLY_START: "candidate",
  // Tests play clients behind a proxy with X-Forwarded-For from loopback.
  TRUST_PROXY: "127.0.0.1,::1",
};

/**
 * Starts `server/src/index.ts --services=…` and resolves once it serves:
 * a web or realtime process when it prints its URLs, a worker-only one
 * when its BullMQ workers show up in Redis.
 */
export async function spawnSynaq(options: SpawnOptions): Promise<SynaqProcess> {
  installExitHook();
  const serves = /web|realtime/.test(options.services);
  const workersBefore = serves ? 0 : await countWorkers(options.redisUrl);
  const [command, args] = withFileLimit(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--import",
      "tsx",
      "server/src/index.ts",
      `--services=${options.services}`,
    ],
    options.fileLimit,
  );
  const child = spawn(command, args, {
    cwd: ROOT_DIR,
    env: {
      ...cleanEnv(),
      ...DEFAULT_ENV,
      DATA_DIR: scratchDataDir(),
      ...options.env,
      REDIS_URL: options.redisUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });

  // Always drained: a child blocked on a full pipe would look hung.
  let output = "";
  const logFile = options.logFile
    ? createWriteStream(options.logFile, { flags: "a" })
    : undefined;
  // After "close": output may still arrive between "exit" and then.
  if (logFile) child.once("close", () => logFile.end());
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64 * 1024);
    logFile?.write(chunk);
    if (process.env.SYNAQ_CHILD_LOGS) process.stderr.write(chunk);
  };
  child.stderr.on("data", keep);
  const urlLine = new Promise<string>((resolve) => {
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString();
      const match = /Console\s+(https?:\/\/\S+)\/admin/.exec(pending);
      if (match?.[1]) {
        // The printed host is `localhost`; the child listens on 127.0.0.1.
        resolve(`http://127.0.0.1:${new URL(match[1]).port}`);
        pending = "";
      } else {
        pending = pending.slice(-4096);
      }
    });
  });

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
    await exited;
  };
  const stop = async () => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await kill("SIGTERM");
    clearTimeout(force);
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await Promise.race([
      serves
        ? urlLine
        : waitForWorkers(options.redisUrl, workersBefore + 1, timeoutMs).then(
            () => undefined,
          ),
      exited.then((code) => {
        throw new Error(`exited with code ${code} before it was ready`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return {
      services: options.services,
      pid: child.pid ?? 0,
      url,
      exited,
      output: () => output,
      kill9: () => kill("SIGKILL"),
      stop,
    };
  } catch (error) {
    await kill("SIGKILL");
    throw new Error(
      `synaq --services=${options.services}: ${String(error)}\n${output}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kills every process spawned here that is still running and removes their
 * scratch DATA_DIR (afterAll; test workers do not always see "exit").
 */
export async function stopAllProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  );
  await Promise.all(exits);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

/**
 * BullMQ workers registered for a job (default: scoring), counted by
 * BullMQ from Redis `CLIENT LIST` — i.e. across every process.
 */
export async function countWorkers(
  redisUrl: string,
  job: JobName = "attempt.score",
): Promise<number> {
  const connection = createRedis(redisUrl);
  const queue = new Queue(queueName(job), { connection });
  try {
    return await queue.getWorkersCount();
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Waits until every job kind has at least `count` workers. */
export async function waitForWorkers(
  redisUrl: string,
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      JOB_NAMES.map((job) => countWorkers(redisUrl, job)),
    );
    if (counts.every((workers) => workers >= count)) return;
    if (Date.now() > until) {
      throw new Error(`workers ${counts.join(",")} (want ${count} each)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A staff account written straight into Redis (as `registerAccount` would,
 * without an in-process app), then signed in through `baseUrl`'s API.
 */
export async function signInStaff(
  baseUrl: string,
  redisUrl: string,
  role: StaffRole,
  username = `${role}-${Math.random().toString(36).slice(2, 8)}`,
  scope?: StaffScope,
): Promise<{ client: ApiClient; accountId: string; password: string }> {
  const password = TEST_STAFF_PASSWORD;
  const redis = createRedis(redisUrl);
  try {
    const account = await createAccount(redis, {
      username,
      fullName: `Test ${role}`,
      role,
      ...(scope ? { scope } : {}),
      passwordHash: await testStaffPasswordHash(),
    });
    if (!account) throw new Error(`username ${username} is taken`);
    await appendAudit(redis, accountAuditScope(accountScope(account)), {
      actor: "system",
      action: "account.created",
      subject: `account:${account.id}`,
      data: { username, role },
    });
    const client = new ApiClient(baseUrl);
    await client.login(username, password);
    return { client, accountId: account.id, password };
  } finally {
    redis.disconnect();
  }
}
