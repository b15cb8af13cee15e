import { spawn, type ChildProcess } from "node:child_process";
import {
  createWriteStream,
  readdirSync,
  readFileSync,
  readlinkSync,
} from "node:fs";
import path from "node:path";
import { EnvSchema } from "../../server/src/env";
import { ENGINE_BANKS_DIR, ROOT_DIR } from "./processes";

/**
 * Synaq as an operator starts it on one machine (`npm start` without
 * REDIS_URL): one process that runs its own redis-server with its data in
 * `DATA_DIR/redis`. For the tests of the embedded Redis and of the stop.
 */
export interface StandaloneSynaq {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
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

/**
 * Starts `node --import tsx server/src/index.ts`; resolves once it serves.
 * `logFile` also receives everything it writes.
 */
export async function startStandalone(
  dataDir: string,
  env: Record<string, string> = {},
  options: { logFile?: string } = {},
): Promise<StandaloneSynaq> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "server/src/index.ts"],
    {
      cwd: ROOT_DIR,
      env: {
        ...cleanEnv(),
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        SEED_DEMO: "false",
        CLIENTS_DIST_CHECK: "false",
        BANKS_DIR: ENGINE_BANKS_DIR,
        // Candidates start at once in slots a few minutes ahead (EARLY_START).
        EARLY_START: "candidate",
        DATA_DIR: dataDir,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const logFile = options.logFile
    ? createWriteStream(options.logFile, { flags: "a" })
    : undefined;
  // After "close": output may still arrive between "exit" and then.
  if (logFile) child.once("close", () => logFile.end());
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    logFile?.write(chunk);
    if (process.env.SYNAQ_CHILD_LOGS) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const until = Date.now() + 60_000;
  for (;;) {
    const match = /Console\s+(https?:\/\/\S+)\/admin/.exec(output);
    if (match?.[1]) {
      return {
        child,
        url: `http://127.0.0.1:${new URL(match[1]).port}`,
        exited,
        output: () => output,
      };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`synaq exited before it served:\n${output}`);
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`synaq did not serve within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The redis-server processes working in `dir`, found in /proc (Redis
 * changes into its `--dir`, and its command line is rewritten to
 * `redis-server 127.0.0.1:<port>`, so the working directory is the mark).
 */
export function redisServersIn(dir: string): number[] {
  const wanted = path.resolve(dir);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (!comm.startsWith("redis-server")) continue;
      if (readlinkSync(`/proc/${entry}/cwd`) === wanted) pids.push(+entry);
    } catch {
      // Gone while we looked, or a zombie: not running.
    }
  }
  return pids;
}

/** Kills whatever a failed test left running in `dir`. */
export function killRedisServersIn(dir: string): void {
  for (const pid of redisServersIn(dir)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
