import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toLocalTime } from "../../server/shared/time";
import type { TestApp } from "../support/app";
import { createPlace, redisNowMs, type Place } from "../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

describe("the kiosk in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let operator: ApiClient;
  let place: Place;

  beforeAll(async () => {
    app = await startBrowserApp();
    const manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 4, "Зал 3");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("enrolls with the operator's one-time code, then waits on its seat with a clock on server time", async () => {
    const seatId = place.seatIds[0] ?? "";
    const issued = await operator.post("/kiosks/enrollment-codes", { seatId });
    expect(issued.status).toBe(201);

    const { context, page, errors } = await openContext(browser, {
      viewport: { width: 1366, height: 768 },
    });
    await page.goto(`${app.url}/kiosk/`);
    await page.getByRole("heading", { name: "Киоскіні тіркеу" }).waitFor();

    const code = page.getByLabel("Тіркеу коды");
    await code.fill("ZZZZ-ZZZZ");
    await page.getByRole("button", { name: "Тіркеу" }).click();
    await page
      .getByRole("alert")
      .getByText("Бұл код белгісіз", { exact: false })
      .waitFor();
    await saveScreenshot(page, "kiosk-enroll-refused");

    await code.fill(issued.body.code);
    await page.getByRole("button", { name: "Тіркеу" }).click();
    await page.getByTestId("seat-label").waitFor();
    expect(await page.getByTestId("seat-label").textContent()).toBe("A-01");
    await page.getByText("Зал 3").waitFor();
    await page.getByText("Астана тестілеу орталығы").waitFor();
    await page.getByRole("heading", { name: "Күте тұрыңыз" }).waitFor();
    await page.getByText("Серверге қосылған").waitFor();

    // The clock shows the server's time in Almaty, not the device's.
    const clock = page.getByTestId("server-clock");
    await clock.waitFor();
    const shown = (await clock.textContent()) ?? "";
    const serverNow = await redisNowMs(app);
    const candidates = [serverNow - 60_000, serverNow, serverNow + 60_000].map(
      (instant) => toLocalTime(instant, "Asia/Almaty").time,
    );
    expect(candidates).toContain(shown);
    await saveScreenshot(page, "kiosk-idle");

    const token = await page.evaluate(() =>
      localStorage.getItem("synaq.kiosk.token"),
    );
    expect(token).toMatch(/^[\w-]{20,}$/);

    await page.getByRole("button", { name: "Русский" }).click();
    await page
      .getByRole("heading", { name: "Пожалуйста, подождите" })
      .waitFor();
    await saveScreenshot(page, "kiosk-idle-ru");

    // A restart of the kiosk keeps its enrollment.
    await page.reload();
    await page.getByTestId("seat-label").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("goes back to enrollment, saying why, when its token is revoked", async () => {
    const seatId = place.seatIds[1] ?? "";
    const issued = await operator.post("/kiosks/enrollment-codes", { seatId });
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/kiosk/`);
    await page.getByLabel("Тіркеу коды").fill(issued.body.code);
    await page.getByRole("button", { name: "Тіркеу" }).click();
    await page.getByTestId("seat-label").waitFor();
    expect(await page.getByTestId("seat-label").textContent()).toBe("A-02");

    const kiosks = await operator.get("/kiosks");
    const kiosk = kiosks.body.find(
      (k: { seatId: string; revoked: boolean }) =>
        k.seatId === seatId && !k.revoked,
    );
    expect((await operator.post(`/kiosks/${kiosk.id}/revoke`)).status).toBe(
      200,
    );

    await page.reload();
    await page.getByRole("heading", { name: "Киоскіні тіркеу" }).waitFor();
    await page
      .getByText(
        "Бұл киоскінің тіркелуі тоқтатылды. Оператордан жаңа код сұраңыз.",
      )
      .waitFor();
    expect(
      await page.evaluate(() => localStorage.getItem("synaq.kiosk.token")),
    ).toBeNull();
    await saveScreenshot(page, "kiosk-revoked");
    expect(errors).toEqual([]);
    await context.close();
  });
});
