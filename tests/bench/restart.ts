import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { freePort } from "../../server/src/redis/embedded";
import {
  memoryCandidates,
  memoryFigures,
  runSlot,
  type MemoryBench,
  type SlotShape,
} from "./memory";

/** Redis commands per pipeline while copying (bounded memory on both sides). */
const PIPELINE_COMMANDS = 2_000;
/** …or this many payload bytes, whichever comes first. */
const PIPELINE_BYTES = 16 * 1024 * 1024;

export interface RestartBench extends MemoryBench {
  /** Candidates of the simulated year (copies × the template slot's). */
  restartCandidates: number;
  restartSlots: number;
  /** spawn → first PONG (not LOADING), the year kept live. */
  redisRestartSecondsLive: number;
  /** The same with every slot of the year archived. */
  redisRestartSecondsArchived: number;
  /** The same with no data at all: the process's own start. */
  redisRestartSecondsEmpty: number;
  /** Live ÷ archived. */
  redisRestartRatio: number;
  /** INFO memory used_memory / used_memory_dataset after the writes, MB. */
  redisUsedMemoryLiveMB: number;
  redisUsedMemoryArchivedMB: number;
  redisDatasetLiveMB: number;
  redisDatasetArchivedMB: number;
  /** The RDB file loaded at the restart, MB. */
  redisRdbLiveMB: number;
  redisRdbArchivedMB: number;
  redisKeysLive: number;
  redisKeysArchived: number;
}

const round = (value: number, digits = 2) =>
  Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/**
 * The name of a template id in copy `copy`: as long as it, unique per
 * (id, copy). Values keep the template's ids (the bytes, encodings and
 * sizes are what loading costs; which id a field holds is not).
 */
function derive(id: string, copy: number): string {
  let out = "";
  for (let round = 0; out.length < id.length; round++) {
    out += createHash("sha1").update(`${id}\n${copy}\n${round}`).digest("hex");
  }
  return out.slice(0, id.length);
}

/** A key or member with every id segment (one holding a digit) replaced. */
function renamed(name: string, copy: number): string {
  return name
    .split(":")
    .map((segment) => (/\d/.test(segment) ? derive(segment, copy) : segment))
    .join(":");
}

/** Per-person indexes (named by an IIN) are copied; others are shared. */
const perPerson = (key: string) => key.startsWith("iin:");

