import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffScope } from "../../server/shared/accounts";
import type { StaffRole } from "../../server/shared/enums";
import { insertMessage } from "../../server/src/modules/notifications/repository";
import { messageIdOf } from "../../server/src/modules/notifications/service";
import { codeHeader, freshIp, syntheticIins } from "../support/booking";
import { ApiClient } from "../support/http";
import { enrollKiosk } from "../support/kiosk";
import {
  signInStaff,
  spawnSynaq,
  type SynaqProcess,
} from "../support/processes";
import {
  accessTable,
  allowedFor,
  PRINCIPALS,
  SCOPE_RULES,
  SOCKET_EVENT_ACCESS,
  STAFF_ROUTE_ROLES,
  type PrincipalName,
  type Security,
} from "./support/access-map";
import { recordScenario } from "./support/report";
import { serverErrorsIn, waitFor } from "./support/seed";
import {
  fileWorldAppeal,
  signOffWorldSlot,
  takeWorldTests,
} from "./support/official";
import {
  consoleSocket,
  dataDigest,
  kioskSocket,
  ROLES,
  startWorld,
  type World,
} from "./support/world";

/**
 * Access: every REST route of the OpenAPI document and every socket event,
 * for anonymous, a kiosk of another seat, the candidate's own kiosk and each
 * staff role, gives exactly what README's Access table says; plus the
 * security mechanics (headers, CSRF, password hashes, session rotation,
 * rate limits, kiosk revocation, no answer key on a kiosk).
 */
const REFUSAL_IDS = new Set([
  "unauthorized",
  "kiosk_required",
  "forbidden",
  "csrf_failed",
  "kiosk_revoked",
]);
const README = path.resolve(import.meta.dirname, "../../README.md");

