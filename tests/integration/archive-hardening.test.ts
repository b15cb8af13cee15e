import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../server/src/context";
import {
  archiveDir,
  archiveFileName,
  archiveKeys,
  deleteVersionsBefore,
  fileSha256,
  getArchivePointer,
  listArchiveVersions,
  readArchiveVersion,
  readSlotArchive,
  removeTemporaryFiles,
} from "../../server/src/archive/store";
import { dumpKeys } from "../../server/src/archive/snapshot";
import {
  archiveSlot,
  deleteArchivedKeysStep,
  restoreForReissue,
  runArchiveSlotJob,
  runArchiveSweep,
  slotArchivable,
  slotInventory,
  verifyArchives,
  writeArchiveStep,
} from "../../server/src/modules/archive";
import { withinArchiveHours } from "../../server/src/modules/archive/jobs";
import { saveDocument } from "../../server/src/modules/certificates/repository";
import type { AnyJob } from "../../server/src/queues/jobs";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  examRoom,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import { eventually, redisNowMs, syntheticIins } from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const sha256 = (bytes: Buffer) =>
  createHash("sha256").update(bytes).digest("hex");

describe("archive hardening (issue 26 review)", () => {
  let app: TestApp;
  let ctx: AppContext;
  let work: string;
  let dir: string;
  let manager: ApiClient;
  let operator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let a: TestedCandidate;
  let number: string;
  /** A file some earlier run left under v1's name, recorded nowhere. */
  const stray = gzipSync(Buffer.from('{"stray":"written before a failover"}'));

  const auditLength = () => app.redis.xlen(`audit:slot:${room.slotId}`);
  const revoke = (reason: string) =>
    manager.post(`/certificates/${number}/revoke`, { reason });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-archive-hardening-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_DELAY_MS: "200",
    });
    ctx = app.synaq.ctx;
    dir = archiveDir(ctx.env);
    manager = (await signedInStaff(app, "manager")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    room = await examRoom(app, { manager, operator }, 1);
    a = await takeTest(app, room, administrator, {
      iin: syntheticIins(1, 2680)[0]!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    number = await makeOfficial(app, { administrator, operator }, a.attemptId);
    // The jobs the sign-off asked for (analytics, messages) land first: the
    // slot's keys stay as the file holds them until the deletion.
    await eventually(async () => {
      const inventory = await slotInventory(app.redis, room.slotId);
      const first = JSON.stringify(await dumpKeys(app.redis, inventory.keys));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const again = await slotInventory(app.redis, room.slotId);
      const second = JSON.stringify(await dumpKeys(app.redis, again.keys));
      const pttlFree = (text: string) => text.replace(/"pttl":\d+/g, "");
      return pttlFree(first) === pttlFree(second) ? true : undefined;
    }, 30_000);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("a stray v1 file no version names is moved aside, never deleted, and v1 is written (review 9)", async () => {
    const folder = path.join(dir, room.slotId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "v1.json.gz"), stray);
    const written = await writeArchiveStep(ctx, room.slotId, "archived");
    expect(written).toMatchObject({ state: "deleting", version: 1 });
    const orphan = `v1.orphan-${sha256(stray).slice(0, 8)}.json.gz`;
    expect(readdirSync(folder).sort()).toEqual(["v1.json.gz", orphan]);
    expect(readFileSync(path.join(folder, orphan))).toEqual(stray);
    expect(sha256(readFileSync(path.join(folder, "v1.json.gz")))).toBe(
      written.sha256,
    );
    // A version was begun: the sweep finds it even once the slot leaves
    // `slots:by-start` (review 5).
    expect(await app.redis.sismember(archiveKeys.inProgress, room.slotId)).toBe(
      1,
    );
  }, 30_000);

  it("while the slot is `deleting`, a revocation or a re-render is refused with nothing changed (review 3)", async () => {
    const document = await app.redis.hgetall(`cert:doc:${number}`);
    expect(document.number).toBe(number);
    const entries = await auditLength();
    const refused = await revoke("Issued to the wrong person");
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("slot_archiving");
    expect(refused.body.error.message).toBe(
      "The slot is being archived; try again in a minute.",
    );
    // A re-render of a lost file (cert-save-document.lua) waits as well.
    await expect(
      saveDocument(
        app.redis,
        {
          number,
          attemptId: a.attemptId,
          slotId: room.slotId,
          kind: "certificate",
          file: `${number}.pdf`,
          sha256: "f".repeat(64),
          issuedAt: document.issuedAt ?? "",
        },
        "system:test",
      ),
    ).rejects.toMatchObject({ status: 409, id: "slot_archiving" });
    expect(await app.redis.hgetall(`cert:doc:${number}`)).toEqual(document);
    expect(await app.redis.hexists("cert:by-sha256", "f".repeat(64))).toBe(0);
    // A hand-over (attempt-handover.lua) waits too, and its refusal is not
    // kept as the request's reply: the desk's repeat is answered afresh.
    const attempt = await app.redis.hgetall(`attempt:${a.attemptId}`);
    const handOver = () =>
      operator.post(
        `/attempts/${a.attemptId}/handover`,
        { method: "printed" },
        { "Idempotency-Key": "handover-while-archiving-0001" },
      );
    const handover = await handOver();
    expect(handover.status).toBe(409);
    expect(handover.body.error.id).toBe("slot_archiving");
    expect(await app.redis.hgetall(`attempt:${a.attemptId}`)).toEqual(attempt);
    expect(await auditLength()).toBe(entries);
    expect((await handOver()).body.error.id).toBe("slot_archiving");
  });

  it("a crash after the keys went, before `archived`, is finished by the next sweep (review 5)", async () => {
    await deleteArchivedKeysStep(ctx, room.slotId);
    // The state the process leaves when it dies right before
    // archive-state.lua: keys and index entries gone, pointer `deleting`.
    await app.redis
      .multi()
      .hset(archiveKeys.pointer(room.slotId), "state", "deleting")
      .srem(archiveKeys.all, room.slotId)
      .sadd(archiveKeys.inProgress, room.slotId)
      .exec();
    expect(await app.redis.zscore("slots:by-start", room.slotId)).toBeNull();
    expect(await app.redis.exists(`attempt:${a.attemptId}`)).toBe(0);

    await runArchiveSweep(ctx, { requestedAt: 0 });
    const pointer = await eventually(async () => {
      const current = await getArchivePointer(app.redis, room.slotId);
      return current?.state === "archived" ? current : undefined;
    }, 20_000);
    expect(pointer).toMatchObject({ version: 1 });
    expect(await app.redis.sismember(archiveKeys.all, room.slotId)).toBe(1);
    expect(await app.redis.sismember(archiveKeys.inProgress, room.slotId)).toBe(
      0,
    );
    expect(await listArchiveVersions(app.redis, room.slotId)).toHaveLength(1);
  }, 40_000);

  it("archive:verify passes with the stray kept beside v1 (review 9)", async () => {
    const verdicts = await verifyArchives(app.redis, {
      dir,
      dataDir: ctx.env.DATA_DIR,
    });
    expect(
      verdicts.map((verdict) => [verdict.slotId, verdict.version, verdict.ok]),
    ).toEqual([[room.slotId, 1, true]]);
    expect(
      existsSync(
        path.join(
          dir,
          room.slotId,
          `v1.orphan-${sha256(stray).slice(0, 8)}.json.gz`,
        ),
      ),
    ).toBe(true);
  });

  it("once `archived`, the revocation takes the archived path (cert-revoke-archived.lua) as before (review 3)", async () => {
    const revoked = await revoke("Issued to the wrong person");
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBeTruthy();
    expect(
      await app.redis.hget(`archived:doc:${number}`, "revokedReason"),
    ).toBe("Issued to the wrong person");
    expect(await app.redis.exists(`cert:doc:${number}`)).toBe(0);
  });

  it("a tampered file name in Redis (`../../x`) is refused: nothing outside the archive directory is read or deleted (review 8)", async () => {
    const outside = path.resolve(dir, "../../x");
    writeFileSync(outside, stray);
    const versionsKey = archiveKeys.versions(room.slotId);
    const original = await app.redis.lindex(versionsKey, 0);
    const entry = JSON.parse(original ?? "{}") as { file: string };
    const tampered = { ...entry, file: "../../x", sha256: sha256(stray) };
    await app.redis.lset(versionsKey, 0, JSON.stringify(tampered));
    try {
      await expect(readArchiveVersion(dir, tampered)).rejects.toMatchObject({
        id: "archive_corrupt",
      });
      // The purge's deletion of earlier versions refuses before any change.
      const now = await redisNowMs(app);
      await expect(
        deleteVersionsBefore(app.redis, dir, room.slotId, 2, now),
      ).rejects.toMatchObject({ id: "archive_corrupt" });
      expect(await app.redis.lindex(versionsKey, 0)).toBe(
        JSON.stringify(tampered),
      );
      const verdicts = await verifyArchives(app.redis, {
        dir,
        dataDir: ctx.env.DATA_DIR,
      });
      expect(verdicts[0]).toMatchObject({
        version: 1,
        file: "../../x",
        ok: false,
      });
      expect(verdicts[0]?.detail).toMatch(/refused/);
      expect(verdicts.every((verdict) => !verdict.ok)).toBe(true);
      expect(await fileSha256(dir, "../../x")).toBeNull();
      // The pointer's name, likewise: even `<slot>/v2` where v1 is meant.
      const pointerKey = archiveKeys.pointer(room.slotId);
      await app.redis.hset(pointerKey, "file", `${room.slotId}/v2.json.gz`);
      await expect(
        readSlotArchive(app.redis, dir, room.slotId),
      ).rejects.toMatchObject({ id: "archive_corrupt" });
      await app.redis.hset(pointerKey, "file", entry.file);
      expect((await readSlotArchive(app.redis, dir, room.slotId))?.slotId).toBe(
        room.slotId,
      );
      // Slot ids that could leave the folder never name a file.
      expect(() => archiveFileName("../x", 1)).toThrow(/not a slot id/);
      await expect(removeTemporaryFiles(dir, "..")).rejects.toMatchObject({
        id: "archive_bad_slot_id",
      });
      expect(readFileSync(outside)).toEqual(stray);
    } finally {
      await app.redis.lset(versionsKey, 0, original ?? "");
      rmSync(outside, { force: true });
    }
  });

  it("an `archive.slot` job failed for good is retried by the next sweep under its same id (review 5)", async () => {
    // An archival that fails on every attempt (here: an id no file may
    // carry), its job kept as failed under `archive-<slot>-v1`.
    const slotId = "hardening.bad";
    await app.redis.hset(archiveKeys.pointer(slotId), {
      slotId,
      state: "writing",
      pendingVersion: "1",
      pendingReason: "archived",
    });
    await app.redis.sadd(archiveKeys.inProgress, slotId);
    const job = {
      name: "archive.slot",
      payload: { slotId, version: 1 },
    } as const;
    try {
      await ctx.queues.add(job.name, job.payload, { attempts: 1 });
      const failed = await eventually(async () => {
        const found = await ctx.queues.find(job);
        return found?.state === "failed" ? found : undefined;
      }, 20_000);
      expect(failed.id).toBe("archive-hardening.bad-v1");
      expect(failed.failedReason).toMatch(/not a slot id/);
      await runArchiveSweep(ctx, { requestedAt: 0 });
      // Ran again (and failed again): a plain add would have done nothing.
      const again = await eventually(async () => {
        const found = await ctx.queues.find(job);
        return found?.state === "failed" &&
          (found.finishedOn ?? 0) > (failed.finishedOn ?? 0)
          ? found
          : undefined;
      }, 20_000);
      expect(again.id).toBe(failed.id);
    } finally {
      await app.redis.del(archiveKeys.pointer(slotId));
      await app.redis.srem(archiveKeys.inProgress, slotId);
    }
  }, 60_000);

  it("a slot restored for a late appeal, or by the purge, is not archived by the sweep before the change is made (review 6)", async () => {
    expect((await getArchivePointer(app.redis, room.slotId))?.state).toBe(
      "archived",
    );
    await restoreForReissue(ctx, room.slotId);
    expect((await getArchivePointer(app.redis, room.slotId))?.state).toBe(
      "restored",
    );
    expect(await slotArchivable(ctx, room.slotId)).toEqual({
      ok: false,
      reason: "held",
    });
    // The job the sweep may have queued before leaves it alone as well.
    await runArchiveSlotJob(ctx, { slotId: room.slotId, version: 2 });
    expect((await getArchivePointer(app.redis, room.slotId))?.state).toBe(
      "restored",
    );
    // A day later the hold is over; a slot the purge restored waits for
    // the purge, which alone archives it again (reason `purge`).
    await app.redis.hset(archiveKeys.pointer(room.slotId), "holdUntil", "0");
    await app.redis.sadd(archiveKeys.purging, room.slotId);
    try {
      expect(await slotArchivable(ctx, room.slotId)).toEqual({
        ok: false,
        reason: "purge_pending",
      });
      expect(
        await slotArchivable(ctx, room.slotId, { byPurge: true }),
      ).not.toEqual({ ok: false, reason: "purge_pending" });
    } finally {
      await app.redis.srem(archiveKeys.purging, room.slotId);
    }
    expect(await slotArchivable(ctx, room.slotId)).not.toMatchObject({
      reason: expect.stringMatching(/^(held|purge_pending)$/),
    });
    await archiveSlot(ctx, room.slotId, { force: true });
    expect((await getArchivePointer(app.redis, room.slotId))?.state).toBe(
      "archived",
    );
  }, 60_000);

  describe("the sweep on exam day (review 10)", () => {
    const fakeSlots = ["hardening-s1", "hardening-s2", "hardening-s3"];
    /** The sweep's context, with queueing recorded instead of done. */
    const sweepingWith = (env: Partial<AppContext["env"]>) => {
      const queued: AnyJob[] = [];
      const sweepCtx: AppContext = {
        ...ctx,
        env: { ...ctx.env, ...env },
        queues: {
          ...ctx.queues,
          find: () => Promise.resolve(null),
          requeue: (job) => {
            queued.push(job);
            return Promise.resolve();
          },
        },
      };
      return { sweepCtx, queued };
    };

    beforeAll(async () => {
      // Three archivals a crash cut short (as archive-begin.lua leaves them).
      for (const slotId of fakeSlots) {
        await app.redis.hset(archiveKeys.pointer(slotId), {
          slotId,
          state: "writing",
          pendingVersion: "1",
          pendingReason: "archived",
        });
        await app.redis.sadd(archiveKeys.inProgress, slotId);
      }
    });

    afterAll(async () => {
      for (const slotId of fakeSlots) {
        await app.redis.del(archiveKeys.pointer(slotId));
        await app.redis.srem(archiveKeys.inProgress, slotId);
      }
    });

    it("reads ARCHIVE_HOURS in the center network's time, wrapping midnight", () => {
      // 23:30 UTC is 04:30 in Asia/Almaty (UTC+5).
      const at = Date.UTC(2026, 11, 7, 23, 30);
      expect(withinArchiveHours(at, "01-05", "Asia/Almaty")).toBe(true);
      expect(withinArchiveHours(at, "01-05", "UTC")).toBe(false);
      expect(withinArchiveHours(at, "22-02", "UTC")).toBe(true);
      expect(withinArchiveHours(at, "05-22", "Asia/Almaty")).toBe(false);
      expect(withinArchiveHours(at, "00-24", "UTC")).toBe(true);
    });

    it("outside ARCHIVE_HOURS the sweep queues nothing", async () => {
      const hour = Number(
        new Intl.DateTimeFormat("en-GB", {
          timeZone: ctx.env.CENTER_TIMEZONE,
          hour: "2-digit",
          hourCycle: "h23",
        }).format(new Date(await redisNowMs(app))),
      );
      // A two-hour window starting two hours from now: now is outside.
      const pad = (value: number) => String(value % 24).padStart(2, "0");
      const { sweepCtx, queued } = sweepingWith({
        ARCHIVE_HOURS: `${pad(hour + 2)}-${pad(hour + 4)}`,
      });
      await runArchiveSweep(sweepCtx, { requestedAt: 0 });
      expect(queued).toEqual([]);
      // Inside the hours, the same sweep queues all three.
      const inside = sweepingWith({ ARCHIVE_HOURS: "00-24" });
      await runArchiveSweep(inside.sweepCtx, { requestedAt: 0 });
      expect(
        inside.queued.map((job) => (job.payload as { slotId: string }).slotId),
      ).toEqual(fakeSlots);
    });

    it("finds once the archivals cut short before the in-progress set existed", async () => {
      // A pointer `deleting` from before the upgrade: in no set.
      const slotId = "hardening-old";
      await app.redis.hset(archiveKeys.pointer(slotId), {
        slotId,
        state: "deleting",
        version: "2",
        file: `${slotId}/v2.json.gz`,
      });
      await app.redis.del(`${archiveKeys.inProgress}:backfilled`);
      try {
        const { sweepCtx, queued } = sweepingWith({ ARCHIVE_HOURS: "00-24" });
        await runArchiveSweep(sweepCtx, { requestedAt: 0 });
        expect(await app.redis.sismember(archiveKeys.inProgress, slotId)).toBe(
          1,
        );
        expect(queued).toContainEqual({
          name: "archive.slot",
          payload: { slotId, version: 2 },
        });
        expect(
          await app.redis.exists(`${archiveKeys.inProgress}:backfilled`),
        ).toBe(1);
      } finally {
        await app.redis.del(archiveKeys.pointer(slotId));
        await app.redis.srem(archiveKeys.inProgress, slotId);
      }
    });

    it("with ARCHIVE_SWEEP_LIMIT=1 one slot is queued per sweep", async () => {
      const { sweepCtx, queued } = sweepingWith({
        ARCHIVE_HOURS: "00-24",
        ARCHIVE_SWEEP_LIMIT: 1,
      });
      await runArchiveSweep(sweepCtx, { requestedAt: 0 });
      expect(queued).toEqual([
        { name: "archive.slot", payload: { slotId: fakeSlots[0], version: 1 } },
      ]);
    });
  });
});
