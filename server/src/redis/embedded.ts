import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { totalmem } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import type { Env } from "../env";

export interface EmbeddedRedis {
  /** How to connect; it holds the password when there is one: never log it. */
  url: string;
  /** `redis://127.0.0.1:<port>` without the password: safe to print. */
  address: string;
  port: number;
  /** The running redis-server's pid (a new one after a supervised restart). */
  readonly pid: number;
  /** Stops it (SIGTERM, SIGKILL after 10 s) and ends any supervision. */
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  /** Folder for the AOF and the pid file. */
  dir: string;
  fsync?: "everysec" | "always";
  /** Where `redis-server` is missing: install Debian's package if root. */
  install?: boolean;
  log?: (message: string) => void;
  /** Fixed port; a free one is chosen otherwise. */
  port?: number;
  /**
   * `requirepass`, handed over in a 0600 config file in `dir`: arguments
   * are visible to every user in `ps`.
   */
  password?: string;
  /** `maxmemory` in bytes or with a unit (`4gb`, `512mb`); none if unset. */
  maxmemory?: string | number;
  /**
   * Restart it on the same port, data and password when it dies (after a
   * pause growing from 0.5 s to 5 s), until `stop()`; `log` tells.
   */
  supervise?: boolean;
}

/** The files of the embedded Redis in `DATA_DIR/redis`. */
export function embeddedRedisFiles(dataDir: string) {
  const dir = path.resolve(dataDir, "redis");
  return {
    dir,
    /** `redis://127.0.0.1:<port>` while a server runs it (no password). */
    urlFile: path.join(dir, "redis.url"),
    passwordFile: path.join(dir, "password"),
    pidFile: path.join(dir, "redis.pid"),
  };
}

/**
 * The embedded Redis's password: generated once into `DATA_DIR/redis/password`
 * (mode 0600) and reused, so operator commands can read it from there.
 */
export function embeddedRedisPassword(dataDir: string): string {
  const { dir, passwordFile } = embeddedRedisFiles(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(passwordFile)) {
    chmodSync(passwordFile, 0o600);
    const password = readFileSync(passwordFile, "utf8").trim();
    if (/^[0-9a-f]{32,}$/.test(password)) return password;
  }
  const password = randomBytes(32).toString("hex");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  return password;
}

/**
 * How `npm start` (and an operator command when no server runs) starts the
 * Redis of a DATA_DIR: its password, `REDIS_MAXMEMORY` or a quarter of the
 * machine's memory, and the configured fsync.
 */
export function dataDirRedisOptions(
  env: Pick<Env, "DATA_DIR" | "SYNAQ_FSYNC" | "REDIS_MAXMEMORY">,
): EmbeddedRedisOptions {
  return {
    dir: embeddedRedisFiles(env.DATA_DIR).dir,
    fsync: env.SYNAQ_FSYNC,
    password: embeddedRedisPassword(env.DATA_DIR),
    maxmemory: env.REDIS_MAXMEMORY ?? Math.floor(totalmem() / 4),
  };
}

/** A Redis URL with its password masked, for logs and messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}

const INSTALL_HINT =
  "sudo apt-get update && sudo apt-get install -y redis-server";

/** Finds a port nobody listens on (there is a small race; we retry on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not pick a free port"));
      });
    });
  });
}

function hasRedisServer(): boolean {
  return (
    spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0
  );
}

/**
 * Makes sure `redis-server` exists: installs Debian's package when running
 * as root with apt-get, otherwise fails with the exact command to run.
 */
export function ensureRedisServer(
  install: boolean,
  log: (message: string) => void,
): void {
  if (hasRedisServer()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt =
    spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!install || !isRoot || !hasApt) {
    throw new Error(
      `redis-server is not installed. Install it with:\n  ${INSTALL_HINT}\n` +
        "or point REDIS_URL at a Redis 7 server.",
    );
  }
  log("redis-server is missing: installing Debian's redis-server package");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "redis-server"],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) {
      throw new Error(
        `apt-get ${args.join(" ")} failed. Install Redis by hand:\n  ${INSTALL_HINT}`,
      );
    }
  }
}

