import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../server/shared/limits";
import { recordScenario } from "./support/report";
import {
  encodeSegment,
  junkRecord,
  junkString,
  junkValue,
  RAW_BODIES,
  sample,
} from "./support/junk";
import { serverErrorsIn } from "./support/seed";
import {
  consoleSocket,
  dataDigest,
  kioskSocket,
  ROLES,
  startWorld,
  type World,
} from "./support/world";

/**
 * Bad input: every REST route of the OpenAPI document and every socket
 * event, with generated payloads (fast-check, fixed seeds, a bounded number
 * of runs), as anonymous, as a kiosk and as staff. Nothing answers 5xx or
 * crashes; each refusal carries an error id; a refusal writes nothing.
 */
const RUNS_PER_ROUTE = 20;
const RUNS_PER_EVENT = 25;

interface Operation {
  method: string;
  path: string;
  security: string | null;
  params: { name: string; in: string }[];
  bodyKeys: string[];
}

describe("bad input: REST routes and socket events", () => {
  let world: World;
  let operations: Operation[] = [];
  let tried = 0;
  let serverErrors = 0;
  const problems: string[] = [];
  let passedTests = 0;

  beforeAll(async () => {
    world = await startWorld(1400);
    const document = (await (
      await fetch(`${world.url}/api/v1/openapi.json`)
    ).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: Record<string, unknown>[];
            parameters?: { name: string; in: string }[];
            requestBody?: {
              content: Record<
                string,
                {
                  schema: {
                    properties?: Record<string, unknown>;
                    $ref?: string;
                  };
                }
              >;
            };
          }
        >
      >;
      components: {
        schemas?: Record<string, { properties?: Record<string, unknown> }>;
      };
    };
    const resolve = (
      schema:
        { properties?: Record<string, unknown>; $ref?: string } | undefined,
    ) =>
      schema?.$ref
        ? document.components.schemas?.[schema.$ref.split("/").pop() ?? ""]
        : schema;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.replace(/^\/api\/v1/, ""),
        security: operation.security?.[0]
          ? Object.keys(operation.security[0])[0]!
          : null,
        params: operation.parameters ?? [],
        bodyKeys: Object.keys(
          resolve(operation.requestBody?.content["application/json"]?.schema)
            ?.properties ?? {},
        ),
      })),
    );
  }, 120_000);

  afterAll(async () => {
    if (world) {
      const logged = serverErrorsIn(world.server.output());
      recordScenario({
        scenario:
          "bad input: REST fuzz (every route) and socket fuzz (every event)",
        acked: 0,
        lost: 0,
        badInputs: tried,
        serverErrors: serverErrors + logged.http + logged.socket,
        passed: passedTests === 4 && problems.length === 0,
        notes: `${operations.length} operations × ${RUNS_PER_ROUTE} runs, ${RUNS_PER_EVENT} per socket event; refusals all carry an error id and write nothing`,
      });
      await world.stop();
    }
  });

  /** Sends one raw request and checks the contract; returns the status. */
  const send = async (
    label: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ) => {
    tried++;
    const before = await dataDigest(world.redis);
    const response = await fetch(`${world.url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined || method === "GET" ? {} : { body }),
    });
    const text = await response.text();
    const status = response.status;
    if (status >= 500) {
      serverErrors++;
      problems.push(`${label}: ${status} ${text.slice(0, 200)}`);
    } else if (status >= 400) {
      let id: unknown;
      let message: unknown;
      try {
        const parsed = JSON.parse(text) as {
          error?: { id?: unknown; message?: unknown };
        };
        id = parsed.error?.id;
        message = parsed.error?.message;
      } catch {
        // not JSON: reported below
      }
      if (
        typeof id !== "string" ||
        id.length === 0 ||
        typeof message !== "string"
      )
        problems.push(
          `${label}: ${status} without an error id: ${text.slice(0, 200)}`,
        );
      const after = await dataDigest(world.redis);
      if (after !== before)
        problems.push(
          `${label}: refused (${status} ${String(id)}) but data changed`,
        );
    }
    return status;
  };

  it("socket events: kiosk (own and another seat's attempt) and console, generated payloads", async () => {
    const [ownAttempt, otherAttempt] = world.attemptIds as [string, string];
    const kiosk = await kioskSocket(world.url, world.room.kiosks[0]!.token);
    const console_ = await consoleSocket(
      world.url,
      world.staff.administrator.cookieHeader(),
    );
    const ownItems = (await kiosk.timeout(10_000).emitWithAck("attempt.resync"))
      .attempt.items as { id: string; options: { id: string }[] }[];
    const attemptIdArb = fc.oneof(
      fc.constantFrom(ownAttempt, otherAttempt),
      junkString,
    );
    const fields = {
      attemptId: attemptIdArb,
      itemId: fc.oneof(
        fc.constantFrom(...ownItems.map((item) => item.id)),
        junkString,
      ),
      response: fc.oneof(
        fc.constantFrom(...ownItems.map((item) => [item.options[0]!.id])),
        fc.array(junkString, { maxLength: 25 }),
      ),
      seq: fc.oneof(fc.integer({ min: 1, max: 2_000_000_000 }), junkValue),
      type: fc.oneof(fc.constantFrom("focus_loss", "page_hidden"), junkString),
      durationMs: fc.oneof(fc.integer(), junkValue),
      detail: junkString,
      slotId: fc.oneof(fc.constant(world.room.slotId), junkString),
    };
    // Under the socket message limit: an oversized one is tested on its own below.
    const payloads = (keys: string[], seed: number) =>
      sample(
        fc
          .oneof(junkValue, junkRecord(keys, fields), fc.constant(undefined))
          .filter(
            (value) =>
              (JSON.stringify(value) ?? "").length <
              LIMITS.maxSocketMessageBytes / 3,
          ),
        RUNS_PER_EVENT,
        seed,
      );
    // attempt.submit last: a valid own payload would end the attempt.
    const kioskEvents: [string, string[]][] = [
      ["time.sync", []],
      ["attempt.resync", []],
      ["kiosk.heartbeat", []],
      ["answer.save", ["attemptId", "itemId", "response", "seq"]],
      ["incident.report", ["attemptId", "type", "durationMs", "detail"]],
      ["attempt.confirm", ["attemptId"]],
      ["attempt.start", ["attemptId"]],
      ["attempt.submit", ["attemptId"]],
    ];
    const check = async (
      socket: Socket,
      event: string,
      payload: unknown,
      label: string,
    ) => {
      tried++;
      const before = await dataDigest(world.redis);
      let reply: { ok?: unknown; error?: { id?: unknown; message?: unknown } };
      try {
        reply =
          payload === undefined
            ? await socket.timeout(5_000).emitWithAck(event)
            : await socket.timeout(5_000).emitWithAck(event, payload);
      } catch {
        problems.push(
          `${label}: no ack${socket.connected ? "" : " (disconnected)"}`,
        );
        return;
      }
      if (reply?.ok === true) return;
      if (
        reply?.ok !== false ||
        typeof reply.error?.id !== "string" ||
        typeof reply.error.message !== "string"
      ) {
        problems.push(
          `${label}: bad ack ${JSON.stringify(reply).slice(0, 200)}`,
        );
        return;
      }
      if (reply.error.id === "internal_error") {
        serverErrors++;
        problems.push(`${label}: internal_error`);
      }
      if ((await dataDigest(world.redis)) !== before)
        problems.push(`${label}: refused (${reply.error.id}) but data changed`);
    };
    for (const [index, [event, keys]] of kioskEvents.entries()) {
      for (const [run, payload] of payloads(keys, 1000 + index).entries()) {
        await check(
          kiosk,
          event,
          payload,
          `kiosk ${event} #${run} ${JSON.stringify(payload)?.slice(0, 80)}`,
        );
      }
    }
    for (const [index, event] of ["slot.watch", "time.sync"].entries()) {
      for (const [run, payload] of payloads(
        ["slotId"],
        2000 + index,
      ).entries()) {
        await check(
          console_,
          event,
          payload,
          `console ${event} #${run} ${JSON.stringify(payload)?.slice(0, 80)}`,
        );
      }
    }
    // Events without an ack, and unknown events: ignored, nothing breaks.
    for (const payload of payloads(["slotId"], 3000)) {
      tried += 2;
      console_.emit("slot.unwatch", payload);
      kiosk.emit("no.such.event", payload);
    }
    expect(kiosk.connected && console_.connected).toBe(true);
    expect((await kiosk.timeout(10_000).emitWithAck("time.sync")).ok).toBe(
      true,
    );
    kiosk.close();
    console_.close();
    expect(problems).toEqual([]);
    passedTests++;
  }, 170_000);

  it("socket handshakes: junk kiosk tokens and session cookies never connect; oversized messages drop only that socket", async () => {
    const tokens = sample(
      fc.oneof(
        junkValue,
        junkString,
        fc.constant(`${world.room.kiosks[0]!.token}x`),
      ),
      20,
      4000,
    );
    for (const token of tokens) {
      tried++;
      await expect(
        kioskSocket(world.url, token as string),
        JSON.stringify(token)?.slice(0, 60),
      ).rejects.toThrow(/unauthorized|timeout/);
    }
    const cookies = sample(
      junkString.map((value) => `synaq_session=${encodeSegment(value)}`),
      15,
      4001,
    );
    for (const cookie of cookies) {
      tried++;
      await expect(consoleSocket(world.url, cookie)).rejects.toThrow(
        /unauthorized|timeout/,
      );
    }
    // Anonymous sockets on the default namespace, and one that never authenticates.
    tried++;
    const bare = io(world.url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve) => {
      bare.once("connect_error", () => resolve());
      bare.once("connect", () => resolve());
      setTimeout(resolve, 5_000);
    });
    bare.close();

    // A message over LIMITS.maxSocketMessageBytes closes that socket; the server carries on.
    const kiosk = await kioskSocket(world.url, world.room.kiosks[1]!.token);
    const dropped = new Promise<string>((resolve) =>
      kiosk.once("disconnect", (reason) => resolve(reason)),
    );
    tried++;
    kiosk.emit(
      "answer.save",
      {
        attemptId: world.attemptIds[1],
        itemId: "x",
        response: ["a".repeat(LIMITS.maxSocketMessageBytes)],
        seq: 1,
      },
      () => undefined,
    );
    expect(await dropped).toMatch(/transport/);
    const again = await kioskSocket(world.url, world.room.kiosks[1]!.token);
    expect((await again.timeout(10_000).emitWithAck("time.sync")).ok).toBe(
      true,
    );
    again.close();
    passedTests++;
  }, 120_000);

  it("REST: every route × method, path parameters junk or valid, generated bodies and queries", async () => {
    // The previous test's kiosk reconnect records its "disconnected and came
    // back" incident on its own time: let it land before digests are compared.
    let settled = await dataDigest(world.redis);
    for (let quiet = 0, rounds = 0; quiet < 3 && rounds < 60; rounds++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await dataDigest(world.redis);
      quiet = now === settled ? quiet + 1 : 0;
      settled = now;
    }
    const kioskToken = world.room.kiosks[0]!.token;
    const principals = (
      operation: Operation,
      run: number,
    ): { name: string; headers: Record<string, string> } => {
      const staffRole = ROLES[run % ROLES.length]!;
      const staff = world.staff[staffRole];
      const asStaff = {
        name: staffRole,
        headers: {
          cookie: staff.cookieHeader(),
          ...(run % 7 === 3 ? {} : { "x-csrf-token": staff.csrfToken ?? "" }),
        },
      };
      const anonymous = { name: "anonymous", headers: {} };
      const kiosk = {
        name: "kiosk",
        headers: {
          authorization: `Bearer ${run % 5 === 4 ? "junk-token" : kioskToken}`,
        },
      };
      // Signing out would end the staff sessions the rest of the run needs.
      if (operation.path === "/auth/logout") return run % 2 ? anonymous : kiosk;
      const order =
        operation.security === "session"
          ? [asStaff, asStaff, anonymous, kiosk]
          : operation.security === "kioskToken"
            ? [kiosk, kiosk, anonymous, asStaff]
            : [anonymous, anonymous, kiosk, asStaff];
      return order[run % order.length]!;
    };
    for (const [index, operation] of operations.entries()) {
      const pathParams = operation.params.filter(
        (param) => param.in === "path",
      );
      const queryParams = operation.params.filter(
        (param) => param.in === "query",
      );
      const requestArb = fc.record({
        path: fc.record(
          Object.fromEntries(
            pathParams.map((param) => [
              param.name,
              fc.oneof(
                fc.constantFrom(...(world.ids[param.name] ?? ["x"])),
                junkString,
              ),
            ]),
          ),
        ),
        query: fc.record(
          Object.fromEntries(
            queryParams.map((param) => [
              param.name,
              fc.oneof(junkString, fc.constant(undefined)),
            ]),
          ),
          { requiredKeys: [] },
        ),
        body: fc.oneof(
          junkValue.map((value) => JSON.stringify(value) ?? "null"),
          junkRecord(operation.bodyKeys).map((value) => JSON.stringify(value)),
          fc.constantFrom(...RAW_BODIES),
        ),
        contentType: fc.constantFrom(
          "application/json",
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "application/x-www-form-urlencoded",
        ),
      });
      for (const [run, request] of sample(
        requestArb,
        RUNS_PER_ROUTE,
        5000 + index,
      ).entries()) {
        const principal = principals(operation, run);
        let path = operation.path;
        for (const [name, value] of Object.entries(request.path))
          path = path.replace(`{${name}}`, encodeSegment(String(value)));
        const query = Object.entries(request.query)
          .filter(([, value]) => value !== undefined)
          .map(
            ([name, value]) =>
              `${encodeSegment(name)}=${encodeSegment(String(value))}`,
          );
        if (run % 6 === 5)
          query.push(
            "__proto__[polluted]=1",
            "constructor[prototype][polluted]=1",
          );
        const url = `${path}${query.length ? `?${query.join("&")}` : ""}`;
        const headers = {
          ...principal.headers,
          "content-type": request.contentType,
          "x-forwarded-for": `203.0.113.${(run % 250) + 1}`,
        };
        await send(
          `${operation.method} ${url.slice(0, 120)} as ${principal.name} body ${request.body.slice(0, 60)}`,
          operation.method,
          url,
          headers,
          request.body,
        );
      }
    }
    // Routes that do not exist and methods a route does not have.
    for (const [method, path] of [
      ["GET", "/nope"],
      ["PUT", "/programs"],
      ["DELETE", "/centers"],
      ["GET", `/${"%00".repeat(100)}`],
      ["POST", "/__proto__"],
      ["GET", "/slots/%E0%A4%A"],
    ] as const) {
      await send(
        `${method} ${path}`,
        method,
        path,
        { "content-type": "application/json" },
        "{}",
      );
    }
    expect(problems).toEqual([]);
    passedTests++;
  }, 300_000);

  it("still answers /healthz and a normal request, from the same process", async () => {
    expect(world.server.output()).not.toMatch(/uncaught|FATAL/i);
    expect((await fetch(`${world.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${world.url}/readyz`)).status).toBe(200);
    const programs = await fetch(`${world.url}/api/v1/programs`);
    expect(programs.status).toBe(200);
    expect(((await programs.json()) as unknown[]).length).toBeGreaterThan(0);
    // Nothing polluted Object.prototype in the server: a staff read still works.
    const rooms = await world.staff.manager.get(
      `/rooms/${world.room.place.roomId}/seats`,
    );
    expect(rooms.status).toBe(200);
    expect(problems).toEqual([]);
    passedTests++;
  });
});
