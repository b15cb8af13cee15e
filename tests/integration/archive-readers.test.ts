import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../server/src/context";
import { isArchived } from "../../server/src/archive/store";
import {
  archiveAgain,
  archiveSlot,
  restoreSlot,
  slotArchivable,
  slotInventory,
} from "../../server/src/modules/archive";
import { restoreArchivedSlotsWithItem } from "../../server/src/modules/appeals/archived";
import { readAudit } from "../../server/src/modules/audit";
import {
  bookingBlock,
  validCertificate,
} from "../../server/src/modules/booking";
import {
  findDocument,
  reconcileDocumentStubs,
} from "../../server/src/modules/certificates";
import type { ProgramRules } from "../../server/src/modules/programs";
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
  codeHeader,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const DAY = 24 * 3600_000;
const ID_CARD = { kind: "id_card", number: "048 215 679" } as const;
/** What each archived candidate may keep in Redis (issue 26). */
const STUB_BUDGET_BYTES = 1024;

/** A rule set that blocks: a retake interval and no booking while valid. */
const strictRules: ProgramRules = {
  id: ENGINE_LONG,
  family: [ENGINE_LONG],
  retakeAfterDays: 30,
  bookableWhileValid: false,
} as ProgramRules;

/** The engine fixture's wrong answers: single → a, multiple → b. */
const wrongFor = (item: { id: string; type: string }) =>
  item.type === "multiple" ? ["b"] : ["a"];

