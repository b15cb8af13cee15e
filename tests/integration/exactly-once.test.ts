import { createHash } from "node:crypto";
import path from "node:path";
import type { Redis } from "ioredis";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newRequestId, REQUEST_ID_HEADER } from "../../server/shared/requests";
import { readAudit } from "../../server/src/modules/audit/repository";
import { bookingCodeMatches } from "../../server/src/modules/booking/code";
import { BOOKING_CODE_SECRET_KEY } from "../../server/src/modules/booking/repository";
import { createRedis } from "../../server/src/redis/connection";
import { script } from "../../server/src/redis/scripts";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  connectKiosk,
  enrollKiosk,
  request,
  type KioskSocket,
} from "../support/kiosk";
import { startProxy, type CuttableProxy } from "../support/proxy";
import { startTestRedis } from "../support/redis";
import { signedInStaff } from "../support/staff";

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
const LONG = "engine-long";

const requestKeyOf = (requestId: string) =>
  `request:${createHash("sha256").update(requestId).digest("hex")}`;
const portOf = (url: string) => Number(new URL(url).port);

describe("exactly-once commands (request ids)", () => {
  let redisServer: Awaited<ReturnType<typeof startTestRedis>>;
  /** Between the app and its Redis. */
  let redisProxy: CuttableProxy;
  /** Between clients and the app. */
  let httpProxy: CuttableProxy;
  let app: TestApp;
  /** Straight to Redis, past the proxy: what was really stored. */
  let redis: Redis;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let place: Place;
  let slotId: string;
  let otherSlotId: string;
  const tokens: string[] = [];
  const iins = syntheticIins(20, 2400);
  let nextIin = 0;

  const post = (
    base: string,
    route: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base}/api/v1${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...freshIp(), ...headers },
      body: JSON.stringify(body),
    });
  const book = (
    base: string,
    iin: string,
    requestId?: string,
    extra: Record<string, unknown> = {},
  ) =>
    post(
      base,
      "/bookings",
      bookingBody(slotId, iin, { programId: LONG, ...extra }),
      requestId ? { [REQUEST_ID_HEADER]: requestId } : {},
    );
  const bookingsOf = async (iin: string) =>
    (await redis.smembers(`iin:${iin}:bookings`)).length;
  const createdEntries = async (bookingId: string) =>
    (
      await readAudit(
        redis,
        `slot:${slotId}`,
        (entry) =>
          entry.action === "booking.created" &&
          entry.subject === `booking:${bookingId}`,
      )
    ).length;
  /** Until the app can reach Redis again (after a cut). */
  const appReady = () =>
    eventually(
      async () =>
        (await fetch(`${app.url}/readyz`)).status === 200 ? true : undefined,
      20_000,
    );

  /** A booked, admitted and started attempt on the next free kiosk. */
  const runningAttempt = async (seat: number) => {
    const iin = iins[nextIin++]!;
    expect((await book(app.url, iin, newRequestId())).status).toBe(201);
    const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
      iin,
      seatId: place.seatIds[seat],
    });
    expect(admitted.status).toBe(201);
    const attemptId = admitted.body.attemptId as string;
    const started = await administrator.post(
      `/attempts/${attemptId}/start`,
      {},
      { [REQUEST_ID_HEADER]: newRequestId() },
    );
    expect(started.status).toBe(200);
    return attemptId;
  };
  const deadlineOf = async (attemptId: string) =>
    Number(await redis.hget(`attempt:${attemptId}`, "deadlineAt"));
  const extendedEntries = async (attemptId: string) =>
    readAudit(
      redis,
      `slot:${slotId}`,
      (entry) =>
        entry.action === "attempt.extended" &&
        entry.subject === `attempt:${attemptId}`,
    );

  beforeAll(async () => {
    redisServer = await startTestRedis();
    redisProxy = await startProxy(portOf(redisServer.url));
    app = await startTestApp(
      { BANKS_DIR: ENGINE_BANKS, RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" },
      { redis: { url: `redis://127.0.0.1:${redisProxy.port}` } },
    );
    httpProxy = await startProxy(portOf(app.url));
    redis = createRedis(redisServer.url);
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 30);
    const now = await redisNowMs(app);
    slotId = (
      await createSlot(app, manager, place, {
        programId: LONG,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      })
    ).id;
    otherSlotId = (await createSlot(app, manager, place, { programId: LONG }))
      .id;
    for (const seatId of place.seatIds.slice(0, 7))
      tokens.push((await enrollKiosk(app.url, operator, seatId)).token);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await app?.stop();
    await httpProxy?.close();
    await redisProxy?.close();
    await redisServer?.stop();
  });

  describe("a booking", () => {
    it("repeated after its reply was lost on the way to the client takes effect once, with the same id and code", async () => {
      const iin = iins[nextIin++]!;
      const requestId = newRequestId();
      httpProxy.loseRepliesAfter(requestId);
      try {
        const lost = book(httpProxy.url, iin, requestId).then(
          (response) => response.status,
          () => "connection lost",
        );
        await eventually(async () =>
          (await redis.exists(requestKeyOf(requestId))) ? true : undefined,
        );
        httpProxy.cut();
        expect(await lost).toBe("connection lost");
      } finally {
        httpProxy.restore();
      }

      const repeat = await book(httpProxy.url, iin, requestId);
      expect(repeat.status).toBe(201);
      const booking = (await repeat.json()) as { id: string; code: string };
      // The first run stored the code's hash: the repeat's code is the first's.
      expect(
        bookingCodeMatches(
          booking.code,
          (await redis.hget(`booking:${booking.id}`, "codeHash")) ?? "",
        ),
      ).toBe(true);
      expect(await bookingsOf(iin)).toBe(1);
      expect(await createdEntries(booking.id)).toBe(1);
      expect(Number(await redis.hget(`slot:${slotId}`, "bookedSeats"))).toBe(
        await redis.hlen(`slot:${slotId}:iins`),
      );

      const again = (await (await book(app.url, iin, requestId)).json()) as {
        id: string;
        code: string;
      };
      expect(again).toMatchObject({ id: booking.id, code: booking.code });
      const status = await new ApiClient(app.url).get(
        `/bookings/${booking.id}`,
        codeHeader(booking.code, freshIp()),
      );
      expect(status.status).toBe(200);
    });

    it("repeated after Redis ran it and its reply was lost fails 503 first, then returns the stored booking", async () => {
      const iin = iins[nextIin++]!;
      const requestId = newRequestId();
      redisProxy.loseRepliesAfter(requestKeyOf(requestId));
      try {
        const lost = book(app.url, iin, requestId);
        await eventually(async () =>
          (await redis.exists(requestKeyOf(requestId))) ? true : undefined,
        );
        redisProxy.cut();
        const refused = await lost;
        expect(refused.status).toBe(503);
        expect(
          ((await refused.json()) as { error: { id: string } }).error.id,
        ).toBe("storage_unavailable");
      } finally {
        redisProxy.restore();
      }
      await appReady();
      // Not sent again by ioredis on its reconnect: one booking so far.
      expect(await bookingsOf(iin)).toBe(1);

      const repeat = await book(app.url, iin, requestId);
      expect(repeat.status).toBe(201);
      const booking = (await repeat.json()) as { id: string; code: string };
      expect(await redis.smembers(`iin:${iin}:bookings`)).toEqual([booking.id]);
      expect(
        bookingCodeMatches(
          booking.code,
          (await redis.hget(`booking:${booking.id}`, "codeHash")) ?? "",
        ),
      ).toBe(true);
      expect(await createdEntries(booking.id)).toBe(1);
    }, 60_000);

    it("refuses the same id with another IIN or slot (409 request_id_reused), and changes nothing", async () => {
      const iin = iins[nextIin++]!;
      const requestId = newRequestId();
      expect((await book(app.url, iin, requestId)).status).toBe(201);
      const otherIin = await book(app.url, iins[nextIin++]!, requestId);
      expect(otherIin.status).toBe(409);
      const body = (await otherIin.json()) as {
        error: { id: string; message: string };
      };
      expect(body.error.id).toBe("request_id_reused");
      expect(body.error.message).toMatch(/different request/);
      const otherSlot = await post(
        app.url,
        "/bookings",
        bookingBody(otherSlotId, iin, { programId: LONG }),
        { [REQUEST_ID_HEADER]: requestId },
      );
      expect(otherSlot.status).toBe(409);
      expect(await bookingsOf(iin)).toBe(1);
    });

    it("refuses a malformed id with 400 invalid_request_id", async () => {
      for (const bad of [
        "short",
        "x".repeat(129),
        "has spaces in it and is long enough",
        "base64/not+url=padded/abcdefgh",
      ]) {
        const response = await book(app.url, iins[nextIin]!, bad);
        expect(response.status, bad).toBe(400);
        expect(
          ((await response.json()) as { error: { id: string } }).error.id,
        ).toBe("invalid_request_id");
      }
      expect(await bookingsOf(iins[nextIin++]!)).toBe(0);
    });

    it("without an id works as before: a second request is a second booking attempt", async () => {
      const iin = iins[nextIin++]!;
      expect((await book(app.url, iin)).status).toBe(201);
      const second = await book(app.url, iin);
      expect(second.status).toBe(409);
      expect(
        ((await second.json()) as { error: { id: string } }).error.id,
      ).toBe("already_booked");
    });

    it("keeps no request id and no code in Redis", async () => {
      const requestId = newRequestId();
      const response = await book(app.url, iins[nextIin++]!, requestId);
      const { code } = (await response.json()) as { code: string };
      expect(await redis.exists(BOOKING_CODE_SECRET_KEY)).toBe(1);
      const stored = await redis.hgetall(requestKeyOf(requestId));
      expect(Object.keys(stored).sort()).toEqual(["fingerprint", "reply"]);
      expect(await redis.ttl(requestKeyOf(requestId))).toBeGreaterThan(86_000);
      const everything = JSON.stringify(
        await Promise.all(
          (await redis.keys("request:*")).map((key) => redis.hgetall(key)),
        ),
      );
      expect(everything).not.toContain(requestId);
      expect(everything).not.toContain(code.replace(/-/g, ""));
      expect((await redis.keys("*")).join("\n")).not.toContain(requestId);
    });
  });

  describe("time", () => {
    it("a downtime grant repeated after Redis ran it and its reply was lost gives the time back once", async () => {
      const attemptId = await runningAttempt(0);
      const kiosk = await connectKiosk(app.url, tokens[0]!);
      const reported = await request(kiosk, "incident.report", {
        attemptId,
        type: "offline",
        durationMs: 45_000,
        detail: "cable",
      });
      expect(reported.ok).toBe(true);
      kiosk.close();
      const incidents = (await operator.get(`/slots/${slotId}/incidents`))
        .body as { id: string; attemptId: string; durationMs: number | null }[];
      const incident = incidents.find(
        (entry) => entry.attemptId === attemptId && entry.durationMs === 45_000,
      )!;
      const before = await deadlineOf(attemptId);

      const requestId = newRequestId();
      // The grant reads its request first: lose the replies from the script on.
      redisProxy.loseRepliesAfter(script("attempt-command").sha);
      try {
        const lost = operator.post(
          `/incidents/${incident.id}/grant`,
          {},
          { [REQUEST_ID_HEADER]: requestId },
        );
        await eventually(async () =>
          (await redis.exists(requestKeyOf(requestId))) ? true : undefined,
        );
        redisProxy.cut();
        expect((await lost).status).toBe(503);
      } finally {
        redisProxy.restore();
      }
      await appReady();
      expect(await deadlineOf(attemptId)).toBe(before + 45_000);

      const repeat = await operator.post(
        `/incidents/${incident.id}/grant`,
        {},
        { [REQUEST_ID_HEADER]: requestId },
      );
      expect(repeat.status).toBe(200);
      expect(repeat.body.incident.grantedMs).toBe(45_000);
      expect(repeat.body.timing.deadlineAt).toBe(before + 45_000);
      const again = await operator.post(
        `/incidents/${incident.id}/grant`,
        {},
        { [REQUEST_ID_HEADER]: requestId },
      );
      expect(again.status).toBe(200);
      expect(again.body.incident.grantedMs).toBe(45_000);
      // Another press (a new request) is refused: it was given back.
      const another = await operator.post(
        `/incidents/${incident.id}/grant`,
        {},
        { [REQUEST_ID_HEADER]: newRequestId() },
      );
      expect(another.status).toBe(409);
      expect(another.body.error.id).toBe("already_granted");

      expect(await deadlineOf(attemptId)).toBe(before + 45_000);
      const entries = await extendedEntries(attemptId);
      expect(entries.map((entry) => entry.data.incidentId)).toEqual([
        incident.id,
      ]);
    }, 60_000);

    it("an extension repeated after its reply was lost on the way to the client moves the deadline once", async () => {
      const attemptId = await runningAttempt(1);
      const before = await deadlineOf(attemptId);
      const requestId = newRequestId();
      const extend = (base: string, minutes = 5) =>
        fetch(`${base}/api/v1/attempts/${attemptId}/extend`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            cookie: administrator.cookieHeader(),
            "x-csrf-token": administrator.csrfToken ?? "",
            [REQUEST_ID_HEADER]: requestId,
          },
          body: JSON.stringify({ minutes, reason: "a reader was late" }),
        });
      httpProxy.loseRepliesAfter(requestId);
      try {
        const lost = extend(httpProxy.url).then(
          (response) => response.status,
          () => "connection lost",
        );
        await eventually(async () =>
          (await redis.exists(requestKeyOf(requestId))) ? true : undefined,
        );
        httpProxy.cut();
        expect(await lost).toBe("connection lost");
      } finally {
        httpProxy.restore();
      }

      for (const base of [httpProxy.url, app.url]) {
        const repeat = await extend(base);
        expect(repeat.status).toBe(200);
        expect(
          ((await repeat.json()) as { deadlineAt: number }).deadlineAt,
        ).toBe(before + 5 * 60_000);
      }
      expect(await deadlineOf(attemptId)).toBe(before + 5 * 60_000);
      expect(await extendedEntries(attemptId)).toHaveLength(1);

      const otherMinutes = await extend(app.url, 10);
      expect(otherMinutes.status).toBe(409);
      expect(
        ((await otherMinutes.json()) as { error: { id: string } }).error.id,
      ).toBe("request_id_reused");
      expect(await deadlineOf(attemptId)).toBe(before + 5 * 60_000);
    });
  });

  describe("kiosk commands", () => {
    let kiosk: KioskSocket;
    afterAll(() => kiosk?.close());

    it("a submit repeated with its request id gets the same reply and submits once", async () => {
      const attemptId = await runningAttempt(2);
      kiosk = await connectKiosk(app.url, tokens[2]!);
      const requestId = newRequestId();
      const first = await request(kiosk, "attempt.submit", {
        attemptId,
        requestId,
      });
      expect(first.ok).toBe(true);
      expect(first.attempt.state).toBe("submitted");
      const repeat = await request(kiosk, "attempt.submit", {
        attemptId,
        requestId,
      });
      const { serverNow: _a, remainingMs: _b, ...firstTiming } = first.attempt;
      const {
        serverNow: _c,
        remainingMs: _d,
        ...repeatTiming
      } = repeat.attempt;
      expect(repeat.ok).toBe(true);
      expect(repeatTiming).toEqual(firstTiming);
      // Without the id a repeat is a new command, refused.
      const fresh = await request(kiosk, "attempt.submit", { attemptId });
      expect(fresh.ok).toBe(false);
      expect(fresh.error.id).toMatch(/^attempt_(submitted|scored)$/);
      const submitted = await readAudit(
        redis,
        `slot:${slotId}`,
        (entry) =>
          entry.action === "attempt.submitted" &&
          entry.subject === `attempt:${attemptId}`,
      );
      expect(submitted).toHaveLength(1);
    });

    it("refuses a malformed requestId with invalid_request_id", async () => {
      const attemptId =
        (await redis.get(`seat:${place.seatIds[2]}:attempt`)) ?? "";
      const socket = await connectKiosk(app.url, tokens[2]!);
      const reply = await request(socket, "attempt.submit", {
        attemptId,
        requestId: "not-random",
      });
      socket.close();
      expect(reply).toMatchObject({
        ok: false,
        error: { id: "invalid_request_id" },
      });
    });

    it("a kiosk connecting while Redis is unreachable is told to try again, never that its token is unknown", async () => {
      redisProxy.cut();
      try {
        const refusals: string[] = [];
        for (let tries = 0; tries < 3; tries++) {
          const socket = io(`${app.url}/kiosk`, {
            auth: { token: tokens[3] },
            transports: ["websocket"],
            reconnection: false,
            forceNew: true,
          });
          refusals.push(
            await new Promise<string>((resolve) => {
              socket.once("connect_error", (error: Error) =>
                resolve(error.message),
              );
              socket.once("connect", () => resolve("connected"));
              setTimeout(() => resolve("no answer"), 5_000);
            }),
          );
          socket.close();
        }
        expect(
          refusals.filter((message) => message.startsWith("unauthorized")),
        ).toEqual([]);
        expect(
          refusals.some((message) => message.startsWith("storage_unavailable")),
        ).toBe(true);
      } finally {
        redisProxy.restore();
      }
      await appReady();
      const back = await connectKiosk(app.url, tokens[3]!);
      expect(back.connected).toBe(true);
      back.close();
    });
  });

  describe("staff commands", () => {
    it("an admission repeated gets the same attempt and seat; a room's pause repeated pauses once", async () => {
      const iin = iins[nextIin++]!;
      expect((await book(app.url, iin)).status).toBe(201);
      const requestId = newRequestId();
      const admit = () =>
        administrator.post(
          `/slots/${slotId}/admissions`,
          { iin, seatId: place.seatIds[3] },
          { [REQUEST_ID_HEADER]: requestId },
        );
      const first = await admit();
      expect(first.status).toBe(201);
      const repeat = await admit();
      expect(repeat.status).toBe(201);
      expect(repeat.body).toEqual(first.body);
      const admitted = await readAudit(
        redis,
        `slot:${slotId}`,
        (entry) =>
          entry.action === "attempt.admitted" && entry.data.iin === iin,
      );
      expect(admitted).toHaveLength(1);

      const pauseId = newRequestId();
      const pause = () =>
        operator.post(
          `/slots/${slotId}/pause`,
          { reason: "fire drill" },
          { [REQUEST_ID_HEADER]: pauseId },
        );
      const paused = await pause();
      expect(paused.status).toBe(200);
      expect(paused.body.applied).toBeGreaterThan(0);
      expect((await pause()).body).toEqual(paused.body);
      const entries = await readAudit(
        redis,
        `slot:${slotId}`,
        (entry) => entry.action === "attempt.paused",
      );
      expect(entries).toHaveLength(paused.body.applied);
    });

    it("other staff changes are at most once per request id: an incident repeated is recorded once and the repeat gets the first reply", async () => {
      const attemptId = await runningAttempt(5);
      const incidentsOf = async () =>
        (
          (await operator.get(`/slots/${slotId}/incidents`)).body as {
            attemptId: string;
            type: string;
          }[]
        ).filter(
          (incident) =>
            incident.attemptId === attemptId && incident.type === "noise",
        );
      const requestId = newRequestId();
      const report = (detail: string) =>
        operator.post(
          `/attempts/${attemptId}/incidents`,
          { type: "noise", detail },
          { [REQUEST_ID_HEADER]: requestId },
        );
      const first = await report("drilling next door");
      expect(first.status).toBe(201);
      const repeat = await report("drilling next door");
      expect(repeat.status).toBe(201);
      expect(repeat.body).toEqual(first.body);
      expect(await incidentsOf()).toHaveLength(1);
      // The same id for another request is refused and records nothing.
      const reused = await report("another noise");
      expect(reused.status).toBe(409);
      expect(reused.body.error.id).toBe("request_id_reused");
      expect(await incidentsOf()).toHaveLength(1);
      // The same id from another person is another request, refused too.
      const other = await administrator.post(
        `/attempts/${attemptId}/incidents`,
        { type: "noise", detail: "drilling next door" },
        { [REQUEST_ID_HEADER]: requestId },
      );
      expect(other.status).toBe(409);
      // A refusal changes nothing and is judged again on a repeat.
      const refusedId = newRequestId();
      const bad = () =>
        operator.post(
          `/attempts/no-such-attempt/incidents`,
          { type: "noise", detail: "x" },
          { [REQUEST_ID_HEADER]: refusedId },
        );
      expect((await bad()).status).toBe(404);
      expect((await bad()).status).toBe(404);
      // Redis holds the id's hash only.
      const keys = await redis.keys("request:*");
      expect(keys.some((key) => key.includes(requestId))).toBe(false);
      expect(await redis.exists(`${requestKeyOf(requestId)}:http`)).toBe(1);
    });

    it("a staff change whose handling was interrupted is refused on a repeat (request_unfinished), never done twice", async () => {
      const attemptId = await runningAttempt(6);
      const requestId = newRequestId();
      const body = { type: "noise", detail: "interrupted" };
      expect(
        (
          await operator.post(`/attempts/${attemptId}/incidents`, body, {
            [REQUEST_ID_HEADER]: requestId,
          })
        ).status,
      ).toBe(201);
      // What a process killed after the change, before it kept the reply, leaves behind.
      const key = `${requestKeyOf(requestId)}:http`;
      const stored = JSON.parse((await redis.get(key)) ?? "{}") as {
        fingerprint: string;
      };
      await redis.set(
        key,
        JSON.stringify({ state: "running", fingerprint: stored.fingerprint }),
      );
      const repeat = await operator.post(
        `/attempts/${attemptId}/incidents`,
        body,
        { [REQUEST_ID_HEADER]: requestId },
      );
      expect(repeat.status).toBe(409);
      expect(repeat.body.error.id).toBe("request_unfinished");
    });
  });
});
