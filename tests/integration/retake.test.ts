import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
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
import { signedInStaff } from "../support/staff";

/**
 * The program rules (issue 19): the retake interval, counted from the test
 * date of the last sitting of the program or an equivalent; a valid
 * certificate blocking a new booking; validity from the test date, kept
 * through a re-issue; references without validity; refusals generic in
 * public and detailed at the desk.
 *
 * The engine fixture's program gets the rules: a retake after 30 days
 * (`engine-twin` counts as the same), certificates valid 40 days;
 * `engine-free` may be booked while a certificate is valid.
 */
const TWIN = "engine-twin";
const FREE = "engine-free";
const DAY = 24 * 3600_000;

const pdftotext = (file: string) =>
  spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;

/** yyyy-mm-dd of an instant in Asia/Almaty (the test centers' zone). */
const almatyDate = (ms: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Almaty" }).format(ms);
const plusDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY)
    .toISOString()
    .slice(0, 10);

function rulesBanks(work: string): string {
  const dir = path.join(work, "banks");
  cpSync(ENGINE_BANKS, dir, { recursive: true });
  const file = path.join(dir, "programs", `${ENGINE_LONG}.json`);
  const base = JSON.parse(readFileSync(file, "utf8")) as Record<
    string,
    unknown
  >;
  const write = (id: string, rules: Record<string, unknown>) =>
    writeFileSync(
      path.join(dir, "programs", `${id}.json`),
      JSON.stringify({ ...base, id, ...rules }, null, 2),
    );
  write(ENGINE_LONG, {
    retakeAfterDays: 30,
    retakeEquivalents: [TWIN],
    validityDays: 40,
    // The fixture allows it (other tests book its passers again).
    bookableWhileValid: false,
  });
  write(TWIN, { retakeAfterDays: 30, retakeEquivalents: [ENGINE_LONG] });
  write(FREE, { bookableWhileValid: true });
  return dir;
}

