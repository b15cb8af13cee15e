import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffScope } from "../../server/shared/accounts";
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
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { connectConsole, request } from "../support/kiosk";
import { signedInStaff } from "../support/staff";

type Room = Awaited<ReturnType<typeof examRoom>>;

/**
 * A network of two centers, A and B: staff scoped to one center act there
 * and are refused (403 out_of_scope, audited) in the other; accounts made
 * before scopes existed serve the network.
 */
describe("staff scope: two centers", () => {
  let app: TestApp;
  /** Stored without a scope, as every account before scopes: the network. */
  let legacyManager: ApiClient;
  let roomA: Room;
  let roomB: Room;
  let centerA: string;
  let centerB: string;
  let adminA: ApiClient;
  let operatorA: ApiClient;
  let managerA: ApiClient;
  let adminB: ApiClient;
  let operatorB: ApiClient;
  let attemptA: string;
  let attemptB: string;
  let candidateB: TestedCandidate;
  let work: string;
  let adminAAccountId: string;
  let adminBAccountId: string;
  const [iinA, iinB, iinWaiting] = syntheticIins(3, 2500) as [
    string,
    string,
    string,
  ];
  const only = (centerId: string): StaffScope => ({
    kind: "centers",
    centerIds: [centerId],
  });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-scope-"));
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    legacyManager = (await signedInStaff(app, "manager")).client;
    const legacyOperator = (await signedInStaff(app, "operator")).client;
    roomA = await examRoom(
      app,
      { manager: legacyManager, operator: legacyOperator },
      2,
    );
    roomB = await examRoom(
      app,
      { manager: legacyManager, operator: legacyOperator },
      2,
    );
    centerA = roomA.place.centerId;
    centerB = roomB.place.centerId;
    const adminAccountA = await signedInStaff(
      app,
      "administrator",
      undefined,
      only(centerA),
    );
    adminA = adminAccountA.client;
    adminAAccountId = adminAccountA.account.id;
    operatorA = (await signedInStaff(app, "operator", undefined, only(centerA)))
      .client;
    managerA = (await signedInStaff(app, "manager", undefined, only(centerA)))
      .client;
    const adminAccountB = await signedInStaff(
      app,
      "administrator",
      undefined,
      only(centerB),
    );
    adminB = adminAccountB.client;
    adminBAccountId = adminAccountB.account.id;
    operatorB = (await signedInStaff(app, "operator", undefined, only(centerB)))
      .client;
    // Each center's administrator runs a candidate of their own center to a score.
    attemptA = (
      await takeTest(app, roomA, adminA, {
        iin: iinA,
        fullName: "Айгүл Серікқызы Бекова",
      })
    ).attemptId;
    candidateB = await takeTest(app, roomB, adminB, {
      iin: iinB,
      fullName: "Данияр Асқарұлы Нұров",
    });
    attemptB = candidateB.attemptId;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const refusedOutOfScope = (response: {
    status: number;
    body: { error?: { id?: string } };
  }) => {
    expect(response.status, JSON.stringify(response.body)).toBe(403);
    expect(response.body.error?.id).toBe("out_of_scope");
  };

  it("an administrator of A cannot admit, pause, sign or read results in B, and can in A", async () => {
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(roomB.slotId, iinWaiting, { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    refusedOutOfScope(
      await adminA.post(`/slots/${roomB.slotId}/admissions`, {
        iin: iinWaiting,
      }),
    );
    refusedOutOfScope(
      await adminA.post(`/slots/${roomB.slotId}/pause`, {
        reason: "fire alarm",
      }),
    );
    refusedOutOfScope(
      await adminA.post(`/attempts/${attemptB}/pause`, {
        reason: "fire alarm",
      }),
    );
    refusedOutOfScope(await adminA.post(`/attempts/${attemptB}/sign-off`));
    refusedOutOfScope(await adminA.get(`/slots/${roomB.slotId}/results`));
    refusedOutOfScope(await adminA.get(`/attempts/${attemptB}`));
    refusedOutOfScope(await adminA.get(`/slots/${roomB.slotId}/seats`));
    refusedOutOfScope(await adminA.get(`/centers/${centerB}/slots`));

    // Nothing happened in B: the candidate waits unadmitted, the result unsigned.
    const results = await adminB.get(`/slots/${roomB.slotId}/results`);
    expect(results.status).toBe(200);
    expect(results.body).toEqual([
      expect.objectContaining({
        attemptId: attemptB,
        signedAdministrator: null,
      }),
    ]);
    const admitted = await adminB.post(`/slots/${roomB.slotId}/admissions`, {
      iin: iinWaiting,
    });
    expect(admitted.status).toBe(201);

    // At home, all of it works.
    const signed = await adminA.post(`/attempts/${attemptA}/sign-off`);
    expect(signed.status).toBe(200);
    const own = await adminA.get(`/slots/${roomA.slotId}/results`);
    expect(own.status).toBe(200);
    expect(own.body[0].attemptId).toBe(attemptA);
    expect(own.body[0].signedAdministrator).not.toBeNull();
    const slots = await adminA.get(`/centers/${centerA}/slots`);
    expect(slots.status).toBe(200);
    expect(slots.body.map((slot: { id: string }) => slot.id)).toContain(
      roomA.slotId,
    );
  });

  it("the console's slot.watch gives A's seat map to A's administrator and refuses B's", async () => {
    const console_ = await connectConsole(app.url, adminA);
    try {
      const foreign = await request(console_, "slot.watch", {
        slotId: roomB.slotId,
      });
      expect(foreign).toMatchObject({
        ok: false,
        error: { id: "out_of_scope" },
      });
      expect(JSON.stringify(foreign)).not.toContain(attemptB);
      const home = await request(console_, "slot.watch", {
        slotId: roomA.slotId,
      });
      expect(home.ok).toBe(true);
      expect(home.seats).toHaveLength(2);
    } finally {
      console_.close();
    }
    const consoleB = await connectConsole(app.url, adminB);
    try {
      expect(
        (await request(consoleB, "slot.watch", { slotId: roomB.slotId })).ok,
      ).toBe(true);
    } finally {
      consoleB.close();
    }
  });

  it("an operator of A cannot enroll B's seats or revoke B's kiosks, and lists A's kiosks only", async () => {
    refusedOutOfScope(
      await operatorA.post("/kiosks/enrollment-codes", {
        seatId: roomB.place.seatIds[0],
      }),
    );
    const all = await legacyManager.get("/kiosks");
    const kioskOfB = (all.body as { id: string; centerId: string }[]).find(
      (kiosk) => kiosk.centerId === centerB,
    );
    expect(kioskOfB).toBeDefined();
    refusedOutOfScope(await operatorA.post(`/kiosks/${kioskOfB!.id}/revoke`));
    // B's kiosk still works.
    const tokenB = [...roomB.tokens.values()][0]!;
    const me = await fetch(`${app.url}/api/v1/kiosks/me`, {
      headers: { authorization: `Bearer ${tokenB}` },
    });
    expect(me.status).toBe(200);

    const listed = await operatorA.get("/kiosks");
    expect(listed.status).toBe(200);
    const centers = (listed.body as { centerId: string }[]).map(
      (kiosk) => kiosk.centerId,
    );
    expect(centers).toHaveLength(2);
    expect(new Set(centers)).toEqual(new Set([centerA]));
    expect(
      new Set(
        (all.body as { centerId: string }[]).map((kiosk) => kiosk.centerId),
      ),
    ).toEqual(new Set([centerA, centerB]));

    // Nor move one of A's candidates onto a seat of B.
    refusedOutOfScope(
      await operatorA.post(`/attempts/${attemptA}/reseat`, {
        seatId: roomB.place.seatIds[1],
        iin: iinA,
        reason: "kiosk broke",
      }),
    );

    const code = await operatorA.post("/kiosks/enrollment-codes", {
      seatId: roomA.place.seatIds[0],
    });
    expect(code.status).toBe(201);
    const operatorOfB = await operatorB.post(`/kiosks/${kioskOfB!.id}/revoke`);
    expect(operatorOfB.status).toBe(200);
  });

  it("a center manager creates accounts only within their center and never above their role", async () => {
    const account = (username: string, extra: Record<string, unknown>) => ({
      username,
      fullName: "Жаңа қызметкер",
      role: "administrator",
      password: "a-long-enough-passphrase-1",
      ...extra,
    });
    refusedOutOfScope(
      await managerA.post(
        "/accounts",
        account("net-admin", { scope: { kind: "network" } }),
      ),
    );
    refusedOutOfScope(
      await managerA.post(
        "/accounts",
        account("b-admin", { scope: only(centerB) }),
      ),
    );
    refusedOutOfScope(
      await managerA.post(
        "/accounts",
        account("ab-reviewer", {
          role: "reviewer",
          scope: { kind: "centers", centerIds: [centerA, centerB] },
        }),
      ),
    );
    const above = await managerA.post(
      "/accounts",
      account("net-manager", { role: "network-manager" }),
    );
    expect(above.status).toBe(403);
    expect(above.body.error.id).toBe("forbidden");

    // Without a scope: the creator's own center.
    const created = await managerA.post("/accounts", account("a-admin", {}));
    expect(created.status).toBe(201);
    expect(created.body.scope).toEqual(only(centerA));
    const peer = await managerA.post(
      "/accounts",
      account("a-manager", { role: "manager", scope: only(centerA) }),
    );
    expect(peer.status).toBe(201);

    // The list shows A's accounts only; B's cannot be reset or switched off.
    const listed = await managerA.get("/accounts");
    expect(listed.status).toBe(200);
    const ids = (listed.body as { id: string; scope: StaffScope }[]).map(
      (entry) => entry.id,
    );
    expect(ids).toContain(adminAAccountId);
    expect(ids).toContain(created.body.id);
    expect(ids).not.toContain(adminBAccountId);
    expect(
      (listed.body as { scope: StaffScope }[]).every(
        (entry) =>
          JSON.stringify(entry.scope) === JSON.stringify(only(centerA)),
      ),
    ).toBe(true);
    refusedOutOfScope(
      await managerA.post(`/accounts/${adminBAccountId}/reset-password`),
    );
    refusedOutOfScope(
      await managerA.post(`/accounts/${adminBAccountId}/deactivate`),
    );
    expect((await adminB.get("/auth/session")).status).toBe(200);

    // A network manager serves the network whatever is asked, and may make B's staff.
    const network = (await signedInStaff(app, "network-manager")).client;
    const session = await network.get("/auth/session");
    expect(session.body.account.scope).toEqual({ kind: "network" });
    const bManager = await network.post(
      "/accounts",
      account("b-manager", { role: "manager", scope: only(centerB) }),
    );
    expect(bManager.status).toBe(201);
    expect(bManager.body.scope).toEqual(only(centerB));
    const everyone = await network.get("/accounts");
    expect(
      (everyone.body as { id: string }[]).map((entry) => entry.id),
    ).toEqual(expect.arrayContaining([adminAAccountId, adminBAccountId]));
  });

  it("an account stored without a scope serves the network, as before", async () => {
    const session = await legacyManager.get("/auth/session");
    expect(session.body.account.scope).toEqual({ kind: "network" });
    const legacyAdministrator = (await signedInStaff(app, "administrator"))
      .client;
    for (const slotId of [roomA.slotId, roomB.slotId]) {
      expect(
        (await legacyAdministrator.get(`/slots/${slotId}/results`)).status,
      ).toBe(200);
    }
    const kiosks = await legacyManager.get("/kiosks");
    expect(
      new Set(
        (kiosks.body as { centerId: string }[]).map((kiosk) => kiosk.centerId),
      ),
    ).toEqual(new Set([centerA, centerB]));
  });

  it("keeps a program's item statistics and its answer keys to network-wide staff", async () => {
    // Scoped managers are refused whether statistics exist or not.
    refusedOutOfScope(
      await managerA.get(`/analytics/programs/${ENGINE_LONG}/items`),
    );
    refusedOutOfScope(
      await adminA.get(`/analytics/programs/${ENGINE_LONG}/items.csv`),
    );
    const network = await legacyManager.get(
      `/analytics/programs/${ENGINE_LONG}/items`,
    );
    expect(network.body.error?.id).not.toBe("out_of_scope");
    // A new center can only be opened by network-wide staff.
    refusedOutOfScope(
      await managerA.post("/centers", {
        name: { kk: "Жаңа", ru: "Новый", en: "New" },
        address: { kk: "А", ru: "А", en: "A" },
      }),
    );
  });

  it("keeps B's documents and appeals from A's staff and A's reviewers, and gives them to B's", async () => {
    const number = await makeOfficial(
      app,
      { administrator: adminB, operator: operatorB },
      attemptB,
    );
    const pdf = (client: ApiClient) =>
      fetch(`${app.url}/api/v1/certificates/${number}/pdf`, {
        headers: { cookie: client.cookieHeader() },
      });
    const foreignPdf = await pdf(adminA);
    expect(foreignPdf.status).toBe(403);
    expect(
      ((await foreignPdf.json()) as { error: { id: string } }).error.id,
    ).toBe("out_of_scope");
    expect((await pdf(adminB)).status).toBe(200);
    refusedOutOfScope(
      await adminA.post(`/certificates/${number}/revoke`, {
        reason: "wrong person",
      }),
    );

    const appeal = await new ApiClient(app.url).post(
      `/bookings/${candidateB.bookingId}/appeals`,
      { grounds: "technical_failure", text: "The kiosk froze for a minute." },
      codeHeader(candidateB.code, freshIp()),
    );
    expect(appeal.status).toBe(201);
    const appealId = appeal.body.id as string;
    const reviewerA = (
      await signedInStaff(app, "reviewer", undefined, only(centerA))
    ).client;
    const reviewerB = (
      await signedInStaff(app, "reviewer", undefined, only(centerB))
    ).client;
    refusedOutOfScope(await reviewerA.get(`/appeals/${appealId}`));
    refusedOutOfScope(await reviewerA.post(`/appeals/${appealId}/review`));
    expect((await reviewerA.get("/appeals")).body).toEqual([]);
    expect((await reviewerA.get("/appeals/stats")).body).toMatchObject({
      filed: 0,
      open: 0,
    });
    // A manager of B reads B's list, but an appeal shows the key: reviewers decide.
    const managerB = (
      await signedInStaff(app, "manager", undefined, only(centerB))
    ).client;
    expect(
      (await managerB.get("/appeals")).body.map(
        (entry: { id: string }) => entry.id,
      ),
    ).toEqual([appealId]);
    refusedOutOfScope(await managerB.get(`/appeals/${appealId}`));
    const detail = await reviewerB.get(`/appeals/${appealId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.answers.length).toBeGreaterThan(0);
    expect((await reviewerB.get("/appeals/stats")).body).toMatchObject({
      filed: 1,
      open: 1,
    });
  });

  it("audits out-of-scope refusals like forbidden ones: access.refused in the caller's center's stream", async () => {
    refusedOutOfScope(await adminA.post(`/slots/${roomB.slotId}/start`, {}));
    const console_ = await connectConsole(app.url, adminA);
    try {
      expect(
        (await request(console_, "slot.watch", { slotId: roomB.slotId })).ok,
      ).toBe(false);
    } finally {
      console_.close();
    }
    const refusals = await readAudit(
      app.synaq.ctx.redis,
      `center:${centerA}`,
      (entry) =>
        entry.action === "access.refused" &&
        entry.actor === `staff:${adminAAccountId}:administrator`,
    );
    expect(refusals.map((entry) => entry.subject)).toEqual(
      expect.arrayContaining([
        `POST /api/v1/slots/${roomB.slotId}/start`,
        "socket /console slot.watch",
      ]),
    );
    expect(refusals.every((entry) => entry.data.error === "out_of_scope")).toBe(
      true,
    );
  });
});
