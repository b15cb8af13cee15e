import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sebHash } from "../../server/src/modules/kiosks/seb";
import type { TestApp } from "../support/app";
import { createPlace, type Place } from "../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/**
 * A center that sets SEB_CONFIG_KEY: the kiosk page in a plain browser is
 * refused with a clear message; in "SEB" (the page given SEB's JavaScript
 * API with the Config Key hash of its URL, as modern SEB does) it enrolls
 * and goes online.
 */
const CONFIG_KEY =
  "3c4e9d2f1a0b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d";

describe("the kiosk under Safe Exam Browser's Config Key", () => {
  let app: TestApp;
  let browser: Browser;
  let operator: ApiClient;
  let place: Place;

  beforeAll(async () => {
    app = await startBrowserApp({ SEB_CONFIG_KEY: CONFIG_KEY });
    const manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 2, "Зал SEB");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("refuses a plain browser and enrolls the kiosk in SEB", async () => {
    const issued = await operator.post("/kiosks/enrollment-codes", {
      seatId: place.seatIds[0],
    });
    expect(issued.status).toBe(201);

    const plain = await openContext(browser);
    await plain.page.goto(`${app.url}/kiosk/`);
    await plain.page.getByLabel("Тіркеу коды").fill(issued.body.code);
    await plain.page.getByRole("button", { name: "Тіркеу" }).click();
    await plain.page
      .getByRole("alert")
      .getByText("Safe Exam Browser", { exact: false })
      .waitFor();
    await saveScreenshot(plain.page, "kiosk-seb-required");
    await plain.context.close();

    const seb = await openContext(browser);
    // SEB hashes the URL it shows, which is the center's public address.
    const pageUrl = `${app.synaq.ctx.publicUrl}/kiosk/`;
    await seb.page.addInitScript(
      (configKey: string) => {
        (window as unknown as { SafeExamBrowser: unknown }).SafeExamBrowser = {
          security: { configKey },
        };
      },
      sebHash(pageUrl, CONFIG_KEY),
    );
    await seb.page.goto(pageUrl);
    await seb.page.getByLabel("Тіркеу коды").fill(issued.body.code);
    await seb.page.getByRole("button", { name: "Тіркеу" }).click();
    await seb.page.getByTestId("seat-label").waitFor();
    expect(await seb.page.getByTestId("seat-label").textContent()).toBe("A-01");
    await seb.page.getByText("Серверге қосылған").waitFor();
    expect(seb.errors.filter((error) => !error.includes("403"))).toEqual([]);
    await seb.context.close();
  });
});
