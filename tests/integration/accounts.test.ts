import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes, scryptSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { createAccount } from "../../server/src/modules/accounts/repository";
import { countDemoAccounts } from "../../server/src/modules/accounts/service";
import { seedDemoAccounts } from "../../server/src/modules/demo/seed";
import { startTestApp, type TestApp } from "../support/app";
import { ApiClient } from "../support/http";
import { connectConsole } from "../support/kiosk";
import { ROOT_DIR } from "../support/processes";
import { startTestRedis } from "../support/redis";
import { signedInStaff } from "../support/staff";

/** Runs an operator command the way `npm run account:…` does. */
function runCli(
  name: "cli-create" | "cli-disable" | "cli-remove-demo",
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // A DATA_DIR of its own unless the test names one: nothing found there.
  const scratch = mkdtempSync(path.join(tmpdir(), "synaq-cli-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `server/src/modules/accounts/${name}.ts`, ...args],
    {
      cwd: ROOT_DIR,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DATA_DIR: scratch,
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? "");
  return new Promise((resolve) =>
    child.on("close", (code) => {
      rmSync(scratch, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
}

const login = (
  app: TestApp,
  username: string,
  password: string,
  address?: string,
) =>
  new ApiClient(app.url).post(
    "/auth/login",
    { username, password },
    address ? { "x-forwarded-for": address } : {},
  );

describe("production mode", () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let app: TestApp;
  const adminPassword = "our-own-admin-passphrase";

  beforeAll(async () => {
    redis = await startTestRedis();
    // The center's real `admin`, made by the CLI before the first start.
    const created = await runCli(
      "cli-create",
      [
        "--username",
        "admin",
        "--role",
        "manager",
        "--full-name",
        "Айгүл Серікқызы",
        "--password-stdin",
      ],
      { REDIS_URL: redis.url, NODE_ENV: "production" },
      `${adminPassword}\n`,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    app = await startTestApp(
      { NODE_ENV: "production", PUBLIC_URL: "https://exam.example.kz" },
      { redis: { url: redis.url } },
    );
    // Data from a demo start: the seeder marks its accounts (it skips `admin`, taken).
    await seedDemoAccounts(app.synaq.ctx);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it("signs in a real account named admin created by account:create", async () => {
    const response = await login(app, "admin", adminPassword);
    expect(response.status).toBe(200);
    expect(response.body.account).toMatchObject({
      username: "admin",
      role: "manager",
      fullName: "Айгүл Серікқызы",
      demo: false,
    });
  });

  it("refuses accounts marked demo with 401, naming the removal command", async () => {
    // Every demo account but the taken `admin` (both demo centers' staff).
    expect(await countDemoAccounts(app.redis)).toBe(7);
    const response = await login(app, "manager", "synaq-demo-manager");
    expect(response.status).toBe(401);
    expect(response.body.error.id).toBe("demo_account");
    expect(response.body.error.message).toContain(
      "npm run account:remove-demo",
    );
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("sets Secure on the session cookie when PUBLIC_URL is https", async () => {
    const response = await login(app, "admin", adminPassword);
    const cookie =
      response.headers
        .getSetCookie()
        .find((line) => line.startsWith("synaq_session=")) ?? "";
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it("account:remove-demo deletes the demo accounts and keeps the center's own", async () => {
    const removed = await runCli("cli-remove-demo", [], {
      REDIS_URL: redis.url,
      NODE_ENV: "production",
    });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("removed 7 demo account(s)");
    expect(await countDemoAccounts(app.redis)).toBe(0);
    expect(await app.redis.hkeys("accounts:by-username")).toEqual(["admin"]);
    expect((await login(app, "admin", adminPassword)).status).toBe(200);
  });
});

describe("staff accounts", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const cliEnv = () => ({ REDIS_URL: app.redisUrl, NODE_ENV: "production" });

  describe("npm run account:create / account:disable", () => {
    it("creates an account with a generated password printed once, full name defaulting to the username", async () => {
      const created = await runCli(
        "cli-create",
        ["--username", "desk-cli", "--role", "administrator"],
        cliEnv(),
      );
      expect(created.code).toBe(0);
      const password =
        /password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? "";
      expect(password.length).toBeGreaterThanOrEqual(12);
      const response = await login(app, "desk-cli", password);
      expect(response.status).toBe(200);
      expect(response.body.account).toMatchObject({
        username: "desk-cli",
        fullName: "desk-cli",
        role: "administrator",
        scope: { kind: "network" },
      });
      const audit = await readAudit(
        app.redis,
        "network",
        (entry) => entry.action === "account.created",
      );
      expect(
        audit.some(
          (entry) =>
            entry.actor === "system:cli" && entry.data.username === "desk-cli",
        ),
      ).toBe(true);
    });

    it("--scope gives the account its centers (default: the network); an unknown center exits 1", async () => {
      const network = (await signedInStaff(app, "network-manager")).client;
      const center = await network.post("/centers", {
        name: { kk: "Орталық", ru: "Центр", en: "Center" },
        address: { kk: "Астана", ru: "Астана", en: "Astana" },
      });
      expect(center.status).toBe(201);
      const created = await runCli(
        "cli-create",
        [
          "--username",
          "hall-cli",
          "--role",
          "administrator",
          "--scope",
          center.body.id as string,
        ],
        cliEnv(),
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain(`serving centers ${center.body.id}`);
      const password =
        /password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? "";
      const signedIn = await login(app, "hall-cli", password);
      expect(signedIn.body.account.scope).toEqual({
        kind: "centers",
        centerIds: [center.body.id],
      });
      const unknown = await runCli(
        "cli-create",
        [
          "--username",
          "lost-cli",
          "--role",
          "operator",
          "--scope",
          "no-such-center",
        ],
        cliEnv(),
      );
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("No such center: no-such-center");
      expect(await app.redis.hexists("accounts:by-username", "lost-cli")).toBe(
        0,
      );
    });

    it("refuses a taken name and a weak password with a clear message and exit 1", async () => {
      const taken = await runCli(
        "cli-create",
        ["--username", "desk-cli", "--role", "operator", "--password-stdin"],
        cliEnv(),
        "a-perfectly-fine-password",
      );
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('The username "desk-cli" is taken');
      for (const [weak, reason] of [
        ["short-pw", "at least 12 characters"],
        ["qwerty123456", "common passwords"],
        ["1q2w3e4r5t6y", "common passwords"],
        ["parol123456", "at least 12"],
        ["weak-account", "must not be the username"],
      ] as const) {
        const refused = await runCli(
          "cli-create",
          [
            "--username",
            "weak-account",
            "--role",
            "operator",
            "--password-stdin",
          ],
          cliEnv(),
          weak,
        );
        expect(refused.code, weak).toBe(1);
        expect(refused.stderr).toContain(reason);
        expect(refused.stderr).toContain("weak_password");
      }
      expect(
        await app.redis.hexists("accounts:by-username", "weak-account"),
      ).toBe(0);
    });

    it("works on the embedded Redis of DATA_DIR while the server is stopped, and leaves it stopped", async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "synaq-cli-data-"));
      try {
        const env = { DATA_DIR: dataDir, NODE_ENV: "production" };
        const created = await runCli(
          "cli-create",
          ["--username", "first-manager", "--role", "manager"],
          env,
        );
        expect(created.stderr).toBe("");
        expect(created.code).toBe(0);
        // The same data the next time: the name is taken now.
        const again = await runCli(
          "cli-create",
          ["--username", "first-manager", "--role", "manager"],
          env,
        );
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("is taken");
        const disabled = await runCli(
          "cli-disable",
          ["--username", "first-manager"],
          env,
        );
        expect(disabled.code).toBe(0);
        // No redis-server left running on that folder.
        const running = execFileSync("ps", ["-eo", "args"], {
          encoding: "utf8",
        })
          .split("\n")
          .filter(
            (line) => line.includes("redis-server") && line.includes(dataDir),
          );
        expect(running).toEqual([]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 60_000);

    it("account:disable switches an account off: its session ends and it cannot sign in", async () => {
      const { client, account, password } = await signedInStaff(
        app,
        "operator",
      );
      const disabled = await runCli(
        "cli-disable",
        ["--username", account.username],
        cliEnv(),
      );
      expect(disabled.code).toBe(0);
      expect((await client.get("/auth/session")).status).toBe(401);
      const again = await login(app, account.username, password);
      expect(again.status).toBe(401);
      expect(again.body.error.id).toBe("account_deactivated");
      const missing = await runCli(
        "cli-disable",
        ["--username", "nobody-here"],
        cliEnv(),
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No account is named "nobody-here"');
    });
  });

  describe("POST /api/v1/auth/password", () => {
    it("changes one's own password and ends every other session of the account", async () => {
      const first = await signedInStaff(app, "reviewer");
      const second = new ApiClient(app.url);
      await second.login(first.account.username, first.password);

      const wrong = await first.client.post("/auth/password", {
        currentPassword: "not-it-at-all",
        newPassword: "a-new-passphrase-2026",
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.id).toBe("wrong_password");
      const weak = await first.client.post("/auth/password", {
        currentPassword: first.password,
        newPassword: "qwertyuiop123",
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.id).toBe("weak_password");
      const noCsrf = await first.client.post(
        "/auth/password",
        {
          currentPassword: first.password,
          newPassword: "a-new-passphrase-2026",
        },
        { "x-csrf-token": "" },
      );
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error.id).toBe("csrf_failed");

      const changed = await first.client.post("/auth/password", {
        currentPassword: first.password,
        newPassword: "a-new-passphrase-2026",
      });
      expect(changed.status).toBe(204);
      expect((await first.client.get("/auth/session")).status).toBe(200);
      expect((await second.get("/auth/session")).status).toBe(401);
      expect(
        (await login(app, first.account.username, first.password)).status,
      ).toBe(401);
      expect(
        (await login(app, first.account.username, "a-new-passphrase-2026"))
          .status,
      ).toBe(200);
      const audit = await readAudit(
        app.redis,
        "network",
        (entry) => entry.action === "account.password_changed",
      );
      expect(
        audit.some(
          (entry) =>
            entry.subject === `account:${first.account.id}` &&
            entry.data.sessionsEnded === 1,
        ),
      ).toBe(true);
    });
  });

  describe("managers reset, deactivate and reactivate accounts", () => {
    it("resets a password: the temporary one works once, and the account must change it before anything else", async () => {
      const manager = await signedInStaff(app, "manager");
      const operator = await signedInStaff(app, "operator");
      const notManager = await signedInStaff(app, "administrator");
      expect(
        (
          await notManager.client.post(
            `/accounts/${operator.account.id}/reset-password`,
          )
        ).status,
      ).toBe(403);

      const reset = await manager.client.post(
        `/accounts/${operator.account.id}/reset-password`,
      );
      expect(reset.status).toBe(200);
      const temporary = reset.body.temporaryPassword as string;
      expect(reset.body.account.mustChangePassword).toBe(true);
      expect((await operator.client.get("/auth/session")).status).toBe(401);
      expect(
        (await login(app, operator.account.username, operator.password)).status,
      ).toBe(401);

      const forced = new ApiClient(app.url);
      const session = await forced.login(operator.account.username, temporary);
      expect(session.account.mustChangePassword).toBe(true);
      const blocked = await forced.get("/kiosks");
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.id).toBe("password_change_required");
      await expect(connectConsole(app.url, forced)).rejects.toThrow(
        /password_change_required/,
      );

      const changed = await forced.post("/auth/password", {
        currentPassword: temporary,
        newPassword: "operator-chose-this-one",
      });
      expect(changed.status).toBe(204);
      expect((await forced.get("/kiosks")).status).toBe(200);
      expect(
        (await forced.get("/auth/session")).body.account.mustChangePassword,
      ).toBe(false);
      const audit = await readAudit(
        app.redis,
        "network",
        (entry) => entry.action === "account.password_reset",
      );
      expect(audit.at(-1)).toMatchObject({
        actor: `staff:${manager.account.id}:manager`,
        subject: `account:${operator.account.id}`,
      });
    });

    it("deactivation closes the account's live console socket within a second; reactivation lets it back in", async () => {
      const manager = await signedInStaff(app, "manager");
      const operator = await signedInStaff(app, "operator");
      const socket = await connectConsole(app.url, operator.client);
      const closed = new Promise<number>((resolve) =>
        socket.once("disconnect", () => resolve(Date.now())),
      );

      const startedAt = Date.now();
      const deactivated = await manager.client.post(
        `/accounts/${operator.account.id}/deactivate`,
      );
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      const closedAt = await Promise.race([
        closed,
        new Promise<number>((resolve) => setTimeout(() => resolve(-1), 1_000)),
      ]);
      expect(closedAt).toBeGreaterThan(0);
      expect(closedAt - startedAt).toBeLessThan(1_000);
      expect((await operator.client.get("/auth/session")).status).toBe(401);
      await expect(connectConsole(app.url, operator.client)).rejects.toThrow(
        /unauthorized/,
      );
      expect(
        (await login(app, operator.account.username, operator.password)).body
          .error.id,
      ).toBe("account_deactivated");
      expect(
        (await manager.client.get("/accounts")).body.find(
          (a: { id: string }) => a.id === operator.account.id,
        ).active,
      ).toBe(false);

      const self = await manager.client.post(
        `/accounts/${manager.account.id}/deactivate`,
      );
      expect(self.status).toBe(409);
      expect(self.body.error.id).toBe("cannot_deactivate_self");

      expect(
        (
          await manager.client.post(
            `/accounts/${operator.account.id}/reactivate`,
          )
        ).status,
      ).toBe(200);
      expect(
        (await login(app, operator.account.username, operator.password)).status,
      ).toBe(200);
      const actions = (
        await readAudit(
          app.redis,
          "network",
          (entry) => entry.subject === `account:${operator.account.id}`,
        )
      ).map((entry) => entry.action);
      expect(actions).toContain("account.deactivated");
      expect(actions).toContain("account.reactivated");
      socket.close();
    });

    it("closes the console socket at logout", async () => {
      const administrator = await signedInStaff(app, "administrator");
      const socket = await connectConsole(app.url, administrator.client);
      const closed = new Promise<void>((resolve) =>
        socket.once("disconnect", () => resolve()),
      );
      expect((await administrator.client.post("/auth/logout")).status).toBe(
        204,
      );
      await expect(
        Promise.race([
          closed,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error("still open")), 1_000),
          ),
        ]),
      ).resolves.toBeUndefined();
    });

    it("re-checks each console socket's session every 30 seconds: one past its absolute lifetime closes", async () => {
      const operator = await signedInStaff(app, "operator");
      const socket = await connectConsole(app.url, operator.client);
      let closedAt = 0;
      socket.once("disconnect", () => (closedAt = Date.now()));
      // The session ages past SESSION_ABSOLUTE_HOURS with nobody told.
      const id =
        /synaq_session=([^;]+)/.exec(operator.client.cookieHeader())?.[1] ?? "";
      const key = `session:${createHash("sha256").update(id).digest("hex")}`;
      const stored = JSON.parse((await app.redis.get(key))!) as {
        createdAt: number;
      };
      stored.createdAt -= 13 * 3_600_000;
      await app.redis.set(key, JSON.stringify(stored), "KEEPTTL");
      // Nothing is published: only the periodic re-check can notice.
      const changedAt = Date.now();
      const deadline = changedAt + 32_000;
      while (closedAt === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(closedAt).toBeGreaterThan(0);
      expect(closedAt - changedAt).toBeLessThanOrEqual(31_000);
    }, 45_000);
  });

  describe("passwords and sessions at rest", () => {
    it("refuses weak passwords in POST /accounts with weak_password and the reason", async () => {
      const manager = await signedInStaff(app, "manager");
      const refused = await manager.client.post("/accounts", {
        username: "new-desk",
        fullName: "N",
        role: "administrator",
        password: "parol1234567",
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ id: "weak_password" });
      expect(refused.body.error.message).toContain("common passwords");
      const short = await manager.client.post("/accounts", {
        username: "new-desk",
        fullName: "N",
        role: "administrator",
        password: "elevenchars",
      });
      expect(short.body.error.message).toContain("at least 12 characters");
      expect(await app.redis.hexists("accounts:by-username", "new-desk")).toBe(
        0,
      );
    });

    it("upgrades an old, cheaper hash at the next successful sign-in", async () => {
      const password = "an-old-account-password";
      const salt = randomBytes(16);
      const oldHash = [
        "scrypt",
        16384,
        8,
        1,
        salt.toString("base64"),
        scryptSync(password, salt, 64, { N: 16384 }).toString("base64"),
      ].join("$");
      const account = await createAccount(app.redis, {
        username: "old-hash",
        fullName: "Old",
        role: "operator",
        passwordHash: oldHash,
      });
      expect((await login(app, "old-hash", password)).status).toBe(200);
      const stored = JSON.parse(
        (await app.redis.get(`account:${account!.id}`))!,
      ) as { passwordHash: string };
      expect(stored.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect((await login(app, "old-hash", password)).status).toBe(200);
    });

    it("costs an unknown username a hash too (no probing usernames by time)", async () => {
      const { account } = await signedInStaff(app, "operator");
      const timed = async (username: string) => {
        const started = performance.now();
        expect(
          (await login(app, username, "wrong-password-here", "192.0.2.201"))
            .status,
        ).toBe(401);
        return performance.now() - started;
      };
      const known = await timed(account.username);
      const unknown = await timed("nobody-by-this-name");
      // A hash at N = 2^17 takes hundreds of milliseconds; a bare lookup, a few.
      expect(known).toBeGreaterThan(100);
      expect(unknown).toBeGreaterThan(known * 0.5);
    });

    it("keeps only a hash of the session id, and ends a session after SESSION_ABSOLUTE_HOURS however active", async () => {
      const { client } = await signedInStaff(app, "administrator");
      const id = /synaq_session=([^;]+)/.exec(client.cookieHeader())?.[1] ?? "";
      expect(await app.redis.exists(`session:${id}`)).toBe(0);
      const key = `session:${createHash("sha256").update(id).digest("hex")}`;
      const stored = JSON.parse((await app.redis.get(key))!) as {
        createdAt: number;
      };
      expect(JSON.stringify(stored)).not.toContain(id);
      expect((await client.get("/auth/session")).status).toBe(200);
      // Signed in 12 hours and a minute ago (and active all along).
      stored.createdAt -= 12 * 3_600_000 + 60_000;
      await app.redis.set(key, JSON.stringify(stored), "KEEPTTL");
      expect((await client.get("/auth/session")).status).toBe(401);
      expect(await app.redis.exists(key)).toBe(0);
    });

    it("does not set Secure on the cookie when PUBLIC_URL is http", async () => {
      const { account, password } = await signedInStaff(app, "reviewer");
      const response = await login(app, account.username, password);
      const cookie =
        response.headers
          .getSetCookie()
          .find((line) => line.startsWith("synaq_session=")) ?? "";
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).not.toMatch(/Secure/i);
    });
  });
});

describe("the sign-in throttle", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      LOGIN_MAX_ATTEMPTS: "5",
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: "8",
      STAFF_NETWORKS: "10.0.0.0/8",
      TRUST_PROXY: "127.0.0.1,::1",
      RATE_LIMIT_PUBLIC_PER_MINUTE: "1000",
    });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  it("evaluates at most LOGIN_MAX_ATTEMPTS of 20 parallel guesses; the owner still signs in from inside", async () => {
    const { account, password } = await signedInStaff(app, "manager");
    const outsider = "203.0.113.9";
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        login(app, account.username, `guess-number-${n}-wrong`, outsider),
      ),
    );
    const statuses = guesses.map((guess) => guess.status);
    expect(statuses.filter((status) => status === 401).length).toBe(5);
    expect(statuses.filter((status) => status === 429).length).toBe(15);
    const refused = guesses.find((guess) => guess.status === 429)!;
    expect(refused.body.error.id).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const failures = await readAudit(
      app.redis,
      "network",
      (entry) =>
        entry.action === "login.failed" &&
        entry.subject === `username:${account.username}`,
    );
    expect(failures).toHaveLength(5);

    // The right password from another outside address: still locked out.
    expect(
      (await login(app, account.username, password, "198.51.100.4")).status,
    ).toBe(429);
    // From the center's own network: the outsiders' lock-out does not apply.
    const inside = await login(app, account.username, password, "10.1.2.3");
    expect(inside.status).toBe(200);
  });

  it("limits wrong passwords per client address across accounts", async () => {
    const address = "203.0.113.77";
    const statuses: number[] = [];
    for (let n = 0; n < 9; n++) {
      statuses.push(
        (await login(app, `someone-${n}`, "wrong-password-here", address))
          .status,
      );
    }
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another address is not affected.
    expect(
      (await login(app, "someone-9", "wrong-password-here", "203.0.113.78"))
        .status,
    ).toBe(401);
  });

  it("believes X-Forwarded-For only from TRUST_PROXY", async () => {
    const untrusting = await startTestApp(
      {
        LOGIN_MAX_ATTEMPTS: "5",
        STAFF_NETWORKS: "10.0.0.0/8",
        TRUST_PROXY: "",
      },
      { redis: { url: app.redisUrl } },
    );
    try {
      const { account, password } = await signedInStaff(app, "operator");
      for (let n = 0; n < 5; n++) {
        expect(
          (
            await login(
              untrusting,
              account.username,
              `wrong-${n}-password`,
              `203.0.113.${n + 20}`,
            )
          ).status,
        ).toBe(401);
      }
      // Claiming an inside address does not help: the header is not believed.
      expect(
        (await login(untrusting, account.username, password, "10.9.9.9"))
          .status,
      ).toBe(429);
    } finally {
      await untrusting.stop();
    }
  });
});
