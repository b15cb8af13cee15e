import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { totalmem, tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageAlarm } from "../../server/shared/realtime";
import { embeddedRedisFiles } from "../../server/src/redis/embedded";
import { examRoom } from "../support/appeals";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  eventually,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectConsole,
  connectKiosk,
  nextEvent,
  request,
  type ConsoleSocket,
  type KioskSocket,
} from "../support/kiosk";
import { ENGINE_BANKS_DIR, ROOT_DIR } from "../support/processes";
import { signedInStaff } from "../support/staff";
import {
  killRedisServersIn,
  redisServersIn,
  startStandalone,
  type StandaloneSynaq,
} from "../support/standalone";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs an operator command the way `npm run …` does, with this DATA_DIR. */
function operatorCommand(script: string, args: string[], dataDir: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const env = Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] =>
            entry[1] !== undefined && entry[0] !== "REDIS_URL",
        ),
      );
      const child = spawn(
        process.execPath,
        ["--import", "tsx", script, ...args],
        {
          cwd: ROOT_DIR,
          env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    },
  );
}

describe("the embedded Redis of npm start", () => {
  let dataDir: string;
  let synaq: StandaloneSynaq;
  let password: string;
  let address: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "synaq-embedded-"));
    synaq = await startStandalone(dataDir);
    const files = embeddedRedisFiles(dataDir);
    password = readFileSync(files.passwordFile, "utf8").trim();
    address = readFileSync(files.urlFile, "utf8").trim();
  }, 90_000);
  afterAll(async () => {
    if (synaq.child.exitCode === null) {
      synaq.child.kill("SIGTERM");
      await synaq.exited;
    }
    killRedisServersIn(path.join(dataDir, "redis"));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const redisPid = () => {
    const pids = redisServersIn(path.join(dataDir, "redis"));
    expect(pids).toHaveLength(1);
    return pids[0]!;
  };

  it("refuses a client without its password (NOAUTH) and answers one with it", async () => {
    expect(address).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const refusals = {
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    };
    const anonymous = new Redis(address, refusals);
    anonymous.on("error", () => undefined);
    await expect(
      anonymous.connect().then(() => anonymous.ping()),
    ).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();

    const wrong = new Redis(address, refusals);
    wrong.on("error", () => undefined);
    await expect(
      wrong.connect().then(() => wrong.auth("not-the-password")),
    ).rejects.toThrow(/WRONGPASS/);
    wrong.disconnect();

    const client = new Redis(address, { password });
    try {
      expect(await client.ping()).toBe("PONG");
      expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
      expect(await client.config("GET", "maxmemory-policy")).toEqual([
        "maxmemory-policy",
        "noeviction",
      ]);
      expect(await client.config("GET", "appendonly")).toEqual([
        "appendonly",
        "yes",
      ]);
      // The default limit: a quarter of the machine's memory.
      expect(await client.config("GET", "maxmemory")).toEqual([
        "maxmemory",
        String(Math.floor(totalmem() / 4)),
      ]);
    } finally {
      client.disconnect();
    }
  });

  it("keeps the password in DATA_DIR/redis, readable by its owner only, and never shows it", () => {
    const files = embeddedRedisFiles(dataDir);
    expect(password).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(files.passwordFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(files.dir, "redis.conf")).mode & 0o777).toBe(
      0o600,
    );
    // Not in the log, not in the URL file, not on the command line (`ps`).
    expect(synaq.output()).toContain("embedded redis-server started");
    expect(synaq.output()).not.toContain(password);
    expect(readFileSync(files.urlFile, "utf8")).not.toContain(password);
    expect(readFileSync(`/proc/${redisPid()}/cmdline`, "utf8")).not.toContain(
      password,
    );
  });

  it("lets audit:verify and data:purge reach it with the password from DATA_DIR", async () => {
    const verify = await operatorCommand(
      "server/src/modules/audit/cli-verify.ts",
      ["--network"],
      dataDir,
    );
    expect(verify.stderr).not.toContain(password);
    expect(verify.stdout).not.toContain(password);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit network: intact/);
    const purge = await operatorCommand(
      "server/src/modules/retention/cli-purge.ts",
      ["--dry-run", "--before", "2000-01-01"],
      dataDir,
    );
    expect(purge.status, purge.stderr).toBe(0);
    expect(purge.stdout).toContain("dry run");
    // It used the running Redis: still exactly one.
    redisPid();
  }, 60_000);

  it("restarts a Redis killed with kill -9 on the same port and data; /readyz is 503 until then", async () => {
    const client = new Redis(address, { password });
    client.on("error", () => undefined);
    await client.set("test:before-kill", "kept");
    client.disconnect();
    expect((await fetch(`${synaq.url}/readyz`)).status).toBe(200);

    // /readyz polled every 25 ms (answers may overlap) from before the kill
    // until the restarted Redis serves this process again.
    const statuses: number[] = [];
    let polling = true;
    const poller = (async () => {
      const pending: Promise<void>[] = [];
      while (polling) {
        pending.push(
          fetch(`${synaq.url}/readyz`, {
            signal: AbortSignal.timeout(5_000),
          }).then(
            (response) => void statuses.push(response.status),
            () => undefined,
          ),
        );
        await sleep(25);
      }
      await Promise.all(pending);
    })();
    const killed = redisPid();
    process.kill(killed, "SIGKILL");
    const until = Date.now() + 30_000;
    let restarted: number | undefined;
    while (Date.now() < until) {
      const pids = redisServersIn(path.join(dataDir, "redis"));
      if (
        statuses.at(-1) === 200 &&
        statuses.includes(503) &&
        pids.length === 1 &&
        pids[0] !== killed
      ) {
        restarted = pids[0];
        break;
      }
      await sleep(25);
    }
    polling = false;
    await poller;
    expect(statuses).toContain(503);
    expect(restarted, synaq.output()).toBeDefined();
    expect(synaq.output()).toContain("restarting it");

    // Same port (the URL file still holds it), same data, same password.
    expect(
      readFileSync(embeddedRedisFiles(dataDir).urlFile, "utf8").trim(),
    ).toBe(address);
    const again = new Redis(address, { password });
    try {
      expect(await again.get("test:before-kill")).toBe("kept");
    } finally {
      again.disconnect();
    }
    // And the server uses it again: a sign-in attempt is checked and counted.
    const login = await new ApiClient(synaq.url).post("/auth/login", {
      username: "nobody",
      password: "wrong-password",
    });
    expect(login.status).toBe(401);
  }, 60_000);

  it("after the server stops, an operator command runs that Redis for itself and stops it again", async () => {
    synaq.child.kill("SIGTERM");
    expect((await synaq.exited).code).toBe(0);
    expect(redisServersIn(path.join(dataDir, "redis"))).toEqual([]);
    const verify = await operatorCommand(
      "server/src/modules/audit/cli-verify.ts",
      ["--network"],
      dataDir,
    );
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit network: intact/);
    expect(verify.stdout + verify.stderr).not.toContain(password);
    expect(redisServersIn(path.join(dataDir, "redis"))).toEqual([]);
    expect(
      readFileSync(embeddedRedisFiles(dataDir).passwordFile, "utf8").trim(),
    ).toBe(password);
  }, 60_000);

  it("never prints the password of a Redis it cannot reach", async () => {
    const refused = await operatorCommand(
      "server/src/modules/audit/cli-verify.ts",
      ["--system", "--redis", "redis://:very-secret-word@127.0.0.1:1"],
      dataDir,
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("redis://:***@127.0.0.1:1");
    expect(refused.stdout + refused.stderr).not.toContain("very-secret-word");
  }, 60_000);
});

