import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/src/redis/embedded";
import { startTestApp, type TestApp } from "../support/app";
import { createPlace, eventually } from "../support/booking";
import { startTestRedis } from "../support/redis";
import { signedInStaff } from "../support/staff";

/**
 * `REDIS_URL=redis+sentinel://…`: Synaq finds the master through a real
 * Sentinel and carries on after a failover to the replica, with the data
 * written before it.
 */
describe("Redis Sentinel", () => {
  let primary: Awaited<ReturnType<typeof startTestRedis>>;
  const children: ChildProcess[] = [];
  let replicaPort = 0;
  let sentinelPort = 0;
  let app: TestApp;

  const redisAt = (port: number) => {
    const client = new Redis({
      port,
      host: "127.0.0.1",
      maxRetriesPerRequest: 1,
    });
    client.on("error", () => undefined); // the Sentinel is still starting
    return client;
  };
  const start = (args: string[]) => {
    const child = spawn("redis-server", args, { stdio: "ignore" });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    primary = await startTestRedis();
    replicaPort = await freePort();
    start([
      "--port",
      String(replicaPort),
      "--bind",
      "127.0.0.1",
      "--dir",
      primary.dir,
      "--dbfilename",
      "replica.rdb",
      "--appendonly",
      "no",
      "--save",
      "",
      "--replicaof",
      "127.0.0.1",
      String(primary.port),
    ]);
    sentinelPort = await freePort();
    const conf = path.join(primary.dir, "sentinel.conf");
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        "bind 127.0.0.1",
        `dir ${primary.dir}`,
        `sentinel monitor synaq 127.0.0.1 ${primary.port} 1`,
        "sentinel down-after-milliseconds synaq 1000",
        "sentinel failover-timeout synaq 10000",
        "",
      ].join("\n"),
    );
    start([conf, "--sentinel"]);
    const sentinel = redisAt(sentinelPort);
    await eventually(async () => {
      const replicas = (await sentinel
        .call("SENTINEL", "REPLICAS", "synaq")
        .catch(() => [])) as string[][];
      return replicas.some(
        (fields) =>
          fields.includes(String(replicaPort)) &&
          fields[fields.indexOf("master-link-status") + 1] === "ok",
      )
        ? true
        : undefined;
    }, 20_000);
    sentinel.disconnect();
    app = await startTestApp(
      {},
      { redis: { url: `redis+sentinel://127.0.0.1:${sentinelPort}/synaq` } },
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    for (const child of children) child.kill("SIGTERM");
    await primary?.stop();
  });

  it("writes to the master the Sentinel names, and after a failover to the new one", async () => {
    const { client: manager } = await signedInStaff(app, "manager");
    const before = await createPlace(manager, 2, "Зал Sentinel 1");
    const replica = redisAt(replicaPort);
    await eventually(
      async () =>
        (await replica.exists(`center:${before.centerId}`)) === 1
          ? true
          : undefined,
      10_000,
    );

    const sentinel = redisAt(sentinelPort);
    await sentinel.call("SENTINEL", "FAILOVER", "synaq");
    await eventually(async () => {
      const [, port] = (await sentinel.call(
        "SENTINEL",
        "GET-MASTER-ADDR-BY-NAME",
        "synaq",
      )) as string[];
      return port === String(replicaPort) ? true : undefined;
    }, 20_000);
    sentinel.disconnect();
    // Replication is asynchronous: a write the old master took between the
    // promotion and its own demotion is lost (README: Operations). Synaq
    // writes once the old master has become a replica.
    const old = redisAt(primary.port);
    await eventually(
      async () =>
        (await old.info("replication")).includes("role:slave")
          ? true
          : undefined,
      20_000,
    );
    old.disconnect();

    // Synaq's next writes reach the new master.
    const after = await eventually(async () => {
      const created = await manager.post("/centers", {
        name: {
          kk: "Ақтөбе орталығы",
          ru: "Актюбинский центр",
          en: "Aktobe center",
        },
        address: { kk: "Ақтөбе қ.", ru: "г. Актобе", en: "Aktobe" },
      });
      return created.status === 201
        ? (created.body as { id: string })
        : undefined;
    }, 30_000);
    expect(await replica.exists(`center:${after.id}`)).toBe(1);
    expect((await replica.info("replication")).includes("role:master")).toBe(
      true,
    );
    const centers = await manager.get("/centers");
    expect(centers.status).toBe(200);
    const ids = (centers.body as { id: string }[]).map((center) => center.id);
    expect(ids).toEqual(expect.arrayContaining([before.centerId, after.id]));
    replica.disconnect();
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  }, 90_000);
});
