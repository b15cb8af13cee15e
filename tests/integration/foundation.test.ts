import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("the web process", () => {
  let app: TestApp;
  let api: ApiClient;
  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_ATTEMPTS: "3" });
    api = new ApiClient(app.url);
  });
  afterAll(() => app.stop());

  it("answers /healthz and /readyz with Redis and the workers checked", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { redis: true, workers: true },
    });
  });

  it("exposes Prometheus metrics, including connected kiosks and answer-save latency", async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain("synaq_connected_kiosks");
    expect(text).toContain("synaq_answer_save_seconds_bucket");
    expect(text).toContain("synaq_process_resident_memory_bytes");
  });

  it("publishes an OpenAPI 3.1 document of /api/v1 built from the route schemas", async () => {
    const { status, body } = await api.get("/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(
      body.paths["/api/v1/auth/login"].post.requestBody.content[
        "application/json"
      ].schema.properties,
    ).toHaveProperty("username");
    expect(body.components.schemas).toHaveProperty("Error");
  });

  it("answers an unknown route with a 404 error id", async () => {
    const { status, body } = await api.get("/no-such-thing");
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { id: "route_not_found", message: expect.any(String) },
    });
  });

  it("refuses malformed JSON with 400 malformed_json", async () => {
    const { status, body } = await api.post("/auth/login", "{not json");
    expect(status).toBe(400);
    expect(body.error.id).toBe("malformed_json");
  });

  it("refuses an oversized body with 413", async () => {
    const { status, body } = await api.post("/auth/login", {
      username: "x".repeat(100_000),
      password: "y",
    });
    expect(status).toBe(413);
    expect(body.error.id).toBe("payload_too_large");
  });

  it("lists every invalid field with 400 invalid_request", async () => {
    const { status, body } = await api.post("/auth/login", { username: 5 });
    expect(status).toBe(400);
    expect(body.error.id).toBe("invalid_request");
    expect(
      body.error.details.issues.map((i: { path: string }) => i.path),
    ).toEqual(["body.username", "body.password"]);
  });

  it("never leaks an internal error: 500 internal_error with a generic message", async () => {
    // A broken Redis command surfaces as an unknown error.
    const original = app.synaq.ctx.redis.hget.bind(app.synaq.ctx.redis);
    app.synaq.ctx.redis.hget = () =>
      Promise.reject(new Error("secret internals"));
    try {
      const { status, body } = await api.post("/auth/login", {
        username: "someone",
        password: "pw",
      });
      expect(status).toBe(500);
      expect(body.error.id).toBe("internal_error");
      expect(JSON.stringify(body)).not.toContain("secret internals");
    } finally {
      app.synaq.ctx.redis.hget = original;
    }
  });
});

