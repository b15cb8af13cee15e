import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_VERSION } from "../../server/shared/booking";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { listSlotBookings } from "../../server/src/modules/booking/repository";
import { runRosterImport } from "../../server/src/modules/roster/service";
import type { TestApp } from "../support/app";
import {
  RU_ONLY,
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const pool = syntheticIins(100, 500);
let taken = 0;
/** Five IINs no earlier test has booked. */
const freshIins = () => {
  const iins = pool.slice(taken, taken + 5);
  taken += 5;
  return iins as [string, string, string, string, string];
};

describe("roster import (POST /api/v1/slots/:id/roster-imports)", () => {
  let app: TestApp;
  let manager: ApiClient;
  let admin: ApiClient;
  let adminId: string;
  let place: Place;

  beforeAll(async () => {
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    const desk = await signedInStaff(app, "administrator");
    admin = desk.client;
    adminId = desk.account.id;
    place = await createPlace(manager, 10);
  });
  afterAll(() => app.stop());

  /** Submits a CSV and waits for the job's verdict. */
  async function importCsv(slotId: string, csv: string) {
    const accepted = await admin.post(`/slots/${slotId}/roster-imports`, {
      csv,
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ importId: expect.any(String) });
    return eventually(async () => {
      const report = await admin.get(
        `/roster-imports/${accepted.body.importId}`,
      );
      return report.body.status === "queued" ? undefined : report.body;
    });
  }

  it("books every row, with the importing staff member as the one who collected consent", async () => {
    const [a, b, c] = freshIins();
    const slot = await createSlot(app, manager, place);
    const report = await importCsv(
      slot.id,
      `iin,fullName,language,phone\n${a},Асқар Қасымов,kk,+7 701 111 11 11\n${b},"Петрова, Анна",ru,\n${c},Дәурен Омаров,KK,\n`,
    );
    expect(report).toMatchObject({
      slotId: slot.id,
      status: "done",
      imported: 3,
      rows: [
        { line: 2, iin: a, ok: true },
        { line: 3, iin: b, ok: true },
        { line: 4, iin: c, ok: true },
      ],
      finishedAt: expect.any(String),
    });

    const bookings = await listSlotBookings(app.redis, slot.id);
    expect(
      bookings.map((booking) => [
        booking.iin,
        booking.fullName,
        booking.language,
      ]),
    ).toEqual([
      [a, "Асқар Қасымов", "kk"],
      [b, "Петрова, Анна", "ru"],
      [c, "Дәурен Омаров", "kk"],
    ]);
    expect(bookings[0]).toMatchObject({
      status: "booked",
      source: "import",
      consentVersion: CONSENT_VERSION,
      collectedBy: `staff:${adminId}`,
      collectedByName: "Test administrator",
      phone: "+7 701 111 11 11",
    });

    const roster = await admin.get(`/slots/${slot.id}/roster`);
    expect(
      roster.body.entries.map((entry: { source: string }) => entry.source),
    ).toEqual(["import", "import", "import"]);
    expect((await admin.get(`/slots/${slot.id}`)).body.freeSeats).toBe(7);

    const audit = await readAudit(app.redis, `slot:${slot.id}`);
    expect(
      audit.filter((entry) => entry.action === "booking.created"),
    ).toHaveLength(3);
    expect(audit.at(-1)).toMatchObject({
      action: "roster.imported",
      actor: `staff:${adminId}:administrator`,
      data: { imported: 3 },
    });
    expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
      true,
    );
  });

  it("books nothing when any row is wrong, and reports every row", async () => {
    const [a, b, d, e] = freshIins();
    const slot = await createSlot(app, manager, place);
    const taken = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, d),
    );
    expect(taken.status).toBe(201);

    const report = await importCsv(
      slot.id,
      [
        `${a},Асқар Қасымов,kk`,
        "780322300455,Wrong Check,ru",
        `${b},Анна Петрова,ru`,
        `${a},Асқар Қасымов again,kk`,
        `${d},Already Booked,kk`,
        `${e},Someone,en`,
      ].join("\n"),
    );
    expect(report.status).toBe("rejected");
    expect(report.imported).toBe(0);
    expect(report.rows).toEqual([
      { line: 1, iin: a, ok: true },
      {
        line: 2,
        iin: "780322300455",
        ok: false,
        error: {
          id: "invalid_iin",
          message: expect.stringMatching(/check digit/),
        },
      },
      { line: 3, iin: b, ok: true },
      {
        line: 4,
        iin: a,
        ok: false,
        error: {
          id: "duplicate_in_file",
          message: "The same IIN is on line 1.",
        },
      },
      {
        line: 5,
        iin: d,
        ok: false,
        error: { id: "already_booked", message: expect.any(String) },
      },
      {
        line: 6,
        iin: e,
        ok: false,
        error: { id: "invalid_language", message: expect.any(String) },
      },
    ]);
    // Only the booking made before the import.
    expect(
      (await listSlotBookings(app.redis, slot.id)).map(
        (booking) => booking.iin,
      ),
    ).toEqual([d]);
    const actions = (await readAudit(app.redis, `slot:${slot.id}`)).map(
      (entry) => entry.action,
    );
    expect(
      actions.filter((action) => action === "booking.created"),
    ).toHaveLength(1);
  });

  it("refuses a file with more rows than free seats, marking the rows that do not fit", async () => {
    const [a, b, c] = freshIins();
    const slot = await createSlot(app, manager, place, { seatsOffered: 2 });
    const report = await importCsv(
      slot.id,
      `${a},A,kk\n${b},B,ru\n${c},C,kk\n`,
    );
    expect(report.status).toBe("rejected");
    expect(report.error).toEqual({
      id: "slot_full",
      message: "The file has 3 rows but only 2 seats are free.",
    });
    expect(report.rows.map((row: { ok: boolean }) => row.ok)).toEqual([
      true,
      true,
      false,
    ]);
    expect(report.rows[2].error.id).toBe("slot_full");
    expect(await listSlotBookings(app.redis, slot.id)).toEqual([]);
  });

  it("refuses languages the slot's program does not offer", async () => {
    const [a, b] = freshIins();
    const slot = await createSlot(app, manager, place, { programId: RU_ONLY });
    const report = await importCsv(slot.id, `${a},A,ru\n${b},B,kk\n`);
    expect(report.status).toBe("rejected");
    expect(report.rows[1]).toMatchObject({
      line: 2,
      ok: false,
      error: { id: "language_not_offered" },
    });
    expect(await listSlotBookings(app.redis, slot.id)).toEqual([]);
  });

  it("refuses a malformed file, naming the line", async () => {
    const [a, b] = freshIins();
    const slot = await createSlot(app, manager, place);
    const report = await importCsv(slot.id, `${a},A,kk\n"${b},B,kk\n`);
    expect(report.status).toBe("rejected");
    expect(report.error).toEqual({
      id: "invalid_csv",
      message: expect.stringMatching(/^Line 2:/),
    });
  });

  it("books nothing twice when the job is delivered again", async () => {
    const [e] = freshIins();
    const slot = await createSlot(app, manager, place);
    const accepted = await admin.post(`/slots/${slot.id}/roster-imports`, {
      csv: `${e},E,kk`,
    });
    const importId = accepted.body.importId;
    await eventually(async () => {
      const report = await admin.get(`/roster-imports/${importId}`);
      return report.body.status === "done" ? report.body : undefined;
    });
    await runRosterImport(app.synaq.ctx, importId);
    await runRosterImport(app.synaq.ctx, importId);
    expect(await listSlotBookings(app.redis, slot.id)).toHaveLength(1);
    expect((await admin.get(`/roster-imports/${importId}`)).body.imported).toBe(
      1,
    );
  });

  it("keeps the CSV only until the import is done", async () => {
    const [b] = freshIins();
    const slot = await createSlot(app, manager, place);
    const accepted = await admin.post(`/slots/${slot.id}/roster-imports`, {
      csv: `${b},B,ru`,
    });
    await eventually(async () =>
      (await admin.get(`/roster-imports/${accepted.body.importId}`)).body
        .status === "done"
        ? true
        : undefined,
    );
    expect(
      await app.redis.hexists(`roster-import:${accepted.body.importId}`, "csv"),
    ).toBe(0);
    expect(
      await app.redis.ttl(`roster-import:${accepted.body.importId}`),
    ).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown slot or import, 413 for an oversized file, 403 for operators", async () => {
    const [a] = freshIins();
    expect(
      (await admin.post("/slots/nope/roster-imports", { csv: "x" })).body.error
        .id,
    ).toBe("slot_not_found");
    expect((await admin.get("/roster-imports/nope")).body.error.id).toBe(
      "import_not_found",
    );
    const slot = await createSlot(app, manager, place);
    // A large roster is fine (its own body limit); beyond 3 × 2 MB is not.
    const large = await admin.post(`/slots/${slot.id}/roster-imports`, {
      csv: `${a},${"Ы".repeat(60_000)},kk`,
    });
    expect(large.status).toBe(202);
    const huge = await admin.post(`/slots/${slot.id}/roster-imports`, {
      csv: `${a},${"Ы".repeat(3_300_000)},kk`,
    });
    expect(huge.status).toBe(413);
    const { client: operator } = await signedInStaff(app, "operator");
    expect(
      (await operator.post(`/slots/${slot.id}/roster-imports`, { csv: "x" }))
        .status,
    ).toBe(403);
  });
});
