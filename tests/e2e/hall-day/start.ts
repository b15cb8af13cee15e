import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toLocalTime } from "@shared/time";
import type { TestApp } from "../../support/app";
import { ENGINE_BANKS, ENGINE_LONG } from "../../support/appeals";
import {
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../../support/browser";
import { ApiClient } from "../../support/http";
import { signedInStaff } from "../../support/staff";

const [IIN] = syntheticIins(1, 5600);
const NAME = "Дана Ерланқызы Мұратова";

/** Confirms the only open action dialog with its confirm button. */
async function confirmDialog(page: Page, button: string) {
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
}

describe("hall day: the start rule made visible (EARLY_START=administrator)", () => {
  let app: TestApp;
  let browser: Browser;
  let kiosk: Page;
  let console_: Page;
  let slotId: string;
  let startsAt: number;
  let admin: { username: string; password: string };
  const errors: string[][] = [];

  beforeAll(async () => {
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      EARLY_START: "administrator",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const desk = await signedInStaff(app, "administrator", "start-admin");
    admin = { username: desk.account.username, password: desk.password };
    const place = await createPlace(manager, 1, "Зал 5");
    startsAt = (await redisNowMs(app)) + 20 * 60_000;
    const slot = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
      startsAt,
      bookingCutoffAt: startsAt - 60_000,
      lateAdmissionCutoffAt: startsAt + 20 * 60_000,
    });
    slotId = slot.id;
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, IIN!, { programId: ENGINE_LONG, fullName: NAME }),
      freshIp(),
    );
    expect(booked.status).toBe(201);

    browser = await launchBrowser();
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1366, height: 768 },
    ]) {
      const opened = await openContext(browser, { viewport });
      errors.push(opened.errors);
      if (!kiosk) kiosk = opened.page;
      else console_ = opened.page;
    }
    const code = await operator.post("/kiosks/enrollment-codes", {
      seatId: place.seatIds[0],
    });
    expect(code.status).toBe(201);
    await kiosk.goto(`${app.url}/kiosk/`);
    await kiosk.getByLabel("Тіркеу коды").fill(code.body.code as string);
    await kiosk.getByRole("button", { name: "Тіркеу" }).click();
    await kiosk.getByTestId("seat-label").waitFor();

    // Admitted 20 minutes before the slot's start.
    const admitted = await desk.client.post(`/slots/${slotId}/admissions`, {
      iin: IIN,
    });
    expect(admitted.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the kiosk admitted early a waiting screen with the start time and who starts, in Kazakh", async () => {
    await kiosk.getByRole("heading", { name: "Бұл сізсіз бе?" }).waitFor();
    const wait = kiosk.getByTestId("start-wait");
    const time = toLocalTime(startsAt, "Asia/Almaty").time;
    await wait.getByText(`Тест басталатын уақыт: ${time}.`).waitFor();
    await wait.getByText("Әкімші тестті ертерек бастауы мүмкін.").waitFor();
    // Until the time (or the administrator), the candidate cannot go on.
    expect(
      await kiosk.getByRole("button", { name: "Иә, бұл менмін" }).isDisabled(),
    ).toBe(true);
    await saveScreenshot(kiosk, "kiosk-waiting-for-start");
  });

  it("moves the kiosk on when the administrator starts early from the console", async () => {
    await console_.goto(`${app.url}/admin`);
    await console_
      .getByRole("heading", { name: "Қызметкердің кіруі" })
      .waitFor();
    await console_.getByLabel("Пайдаланушы аты").fill(admin.username);
    await console_.getByLabel("Құпиясөз").fill(admin.password);
    await console_.getByRole("button", { name: "Кіру", exact: true }).click();
    await console_
      .getByRole("navigation", { name: "Консоль бөлімдері" })
      .waitFor();
    await console_.goto(`${app.url}/admin/slots/${slotId}/seats`);
    await console_.locator('[data-seat="A-01"][data-state="admitted"]').click();
    const panel = console_.getByTestId("seat-panel");
    await panel.getByRole("heading", { name: "A-01 орны" }).waitFor();
    await panel.getByRole("button", { name: "Тестті бастау" }).click();
    await console_
      .locator("dialog[open]")
      .getByText("Слоттың басталу уақытына дейін бұл — ерте бастау")
      .waitFor();
    await confirmDialog(console_, "Тестті бастау");
    await console_
      .locator('[data-seat="A-01"][data-state="in_progress"]')
      .waitFor();

    // The kiosk leaves the waiting screen by itself for the test; a kiosk
    // not in full screen asks for it first, as a real one would.
    await kiosk.getByTestId("start-wait").waitFor({ state: "detached" });
    const question = kiosk.getByTestId("question-number");
    const back = kiosk.getByRole("button", { name: "Толық экранға оралу" });
    await question.or(back).first().waitFor();
    if (await back.isVisible()) await back.click();
    await question.getByText("1-сұрақ / 6").waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
