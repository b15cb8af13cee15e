import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wallClockAt } from "../../server/shared/time";
import {
  DEMO_CENTER,
  DEMO_CENTER_B,
} from "../../server/src/modules/demo/center-seed";
import { listCenters } from "../../server/src/modules/centers/repository";
import { listSlotsStartingBetween } from "../../server/src/modules/slots/repository";
import { DEMO_ACCOUNTS } from "../../server/src/modules/demo/seed";
import { dayBounds } from "../../server/src/modules/network/service";
import type { TestApp } from "../support/app";
import { redisNowMs } from "../support/booking";
import {
  axeViolations,
  launchBrowser,
  openContext,
  startBrowserApp,
} from "../support/browser";

/** Signs in through the console's own form with a demo account. */
async function signIn(page: Page, url: string, username: string) {
  const account = DEMO_ACCOUNTS.find((entry) => entry.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
  await page.getByLabel("Пайдаланушы аты").fill(account.username);
  await page.getByLabel("Құпиясөз").fill(account.password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
  await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
}

describe("the console of a network of centers, in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let astanaId: string;
  let almatyId: string;
  /** Late in the evening the demo's soon slots fall on tomorrow. */
  let slotsToday: boolean;

  /** Today's open slots of a center, read from Redis. */
  async function todaysSlotIds(centerId: string) {
    const { from, to } = dayBounds(await redisNowMs(app), "Asia/Almaty");
    return (await listSlotsStartingBetween(app.redis, from, to - 1))
      .filter((slot) => slot.centerId === centerId && slot.status === "open")
      .map((slot) => slot.id);
  }

  beforeAll(async () => {
    app = await startBrowserApp({ SEED_DEMO: "true" });
    const centers = await listCenters(app.redis);
    astanaId =
      centers.find((center) => center.name.en === DEMO_CENTER.name.en)?.id ??
      "";
    almatyId =
      centers.find((center) => center.name.en === DEMO_CENTER_B.name.en)?.id ??
      "";
    slotsToday = wallClockAt(await redisNowMs(app), "Asia/Almaty").hour < 23;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("filters the public portal by region: Almaty's centers, slots and soonest free seats only", async () => {
    const { context, page, errors } = await openContext(browser);
    try {
      await page.goto(`${app.url}/`);
      // Step 1 first: B-1 fits both programs of the demo's slots.
      await page
        .getByLabel("Үміткер болып отырған лауазымның санаты")
        .selectOption("B-1");
      await page
        .getByRole("radio", { name: "Мемлекеттік қызметші", exact: true })
        .check();
      const slotList = page.getByTestId("slot-list");
      const radios = slotList.locator('input[type="radio"][name]');
      await radios.first().waitFor();
      const centersCard = page.getByTestId("portal-centers");
      expect(
        await centersCard
          .locator("li[data-center]")
          .evaluateAll((items) => items.map((li) => li.dataset.center)),
      ).toEqual([astanaId, almatyId]);

      await Promise.all([
        page.waitForResponse((response) =>
          response.url().includes("region=almaty"),
        ),
        page.getByLabel("Өңір").selectOption("almaty"),
      ]);
      await page.getByRole("status").filter({ hasText: "Табылды" }).waitFor();
      expect(
        await centersCard
          .locator("li[data-center]")
          .evaluateAll((items) => items.map((li) => li.dataset.center)),
      ).toEqual([almatyId]);
      expect(await centersCard.textContent()).toContain("Абай даңғылы, 52");
      const almatyOpen = new Set(
        (await listSlotsStartingBetween(app.redis, 0, Number.MAX_SAFE_INTEGER))
          .filter((slot) => slot.centerId === almatyId)
          .map((slot) => slot.id),
      );
      const listed = await slotList
        .locator('input[type="radio"][name]')
        .evaluateAll((inputs) =>
          inputs.map((input) => (input as HTMLInputElement).value),
        );
      expect(listed.length).toBeGreaterThan(0);
      for (const slotId of listed) expect(almatyOpen).toContain(slotId);
      const soonest = await page
        .getByTestId("soonest-slots")
        .locator("li[data-slot]")
        .evaluateAll((items) => items.map((li) => li.dataset.slot));
      expect(soonest.length).toBeGreaterThan(0);
      expect(soonest).toEqual(listed.slice(0, soonest.length));
      // Choosing a soonest seat selects it for booking.
      await page
        .getByTestId("soonest-slots")
        .getByRole("button")
        .first()
        .click();
      expect(
        await page
          .locator(`input[type="radio"][value="${soonest[0] ?? ""}"]`)
          .isChecked(),
      ).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the Almaty administrator only Almaty: Today lists its slots, no other center is offered", async () => {
    const { context, page, errors } = await openContext(browser);
    try {
      await signIn(page, app.url, "admin2");
      await page.getByRole("link", { name: "Бүгін", exact: true }).click();
      await page.getByRole("heading", { name: "Бүгінгі сеанстар" }).waitFor();
      const almatySlots = await todaysSlotIds(almatyId);
      const astanaSlots = await todaysSlotIds(astanaId);
      if (slotsToday) {
        expect(almatySlots.length).toBeGreaterThan(0);
        expect(astanaSlots.length).toBeGreaterThan(0);
      }
      await page
        .locator("section.today-slot[data-slot], p.empty")
        .first()
        .waitFor();
      const shown = await page
        .locator("section.today-slot[data-slot]")
        .evaluateAll((sections) =>
          sections.map((section) => section.getAttribute("data-slot")),
        );
      expect(shown.sort()).toEqual([...almatySlots].sort());
      for (const slotId of astanaSlots) expect(shown).not.toContain(slotId);
      // One center served: no center picker, and Astana is named nowhere.
      expect(await page.getByLabel("Орталық", { exact: true }).count()).toBe(0);
      expect(await page.locator("main").textContent()).not.toContain(
        DEMO_CENTER.name.kk,
      );

      // The slots screen offers Almaty's slots only, too.
      await page.getByRole("link", { name: "Сеанстар мен тізімдер" }).click();
      await page.locator("main h1").waitFor();
      await page.waitForLoadState("networkidle");
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).not.toContain(DEMO_CENTER.name.kk);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("gives the network manager both centers on the network's day and a read-only drill into one", async () => {
    // axe-core is injected inline: the console's CSP would refuse it.
    const { context, page, errors } = await openContext(browser, {
      bypassCSP: true,
    });
    try {
      await signIn(page, app.url, "network");
      // The network manager's console opens on the network's day.
      await page.waitForURL(/\/admin\/network$/);
      const table = page.getByTestId("network-centers");
      await table.waitFor();
      const rows = table.locator("tbody tr[data-center]");
      expect(
        await rows.evaluateAll((trs) =>
          trs.map((tr) => tr.getAttribute("data-center")),
        ),
      ).toEqual([astanaId, almatyId]);
      const astana = table.locator(`tr[data-center="${astanaId}"]`);
      const almaty = table.locator(`tr[data-center="${almatyId}"]`);
      expect(await astana.textContent()).toContain(DEMO_CENTER.name.kk);
      expect(await almaty.textContent()).toContain("Алматы");
      expect(await astana.locator('[data-figure="slots"]').textContent()).toBe(
        String((await todaysSlotIds(astanaId)).length),
      );
      expect(await almaty.locator('[data-figure="slots"]').textContent()).toBe(
        String((await todaysSlotIds(almatyId)).length),
      );
      if (slotsToday) {
        // The three demo bookings on Astana's soonest slot.
        expect(
          await astana.locator('[data-figure="booked"]').textContent(),
        ).toBe("3");
      }
      expect(await axeViolations(page)).toEqual([]);

      // Drill into Almaty: its slots, no actions.
      await almaty.getByRole("link").click();
      await page.waitForURL(new RegExp(`/admin/network/${almatyId}$`));
      await page
        .getByRole("heading", { name: DEMO_CENTER_B.name.kk })
        .waitFor();
      await page.getByText("Тек қарау").waitFor();
      const almatySlots = await todaysSlotIds(almatyId);
      if (almatySlots.length > 0) {
        const shown = await page
          .getByTestId("network-slots")
          .locator("tr[data-slot]")
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-slot")));
        expect(shown.sort()).toEqual([...almatySlots].sort());
      }
      expect(
        await page
          .locator("main")
          .getByRole("button", { name: /Кіргізу|Бастау/ })
          .count(),
      ).toBe(0);
      await page.getByRole("link", { name: /Желіге оралу/ }).click();
      await table.waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
