import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANALYTICS_BANKS,
  ANALYTICS_PROGRAM,
  PLANTED,
  runFinishedSlot,
  TRANSLATION,
  type FinishedSlot,
} from "../support/analytics";
import type { TestApp } from "../support/app";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";

/**
 * The analytics screen after a whole slot. The slot is run through the real
 * routes and kiosk sockets (tests/support/analytics.ts): eight candidates,
 * and a planted item (law-1) that every strong candidate gets wrong by
 * choosing the same distractor, so it must be flagged; a translation item
 * right in Kazakh and wrong in Russian.
 */
async function signIn(
  page: Page,
  url: string,
  account: { username: string; password: string },
) {
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
  await page.getByLabel("Пайдаланушы аты").fill(account.username);
  await page.getByLabel("Құпиясөз").fill(account.password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
  await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
}

describe("the analytics screen (/admin/analytics)", () => {
  let app: TestApp;
  let browser: Browser;
  let slot: FinishedSlot;

  beforeAll(async () => {
    app = await startBrowserApp({
      BANKS_DIR: ANALYTICS_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANALYTICS_MIN_DRAWN: "4",
      ANALYTICS_DELAY_MS: "200",
    });
    slot = await runFinishedSlot(app, 7300);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the manager the histogram with the pass threshold, and flags the planted item with a link to its appeals", async () => {
    const { context, page, errors } = await openContext(browser);
    try {
      await signIn(page, app.url, slot.managerAccount);
      await page.getByRole("link", { name: "Талдау" }).click();
      await page.getByRole("heading", { name: "Нәтижелерді талдау" }).waitFor();
      await page.getByLabel("Бағдарлама").selectOption(ANALYTICS_PROGRAM);

      // The histogram is an SVG drawn by the chart library, with a bar per score and the threshold line.
      const histogram = page.locator('figure[data-chart="histogram"]');
      await histogram.locator("svg .recharts-bar-rectangle").first().waitFor();
      expect(await histogram.locator("svg").count()).toBeGreaterThan(0);
      expect(await histogram.locator(".recharts-reference-line").count()).toBe(
        1,
      );
      await expect
        .poll(() => histogram.locator("svg").textContent())
        .toContain("Өту шегі: 7");
      expect(await page.getByTestId("pass-rate").first().textContent()).toBe(
        "50 %",
      );

      // The planted item is flagged in Kazakh and links to its appeals.
      const planted = page.locator(`tr[data-item="${PLANTED}"]`).first();
      await planted.waitFor();
      expect(await planted.getAttribute("data-flagged")).toBe("true");
      const flags = await planted.locator(".badge").allTextContents();
      expect(flags).toContain("Күшті үміткерлер қате нұсқаны жиірек таңдайды");
      expect(flags).toContain("Теріс айыру");
      expect(
        await planted
          .getByRole("link", { name: "Апелляциялар" })
          .getAttribute("href"),
      ).toBe(`/admin/appeals?item=${PLANTED}`);
      expect(
        await page
          .locator('tr[data-item="law-5"]')
          .first()
          .getAttribute("data-flagged"),
      ).toBeNull();
      // A manager sees which option is the key.
      expect(
        await planted.locator(".analytics__key").allTextContents(),
      ).toEqual([expect.stringMatching(/^b/)]);

      // Language comparison: the translation item is flagged.
      const translation = page.locator(
        `tr[data-language-item="${TRANSLATION}"]`,
      );
      await translation.waitFor();
      expect(await translation.textContent()).toContain("Аударманы тексеру");
      expect(
        await page.locator('figure[data-chart="languages"] svg').count(),
      ).toBeGreaterThan(0);

      // Compliance of the center: every measured stage within its limit.
      const admission = page.locator('tr[data-stage="admission"]');
      await admission.waitFor();
      expect(await admission.textContent()).toContain("100 %");
      // Booking: six of the eight booked through a form the portal opened.
      const booking = page.locator('tr[data-stage="booking"]');
      expect(await booking.locator("td").first().textContent()).toBe("6");

      // In Russian and English the screen reads in that language.
      await page.getByRole("button", { name: "Рус" }).click();
      await page
        .getByRole("heading", { name: "Аналитика результатов" })
        .waitFor();
      expect(await planted.locator(".badge").allTextContents()).toContain(
        "Сильные кандидаты чаще выбирают неверный вариант",
      );
      await page.getByRole("button", { name: "Eng" }).click();
      await page.getByRole("heading", { name: "Results analytics" }).waitFor();

      // One slot: the same histogram, and the exports.
      await page.getByRole("link", { name: "Open" }).first().click();
      await page.getByRole("heading", { name: /Slot analytics/ }).waitFor();
      await page
        .locator('figure[data-chart="histogram"] svg .recharts-bar-rectangle')
        .first()
        .waitFor();
      expect(
        await page
          .getByRole("link", { name: "Results (XLSX)" })
          .getAttribute("href"),
      ).toBe(`/api/v1/analytics/slots/${slot.slotId}/results.xlsx`);
      expect(
        await page.getByRole("button", { name: "Recompute" }).count(),
      ).toBe(1);

      // Printable: the console's menu and the controls leave the page, the charts stay.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".console__sidebar").isVisible()).toBe(false);
      expect(
        await page.getByRole("button", { name: "Print" }).isVisible(),
      ).toBe(false);
      expect(
        await page
          .locator('figure[data-chart="histogram"] svg')
          .first()
          .isVisible(),
      ).toBe(true);
      await page.emulateMedia({ media: "screen" });
      await saveScreenshot(page, "analytics-slot");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("lets an administrator read, without recomputing", async () => {
    const { context, page, errors } = await openContext(browser);
    try {
      await signIn(page, app.url, slot.administratorAccount);
      await page.goto(`${app.url}/admin/analytics?slot=${slot.slotId}`);
      await page
        .locator('figure[data-chart="histogram"] svg .recharts-bar-rectangle')
        .first()
        .waitFor();
      expect(await page.getByText("Сіз тек қарай аласыз").count()).toBe(1);
      expect(
        await page.getByRole("button", { name: "Қайта есептеу" }).count(),
      ).toBe(0);
      const planted = page.locator(
        `tr[data-item="${PLANTED}"][data-flagged="true"]`,
      );
      expect(await planted.count()).toBe(1);
      // Hall staff get the statistics, option shares included, but no key.
      expect(await planted.locator(".analytics__options li").count()).toBe(4);
      expect(await page.locator(".analytics__key").count()).toBe(0);
      await saveScreenshot(page, "analytics-administrator");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
