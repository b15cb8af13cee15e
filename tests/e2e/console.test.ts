import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  syntheticIins,
  type Place,
} from "../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const [BOOKED_IIN, ACCOMMODATED_IIN, IMPORTED_IIN, DESK_IIN, LATE_IIN] =
  syntheticIins(5, 4000);

/** Signs in through the console's own form. */
async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
) {
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
  await page.getByLabel("Пайдаланушы аты").fill(username);
  await page.getByLabel("Құпиясөз").fill(password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
  await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
}

describe("the staff console in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let place: Place;
  let slot: { id: string };
  let admin: { username: string; password: string };
  let operator: { username: string; password: string };

  beforeAll(async () => {
    app = await startBrowserApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
    manager = (await signedInStaff(app, "manager")).client;
    const desk = await signedInStaff(app, "administrator", "desk-admin");
    admin = { username: desk.account.username, password: desk.password };
    const tech = await signedInStaff(app, "operator", "room-operator");
    operator = { username: tech.account.username, password: tech.password };
    place = await createPlace(manager, 10);
    slot = await createSlot(app, manager, place, { seatsOffered: 8 });
    for (const [iin, fullName] of [
      [BOOKED_IIN, "Әбдірахманов Нұрлан Серікұлы"],
      [ACCOMMODATED_IIN, "Жұмабаева Гүлнар Маратқызы"],
    ] as const) {
      const booked = await manager.post(
        "/staff/bookings",
        bookingBody(slot.id, iin ?? "", { fullName }),
      );
      expect(booked.status).toBe(201);
    }
    const accommodation = await manager.put("/accommodations", {
      iin: ACCOMMODATED_IIN,
      extraMinutes: 30,
      note: "Үлкейтілген қаріп",
      approvedBy: "Комиссия шешімі № 12, 01.11.2026",
    });
    expect(accommodation.status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("signs in, keeps the session across a reload, and opens a slot's roster with names, IINs and accommodations", async () => {
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/admin`);
    await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
    await saveScreenshot(page, "console-login");

    await page.getByLabel("Пайдаланушы аты").fill(admin.username);
    await page.getByLabel("Құпиясөз").fill("wrong-password");
    await page.getByRole("button", { name: "Кіру", exact: true }).click();
    await page
      .getByRole("alert")
      .getByText("Пайдаланушы аты немесе құпиясөз қате.")
      .waitFor();

    await signIn(page, app.url, admin.username, admin.password);
    const nav = page.getByRole("navigation", { name: "Консоль бөлімдері" });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Сеанстар мен тізімдер",
      "Бүгін",
      "Үміткерді жазу",
      "Жазылуды табу",
      "Арнайы жағдайлар",
      "Талдау",
      "Апелляциялар",
      "Шағымдар",
      "Шығыс хабарламалар",
    ]);
    await page.getByText("Test administrator").waitFor();
    await page.getByText("Тест әкімшісі").waitFor();
    // An administrator opens on today's slots, the exam day being their
    // work (issue 24); the slots and rosters are one click away.
    await page.waitForURL("**/admin/today");
    await nav.getByRole("link", { name: "Сеанстар мен тізімдер" }).click();
    await page.waitForURL("**/admin/slots");

    await page.reload();
    await page
      .getByRole("heading", { name: "Сеанстар мен тізімдер", level: 1 })
      .waitFor();

    await page.getByLabel("Орталық").selectOption(place.centerId);
    await page.getByRole("link", { name: "Тізім" }).first().waitFor();
    await saveScreenshot(page, "console-slots");
    await page.locator(`a[href="/admin/slots/${slot.id}"]`).click();

    await page
      .getByRole("heading", { name: "Тестілеуге жазылғандар тізімі" })
      .waitFor();
    const rows = page.locator("tbody tr[data-booking]");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const table = (await page.locator("table").first().textContent()) ?? "";
    expect(table).toContain("Әбдірахманов Нұрлан Серікұлы");
    expect(table).toContain(BOOKED_IIN);
    expect(table).toContain("+30 мин");
    expect(table).toContain("Үлкейтілген қаріп");
    await saveScreenshot(page, "console-roster");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("imports a roster CSV: refuses a file with a bad line and reports it, then books a good one", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, admin.username, admin.password);
    await page.goto(`${app.url}/admin/slots/${slot.id}`);
    const csv = page.getByLabel("Немесе мәтінді қойыңыз");
    await csv.waitFor();

    await csv.fill(
      `iin,fullName,language\n${IMPORTED_IIN},Серікбаев Асқар Нұрланұлы,kk\n780322300455,Қате Жазылған,ru\n`,
    );
    await page.getByRole("button", { name: "Жүктеу" }).click();
    await page.getByText("Тізім қабылданбады").waitFor();
    const report = page.getByTestId("import-report");
    await report.waitFor();
    expect(await report.locator("tbody tr").count()).toBe(2);
    expect(await report.locator("tbody tr").nth(1).textContent()).toContain(
      "780322300455",
    );
    await saveScreenshot(page, "console-import-rejected");

    await csv.fill(
      `${IMPORTED_IIN},Серікбаев Асқар Нұрланұлы,kk,+77011234567\n`,
    );
    await page.getByRole("button", { name: "Жүктеу" }).click();
    await page.getByText("Тізім жүктелді").waitFor();
    await page
      .locator("tbody tr[data-booking]")
      .filter({ hasText: "Серікбаев Асқар Нұрланұлы" })
      .waitFor();
    expect(
      await page
        .locator("tbody tr[data-booking]")
        .filter({ hasText: IMPORTED_IIN ?? "" })
        .textContent(),
    ).toContain("Тізіммен жүктелді");
    await saveScreenshot(page, "console-import-done");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("books a candidate at the desk: the staff member attests consent and gets the code to hand over", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, admin.username, admin.password);
    await page.getByRole("link", { name: "Үміткерді жазу" }).first().click();
    await page
      .getByRole("heading", { name: "Үміткерді жазу", level: 1 })
      .waitFor();
    // Step 1: the position's category and the candidate kind (the slot is
    // of corps-b-legislation, for every corps B category).
    await page
      .getByLabel("Үміткер болып отырған лауазымның санаты")
      .selectOption("C-O-2");
    await page
      .getByRole("radio", { name: "Мемлекеттік қызметші", exact: true })
      .check();
    await page.locator(`input[type="radio"][value="${slot.id}"]`).check();
    await page.getByLabel("ЖСН", { exact: true }).fill(DESK_IIN ?? "");
    await page
      .getByLabel("Тегі, аты, әкесінің аты")
      .fill("Омаров Дәурен Серікұлы");
    await page.getByRole("radio", { name: "Орыс тілі", exact: true }).check();
    await page
      .getByLabel(
        "Үміткер мәтінмен танысып, келісімін берді (қызметкер растайды)",
      )
      .check();
    await page
      .getByRole("button", { name: "Үміткерді жазу", exact: true })
      .click();
    await page.getByText("Үміткер тестілеуге жазылды").waitFor();
    expect(await page.getByTestId("booking-code").textContent()).toMatch(
      /^[0-9A-Z-]{23}$/,
    );
    await saveScreenshot(page, "console-staff-booked");

    const roster = await manager.get(`/slots/${slot.id}/roster`);
    const entry = roster.body.entries.find(
      (e: { iin: string }) => e.iin === DESK_IIN,
    );
    expect(entry).toMatchObject({
      source: "staff",
      language: "ru",
      status: "booked",
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("sets extra time on a person by IIN and removes it again", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, admin.username, admin.password);
    await page.getByRole("link", { name: "Арнайы жағдайлар" }).click();
    await page.getByLabel("ЖСН", { exact: true }).fill(LATE_IIN ?? "");
    await page.getByRole("button", { name: "Табу" }).click();
    await page.getByText("Бұл ЖСН үшін арнайы жағдай бекітілмеген.").waitFor();
    await page.getByLabel("Қосымша уақыт, минут").fill("45");
    await page.getByLabel("Кім бекітті").fill("Комиссия шешімі № 14");
    await page
      .getByLabel("Тест әкімшісіне ескертпе")
      .fill("Бірінші қатардағы орын");
    await page.getByRole("button", { name: "Сақтау" }).click();
    await page.getByText("Бекітілген арнайы жағдай").waitFor();
    await saveScreenshot(page, "console-accommodation");
    const stored = await manager.post("/accommodations/lookup", {
      iin: LATE_IIN,
    });
    expect(stored.body).toMatchObject({
      extraMinutes: 45,
      approvedBy: "Комиссия шешімі № 14",
    });

    await page.getByRole("button", { name: "Алып тастау" }).click();
    await page
      .getByRole("dialog", { name: "Арнайы жағдайды алып тастайсыз ба?" })
      .getByRole("button", { name: "Алып тастау" })
      .click();
    await page.getByText("Арнайы жағдай алынып тасталды.").waitFor();
    expect(
      (await manager.post("/accommodations/lookup", { iin: LATE_IIN })).status,
    ).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets a manager open a center, add a room and its seats, and schedule a slot", async () => {
    const { password, account } = await signedInStaff(
      app,
      "manager",
      "center-manager",
    );
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, account.username, password);
    await page.getByRole("link", { name: "Баптаулар" }).click();
    await page.getByRole("heading", { name: "Баптаулар", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Орталық қосу" }).click();
    await page
      .getByLabel("Атауы (қазақша)", { exact: true })
      .fill("Қарағанды тестілеу орталығы");
    await page
      .getByLabel("Атауы (орысша)", { exact: true })
      .fill("Карагандинский центр тестирования");
    await page
      .getByLabel("Атауы (ағылшынша)", { exact: true })
      .fill("Karaganda testing center");
    await page
      .getByLabel("Мекенжайы (қазақша)")
      .fill("Қарағанды қ., Бұқар жырау даңғылы, 1");
    await page
      .getByLabel("Мекенжайы (орысша)")
      .fill("г. Караганда, проспект Бухар жырау, 1");
    await page
      .getByLabel("Мекенжайы (ағылшынша)")
      .fill("1 Bukhar Zhyrau Ave, Karaganda");
    await page.getByRole("button", { name: "Құру" }).click();
    await page
      .getByRole("row")
      .filter({ hasText: "Қарағанды тестілеу орталығы" })
      .waitFor();
    await page.getByText("Бұл орталықта аудитория әлі жоқ.").waitFor();

    // Rooms are named in three languages (issue 24).
    await page.getByLabel("Залдың атауы (қазақша)").fill("7-зал");
    await page.getByLabel("Залдың атауы (орысша)").fill("Зал 7");
    await page.getByLabel("Залдың атауы (ағылшынша)").fill("Hall 7");
    await page.getByRole("button", { name: "Аудитория қосу" }).click();
    await page.getByText("Аудитория қосылды.").waitFor();
    await page
      .getByRole("row")
      .filter({ hasText: "7-зал" })
      .getByRole("button", { name: "Орындар" })
      .click();
    await page.getByLabel("Қатар белгісі").fill("K");
    await page.getByLabel("Нөмірінен").fill("1");
    await page.getByLabel("Нөміріне дейін").fill("6");
    await page.getByRole("button", { name: "Орындар қосу" }).click();
    await page.getByText("K-01  K-02  K-03  K-04  K-05  K-06").waitFor();

    await page.getByLabel("Ұсынылатын орын").fill("4");
    await page.getByRole("button", { name: "Сеанс жоспарлау" }).click();
    await page.getByText("Сеанс жоспарланды.").waitFor();
    await page.getByRole("row").filter({ hasText: "10:00" }).waitFor();
    await saveScreenshot(page, "console-config");

    const centers = await manager.get("/centers");
    const created = centers.body.find(
      (center: { name: { en: string } }) =>
        center.name.en === "Karaganda testing center",
    );
    const slots = await manager.get(`/centers/${created.id}/slots`);
    expect(slots.body).toHaveLength(1);
    expect(slots.body[0]).toMatchObject({ seatsOffered: 4, status: "open" });

    // A new operator's account, who then signs in with it.
    await page.getByRole("button", { name: "Тіркелгі қосу" }).click();
    await page.getByLabel("Логин").fill("operator.karaganda");
    await page.getByLabel("Толық аты-жөні").fill("Ерлан Болатұлы Жұмабаев");
    await page.getByLabel("Рөлі").selectOption("operator");
    await page.getByLabel("Бастапқы құпиясөз").fill("karaganda-2026-op");
    await page.getByRole("button", { name: "Құру" }).click();
    await page.getByText("Тіркелгі құрылды.").waitFor();
    const row = page.locator('tr[data-account="operator.karaganda"]');
    expect(await row.textContent()).toContain("Тест операторы");
    const newcomer = new ApiClient(app.url);
    await newcomer.login("operator.karaganda", "karaganda-2026-op");
    expect((await newcomer.get("/auth/session")).body.account).toMatchObject({
      role: "operator",
      fullName: "Ерлан Болатұлы Жұмабаев",
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows an operator only what an operator may use, and signs out", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, operator.username, operator.password);
    const nav = page.getByRole("navigation", { name: "Консоль бөлімдері" });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Сеанстар мен тізімдер",
      "Бүгін",
      "Киосктер",
      "Шығыс хабарламалар",
    ]);
    await page.goto(`${app.url}/admin/bookings/new`);
    await page.getByRole("heading", { name: "Бет табылмады" }).waitFor();

    await page.goto(`${app.url}/admin/slots/${slot.id}`);
    await page.locator("tbody tr[data-booking]").first().waitFor();
    expect(
      await page.getByRole("heading", { name: "Тізімді жүктеу" }).count(),
    ).toBe(0);

    await page.getByRole("button", { name: "Шығу" }).click();
    await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
    const session = await page.request.get(`${app.url}/api/v1/auth/session`);
    expect(session.status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });
});
