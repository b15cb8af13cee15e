import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getSlotAnalytics,
  saveSlotAnalytics,
} from "../../server/src/modules/analytics/repository";
import { verifyArchive } from "../../server/src/modules/audit/archive";
import {
  ANALYTICS_BANKS,
  ANALYTICS_PROGRAM,
  PLAN,
  PLANTED,
  plannedTotal,
  runFinishedSlot,
  TRANSLATION,
  type FinishedSlot,
} from "../support/analytics";
import { startTestApp, type TestApp } from "../support/app";
import { eventually } from "../support/booking";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** Runs `npm run audit:verify -- --file <file>`; resolves with exit code and output. */
async function auditVerifyFile(
  file: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(
      "npx",
      ["tsx", "server/src/modules/audit/cli-verify.ts", "--file", file],
      // The app's DATA_DIR (the installation key the checkpoints are signed
      // with) is beside the exported files.
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: path.join(path.dirname(file), "data"),
        },
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

/** Parses our CSV (RFC 4180, BOM, CRLF) into rows of strings. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r") continue;
    else if (char === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  return rows;
}

async function parseXlsx(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("results analytics", () => {
  let app: TestApp;
  let slot: FinishedSlot;
  const dir = mkdtempSync(path.join(tmpdir(), "synaq-analytics-"));

  beforeAll(async () => {
    app = await startTestApp({
      DATA_DIR: path.join(dir, "data"),
      BANKS_DIR: ANALYTICS_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_MIN_DRAWN: "4",
      ANALYTICS_DELAY_MS: "200",
    });
    slot = await runFinishedSlot(app, 6100);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app?.stop();
  });

  describe("before any result is official", () => {
    it("has nothing to show and refuses to recompute", async () => {
      const manager = (await signedInStaff(app, "manager")).client;
      const pending = await manager.post("/slots", {
        roomId: slot.place.roomId,
        programId: ANALYTICS_PROGRAM,
        startsAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
        seatsOffered: 2,
      });
      expect(pending.status).toBe(201);
      const shown = await manager.get(`/analytics/slots/${pending.body.id}`);
      expect(shown.status).toBe(404);
      expect(shown.body.error.id).toBe("analytics_not_ready");
      const refused = await manager.post(
        `/analytics/slots/${pending.body.id}/recompute`,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("results_not_official");
      expect(
        (await manager.post("/analytics/slots/no-such-slot/recompute")).status,
      ).toBe(404);
    });
  });

  describe("GET /api/v1/analytics/slots/:slotId (computed by the job when results became official)", () => {
    it("gives the distribution the plan implies", async () => {
      const { body } = await slot.administrator.get(
        `/analytics/slots/${slot.slotId}`,
      );
      expect(body.distribution.candidates).toBe(8);
      // Totals 11, 10, 5, 4 (kk) and 10, 9, 4, 3 (ru); the strong four pass.
      const histogram = Object.fromEntries(
        (
          body.distribution.histogram as {
            correct: number;
            candidates: number;
          }[]
        )
          .filter((bin) => bin.candidates > 0)
          .map((bin) => [bin.correct, bin.candidates]),
      );
      expect(histogram).toEqual({ 3: 1, 4: 2, 5: 1, 9: 1, 10: 2, 11: 1 });
      expect(body.distribution.histogram).toHaveLength(13);
      expect(body.minCorrectTotal).toBe(7);
      expect(body.distribution.passRate).toBe(0.5);
      expect(body.distribution.incidentsPer100).toBe(0);
      expect(body.distribution.meanTimeUsedMs).toBeGreaterThan(0);
      // Law: strong 5 of 6 (≥ 3) pass; weak ≤ 3 ordinary law items + planted…
      expect(
        body.distribution.sectionPassRates.map(
          (section: { sectionId: string }) => section.sectionId,
        ),
      ).toEqual(["law", "ethics"]);
      for (const candidate of body.candidates as {
        attemptId: string;
        correct: number;
        passed: boolean;
      }[]) {
        const planned = slot.attempts.get(candidate.attemptId)!;
        expect(candidate.correct).toBe(plannedTotal(planned));
        expect(candidate.passed).toBe(planned.strong);
      }
      expect(body).not.toHaveProperty("results");
    });

    it("flags the planted item: negative discrimination, a distractor the strong prefer", async () => {
      const { body } = await slot.manager.get(
        `/analytics/slots/${slot.slotId}`,
      );
      const planted = (
        body.items as {
          itemId: string;
          facility: number;
          discrimination: number;
          flags: string[];
          optionShares: {
            optionId: string;
            share: number;
            upperShare: number;
          }[];
          meanTimeMs: number | null;
          drawn: number;
        }[]
      ).find((item) => item.itemId === PLANTED)!;
      expect(planted.drawn).toBe(8);
      expect(planted.facility).toBe(0.5);
      expect(planted.discrimination).toBeLessThan(-0.5);
      expect(planted.flags).toEqual(
        expect.arrayContaining([
          "negative_discrimination",
          "distractor_over_key",
        ]),
      );
      expect(
        planted.optionShares.find((option) => option.optionId === "c"),
      ).toMatchObject({ share: 0.5, upperShare: 1 });
      expect(planted.meanTimeMs).not.toBeNull();
      // law-5: right for the strong (≥ 4 ordinary items), wrong for the weak.
      const ordinary = body.items.find(
        (item: { itemId: string }) => item.itemId === "law-5",
      );
      expect(ordinary.flags).toEqual([]);
      expect(ordinary.discrimination).toBeGreaterThan(0.5);
    });
  });

  describe("GET /api/v1/analytics/programs/:programId[/items]", () => {
    it("adds the program's slots over a period and lists them", async () => {
      const { body } = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}`,
      );
      expect(body.distribution.candidates).toBe(8);
      expect(body.distribution.passRate).toBe(0.5);
      expect(
        body.slots.map((entry: { slotId: string }) => entry.slotId),
      ).toEqual([slot.slotId]);
      const before = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}?to=2000-01-01T00:00:00Z`,
      );
      expect(before.body.distribution.candidates).toBe(0);
      expect(before.body.distribution.passRate).toBeNull();
      const backwards = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`,
      );
      expect(backwards.status).toBe(400);
    });

    it("gives item statistics per language and flags the translation problem", async () => {
      const all = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}/items`,
      );
      expect(all.body.candidates).toBe(8);
      const comparison = all.body.languages.find(
        (row: { itemId: string }) => row.itemId === TRANSLATION,
      );
      expect(comparison).toEqual({
        itemId: TRANSLATION,
        kk: { drawn: 4, facility: 1 },
        ru: { drawn: 4, facility: 0 },
        difference: 1,
        flagged: true,
      });
      expect(
        all.body.languages.find(
          (row: { itemId: string }) => row.itemId === "law-2",
        ).flagged,
      ).toBe(false);
      const kk = await slot.administrator.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}/items?language=kk`,
      );
      expect(
        kk.body.items.find(
          (item: { itemId: string }) => item.itemId === TRANSLATION,
        ),
      ).toMatchObject({ drawn: 4, facility: 1 });
    });
  });

  describe("service-standard compliance", () => {
    it("measures every stage of every candidate from the audit stream", async () => {
      // The documents are issued after the results became official; their
      // issue time arrives with the run the issue queued.
      const body = await eventually(async () => {
        const response = await slot.manager.get(
          `/analytics/slots/${slot.slotId}/compliance`,
        );
        const issued = response.body.stages?.find(
          (stage: { stage: string }) => stage.stage === "issued",
        );
        return issued?.measured === 8 ? response.body : undefined;
      }, 30_000);
      const stages = Object.fromEntries(
        (body.stages as { stage: string }[]).map((stage) => [
          stage.stage,
          stage,
        ]),
      );
      // Six booked through a form the portal opened (timed, well within
      // 5 min); two without a form id, as an external portal: not measured.
      expect(stages.booking).toMatchObject({
        measured: 6,
        within: 6,
        share: 1,
      });
      for (const stage of [
        "admission",
        "instructions",
        "test",
        "signed",
        "issued",
      ]) {
        expect(stages[stage], stage).toMatchObject({
          measured: 8,
          within: 8,
          share: 1,
        });
      }
      // Nobody recorded a hand-over yet, and 20 min have not passed: not
      // counted (tests/integration/handover.test.ts records them).
      expect(stages.handedOver).toMatchObject({ measured: 0, within: 0 });
      expect(body.candidates).toHaveLength(8);
      const center = await slot.administrator.get(
        `/analytics/centers/${slot.place.centerId}/compliance`,
      );
      expect(center.status).toBe(200);
      expect(
        center.body.stages.find(
          (stage: { stage: string }) => stage.stage === "test",
        ),
      ).toMatchObject({ measured: 8, within: 8 });
      expect(
        center.body.slots.map((entry: { slotId: string }) => entry.slotId),
      ).toEqual([slot.slotId]);
    });
  });

  describe("exports", () => {
    it("CSV and XLSX of the slot's results open and match the results", async () => {
      const { body } = await slot.manager.get(
        `/analytics/slots/${slot.slotId}`,
      );
      const expected = new Map(
        (
          body.candidates as {
            attemptId: string;
            correct: number;
            passed: boolean;
            fullName: string;
          }[]
        ).map((row) => [row.attemptId, row]),
      );

      const csv = await slot.administrator.get(
        `/analytics/slots/${slot.slotId}/results.csv`,
      );
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const [header, ...rows] = parseCsv((csv.body as Buffer).toString("utf8"));
      expect(header).toEqual(
        expect.arrayContaining([
          "attemptId",
          "fullName",
          "iin",
          "correct",
          "section:law",
          "section:ethics",
          "passed",
        ]),
      );
      expect(rows).toHaveLength(8);
      const column = (name: string) => header!.indexOf(name);
      for (const row of rows) {
        const wanted = expected.get(row[column("attemptId")]!)!;
        expect(Number(row[column("correct")])).toBe(wanted.correct);
        expect(row[column("passed")]).toBe(String(wanted.passed));
        expect(row[column("fullName")]).toBe(wanted.fullName);
      }

      const xlsx = await slot.manager.get(
        `/analytics/slots/${slot.slotId}/results.xlsx`,
      );
      expect(xlsx.status).toBe(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe("PK");
      const [sheetHeader, ...sheetRows] = await parseXlsx(xlsx.body as Buffer);
      expect(sheetHeader).toEqual(header);
      expect(sheetRows).toHaveLength(8);
      for (const row of sheetRows) {
        const wanted = expected.get(row[0] as string)!;
        expect(row[sheetHeader!.indexOf("correct")]).toBe(wanted.correct);
        expect(row[sheetHeader!.indexOf("passed")]).toBe(wanted.passed);
        expect(row[sheetHeader!.indexOf("fullName")]).toBe(wanted.fullName);
      }
    });

    it("CSV and XLSX of the item statistics match the stored statistics", async () => {
      const { body } = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}/items`,
      );
      const stored = new Map(
        (
          body.items as {
            itemId: string;
            facility: number;
            drawn: number;
            flags: string[];
          }[]
        ).map((item) => [item.itemId, item]),
      );
      const csv = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}/items.csv`,
      );
      const [header, ...rows] = parseCsv((csv.body as Buffer).toString("utf8"));
      expect(rows).toHaveLength(12);
      const xlsx = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}/items.xlsx?language=all`,
      );
      const [sheetHeader, ...sheetRows] = await parseXlsx(xlsx.body as Buffer);
      expect(sheetHeader).toEqual(header);
      for (const [index, row] of rows.entries()) {
        const item = stored.get(row[0]!)!;
        expect(Number(row[header!.indexOf("facility")])).toBeCloseTo(
          item.facility,
          4,
        );
        expect(Number(row[header!.indexOf("drawn")])).toBe(item.drawn);
        expect(row[header!.indexOf("flags")]).toBe(item.flags.join(" "));
        expect(sheetRows[index]![0]).toBe(row[0]);
        expect(sheetRows[index]![sheetHeader!.indexOf("facility")]).toBeCloseTo(
          item.facility,
          4,
        );
      }
      expect(
        rows.find((row) => row[0] === PLANTED)![header!.indexOf("flags")],
      ).toContain("distractor_over_key");
    });

    it("gives administrators the item statistics and exports without the keys, managers with them", async () => {
      type Shares = {
        itemId: string;
        optionShares: { optionId: string; key?: boolean; share: number }[];
      }[];
      const asManager = (
        await slot.manager.get(`/analytics/programs/${ANALYTICS_PROGRAM}/items`)
      ).body.items as Shares;
      const asAdministrator = (
        await slot.administrator.get(
          `/analytics/programs/${ANALYTICS_PROGRAM}/items`,
        )
      ).body.items as Shares;
      expect(
        asManager
          .find((item) => item.itemId === PLANTED)!
          .optionShares.filter((option) => option.key)
          .map((option) => option.optionId),
      ).toEqual(["b"]);
      // The same shares, without a trace of which option is the key.
      expect(
        asAdministrator.map((item) =>
          item.optionShares.map(({ optionId, share }) => ({ optionId, share })),
        ),
      ).toEqual(
        asManager.map((item) =>
          item.optionShares.map(({ optionId, share }) => ({ optionId, share })),
        ),
      );
      expect(JSON.stringify(asAdministrator)).not.toMatch(/"key"/);
      const slotView = (
        await slot.administrator.get(`/analytics/slots/${slot.slotId}`)
      ).body;
      expect(slotView.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(slotView)).not.toMatch(/"key"/);
      expect(
        JSON.stringify(
          (await slot.manager.get(`/analytics/slots/${slot.slotId}`)).body,
        ),
      ).toMatch(/"key":true/);

      const managerCsv = parseCsv(
        (
          (
            await slot.manager.get(
              `/analytics/programs/${ANALYTICS_PROGRAM}/items.csv`,
            )
          ).body as Buffer
        ).toString("utf8"),
      );
      const adminCsv = parseCsv(
        (
          (
            await slot.administrator.get(
              `/analytics/programs/${ANALYTICS_PROGRAM}/items.csv`,
            )
          ).body as Buffer
        ).toString("utf8"),
      );
      expect(managerCsv[0]).toContain("keys");
      expect(adminCsv[0]).not.toContain("keys");
      expect(adminCsv[0]).toEqual(
        managerCsv[0]!.filter((column) => column !== "keys"),
      );
      const [sheetHeader] = await parseXlsx(
        (
          await slot.administrator.get(
            `/analytics/programs/${ANALYTICS_PROGRAM}/items.xlsx`,
          )
        ).body as Buffer,
      );
      expect(sheetHeader).toEqual(adminCsv[0]);
    });

    it("the JSON archive verifies with audit:verify, and fails at the first edit", async () => {
      const response = await slot.administrator.get(
        `/analytics/slots/${slot.slotId}/archive.json`,
      );
      expect(response.status).toBe(200);
      const archive = response.body as {
        attempts: {
          id: string;
          answers: Record<string, { response: string[] }>;
        }[];
        bookings: Record<string, unknown>[];
        audit: { entries: { id: string; action: string; data: string }[] };
      };
      expect(archive.attempts).toHaveLength(8);
      expect(archive.bookings).toHaveLength(8);
      expect(archive.bookings[0]).not.toHaveProperty("codeHash");
      expect(verifyArchive(archive)).toMatchObject({ ok: true });

      const intact = path.join(dir, "intact.json");
      writeFileSync(intact, JSON.stringify(archive));
      const good = await auditVerifyFile(intact);
      expect(good.code).toBe(0);
      expect(good.output).toMatch(/intact, \d+ entries/);

      // An answer changed in the file: the chain still holds, the answer does not match it.
      const answerEdited = JSON.parse(
        readFileSync(intact, "utf8"),
      ) as typeof archive;
      const target = answerEdited.attempts[0]!;
      target.answers[PLANTED]!.response = ["b"];
      writeFileSync(
        path.join(dir, "answer.json"),
        JSON.stringify(answerEdited),
      );
      const badAnswer = await auditVerifyFile(path.join(dir, "answer.json"));
      expect(badAnswer.code).toBe(1);
      expect(badAnswer.output).toContain(
        `BROKEN at attempt ${target.id} answer ${PLANTED}`,
      );

      // An audit entry edited: the first broken entry is named.
      const entryEdited = JSON.parse(
        readFileSync(intact, "utf8"),
      ) as typeof archive;
      const entry = entryEdited.audit.entries.find(
        (candidate) => candidate.action === "answer.saved",
      )!;
      entry.data = entry.data.replace(/"seq":\d+/, '"seq":999');
      writeFileSync(path.join(dir, "entry.json"), JSON.stringify(entryEdited));
      const badEntry = await auditVerifyFile(path.join(dir, "entry.json"));
      expect(badEntry.code).toBe(1);
      expect(badEntry.output).toContain(`BROKEN at ${entry.id}`);
    }, 60_000);
  });

  describe("access and recomputation", () => {
    it("lets the manager recompute, not the administrator; operators and reviewers see nothing", async () => {
      const refused = await slot.administrator.post(
        `/analytics/slots/${slot.slotId}/recompute`,
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.id).toBe("forbidden");
      expect(
        (await slot.operator.get(`/analytics/slots/${slot.slotId}`)).status,
      ).toBe(403);
      const reviewer = (await signedInStaff(app, "reviewer")).client;
      expect(
        (await reviewer.get(`/analytics/programs/${ANALYTICS_PROGRAM}/items`))
          .status,
      ).toBe(403);

      const before = (await slot.manager.get(`/analytics/slots/${slot.slotId}`))
        .body.computedAt as number;
      const queued = await slot.manager.post(
        `/analytics/slots/${slot.slotId}/recompute`,
      );
      expect(queued.status).toBe(202);
      const after = await eventually(async () => {
        const { body } = await slot.manager.get(
          `/analytics/slots/${slot.slotId}`,
        );
        return body.computedAt > before ? body : undefined;
      }, 20_000);
      expect(after.computedAt).toBeGreaterThanOrEqual(queued.body.requestedAt);
      expect(after.distribution.passRate).toBe(0.5);
      expect(PLAN).toHaveLength(after.distribution.candidates);
    });
  });

  describe("data follows scope", () => {
    it("gives staff of one center that center's slots only, in a program's report and in compliance", async () => {
      // The same stored analytics, as if a slot of another center had run.
      const elsewhere = await slot.manager.post("/centers", {
        name: { kk: "Басқа", ru: "Другой", en: "Elsewhere" },
        address: { kk: "А", ru: "А", en: "A" },
      });
      expect(elsewhere.status).toBe(201);
      const stored = (await getSlotAnalytics(app.redis, slot.slotId))!;
      expect(
        await saveSlotAnalytics(app.redis, {
          ...stored,
          slotId: "slot-elsewhere",
          centerId: elsewhere.body.id as string,
        }),
      ).toBe(true);
      const ownCenter = (
        await signedInStaff(app, "administrator", undefined, {
          kind: "centers",
          centerIds: [slot.place.centerId],
        })
      ).client;

      const report = await ownCenter.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}`,
      );
      expect(
        report.body.slots.map((entry: { slotId: string }) => entry.slotId),
      ).toEqual([slot.slotId]);
      expect(report.body.distribution.candidates).toBe(8);
      const network = await slot.manager.get(
        `/analytics/programs/${ANALYTICS_PROGRAM}`,
      );
      expect(
        new Set(
          network.body.slots.map((entry: { slotId: string }) => entry.slotId),
        ),
      ).toEqual(new Set([slot.slotId, "slot-elsewhere"]));
      expect(network.body.distribution.candidates).toBe(16);

      const compliance = await ownCenter.get(
        `/analytics/centers/${slot.place.centerId}/compliance`,
      );
      expect(
        compliance.body.slots.map((entry: { slotId: string }) => entry.slotId),
      ).toEqual([slot.slotId]);
      expect(
        (
          await ownCenter.get(
            `/analytics/centers/${elsewhere.body.id as string}/compliance`,
          )
        ).body.error.id,
      ).toBe("out_of_scope");
      expect(
        (await ownCenter.get(`/analytics/programs/${ANALYTICS_PROGRAM}/items`))
          .body.error.id,
      ).toBe("out_of_scope");
    });
  });
});
