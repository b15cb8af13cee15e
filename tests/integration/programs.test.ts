import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** The shipped programs (question-banks/programs): public information. */
describe("GET /api/v1/programs", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
  });
  afterAll(() => app.stop());

  it("gives each program's titles, duration, instructions time, sections with counts and thresholds, languages", async () => {
    const { status, body } = await new ApiClient(app.url).get(
      "/programs",
      freshIp(),
    );
    expect(status).toBe(200);
    const corpsB = body.find(
      (program: { id: string }) => program.id === "corps-b-legislation",
    );
    expect(corpsB).toMatchObject({
      titles: {
        kk: expect.any(String),
        ru: expect.any(String),
        en: expect.any(String),
      },
      durationMinutes: 55,
      instructionsMinutes: 10,
      languages: ["kk", "ru"],
      questions: 55,
      minCorrectTotal: 30,
    });
    expect(
      corpsB.sections.map(
        (s: { id: string; questions: number; minCorrect: number }) => [
          s.id,
          s.questions,
          s.minCorrect,
        ],
      ),
    ).toEqual([
      ["constitution", 15, 5],
      ["civil-service", 15, 5],
      ["anti-corruption", 15, 5],
      ["ethics-code", 10, 5],
    ]);
    for (const section of corpsB.sections)
      expect(section.titles.kk).not.toBe("");
    for (const program of body) {
      expect(
        program.sections.reduce(
          (sum: number, s: { questions: number }) => sum + s.questions,
          0,
        ),
      ).toBe(program.questions);
    }
  });

  it("never shows where the questions come from or the keys", async () => {
    const { body } = await new ApiClient(app.url).get(
      "/programs/corps-b-legislation",
      freshIp(),
    );
    expect(body.id).toBe("corps-b-legislation");
    expect(JSON.stringify(body)).not.toMatch(
      /"bank"|"bankSection"|"correct"|"shuffle"/,
    );
  });

  it("answers 404 program_not_found for an unknown program", async () => {
    const { status, body } = await new ApiClient(app.url).get(
      "/programs/no-such-program",
      freshIp(),
    );
    expect(status).toBe(404);
    expect(body.error.id).toBe("program_not_found");
  });

  it("publishes each center's address, schedule and accessibility arrangements", async () => {
    const visitor = new ApiClient(app.url);
    const staff = (await signedInStaff(app, "manager")).client;
    const created = await staff.post("/centers", {
      name: { kk: "Орталық", ru: "Центр", en: "Center" },
      address: { kk: "Мекенжай", ru: "Адрес", en: "Address" },
      schedule: {
        kk: "Дс–Жм 09:00–18:00",
        ru: "Пн–Пт 09:00–18:00",
        en: "Mon–Fri 09:00–18:00",
      },
      accessibility: {
        kk: "Пандус бар",
        ru: "Есть пандус",
        en: "There is a ramp",
      },
    });
    expect(created.status).toBe(201);
    const center = (await visitor.get(`/centers/${created.body.id}`, freshIp()))
      .body;
    expect(center).toMatchObject({
      schedule: { en: "Mon–Fri 09:00–18:00" },
      accessibility: { ru: "Есть пандус" },
    });
  });

  it("shows every program's kind, eligibility, retake interval and validity, resolved", async () => {
    const { body } = await new ApiClient(app.url).get("/programs", freshIp());
    const ids = body.map((program: { id: string }) => program.id);
    const byKind = (kind: string) =>
      body.filter((program: { kind: string }) => program.kind === kind);
    expect(ids).toEqual(
      expect.arrayContaining([
        "corps-b-legislation",
        "program-1-2016",
        "program-2-2016",
      ]),
    );
    expect(
      byKind("personal-qualities").map((p: { id: string }) => p.id),
    ).toEqual(["personal-qualities-demo"]);
    for (const program of byKind("knowledge")) {
      expect(program).toMatchObject({
        kind: "knowledge",
        eligibility: {
          corps: expect.any(Array),
          categories: expect.any(Array),
          candidateKinds: expect.any(Array),
        },
        retakeAfterDays: expect.any(Number),
        validityDays: expect.any(Number),
      });
      expect(program).not.toHaveProperty("certificateValidityDays");
    }
    const byId = (id: string) =>
      body.find((program: { id: string }) => program.id === id);
    // corps B's list is every corps-B category of the registry's list.
    expect(byId("corps-b-legislation").eligibility).toMatchObject({
      corps: ["B"],
      candidateKinds: ["candidate", "civil-servant"],
    });
    expect(byId("corps-b-legislation").eligibility.categories).toEqual(
      expect.arrayContaining(["B-1", "C-O-2", "E-G-3"]),
    );
    expect(byId("corps-b-legislation").eligibility.categories).not.toContain(
      "A",
    );
    expect(byId("program-1-2016").eligibility.categories).not.toContain(
      "C-O-2",
    );
    expect(byId("program-2-2016")).toMatchObject({
      questions: 120,
      durationMinutes: 100,
      minCorrectTotal: 72,
      retakeAfterDays: 30,
      validityDays: 365,
    });
    // The 2016 edition cannot list the 2020 Code.
    expect(JSON.stringify(byId("program-1-2016").sections)).not.toMatch(
      /процессуальн|Procedural and Process/,
    );
  });

  it("publishes the position categories a booking names", async () => {
    const { status, body } = await new ApiClient(app.url).get(
      "/position-categories",
      freshIp(),
    );
    expect(status).toBe(200);
    expect(body.notice.ru).toMatch(/Демонстрационный/);
    expect(body.categories).toContainEqual({
      code: "C-O-2",
      corps: "B",
      titles: {
        kk: expect.stringMatching(/облыс/i),
        ru: expect.stringMatching(/областного/),
        en: expect.stringMatching(/regional/),
      },
    });
  });

  it("books only programs the category and candidate kind fit, and keeps them", async () => {
    const manager = (await signedInStaff(app, "manager")).client;
    const place = await createPlace(manager, 3);
    const program1 = await createSlot(app, manager, place, {
      programId: "program-1-2016",
    });
    const corpsB = await createSlot(app, manager, place);
    const [iin] = syntheticIins(1, 5300);
    const visitor = new ApiClient(app.url);
    const book = (slotId: string, programId: string, extra: object) =>
      visitor.post(
        "/bookings",
        bookingBody(slotId, iin!, { programId, ...extra }),
        freshIp(),
      );

    const wrongCategory = await book(program1.id, "program-1-2016", {
      positionCategory: "C-O-2",
      candidateKind: "candidate",
    });
    expect(wrongCategory.status).toBe(422);
    expect(wrongCategory.body.error).toMatchObject({
      id: "not_eligible",
      details: { reasons: ["category"] },
    });
    const corpsA = await book(corpsB.id, "corps-b-legislation", {
      positionCategory: "A",
    });
    expect(corpsA.body.error).toMatchObject({
      id: "not_eligible",
      details: { reasons: ["corps"] },
    });
    const unknown = await book(corpsB.id, "corps-b-legislation", {
      positionCategory: "B-99",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.id).toBe("unknown_position_category");

    const booked = await book(corpsB.id, "corps-b-legislation", {
      positionCategory: "C-O-2",
      candidateKind: "civil-servant",
    });
    expect(booked.status).toBe(201);
    const view = await visitor.get(
      `/bookings/${booked.body.id}`,
      codeHeader(booked.body.code, freshIp()),
    );
    expect(view.body).toMatchObject({
      positionCategory: { code: "C-O-2", corps: "B" },
      candidateKind: "civil-servant",
    });
    expect(view.body).not.toHaveProperty("nextBooking");
  });
});
