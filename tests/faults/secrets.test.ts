import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeHeader } from "../support/booking";
import { signInStaff } from "../support/processes";
import {
  allowedFor,
  SOCKET_EVENT_ACCESS,
  type PrincipalName,
  type Security,
} from "./support/access-map";
import { recordScenario } from "./support/report";
import { serverErrorsIn, waitFor } from "./support/seed";
import {
  fileWorldAppeal,
  signOffWorldSlot,
  takeWorldTests,
  type KioskItem,
} from "./support/official";
import { consoleSocket, startWorld, type World } from "./support/world";

/**
 * Secrets: which option is correct reaches reviewers and managers only.
 * A slot runs to official results with statistics and an appeal; then, for
 * each principal, every REST route of the OpenAPI document and every socket
 * event it may call (the access map) is called and every answer scanned for
 * an answer key. Plus: a kiosk sees per-attempt ids, so the same question
 * has other ids on the next seat.
 *
 * The fixture (tests/fixtures/secrets-banks) is the engine bank with an
 * "engine-long" that draws all twelve items, so both seats get every
 * question.
 */
const SECRETS_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/secrets-banks",
);
const PROGRAM = "engine-long";

interface BankItem {
  id: string;
  type: string;
  correct: string[];
  text: Record<string, { stem: string; options: Record<string, string> }>;
}
const BANK: BankItem[] = ["law", "ethics"].flatMap(
  (section) =>
    (
      JSON.parse(
        readFileSync(
          path.join(SECRETS_BANKS, "engine", `${section}.json`),
          "utf8",
        ),
      ) as { items: BankItem[] }
    ).items,
);

/** The bank item behind a question on a kiosk, found by its text as a person would. */
function bankItemOf(item: KioskItem): BankItem {
  const found = BANK.find(
    (candidate) => candidate.text[item.language]?.stem === item.stem,
  );
  if (!found) throw new Error(`no bank item has the stem "${item.stem}"`);
  return found;
}

/** The kiosk's ids of the options the bank marks correct, matched by their text. */
function keyOnScreen(item: KioskItem): string[] {
  const bankItem = bankItemOf(item);
  const texts = bankItem.correct.map(
    (optionId) => bankItem.text[item.language]!.options[optionId],
  );
  return item.options
    .filter((option) => texts.includes(option.text))
    .map((option) => option.id);
}

/**
 * A key marker: a field named like a key (`key`, `keys`, `correct`,
 * `isCorrect`, `answerKey`, `correctOption(s)`, `correctOptionId(s)`)
 * holding `true` or option ids. A number under `correct` is a count of
 * right answers (a score), not a key; signing keys (`/certificates/keys`)
 * are objects. JSON inside strings (audit data) is walked too.
 */
const KEY_FIELDS = new Set([
  "key",
  "keys",
  "correct",
  "isCorrect",
  "answerKey",
  "correctOption",
  "correctOptions",
  "correctOptionId",
  "correctOptionIds",
]);
const holdsKey = (value: unknown) =>
  value === true ||
  (typeof value === "string" && value.length > 0) ||
  (Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => typeof entry === "string"));