describe("a full Redis (maxmemory, noeviction)", () => {
  let app: TestApp;
  let kiosk: KioskSocket;
  let consoleSocket: ConsoleSocket;
  let attemptId: string;
  let answer: {
    attemptId: string;
    itemId: string;
    response: string[];
    seq: number;
  };

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS_DIR,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    const room = await examRoom(app, { manager, operator }, 1);
    const [iin] = syntheticIins(1, 1700);
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(room.slotId, iin!, { programId: "engine-long" }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const admitted = await administrator.post(
      `/slots/${room.slotId}/admissions`,
      { iin },
    );
    expect(admitted.status).toBe(201);
    attemptId = admitted.body.attemptId as string;
    kiosk = await connectKiosk(
      app.url,
      room.tokens.get(admitted.body.seatId as string)!,
    );
    await request(kiosk, "attempt.confirm", { attemptId });
    expect((await request(kiosk, "attempt.start", { attemptId })).ok).toBe(
      true,
    );
    const resync = await request(kiosk, "attempt.resync");
    const item = (
      resync.attempt.items as { id: string; options: { id: string }[] }[]
    )[0]!;
    answer = {
      attemptId,
      itemId: item.id,
      response: [item.options[0]!.id],
      seq: 1,
    };
    consoleSocket = await connectConsole(app.url, administrator);
  }, 90_000);
  afterAll(async () => {
    await app.redis.config("SET", "maxmemory", "0").catch(() => undefined);
    kiosk?.close();
    consoleSocket?.close();
    await app?.stop();
  });

  it("refuses an answer with storage_full, stores nothing, and raises the console's alarm", async () => {
    const alarm = nextEvent<StorageAlarm>(
      consoleSocket,
      "storage.alarm",
      (event) => event.state === "full",
      10_000,
    );
    await app.redis.config("SET", "maxmemory", "1");
    const refused = await request(kiosk, "answer.save", answer);
    expect(refused).toMatchObject({ ok: false, error: { id: "storage_full" } });
    expect(refused.error.message).toMatch(/cannot store/);
    expect(await alarm).toMatchObject({ state: "full" });
    expect(await app.redis.hlen(`attempt:${attemptId}:answers`)).toBe(0);
    expect(await app.redis.hget(`attempt:${attemptId}`, "lastSeq")).not.toBe(
      "1",
    );
    // Any other event that writes is refused the same way, not as a crash.
    const incident = await request(kiosk, "incident.report", {
      attemptId,
      type: "reload",
    });
    expect(incident).toMatchObject({
      ok: false,
      error: { id: "storage_full" },
    });
  });

  it("saves the same answer, sent again, once memory is freed, and clears the alarm", async () => {
    const cleared = nextEvent<StorageAlarm>(
      consoleSocket,
      "storage.alarm",
      (event) => event.state === "ok",
      15_000,
    );
    await app.redis.config("SET", "maxmemory", "0");
    const saved = await eventually(async () => {
      const reply = await request(kiosk, "answer.save", answer);
      return reply.ok ? reply : undefined;
    });
    expect(saved).toMatchObject({ ok: true, seq: 1 });
    const bank = await bankIdsOf(app.redis, attemptId);
    const stored = JSON.parse(
      (await app.redis.hget(
        `attempt:${attemptId}:answers`,
        bank.item(answer.itemId),
      )) ?? "null",
    ) as { seq: number } | null;
    expect(stored?.seq).toBe(1);
    expect(await cleared).toMatchObject({ state: "ok" });
  }, 30_000);

  it("answers REST writes with 503 storage_full while full", async () => {
    await app.redis.config("SET", "maxmemory", "1");
    try {
      const response = await new ApiClient(app.url).post("/auth/login", {
        username: "nobody",
        password: "wrong-password",
      });
      expect(response.status).toBe(503);
      expect(response.body.error.id).toBe("storage_full");
    } finally {
      await app.redis.config("SET", "maxmemory", "0");
    }
  });
});
