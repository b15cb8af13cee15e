import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { sweepNoShows } from "../../server/src/modules/booking/service";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  bookingBody,
  codeHeader,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const REASON = "Инцидент разобран устно, протокол нужен сегодня";

/**
 * A slot of five bookings: A and B tested (A with an incident nobody
 * reviewed), C booked and never came, D admitted but not started, E
 * cancelled. Sign-off names what is unresolved and takes a reason to sign
 * over it; "sign all" signs only the finished; the protocol lists every
 * booking that was not cancelled, with its status.
 */
describe("sign-off over unresolved items, and the slot protocol", () => {
  let app: TestApp;
  let work: string;
  let administrator: ApiClient;
  let operator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let a: TestedCandidate;
  let b: TestedCandidate;
  const names = {
    a: "Асан Қасымов",
    b: "Борис Смирнов",
    c: "Сәуле Нұрова",
    d: "Дина Ахметова",
    e: "Ерлан Жанов",
  };
  const bookingIds: Record<"c" | "d", string> = { c: "", d: "" };
  const attemptOfD = { id: "" };

  const signedAudit = (attemptId: string) =>
    readAudit(
      app.redis,
      `slot:${room.slotId}`,
      (entry) =>
        entry.action === "attempt.signed" &&
        entry.subject === `attempt:${attemptId}`,
    );

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-signoff-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    room = await examRoom(app, { manager, operator }, 4);
    const iins = syntheticIins(5, 2400);
    const book = async (iin: string, fullName: string) => {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(room.slotId, iin, { programId: ENGINE_LONG, fullName }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      return booked.body as { id: string; code: string };
    };
    // E books and cancels first: four seats, four bookings left.
    const e = await book(iins[4]!, names.e);
    expect(
      (
        await new ApiClient(app.url).delete(
          `/bookings/${e.id}`,
          codeHeader(encodeURIComponent(e.code)),
        )
      ).status,
    ).toBe(200);
    a = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: names.a,
    });
    b = await takeTest(app, room, administrator, {
      iin: iins[1]!,
      fullName: names.b,
    });
    bookingIds.c = (await book(iins[2]!, names.c)).id;
    bookingIds.d = (await book(iins[3]!, names.d)).id;
    const admitted = await administrator.post(
      `/slots/${room.slotId}/admissions`,
      { iin: iins[3]! },
    );
    expect(admitted.status).toBe(201);
    attemptOfD.id = admitted.body.attemptId as string;
    // The kiosks' comings and goings of the setup are reviewed...
    const seen = await operator.get(`/slots/${room.slotId}/incidents`);
    for (const { id } of seen.body as { id: string }[]) {
      expect(
        (await operator.post(`/incidents/${id}/acknowledge`, {})).status,
      ).toBe(200);
    }
    // ...but staff saw something at A's seat and logged it: not reviewed.
    const incident = await operator.post(`/attempts/${a.attemptId}/incidents`, {
      type: "noise",
      detail: "phone rang",
    });
    expect(incident.status).toBe(201);
  });

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("names what is unresolved before anyone signs", async () => {
    const check = await administrator.get(`/slots/${room.slotId}/sign-off`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({
      unreviewedIncidents: 1,
      incidentsByAttempt: { [a.attemptId]: 1 },
      unfinished: expect.arrayContaining([
        { bookingId: bookingIds.c, fullName: names.c, status: "booked" },
        { bookingId: bookingIds.d, fullName: names.d, status: "admitted" },
      ]),
      toSign: 2,
    });
    expect(check.body.unfinished).toHaveLength(2);
  });

  it("refuses to sign over them without a reason, and changes nothing", async () => {
    const all = await administrator.post(`/slots/${room.slotId}/sign-off`);
    expect(all.status).toBe(409);
    expect(all.body.error).toMatchObject({
      id: "signoff_unresolved",
      message: expect.stringContaining("1 incident(s) not reviewed and 2"),
    });
    // One result's sign-off answers for that candidate's own incidents.
    const one = await administrator.post(`/attempts/${a.attemptId}/sign-off`);
    expect(one.status).toBe(409);
    expect(one.body.error.id).toBe("signoff_unresolved");
    expect(
      await app.redis.hget(`attempt:${a.attemptId}`, "signedAdministrator"),
    ).toBeNull();
    expect(await signedAudit(a.attemptId)).toEqual([]);

    // B has nothing of its own unresolved: signed without a word.
    const clean = await administrator.post(`/attempts/${b.attemptId}/sign-off`);
    expect(clean.status).toBe(200);
    const [entry] = await signedAudit(b.attemptId);
    expect(entry?.data).toEqual({ role: "administrator" });
  });

  it("signs only the finished attempts with a reason, and audits the reason", async () => {
    const all = await administrator.post(`/slots/${room.slotId}/sign-off`, {
      overrideReason: REASON,
    });
    expect(all.status).toBe(200);
    // A only: B was signed already, C has not come, D has not started.
    expect(all.body).toEqual({ signed: 1, refused: [] });
    const [entry] = await signedAudit(a.attemptId);
    expect(entry?.data).toEqual({
      role: "administrator",
      overrideReason: REASON,
    });
    expect(await app.redis.hget(`attempt:${attemptOfD.id}`, "state")).toBe(
      "admitted",
    );
    expect(
      await app.redis.hget(`attempt:${attemptOfD.id}`, "signedAdministrator"),
    ).toBeNull();
    const check = await administrator.get(`/slots/${room.slotId}/sign-off`);
    expect(check.body.toSign).toBe(0);

    // The operator signs over the same items: both results become official.
    expect(
      (await operator.post(`/slots/${room.slotId}/sign-off`)).body.error.id,
    ).toBe("signoff_unresolved");
    const second = await operator.post(`/slots/${room.slotId}/sign-off`, {
      overrideReason: REASON,
    });
    expect(second.body).toEqual({ signed: 2, refused: [] });
    for (const attemptId of [a.attemptId, b.attemptId]) {
      await eventually(async () =>
        (await app.redis.hget(`attempt:${attemptId}`, "state")) === "issued"
          ? true
          : undefined,
      );
    }
  });

  it("prints every booked candidate with a result or a status, never the slot's id", async () => {
    // The late-admission cutoff passes: C, never admitted, is a no-show.
    await app.redis.hset(
      `slot:${room.slotId}`,
      "lateAdmissionCutoffAt",
      String((await redisNowMs(app)) - 1_000),
    );
    await sweepNoShows(app.synaq.ctx, room.slotId);

    const response = await administrator.get(
      `/slots/${room.slotId}/protocol.pdf`,
    );
    expect(response.status).toBe(200);
    const file = path.join(work, "protocol.pdf");
    writeFileSync(file, response.body);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    });
    const lineOf = (name: string) =>
      text.split("\n").find((line) => line.includes(name)) ?? "";
    expect(lineOf(names.a)).toMatch(/өтті|өтпеді/);
    expect(lineOf(names.b)).toMatch(/өтті|өтпеді/);
    expect(lineOf(names.c)).toContain("келмеді");
    expect(lineOf(names.d)).toContain("тест");
    // Cancelled bookings are counted in the header, not listed.
    expect(text).not.toContain(names.e);
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("отменили запись (в список не включены): 1");
    expect(flat).toContain("Записано: 4");
    expect(flat).toContain("не явился");
    // The slot as a person names it, and never its internal id.
    expect(flat).toContain("Программа движка");
    expect(flat).toContain("Астанинский центр тестирования");
    expect(flat).toContain("Зал 1");
    expect(flat).toMatch(/По расписанию: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}–/);
    expect(text.replace(/[\s-]+/g, "")).not.toContain(
      room.slotId.replace(/-/g, ""),
    );
  });
});
