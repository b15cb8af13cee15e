import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isWorkingDay,
  endOfWorkingDays,
} from "../../server/shared/working-days";
import { toLocalTime, wallClockAt } from "../../server/shared/time";
import { complaintKeys } from "../../server/src/modules/complaints/repository";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import type { TestApp } from "../support/app";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ZONE = "Asia/Almaty";
const WORKING_DAYS = 5;

/** YYYY-MM-DD of the local day `offset` days after `instant`'s in Almaty. */
function localDate(instant: number, offset = 0): string {
  const wall = wallClockAt(instant, ZONE);
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day + offset))
    .toISOString()
    .slice(0, 10);
}

/**
 * The two working days right after today, made public holidays: whatever
 * day the test runs on, a complaint filed today must skip them (and any
 * weekend) to reach its fifth working day.
 */
function nextTwoWorkingDays(now: number): string[] {
  const days: string[] = [];
  for (let offset = 1; days.length < 2; offset++) {
    const day = localDate(now, offset);
    if (isWorkingDay(day, new Set())) days.push(day);
  }
  return days;
}

let keyCounter = 0;
/** A fresh Idempotency-Key (22+ base64url characters). */
const newKey = () =>
  `complaints-test-key-${String(++keyCounter).padStart(6, "0")}`;

describe("complaints", () => {
  let app: TestApp;
  const holidays = nextTwoWorkingDays(Date.now());
  let manager: ApiClient;
  let reviewer: ApiClient;
  let adminA: ApiClient;
  let adminB: ApiClient;
  let reviewerB: ApiClient;
  let placeA: Place;
  let placeB: Place;
  let slotA: string;
  const iins = syntheticIins(6, 4200);
  let bookingA: { id: string; code: string };
  let bookingB: { id: string; code: string };
  /** c1 status page, c2 desk + booking, c3 desk + refusal slip, c4 desk + center. */
  const complaints: Record<string, { id: string; number: string }> = {};

  const publicClient = () => new ApiClient(app.url);
  const status = async (booking: { id: string; code: string }) =>
    (
      await publicClient().get(
        `/bookings/${booking.id}`,
        codeHeader(booking.code, freshIp()),
      )
    ).body;
  const fileFromStatusPage = (
    booking: { id: string; code: string },
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    publicClient().post(`/bookings/${booking.id}/complaints`, body, {
      ...codeHeader(booking.code, freshIp()),
      ...headers,
    });
  const book = async (slotId: string, iin: string) => {
    const booked = await publicClient().post(
      "/bookings",
      bookingBody(slotId, iin, {
        phone: "+7 701 555 12 34",
        notifyBy: "sms",
        messageLanguage: "kk",
      }),
      freshIp(),
    );
    if (booked.status !== 201) throw new Error(JSON.stringify(booked.body));
    return { id: booked.body.id as string, code: booked.body.code as string };
  };
  const expectedDeadline = (filedAt: string) =>
    endOfWorkingDays({
      from: Date.parse(filedAt),
      timeZone: ZONE,
      workingDays: WORKING_DAYS,
      holidays,
    });

  beforeAll(async () => {
    app = await startBookingApp({ APPEAL_HOLIDAYS: holidays.join(",") });
    manager = (await signedInStaff(app, "manager")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    placeA = await createPlace(manager, 4);
    placeB = await createPlace(manager, 4, "Зал B");
    const centerA = { kind: "centers" as const, centerIds: [placeA.centerId] };
    const centerB = { kind: "centers" as const, centerIds: [placeB.centerId] };
    adminA = (await signedInStaff(app, "administrator", undefined, centerA))
      .client;
    adminB = (await signedInStaff(app, "administrator", undefined, centerB))
      .client;
    reviewerB = (await signedInStaff(app, "reviewer", undefined, centerB))
      .client;
    slotA = (await createSlot(app, manager, placeA)).id;
    const slotB = (await createSlot(app, manager, placeB)).id;
    bookingA = await book(slotA, iins[0]!);
    bookingB = await book(slotB, iins[1]!);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  describe("filing", () => {
    it("files from the status page with the booking code, once per request id", async () => {
      const key = newKey();
      const body = {
        category: "no_show",
        text: "I was in the hall at 9:55 and was marked absent.",
      };
      const filed = await fileFromStatusPage(bookingA, body, {
        "Idempotency-Key": key,
      });
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({
        category: "no_show",
        state: "open",
        number: expect.stringMatching(/^C-\d{4}-\d{6}$/),
      });
      const again = await fileFromStatusPage(bookingA, body, {
        "Idempotency-Key": key,
      });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(filed.body.id);
      expect(again.body.number).toBe(filed.body.number);
      complaints.c1 = filed.body;

      const view = await status(bookingA);
      expect(view.complaints).toEqual([
        expect.objectContaining({
          id: filed.body.id,
          number: filed.body.number,
          category: "no_show",
          state: "open",
          deadlineAt: filed.body.deadlineAt,
        }),
      ]);
    });

    it("refuses a wrong code with 404 and a text too short or too long", async () => {
      const wrong = await fileFromStatusPage(
        { id: bookingA.id, code: "0000000000000000000A" },
        { category: "technical", text: "The kiosk froze twice." },
      );
      expect(wrong.status).toBe(404);
      expect(wrong.body.error.id).toBe("booking_not_found");
      for (const text of ["short", "x".repeat(2001)]) {
        const refused = await fileFromStatusPage(bookingA, {
          category: "technical",
          text,
        });
        expect(refused.status).toBe(400);
      }
    });

    it("sets the deadline at the end of the fifth working day, skipping the weekend and the holidays", () => {
      const filedAt = Date.parse(c1().filedAt);
      const deadline = Date.parse(c1().deadlineAt);
      expect(deadline).toBe(expectedDeadline(c1().filedAt));
      // Counted by hand: the working days from the day after filing to
      // the deadline's last day are exactly five, none of them a holiday.
      const lastDay = localDate(deadline - 1);
      const counted: string[] = [];
      for (let offset = 1; ; offset++) {
        const day = localDate(filedAt, offset);
        if (isWorkingDay(day, new Set(holidays))) counted.push(day);
        if (day === lastDay) break;
      }
      expect(counted).toHaveLength(WORKING_DAYS);
      expect(counted).not.toContain(holidays[0]);
      expect(isWorkingDay(lastDay, new Set(holidays))).toBe(true);
      // The holidays moved it: without them it would come two working
      // days sooner.
      expect(deadline).toBeGreaterThan(
        endOfWorkingDays({
          from: filedAt,
          timeZone: ZONE,
          workingDays: WORKING_DAYS,
          holidays: [],
        }),
      );
      // It ends at local midnight, and the status page names the last day.
      expect(toLocalTime(deadline, ZONE).time).toBe("00:00");
      expect(c1().deadlineDay).toBe(toLocalTime(deadline - 1, ZONE).date);
    });

    it("files at the desk about a booking, and refuses a booking outside the desk's scope", async () => {
      const filed = await adminA.post(
        "/complaints",
        {
          bookingId: bookingA.id,
          category: "staff_conduct",
          text: "The administrator raised her voice at the candidate.",
        },
        { "Idempotency-Key": newKey() },
      );
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({
        source: "desk",
        bookingId: bookingA.id,
        centerId: placeA.centerId,
        fullName: "Асқар Нұрланұлы Серікбаев",
        maskedIin: expect.stringMatching(/\*/),
        state: "open",
      });
      expect(filed.body.deadlineAt).toBe(
        new Date(expectedDeadline(filed.body.filedAt)).toISOString(),
      );
      complaints.c2 = filed.body;
      const outside = await adminA.post("/complaints", {
        bookingId: bookingB.id,
        category: "technical",
        text: "The kiosk in seat A-02 froze twice.",
      });
      expect(outside.status).toBe(403);
      expect(outside.body.error.id).toBe("out_of_scope");
    });

    it("files at the desk without a booking: from a refusal slip, or at a center", async () => {
      const refusal = await adminA.post("/refusals", {
        kind: "admission",
        slotId: slotA,
        iin: iins[2],
        fullName: "Марат Сейітұлы Ахметов",
        reason: "not_on_roster",
      });
      expect(refusal.status).toBe(201);
      const fromSlip = await adminA.post(
        "/complaints",
        {
          category: "admission_refused",
          text: "I booked by phone and was told I am on the list.",
          refusalNumber: refusal.body.number,
          person: {
            fullName: "Марат Сейітұлы Ахметов",
            iin: iins[2],
            phone: "+7 702 000 11 22",
            notifyBy: "sms",
            messageLanguage: "ru",
          },
        },
        { "Idempotency-Key": newKey() },
      );
      expect(fromSlip.status).toBe(201);
      expect(fromSlip.body).toMatchObject({
        centerId: placeA.centerId,
        slotId: slotA,
        refusalNumber: refusal.body.number,
        contact: { phone: "+7 702 000 11 22", messageLanguage: "ru" },
      });
      expect(fromSlip.body.bookingId).toBeUndefined();
      complaints.c3 = fromSlip.body;

      const atCenter = await adminA.post("/complaints", {
        category: "technical",
        text: "The entrance ramp was locked; I could not get in.",
        centerId: placeA.centerId,
        person: {
          fullName: "Айгүл Серікқызы Нұрова",
          iin: iins[3],
          email: "aigul@example.kz",
          messageLanguage: "kk",
        },
      });
      expect(atCenter.status).toBe(201);
      expect(atCenter.body.contact).toMatchObject({ notifyBy: "email" });
      complaints.c4 = atCenter.body;

      const invalidIin = await adminA.post("/complaints", {
        category: "technical",
        text: "The entrance ramp was locked again.",
        centerId: placeA.centerId,
        person: { fullName: "Someone", iin: "123456789012" },
      });
      expect(invalidIin.status).toBe(422);
      expect(invalidIin.body.error.id).toBe("invalid_iin");
      const noPerson = await adminA.post("/complaints", {
        category: "technical",
        text: "The entrance ramp was locked again.",
        centerId: placeA.centerId,
      });
      expect(noPerson.status).toBe(400);
      const otherCenter = await adminA.post("/complaints", {
        category: "technical",
        text: "The entrance ramp was locked again.",
        centerId: placeB.centerId,
        person: { fullName: "Someone", iin: iins[4] },
      });
      expect(otherCenter.status).toBe(403);
    });

    it("gives consecutive registration numbers", async () => {
      const filedB = await fileFromStatusPage(bookingB, {
        category: "technical",
        text: "The screen went black for three minutes.",
      });
      expect(filedB.status).toBe(201);
      complaints.c5 = filedB.body;
      const sequence = ["c1", "c2", "c3", "c4", "c5"].map((name) => {
        const [, year, serial] = /^C-(\d{4})-(\d{6})$/.exec(
          complaints[name]!.number,
        )!;
        return { year, serial: Number(serial) };
      });
      const first = sequence[0]!.serial;
      expect(sequence.map((entry) => entry.serial)).toEqual([
        first,
        first + 1,
        first + 2,
        first + 3,
        first + 4,
      ]);
      expect(new Set(sequence.map((entry) => entry.year)).size).toBe(1);
    });

    it("audits the filing in the slot's stream, or the center's without a slot", async () => {
      const slotEntries = await readAudit(
        app.redis,
        `slot:${slotA}`,
        (entry) => entry.action === "complaint.filed",
      );
      expect(slotEntries.map((entry) => entry.subject)).toEqual(
        expect.arrayContaining([
          `complaint:${c1().id}`,
          `complaint:${complaints.c2!.id}`,
          `complaint:${complaints.c3!.id}`,
        ]),
      );
      const centerEntries = await readAudit(
        app.redis,
        `center:${placeA.centerId}`,
        (entry) => entry.subject === `complaint:${complaints.c4!.id}`,
      );
      expect(centerEntries.map((entry) => entry.action)).toEqual([
        "complaint.filed",
      ]);
      // The audit entry carries no personal data.
      expect(JSON.stringify(centerEntries)).not.toContain(iins[3]);
    });
  });

  describe("the console's list", () => {
    it("shows open complaints with the time left, the overdue first", async () => {
      // c4's deadline passed (as if filed weeks ago).
      const past = Date.now() - 3 * 3600_000;
      await app.redis.hset(
        complaintKeys.complaint(complaints.c4!.id),
        "deadlineAt",
        past,
      );
      await app.redis.zadd(complaintKeys.open, past, complaints.c4!.id);

      const list = await manager.get("/complaints");
      expect(list.status).toBe(200);
      const rows = list.body as {
        id: string;
        overdue: boolean;
        remainingMs: number;
        deadlineAt: string;
      }[];
      expect(rows.map((row) => row.id)).toHaveLength(5);
      expect(rows[0]).toMatchObject({ id: complaints.c4!.id, overdue: true });
      expect(rows[0]!.remainingMs).toBeLessThan(0);
      for (const row of rows.slice(1)) {
        expect(row.overdue).toBe(false);
        expect(row.remainingMs).toBeGreaterThan(24 * 3600_000);
      }
      const deadlines = rows.map((row) => Date.parse(row.deadlineAt));
      expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    });

    it("keeps each center's staff to their own complaints", async () => {
      const listB = await adminB.get("/complaints");
      expect(listB.body.map((row: { id: string }) => row.id)).toEqual([
        complaints.c5!.id,
      ]);
      const listA = await adminA.get("/complaints");
      expect(listA.body.map((row: { id: string }) => row.id)).not.toContain(
        complaints.c5!.id,
      );
      const detail = await adminB.get(`/complaints/${c1().id}`);
      expect(detail.status).toBe(403);
      const decide = await reviewerB.post(`/complaints/${c1().id}/decision`, {
        outcome: "upheld",
        reason: "Out of my centers.",
      });
      expect(decide.status).toBe(403);
      expect(decide.body.error.id).toBe("out_of_scope");
      const byAdministrator = await adminA.post(
        `/complaints/${c1().id}/decision`,
        { outcome: "upheld", reason: "Administrators do not decide." },
      );
      expect(byAdministrator.status).toBe(403);
    });

    it("counts them per center for the period in analytics", async () => {
      const report = await manager.get(
        `/analytics/centers/${placeA.centerId}/compliance`,
      );
      expect(report.status).toBe(200);
      expect(report.body.complaints).toEqual({
        received: 4,
        open: 4,
        overdue: 1,
        decided: 0,
        upheld: 0,
        rejected: 0,
        decidedLate: 0,
      });
      const before = await manager.get(
        `/analytics/centers/${placeA.centerId}/compliance?to=2000-01-01T00:00:00.000Z`,
      );
      expect(before.body.complaints.received).toBe(0);
    });
  });

  describe("the decision", () => {
    it("requires a reason", async () => {
      const missing = await reviewer.post(`/complaints/${c1().id}/decision`, {
        outcome: "rejected",
      });
      expect(missing.status).toBe(400);
      const blank = await reviewer.post(`/complaints/${c1().id}/decision`, {
        outcome: "rejected",
        reason: "  ",
      });
      expect(blank.status).toBe(400);
    });

    it("decides once: a repeat of the request gets the decision, another is 409", async () => {
      const key = newKey();
      const body = {
        outcome: "rejected",
        reason: "The hall log shows the candidate arrived at 10:40.",
      };
      const decided = await reviewer.post(
        `/complaints/${c1().id}/decision`,
        body,
        { "Idempotency-Key": key },
      );
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({
        state: "decided",
        outcome: "rejected",
        reason: body.reason,
        decidedBy: "Test reviewer",
        overdue: false,
        decidedLate: false,
      });
      const repeat = await reviewer.post(
        `/complaints/${c1().id}/decision`,
        body,
        { "Idempotency-Key": key },
      );
      expect(repeat.status).toBe(200);
      expect(repeat.body.decidedAt).toBe(decided.body.decidedAt);
      const second = await manager.post(`/complaints/${c1().id}/decision`, {
        outcome: "upheld",
        reason: "Changed my mind.",
      });
      expect(second.status).toBe(409);
      expect(second.body.error.id).toBe("complaint_already_decided");
      expect(
        decided.body.timeline.map((entry: { action: string }) => entry.action),
      ).toEqual(["complaint.filed", "complaint.decided"]);
    });

    it("shows the decision and the messages on the status page", async () => {
      const view = await eventually(async () => {
        const body = await status(bookingA);
        const kinds = body.messages.map((m: { kind: string }) => m.kind);
        return kinds.includes("complaint.decided") ? body : undefined;
      });
      const c1View = view.complaints.find(
        (complaint: { id: string }) => complaint.id === c1().id,
      );
      expect(c1View).toMatchObject({
        state: "decided",
        outcome: "rejected",
        reason: "The hall log shows the candidate arrived at 10:40.",
      });
      const kinds = view.messages.map((m: { kind: string }) => m.kind);
      // c1 and c2 each told the candidate it was filed; c1 its decision.
      expect(
        kinds.filter((kind: string) => kind === "complaint.filed"),
      ).toHaveLength(2);
      expect(
        kinds.filter((kind: string) => kind === "complaint.decided"),
      ).toHaveLength(1);
    });

    it("tells a person without a booking through the contact written down, in their language", async () => {
      const decided = await reviewer.post(
        `/complaints/${complaints.c3!.id}/decision`,
        {
          outcome: "upheld",
          reason: "The booking was lost by the call center; a seat is offered.",
        },
      );
      expect(decided.status).toBe(200);
      const messages = await eventually(async () => {
        const outbox = await manager.get("/notifications");
        const mine = (
          outbox.body.messages as {
            bookingId: string;
            kind: string;
            to: string;
            language: string;
            text?: string;
          }[]
        ).filter((message) => message.bookingId === complaints.c3!.id);
        return mine.some((message) => message.kind === "complaint.decided")
          ? mine
          : undefined;
      });
      const decision = messages.find((m) => m.kind === "complaint.decided")!;
      expect(decision).toMatchObject({
        language: "ru",
        to: "+7 702 000 11 22",
      });
      expect(decision.text).toContain(complaints.c3!.number);
      expect(decision.text).toContain("жалоба удовлетворена");
      expect(messages.map((m) => m.kind)).toContain("complaint.filed");
    });

    it("marks a decision after the deadline as late, audited in the center's stream", async () => {
      const decided = await manager.post(
        `/complaints/${complaints.c4!.id}/decision`,
        {
          outcome: "rejected",
          reason: "The ramp was open; the guard was away.",
        },
      );
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ decidedLate: true, overdue: false });
      const entries = await readAudit(
        app.redis,
        `center:${placeA.centerId}`,
        (entry) => entry.subject === `complaint:${complaints.c4!.id}`,
      );
      expect(entries.map((entry) => entry.action)).toEqual([
        "complaint.filed",
        "complaint.decided",
      ]);
      expect(entries[1]!.data).toMatchObject({
        outcome: "rejected",
        late: true,
      });
      for (const scope of [
        `slot:${slotA}`,
        `center:${placeA.centerId}`,
      ] as const) {
        expect((await verifyAuditStream(app.redis, scope)).ok).toBe(true);
      }
    });

    it("lists decided ones on request and counts them in analytics", async () => {
      const open = await manager.get("/complaints");
      expect(open.body.map((row: { id: string }) => row.id).sort()).toEqual(
        [complaints.c2!.id, complaints.c5!.id].sort(),
      );
      const decided = await manager.get("/complaints?state=decided");
      expect(decided.body.map((row: { id: string }) => row.id)).toEqual([
        complaints.c4!.id,
        complaints.c3!.id,
        c1().id,
      ]);
      const report = await adminA.get(
        `/analytics/centers/${placeA.centerId}/compliance`,
      );
      expect(report.body.complaints).toEqual({
        received: 4,
        open: 1,
        overdue: 0,
        decided: 3,
        upheld: 1,
        rejected: 2,
        decidedLate: 1,
      });
    });
  });

  function c1() {
    return complaints.c1 as unknown as {
      id: string;
      number: string;
      filedAt: string;
      deadlineAt: string;
      deadlineDay: string;
    };
  }
});
