import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkToday } from "../../server/shared/network";
import { wallClockAt } from "../../server/shared/time";
import { demoSeeders } from "../../server/src/modules";
import { listAccounts } from "../../server/src/modules/accounts/repository";
import { registerAccount } from "../../server/src/modules/accounts/service";
import {
  DEMO_CENTER,
  DEMO_CENTER_B,
} from "../../server/src/modules/demo/center-seed";
import { listCenters } from "../../server/src/modules/centers/repository";
import { listSlotsStartingBetween } from "../../server/src/modules/slots/repository";
import { registerCenter } from "../../server/src/modules/centers/service";
import { DEMO_ACCOUNTS, seedDemo } from "../../server/src/modules/demo/seed";
import { dayBounds } from "../../server/src/modules/network/service";
import type { TestApp } from "../support/app";
import {
  CORPS_B,
  bookingBody,
  freshIp,
  redisNowMs,
  startBookingApp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ASTANA = DEMO_CENTER.name.en;
const ALMATY = DEMO_CENTER_B.name.en;
const DAY = 24 * 3600_000;

/** A client signed in as a demo account (its DEMO ONLY password). */
async function demoClient(app: TestApp, username: string) {
  const account = DEMO_ACCOUNTS.find((entry) => entry.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  const client = new ApiClient(app.url);
  await client.login(account.username, account.password);
  return client;
}

describe("a network of demo centers", () => {
  let app: TestApp;
  let network: ApiClient;
  let anonymous: ApiClient;
  let centers: Map<string, string>;

  beforeAll(async () => {
    app = await startBookingApp({ SEED_DEMO: "true" });
    network = await demoClient(app, "network");
    anonymous = new ApiClient(app.url);
    centers = new Map(
      (await listCenters(app.redis)).map((center) => [
        center.name.en,
        center.id,
      ]),
    );
  }, 60_000);
  afterAll(() => app.stop());

  const idOf = (name: string) => centers.get(name) ?? "missing";

  describe("the demo seed", () => {
    it("opens two centers in two regions, each with bookable slots on the portal", async () => {
      expect([...centers.keys()]).toEqual([ASTANA, ALMATY]);
      const listed = await anonymous.get("/centers", freshIp());
      expect(
        listed.body.map(
          (center: { name: { en: string }; region?: { code: string } }) => [
            center.name.en,
            center.region?.code,
          ],
        ),
      ).toEqual([
        [ASTANA, "astana"],
        [ALMATY, "almaty"],
      ]);
      const slots = await anonymous.get("/slots", freshIp());
      for (const name of [ASTANA, ALMATY]) {
        const own = slots.body.filter(
          (slot: {
            center: { id: string };
            freeSeats: number;
            open: boolean;
          }) =>
            slot.center.id === idOf(name) && slot.open && slot.freeSeats > 0,
        );
        expect(own.length, name).toBeGreaterThanOrEqual(4);
      }
    });

    it("gives each center its own staff and one network manager", async () => {
      const session = async (username: string) =>
        (await (await demoClient(app, username)).get("/auth/session")).body
          .account;
      const astana = { kind: "centers", centerIds: [idOf(ASTANA)] };
      const almaty = { kind: "centers", centerIds: [idOf(ALMATY)] };
      expect(await session("admin")).toMatchObject({
        role: "administrator",
        scope: astana,
      });
      expect(await session("admin2")).toMatchObject({
        role: "administrator",
        scope: almaty,
      });
      expect(await session("operator2")).toMatchObject({
        role: "operator",
        scope: almaty,
      });
      expect(await session("manager2")).toMatchObject({
        role: "manager",
        scope: almaty,
      });
      expect(await session("reviewer")).toMatchObject({
        scope: { kind: "network" },
      });
      expect((await network.get("/auth/session")).body.account).toMatchObject({
        role: "network-manager",
        scope: { kind: "network" },
      });
      const accounts = await listAccounts(app.redis);
      expect(accounts.map((account) => account.username).sort()).toEqual(
        DEMO_ACCOUNTS.map((account) => account.username).sort(),
      );
      expect(accounts.every((account) => account.demo === true)).toBe(true);
    });

    it("changes nothing when run again", async () => {
      const now = await redisNowMs(app);
      const before = await listSlotsStartingBetween(
        app.redis,
        now,
        now + 5 * DAY,
      );
      const accountsBefore = await listAccounts(app.redis);
      await seedDemo(app.synaq.ctx, demoSeeders);
      const after = await listSlotsStartingBetween(
        app.redis,
        now,
        now + 5 * DAY,
      );
      expect((await listCenters(app.redis)).map((c) => c.id)).toEqual([
        idOf(ASTANA),
        idOf(ALMATY),
      ]);
      expect(after.map((slot) => [slot.id, slot.bookedSeats])).toEqual(
        before.map((slot) => [slot.id, slot.bookedSeats]),
      );
      expect((await listAccounts(app.redis)).map((a) => a.id).sort()).toEqual(
        accountsBefore.map((a) => a.id).sort(),
      );
    });
  });

  describe("the region filter", () => {
    it("GET /centers?region= lists only that region's centers", async () => {
      const almaty = await anonymous.get("/centers?region=almaty", freshIp());
      expect(almaty.status).toBe(200);
      expect(almaty.body.map((center: { id: string }) => center.id)).toEqual([
        idOf(ALMATY),
      ]);
      expect(almaty.body[0].region).toEqual({
        code: "almaty",
        title: { kk: "Алматы", ru: "Алматы", en: "Almaty" },
      });
      const none = await anonymous.get("/centers?region=turkistan", freshIp());
      expect(none.body).toEqual([]);
    });

    it("GET /slots?region= lists only the slots of that region's centers", async () => {
      const all = await anonymous.get("/slots", freshIp());
      const astana = await anonymous.get("/slots?region=astana", freshIp());
      const almaty = await anonymous.get("/slots?region=almaty", freshIp());
      const centersOf = (slots: { center: { id: string } }[]) =>
        new Set(slots.map((slot) => slot.center.id));
      expect(centersOf(astana.body)).toEqual(new Set([idOf(ASTANA)]));
      expect(centersOf(almaty.body)).toEqual(new Set([idOf(ALMATY)]));
      expect(astana.body.length + almaty.body.length).toBe(all.body.length);
      const unknown = await anonymous.get("/slots?region=turkistan", freshIp());
      expect(unknown.body).toEqual([]);
    });

    it("takes a region when a center is opened", async () => {
      const { client: manager } = await signedInStaff(app, "manager");
      const opened = await manager.post("/centers", {
        name: { kk: "Шымкент", ru: "Шымкент", en: "Shymkent center" },
        address: { kk: "Шымкент", ru: "Шымкент", en: "Shymkent" },
        region: {
          code: "shymkent",
          title: { kk: "Шымкент", ru: "Шымкент", en: "Shymkent" },
        },
      });
      expect(opened.status).toBe(201);
      expect(opened.body.region.code).toBe("shymkent");
      const bad = await manager.post("/centers", {
        name: { kk: "X", ru: "X", en: "X" },
        address: { kk: "X", ru: "X", en: "X" },
        region: { code: "Not A Code", title: { kk: "X", ru: "X", en: "X" } },
      });
      expect(bad.status).toBe(400);
      const shymkent = await anonymous.get(
        "/centers?region=shymkent",
        freshIp(),
      );
      expect(shymkent.body.map((center: { id: string }) => center.id)).toEqual([
        opened.body.id,
      ]);
    });
  });

  describe("GET /api/v1/network/today", () => {
    /** Today's slots of a center, read from Redis apart from the route. */
    async function todaysSlots(name: string) {
      const now = await redisNowMs(app);
      const { from, to } = dayBounds(now, "Asia/Almaty");
      return (await listSlotsStartingBetween(app.redis, from, to - 1)).filter(
        (slot) => slot.centerId === idOf(name) && slot.status === "open",
      );
    }

    it("gives the network manager every center's slots of today with their counts", async () => {
      // A candidate books a seat in Almaty: the network's day shows it.
      const [almatySlot] = await todaysSlots(ALMATY);
      if (almatySlot) {
        const [iin = ""] = syntheticIins(1, 4000);
        const booked = await anonymous.post(
          "/bookings",
          bookingBody(almatySlot.id, iin, { programId: almatySlot.programId }),
          freshIp(),
        );
        expect(booked.status).toBe(201);
      }

      const response = await network.get("/network/today");
      expect(response.status).toBe(200);
      const today = response.body as NetworkToday;
      const day = (name: string) =>
        today.centers.find((entry) => entry.center.id === idOf(name));
      expect(day(ASTANA)).toBeDefined();
      expect(day(ALMATY)).toBeDefined();
      for (const name of [ASTANA, ALMATY]) {
        expect(
          day(name)?.slots.map((slot) => slot.id),
          name,
        ).toEqual((await todaysSlots(name)).map((slot) => slot.id));
        expect(day(name)?.compliance.map((stage) => stage.stage)).toEqual([
          "booking",
          "admission",
          "instructions",
          "test",
          "signed",
          "issued",
          "handedOver",
        ]);
      }

      // Late in the evening the soon slots fall on tomorrow: nothing to count.
      const local = wallClockAt(await redisNowMs(app), "Asia/Almaty");
      if (local.hour < 23) {
        expect(day(ALMATY)?.slots.length).toBeGreaterThan(0);
        expect(day(ALMATY)?.totals.booked).toBe(1);
        // The three demo bookings sit on Astana's soonest corps-b slot.
        const seeded = day(ASTANA)?.slots.find(
          (slot) => slot.program.id === CORPS_B && slot.counts.booked > 0,
        );
        expect(seeded?.counts).toMatchObject({
          booked: 3,
          admitted: 0,
          testing: 0,
          finished: 0,
          incidents: 0,
        });
        expect(seeded?.program.titles.en).toBeTruthy();
        expect(seeded?.room.name).toBe("Зал 1");
      }
      const sum = (key: "booked" | "incidents") =>
        today.centers.reduce((total, entry) => total + entry.totals[key], 0);
      expect(today.totals.booked).toBe(sum("booked"));
      expect(today.totals.incidents).toBe(sum("incidents"));
    });

    it("refuses a center's manager (out_of_scope) and hall staff (forbidden)", async () => {
      const manager2 = await (
        await demoClient(app, "manager2")
      ).get("/network/today");
      expect(manager2.status).toBe(403);
      expect(manager2.body.error.id).toBe("out_of_scope");
      const admin2 = await (
        await demoClient(app, "admin2")
      ).get("/network/today");
      expect(admin2.status).toBe(403);
      expect(admin2.body.error.id).toBe("forbidden");
      expect((await anonymous.get("/network/today")).status).toBe(401);
    });
  });
});

describe("a demo data folder from before the network", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startBookingApp();
  });
  afterAll(() => app.stop());

  it("gets the Almaty center and its staff; the Astana center gets its region and keeps its id and accounts", async () => {
    const ctx = app.synaq.ctx;
    // What a demo start of the previous version left: one center, no
    // region, four accounts without scopes (they serve the network).
    const { region: _region, ...withoutRegion } = DEMO_CENTER;
    const old = await registerCenter(ctx, withoutRegion, "system:demo-seed");
    for (const account of DEMO_ACCOUNTS.slice(0, 4)) {
      const { serves: _serves, ...input } = account;
      await registerAccount(ctx, input, "system:demo-seed", { demo: true });
    }
    const oldAccounts = await listAccounts(app.redis);

    await seedDemo(ctx, demoSeeders);

    const centers = await listCenters(app.redis);
    expect(
      centers.map((center) => [center.name.en, center.region?.code]),
    ).toEqual([
      [ASTANA, "astana"],
      [ALMATY, "almaty"],
    ]);
    expect(centers[0]?.id).toBe(old.id);
    const accounts = await listAccounts(app.redis);
    expect(accounts.map((account) => account.username).sort()).toEqual(
      DEMO_ACCOUNTS.map((account) => account.username).sort(),
    );
    for (const before of oldAccounts) {
      expect(accounts.find((account) => account.id === before.id)).toEqual(
        before,
      );
    }
    expect(
      accounts.find((account) => account.username === "admin2")?.scope,
    ).toEqual({ kind: "centers", centerIds: [centers[1]?.id] });
    const now = await redisNowMs(app);
    const slots = await listSlotsStartingBetween(app.redis, now, now + 5 * DAY);
    expect(slots.some((slot) => slot.centerId === centers[1]?.id)).toBe(true);
  });
});
