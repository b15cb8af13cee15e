/**
 * Rooms in three languages (issue 24): a room is named in Kazakh, Russian
 * and English like a center; a room made with one name (or stored before
 * names in three languages) shows it in all three until a manager renames
 * it; the slot the portal shows carries every name, and the receipt prints
 * the Kazakh and the Russian one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import type { TestApp } from "../support/app";
import {
  CORPS_B,
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  freshIp,
  startBookingApp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

describe("room names in three languages", () => {
  let app: TestApp;
  let manager: ApiClient;
  let administrator: ApiClient;

  beforeAll(async () => {
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
  });
  afterAll(() => app.stop());

  it("keeps a room's three names, and fills one name into all three", async () => {
    const place = await createPlace(manager, 2, "Зал 2");
    const named = await manager.post(`/centers/${place.centerId}/rooms`, {
      names: { kk: "3-зал", ru: "Зал 3", en: "Room 3" },
    });
    expect(named.status).toBe(201);
    expect(named.body.names).toEqual({
      kk: "3-зал",
      ru: "Зал 3",
      en: "Room 3",
    });
    const rooms = (await manager.get(`/centers/${place.centerId}/rooms`)).body;
    expect(rooms.map((room: { names: unknown }) => room.names)).toEqual([
      { kk: "Зал 2", ru: "Зал 2", en: "Зал 2" },
      { kk: "3-зал", ru: "Зал 3", en: "Room 3" },
    ]);
    const empty = await manager.post(`/centers/${place.centerId}/rooms`, {
      names: { kk: " ", ru: "", en: "" },
    });
    expect(empty.status).toBe(400);
  });

  it("reads a room stored with one name as that name in every language, until renamed", async () => {
    const place = await createPlace(manager, 2);
    // A room as stored before names in three languages.
    await app.redis.hdel(`room:${place.roomId}`, "nameKk", "nameRu", "nameEn");
    await app.redis.hset(`room:${place.roomId}`, "name", "Зал 7");
    const before = (await manager.get(`/centers/${place.centerId}/rooms`)).body;
    expect(before[0].names).toEqual({ kk: "Зал 7", ru: "Зал 7", en: "Зал 7" });

    const refused = await administrator.put(`/rooms/${place.roomId}/names`, {
      names: { kk: "7-зал", ru: "Зал 7", en: "Room 7" },
    });
    expect(refused.status).toBe(403);
    const renamed = await manager.put(`/rooms/${place.roomId}/names`, {
      names: { kk: "7-зал", ru: "Зал 7", en: "Room 7" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: "Зал 7",
      names: { kk: "7-зал", ru: "Зал 7", en: "Room 7" },
      seatCount: 2,
    });
    const audit = await readAudit(
      app.redis,
      `center:${place.centerId}`,
      (entry) => entry.action === "room.renamed",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(`room:${place.roomId}`);
    expect(audit[0]!.data).toMatchObject({ kk: "7-зал", en: "Room 7" });
    expect((await manager.put("/rooms/nope/names", { name: "X" })).status).toBe(
      404,
    );
  });

  it("gives the portal every name and prints the Kazakh and Russian ones on the receipt", async () => {
    const place = await createPlace(manager, 2);
    await manager.put(`/rooms/${place.roomId}/names`, {
      names: { kk: "4-зал", ru: "Зал 4", en: "Room 4" },
    });
    const slot = await createSlot(app, manager, place, { programId: CORPS_B });
    const [iin] = syntheticIins(1, 8800);
    const created = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, iin!, { programId: CORPS_B }),
      freshIp(),
    );
    expect(created.status).toBe(201);
    const code = created.body.code as string;
    const status = await new ApiClient(app.url).get(
      `/bookings/${created.body.id}`,
      codeHeader(encodeURIComponent(code), freshIp()),
    );
    expect(status.body.slot.room.names).toEqual({
      kk: "4-зал",
      ru: "Зал 4",
      en: "Room 4",
    });
    const pdf = await new ApiClient(app.url).get(
      `/bookings/${created.body.id}/receipt.pdf`,
      codeHeader(encodeURIComponent(code), freshIp()),
    );
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "synaq-room-receipt-"));
    try {
      const file = path.join(dir, "receipt.pdf");
      writeFileSync(file, pdf.body as Buffer);
      const text = spawnSync("pdftotext", ["-layout", file, "-"], {
        encoding: "utf8",
      }).stdout.replace(/\s+/g, " ");
      expect(text).toContain("4-зал / Зал 4");
      expect(text).not.toContain("Room 4");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
