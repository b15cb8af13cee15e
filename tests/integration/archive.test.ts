import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../server/src/context";
import {
  archiveDir,
  archiveKeys,
  beginArchiveVersion,
  getArchivePointer,
  listArchiveVersions,
  notePendingFile,
  writeArchiveFile,
  type SlotArchiveFile,
} from "../../server/src/archive/store";
import {
  dumpKeys,
  type KeyDump,
  type Membership,
} from "../../server/src/archive/snapshot";
import {
  buildArchiveFile,
  archiveAgain,
  archivePurger,
  deleteArchivedKeysStep,
  archiveSlot,
  restoreSlot,
  runArchiveSlotJob,
  runArchiveSweep,
  slotArchivable,
  slotInventory,
  verifyArchives,
  writeArchiveStep,
} from "../../server/src/modules/archive";
import { checkpointFilePath } from "../../server/src/modules/audit";
import { purgePersonalData } from "../../server/src/modules/retention/service";
import {
  restoreForPurge,
  retentionArchiveKeys,
} from "../../server/src/modules/retention/archived";
import { maskIin } from "@shared/iin";
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
// What an archived slot still answers (verification, status page, booking
// rules, desk, audit:verify, exports, a late appeal's re-issue, scope,
// complaints, hand-over): its own file for size, run as part of this one.
import "./archive-readers.suite";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const DAY = 24 * 3600_000;

const sha256 = (bytes: Buffer) =>
  createHash("sha256").update(bytes).digest("hex");

/** Dumps without the time left to live, which moves between two reads. */
const withoutTtl = (dumps: KeyDump[]) =>
  dumps.map(({ pttl: _pttl, ...dump }) => dump);

