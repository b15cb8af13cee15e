import { spawnSync } from "node:child_process";
import path from "node:path";
import { io, Manager } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendAudit,
  readAudit,
} from "../../server/src/modules/audit/repository";
import { startTestApp, type TestApp } from "../support/app";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");

function verifyCli(redisUrl: string, slotId: string) {
  return spawnSync(
    "npx",
    [
      "tsx",
      "server/src/modules/audit/cli-verify.ts",
      "--slot",
      slotId,
      "--redis",
      redisUrl,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

describe("the audit chain", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it("npm run audit:verify passes an intact chain and names the first broken entry", async () => {
    const scope = "slot:audit-fixture" as const;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await appendAudit(app.redis, scope, {
            actor: "system",
            action: "test.step",
            subject: `step:${i}`,
            data: { i },
          })
        ).id,
      );
    }
    const intact = verifyCli(app.redisUrl, "audit-fixture");
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain("intact, 5 entries");

    // Someone removes the third entry from history.
    await app.redis.xdel("audit:slot:audit-fixture", ids[2]!);
    const broken = verifyCli(app.redisUrl, "audit-fixture");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at entry ${ids[3]}`);
  });

  it("detects an entry forged into the stream", async () => {
    const scope = "slot:forged" as const;
    await appendAudit(app.redis, scope, {
      actor: "system",
      action: "a",
      subject: "s",
    });
    await app.redis.xadd(
      "audit:slot:forged",
      "*",
      "at",
      "1",
      "actor",
      "x",
      "action",
      "score.changed",
      "subject",
      "s",
      "data",
      "{}",
      "prev",
      "0",
      "hash",
      "f".repeat(40),
    );
    const result = verifyCli(app.redisUrl, "forged");
    expect(result.status).toBe(1);
  });

  it("audits a staff action refused for the role", async () => {
    const { client, account } = await signedInStaff(app, "operator");
    expect((await client.get("/accounts")).status).toBe(403);
    const entries = await readAudit(
      app.redis,
      "network",
      (entry) => entry.action === "access.refused",
    );
    expect(entries.at(-1)).toMatchObject({
      actor: `staff:${account.id}:operator`,
      subject: "GET /api/v1/accounts",
    });
  });
});

describe("realtime sockets", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ SOCKET_AUTH_TIMEOUT_MS: "1000" });
  });
  afterAll(() => app.stop());

  it("drops a connection that does not authenticate to a namespace within a second", async () => {
    const manager = new Manager(app.url, {
      transports: ["websocket"],
      reconnection: false,
      autoConnect: false,
    });
    const opened = Date.now();
    await new Promise<void>((resolve, reject) =>
      manager.open((error) => (error ? reject(error) : resolve())),
    );
    const closedAfter = await new Promise<number>((resolve) =>
      manager.on("close", () => resolve(Date.now() - opened)),
    );
    expect(closedAfter).toBeGreaterThanOrEqual(900);
    expect(closedAfter).toBeLessThan(3_000);
  });

  it("refuses a console socket without a staff session", async () => {
    const socket = io(`${app.url}/console`, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) =>
      socket.once("connect_error", resolve),
    );
    socket.close();
    expect(error.message).toMatch(/sign in/);
  });

  it("refuses long-polling: websocket transport only", async () => {
    const response = await fetch(
      `${app.url}/socket.io/?EIO=4&transport=polling`,
    );
    expect(response.status).toBe(400);
  });
});