describe("staff sessions", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_ATTEMPTS: "3" });
  });
  afterAll(() => app.stop());

  it("signs in with an httpOnly SameSite=Strict cookie and returns a CSRF token", async () => {
    const { account, password } = await signedInStaff(
      app,
      "administrator",
      "desk-1",
    );
    const client = new ApiClient(app.url);
    const result = await client.post("/auth/login", {
      username: account.username,
      password,
    });
    expect(result.status).toBe(200);
    expect(result.body.account).toMatchObject({
      username: "desk-1",
      role: "administrator",
    });
    expect(result.body.account).not.toHaveProperty("passwordHash");
    const cookie = result.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/synaq_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(result.body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it("stores passwords as scrypt hashes, never in clear", async () => {
    const { account, password } = await signedInStaff(
      app,
      "operator",
      "op-hash",
    );
    const stored = await app.redis.get(`account:${account.id}`);
    expect(stored).toContain("scrypt$");
    expect(stored).not.toContain(password);
  });

  it("rotates the session id at login", async () => {
    const { account, password, client } = await signedInStaff(
      app,
      "operator",
      "op-rotate",
    );
    const before = client.cookieHeader();
    await client.post("/auth/login", { username: account.username, password });
    expect(client.cookieHeader()).not.toBe(before);
    const stale = new ApiClient(app.url);
    const oldSession = await stale.get("/auth/session", { cookie: before });
    expect(oldSession.status).toBe(401);
  });

  it("refuses a change without the CSRF token", async () => {
    const { client } = await signedInStaff(app, "manager", "mgr-csrf");
    const token = client.csrfToken;
    client.csrfToken = undefined;
    const refused = await client.post("/accounts", {
      username: "new-one",
      fullName: "N",
      role: "operator",
      password: "long-enough-pw",
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("csrf_failed");
    client.csrfToken = token;
    const accepted = await client.post("/accounts", {
      username: "new-one",
      fullName: "N",
      role: "operator",
      password: "long-enough-pw",
    });
    expect(accepted.status).toBe(201);
  });

  it("lets a signed-in staff browser use public routes without the CSRF token", async () => {
    const { client, account, password } = await signedInStaff(
      app,
      "manager",
      "mgr-public",
    );
    client.csrfToken = undefined;
    const relogin = await client.post("/auth/login", {
      username: account.username,
      password,
    });
    expect(relogin.status).toBe(200);
  });

  it("refuses staff actions outside the role with 403 and asks anonymous callers to sign in", async () => {
    const { client } = await signedInStaff(app, "operator", "op-role");
    const forbidden = await client.get("/accounts");
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.id).toBe("forbidden");
    const anonymous = await new ApiClient(app.url).get("/accounts");
    expect(anonymous.status).toBe(401);
  });

  it("rate limits wrong passwords per account", async () => {
    const { account, password } = await signedInStaff(
      app,
      "administrator",
      "desk-limit",
    );
    const client = new ApiClient(app.url);
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await client.post("/auth/login", {
            username: account.username,
            password: "wrong",
          })
        ).status,
      ).toBe(401);
    }
    const locked = await client.post("/auth/login", {
      username: account.username,
      password,
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.id).toBe("rate_limited");
  });

  it("ends the session at logout", async () => {
    const { client } = await signedInStaff(app, "administrator", "desk-out");
    expect((await client.post("/auth/logout")).status).toBe(204);
    expect((await client.get("/auth/session")).status).toBe(401);
  });
});

describe("npm start", () => {
  it("exits non-zero listing every bad setting", () => {
    const result = spawnSync(
      "node",
      ["--import", "tsx", "server/src/index.ts"],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: "abc",
          ANSWER_GRACE_MS: "-5",
          SYNAQ_SERVICES: "web,printer",
        },
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("ANSWER_GRACE_MS");
    expect(result.stderr).toContain('unknown service "printer"');
  });

  it("runs its own Redis, keeps the data across a restart and leaves no process behind", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "synaq-start-"));
    const start = async () => {
      const child = spawn("node", ["--import", "tsx", "server/src/index.ts"], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: "0",
          DATA_DIR: dataDir,
          CLIENTS_DIST_CHECK: "false",
          LOG_LEVEL: "info",
          REDIS_URL: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const until = Date.now() + 60_000;
      while (!/Console\s+(http\S+)\/admin/.test(output)) {
        if (Date.now() > until || child.exitCode !== null)
          throw new Error(`did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const base = /Console\s+(http\S+)\/admin/.exec(output)?.[1] ?? "";
      const redisPid = Number(
        readFileSync(path.join(dataDir, "redis", "redis.pid"), "utf8"),
      );
      return { child, base, redisPid, output: () => output };
    };
    const stop = async (child: ReturnType<typeof spawn>) => {
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("exit", resolve));
    };

    try {
      const first = await start();
      expect((await fetch(`${first.base}/readyz`)).status).toBe(200);
      expect(first.output()).toContain("admin / synaq-demo-admin");
      const login = await fetch(`${first.base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          username: "manager",
          password: "synaq-demo-manager",
        }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await fetch(`${first.base}/api/v1/accounts`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie,
          "x-csrf-token": csrfToken,
        },
        body: JSON.stringify({
          username: "kept-after-restart",
          fullName: "Kept",
          role: "operator",
          password: "long-enough-pw",
        }),
      });
      expect(created.status).toBe(201);
      await stop(first.child);
      expect(existsSync(`/proc/${first.redisPid}`)).toBe(false);

      const second = await start();
      const again = await fetch(`${second.base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          username: "kept-after-restart",
          password: "long-enough-pw",
        }),
      });
      expect(again.status).toBe(200);
      await stop(second.child);
      expect(existsSync(`/proc/${second.redisPid}`)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
