import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { Redis } from "ioredis";

export interface EmbeddedRedis {
  url: string;
  port: number;
  pid: number;
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
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" })
    .status === 0;
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
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, "redis.pid");
  stopStale(pidFile, log);

  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const args = [
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
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitForPing(url, child, 15_000);
    } catch (error) {
      child.kill("SIGKILL");
      if (attempt < 3 && options.port === undefined) continue;
      throw new Error(`${String(error)}\n${stderr}`);
    }
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    return {
      url,
      port,
      pid: child.pid ?? 0,
      async stop() {
        if (child.exitCode === null) child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  }
}
