import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import {
  bookingKeys,
  getBooking,
} from "../../server/src/modules/booking/repository";
import { sweepNoShows } from "../../server/src/modules/booking/service";
import type { TestApp } from "../support/app";
import {
  codeHeader,
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  redisNowMs,
  startBookingApp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const [booked, admitted, cancelled, later] = syntheticIins(4, 900) as [
  string,
  string,
  string,
  string,
];

describe("no-shows (job slot.no-show)", () => {
  let app: TestApp;
  let manager: ApiClient;
  let public_: ApiClient;

  beforeAll(async () => {
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    public_ = new ApiClient(app.url);
  });
  afterAll(() => app.stop());

  it("marks bookings never admitted as no_show at the late-admission cutoff, and nothing else", async () => {
    const place = await createPlace(manager, 5);
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      startsAt: now + 3_000,
      bookingCutoffAt: now + 3_000,
      lateAdmissionCutoffAt: now + 4_000,
    });
    const ids: Record<string, string> = {};
    const codes: Record<string, string> = {};
    for (const iin of [booked, admitted, cancelled]) {
      const response = await public_.post(
        "/bookings",
        bookingBody(slot.id, iin),
      );
      expect(response.status).toBe(201);
      ids[iin] = response.body.id;
      codes[iin] = response.body.code;
    }
    // What admission does to a booking (the engine's script).
    await app.redis.hset(
      bookingKeys.booking(ids[admitted] ?? ""),
      "status",
      "admitted",
    );
    await public_.delete(
      `/bookings/${ids[cancelled]}`,
      codeHeader(codes[cancelled] ?? ""),
    );

    const job = await app.synaq.ctx.queues.counts();
    expect(job["slot.no-show"]?.delayed).toBeGreaterThanOrEqual(1);

    await eventually(async () =>
      (await getBooking(app.redis, ids[booked] ?? ""))?.status === "no_show"
        ? true
        : undefined,
    );
    expect((await getBooking(app.redis, ids[admitted] ?? ""))?.status).toBe(
      "admitted",
    );
    expect((await getBooking(app.redis, ids[cancelled] ?? ""))?.status).toBe(
      "cancelled",
    );
    expect(await app.redis.hget(`slot:${slot.id}`, "noShowSweptAt")).toMatch(
      /^\d+$/,
    );

    const view = await public_.get(
      `/bookings/${ids[booked]}`,
      codeHeader(codes[booked] ?? ""),
    );
    expect(view.body.status).toBe("no_show");
    const roster = await manager.get(`/slots/${slot.id}/roster`);
    expect(
      roster.body.entries.map((entry: { status: string }) => entry.status),
    ).toEqual(["no_show", "admitted", "cancelled"]);

    const noShows = await readAudit(
      app.redis,
      `slot:${slot.id}`,
      (entry) => entry.action === "booking.no_show",
    );
    expect(noShows).toEqual([
      expect.objectContaining({
        actor: "system:no-show",
        subject: `booking:${ids[booked]}`,
        data: { iin: booked },
      }),
    ]);

    // Delivered again: nothing changes, nothing is audited twice.
    await sweepNoShows(app.synaq.ctx, slot.id);
    expect(
      await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (entry) => entry.action === "booking.no_show",
      ),
    ).toHaveLength(1);
    expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
      true,
    );

    // A no-show no longer blocks booking the program again.
    const next = await createSlot(app, manager, place);
    expect(
      (await public_.post("/bookings", bookingBody(next.id, booked))).status,
    ).toBe(201);
  });

  it("refuses to run before the cutoff (Redis time) and changes nothing", async () => {
    const place = await createPlace(manager, 2);
    const slot = await createSlot(app, manager, place);
    const response = await public_.post(
      "/bookings",
      bookingBody(slot.id, later),
    );
    await expect(sweepNoShows(app.synaq.ctx, slot.id)).rejects.toThrow(
      /before the cutoff/,
    );
    expect((await getBooking(app.redis, response.body.id))?.status).toBe(
      "booked",
    );
    expect(
      await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (entry) => entry.action === "booking.no_show",
      ),
    ).toEqual([]);
  });
});
