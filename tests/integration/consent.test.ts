import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_TEXT, CONSENT_VERSION } from "../../server/shared/booking";
import { readAudit } from "../../server/src/modules/audit/repository";
import {
  codeHeader,
  startBookingApp,
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  syntheticIins,
} from "../support/booking";
import type { TestApp } from "../support/app";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** The receipt's text, as a person reading the PDF would see it. */
function receiptText(pdf: Buffer, dir: string): string {
  const file = path.join(
    dir,
    `receipt-${Math.random().toString(36).slice(2)}.pdf`,
  );
  writeFileSync(file, pdf);
  return spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
}

describe("consent to personal-data processing", () => {
  let app: TestApp;
  let work: string;
  let administrator: ApiClient;
  let adminName: string;
  let adminId: string;
  let manager: ApiClient;
  let slotId: string;
  const iins = syntheticIins(4, 1500);

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-consent-"));
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    const admin = await signedInStaff(app, "administrator");
    administrator = admin.client;
    adminName = admin.account.fullName;
    adminId = admin.account.id;
    const place = await createPlace(manager, 4);
    slotId = (await createSlot(app, manager, place)).id;
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("publishes the versioned text in Kazakh, Russian and English", async () => {
    const { body } = await new ApiClient(app.url).get("/consent", freshIp());
    expect(body).toEqual({ version: CONSENT_VERSION, text: CONSENT_TEXT });
    for (const language of ["kk", "ru", "en"] as const)
      expect(body.text[language].length).toBeGreaterThan(100);
  });

  it("refuses a booking without consent and writes nothing", async () => {
    const before = (
      await new ApiClient(app.url).get(`/slots/${slotId}`, freshIp())
    ).body.freeSeats;
    for (const consent of [false, undefined]) {
      const refused = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(slotId, iins[0]!, { consent }),
        freshIp(),
      );
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({
        id: "consent_required",
        details: { consentVersion: CONSENT_VERSION },
      });
      const staff = await administrator.post(
        "/staff/bookings",
        bookingBody(slotId, iins[0]!, { consent }),
      );
      expect(staff.body.error.id).toBe("consent_required");
    }
    expect(
      (await new ApiClient(app.url).get(`/slots/${slotId}`, freshIp())).body
        .freeSeats,
    ).toBe(before);
    expect(await app.redis.exists(`iin:${iins[0]}:bookings`)).toBe(0);
  });

  it("shows the agreed version on the status page and the receipt of an online booking", async () => {
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, iins[1]!),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const view = (
      await new ApiClient(app.url).get(
        `/bookings/${booked.body.id}`,
        codeHeader(booked.body.code, freshIp()),
      )
    ).body;
    expect(view.consentVersion).toBe(CONSENT_VERSION);
    expect(view.consentCollectedBy).toBeUndefined();
    const receipt = await new ApiClient(app.url).get(
      `/bookings/${booked.body.id}/receipt.pdf`,
      codeHeader(booked.body.code, freshIp()),
    );
    const text = receiptText(receipt.body as Buffer, work);
    expect(text).toContain("Согласие на обработку данных");
    expect(text).toContain(CONSENT_VERSION);
    const roster = (await manager.get(`/slots/${slotId}/roster`)).body;
    const entry = roster.entries.find(
      (row: { bookingId: string }) => row.bookingId === booked.body.id,
    );
    expect(entry.consent).toEqual({
      version: CONSENT_VERSION,
      collectedBy: null,
    });
  });

  it("records, shows and audits the staff member who collected a desk booking's consent", async () => {
    const booked = await administrator.post(
      "/staff/bookings",
      bookingBody(slotId, iins[2]!),
    );
    expect(booked.status).toBe(201);
    const view = (
      await new ApiClient(app.url).get(
        `/bookings/${booked.body.id}`,
        codeHeader(booked.body.code, freshIp()),
      )
    ).body;
    expect(view).toMatchObject({
      consentVersion: CONSENT_VERSION,
      consentCollectedBy: adminName,
    });
    const roster = (await manager.get(`/slots/${slotId}/roster`)).body;
    const entry = roster.entries.find(
      (row: { bookingId: string }) => row.bookingId === booked.body.id,
    );
    expect(entry).toMatchObject({
      source: "staff",
      consent: {
        version: CONSENT_VERSION,
        collectedBy: { id: adminId, fullName: adminName },
      },
    });
    const receipt = await new ApiClient(app.url).get(
      `/bookings/${booked.body.id}/receipt.pdf`,
      codeHeader(booked.body.code, freshIp()),
    );
    expect(receiptText(receipt.body as Buffer, work)).toContain(adminName);
    const audit = await readAudit(
      app.redis,
      `slot:${slotId}`,
      (e) =>
        e.subject === `booking:${booked.body.id}` &&
        e.action === "booking.created",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(`staff:${adminId}:administrator`);
    expect(audit[0]!.data).toMatchObject({
      consentVersion: CONSENT_VERSION,
      collectedBy: `staff:${adminId}`,
      source: "staff",
    });
  });
});
