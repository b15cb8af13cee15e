import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import type { PurgeReport } from "../../server/src/modules/retention/service";
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
  bookingBody,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every cell of the first sheet, as text. */
async function xlsxText(buffer: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.worksheets[0]!.eachRow((row) =>
    row.eachCell((cell) => cells.push(cell.text)),
  );
  return cells.join("\n");
}

/** Runs `npm run data:purge` (its script) without blocking the app under test. */
function dataPurge(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        "node",
        [
          "--import",
          "tsx",
          "server/src/modules/retention/cli-purge.ts",
          ...args,
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    },
  );
}

describe("npm run data:purge", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let tested: TestedCandidate;
  let number: string;
  let waiting: { id: string; code: string };
  let future: { id: string; code: string };
  let before: string;
  let certificateBefore: Record<string, unknown>;
  const iins = syntheticIins(3, 1200);
  const cli = (...args: string[]) =>
    dataPurge([...args, "--redis", app.redisUrl, "--json"], {
      CERT_OUTPUT_DIR: outDir,
      REDIS_URL: "",
    });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-purge-"));
    outDir = path.join(work, "output");
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    room = await examRoom(app, { manager, operator }, 2);
    // Booked on the exam slot, never admitted: still active, left alone.
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(room.slotId, iins[1]!, {
        programId: ENGINE_LONG,
        phone: "+7 701 000 00 01",
      }),
      freshIp(),
    );
    waiting = { id: booked.body.id, code: booked.body.code };
    await manager.put("/accommodations", {
      iin: iins[0],
      extraMinutes: 10,
      note: "large print",
      approvedBy: "Commission No. 7",
    });
    tested = await takeTest(app, room, administrator, {
      iin: iins[0]!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    number = await makeOfficial(
      app,
      { administrator, operator },
      tested.attemptId,
    );
    await app.redis.hset(
      `booking:${tested.bookingId}`,
      "phone",
      "+7 701 000 00 00",
    );
    // A test far in the future is out of scope by date.
    const later = await createSlot(app, manager, room.place, {
      programId: ENGINE_LONG,
      startsAt: (await redisNowMs(app)) + 20 * 24 * 3600_000,
    });
    const booking = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(later.id, iins[2]!, { programId: ENGINE_LONG }),
      freshIp(),
    );
    future = { id: booking.body.id, code: booking.body.code };
    before = new Date((await redisNowMs(app)) + 2 * 24 * 3600_000)
      .toISOString()
      .slice(0, 10);
    certificateBefore = (
      await new ApiClient(app.url).get(`/certificates/${number}`, freshIp())
    ).body;
    // The slot's analytics, with the hand-over, are stored before the purge.
    await eventually(async () => {
      const stored = await app.redis.get(`analytics:slot:${room.slotId}`);
      return stored?.includes(tested.iin) && stored.includes(number)
        ? true
        : undefined;
    }, 30_000);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("refuses a malformed date", async () => {
    const run = await cli("--before", "29.11.2026");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage");
  });

  it("reports what it would change on a dry run, and changes nothing", async () => {
    // Queues and the analytics snapshots move on their own: leave them out.
    const stateKeys = async () =>
      (await app.redis.keys("*"))
        .filter((key) => !/^(bull|analytics):/.test(key))
        .sort();
    const keysBefore = await stateKeys();
    const bookingBefore = await app.redis.hgetall(
      `booking:${tested.bookingId}`,
    );
    const officialBefore = await app.redis.get(`official:${tested.attemptId}`);
    const auditLengths = async () =>
      Promise.all([
        app.redis.xlen("audit:network"),
        app.redis.xlen(`audit:slot:${room.slotId}`),
      ]);
    const auditBefore = await auditLengths();
    const run = await cli("--before", before, "--dry-run");
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PurgeReport;
    expect(report).toEqual({
      before,
      dryRun: true,
      bookings: [tested.bookingId],
      attempts: [tested.attemptId],
      documents: [number],
      analytics: [room.slotId],
      complaints: [],
      refusals: [],
      archivedSlots: [],
      skipped: [{ bookingId: waiting.id, reason: "active" }],
    });
    expect(await app.redis.hgetall(`booking:${tested.bookingId}`)).toEqual(
      bookingBefore,
    );
    expect(await stateKeys()).toEqual(keysBefore);
    expect(await app.redis.get(`official:${tested.attemptId}`)).toBe(
      officialBefore,
    );
    expect(await auditLengths()).toEqual(auditBefore);
    expect(existsSync(path.join(outDir, `${number}.pdf`))).toBe(true);
    expect(await app.redis.get(`analytics:slot:${room.slotId}`)).toContain(
      tested.iin,
    );
  });

  it("anonymizes names, IINs and phones, and the certificate still verifies", async () => {
    const run = await cli("--before", before);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PurgeReport;
    expect(report).toMatchObject({
      dryRun: false,
      bookings: [tested.bookingId],
      attempts: [tested.attemptId],
      documents: [number],
      analytics: [room.slotId],
    });

    const masked = `${tested.iin.slice(0, 6)}******`;
    const booking = await app.redis.hgetall(`booking:${tested.bookingId}`);
    expect(booking).toMatchObject({ iin: masked, fullName: "—" });
    expect(booking.phone).toBeUndefined();
    expect(
      await app.redis.hgetall(`attempt:${tested.attemptId}`),
    ).toMatchObject({ iin: masked, fullName: "—" });
    const official = (await app.redis.get(`official:${tested.attemptId}`))!;
    expect(official).not.toContain(tested.iin);
    expect(official).not.toContain("Жақсылықова");
    // The IIN's indexes and its accommodation are gone with its last booking.
    expect(
      await app.redis.hget(`slot:${room.slotId}:iins`, tested.iin),
    ).toBeNull();
    expect(
      await app.redis.exists(
        `iin:${tested.iin}:bookings`,
        `accommodation:${tested.iin}`,
      ),
    ).toBe(0);
    // Nothing outside the report changed.
    expect(await app.redis.hget(`booking:${waiting.id}`, "iin")).toBe(iins[1]);
    expect(await app.redis.hget(`booking:${waiting.id}`, "phone")).toBe(
      "+7 701 000 00 01",
    );
    expect(await app.redis.hget(`booking:${future.id}`, "iin")).toBe(iins[2]);

    // Verification keeps number, result, masked IIN and validity.
    const record = (
      await new ApiClient(app.url).get(`/certificates/${number}`, freshIp())
    ).body;
    expect(record).toMatchObject({
      valid: true,
      number,
      holder: "—",
      maskedIin: masked,
      result: certificateBefore.result,
      validUntil: certificateBefore.validUntil,
    });
    expect(record).not.toHaveProperty("scores");
    // The file held the name: it is gone, and a reprint is refused.
    expect(existsSync(path.join(outDir, `${number}.pdf`))).toBe(false);
    const reprint = await manager.get(`/certificates/${number}/pdf`);
    expect(reprint.status).toBe(410);
    expect(reprint.body.error.id).toBe("document_purged");
    // The status page still answers the code, without the person.
    const view = (
      await new ApiClient(app.url).get(
        `/bookings/${tested.bookingId}`,
        codeHeader(tested.code, freshIp()),
      )
    ).body;
    expect(view).toMatchObject({
      fullName: "—",
      maskedIin: masked,
      anonymized: true,
      result: { passed: true, certificateNumber: number },
    });
  });

  it("audits the purge without naming anyone, and runs again as a no-op", async () => {
    const network = await readAudit(
      app.redis,
      "network",
      (entry) => entry.action === "retention.purged",
    );
    expect(network).toHaveLength(1);
    expect(network[0]!.data).toMatchObject({
      before,
      bookings: 1,
      attempts: 1,
      documents: 1,
      analytics: 1,
      skipped: 1,
    });
    const slotEntries = await readAudit(
      app.redis,
      `slot:${room.slotId}`,
      (entry) => entry.action === "booking.anonymized",
    );
    expect(slotEntries.map((entry) => entry.subject)).toEqual([
      `booking:${tested.bookingId}`,
    ]);
    expect(JSON.stringify(slotEntries)).not.toContain(tested.iin);
    expect((await verifyAuditStream(app.redis, `slot:${room.slotId}`)).ok).toBe(
      true,
    );
    expect((await verifyAuditStream(app.redis, "network")).ok).toBe(true);

    const again = JSON.parse(
      (await cli("--before", before)).stdout,
    ) as PurgeReport;
    expect(again.bookings).toEqual([]);
    expect(again.analytics).toEqual([]);
  });

  it("leaves no IIN or name in the stored analytics nor in the results exports", async () => {
    const masked = `${tested.iin.slice(0, 6)}******`;
    const keys = await app.redis.keys("analytics:*");
    expect(keys).toContain(`analytics:slot:${room.slotId}`);
    for (const key of keys) {
      const type = await app.redis.type(key);
      const value =
        type === "string"
          ? ((await app.redis.get(key)) ?? "")
          : (await app.redis.zrange(key, 0, -1)).join("\n");
      expect(value, key).not.toContain(tested.iin);
      expect(value, key).not.toContain("Жақсылықова");
    }
    // The statistics stay: the result is still counted, under no name.
    const analytics = (await manager.get(`/analytics/slots/${room.slotId}`))
      .body;
    expect(analytics.candidates).toEqual([
      expect.objectContaining({
        attemptId: tested.attemptId,
        fullName: "—",
        iin: masked,
        passed: true,
        certificateNumber: number,
      }),
    ]);

    const csv = await manager.get(
      `/analytics/slots/${room.slotId}/results.csv`,
    );
    expect(csv.status).toBe(200);
    const csvText = (csv.body as Buffer).toString("utf8");
    expect(csvText).toContain(masked);
    expect(csvText).not.toContain(tested.iin);
    expect(csvText).not.toContain("Жақсылықова");
    const xlsx = await manager.get(
      `/analytics/slots/${room.slotId}/results.xlsx`,
    );
    expect(xlsx.status).toBe(200);
    const cells = await xlsxText(xlsx.body as Buffer);
    expect(cells).toContain(masked);
    expect(cells).not.toContain(tested.iin);
    expect(cells).not.toContain("Жақсылықова");
  });

  it("keeps the IIN in the archive only inside audit entries written before the purge", async () => {
    const response = await manager.get(
      `/analytics/slots/${room.slotId}/archive.json`,
    );
    expect(response.status).toBe(200);
    const archive = response.body as {
      bookings: unknown[];
      attempts: unknown[];
      incidents: unknown[];
      audit: { entries: { action: string; subject: string; data: string }[] };
    };
    for (const part of [
      archive.bookings,
      archive.attempts,
      archive.incidents,
    ]) {
      expect(JSON.stringify(part)).not.toContain(tested.iin);
      expect(JSON.stringify(part)).not.toContain("Жақсылықова");
    }
    // A hash chain cannot be edited (README, Retention): the entries that
    // name the person predate the purge, none after it does.
    const purgedAt = archive.audit.entries.findIndex(
      (entry) =>
        entry.action === "booking.anonymized" &&
        entry.subject === `booking:${tested.bookingId}`,
    );
    expect(purgedAt).toBeGreaterThan(0);
    const after = archive.audit.entries.slice(purgedAt);
    expect(JSON.stringify(after)).not.toContain(tested.iin);
    expect(JSON.stringify(after)).not.toContain("Жақсылықова");
  });
});
