import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  launchBrowser,
  openContext,
  startBrowserApp,
} from "../support/browser";
import { signedInStaff } from "../support/staff";

async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
) {
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
  await page.getByLabel("Пайдаланушы аты").fill(username);
  await page.getByLabel("Құпиясөз", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
}

describe("staff accounts in the console (Chromium)", () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startBrowserApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a manager resets a password; the account sees only the change form until it sets its own", async () => {
    const manager = await signedInStaff(app, "manager");
    const operator = await signedInStaff(app, "operator");

    const managerSide = await openContext(browser);
    await signIn(
      managerSide.page,
      app.url,
      manager.account.username,
      manager.password,
    );
    await managerSide.page
      .getByRole("navigation", { name: "Консоль бөлімдері" })
      .waitFor();
    await managerSide.page.goto(`${app.url}/admin/config`);
    const row = managerSide.page.locator(
      `tr[data-account="${operator.account.username}"]`,
    );
    await row
      .getByRole("button", { name: "Құпиясөзді қалпына келтіру" })
      .click();
    await managerSide.page
      .getByRole("dialog")
      .getByRole("button", { name: "Құпиясөзді қалпына келтіру" })
      .click();
    const temporary =
      (
        await managerSide.page
          .locator("[data-temporary-password]")
          .textContent()
      )?.trim() ?? "";
    expect(temporary.length).toBeGreaterThanOrEqual(12);

    const operatorSide = await openContext(browser);
    const page = operatorSide.page;
    await signIn(page, app.url, operator.account.username, temporary);
    await page
      .getByRole("heading", { name: "Жаңа құпиясөз орнатыңыз" })
      .waitFor();
    expect(
      await page.getByRole("navigation", { name: "Консоль бөлімдері" }).count(),
    ).toBe(0);
    await page.getByLabel("Қазіргі құпиясөз").fill(temporary);
    await page
      .getByLabel("Жаңа құпиясөз", { exact: true })
      .fill("qwerty123456");
    await page.getByLabel("Жаңа құпиясөзді қайталаңыз").fill("qwerty123456");
    await page.getByRole("button", { name: "Құпиясөзді өзгерту" }).click();
    await page
      .getByRole("alert")
      .getByText("Құпиясөз әлсіз", { exact: false })
      .waitFor();
    await page
      .getByLabel("Жаңа құпиясөз", { exact: true })
      .fill("my-own-operator-passphrase");
    await page
      .getByLabel("Жаңа құпиясөзді қайталаңыз")
      .fill("my-own-operator-passphrase");
    await page.getByRole("button", { name: "Құпиясөзді өзгерту" }).click();
    await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();

    // The manager switches the account off; then back on.
    await row.getByRole("button", { name: "Өшіру" }).click();
    await managerSide.page
      .getByRole("dialog")
      .getByRole("button", { name: "Өшіру" })
      .click();
    await row.getByRole("button", { name: "Қайта қосу" }).waitFor();
    // The operator's open console is signed out by itself (its socket closed).
    await page
      .getByRole("heading", { name: "Қызметкердің кіруі" })
      .waitFor({ timeout: 5_000 });
    await row.getByRole("button", { name: "Қайта қосу" }).click();
    await row.getByRole("button", { name: "Өшіру" }).waitFor();
    await signIn(
      page,
      app.url,
      operator.account.username,
      "my-own-operator-passphrase",
    );
    await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();

    expect(managerSide.errors).toEqual([]);
    expect(operatorSide.errors).toEqual([]);
    await managerSide.context.close();
    await operatorSide.context.close();
  }, 120_000);

  it("any staff member changes their own password from the account page", async () => {
    const reviewer = await signedInStaff(app, "reviewer");
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, reviewer.account.username, reviewer.password);
    await page.getByRole("link", { name: "Менің тіркелгім" }).click();
    await page.getByRole("heading", { name: "Құпиясөзді өзгерту" }).waitFor();
    await page.getByLabel("Қазіргі құпиясөз").fill(reviewer.password);
    await page
      .getByLabel("Жаңа құпиясөз", { exact: true })
      .fill("reviewer-new-passphrase");
    await page
      .getByLabel("Жаңа құпиясөзді қайталаңыз")
      .fill("reviewer-new-passphrase");
    await page.getByRole("button", { name: "Құпиясөзді өзгерту" }).click();
    await page
      .getByText("Құпиясөз өзгертілді. Басқа сеанстар аяқталды.")
      .waitFor();
    // The other session (the test's API client) has ended.
    expect((await reviewer.client.get("/auth/session")).status).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
