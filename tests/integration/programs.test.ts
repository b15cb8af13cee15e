import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { freshIp } from "../support/booking";
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
});
