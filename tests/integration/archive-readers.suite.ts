/**
 * Readers of an archived slot (issue 26), run by archive.test.ts (this file
 * is not a test file of its own: vitest collects its suites there).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../server/src/context";
import {
  archiveKeys,
  isArchived,
  readSlotArchive,
} from "../../server/src/archive/store";
import type { StaffPrincipal } from "../../server/src/http/route";
import type { Membership } from "../../server/src/archive/snapshot";
import {
  archiveAgain,
  archiveSlot,
  keptAtDeletion,
  removedAtDeletion,
  restoreSlot,
  slotArchivable,
  slotInventory,
} from "../../server/src/modules/archive";
import type { SlotInventory } from "../../server/src/modules/archive/keys";
import { restoreArchivedSlotsWithItem } from "../../server/src/modules/appeals/archived";
import {
  handOverArchivedDocument,
  reconcileHandoverStubs,
} from "../../server/src/modules/attempts/handover";
import { readAudit } from "../../server/src/modules/audit";
import {
  bookingBlock,
  listIinBookings,
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
  bookingBody,
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
const STUB_BUDGET_BYTES = 1000;
/** The bench's quick room (tests/bench/memory.ts): a slot's own keys are shared by 20. */
const BENCH_ROOM = 20;

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
  /** The slot's keys and index entries just before it was archived. */
  let archivedInventory: SlotInventory;
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

  /**
   * Until no analytics run of the slot is queued for the next minute (one
   * queued for later, the hand-over limit, is not waited for): the stored
   * analytics, and the exports written from them, are final.
   */
  const analyticsSettled = () =>
    eventually(async () => {
      const at = await redisNowMs(app);
      const pending = await ctx.queues.list("analytics.compute", [
        "waiting",
        "active",
        "delayed",
      ]);
      return pending.some(
        (job) =>
          job.payload.slotId === room.slotId &&
          job.payload.requestedAt < at + 60_000,
      )
        ? undefined
        : true;
    }, 20_000);

  it("records what every reader answers while the slot is live", async () => {
    // The exports compared later must be read from the final analytics.
    await analyticsSettled();
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
    // The analytics runs queued before now land first (a run between the
    // file and the deletion would make this version 2).
    await analyticsSettled();
    const inventory = await slotInventory(app.redis, room.slotId);
    archivedInventory = inventory;
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
        ["archived", "codeHash", "slotId", "status"].sort(),
      );
      expect(
        await app.redis.hexists(`iin:${who.iin}:history`, who.bookingId),
      ).toBe(1);
      // The id left the IIN's set for its history (the set is gone).
      expect(await app.redis.exists(`iin:${who.iin}:bookings`)).toBe(0);
      // Small hashes stay listpacks (no value above 64 bytes).
      for (const key of [
        `booking:${who.bookingId}`,
        `iin:${who.iin}:history`,
        `archived:doc:${number}`,
      ]) {
        expect(await app.redis.object("ENCODING", key)).toBe("listpack");
      }
    }
    expect(await app.redis.exists(`slot:${room.slotId}`)).toBe(0);
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
  }, 60_000);

  it("keeps each candidate's stubs within 1 KB of Redis memory", async () => {
    // As tests/bench/memory.ts counts it: Σ MEMORY USAGE of what stays
    // (booking stubs, document stubs, IIN histories; the slot's pointer,
    // versions and summary), plus the slot's share of each shared index
    // it stays in (usage × its entries ÷ all). What is the slot's (not a
    // candidate's) is spread over the bench's quick room of 20, as two
    // candidates here would carry it alone.
    const usage = async (key: string) =>
      Number((await app.redis.memory("USAGE", key, "SAMPLES", 0)) ?? 0);
    const entriesOf = async (key: string) => {
      const type = await app.redis.type(key);
      if (type === "zset") return app.redis.zcard(key);
      if (type === "set") return app.redis.scard(key);
      if (type === "hash") return app.redis.hlen(key);
      return 1;
    };
    const candidates = [a, b];
    const programId = await app.redis.hget(
      archiveKeys.pointer(room.slotId),
      "programId",
    );
    const candidateKeys = new Set([
      ...archivedInventory.keys
        .filter((key) => keptAtDeletion(room.slotId, key))
        .filter((key) => key.startsWith("booking:")),
      ...archivedInventory.keys
        .filter((key) => key.startsWith("cert:doc:"))
        .map((key) => `archived:doc:${key.slice("cert:doc:".length)}`),
      ...candidates.map((who) => `iin:${who.iin}:history`),
    ]);
    const slotKeys = new Set([
      ...archivedInventory.keys
        .filter((key) => keptAtDeletion(room.slotId, key))
        .filter((key) => !candidateKeys.has(key)),
      archiveKeys.pointer(room.slotId),
      archiveKeys.versions(room.slotId),
    ]);
    const memberships: Membership[] = [
      ...archivedInventory.memberships.filter(
        (entry) => !removedAtDeletion(entry),
      ),
      { key: archiveKeys.all, type: "set-member", member: room.slotId },
      {
        key: `archived:program:${programId}:slots`,
        type: "set-member",
        member: room.slotId,
      },
    ];
    // A document's entries are its candidate's; the protocol's the slot's.
    const ofCandidate = (entry: Membership) =>
      entry.key === "cert:number-owners" ||
      (entry.type === "hash-field" &&
        entry.key === "cert:by-sha256" &&
        !entry.value.startsWith("protocol:"));
    const bytesOf = async (keys: Set<string>, entries: Membership[]) => {
      let bytes = 0;
      for (const key of keys) bytes += await usage(key);
      const mine = new Map<string, number>();
      for (const entry of entries) {
        mine.set(entry.key, (mine.get(entry.key) ?? 0) + 1);
      }
      for (const [key, count] of mine) {
        const all = await entriesOf(key);
        if (all > 0) bytes += ((await usage(key)) * count) / all;
      }
      return bytes;
    };
    const candidateBytes = await bytesOf(
      candidateKeys,
      memberships.filter(ofCandidate),
    );
    const slotBytes = await bytesOf(
      slotKeys,
      memberships.filter((entry) => !ofCandidate(entry)),
    );
    expect(candidateBytes).toBeGreaterThan(0);
    const perCandidate = Math.round(
      candidateBytes / candidates.length + slotBytes / BENCH_ROOM,
    );
    console.log(
      `archived: ${Math.round(candidateBytes / candidates.length)} B a candidate + the slot's ${Math.round(slotBytes)} B over ${BENCH_ROOM}: ${perCandidate} B`,
    );
    expect(perCandidate).toBeLessThanOrEqual(STUB_BUDGET_BYTES);
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

  it("lists an archived booking once when an archival cut short left its id in the IIN's set as well", async () => {
    // The crash between the stubs and the index entries' removal.
    await app.redis.sadd(`iin:${a.iin}:bookings`, a.bookingId);
    try {
      const listed = (await listIinBookings(app.redis, a.iin)).filter(
        (booking) => booking.id === a.bookingId,
      );
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        status: "completed",
        programId: ENGINE_LONG,
        slotId: room.slotId,
        resultPassed: true,
        certificateNumber: numberOf(a),
      });
      // Program and start from the slot's pointer, the zone its center's.
      expect(listed[0]?.archived?.startsAt).toBeGreaterThan(0);
      expect(listed[0]?.archived?.timezone).not.toBe("");
      expect(await rulesFor(a.iin)).toEqual(live[`rules:${a.bookingId}`]);
    } finally {
      await app.redis.srem(`iin:${a.iin}:bookings`, a.bookingId);
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

  it("downloads the slot's full record from the archive file, without personal values beside the audit entries, and it verifies", async () => {
    const download = await manager.get(
      `/analytics/slots/${room.slotId}/archive.json`,
    );
    expect(download.status).toBe(200);
    const text = Buffer.isBuffer(download.body)
      ? download.body.toString("utf8")
      : JSON.stringify(download.body);
    const record = JSON.parse(text) as {
      slotId: string;
      audit: { entries: { pii?: string }[]; piiKey?: string };
    };
    expect(record.slotId).toBe(room.slotId);
    expect(record.audit.entries.length).toBeGreaterThan(10);
    expect(record.audit.entries.some((entry) => "pii" in entry)).toBe(false);
    expect(record.audit).not.toHaveProperty("piiKey");
    const file = path.join(work, "archived-slot.json");
    writeFileSync(file, text);
    const verified = await cli("server/src/modules/audit/cli-verify.ts", [
      "--file",
      file,
    ]);
    expect(verified.output).toContain("intact");
    expect(verified.code).toBe(0);
  }, 60_000);

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
    // The re-issue's follow-ups (the candidate's message, the analytics)
    // write to the slot's keys too: archived while one of them still runs,
    // the slot is rightly found changed and kept live.
    await jobsSettled(ctx);

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

  it("a restore carries a revocation made while archived back into the document", async () => {
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
    // The restore reconciles the stubs itself (issue 26, restoreSlotKeys).
    await restoreSlot(ctx, room.slotId);
    expect(await app.redis.hexists(`cert:doc:${number}`, "revokedAt")).toBe(1);
    expect(await verifyNumber(number).then((r) => r.body)).toMatchObject({
      revoked: true,
      revokedReason: "Found forged at the desk",
    });
    expect(await reconcileDocumentStubs(app.redis, room.slotId)).toBe(0);
    expect(await app.redis.hget(`cert:doc:${number}`, "revokedReason")).toBe(
      "Found forged at the desk",
    );
  }, 60_000);

  it("a restore puts the bookings back in their IINs' sets and out of the histories", async () => {
    for (const who of [a, b]) {
      expect(
        await app.redis.sismember(`iin:${who.iin}:bookings`, who.bookingId),
      ).toBe(1);
      expect(
        await app.redis.hexists(`iin:${who.iin}:history`, who.bookingId),
      ).toBe(0);
      const listed = await listIinBookings(app.redis, who.iin);
      expect(listed.map((booking) => booking.id)).toContain(who.bookingId);
      expect(
        listed.find((booking) => booking.id === who.bookingId)?.archived,
      ).toBeUndefined();
    }
  });
});

describe("archived slots keep their center scope, complaints and hand-over (issue 26)", () => {
  let app: TestApp;
  let ctx: AppContext;
  let work: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  /** Took the document home at once. */
  let collected: TestedCandidate;
  /** Never came for it. */
  let absent: TestedCandidate;
  const numbers = new Map<string, string>();
  const numberOf = (who: TestedCandidate) => numbers.get(who.bookingId) ?? "";
  let complaintId = "";
  /** Complaints left open, decided before the slot is archived again. */
  const openComplaints: string[] = [];
  let endedAt = 0;

  /** An administrator serving only `centerId`. */
  const administratorOf = (centerId: string) =>
    signedInStaff(app, "administrator", undefined, {
      kind: "centers",
      centerIds: [centerId],
    });
  const principalOf = (
    account: { id: string; username: string; fullName: string },
    centerId: string,
  ): StaffPrincipal => ({
    kind: "staff",
    accountId: account.id,
    username: account.username,
    fullName: account.fullName,
    role: "administrator",
    scope: { kind: "centers", centerIds: [centerId] },
    sessionId: "test",
  });
  /**
   * Archives the slot once the analytics its last hand-over queued are
   * written (a change between the file and the deletion puts it back).
   */
  const archiveSettled = async () => {
    for (let tries = 0; ; tries++) {
      try {
        return await archiveSlot(ctx, room.slotId);
      } catch (error) {
        if ((error as { id?: string }).id !== "archive_slot_changed") {
          throw error;
        }
        if (tries >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  let archivedVersion = 0;
  const centerEntries = async (action: string, subject?: string) =>
    (await readAudit(app.redis, `center:${room.place.centerId}`)).filter(
      (entry) =>
        entry.action === action &&
        (subject === undefined || entry.subject === subject),
    );

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-archive-scope-"));
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
    const iins = syntheticIins(2, 4500);
    collected = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: "Дана Ерланқызы Мұратова",
    });
    absent = await takeTest(app, room, administrator, {
      iin: iins[1]!,
      fullName: "Бауыржан Серікұлы Әлиев",
    });
    for (const who of [collected, absent]) {
      numbers.set(
        who.bookingId,
        await makeOfficial(app, { administrator, operator }, who.attemptId),
      );
    }
    const handed = await administrator.post(
      `/attempts/${collected.attemptId}/handover`,
      { method: "printed" },
    );
    expect(handed.status).toBe(200);
    const now = await redisNowMs(app);
    endedAt = now - 60_000;
    await app.redis.hset(`slot:${room.slotId}`, "endsAt", endedAt);
    for (const who of [collected, absent]) {
      await app.redis.hset(
        `attempt:${who.attemptId}`,
        "officialAt",
        now - 40 * DAY,
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

  it("holds a slot whose document was issued lately and never handed over", async () => {
    expect(await slotArchivable(ctx, room.slotId)).toEqual({
      ok: false,
      reason: "document_not_handed_over",
    });
  });

  it("archives it ARCHIVE_HANDOVER_DAYS after the issue, the hand-over absent; the pointer keeps the slot's center", async () => {
    const now = await redisNowMs(app);
    const days = ctx.env.ARCHIVE_HANDOVER_DAYS;
    expect(days).toBe(30);
    const document = `cert:doc:${numberOf(absent)}`;
    // One day short: still held.
    await app.redis.hset(
      document,
      "issuedAt",
      new Date(now - (days - 1) * DAY).toISOString(),
    );
    expect(await slotArchivable(ctx, room.slotId)).toMatchObject({
      ok: false,
      reason: "document_not_handed_over",
    });
    await app.redis.hset(
      document,
      "issuedAt",
      new Date(now - (days + 1) * DAY).toISOString(),
    );
    expect(await slotArchivable(ctx, room.slotId)).toEqual({
      ok: true,
      handoverAbsent: [numberOf(absent)],
    });
    expect((await archiveSettled()).state).toBe("archived");
    const file = await readSlotArchive(
      app.redis,
      path.join(ctx.env.DATA_DIR, "archive"),
      room.slotId,
    );
    const recorded = (file?.record.attempts ?? []) as {
      id: string;
      handover: { number: string } | null;
    }[];
    const handoverOf = (who: TestedCandidate) =>
      recorded.find((attempt) => attempt.id === who.attemptId)?.handover;
    expect(handoverOf(absent)).toBeNull();
    expect(handoverOf(collected)?.number).toBe(numberOf(collected));
    expect(await app.redis.exists(`slot:${room.slotId}`)).toBe(0);
    const pointer = await app.redis.hgetall(archiveKeys.pointer(room.slotId));
    archivedVersion = Number(pointer.version);
    expect(pointer).toMatchObject({
      centerId: room.place.centerId,
      programId: ENGINE_LONG,
    });
    expect(Number(pointer.startsAt)).toBeGreaterThan(0);
    expect(Number(pointer.endsAt)).toBe(endedAt);
  }, 60_000);

  it("refuses an administrator of another center on the archived slot's document and booking routes, and lets one of its center through", async () => {
    const own = (await administratorOf(room.place.centerId)).client;
    const other = (await administratorOf("another-center")).client;
    const pdf = (client: ApiClient) =>
      client.get(`/certificates/${numberOf(collected)}/pdf`);
    expect((await pdf(own)).status).toBe(200);
    const refusedPdf = await pdf(other);
    expect(refusedPdf.status).toBe(403);
    expect(refusedPdf.body.error.id).toBe("out_of_scope");

    const book = (client: ApiClient) =>
      client.post(
        "/staff/bookings",
        bookingBody(room.slotId, syntheticIins(1, 4600)[0]!, {
          programId: ENGINE_LONG,
        }),
      );
    const refusedBooking = await book(other);
    expect(refusedBooking.status).toBe(403);
    expect(refusedBooking.body.error.id).toBe("out_of_scope");
    // Its center's administrator passes the scope check; the slot itself
    // is over, so the booking is refused for that.
    const ownBooking = await book(own);
    expect(ownBooking.status).not.toBe(403);
    expect(ownBooking.status).toBeGreaterThanOrEqual(400);

    const slot = (client: ApiClient) =>
      client.get(`/slots/${room.slotId}/roster`);
    expect((await slot(other)).status).toBe(403);
    expect((await slot(own)).status).not.toBe(403);
  });

  it("denies every center's staff when an older pointer does not name the center", async () => {
    const key = archiveKeys.pointer(room.slotId);
    const centerId = await app.redis.hget(key, "centerId");
    await app.redis.hdel(key, "centerId");
    try {
      const own = (await administratorOf(room.place.centerId)).client;
      const refused = await own.get(`/slots/${room.slotId}/roster`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.id).toBe("out_of_scope");
      // The status page's complaint still finds the center in the file.
      const filed = await new ApiClient(app.url).post(
        `/bookings/${absent.bookingId}/complaints`,
        {
          category: "staff_conduct",
          text: "Nobody told me where to collect my document.",
        },
        codeHeader(absent.code, freshIp()),
      );
      expect(filed.status).toBe(201);
      openComplaints.push(filed.body.id as string);
    } finally {
      await app.redis.hset(key, "centerId", centerId ?? "");
    }
  });

  it("files a candidate's complaint about an archived booking, audited in the center's stream, and a reviewer decides it", async () => {
    const filed = await new ApiClient(app.url).post(
      `/bookings/${collected.bookingId}/complaints`,
      {
        category: "technical",
        text: "The kiosk froze twice during my test.",
      },
      codeHeader(collected.code, freshIp()),
    );
    expect(filed.status).toBe(201);
    complaintId = filed.body.id as string;
    expect(filed.body).toMatchObject({ state: "open", category: "technical" });
    const stored = await app.redis.hgetall(`complaint:${complaintId}`);
    expect(stored).toMatchObject({
      slotId: room.slotId,
      bookingId: collected.bookingId,
      centerId: room.place.centerId,
      fullName: collected.fullName,
      iin: collected.iin,
      auditScope: `center:${room.place.centerId}`,
    });
    expect(
      await centerEntries("complaint.filed", `complaint:${complaintId}`),
    ).toHaveLength(1);
    // The slot stays archived, and no second chain grows for it.
    expect(await isArchived(app.redis, room.slotId)).toBe(true);
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
    // The status page lists it.
    const status = await new ApiClient(app.url).get(
      `/bookings/${collected.bookingId}`,
      codeHeader(collected.code, freshIp()),
    );
    expect(status.status).toBe(200);

    const decided = await reviewer.post(`/complaints/${complaintId}/decision`, {
      outcome: "rejected",
      reason: "The kiosk's log shows no freeze.",
    });
    expect(decided.status).toBe(200);
    expect(
      decided.body.timeline.map((e: { action: string }) => e.action),
    ).toEqual(["complaint.filed", "complaint.decided"]);
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
  });

  it("writes a desk complaint about an archived booking for the booking's center only, with the candidate's name from the file", async () => {
    const body = {
      category: "staff_conduct",
      text: "The candidate says the desk was rude to them.",
      bookingId: absent.bookingId,
    };
    const other = (await administratorOf("another-center")).client;
    const refused = await other.post("/complaints", body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("out_of_scope");
    const own = (await administratorOf(room.place.centerId)).client;
    const filed = await own.post("/complaints", body);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      fullName: absent.fullName,
      slotId: room.slotId,
      centerId: room.place.centerId,
    });
    expect(
      await centerEntries("complaint.filed", `complaint:${filed.body.id}`),
    ).toHaveLength(1);
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
    openComplaints.push(filed.body.id as string);
  });

  it("records a late hand-over on the archived document once, audited in the center's stream, for its center's staff only", async () => {
    const number = numberOf(absent);
    const own = await administratorOf(room.place.centerId);
    const other = await administratorOf("another-center");
    // Over HTTP, as the desk sends it: another center's administrator is
    // refused before anything is read.
    const refused = await other.client.post(`/documents/${number}/handover`, {
      method: "printed",
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("out_of_scope");
    const accepted = await own.client.post(`/documents/${number}/handover`, {
      method: "printed",
    });
    expect(accepted.status).toBe(200);
    const first = accepted.body as Awaited<
      ReturnType<typeof handOverArchivedDocument>
    >;
    expect(first).toMatchObject({
      number,
      method: "printed",
      by: { id: own.account.id },
    });
    const again = await handOverArchivedDocument(
      ctx,
      principalOf(own.account, room.place.centerId),
      number,
      "electronic",
    );
    expect(again).toEqual(first);
    const entries = await centerEntries(
      "document.handed_over",
      `attempt:${absent.attemptId}`,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({
      number,
      method: "printed",
      slotId: room.slotId,
      archived: true,
    });
    expect(await app.redis.exists(`audit:slot:${room.slotId}`)).toBe(0);
    // A document that does not exist is a 404.
    const unknown = await own.client.post(
      "/documents/CT-0000-000000/handover",
      {
        method: "printed",
      },
    );
    expect(unknown.status).toBe(404);
  });

  it("a restored slot's attempt takes over the late hand-over: the desk's request answers it, nothing recorded twice, and the next version holds it", async () => {
    const number = numberOf(absent);
    const late = await app.redis.hgetall(`archived:handover:${number}`);
    await restoreSlot(ctx, room.slotId);
    const answered = await administrator.post(
      `/attempts/${absent.attemptId}/handover`,
      { method: "electronic" },
    );
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      number,
      method: "printed",
      at: Number(late.at),
    });
    expect(await reconcileHandoverStubs(app.redis, [absent.attemptId])).toBe(0);
    const slotEntries = (await readAudit(app.redis, `slot:${room.slotId}`))
      .filter((entry) => entry.action === "document.handed_over")
      .map((entry) => entry.subject);
    expect(slotEntries).toEqual([`attempt:${collected.attemptId}`]);
    // Open complaints about its bookings keep the slot until decided;
    // decided in the center's stream they were filed in.
    expect(await slotArchivable(ctx, room.slotId)).toEqual({
      ok: false,
      reason: "complaint_open",
    });
    for (const id of openComplaints) {
      const decided = await reviewer.post(`/complaints/${id}/decision`, {
        outcome: "upheld",
        reason: "Apologies were made to the candidate.",
      });
      expect(decided.status).toBe(200);
      expect(
        await centerEntries("complaint.decided", `complaint:${id}`),
      ).toHaveLength(1);
    }
    expect(await slotArchivable(ctx, room.slotId)).toEqual({ ok: true });
    const pointer = await archiveAgain(ctx, room.slotId, "archived");
    expect(pointer).toMatchObject({
      state: "archived",
      version: archivedVersion + 1,
    });
    const file = await readSlotArchive(
      app.redis,
      path.join(ctx.env.DATA_DIR, "archive"),
      room.slotId,
    );
    const recorded = (file?.record.attempts ?? []) as {
      id: string;
      handover: { number: string; at: number } | null;
    }[];
    expect(
      recorded.find((attempt) => attempt.id === absent.attemptId)?.handover,
    ).toMatchObject({ number, at: Number(late.at) });
  }, 60_000);
});

/** Until no job waits or runs, seen twice in a row (a job may queue the next). */
async function jobsSettled(ctx: AppContext): Promise<void> {
  let quiet = 0;
  await eventually(async () => {
    const busy = Object.values(await ctx.queues.counts()).some(
      (count) => (count.waiting ?? 0) + (count.active ?? 0) > 0,
    );
    quiet = busy ? 0 : quiet + 1;
    return quiet >= 2 ? true : undefined;
  }, 60_000);
}