describe("access: routes and events × principals", () => {
  let world: World;
  let routes: {
    route: string;
    method: string;
    path: string;
    security: Security;
    scopeMark: string | undefined;
  }[] = [];
  let checks = 0;
  let serverErrors = 0;
  let passedTests = 0;
  const TESTS = 10;
  const extra: SynaqProcess[] = [];

  beforeAll(async () => {
    world = await startWorld(1500);
    const document = (await (
      await fetch(`${world.url}/api/v1/openapi.json`)
    ).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { security?: Record<string, unknown>[]; "x-synaq-scope"?: string }
        >
      >;
    };
    routes = Object.entries(document.paths).flatMap(([fullPath, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const scheme = operation.security?.[0]
          ? Object.keys(operation.security[0])[0]
          : undefined;
        const security: Security =
          scheme === "session"
            ? "session"
            : scheme === "kioskToken"
              ? "kiosk"
              : "public";
        const routePath = fullPath.replace(/^\/api\/v1/, "");
        return {
          route: `${method.toUpperCase()} ${routePath}`,
          method: method.toUpperCase(),
          path: routePath,
          security,
          scopeMark: operation["x-synaq-scope"],
        };
      }),
    );
  }, 120_000);

  afterAll(async () => {
    if (!world) return;
    const logged = [world.server, ...extra].map((p) =>
      serverErrorsIn(p.output()),
    );
    recordScenario({
      scenario: "access matrix and security mechanics",
      acked: 0,
      lost: 0,
      badInputs: checks,
      serverErrors:
        serverErrors + logged.reduce((sum, e) => sum + e.http + e.socket, 0),
      passed: passedTests === TESTS,
      notes: `${routes.length} routes + ${Object.keys(SOCKET_EVENT_ACCESS).length} socket events × ${PRINCIPALS.length} principals; ${Object.keys(SCOPE_RULES).length} scoped × role × in/out of scope; headers, CSRF, scrypt, session rotation, rate limits, revocation, no answer key`,
    });
    for (const process_ of extra) await process_.stop().catch(() => undefined);
    await world.stop();
  });

  it("README's Access table is the one the route definitions and the role map give", () => {
    const readme = readFileSync(README, "utf8");
    const block =
      /<!-- access-table:start -->\n([\s\S]*?)\n<!-- access-table:end -->/.exec(
        readme,
      )?.[1];
    expect(block, "README.md lacks the access-table markers").toBeDefined();
    expect(block!.trim()).toBe(accessTable(routes));
    // What the route definitions declare (center of the path, network only) is in the map too.
    const unlisted = routes.filter(
      ({ route, scopeMark }) =>
        (scopeMark === "center" && !SCOPE_RULES[route]?.startsWith("center")) ||
        (scopeMark === "network" && SCOPE_RULES[route] !== "network"),
    );
    expect(unlisted.map(({ route }) => route)).toEqual([]);
    passedTests++;
  });

  it("REST: every route gives each principal exactly its access", async () => {
    const headersOf = async (
      who: PrincipalName,
      route: string,
    ): Promise<Record<string, string>> => {
      if (who === "anonymous") return {};
      if (who === "kioskOwn")
        return { authorization: `Bearer ${world.room.kiosks[0]!.token}` };
      if (who === "kioskOther")
        return { authorization: `Bearer ${world.room.kiosks[1]!.token}` };
      // Signing out ends a session: that route gets a session of its own.
      const staff =
        route === "POST /auth/logout"
          ? (await signInStaff(world.url, world.redisUrl, who)).client
          : world.staff[who];
      return {
        cookie: staff.cookieHeader(),
        "x-csrf-token": staff.csrfToken ?? "",
      };
    };
    const mismatches: string[] = [];
    for (const { route, method, path: routePath, security } of routes) {
      const allowed = allowedFor(route, security);
      // Ids nobody has: an allowed caller gets past the access check to a 400/404, nothing changes.
      const url = routePath.replace(/\{(\w+)\}/g, "probe-$1");
      for (const who of PRINCIPALS) {
        checks++;
        const response = await fetch(`${world.url}/api/v1${url}`, {
          method,
          headers: {
            ...(await headersOf(who, route)),
            ...(method === "GET" ? {} : { "content-type": "application/json" }),
          },
          ...(method === "GET" ? {} : { body: "{}" }),
        });
        const body = (await response.json().catch(() => ({}))) as {
          error?: { id?: string };
        };
        if (response.status >= 500) serverErrors++;
        const refused =
          (response.status === 401 || response.status === 403) &&
          REFUSAL_IDS.has(body.error?.id ?? "");
        const expectedId = allowed.includes(who)
          ? null
          : security === "kiosk"
            ? "kiosk_required"
            : who === "anonymous" || who === "kioskOwn" || who === "kioskOther"
              ? "unauthorized"
              : "forbidden";
        if (expectedId === null && refused)
          mismatches.push(
            `${route} as ${who}: refused ${response.status} ${body.error?.id}, README says allowed`,
          );
        if (
          expectedId !== null &&
          (!refused || body.error?.id !== expectedId)
        ) {
          mismatches.push(
            `${route} as ${who}: ${response.status} ${body.error?.id ?? ""}, expected ${expectedId}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    passedTests++;
  }, 120_000);

  it("sockets: every event gives each principal exactly its access", async () => {
    const [ownAttempt] = world.attemptIds as [string];
    // Nobody without a kiosk token gets into /kiosk, nobody without a session into /console.
    checks += 4;
    await expect(kioskSocket(world.url, "")).rejects.toThrow(/unauthorized/);
    await expect(consoleSocket(world.url, undefined)).rejects.toThrow(
      /unauthorized/,
    );
    const staffOnKiosk = await kioskSocket(
      world.url,
      world.staff.administrator.cookieHeader(),
    ).then(
      (socket) => (socket.close(), "connected"),
      () => "refused",
    );
    expect(staffOnKiosk).toBe("refused");
    await expect(
      consoleSocket(
        world.url,
        `authorization=Bearer ${world.room.kiosks[0]!.token}`,
      ),
    ).rejects.toThrow(/unauthorized/);

    const own = await kioskSocket(world.url, world.room.kiosks[0]!.token);
    const other = await kioskSocket(world.url, world.room.kiosks[1]!.token);
    const items = (await own.timeout(10_000).emitWithAck("attempt.resync"))
      .attempt.items as { id: string; options: { id: string }[] }[];
    const payloads: Record<string, unknown> = {
      "attempt.confirm": { attemptId: ownAttempt },
      "attempt.start": { attemptId: ownAttempt },
      "answer.save": {
        attemptId: ownAttempt,
        itemId: items[0]!.id,
        response: [items[0]!.options[1]!.id],
        seq: 1,
      },
      "incident.report": {
        attemptId: ownAttempt,
        type: "focus_loss",
        durationMs: 1_000,
      },
      "attempt.submit": { attemptId: ownAttempt },
    };
    const mismatches: string[] = [];
    const ask = (socket: Socket, event: string) =>
      (event in payloads
        ? socket.timeout(10_000).emitWithAck(event, payloads[event])
        : socket.timeout(10_000).emitWithAck(event)) as Promise<{
        ok: boolean;
        error?: { id: string };
        attempt?: { attemptId?: string } | null;
      }>;
    // The other seat's kiosk first: a refusal must change nothing the own kiosk then does.
    for (const [key, allowed] of Object.entries(SOCKET_EVENT_ACCESS)) {
      const [namespace, event] = key.split(" ") as [string, string];
      if (namespace !== "kiosk") continue;
      checks += 2;
      const asOther = await ask(other, event);
      const otherAllowed = allowed.includes("kioskOther");
      const otherSawOwn = JSON.stringify(asOther).includes(ownAttempt);
      if (
        otherAllowed
          ? !asOther.ok
          : asOther.ok
            ? otherSawOwn
            : asOther.error?.id !== "not_your_attempt"
      ) {
        mismatches.push(
          `${key} as kioskOther: ${JSON.stringify(asOther).slice(0, 160)}`,
        );
      }
      if (otherSawOwn)
        mismatches.push(`${key} as kioskOther: saw the other seat's attempt`);
      const asOwn = await ask(own, event);
      if (
        !asOwn.ok &&
        (asOwn.error?.id === "not_your_attempt" ||
          REFUSAL_IDS.has(asOwn.error?.id ?? ""))
      ) {
        mismatches.push(
          `${key} as kioskOwn: ${JSON.stringify(asOwn).slice(0, 160)}`,
        );
      }
    }
    own.close();
    other.close();

    for (const role of ROLES) {
      const console_ = await consoleSocket(
        world.url,
        world.staff[role].cookieHeader(),
      );
      for (const [key, allowed] of Object.entries(SOCKET_EVENT_ACCESS)) {
        const [namespace, event] = key.split(" ") as [string, string];
        if (namespace !== "console") continue;
        checks++;
        const reply = (
          event === "slot.watch"
            ? await console_
                .timeout(10_000)
                .emitWithAck(event, { slotId: world.room.slotId })
            : await console_.timeout(10_000).emitWithAck(event)
        ) as { ok: boolean; error?: { id: string } };
        const expected = allowed.includes(role);
        if (
          expected !== reply.ok ||
          (!expected && reply.error?.id !== "forbidden")
        )
          mismatches.push(
            `${key} as ${role}: ${JSON.stringify(reply).slice(0, 160)}`,
          );
      }
      console_.close();
    }
    expect(mismatches).toEqual([]);
    passedTests++;
  }, 120_000);

  it("sends helmet's headers: CSP, X-Content-Type-Options, frame options", async () => {
    for (const target of ["/healthz", "/api/v1/programs", "/api/v1/nope"]) {
      checks++;
      const response = await fetch(`${world.url}${target}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, target).toContain("default-src 'self'");
      expect(csp, target).toContain("frame-ancestors 'self'");
      expect(csp, target).toContain("object-src 'none'");
      expect(response.headers.get("x-content-type-options"), target).toBe(
        "nosniff",
      );
      expect(response.headers.get("x-frame-options"), target).toBe(
        "SAMEORIGIN",
      );
      expect(response.headers.get("x-powered-by"), target).toBeNull();
    }
    passedTests++;
  });

  it("refuses a staff change on a cookie session without the CSRF token, and writes nothing", async () => {
    const manager = world.staff.manager;
    const body = JSON.stringify({
      name: { kk: "Жаңа", ru: "Новый", en: "New" },
      address: { kk: "А", ru: "А", en: "A" },
    });
    const centersBefore = await world.redis.zcard("centers");
    for (const token of [undefined, "wrong-token", ""]) {
      checks++;
      const response = await fetch(`${world.url}/api/v1/centers`, {
        method: "POST",
        headers: {
          cookie: manager.cookieHeader(),
          "content-type": "application/json",
          ...(token === undefined ? {} : { "x-csrf-token": token }),
        },
        body,
      });
      expect(response.status).toBe(403);
      expect(
        ((await response.json()) as { error: { id: string } }).error.id,
      ).toBe("csrf_failed");
    }
    expect(await world.redis.zcard("centers")).toBe(centersBefore);
    // The session cookie is httpOnly and SameSite=Strict.
    const login = await signInStaff(world.url, world.redisUrl, "manager");
    const again = await fetch(`${world.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: (await login.client.get("/auth/session")).body.account
          .username,
        password: login.password,
      }),
    });
    const cookie =
      again.headers
        .getSetCookie()
        .find((line) => line.startsWith("synaq_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    passedTests++;
  });

  it("stores passwords as scrypt hashes and rotates the session id at login", async () => {
    const { client, accountId, password } = await signInStaff(
      world.url,
      world.redisUrl,
      "operator",
    );
    const stored = JSON.parse(
      (await world.redis.get(`account:${accountId}`))!,
    ) as { passwordHash: string };
    expect(stored.passwordHash).toMatch(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
    );
    expect(JSON.stringify(stored)).not.toContain(password);
    const username = (await client.get("/auth/session")).body.account
      .username as string;
    const oldCookie = client.cookieHeader();
    const oldSession = /synaq_session=([^;]+)/.exec(oldCookie)?.[1];
    // Signing in again with the old cookie: a new id, and the old one is dead.
    await client.login(username, password);
    const newSession = /synaq_session=([^;]+)/.exec(client.cookieHeader())?.[1];
    expect(newSession).toBeDefined();
    expect(newSession).not.toBe(oldSession);
    // Redis keeps sessions by the SHA-256 of their id.
    expect(
      await world.redis.exists(
        `session:${createHash("sha256")
          .update(oldSession ?? "")
          .digest("hex")}`,
      ),
    ).toBe(0);
    checks++;
    const stale = await fetch(`${world.url}/api/v1/auth/session`, {
      headers: { cookie: oldCookie },
    });
    expect(stale.status).toBe(401);
    // A planted (unknown) cookie is never promoted: login issues its own id.
    const planted = new ApiClient(world.url);
    const response = await planted.request(
      "POST",
      "/auth/login",
      { username, password },
      { cookie: "synaq_session=attacker-chosen-id" },
    );
    expect(response.status).toBe(200);
    expect(planted.cookieHeader()).not.toContain("attacker-chosen-id");
    passedTests++;
  });

  it("rate limits: the public API after RATE_LIMIT_PUBLIC_PER_MINUTE, wrong passwords after LOGIN_MAX_ATTEMPTS", async () => {
    const limited = await spawnSynaq({
      services: "web",
      redisUrl: world.redisUrl,
      env: { RATE_LIMIT_PUBLIC_PER_MINUTE: "15", LOGIN_MAX_ATTEMPTS: "3" },
    });
    extra.push(limited);
    const ip = { "x-forwarded-for": "192.0.2.77" };
    const statuses: number[] = [];
    for (let n = 0; n < 16; n++) {
      checks++;
      const response = await fetch(`${limited.url}/api/v1/programs`, {
        headers: ip,
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(
          ((await response.json()) as { error: { id: string } }).error.id,
        ).toBe("rate_limited");
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      } else await response.arrayBuffer();
    }
    expect(statuses.slice(0, 15).every((status) => status === 200)).toBe(true);
    expect(statuses[15]).toBe(429);
    // Another client is not affected.
    expect(
      (
        await fetch(`${limited.url}/api/v1/programs`, {
          headers: { "x-forwarded-for": "192.0.2.78" },
        })
      ).status,
    ).toBe(200);

    // Signed in through the main process: 127.0.0.1 has used its budget of the shared window.
    const { client, password } = await signInStaff(
      world.url,
      world.redisUrl,
      "administrator",
    );
    const username = (await client.get("/auth/session")).body.account
      .username as string;
    const login = (secret: string, n: number) =>
      fetch(`${limited.url}/api/v1/auth/login`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": `192.0.2.${100 + n}`,
        },
        body: JSON.stringify({ username, password: secret }),
      });
    for (let n = 0; n < 3; n++) {
      checks++;
      const wrong = await login(`wrong-${n}`, n);
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: { id: string } }).error.id).toBe(
        "login_failed",
      );
    }
    checks++;
    const locked = await login(password, 9);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { id: string } }).error.id).toBe(
      "rate_limited",
    );
    passedTests++;
  }, 120_000);

  it("refuses a revoked kiosk token at once: REST 401 and the socket is disconnected", async () => {
    const seats = await world.staff.manager.post(
      `/rooms/${world.room.place.roomId}/seats`,
      { prefix: "R", from: 1, to: 1 },
    );
    expect(seats.status).toBe(201);
    const enrolled = await enrollKiosk(
      world.url,
      world.staff.operator,
      seats.body[0].id as string,
    );
    const socket = await kioskSocket(world.url, enrolled.token);
    const revokedEvent = new Promise((resolve) =>
      socket.once("kiosk.revoked", resolve),
    );
    const disconnected = new Promise<string>((resolve) =>
      socket.once("disconnect", (reason) => resolve(reason)),
    );
    const me = () =>
      fetch(`${world.url}/api/v1/kiosks/me`, {
        headers: { authorization: `Bearer ${enrolled.token}` },
      });
    expect((await me()).status).toBe(200);
    const revoked = await world.staff.operator.post(
      `/kiosks/${enrolled.kiosk.id}/revoke`,
    );
    expect(revoked.status).toBe(200);
    await revokedEvent;
    expect(await disconnected).toBe("io server disconnect");
    checks += 3;
    const rest = await me();
    expect(rest.status).toBe(401);
    expect(((await rest.json()) as { error: { id: string } }).error.id).toBe(
      "kiosk_revoked",
    );
    await expect(kioskSocket(world.url, enrolled.token)).rejects.toThrow(
      /unauthorized/,
    );
    passedTests++;
  });

  it("never sends an answer key to a kiosk (resync after the start, updates, /kiosks/me)", async () => {
    const socket = await kioskSocket(world.url, world.room.kiosks[1]!.token);
    const seen: unknown[] = [];
    socket.onAny((event, payload) => seen.push({ event, payload }));
    const attemptId = world.attemptIds[1]!;
    const started = await world.staff.administrator.post(
      `/attempts/${attemptId}/start`,
      {},
    );
    expect(started.status).toBe(200);
    const resync = await socket.timeout(10_000).emitWithAck("attempt.resync");
    expect(resync.attempt.state).toBe("in_progress");
    expect(resync.attempt.items.length).toBeGreaterThan(0);
    await waitFor(
      "the attempt.updated event",
      () => (seen.length > 0 ? true : undefined),
      10_000,
    );
    const me = await (
      await fetch(`${world.url}/api/v1/kiosks/me`, {
        headers: { authorization: `Bearer ${world.room.kiosks[1]!.token}` },
      })
    ).json();
    const forbiddenKeys = new Set([
      "correct",
      "key",
      "answerKey",
      "isCorrect",
      "correctOptions",
      "score",
      "points",
    ]);
    const found: string[] = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value))
        value.forEach((entry, index) => walk(entry, `${where}[${index}]`));
      else if (value && typeof value === "object") {
        for (const [key, entry] of Object.entries(value)) {
          if (forbiddenKeys.has(key)) found.push(`${where}.${key}`);
          walk(entry, `${where}.${key}`);
        }
      }
    };
    walk(resync, "resync");
    walk(seen, "events");
    walk(me, "me");
    checks += 3;
    expect(found).toEqual([]);
    expect(JSON.stringify([resync, seen, me])).not.toMatch(/"correct"/);
    socket.close();
    passedTests++;
  });
  // Last: staff in scope really act on the world's center (with bodies that
  // fail validation where one is read, so little changes). Taking an appeal up
  // reads no body: the first in-scope reviewer does it, the next gets 409
  // appeal_not_filed, which is not a refusal.
  it("scope: every staff route and console event with a center × role × in scope / out of scope", async () => {
    const centerId = world.ids.centerId![0]!;
    const otherCenter = await world.staff["network-manager"].post("/centers", {
      name: { kk: "Басқа орталық", ru: "Другой центр", en: "Another center" },
      address: { kk: "Алматы", ru: "Алматы", en: "Almaty" },
    });
    expect(otherCenter.status).toBe(201);
    const scopes: Record<"in" | "out", StaffScope> = {
      in: { kind: "centers", centerIds: [centerId] },
      out: { kind: "centers", centerIds: [otherCenter.body.id as string] },
    };
    // Each role scoped to the world's center and to the other one; the
    // network manager always serves the network (it is "in" everywhere).
    const SCOPED: StaffRole[] = [
      "administrator",
      "operator",
      "manager",
      "reviewer",
    ];
    const principals: {
      side: "in" | "out";
      role: StaffRole;
      client: ApiClient;
    }[] = [];
    for (const side of ["in", "out"] as const) {
      for (const role of SCOPED) {
        principals.push({
          side,
          role,
          client: (
            await signInStaff(
              world.url,
              world.redisUrl,
              role,
              undefined,
              scopes[side],
            )
          ).client,
        });
      }
    }
    principals.push({
      side: "in",
      role: "network-manager",
      client: world.staff["network-manager"],
    });

    // The slot's results made official, with documents and an appeal, so the
    // certificate and appeal routes have real targets (of the world's center).
    const runs = await takeWorldTests(world, (item) => [item.options[0]!.id]);
    for (const run of runs) run.socket.close();
    const [number] = (await signOffWorldSlot(world)) as [string];
    const appealId = await fileWorldAppeal(world, {
      grounds: "technical_failure",
      text: "The kiosk froze for a minute.",
    });
    // A complaint about a booking of the world's center, for its routes.
    const complaint = await world.staff.administrator.post(
      `/bookings/${world.room.bookings[0]!.id}/complaints`,
      { category: "technical", text: "The kiosk froze for a minute." },
      codeHeader(world.room.bookings[0]!.code, freshIp()),
    );
    expect(complaint.status).toBe(201);
    // A refusal slip of the world's slot, for the slip route.
    const refusal = await world.staff["network-manager"].post("/refusals", {
      kind: "admission",
      slotId: world.room.slotId,
      iin: "",
      reason: "no_id_document",
    });
    expect(refusal.status).toBe(201);
    // A message to a candidate of the world's slot, for the outbox's routes.
    const messageId = messageIdOf(
      world.room.bookings[0]!.id,
      "booking.reminder",
      "access-test",
    );
    await insertMessage(world.redis, {
      id: messageId,
      bookingId: world.room.bookings[0]!.id,
      slotId: world.room.slotId,
      centerId,
      kind: "booking.reminder",
      key: "access-test",
      channel: "outbox",
      to: "+77010000000",
      language: "kk",
      subject: "Ертең тестілеу",
      text: "Еске саламыз",
      secretSubject: null,
      secretText: null,
    });

    // Targets of this test's own where acting on the world's would disturb it.
    const target = await signInStaff(
      world.url,
      world.redisUrl,
      "administrator",
      undefined,
      scopes.in,
    );
    const seat = await world.staff.manager.post(
      `/rooms/${world.room.place.roomId}/seats`,
      { prefix: "S", from: 1, to: 1 },
    );
    expect(seat.status).toBe(201);
    const kiosk = await enrollKiosk(
      world.url,
      world.staff.operator,
      seat.body[0].id as string,
    );
    const rosterImport = await world.staff.manager.post(
      `/slots/${world.room.slotId}/roster-imports`,
      { csv: "iin,fullName,language\n" },
    );
    expect(rosterImport.status).toBe(202);
    // Settled before the digest: the import job writes when it runs.
    await waitFor(
      "the roster import",
      async () =>
        (
          await world.staff.manager.get(
            `/roster-imports/${rosterImport.body.importId}`,
          )
        ).body.status !== "queued"
          ? true
          : undefined,
      20_000,
    );
    const targets: Record<string, string> = {
      slotId: world.room.slotId,
      attemptId: world.attemptIds[0]!,
      centerId,
      roomId: world.room.place.roomId,
      seatId: world.room.place.seatIds[0]!,
      kioskId: kiosk.kiosk.id,
      bookingId: world.room.bookings[0]!.id,
      incidentId: world.incidentId,
      importId: rosterImport.body.importId as string,
      accountId: target.accountId,
      programId: "engine-long",
      number,
      appealId,
      refusalId: refusal.body.id as string,
      complaintId: complaint.body.id as string,
      messageId,
    };
    const [iin] = syntheticIins(1, 9100) as [string];
    let accounts = 0;
    // Routes whose center is named in the body get a body that passes validation.
    const bodies: Record<string, () => unknown> = {
      "POST /kiosks/enrollment-codes": () => ({
        seatId: world.room.place.seatIds[0],
      }),
      "POST /slots": () => ({
        roomId: world.room.place.roomId,
        programId: "engine-long",
        startsAt: "2031-03-02T05:00:00.000Z",
        seatsOffered: 1,
      }),
      "POST /staff/bookings": () => ({
        iin,
        fullName: "Арман Болатұлы Сейітов",
        programId: "engine-long",
        slotId: world.room.slotId,
        language: "kk",
        consent: true,
      }),
      "POST /refusals": () => ({
        kind: "admission",
        slotId: world.room.slotId,
        iin,
        reason: "no_id_document",
      }),
      "POST /complaints": () => ({
        category: "staff_conduct",
        text: "The administrator was rude at the desk.",
        centerId,
        person: { fullName: "Арман Болатұлы Сейітов", iin },
      }),
      "POST /accounts": () => ({
        username: `scoped-${++accounts}`,
        fullName: "Жаңа қызметкер",
        role: "administrator",
        password: "a-long-enough-passphrase-1",
        scope: scopes.in,
      }),
    };
    const worldMarks = [
      centerId,
      world.room.slotId,
      targets.accountId!,
      ...world.room.kiosks.map((entry) => entry.kioskId),
    ];

    const scoped = routes.filter(
      ({ route, security }) =>
        security === "session" && SCOPE_RULES[route] !== undefined,
    );
    // Every scoped route gets a real target for each of its path parameters: none is skipped.
    const untargeted = scoped.flatMap(({ route, path: routePath }) =>
      [...routePath.matchAll(/\{(\w+)\}/g)]
        .filter(([, name]) => targets[name!] === undefined)
        .map(([, name]) => `${route} {${name}}`),
    );
    expect(untargeted).toEqual([]);
    const call = async (
      client: ApiClient,
      method: string,
      routePath: string,
      route: string,
    ) => {
      const url = routePath.replace(
        /\{(\w+)\}/g,
        (_, name: string) => targets[name] ?? `probe-${name}`,
      );
      const body = bodies[route]?.() ?? (method === "GET" ? undefined : []);
      const response = await fetch(`${world.url}/api/v1${url}`, {
        method,
        headers: {
          cookie: client.cookieHeader(),
          "x-csrf-token": client.csrfToken ?? "",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 500) serverErrors++;
      let id: string | undefined;
      try {
        id = (JSON.parse(text) as { error?: { id?: string } }).error?.id;
      } catch {
        id = undefined;
      }
      return { status: response.status, id, text };
    };

    const mismatches: string[] = [];
    for (const side of ["out", "in"] as const) {
      // Out of scope changes nothing at all.
      const before = side === "out" ? await dataDigest(world.redis) : "";
      for (const { route, method, path: routePath } of scoped) {
        const rule = SCOPE_RULES[route]!;
        for (const principal of principals.filter(
          (entry) =>
            entry.side === side &&
            STAFF_ROUTE_ROLES[route]?.includes(entry.role),
        )) {
          checks++;
          const reply = await call(principal.client, method, routePath, route);
          const who = `${route} as ${principal.role} (${side} of scope)`;
          const refused = reply.status === 401 || reply.status === 403;
          const refusedOut =
            reply.status === 403 && reply.id === "out_of_scope";
          const network = principal.role === "network-manager";
          const mustRefuse =
            (rule === "network" && !network) ||
            (side === "out" &&
              (rule === "center" ||
                rule === "center, keys" ||
                rule === "account")) ||
            (rule === "center, keys" &&
              principal.role === "manager" &&
              !network);
          if (mustRefuse && !refusedOut)
            mismatches.push(
              `${who}: ${reply.status} ${reply.id ?? ""}, expected 403 out_of_scope`,
            );
          if (!mustRefuse && refused)
            mismatches.push(
              `${who}: refused ${reply.status} ${reply.id ?? ""}`,
            );
          // The document and the appeal are real: a caller let through finds them.
          if (
            !mustRefuse &&
            /\{(number|appealId)\}/.test(routePath) &&
            reply.status === 404
          ) {
            mismatches.push(
              `${who}: 404 ${reply.id ?? ""}, the issued document or filed appeal not found`,
            );
          }
          if (rule === "list" && side === "out") {
            const leaked = worldMarks.filter((mark) =>
              reply.text.includes(mark),
            );
            if (leaked.length > 0)
              mismatches.push(
                `${who}: lists the other center's ${leaked.join(", ")}`,
              );
          }
          if (
            rule === "list" &&
            side === "in" &&
            (route === "GET /kiosks" || route === "GET /accounts")
          ) {
            const expected =
              route === "GET /kiosks"
                ? world.room.kiosks[0]!.kioskId
                : targets.accountId!;
            if (!reply.text.includes(expected))
              mismatches.push(
                `${who}: does not list its own center's ${expected}`,
              );
          }
        }
      }
      if (side === "out")
        expect(
          await dataDigest(world.redis),
          "an out-of-scope call changed data",
        ).toBe(before);
    }

    for (const principal of principals) {
      if (!SOCKET_EVENT_ACCESS["console slot.watch"]!.includes(principal.role))
        continue;
      checks++;
      const socket = await consoleSocket(
        world.url,
        principal.client.cookieHeader(),
      );
      const reply = (await socket
        .timeout(10_000)
        .emitWithAck("slot.watch", { slotId: world.room.slotId })) as {
        ok: boolean;
        error?: { id: string };
      };
      socket.close();
      const expected = principal.side === "in";
      if (
        reply.ok !== expected ||
        (!expected && reply.error?.id !== "out_of_scope")
      ) {
        mismatches.push(
          `console slot.watch as ${principal.role} (${principal.side} of scope): ${JSON.stringify(reply).slice(0, 160)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    passedTests++;
  }, 240_000);
});