/** A redis-server left behind by a process killed with SIGKILL. */
function stopStale(pidFile: string, log: (message: string) => void) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!cmdline.includes("redis-server")) return;
    log(`stopping a redis-server left running by an earlier start (${pid})`);
    process.kill(pid, "SIGTERM");
    const until = Date.now() + 10_000;
    while (Date.now() < until && existsSync(`/proc/${pid}`)) {
      spawnSync("sleep", ["0.05"]);
    }
  } catch {
    // Not running any more: nothing to stop.
  }
  rmSync(pidFile, { force: true });
}

async function waitForPing(url: string, child: ChildProcess, ms: number) {
  const until = Date.now() + ms;
  let lastError: unknown;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode}`);
    }
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch (error) {
      lastError = error;
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`redis-server did not answer: ${String(lastError)}`);
}

/** Stops a child: SIGTERM (Redis flushes its AOF), SIGKILL after `ms`. */
async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  ms: number,
) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  await exited;
  clearTimeout(timer);
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * Starts a private `redis-server` child: AOF on, `noeviction`, data in
 * `dir`, loopback only. It runs in its own process group so that Ctrl-C
 * reaches Synaq first, which then stops Redis after its own shutdown.
 */
export async function startEmbeddedRedis(
  options: EmbeddedRedisOptions,
): Promise<EmbeddedRedis> {
  const log = options.log ?? (() => undefined);
  ensureRedisServer(options.install ?? false, log);
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dir, "redis.pid");
  stopStale(pidFile, log);

  // Secrets and limits go in a file only its owner can read.
  const configFile = path.join(dir, "redis.conf");
  const config = [
    ...(options.password === undefined
      ? []
      : [`requirepass ${options.password}`]),
    ...(options.maxmemory === undefined
      ? []
      : [`maxmemory ${options.maxmemory}`]),
  ];
  rmSync(configFile, { force: true });
  writeFileSync(configFile, config.map((line) => `${line}\n`).join(""), {
    mode: 0o600,
  });

  const auth = options.password === undefined ? "" : `:${options.password}@`;
  const urlOf = (port: number) => `redis://${auth}127.0.0.1:${port}`;
  const launch = async (port: number): Promise<Launched> => {
    // prettier-ignore
    const args = [
      configFile,
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--protected-mode", "yes",
      "--dir", dir,
      "--pidfile", pidFile,
      "--appendonly", "yes",
      "--appendfsync", options.fsync ?? "everysec",
      "--maxmemory-policy", "noeviction",
      "--save", "",
      "--daemonize", "no",
      "--loglevel", "warning",
      "--logfile", "",
    ];
    const child = spawn("redis-server", args, {
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    try {
      await waitForPing(urlOf(port), child, 15_000);
    } catch (error) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`${String(error)}\n${stderr}`);
    }
    return { child, exited };
  };

  let port = options.port ?? (await freePort());
  let current: Launched;
  for (let attempt = 0; ; attempt++) {
    try {
      current = await launch(port);
      break;
    } catch (error) {
      // Another process took the free port in the meantime: pick another.
      if (attempt >= 3 || options.port !== undefined) throw error;
      port = await freePort();
    }
  }

  let stopped = false;
  let restarting: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const watch = (launched: Launched) => {
    const { child } = launched;
    void launched.exited.then(() => {
      if (stopped || !options.supervise) return;
      const how = child.signalCode ?? `code ${String(child.exitCode)}`;
      log(`redis-server ${child.pid ?? "?"} exited (${how}): restarting it`);
      restarting = restart();
    });
  };
  const restart = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      const pause = Math.min(500 * 2 ** attempt, 5_000);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pause).unref();
      });
      if (stopped) return;
      try {
        current = await launch(port);
      } catch (error) {
        log(`redis-server did not restart: ${String(error)}`);
        continue;
      }
      if (stopped) {
        await stopChild(current.child, current.exited, 10_000);
        return;
      }
      log(`redis-server restarted on port ${port} (${current.child.pid})`);
      watch(current);
      return;
    }
  };
  watch(current);

  return {
    url: urlOf(port),
    address: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return current.child.pid ?? 0;
    },
    async stop() {
      stopped = true;
      wake?.();
      await restarting;
      await stopChild(current.child, current.exited, 10_000);
    },
  };
}