interface Launched {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/**
 * A private redis-server in `dir`: RDB only (`appendonly no`, no automatic
 * saves; the bench saves once), no eviction, loopback.
 */
async function launch(dir: string): Promise<Launched> {
  const port = await freePort();
  // prettier-ignore
  const child = spawn("redis-server", [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dir,
    "--dbfilename", "dump.rdb",
    "--appendonly", "no",
    "--save", "",
    "--maxmemory-policy", "noeviction",
    "--daemonize", "no",
    "--loglevel", "warning",
    "--logfile", "",
  ], { stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return { child, port, exited };
}

/** Waits until the server answers PING with PONG (LOADING does not count). */
async function untilPong(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error("redis-server exited");
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let data = "";
      socket.setNoDelay(true);
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.on("data", (chunk: Buffer) => {
        data += chunk.toString();
        if (data.includes("\r\n")) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.once("error", () => resolve(""));
    });
    if (reply.startsWith("+PONG")) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A connection that does not try again once the server is shut down. */
function client(port: number): Redis {
  const redis = new Redis({
    port,
    host: "127.0.0.1",
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  redis.on("error", () => undefined);
  return redis;
}

async function stop(server: Launched, redis?: Redis): Promise<void> {
  if (redis) {
    await redis.call("SHUTDOWN", "NOSAVE").catch(() => undefined);
    redis.disconnect();
  } else server.child.kill("SIGTERM");
  await server.exited;
}

/**
 * Writes `copies` copies of the template into a fresh redis-server (RESTORE
 * of each key under its renamed name; each shared-index entry added with
 * its member renamed), pipelined in bounded batches, saves the RDB, stops
 * it, and times a restart on that data from spawn to PONG.
 */
async function loadAndRestart(
  template: SlotShape,
  copies: number,
  log: (message: string) => void,
  label: string,
) {
  const dumps = template.dumps ?? [];
  const dir = mkdtempSync(path.join(tmpdir(), `synaq-bench-restart-`));
  try {
    const first = await launch(dir);
    await untilPong(first.port, first.child);
    const redis = client(first.port);
    let pipeline = redis.pipeline();
    let commands = 0;
    let bytes = 0;
    const flush = async () => {
      if (commands === 0) return;
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0] as Error;
      pipeline = redis.pipeline();
      commands = 0;
      bytes = 0;
    };
    const started = performance.now();
    for (let copy = 0; copy < copies; copy++) {
      for (const dump of dumps) {
        pipeline.restore(
          renamed(dump.key, copy),
          dump.pttl,
          dump.payload,
          "REPLACE",
        );
        commands += 1;
        bytes += dump.payload.length;
        if (commands >= PIPELINE_COMMANDS || bytes >= PIPELINE_BYTES)
          await flush();
      }
      for (const entry of template.memberships) {
        const key = perPerson(entry.key) ? renamed(entry.key, copy) : entry.key;
        if (entry.type === "zset-member")
          pipeline.zadd(key, entry.score, renamed(entry.member, copy));
        else if (entry.type === "set-member")
          pipeline.sadd(key, renamed(entry.member, copy));
        else pipeline.hset(key, renamed(entry.field, copy), entry.value);
        commands += 1;
        if (commands >= PIPELINE_COMMANDS) await flush();
      }
      if (copy > 0 && copy % 100 === 0)
        log(`restart (${label}): ${copy} of ${copies} slots written`);
    }
    await flush();
    const info = await redis.info("memory");
    const field = (name: string) =>
      Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
    const keys = await redis.dbsize();
    const written = (performance.now() - started) / 1000;
    log(
      `restart (${label}): ${keys} keys, used_memory ${mb(field("used_memory"))} MB, written in ${round(written, 1)} s; saving`,
    );
    await redis.call("SAVE");
    await stop(first, redis);
    const rdb = statSync(path.join(dir, "dump.rdb")).size;

    const spawned = performance.now();
    const second = await launch(dir);
    await untilPong(second.port, second.child);
    const seconds = (performance.now() - spawned) / 1000;
    const check = client(second.port);
    const reloaded = await check.dbsize();
    if (reloaded !== keys)
      throw new Error(`restart (${label}): ${reloaded} keys of ${keys}`);
    await stop(second, check);
    log(`restart (${label}): ${round(seconds, 3)} s to PONG`);
    return {
      seconds,
      usedMemory: field("used_memory"),
      dataset: field("used_memory_dataset"),
      rdb,
      keys,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One simulated year of a network (100,000 candidates; quick 10,000)
 * written into a private redis-server in real shapes, kept live and then
 * archived, and the time a restart needs to load each. The shapes are one
 * real slot's (tests/bench/memory.ts: a whole slot through the real code,
 * then archived), copied with its ids renamed.
 */
export async function benchRestart(opts: {
  quick: boolean;
  log?: (message: string) => void;
}): Promise<RestartBench> {
  const log = opts.log ?? (() => undefined);
  const network = opts.quick ? 10_000 : 100_000;
  const slot = await runSlot({
    candidates: memoryCandidates(opts.quick),
    dumps: true,
    log,
  });
  const copies = Math.ceil(network / slot.candidates);
  log(
    `restart: ${copies} slots × ${slot.candidates} candidates, live then archived`,
  );
  const empty = await loadAndRestart(
    { keys: [], keyBytes: [], memberships: [], sharedBytes: {}, bytes: 0 },
    0,
    log,
    "empty",
  );
  const live = await loadAndRestart(slot.live, copies, log, "live");
  const archived = await loadAndRestart(slot.archived, copies, log, "archived");
  return {
    ...memoryFigures(slot),
    restartCandidates: copies * slot.candidates,
    restartSlots: copies,
    redisRestartSecondsLive: round(live.seconds, 3),
    redisRestartSecondsArchived: round(archived.seconds, 3),
    redisRestartSecondsEmpty: round(empty.seconds, 3),
    redisRestartRatio: round(live.seconds / archived.seconds, 1),
    redisUsedMemoryLiveMB: mb(live.usedMemory),
    redisUsedMemoryArchivedMB: mb(archived.usedMemory),
    redisDatasetLiveMB: mb(live.dataset),
    redisDatasetArchivedMB: mb(archived.dataset),
    redisRdbLiveMB: mb(live.rdb),
    redisRdbArchivedMB: mb(archived.rdb),
    redisKeysLive: live.keys,
    redisKeysArchived: archived.keys,
  };
}

// `npx tsx tests/bench/restart.ts [--quick]`: this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await benchRestart({
    quick: process.argv.includes("--quick"),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
