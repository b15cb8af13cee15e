import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import {
  embeddedRedisFiles,
  startEmbeddedRedis,
} from "../../server/src/redis/embedded";
import { ROOT_DIR } from "../support/processes";
import {
  killRedisServersIn,
  redisServersIn,
  startStandalone,
  type StandaloneSynaq,
} from "../support/standalone";

/** The embedded Redis of a running standalone Synaq, with its password. */
function embeddedClient(dataDir: string): Redis {
  const files = embeddedRedisFiles(dataDir);
  const address = readFileSync(files.urlFile, "utf8").trim();
  const password = readFileSync(files.passwordFile, "utf8").trim();
  return new Redis(address, { password, maxRetriesPerRequest: 1 });
}

/** Reads a key back from the data folder with a Redis of our own. */
async function readBack(dataDir: string, key: string): Promise<string | null> {
  const files = embeddedRedisFiles(dataDir);
  const password = readFileSync(files.passwordFile, "utf8").trim();
  const redis = await startEmbeddedRedis({ dir: files.dir, password });
  const client = new Redis(redis.url);
  try {
    return await client.get(key);
  } finally {
    client.disconnect();
    await redis.stop();
  }
}

/** The parent pid of a process (the Synaq process that spawned Redis). */
function spawnedChildOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Whatever the AOF files hold, as text. */
function appendOnlyText(dataDir: string): string {
  const folder = path.join(embeddedRedisFiles(dataDir).dir, "appendonlydir");
  return readdirSync(folder)
    .map((file) => readFileSync(path.join(folder, file), "latin1"))
    .join("");
}

describe("stopping npm start", () => {
  const dataDirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "synaq-stop-"));
    dataDirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dataDirs.splice(0)) {
      killRedisServersIn(path.join(dir, "redis"));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Writes a marker the stop must not lose, through the embedded Redis. */
  const writeMarker = async (dataDir: string) => {
    const marker = `marker-${Math.random().toString(36).slice(2)}`;
    const client = embeddedClient(dataDir);
    await client.set("test:shutdown-marker", marker);
    client.disconnect();
    return marker;
  };

  const expectCleanStop = async (
    dataDir: string,
    synaq: StandaloneSynaq,
    marker: string,
  ) => {
    const how = await synaq.exited;
    expect(how.signal, synaq.output()).toBeNull();
    expect(how.code, synaq.output()).toBe(0);
    expect(redisServersIn(path.join(dataDir, "redis"))).toEqual([]);
    expect(existsSync(embeddedRedisFiles(dataDir).urlFile)).toBe(false);
    expect(appendOnlyText(dataDir)).toContain(marker);
    expect(await readBack(dataDir, "test:shutdown-marker")).toBe(marker);
  };

  /** Waits until the output shows `text` (a signal was handled). */
  const seen = async (synaq: StandaloneSynaq, text: string) => {
    const until = Date.now() + 10_000;
    while (!synaq.output().includes(text)) {
      if (Date.now() > until)
        throw new Error(`no "${text}" in:\n${synaq.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("a second SIGINT within the shutdown (npm passing Ctrl-C on) still stops Redis and flushes it", async () => {
    const dataDir = freshDataDir();
    const synaq = await startStandalone(dataDir);
    expect(redisServersIn(path.join(dataDir, "redis"))).toHaveLength(1);
    const marker = await writeMarker(dataDir);
    synaq.child.kill("SIGINT");
    // Two signals sent at once may merge into one: send the second once
    // the first is being handled.
    await seen(synaq, "shutting down");
    synaq.child.kill("SIGINT");
    await expectCleanStop(dataDir, synaq, marker);
    expect(synaq.output()).toContain("another signal");
  }, 90_000);

  it("SIGINT, SIGTERM and one more SIGINT during the stop leave no process behind", async () => {
    const dataDir = freshDataDir();
    const synaq = await startStandalone(dataDir);
    const marker = await writeMarker(dataDir);
    synaq.child.kill("SIGINT");
    synaq.child.kill("SIGTERM");
    await seen(synaq, "another signal");
    if (synaq.child.exitCode === null) synaq.child.kill("SIGINT");
    await expectCleanStop(dataDir, synaq, marker);
  }, 90_000);

  it("a SIGINT during start-up, once Redis runs, stops that Redis too", async () => {
    const dataDir = freshDataDir();
    const starting = startStandalone(dataDir).catch((error: unknown) => error);
    const redisDir = path.join(dataDir, "redis");
    const until = Date.now() + 30_000;
    while (redisServersIn(redisDir).length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(redisServersIn(redisDir)).toHaveLength(1);
    const node = spawnedChildOf(redisServersIn(redisDir)[0]!);
    process.kill(node, "SIGINT");
    await starting;
    const deadline = Date.now() + 20_000;
    while (
      (redisServersIn(redisDir).length > 0 || existsSync(`/proc/${node}`)) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(existsSync(`/proc/${node}`)).toBe(false);
    expect(redisServersIn(redisDir)).toEqual([]);
  }, 90_000);

  it("Ctrl-C on `npm start` (SIGINT to npm and node together) stops its Redis", async () => {
    const dataDir = freshDataDir();
    // npm in its own process group, as in a terminal: the group gets the signal.
    const npm = spawn("npm", ["start", "--silent"], {
      cwd: ROOT_DIR,
      detached: true,
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(
            (entry): entry is [string, string] =>
              entry[1] !== undefined &&
              !/^(REDIS_URL|PORT|DATA_DIR|SYNAQ_SERVICES)$/.test(entry[0]),
          ),
        ),
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        SEED_DEMO: "false",
        CLIENTS_DIST_CHECK: "false",
        DATA_DIR: dataDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      npm.once("exit", (code) => resolve(code)),
    );
    const until = Date.now() + 60_000;
    while (!/Console\s+http/.test(output)) {
      if (Date.now() > until || npm.exitCode !== null)
        throw new Error(`npm start did not serve:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const marker = await writeMarker(dataDir);
    process.kill(-(npm.pid ?? 0), "SIGINT");
    await exited;
    // npm may return before node has finished: wait for the group to empty.
    const deadline = Date.now() + 30_000;
    while (
      redisServersIn(path.join(dataDir, "redis")).length > 0 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(redisServersIn(path.join(dataDir, "redis")), output).toEqual([]);
    expect(output).not.toContain("exiting now");
    expect(await readBack(dataDir, "test:shutdown-marker")).toBe(marker);
  }, 90_000);
});