describe("archiving a finished slot (issue 26)", () => {
  let app: TestApp;
  let ctx: AppContext;
  let work: string;
  let dir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let reviewer: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let a: TestedCandidate;
  let b: TestedCandidate;
  /** Booked, never came. */
  let absent: { id: string; code: string };
  let appealId: string;
  let complaintId: string;
  /** Document numbers of a and b (read from the archive file). */
  const numbers: { a?: string; b?: string } = {};

  /** What the slot had in Redis before archival, for the restore's check. */
  let before: { keys: KeyDump[]; memberships: Membership[]; bytes: number };

  const reason = async () => {
    const verdict = await slotArchivable(ctx, room.slotId);
    return verdict.ok ? "ok" : verdict.reason;
  };
  const publicClient = () => new ApiClient(app.url);
  const statusPage = (who: { bookingId: string; code: string }) =>
    publicClient().get(
      `/bookings/${who.bookingId}`,
      codeHeader(who.code, freshIp()),
    );
  const memoryOf = async (keys: string[]) => {
    let total = 0;
    for (const key of keys) {
      total += Number((await app.redis.memory("USAGE", key)) ?? 0);
    }
    return total;
  };
  /** Runs an operator command the way `npm run` does. */
  const cli = async (script: string, args: string[]) => {
    try {
      const { stdout } = await run("npx", ["tsx", script, ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: ctx.env.DATA_DIR,
          BANKS_DIR: ctx.env.BANKS_DIR,
          CERT_OUTPUT_DIR: ctx.env.CERT_OUTPUT_DIR,
          REDIS_URL: app.redisUrl,
        },
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, output: failed.stdout };
    }
  };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-archive-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_DELAY_MS: "200",
      ARCHIVE_DELETE_CHUNK: "7",
    });
    ctx = app.synaq.ctx;
    dir = archiveDir(ctx.env);
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    room = await examRoom(app, { manager, operator }, 3);
    const iins = syntheticIins(3, 2600);
    a = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    b = await takeTest(app, room, administrator, {
      iin: iins[1]!,
      fullName: "Иван Петрович Сидоров",
    });
    const booked = await publicClient().post(
      "/bookings",
      bookingBody(room.slotId, iins[2]!, {
        programId: ENGINE_LONG,
        fullName: "Сәуле Маратқызы Омарова",
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    absent = { id: booked.body.id, code: booked.body.code };
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe("slotArchivable: archived only when every condition holds", () => {
    it("not before the slot has ended", async () => {
      expect(await reason()).toBe("slot_not_ended");
      await expect(archiveSlot(ctx, room.slotId)).rejects.toMatchObject({
        id: "slot_not_archivable",
      });
      expect(await getArchivePointer(app.redis, room.slotId)).toBeNull();
      // The slot ends (its times moved back: Redis time cannot be moved).
      const now = await redisNowMs(app);
      await app.redis.hset(`slot:${room.slotId}`, {
        startsAt: now - 3 * 3600_000,
        endsAt: now - 60_000,
      });
      await app.redis.zadd("slots:by-start", now - 3 * 3600_000, room.slotId);
    });

    it("not while a booking is still booked (the no-show sweep has not run)", async () => {
      expect(await reason()).toBe("booking_not_settled");
      // What the `slot.no-show` job writes at the late cutoff.
      await app.redis.hset(`booking:${absent.id}`, "status", "no_show");
    });

    it("not while an attempt is not official (awaiting sign-off)", async () => {
      expect(await reason()).toBe("attempt_not_official");
      for (const who of [a, b]) {
        await makeOfficial(app, { administrator, operator }, who.attemptId);
      }
    }, 60_000);

    it("not while a document is not issued", async () => {
      const number = await app.redis.hget(
        `attempt:${a.attemptId}`,
        "certificateNumber",
      );
      await app.redis.hdel(`attempt:${a.attemptId}`, "certificateNumber");
      expect(await reason()).toBe("document_not_issued");
      await app.redis.hset(
        `attempt:${a.attemptId}`,
        "certificateNumber",
        number ?? "",
      );
    });

    it("not before every document is handed over", async () => {
      expect(await reason()).toBe("document_not_handed_over");
      const handed = await administrator.post(
        `/attempts/${a.attemptId}/handover`,
        { method: "printed" },
      );
      expect(handed.status).toBe(200);
      expect(await reason()).toBe("document_not_handed_over");
      expect(
        (
          await administrator.post(`/attempts/${b.attemptId}/handover`, {
            method: "electronic",
          })
        ).status,
      ).toBe(200);
    });

    it("not while the appeal window (+ ARCHIVE_AFTER_DAYS) is open", async () => {
      expect(await reason()).toBe("appeal_window_open");
      // An appeal filed in the window, still open when the window closes.
      const filed = await publicClient().post(
        `/bookings/${a.bookingId}/appeals`,
        { grounds: "technical_failure", text: "The kiosk froze once." },
        codeHeader(a.code, freshIp()),
      );
      expect(filed.status).toBe(201);
      appealId = filed.body.id;
      // The results became official a month ago.
      const now = await redisNowMs(app);
      for (const who of [a, b]) {
        await app.redis.hset(
          `attempt:${who.attemptId}`,
          "officialAt",
          now - 30 * DAY,
        );
      }
    });

    it("not while an appeal is open", async () => {
      expect(await reason()).toBe("appeal_open");
      expect((await reviewer.post(`/appeals/${appealId}/review`)).status).toBe(
        200,
      );
      expect(await reason()).toBe("appeal_open");
      const decided = await reviewer.post(`/appeals/${appealId}/decision`, {
        decision: "rejected",
        reason: "The log shows no interruption.",
      });
      expect(decided.status).toBe(200);
    });

    it("not while a complaint about the slot or its bookings is open", async () => {
      const filed = await publicClient().post(
        `/bookings/${b.bookingId}/complaints`,
        { category: "technical", text: "The screen was too bright." },
        codeHeader(b.code, freshIp()),
      );
      expect(filed.status).toBe(201);
      complaintId = filed.body.id;
      expect(await reason()).toBe("complaint_open");
      const decided = await reviewer.post(
        `/complaints/${complaintId}/decision`,
        { outcome: "rejected", reason: "Brightness is set per kiosk." },
      );
      expect(decided.status).toBe(200);
    });

    it("not while a message to a candidate is still queued", async () => {
      // A reminder stuck in delivery (as message-queue.lua leaves it).
      const now = await redisNowMs(app);
      await app.redis.hset("message:archive-test-m1", {
        id: "archive-test-m1",
        bookingId: b.bookingId,
        slotId: room.slotId,
        centerId: room.place.centerId,
        kind: "reminder",
        channel: "outbox",
        state: "queued",
        queuedAt: now,
      });
      await app.redis.rpush(
        `booking:${b.bookingId}:messages`,
        "archive-test-m1",
      );
      await app.redis.zadd("outbox:messages", now, "archive-test-m1");
      await app.redis.zadd(
        `outbox:center:${room.place.centerId}`,
        now,
        "archive-test-m1",
      );
      expect(await reason()).toBe("message_queued");
      await app.redis.hset("message:archive-test-m1", "state", "sent");
    });

    it("is archivable once everything holds", async () => {
      expect(await reason()).toBe("ok");
    });
  });

  describe("archival, a crash half-way, and what is left", () => {
    it("a crash between writing the file and deleting the keys leaves both; the next run finishes once", async () => {
      // The analytics runs the hand-overs asked for land first (the one
      // at the hand-over limit, 20 minutes on, is not waited for).
      await eventually(async () => {
        const now = await redisNowMs(app);
        const pending = await ctx.queues.list("analytics.compute", [
          "waiting",
          "active",
          "delayed",
        ]);
        return pending.some(
          (job) =>
            job.payload.slotId === room.slotId &&
            job.payload.requestedAt < now + 60_000,
        )
          ? undefined
          : true;
      }, 20_000);
      const inventory = await slotInventory(app.redis, room.slotId);
      before = {
        keys: await dumpKeys(app.redis, inventory.keys),
        memberships: inventory.memberships,
        bytes: await memoryOf(inventory.keys),
      };
      expect(before.keys.length).toBeGreaterThan(20);
      expect(before.memberships.map((entry) => entry.key).sort()).toEqual(
        expect.arrayContaining([
          "slots:by-start",
          `iin:${a.iin}:bookings`,
          "cert:by-sha256",
          "cert:number-owners",
          "appeals:all",
          "outbox:messages",
        ]),
      );

      // Crash 1: the file written and renamed, its hash noted, the
      // process dies before recording it as the slot's version.
      const progress = await beginArchiveVersion(
        app.redis,
        room.slotId,
        "archived",
      );
      expect(progress.pending?.version).toBe(1);
      const record = await buildArchiveFile(ctx, room.slotId, 1, "archived");
      const orphan = await writeArchiveFile(dir, record, {
        beforeRename: (version) =>
          notePendingFile(app.redis, room.slotId, version),
      });
      expect(existsSync(path.join(dir, orphan.file))).toBe(true);

      // Crash 2: the next run takes that very file (no second one), records
      // it, and dies before deleting anything.
      const written = await writeArchiveStep(ctx, room.slotId, "archived");
      expect(written).toMatchObject({
        state: "deleting",
        version: 1,
        sha256: orphan.sha256,
      });
      for (const dump of before.keys) {
        expect(await app.redis.exists(dump.key), dump.key).toBe(1);
      }

      // The job runs again and finishes: one version, every key deleted.
      await runArchiveSlotJob(ctx, { slotId: room.slotId, version: 1 });
      const pointer = await getArchivePointer(app.redis, room.slotId);
      expect(pointer).toMatchObject({ state: "archived", version: 1 });
      expect(await listArchiveVersions(app.redis, room.slotId)).toHaveLength(1);
      expect(readdirSync(path.join(dir, room.slotId))).toEqual(["v1.json.gz"]);
      expect(await app.redis.sismember(archiveKeys.all, room.slotId)).toBe(1);
      // Running it once more changes nothing.
      await runArchiveSlotJob(ctx, { slotId: room.slotId, version: 1 });
      expect(await listArchiveVersions(app.redis, room.slotId)).toHaveLength(1);
    }, 60_000);

    it("wrote one gzip JSON file whose SHA-256 is the recorded one", async () => {
      const pointer = await getArchivePointer(app.redis, room.slotId);
      const bytes = readFileSync(path.join(dir, pointer!.file));
      expect(sha256(bytes)).toBe(pointer!.sha256);
      expect(bytes.length).toBe(pointer!.bytes);
      const file = JSON.parse(
        gunzipSync(bytes).toString("utf8"),
      ) as SlotArchiveFile;
      expect(file).toMatchObject({ version: 1, slotId: room.slotId });
      expect(withoutTtl(file.keys)).toEqual(withoutTtl(before.keys));
      // The readable record: the export plus documents, results, appeals.
      expect(file.record).toMatchObject({
        format: "synaq-slot-archive",
        slotId: room.slotId,
      });
      expect(file.record.documents).toHaveLength(2);
      expect(Object.keys(file.record.officialResults as object).sort()).toEqual(
        [a.attemptId, b.attemptId].sort(),
      );
      expect(file.record.appeals).toEqual([
        expect.objectContaining({ id: appealId, status: "decided" }),
      ]);
      expect(
        (file.record.audit as { entries: unknown[] }).entries.length,
      ).toBeGreaterThan(20);
      expect(file.memberships).toEqual(before.memberships);
    });

    it("deleted the slot's keys, leaving only the stubs, and freed its memory", async () => {
      const left: string[] = [];
      for (const dump of before.keys) {
        if (await app.redis.exists(dump.key)) left.push(dump.key);
      }
      // The booking hashes are the stubs (booking/archived.ts shrinks them);
      // the slot's small analytics summary stays for period reports
      // (changed: it was deleted, and the program's report lost the slot).
      const summary = `analytics:slot:${room.slotId}:summary`;
      expect(before.keys.map((dump) => dump.key)).toContain(summary);
      expect(left.sort()).toEqual(
        [
          ...[a.bookingId, b.bookingId, absent.id].map((id) => `booking:${id}`),
          summary,
        ].sort(),
      );
      // The program's period report still counts the archived slot.
      const report = await manager.get(`/analytics/programs/${ENGINE_LONG}`);
      expect(report.status).toBe(200);
      expect(
        (report.body as { slots: { slotId: string; candidates: number }[] })
          .slots,
      ).toContainEqual(
        expect.objectContaining({ slotId: room.slotId, candidates: 2 }),
      );
      // No other key names the slot, its bookings or its attempts, but
      // the archive's own, BullMQ's finished jobs (removed after a day)
      // and the complaint register's list (complaints stay live).
      const ids = [
        room.slotId,
        a.bookingId,
        b.bookingId,
        absent.id,
        a.attemptId,
        b.attemptId,
      ];
      const naming: string[] = [];
      let cursor = "0";
      do {
        const [next, keys] = await app.redis.scan(cursor, "COUNT", 1000);
        cursor = next;
        naming.push(
          ...keys.filter(
            (key) =>
              ids.some((id) => key.includes(id)) &&
              !key.startsWith("bull:") &&
              key !== `booking:${b.bookingId}:complaints`,
          ),
        );
      } while (cursor !== "0");
      expect(naming.sort()).toEqual(
        [
          ...left,
          ...Object.values(archiveKeys).flatMap((key) =>
            typeof key === "function" ? [key(room.slotId)] : [],
          ),
        ]
          .filter((key) => !key.endsWith(":lock"))
          .sort(),
      );
      // Live-only index entries are gone; the ones stubs need are kept.
      expect(await app.redis.zscore("slots:by-start", room.slotId)).toBeNull();
      expect(await app.redis.zscore("appeals:all", appealId)).toBeNull();
      expect(
        await app.redis.zscore("outbox:messages", "archive-test-m1"),
      ).toBeNull();
      // Changed: the IIN's booking id moves from its set to its history
      // (the stubs' 1 KB budget); a restore puts it back in the set.
      expect(
        await app.redis.sismember(`iin:${a.iin}:bookings`, a.bookingId),
      ).toBe(0);
      expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
        1,
      );
      const numberOwners = before.memberships.filter(
        (entry) => entry.key === "cert:number-owners",
      );
      expect(numberOwners.length).toBeGreaterThanOrEqual(2);
      for (const entry of numberOwners) {
        if (entry.type !== "hash-field") continue;
        expect(await app.redis.hexists(entry.key, entry.field)).toBe(1);
      }
      // What stays: the booking stubs, each document's stub, each IIN's history.
      const stubKeys = [
        ...left,
        ...(await app.redis.keys("archived:doc:*")),
        ...(await app.redis.keys("iin:*:history")),
      ];
      const after = await memoryOf(stubKeys);
      const pointer = await getArchivePointer(app.redis, room.slotId);
      console.log(
        `archive: file v1 ${pointer?.bytes} B gzip; slot keys ${before.keys.length} (${before.bytes} B in Redis) → stubs ${stubKeys.length} (${after} B); ` +
          `per candidate ${Math.round(before.bytes / 3)} B → ${Math.round(after / 3)} B`,
      );
      expect(after).toBeLessThan(before.bytes / 10);
      expect(await reason()).toBe("already_archived");
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toMatch(/^synaq_archived_slots 1$/m);
      expect(metrics).toMatch(/^synaq_redis_used_memory_bytes [1-9]\d+$/m);
    });
  });

  describe("npm run archive:verify", () => {
    it("passes on the archive and fails on a tampered file", async () => {
      const verdicts = await verifyArchives(app.redis, {
        dir,
        dataDir: ctx.env.DATA_DIR,
      });
      expect(verdicts).toEqual([
        expect.objectContaining({ slotId: room.slotId, version: 1, ok: true }),
      ]);
      // A host without the web processes' checkpoint file still verifies
      // the shared archive: the file carries its signed checkpoints.
      const checkpoints = checkpointFilePath(ctx.env.DATA_DIR);
      renameSync(checkpoints, `${checkpoints}.away`);
      try {
        expect(
          await verifyArchives(app.redis, { dir, dataDir: ctx.env.DATA_DIR }),
        ).toEqual([expect.objectContaining({ version: 1, ok: true })]);
      } finally {
        renameSync(`${checkpoints}.away`, checkpoints);
      }
      const passed = await cli("server/src/modules/archive/cli-verify.ts", []);
      expect(passed.output).toContain("1 of 1 archive versions intact");
      expect(passed.code).toBe(0);

      const pointer = await getArchivePointer(app.redis, room.slotId);
      const file = path.join(dir, pointer!.file);
      const original = readFileSync(file);
      const tampered = Buffer.from(original);
      const at = tampered.length - 9;
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      writeFileSync(file, tampered);
      try {
        const failed = await cli(
          "server/src/modules/archive/cli-verify.ts",
          [],
        );
        expect(failed.code).toBe(1);
        expect(failed.output).toMatch(/FAILED slot .* v1 .*SHA-256/);
      } finally {
        writeFileSync(file, original);
      }
    }, 60_000);
  });

  describe("restore and archiving again", () => {
    it("npm run archive:restore brings back every key byte for byte, and the slot's pages work", async () => {
      const restored = await cli("server/src/modules/archive/cli-restore.ts", [
        "--slot",
        room.slotId,
      ]);
      expect(restored.output).toContain("restored");
      expect(restored.code).toBe(0);
      const after = await dumpKeys(
        app.redis,
        before.keys.map((dump) => dump.key),
      );
      expect(withoutTtl(after)).toEqual(withoutTtl(before.keys));
      const inventory = await slotInventory(app.redis, room.slotId);
      expect(inventory.memberships).toEqual(before.memberships);
      expect(await getArchivePointer(app.redis, room.slotId)).toMatchObject({
        state: "restored",
      });
      expect(await app.redis.sismember(archiveKeys.all, room.slotId)).toBe(0);

      expect((await manager.get(`/slots/${room.slotId}`)).status).toBe(200);
      expect((await administrator.get(`/attempts/${a.attemptId}`)).status).toBe(
        200,
      );
      const page = await statusPage(a);
      expect(page.status).toBe(200);
      expect(page.body.status).toBe("completed");
    }, 60_000);

    it("archiveAgain writes v2 and moves the pointer; v1 stays unchanged", async () => {
      const [v1] = await listArchiveVersions(app.redis, room.slotId);
      const v1Bytes = readFileSync(path.join(dir, v1!.file));
      await expect(
        archiveAgain(ctx, room.slotId, "reissue"),
      ).resolves.toMatchObject({
        version: 2,
        state: "archived",
        reason: "reissue",
      });
      const versions = await listArchiveVersions(app.redis, room.slotId);
      expect(
        versions.map((version) => [version.version, version.reason]),
      ).toEqual([
        [1, "archived"],
        [2, "reissue"],
      ]);
      expect(readFileSync(path.join(dir, v1!.file)).equals(v1Bytes)).toBe(true);
      expect(sha256(v1Bytes)).toBe(v1!.sha256);
      expect(readdirSync(path.join(dir, room.slotId)).sort()).toEqual([
        "v1.json.gz",
        "v2.json.gz",
      ]);
      const verdicts = await verifyArchives(app.redis, {
        dir,
        dataDir: ctx.env.DATA_DIR,
      });
      expect(verdicts.map((verdict) => [verdict.version, verdict.ok])).toEqual([
        [1, true],
        [2, true],
      ]);
      // Restoring now brings back the keys as v2 recorded them.
      await restoreSlot(ctx, room.slotId);
      expect((await manager.get(`/slots/${room.slotId}`)).status).toBe(200);
    }, 60_000);

    it("a change made after the file was written is never lost: the keys stay for a new version", async () => {
      await expect(
        writeArchiveStep(ctx, room.slotId, "archived"),
      ).resolves.toMatchObject({ state: "deleting", version: 3 });
      // The candidate's phone changes at the desk meanwhile.
      await app.redis.hset(`booking:${a.bookingId}`, "phone", "+77010000026");
      await expect(
        deleteArchivedKeysStep(ctx, room.slotId),
      ).rejects.toMatchObject({ id: "archive_slot_changed" });
      expect(await getArchivePointer(app.redis, room.slotId)).toMatchObject({
        state: "restored",
        version: 3,
      });
      expect(await app.redis.exists(`attempt:${a.attemptId}`)).toBe(1);
      expect(await app.redis.hget(`booking:${a.bookingId}`, "phone")).toBe(
        "+77010000026",
      );
    });

    it("the hourly sweep queues a closed slot and the worker archives it", async () => {
      expect(await reason()).toBe("ok");
      await runArchiveSweep(ctx, { requestedAt: 0 });
      const archived = await eventually(async () => {
        const pointer = await getArchivePointer(app.redis, room.slotId);
        return pointer?.state === "archived" ? pointer : undefined;
      }, 20_000);
      expect(archived).toMatchObject({ version: 4, reason: "archived" });
      expect(await app.redis.exists(`attempt:${a.attemptId}`)).toBe(0);
      const file = JSON.parse(
        gunzipSync(readFileSync(path.join(dir, archived.file))).toString(),
      ) as SlotArchiveFile;
      expect(
        file.keys.find((dump) => dump.key === `booking:${a.bookingId}`),
      ).toMatchObject({ value: { phone: "+77010000026" } });
      const verdicts = await verifyArchives(app.redis, {
        dir,
        dataDir: ctx.env.DATA_DIR,
      });
      expect(verdicts.map((verdict) => [verdict.version, verdict.ok])).toEqual([
        [1, true],
        [2, true],
        [3, true],
        [4, true],
      ]);
    }, 30_000);
  });
  describe("restore reconciles the stubs with the live keys", () => {
    it("a revocation made while archived goes back into its document; restored bookings leave the IIN history", async () => {
      const archived = await getArchivePointer(app.redis, room.slotId);
      expect(archived?.state).toBe("archived");
      const file = JSON.parse(
        gunzipSync(readFileSync(path.join(dir, archived!.file))).toString(),
      ) as SlotArchiveFile;
      const numberOf = (attemptId: string) =>
        (file.record.documents as { attemptId: string; number: string }[]).find(
          (document) => document.attemptId === attemptId,
        )!.number;
      numbers.a = numberOf(a.attemptId);
      numbers.b = numberOf(b.attemptId);
      // Revoked while archived: only the document's stub knows.
      const revoked = await manager.post(`/certificates/${numbers.a}/revoke`, {
        reason: "Issued to the wrong person",
      });
      expect(revoked.status).toBe(200);
      expect(
        await app.redis.hexists(`cert:doc:${numbers.a}`, "revokedAt"),
      ).toBe(0);
      expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
        1,
      );

      const restored = await cli("server/src/modules/archive/cli-restore.ts", [
        "--slot",
        room.slotId,
      ]);
      expect(restored.code).toBe(0);
      // The live document carries the stub's revocation; the booking is
      // whole again and its history entry gone (the live hash answers).
      expect(
        await app.redis.hget(`cert:doc:${numbers.a}`, "revokedReason"),
      ).toBe("Issued to the wrong person");
      expect(await app.redis.hget(`booking:${a.bookingId}`, "archived")).toBe(
        null,
      );
      expect(await app.redis.hget(`booking:${a.bookingId}`, "iin")).toBe(a.iin);
      expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
        0,
      );
      expect(await app.redis.hexists(`iin:${b.iin}:history`, b.bookingId)).toBe(
        0,
      );
      const verified = await publicClient().get(
        `/certificates/${numbers.a}`,
        freshIp(),
      );
      expect(verified.body).toMatchObject({ revoked: true, valid: false });

      // Archived again: the stubs are written anew from the live keys.
      await expect(
        archiveAgain(ctx, room.slotId, "reissue"),
      ).resolves.toMatchObject({ version: 5, state: "archived" });
      expect(
        await app.redis.hget(`archived:doc:${numbers.a}`, "revokedReason"),
      ).toBe("Issued to the wrong person");
      expect(await app.redis.hexists(`iin:${a.iin}:history`, a.bookingId)).toBe(
        1,
      );
    }, 60_000);
  });

  describe("the purge writes an anonymized version whose chain still verifies", () => {
    const absentIin = syntheticIins(3, 2600)[2]!;
    const names = [
      "Әлия Бекқызы Жақсылықова",
      "Иван Петрович Сидоров",
      "Сәуле Маратқызы Омарова",
    ];
    let before: string;
    const purge = (dryRun: boolean) =>
      purgePersonalData(app.redis, {
        before,
        dryRun,
        outputDir: ctx.env.CERT_OUTPUT_DIR,
        actor: "system:retention",
        archive: archivePurger(ctx),
      });
    const files = () => readdirSync(path.join(dir, room.slotId)).sort();

    it("a dry run reports the archived slot and writes nothing", async () => {
      before = new Date((await redisNowMs(app)) + DAY)
        .toISOString()
        .slice(0, 10);
      const versions = await listArchiveVersions(app.redis, room.slotId);
      const pointer = await getArchivePointer(app.redis, room.slotId);
      const onDisk = files();
      const report = await purge(true);
      expect(report.archivedSlots).toEqual([room.slotId]);
      expect(report.bookings).toEqual(
        expect.arrayContaining([a.bookingId, b.bookingId, absent.id]),
      );
      expect(report.documents).toEqual(
        expect.arrayContaining([numbers.a, numbers.b]),
      );
      expect(await listArchiveVersions(app.redis, room.slotId)).toEqual(
        versions,
      );
      expect(await getArchivePointer(app.redis, room.slotId)).toEqual(pointer);
      expect(files()).toEqual(onDisk);
      expect(await app.redis.exists(`attempt:${a.attemptId}`)).toBe(0);
      expect(await app.redis.exists(retentionArchiveKeys.purging)).toBe(0);
      expect(await app.redis.get(`audit:slot:${room.slotId}:pii-key`)).toBe(
        null,
      );
    }, 60_000);

    it("a damaged file leaves its slot for a later run, and npm run data:purge reports it and fails", async () => {
      const pointer = await getArchivePointer(app.redis, room.slotId);
      const file = path.join(dir, pointer!.file);
      const original = readFileSync(file);
      writeFileSync(file, Buffer.from("not a gzip file"));
      try {
        // The CLI (what cron runs; its own process reads the file afresh).
        const failed = await cli("server/src/modules/retention/cli-purge.ts", [
          "--before",
          before,
          "--dry-run",
          "--json",
        ]);
        expect(failed.code).toBe(1);
        const report = JSON.parse(failed.output) as Awaited<
          ReturnType<typeof purge>
        >;
        expect(report.archivedSlots).toEqual([]);
        expect(report.bookings).not.toContain(a.bookingId);
        expect(report.skipped).toContainEqual({
          slotId: room.slotId,
          reason: "archive_unreadable",
          error: expect.any(String),
        });
      } finally {
        writeFileSync(file, original);
      }
      expect(await getArchivePointer(app.redis, room.slotId)).toEqual(pointer);
    }, 60_000);

    it("restores, anonymizes and archives again as a purge version, deleting the earlier files", async () => {
      const report = await purge(false);
      expect(report.archivedSlots).toEqual([room.slotId]);
      expect(report.bookings).toEqual(
        expect.arrayContaining([a.bookingId, b.bookingId]),
      );
      expect(report.skipped).toEqual([]);
      const pointer = await getArchivePointer(app.redis, room.slotId);
      expect(pointer).toMatchObject({
        state: "archived",
        version: 6,
        reason: "purge",
      });
      expect(files()).toEqual(["v6.json.gz"]);
      const versions = await listArchiveVersions(app.redis, room.slotId);
      expect(versions.map((version) => version.version)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      expect(versions.slice(0, 5).every((v) => v.deletedAt !== undefined)).toBe(
        true,
      );
      expect(versions[5]!.deletedAt).toBeUndefined();
      console.log(
        `purge: v5 ${versions[4]!.bytes} B gzip (personal) → v6 ${versions[5]!.bytes} B (anonymized); earlier files deleted: 5`,
      );
      expect(await app.redis.exists(retentionArchiveKeys.purging)).toBe(0);

      // The file holds no personal value anywhere: not in the key dumps,
      // not in the readable record, not in the audit chain's `pii`.
      const raw = gunzipSync(
        readFileSync(path.join(dir, pointer!.file)),
      ).toString("utf8");
      for (const iin of [a.iin, b.iin, absentIin]) {
        expect(raw.includes(iin), iin).toBe(false);
      }
      for (const name of names) expect(raw.includes(name), name).toBe(false);
      const file = JSON.parse(raw) as SlotArchiveFile;
      expect(file.reason).toBe("purge");
      expect(file.keys.some((dump) => dump.key.endsWith(":pii-key"))).toBe(
        false,
      );
      const stream = file.keys.find(
        (dump) => dump.key === `audit:slot:${room.slotId}`,
      );
      expect(stream?.type).toBe("stream");
      expect(
        stream?.type === "stream" &&
          stream.value.some(([, fields]) => fields.includes("pii")),
      ).toBe(false);
      const audit = file.record.audit as {
        entries: { pii?: string }[];
        piiKey?: string;
      };
      expect(audit.piiKey).toBeUndefined();
      expect(audit.entries.some((entry) => entry.pii !== undefined)).toBe(
        false,
      );
      // The commitments stay where the values were (the chain's hashes
      // cover them).
      const committed = (entry: { data?: string }) =>
        Object.values(JSON.parse(entry.data ?? "{}") as object).some(
          (value: unknown) =>
            typeof value === "object" &&
            value !== null &&
            /^[0-9a-f]{40}$/.test(String((value as { c?: unknown }).c)),
        );
      expect(
        (audit.entries as { data?: string }[]).filter(committed).length,
      ).toBeGreaterThan(0);
    }, 120_000);

    it("archive:verify passes the purge version and reports the earlier ones as removed", async () => {
      const verdicts = await verifyArchives(app.redis, {
        dir,
        dataDir: ctx.env.DATA_DIR,
      });
      expect(
        verdicts.map((verdict) => [
          verdict.version,
          verdict.ok,
          verdict.removed ?? false,
        ]),
      ).toEqual([
        [1, true, true],
        [2, true, true],
        [3, true, true],
        [4, true, true],
        [5, true, true],
        [6, true, false],
      ]);
      expect(verdicts[0]!.detail).toMatch(/removed by the retention purge/);
      expect(verdicts[5]!.detail).toMatch(/audit chain intact/);
      const verified = await cli("server/src/modules/audit/cli-verify.ts", [
        "--slot",
        room.slotId,
      ]);
      expect(verified.output).toContain("(archived, version 6): intact");
      expect(verified.code).toBe(0);
    }, 60_000);

    it("verification by number still works from the stub, anonymized; the IIN history is gone", async () => {
      const record = await publicClient().get(
        `/certificates/${numbers.b}`,
        freshIp(),
      );
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({
        number: numbers.b,
        holder: "—",
        maskedIin: maskIin(b.iin),
      });
      expect(JSON.stringify(record.body)).not.toContain(names[1]);
      for (const who of [a, b]) {
        expect(
          await app.redis.hexists(`iin:${who.iin}:history`, who.bookingId),
        ).toBe(0);
        expect(
          await app.redis.hget(`booking:${who.bookingId}`, "archived"),
        ).toBe("1");
      }
      expect(
        await app.redis.hexists(`iin:${absentIin}:history`, absent.id),
      ).toBe(0);
    });

    it("a second run changes nothing", async () => {
      const versions = await listArchiveVersions(app.redis, room.slotId);
      const report = await purge(false);
      expect(report.archivedSlots).toEqual([]);
      expect(report.bookings).toEqual([]);
      expect(await listArchiveVersions(app.redis, room.slotId)).toEqual(
        versions,
      );
      expect(files()).toEqual(["v6.json.gz"]);
      const dry = await purge(true);
      expect(dry.archivedSlots).toEqual([]);
    }, 60_000);

    it("a crash between the restore and archiving again is finished by the next run (npm run data:purge)", async () => {
      // The purge noted the slot and restored it, then died.
      await restoreForPurge(app.redis, archivePurger(ctx), room.slotId);
      expect(await getArchivePointer(app.redis, room.slotId)).toMatchObject({
        state: "restored",
        version: 6,
      });
      // The restored slot keeps no audit key: new values are not kept.
      expect(await app.redis.get(`audit:slot:${room.slotId}:pii-key`)).toBe(
        "purged",
      );
      const dry = await purge(true);
      expect(dry.archivedSlots).toEqual([room.slotId]);
      expect(dry.bookings).toEqual([]);
      // `npm run data:purge` finishes it (the CLI wires the archive module).
      const finished = await cli("server/src/modules/retention/cli-purge.ts", [
        "--before",
        before,
        "--json",
      ]);
      expect(finished.code).toBe(0);
      const report = JSON.parse(finished.output) as Awaited<
        ReturnType<typeof purge>
      >;
      expect(report.archivedSlots).toEqual([room.slotId]);
      expect(report.bookings).toEqual([]);
      expect(await getArchivePointer(app.redis, room.slotId)).toMatchObject({
        state: "archived",
        version: 7,
        reason: "purge",
      });
      expect(files()).toEqual(["v7.json.gz"]);
      expect(await app.redis.exists(retentionArchiveKeys.purging)).toBe(0);
      expect(
        (await verifyArchives(app.redis, { dir, dataDir: ctx.env.DATA_DIR }))
          .filter((verdict) => !verdict.removed)
          .map((verdict) => [verdict.version, verdict.ok]),
      ).toEqual([[7, true]]);
      expect((await purge(false)).archivedSlots).toEqual([]);
    }, 60_000);
  });
});