describe("program rules: retakes and validity", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let later: Place;
  const iins = syntheticIins(9, 5200);
  /** P passes, F fails; V's attempt fails technically, W breaks the rules. */
  let p: TestedCandidate;
  let f: TestedCandidate;
  let v: TestedCandidate;
  let w: TestedCandidate;
  /** R fails; R's appeal on a technical failure is upheld with a retest. */
  let r: TestedCandidate;
  let pNumber: string;
  let fNumber: string;
  let rNumber: string;
  let testDate: string;
  /** Slots of the fixture's programs 10, 31 and 45 days ahead. */
  const slots: Record<string, string> = {};

  const publicClient = () => new ApiClient(app.url);
  const book = (
    slotId: string,
    iin: string,
    programId = ENGINE_LONG,
    extra: Record<string, unknown> = {},
  ) =>
    publicClient().post(
      "/bookings",
      bookingBody(slotId, iin, { programId, ...extra }),
      freshIp(),
    );
  const deskBook = (
    slotId: string,
    iin: string,
    programId = ENGINE_LONG,
    extra: Record<string, unknown> = {},
  ) =>
    administrator.post(
      "/staff/bookings",
      bookingBody(slotId, iin, { programId, ...extra }),
    );
  const status = async (who: TestedCandidate, bookingId = who.bookingId) =>
    (
      await publicClient().get(
        `/bookings/${bookingId}`,
        codeHeader(who.code, freshIp()),
      )
    ).body;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-retake-"));
    outDir = path.join(work, "output");
    app = await startTestApp({
      BANKS_DIR: rulesBanks(work),
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    room = await examRoom(app, { manager, operator }, 5);
    const wrong = () => ["d"];
    p = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    f = await takeTest(
      app,
      room,
      administrator,
      { iin: iins[1]!, fullName: "Иван Петрович Сидоров" },
      wrong,
    );
    v = await takeTest(app, room, administrator, {
      iin: iins[2]!,
      fullName: "Сәуле Маратқызы Омарова",
    });
    w = await takeTest(app, room, administrator, {
      iin: iins[3]!,
      fullName: "Даурен Ерланұлы Қасымов",
    });
    r = await takeTest(
      app,
      room,
      administrator,
      { iin: iins[4]!, fullName: "Гүлнар Асқарқызы Нұрова" },
      wrong,
    );
    const signers = { administrator, operator };
    pNumber = await makeOfficial(app, signers, p.attemptId);
    fNumber = await makeOfficial(app, signers, f.attemptId);
    rNumber = await makeOfficial(app, signers, r.attemptId);
    testDate = almatyDate(
      Number(await app.redis.hget(`slot:${room.slotId}`, "startsAt")),
    );

    later = await createPlace(manager, 3, "Зал 2");
    const now = await redisNowMs(app);
    for (const [days, programId] of [
      [10, ENGINE_LONG],
      [10, TWIN],
      [10, FREE],
      [31, ENGINE_LONG],
      [45, ENGINE_LONG],
    ] as const) {
      const slot = await createSlot(app, manager, later, {
        programId,
        startsAt: now + days * DAY + Object.keys(slots).length * 3 * 3600_000,
      });
      slots[`${programId}+${days}`] = slot.id;
    }
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("publishes the rules of every program, resolved", async () => {
    const programs = (await publicClient().get("/programs", freshIp())).body;
    const byId = (id: string) =>
      programs.find((program: { id: string }) => program.id === id);
    expect(byId(ENGINE_LONG)).toMatchObject({
      kind: "knowledge",
      retakeAfterDays: 30,
      retakeEquivalents: [TWIN],
      validityDays: 40,
      bookableWhileValid: false,
      eligibility: {
        corps: ["A", "B"],
        candidateKinds: ["candidate", "civil-servant"],
      },
    });
    // Without validityDays of its own: the center's default (365).
    expect(byId(TWIN)).toMatchObject({
      retakeAfterDays: 30,
      validityDays: 365,
    });
    expect(byId(FREE)).toMatchObject({
      retakeAfterDays: 0,
      bookableWhileValid: true,
    });
  });

  it("refuses a retake before the interval, generically in public and in detail at the desk", async () => {
    const earliestDate = plusDays(testDate, 30);
    const refused = await book(slots[`${ENGINE_LONG}+10`]!, f.iin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("not_bookable_now");
    // Nothing about the person: no rule, no date, no program, no number.
    const said = JSON.stringify(refused.body);
    expect(said).not.toContain(earliestDate);
    expect(said).not.toContain(testDate);
    expect(said).not.toMatch(/retake|certificate_still_valid|SYN-/);
    expect(said).toMatch(/desk/);

    const desk = await deskBook(slots[`${ENGINE_LONG}+10`]!, f.iin);
    expect(desk.status).toBe(409);
    expect(desk.body.error.id).toBe("retake_too_soon");
    expect(desk.body.error.details).toMatchObject({
      rule: "retake_too_soon",
      programId: ENGINE_LONG,
      earliestDate,
      since: { programId: ENGINE_LONG, testDate },
    });
    // An equivalent program counts the same sitting.
    const twin = await deskBook(slots[`${TWIN}+10`]!, f.iin, TWIN);
    expect(twin.body.error.id).toBe("retake_too_soon");
    // The holder of the earlier booking's code sees why and from when.
    expect((await status(f)).nextBooking).toMatchObject({
      rule: "retake_too_soon",
      earliestDate,
    });
  });

  it("refuses the row of a roster import the same way, naming the rule", async () => {
    const slotId = slots[`${TWIN}+10`]!;
    const accepted = await administrator.post(
      `/slots/${slotId}/roster-imports`,
      {
        csv: `iin,fullName,language\n${iins[7]!},Жаңа Адам,kk\n${f.iin},Иван Сидоров,ru\n`,
      },
    );
    expect(accepted.status).toBe(202);
    const report = await eventually(async () => {
      const current = await administrator.get(
        `/roster-imports/${accepted.body.importId}`,
      );
      return current.body.status === "queued" ? undefined : current.body;
    });
    expect(report).toMatchObject({
      status: "rejected",
      imported: 0,
      rows: [
        { line: 2, iin: iins[7], ok: true },
        {
          line: 3,
          iin: f.iin,
          ok: false,
          error: { id: "retake_too_soon" },
        },
      ],
    });
  });

  it("allows the retake once the interval is over", async () => {
    const booked = await book(slots[`${ENGINE_LONG}+31`]!, f.iin);
    expect(booked.status).toBe(201);
  });

  it("lets the desk override the rule with a reason, audited", async () => {
    const slotId = slots[`${TWIN}+10`]!;
    const noReason = await deskBook(slotId, w.iin, TWIN, {
      ruleOverride: { reason: "" },
    });
    expect(noReason.status).toBe(400);
    const reason =
      "Commission decision No. 14: the earlier sitting is annulled.";
    const booked = await deskBook(slotId, w.iin, TWIN, {
      ruleOverride: { reason },
    });
    expect(booked.status).toBe(201);
    const created = await readAudit(
      app.redis,
      `slot:${slotId}`,
      (entry) =>
        entry.action === "booking.created" &&
        entry.subject === `booking:${booked.body.id}`,
    );
    expect(created).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^staff:.+:administrator$/),
        data: expect.objectContaining({
          ruleOverride: { rule: "retake_too_soon", reason },
        }),
      }),
    ]);
    // The public API never takes an override.
    const publicOverride = await book(
      slots[`${ENGINE_LONG}+10`]!,
      w.iin,
      ENGINE_LONG,
      {
        ruleOverride: { reason },
      },
    );
    expect(publicOverride.body.error.id).toBe("not_bookable_now");
  });

  it("does not count an attempt voided for a technical failure, but counts one voided for a breach", async () => {
    const technical = await administrator.post(
      `/attempts/${v.attemptId}/void`,
      {
        reason: "The kiosk's disk failed.",
        cause: "technical",
      },
    );
    expect(technical.status).toBe(200);
    const conduct = await administrator.post(`/attempts/${w.attemptId}/void`, {
      reason: "A phone was found on the desk.",
      cause: "conduct",
    });
    expect(conduct.status).toBe(200);
    expect((await book(slots[`${ENGINE_LONG}+10`]!, v.iin)).status).toBe(201);
    const again = await deskBook(slots[`${ENGINE_LONG}+10`]!, w.iin);
    expect(again.body.error.id).toBe("retake_too_soon");
  });

  it("does not count no-shows or cancellations", async () => {
    const [noShow, cancelled] = [iins[5]!, iins[6]!];
    const now = await redisNowMs(app);
    const soon = await createSlot(app, manager, later, {
      programId: ENGINE_LONG,
      startsAt: now + 3_000,
      bookingCutoffAt: now + 3_000,
      lateAdmissionCutoffAt: now + 4_000,
    });
    const missed = await book(soon.id, noShow);
    expect(missed.status).toBe(201);
    const kept = await book(slots[`${TWIN}+10`]!, cancelled, TWIN);
    expect(kept.status).toBe(201);
    const cancel = await publicClient().delete(
      `/bookings/${kept.body.id}`,
      codeHeader(kept.body.code, freshIp()),
    );
    expect(cancel.status).toBe(200);
    await eventually(async () =>
      (await app.redis.hget(`booking:${missed.body.id}`, "status")) ===
      "no_show"
        ? true
        : undefined,
    );
    expect((await book(slots[`${ENGINE_LONG}+10`]!, noShow)).status).toBe(201);
    expect((await book(slots[`${ENGINE_LONG}+10`]!, cancelled)).status).toBe(
      201,
    );
  });

  it("never refuses a retest granted on appeal", async () => {
    const filed = await publicClient().post(
      `/bookings/${r.bookingId}/appeals`,
      {
        grounds: "technical_failure",
        text: "The kiosk restarted during my test.",
      },
      codeHeader(r.code, freshIp()),
    );
    expect(filed.status).toBe(201);
    // Five days after the sitting: well inside the 30-day interval.
    const now = await redisNowMs(app);
    const retestSlot = await createSlot(app, manager, later, {
      programId: ENGINE_LONG,
      startsAt: now + 5 * DAY,
    });
    expect((await deskBook(retestSlot.id, r.iin)).body.error.id).toBe(
      "retake_too_soon",
    );
    const decided = await reviewer.post(`/appeals/${filed.body.id}/decision`, {
      decision: "upheld",
      reason: "Kiosk logs confirm the restart.",
      retestSlotId: retestSlot.id,
    });
    expect(decided.status).toBe(200);
    expect(decided.body.retestBookingId).toBeTruthy();
    expect(await status(r, decided.body.retestBookingId)).toMatchObject({
      status: "booked",
      retestOf: r.bookingId,
    });
    expect(rNumber).toMatch(/^SYN-/);
  });

  it("counts validity from the test date, and a valid certificate blocks a new booking", async () => {
    const record = (
      await publicClient().get(`/certificates/${pNumber}`, freshIp())
    ).body;
    const startedAt = Number(
      await app.redis.hget(`attempt:${p.attemptId}`, "startedAt"),
    );
    expect(record).toMatchObject({ kind: "certificate", valid: true });
    expect(Date.parse(record.validUntil)).toBe(startedAt + 40 * DAY);
    expect(Date.parse(record.issuedAt)).toBeGreaterThan(startedAt);
    const validUntil = almatyDate(startedAt + 40 * DAY);

    // 31 days on the retake interval is over, the certificate is not.
    const publicRefusal = await book(slots[`${ENGINE_LONG}+31`]!, p.iin);
    expect(publicRefusal.body.error.id).toBe("not_bookable_now");
    expect(JSON.stringify(publicRefusal.body)).not.toContain(pNumber);
    const desk = await deskBook(slots[`${ENGINE_LONG}+31`]!, p.iin);
    expect(desk.status).toBe(409);
    expect(desk.body.error.id).toBe("certificate_still_valid");
    expect(desk.body.error.details).toMatchObject({
      rule: "certificate_still_valid",
      earliestDate: plusDays(validUntil, 1),
      since: { certificateNumber: pNumber, testDate },
    });
    expect((await status(p)).nextBooking).toMatchObject({
      rule: "certificate_still_valid",
    });
    // A program that allows it, and a date after the validity.
    expect((await book(slots[`${FREE}+10`]!, p.iin, FREE)).status).toBe(201);
    expect((await book(slots[`${ENGINE_LONG}+45`]!, p.iin)).status).toBe(201);
  });

  it("gives references no validity", async () => {
    const record = (
      await publicClient().get(`/certificates/${fNumber}`, freshIp())
    ).body;
    expect(record).toMatchObject({ kind: "reference", expired: false });
    expect(record.validUntil).toBeUndefined();
    const text = pdftotext(path.join(outDir, `${fNumber}.pdf`));
    expect(text).toContain(fNumber);
    expect(text).not.toMatch(/Жарамдылық мерзімі|Действител|valid until/i);
    expect(pdftotext(path.join(outDir, `${pNumber}.pdf`))).toMatch(
      /Жарамдылық мерзімі|Действител/,
    );
  });

  it("keeps the original validity through a re-issue after an appeal", async () => {
    const original = (
      await publicClient().get(`/certificates/${pNumber}`, freshIp())
    ).body;
    const filed = await publicClient().post(
      `/bookings/${p.bookingId}/appeals`,
      {
        grounds: "question_wrong",
        itemId: p.itemIds[0],
        text: "Question 1 has no right answer among the options.",
      },
      codeHeader(p.code, freshIp()),
    );
    expect(filed.status).toBe(201);
    expect(
      (await reviewer.post(`/appeals/${filed.body.id}/review`)).status,
    ).toBe(200);
    const decided = await reviewer.post(`/appeals/${filed.body.id}/decision`, {
      decision: "upheld",
      reason: "The key was wrong: the question is voided for everyone.",
    });
    expect(decided.status).toBe(200);
    const view = await eventually(async () => {
      const current = await status(p);
      return current.revisions[0]?.certificateNumber ? current : undefined;
    }, 60_000);
    const reissued = view.revisions[0].certificateNumber as string;
    expect(reissued).not.toBe(pNumber);
    const record = (
      await publicClient().get(`/certificates/${reissued}`, freshIp())
    ).body;
    expect(record).toMatchObject({ kind: "certificate", valid: true });
    expect(Date.parse(record.issuedAt)).toBeGreaterThan(
      Date.parse(original.issuedAt),
    );
    expect(record.validUntil).toBe(original.validUntil);
    // The re-issued certificate blocks like the first one did.
    const desk = await deskBook(slots[`${ENGINE_LONG}+31`]!, p.iin);
    expect(desk.body.error.details).toMatchObject({
      rule: "certificate_still_valid",
      since: { certificateNumber: reissued },
    });
  }, 90_000);
});