function keyMarkers(value: unknown, where: string, found: string[]): void {
  if (typeof value === "string") {
    if (/^\s*[[{]/.test(value)) {
      try {
        keyMarkers(JSON.parse(value), `${where}<json>`, found);
      } catch {
        // Not JSON after all.
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, index) =>
      keyMarkers(entry, `${where}[${index}]`, found),
    );
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [name, entry] of Object.entries(value)) {
    if (KEY_FIELDS.has(name) && holdsKey(entry)) found.push(`${where}.${name}`);
    keyMarkers(entry, `${where}.${name}`, found);
  }
}

/** A table's header with a key column ("key", "keys", "correct options" …). */
const keyColumns = (header: unknown[]) =>
  header
    .map(String)
    .filter((cell) =>
      /^(keys?|answer ?keys?|correct ?options?)$/i.test(cell.trim()),
    );

interface Exchange {
  call: string;
  status: number | string;
  markers: string[];
}

/** Reads a response as its type allows and lists its key markers. */
async function scanResponse(
  call: string,
  response: Response,
): Promise<Exchange> {
  const type = response.headers.get("content-type") ?? "";
  const body = Buffer.from(await response.arrayBuffer());
  const markers: string[] = [];
  if (type.includes("json")) {
    keyMarkers(JSON.parse(body.toString("utf8")) as unknown, "$", markers);
  } else if (type.includes("csv")) {
    const header =
      body
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .split(/\r?\n/)[0] ?? "";
    markers.push(
      ...keyColumns(header.split(",")).map((column) => `column ${column}`),
    );
  } else if (type.includes("spreadsheetml")) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    workbook.eachSheet((sheet) => {
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      markers.push(
        ...keyColumns(header).map((column) => `${sheet.name} column ${column}`),
      );
    });
  } else if (
    type.includes("text/") &&
    /"(correct|key|answerKey|isCorrect)"\s*:\s*(true|\[\s*")/.test(
      body.toString("utf8"),
    )
  ) {
    markers.push("text body");
  }
  return { call, status: response.status, markers };
}

type Staff =
  "administrator" | "operator" | "manager" | "reviewer" | "network-manager";
type Principal = "anonymous" | "kiosk" | Staff;

describe("secrets: answer keys by role, opaque ids on the kiosk", () => {
  let world: World;
  let routes: {
    route: string;
    method: string;
    path: string;
    security: Security;
  }[] = [];
  /** Real ids for GET routes' path parameters. */
  let ids: Record<string, string>;
  /** Per seat: the attempt while running, as its kiosk saw it. */
  const running: { attemptId: string; items: KioskItem[] }[] = [];
  /** Everything the kiosks' sockets received during the test. */
  const kioskEvents: unknown[] = [];
  const sockets: Socket[] = [];
  let appealId = "";
  let checks = 0;
  let passedTests = 0;
  const TESTS = 8;

  beforeAll(async () => {
    world = await startWorld(1900, {
      BANKS_DIR: SECRETS_BANKS,
      ANALYTICS_DELAY_MS: "100",
      ANSWER_GRACE_MS: "300",
    });
    const document = (await (
      await fetch(`${world.url}/api/v1/openapi.json`)
    ).json()) as {
      paths: Record<
        string,
        Record<string, { security?: Record<string, unknown>[] }>
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
        };
      }),
    );

    // Both seats take the whole test; each answers every question right.
    const runs = await takeWorldTests(world, keyOnScreen, (entry) =>
      kioskEvents.push(entry),
    );
    for (const run of runs) {
      sockets.push(run.socket);
      running.push({ attemptId: run.attemptId, items: run.items });
    }
    const [number] = (await signOffWorldSlot(world)) as [string];
    await waitFor(
      "the item statistics",
      async () =>
        (await world.staff.manager.get(`/analytics/programs/${PROGRAM}/items`))
          .status === 200
          ? true
          : undefined,
      30_000,
    );
    // An appeal against a question, so the reviewer's screen has something to show.
    const booking = world.room.bookings[0]!;
    appealId = await fileWorldAppeal(world, {
      grounds: "question_wrong",
      itemId: bankItemOf(running[0]!.items[0]!).id,
      text: "The question has two right answers.",
    });
    ids = {
      slotId: world.room.slotId,
      attemptId: world.attemptIds[0]!,
      centerId: world.ids.centerId?.[0] ?? "probe-centerId",
      roomId: world.room.place.roomId,
      seatId: world.room.place.seatIds[0]!,
      kioskId: world.room.kiosks[0]!.kioskId,
      bookingId: booking.id,
      incidentId: world.incidentId,
      iin: world.room.iins[0]!,
      programId: PROGRAM,
      importId: "imp-0",
      number,
      appealId,
    };
  }, 240_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    if (!world) return;
    const logged = serverErrorsIn(world.server.output());
    recordScenario({
      scenario: "answer keys by role, opaque kiosk ids",
      acked: running.reduce((sum, seat) => sum + seat.items.length, 0),
      lost: 0,
      badInputs: checks,
      serverErrors: logged.http + logged.socket,
      passed: passedTests === TESTS,
      notes: `${routes.length} routes and ${Object.keys(SOCKET_EVENT_ACCESS).length} socket events scanned for keys per principal`,
    });
    await world.stop();
  });

  /** Calls every REST route the principal may call; GETs with real ids, changes with ids nobody has. */
  async function restExchanges(principal: Principal): Promise<Exchange[]> {
    const who: PrincipalName = principal === "kiosk" ? "kioskOwn" : principal;
    const exchanges: Exchange[] = [];
    for (const { route, method, path: routePath, security } of routes) {
      if (!allowedFor(route, security).includes(who)) continue;
      let headers: Record<string, string> = {
        "x-forwarded-for": `10.9.${Math.floor(checks / 250)}.${checks % 250}`,
      };
      if (principal === "kiosk")
        headers.authorization = `Bearer ${world.room.kiosks[0]!.token}`;
      if (principal !== "kiosk" && principal !== "anonymous") {
        // Signing out ends a session: that route gets one of its own.
        const staff =
          route === "POST /auth/logout"
            ? (await signInStaff(world.url, world.redisUrl, principal)).client
            : world.staff[principal];
        headers = {
          ...headers,
          cookie: staff.cookieHeader(),
          "x-csrf-token": staff.csrfToken ?? "",
        };
      }
      const url =
        method === "GET"
          ? routePath.replace(/\{(\w+)\}/g, (_, name: string) =>
              encodeURIComponent(ids[name] ?? `probe-${name}`),
            )
          : routePath.replace(/\{(\w+)\}/g, "probe-$1");
      if (routePath.startsWith("/bookings/{bookingId}"))
        headers = codeHeader(world.room.bookings[0]!.code, headers);
      const response = await fetch(`${world.url}/api/v1${url}`, {
        method,
        headers: {
          ...headers,
          ...(method === "GET" ? {} : { "content-type": "application/json" }),
        },
        ...(method === "GET" ? {} : { body: "{}" }),
      });
      checks++;
      exchanges.push(await scanResponse(route, response));
    }
    return exchanges;
  }

  /** The console events a role may use, and what the console receives meanwhile. */
  async function consoleExchanges(role: Staff): Promise<Exchange[]> {
    const socket = await consoleSocket(
      world.url,
      world.staff[role].cookieHeader(),
    );
    const received: unknown[] = [];
    socket.onAny((event: string, ...payload: unknown[]) =>
      received.push({ event, payload }),
    );
    const exchanges: Exchange[] = [];
    try {
      for (const [key, allowed] of Object.entries(SOCKET_EVENT_ACCESS)) {
        const [namespace, event] = key.split(" ") as [string, string];
        if (namespace !== "console" || !allowed.includes(role)) continue;
        const reply = (await socket
          .timeout(10_000)
          .emitWithAck(event, { slotId: world.room.slotId })) as {
          ok: boolean;
        };
        const markers: string[] = [];
        keyMarkers(reply, "$", markers);
        exchanges.push({
          call: `socket /console ${event}`,
          status: reply.ok ? "ok" : "refused",
          markers,
        });
        checks++;
      }
      // A seat changes while the console watches: its live messages are scanned too.
      await world.staff.operator.post(
        `/attempts/${world.attemptIds[1]}/incidents`,
        { type: "noise", detail: `watched by ${role}` },
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const markers: string[] = [];
      keyMarkers(received, "$", markers);
      exchanges.push({
        call: "console live events",
        status: received.length,
        markers,
      });
    } finally {
      socket.close();
    }
    return exchanges;
  }

  const withMarkers = (exchanges: Exchange[]) =>
    exchanges
      .filter((exchange) => exchange.markers.length > 0)
      .map(
        (exchange) =>
          `${exchange.call}: ${exchange.markers.slice(0, 3).join(", ")}`,
      );

  it("gives the same question other item and option ids on another seat, and saves and scores through them", async () => {
    const [first, second] = running as [
      (typeof running)[number],
      (typeof running)[number],
    ];
    expect(first.items).toHaveLength(12);
    for (const item of first.items) {
      const bankItem = bankItemOf(item);
      const other = second.items.find(
        (candidate) => bankItemOf(candidate).id === bankItem.id,
      )!;
      expect(other, bankItem.id).toBeDefined();
      expect(other.id).not.toBe(item.id);
      // Neither shows the bank's ids.
      expect([item.id, other.id]).not.toContain(bankItem.id);
      const otherOptionIds = new Set(other.options.map((option) => option.id));
      for (const option of item.options) {
        expect(otherOptionIds.has(option.id)).toBe(false);
        expect(
          Object.keys(bankItem.text[item.language]!.options),
        ).not.toContain(option.id);
      }
    }
    // Each seat chose the key through its own ids: both have every question right.
    for (const attemptId of world.attemptIds) {
      const result = JSON.parse(
        (await world.redis.hget(`attempt:${attemptId}`, "result"))!,
      ) as { correct: number; total: number };
      expect(result).toMatchObject({ correct: 12, total: 12 });
    }
    passedTests++;
  });

  it("anonymous: no key in any public route", async () => {
    const exchanges = await restExchanges("anonymous");
    expect(exchanges.length).toBeGreaterThan(10);
    expect(
      exchanges.some(
        (exchange) =>
          exchange.call === "GET /bookings/{bookingId}" &&
          exchange.status === 200,
      ),
    ).toBe(true);
    expect(withMarkers(exchanges)).toEqual([]);
    passedTests++;
  });

  it("kiosk: no key in its routes, its events or anything it was sent, and no question text once submitted", async () => {
    const exchanges = await restExchanges("kiosk");
    expect(
      exchanges.some(
        (exchange) =>
          exchange.call === "GET /kiosks/me" && exchange.status === 200,
      ),
    ).toBe(true);
    const attemptId = world.attemptIds[0]!;
    const socket = sockets[0]!;
    const payloads: Record<string, unknown> = {
      "attempt.resync": undefined,
      "attempt.confirm": { attemptId },
      "attempt.start": { attemptId },
      "answer.save": {
        attemptId,
        itemId: running[0]!.items[0]!.id,
        response: [running[0]!.items[0]!.options[0]!.id],
        seq: 500,
      },
      "incident.report": { attemptId, type: "focus_loss", durationMs: 1_000 },
      "attempt.submit": { attemptId },
      "time.sync": undefined,
      "kiosk.heartbeat": undefined,
    };
    let finished: { attempt: { items: KioskItem[] } } | undefined;
    for (const key of Object.keys(SOCKET_EVENT_ACCESS)) {
      const [namespace, event] = key.split(" ") as [string, string];
      if (namespace !== "kiosk") continue;
      const payload = payloads[event];
      const reply = (await (payload === undefined
        ? socket.timeout(10_000).emitWithAck(event)
        : socket.timeout(10_000).emitWithAck(event, payload))) as {
        ok: boolean;
      };
      if (event === "attempt.resync")
        finished = reply as unknown as typeof finished;
      const markers: string[] = [];
      keyMarkers(reply, "$", markers);
      exchanges.push({
        call: `socket /kiosk ${event}`,
        status: reply.ok ? "ok" : "refused",
        markers,
      });
      checks++;
    }
    const markers: string[] = [];
    keyMarkers(kioskEvents, "$", markers);
    exchanges.push({
      call: "everything the kiosks were sent",
      status: kioskEvents.length,
      markers,
    });
    expect(withMarkers(exchanges)).toEqual([]);

    // While running the kiosk had the questions; after submission only their ids.
    expect(
      running[0]!.items.every(
        (item) => item.stem.length > 0 && item.options.length > 0,
      ),
    ).toBe(true);
    expect(finished!.attempt.items).toHaveLength(12);
    expect(
      finished!.attempt.items.every(
        (item) => item.stem === "" && item.options.length === 0,
      ),
    ).toBe(true);
    const stems = BANK.flatMap((item) =>
      Object.values(item.text).map((text) => text.stem),
    );
    expect(
      stems.filter((stem) => JSON.stringify(finished).includes(stem)),
    ).toEqual([]);
    // No bank item id ever reached a kiosk.
    const sent = JSON.stringify(kioskEvents);
    expect(
      BANK.map((item) => item.id).filter((id) => sent.includes(`"${id}"`)),
    ).toEqual([]);
    passedTests++;
  });

  it.each(["administrator", "operator"] as const)(
    "%s: statistics and exports without a key, in every route and event",
    async (role) => {
      const exchanges = [
        ...(await restExchanges(role)),
        ...(await consoleExchanges(role)),
      ];
      if (role === "administrator") {
        // The statistics are there, only the key is not.
        for (const call of [
          "GET /analytics/programs/{programId}/items",
          "GET /analytics/programs/{programId}/items.csv",
          "GET /analytics/programs/{programId}/items.xlsx",
          "GET /analytics/slots/{slotId}",
        ]) {
          expect(
            exchanges.find((exchange) => exchange.call === call)?.status,
            call,
          ).toBe(200);
        }
        const items = await world.staff.administrator.get(
          `/analytics/programs/${PROGRAM}/items`,
        );
        expect(items.body.items[0].optionShares.length).toBeGreaterThan(0);
      }
      expect(withMarkers(exchanges)).toEqual([]);
      passedTests++;
    },
  );

  it.each([
    [
      "manager",
      [
        "GET /analytics/slots/{slotId}",
        "GET /analytics/programs/{programId}/items",
        "GET /analytics/programs/{programId}/items.csv",
        "GET /analytics/programs/{programId}/items.xlsx",
        "GET /appeals/{appealId}",
      ],
    ],
    ["reviewer", ["GET /appeals/{appealId}"]],
    // The world's managers serve the network; a center-scoped one is refused
    // these routes (out_of_scope, tests/faults/access.test.ts).
    [
      "network-manager",
      [
        "GET /analytics/slots/{slotId}",
        "GET /analytics/programs/{programId}/items",
        "GET /analytics/programs/{programId}/items.csv",
        "GET /analytics/programs/{programId}/items.xlsx",
        "GET /appeals/{appealId}",
      ],
    ],
  ] as const)("%s: keys exactly where documented", async (role, documented) => {
    const exchanges = [
      ...(await restExchanges(role)),
      ...(await consoleExchanges(role)),
    ];
    const keyed = exchanges.filter((exchange) => exchange.markers.length > 0);
    expect(keyed.map((exchange) => exchange.call).sort()).toEqual(
      [...documented].sort(),
    );
    // The appeal shows the key of each question the candidate answered.
    const appeal = await world.staff[role].get(`/appeals/${appealId}`);
    const first = appeal.body.answers[0] as { itemId: string; key: string[] };
    expect(first.key).toEqual(
      BANK.find((item) => item.id === first.itemId)!.correct,
    );
    passedTests++;
  });
});