describe("readers of an archived slot (issue 26)", () => {
  let app: TestApp;
  let ctx: AppContext;
  let work: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  /** Passed: a certificate. */
  let a: TestedCandidate;
  /** Failed: a reference. */
  let b: TestedCandidate;
  const numbers = new Map<string, string>();
  /** What the readers answered while the slot was live. */
  const live: Record<string, unknown> = {};

  const publicClient = () => new ApiClient(app.url);
  const verifyNumber = (number: string) =>
    publicClient().get(`/certificates/${number}`, freshIp());
  const verifyPdf = async (
    pdf: Buffer,
  ): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${app.url}/api/v1/certificates/verify-pdf`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: new Uint8Array(pdf),
    });
    return { status: response.status, body: await response.json() };
  };
  const pdfOf = (number: string) =>
    readFileSync(path.join(ctx.env.CERT_OUTPUT_DIR, `${number}.pdf`));
  const statusPage = (who: TestedCandidate) =>
    publicClient().get(
      `/bookings/${who.bookingId}`,
      codeHeader(who.code, freshIp()),
    );
  const fileAppeal = (who: TestedCandidate) =>
    publicClient().post(
      `/bookings/${who.bookingId}/appeals`,
      {
        grounds: "question_wrong",
        itemId: who.itemIds[0],
        text: "The key of this question is wrong.",
      },
      codeHeader(who.code, freshIp()),
    );
  const deskFind = (iin: string) =>
    administrator.post("/staff/bookings/find", { iin, document: ID_CARD });
  const resultsCsv = () =>
    manager.get(`/analytics/slots/${room.slotId}/results.csv`);
  /** Tomorrow, as the rules take a test date. */
  const tomorrow = async () =>
    new Date((await redisNowMs(app)) + DAY).toISOString().slice(0, 10);
  const rulesFor = async (iin: string) => {
    const testDate = await tomorrow();
    return {
      block: await bookingBlock(ctx, { iin, rules: strictRules, testDate }),
      certificate: await validCertificate(ctx, {
        iin,
        programs: [ENGINE_LONG],
        testDate,
      }),
    };
  };
  const cli = async (script: string, args: string[]) => {
    try {
      const { stdout } = await run("npx", ["tsx", script, ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: ctx.env.DATA_DIR,
          REDIS_URL: app.redisUrl,
        },
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, output: failed.stdout };
    }
  };
  const deskCore = (body: { bookings: Record<string, unknown>[] }) =>
    body.bookings.map(({ actions: _actions, ...booking }) => booking);

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-archive-readers-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_DELAY_MS: "200",
    });
    ctx = app.synaq.ctx;
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    room = await examRoom(app, { manager, operator }, 2);
    const iins = syntheticIins(2, 4100);
    a = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    b = await takeTest(
      app,
      room,
      administrator,
      { iin: iins[1]!, fullName: "Иван Петрович Сидоров" },
      wrongFor,
    );
    for (const who of [a, b]) {
      numbers.set(
        who.bookingId,
        await makeOfficial(app, { administrator, operator }, who.attemptId),
      );
      const handed = await administrator.post(
        `/attempts/${who.attemptId}/handover`,
        { method: "printed" },
      );
      expect(handed.status).toBe(200);
    }
    // The slot ended and its appeal window closed a month ago.
    const now = await redisNowMs(app);
    // A message the center sent a (as notification.send leaves it).
    await app.redis.hset("message:archive-readers-m1", {
      id: "archive-readers-m1",
      bookingId: a.bookingId,
      slotId: room.slotId,
      centerId: room.place.centerId,
      kind: "result.ready",
      channel: "sms",
      to: "+77011234567",
      language: "kk",
      state: "sent",
      attempts: 1,
      queuedAt: now - 2 * DAY,
      sentAt: now - 2 * DAY + 1000,
      subject: "",
      text: "Нәтиже дайын",
    });
    await app.redis.rpush(
      `booking:${a.bookingId}:messages`,
      "archive-readers-m1",
    );
    await app.redis.hset(`slot:${room.slotId}`, "endsAt", now - 60_000);
    for (const who of [a, b]) {
      await app.redis.hset(
        `attempt:${who.attemptId}`,
        "officialAt",
        now - 30 * DAY,
      );
    }
    await eventually(
      async () =>
        (await app.redis.exists(`analytics:slot:${room.slotId}`)) || undefined,
      20_000,
    );
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const numberOf = (who: TestedCandidate) => numbers.get(who.bookingId) ?? "";

  it("records what every reader answers while the slot is live", async () => {
    for (const who of [a, b]) {
      const record = await verifyNumber(numberOf(who));
      expect(record.status).toBe(200);
      live[`record:${who.bookingId}`] = record.body;
      const upload = await verifyPdf(pdfOf(numberOf(who)));
      expect(upload.status).toBe(200);
      live[`upload:${who.bookingId}`] = upload.body;
      const status = await statusPage(who);
      expect(status.status).toBe(200);
      live[`status:${who.bookingId}`] = status.body;
      const desk = await deskFind(who.iin);
      expect(desk.status).toBe(200);
      live[`desk:${who.bookingId}`] = desk.body;
      live[`rules:${who.bookingId}`] = await rulesFor(who.iin);
    }
    // What the status page shows beyond the booking: the appeal window's
    // questions and the messages sent, both read from the file later.
    const status = live[`status:${a.bookingId}`] as any;
    expect(status.appealWindow.reason).toBe("window_closed");
    expect(status.appealWindow.questions.length).toBeGreaterThan(0);
    expect(status.messages.length).toBeGreaterThan(0);
    expect((live[`record:${a.bookingId}`] as any).kind).toBe("certificate");
    expect((live[`record:${b.bookingId}`] as any).kind).toBe("reference");
    // The rules block a's program: a valid certificate and the retake interval.
    expect((live[`rules:${a.bookingId}`] as any).block.rule).toBe(
      "certificate_still_valid",
    );
    expect((live[`rules:${b.bookingId}`] as any).block.rule).toBe(
      "retake_too_soon",
    );
    const csv = await resultsCsv();
    expect(csv.status).toBe(200);
    live.csv = (csv.body as Buffer).toString("utf8");
    const late = await fileAppeal(a);
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe("appeal_window_closed");
    live.lateAppeal = late.body;
  });

  it("archives the slot: its keys leave Redis, the stubs stay", async () => {
    await eventually(async () => {
      const verdict = await slotArchivable(ctx, room.slotId);
      return verdict.ok ? true : undefined;
    }, 20_000);
    const inventory = await slotInventory(app.redis, room.slotId);
    let liveBytes = 0;
    for (const key of inventory.keys) {
      liveBytes += Number((await app.redis.memory("USAGE", key)) ?? 0);
    }
    console.log(`live slot keys: ${Math.round(liveBytes / 2)} B a candidate`);
    const pointer = await archiveSlot(ctx, room.slotId);
    expect(pointer.state).toBe("archived");
    for (const who of [a, b]) {
      const number = numberOf(who);
      expect(await app.redis.exists(`cert:doc:${number}`)).toBe(0);
      expect(await app.redis.exists(`official:${who.attemptId}`)).toBe(0);
      expect(await app.redis.exists(`attempt:${who.attemptId}`)).toBe(0);
      expect(await app.redis.exists(`archived:doc:${number}`)).toBe(1);
      const stub = await app.redis.hgetall(`booking:${who.bookingId}`);
      expect(Object.keys(stub).sort()).toEqual(
        [
          "archived",
          "codeHash",
          "id",
          "programId",
          "slotId",
          "startsAt",
          "status",
        ].sort(),
      );
      expect(
        await app.redis.hexists(`iin:${who.iin}:history`, who.bookingId),
      ).toBe(1);
    }
    expect(await app.redis.exists(`slot:${room.slotId}`)).toBe(0);
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
  }, 60_000);

  it("keeps each candidate's stubs within 1 KB of Redis memory", async () => {
    for (const who of [a, b]) {
      const keys = [
        `booking:${who.bookingId}`,
        `iin:${who.iin}:history`,
        `archived:doc:${numberOf(who)}`,
      ];
      let bytes = 0;
      for (const key of keys) {
        bytes += Number((await app.redis.memory("USAGE", key)) ?? 0);
      }
      console.log(`archived stubs of ${who.bookingId}: ${bytes} B`);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(STUB_BUDGET_BYTES);
    }
  });

  it("verifies a document by its number from the stub, as before", async () => {
    for (const who of [a, b]) {
      const record = await verifyNumber(numberOf(who));
      expect(record.status).toBe(200);
      expect(record.body).toEqual(live[`record:${who.bookingId}`]);
    }
  });

  it("verifies an uploaded PDF from the stub, as before", async () => {
    for (const who of [a, b]) {
      const upload = await verifyPdf(pdfOf(numberOf(who)));
      expect(upload.status).toBe(200);
      expect(upload.body).toEqual(live[`upload:${who.bookingId}`]);
    }
    expect((live[`upload:${a.bookingId}`] as any).valid).toBe(true);
  });

  it("shows the status page from the archive file, as before", async () => {
    for (const who of [a, b]) {
      const status = await statusPage(who);
      expect(status.status).toBe(200);
      expect(status.body).toEqual(live[`status:${who.bookingId}`]);
    }
    const passed = await statusPage(a);
    expect(passed.body.result).toEqual({
      passed: true,
      certificateNumber: numberOf(a),
    });
    // An appeal now is refused as it was: the window closed.
    const late = await fileAppeal(a);
    expect(late.status).toBe(409);
    expect(late.body).toEqual(live.lateAppeal);
    // A wrong code is still the same 404.
    const wrong = await publicClient().get(
      `/bookings/${a.bookingId}`,
      codeHeader("WRONG-CODE", freshIp()),
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.id).toBe("booking_not_found");
  });

  it("applies the retake interval and a valid certificate from the history", async () => {
    for (const who of [a, b]) {
      expect(await rulesFor(who.iin)).toEqual(live[`rules:${who.bookingId}`]);
    }
  });

  it("shows the desk the archived booking, with nothing left to change", async () => {
    for (const who of [a, b]) {
      const desk = await deskFind(who.iin);
      expect(desk.status).toBe(200);
      expect(deskCore(desk.body)).toEqual(
        deskCore(live[`desk:${who.bookingId}`] as { bookings: [] }),
      );
      expect(desk.body.bookings[0].actions).toEqual({
        cancel: false,
        move: false,
        renewCode: false,
      });
    }
  });

  it("audit:verify --slot checks the chain in the archive file", async () => {
    const verified = await cli("server/src/modules/audit/cli-verify.ts", [
      "--slot",
      room.slotId,
    ]);
    expect(verified.output).toContain("(archived, version 1): intact");
    expect(verified.code).toBe(0);
  }, 60_000);

  it("exports the slot's results from the archive file, as before, to its center's staff only", async () => {
    const csv = await resultsCsv();
    expect(csv.status).toBe(200);
    expect((csv.body as Buffer).toString("utf8")).toBe(live.csv);
    const scoped = (centerId: string) =>
      signedInStaff(app, "administrator", undefined, {
        kind: "centers",
        centerIds: [centerId],
      }).then(({ client }) =>
        client.get(`/analytics/slots/${room.slotId}/results.csv`),
      );
    expect((await scoped(room.place.centerId)).status).toBe(200);
    const elsewhere = await scoped("another-center");
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.id).toBe("out_of_scope");
  });

  it("revokes an archived document in its stub, audited in the center's stream", async () => {
    const number = numberOf(b);
    const revoked = await manager.post(`/certificates/${number}/revoke`, {
      reason: "Issued to the wrong person",
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: true, valid: false });
    const record = await verifyNumber(number);
    expect(record.body).toMatchObject({
      revoked: true,
      revokedReason: "Issued to the wrong person",
    });
    const upload = await verifyPdf(pdfOf(number));
    expect(upload.body.valid).toBe(false);
    expect(upload.body.reasons.map((r: { id: string }) => r.id)).toContain(
      "revoked",
    );
    const again = await manager.post(`/certificates/${number}/revoke`, {
      reason: "Twice",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe("certificate_already_revoked");
    const entries = await readAudit(app.redis, `center:${room.place.centerId}`);
    expect(
      entries.filter(
        (entry) =>
          entry.action === "certificate.revoked" &&
          entry.subject === `certificate:${number}`,
      ),
    ).toHaveLength(1);
    // No second chain grows for the archived slot.
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
  });

  it("a late appeal restores the archived slots whose forms held the item; archived again, the revocation is kept", async () => {
    const none = await restoreArchivedSlotsWithItem(
      ctx,
      { programId: ENGINE_LONG, itemId: "no-such-item" },
      restoreSlot,
    );
    expect(none).toEqual([]);
    expect(await isArchived(app.redis, room.slotId)).toBe(true);
    const restored = await restoreArchivedSlotsWithItem(
      ctx,
      { programId: ENGINE_LONG, itemId: a.itemIds[0]! },
      restoreSlot,
    );
    expect(restored).toEqual([room.slotId]);
    expect(await app.redis.hget(`attempt:${a.attemptId}`, "state")).toBe(
      "issued",
    );
    // The restored booking answers from its hash again: no history entry.
    expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
      0,
    );
    // The revocation made while archived went back into the live record.
    expect(
      await app.redis.hget(`cert:doc:${numberOf(b)}`, "revokedReason"),
    ).toBe("Issued to the wrong person");
    const restoredDocument = await findDocument(app.redis, numberOf(b));
    expect(restoredDocument).toMatchObject({
      revokedReason: "Issued to the wrong person",
    });
    expect(restoredDocument && "archived" in restoredDocument).toBe(false);
    // A retried job restores nothing more.
    expect(
      await restoreArchivedSlotsWithItem(
        ctx,
        { programId: ENGINE_LONG, itemId: a.itemIds[0]! },
        restoreSlot,
      ),
    ).toEqual([]);

    const pointer = await archiveAgain(ctx, room.slotId, "reissue");
    expect(pointer).toMatchObject({ state: "archived", version: 2 });
    const record = await verifyNumber(numberOf(b));
    expect(record.body).toMatchObject({ revoked: true });
    expect(await app.redis.hget(`booking:${a.bookingId}`, "archived")).toBe(
      "1",
    );
    expect(await app.redis.hexists(`booking:${a.bookingId}`, "iin")).toBe(0);
    expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
      1,
    );
    const verified = await cli("server/src/modules/audit/cli-verify.ts", [
      "--slot",
      room.slotId,
    ]);
    expect(verified.output).toContain("(archived, version 2): intact");
  }, 120_000);

  it("a late appeal's re-issue: the re-score job restores the archived slot, re-issues, and it is archived again", async () => {
    const second = await examRoom(app, { manager, operator }, 1);
    const [iin] = syntheticIins(1, 4300);
    const appellant = await takeTest(app, second, administrator, {
      iin: iin!,
      fullName: "Сәуле Маратқызы Омарова",
    });
    await makeOfficial(app, { administrator, operator }, appellant.attemptId);
    const shared = appellant.itemIds.find((id) => a.itemIds.includes(id));
    expect(shared).toBeDefined();
    const filed = await publicClient().post(
      `/bookings/${appellant.bookingId}/appeals`,
      {
        grounds: "question_wrong",
        itemId: shared,
        text: "None of the options of this question is right.",
      },
      codeHeader(appellant.code, freshIp()),
    );
    expect(filed.status).toBe(201);
    const appealId = filed.body.id as string;
    expect((await reviewer.post(`/appeals/${appealId}/review`)).status).toBe(
      200,
    );
    const decided = await reviewer.post(`/appeals/${appealId}/decision`, {
      decision: "upheld",
      reason: "The question has no right option.",
    });
    expect(decided.status).toBe(200);

    // The worker's appeal.rescore restores the slot and re-scores a; the
    // certificate.reissue job issues a new number and revokes the old.
    const previous = numberOf(a);
    const reissued = await eventually(async () => {
      const number = await app.redis.hget(
        `booking:${a.bookingId}`,
        "certificateNumber",
      );
      return number && number !== previous ? number : undefined;
    }, 90_000);
    expect(await isArchived(app.redis, room.slotId)).toBe(false);
    // Every revision of the slot's attempts has its document before archiving.
    await eventually(async () => {
      for (const who of [a, b]) {
        const revisions = await app.redis.lrange(
          `attempt:${who.attemptId}:revisions`,
          0,
          -1,
        );
        if (
          revisions.some(
            (json) =>
              !(JSON.parse(json) as { certificateNumber?: string })
                .certificateNumber,
          )
        ) {
          return undefined;
        }
      }
      return true;
    }, 60_000);

    const pointer = await archiveAgain(ctx, room.slotId, "reissue");
    expect(pointer).toMatchObject({ state: "archived", version: 3 });
    const now = await verifyNumber(reissued);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ valid: true, kind: "certificate" });
    expect((await verifyNumber(previous)).body).toMatchObject({
      revoked: true,
      replacedBy: reissued,
    });
    const status = await statusPage(a);
    expect(status.body.result.certificateNumber).toBe(reissued);
    expect(status.body.revisions).toHaveLength(1);
    numbers.set(a.bookingId, reissued);
  }, 240_000);

  it("a restore that does not carry a revocation back still reads the document as revoked", async () => {
    const number = numberOf(a);
    expect(
      (
        await manager.post(`/certificates/${number}/revoke`, {
          reason: "Found forged at the desk",
        })
      ).status,
    ).toBe(200);
    // No valid certificate blocks a's program any more.
    expect((await rulesFor(a.iin)).certificate).toBeNull();
    await restoreSlot(ctx, room.slotId);
    expect(await app.redis.hexists(`cert:doc:${number}`, "revokedAt")).toBe(0);
    expect(await verifyNumber(number).then((r) => r.body)).toMatchObject({
      revoked: true,
      revokedReason: "Found forged at the desk",
    });
    expect(await reconcileDocumentStubs(app.redis, room.slotId)).toBe(1);
    expect(await reconcileDocumentStubs(app.redis, room.slotId)).toBe(0);
    expect(await app.redis.hget(`cert:doc:${number}`, "revokedReason")).toBe(
      "Found forged at the desk",
    );
  }, 60_000);
});
