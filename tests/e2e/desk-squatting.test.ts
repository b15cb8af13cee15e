import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  createPlace,
  createSlot,
  syntheticIins,
  type Place,
} from "../support/booking";
import {
  axeViolations,
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** The real person's IIN, which a stranger books first. */
const [PERSON_IIN] = syntheticIins(1, 4300);
const SQUATTER_PHONE = "+7 705 000 11 22";
const PERSON_NAME = "Сейітова Әсел Нұрланқызы";

/** Step 1 of the portal, then the slot, ready for the details. */
async function openPortalWithSlot(page: Page, url: string, slotId: string) {
  await page.goto(`${url}/`);
  await page
    .getByLabel("Үміткер болып отырған лауазымның санаты")
    .selectOption("B-1");
  await page
    .getByRole("radio", {
      name: "Мемлекеттік қызметке кандидат (алғаш рет кіретін)",
    })
    .check();
  const slot = page.locator(`input[type="radio"][value="${slotId}"]`);
  await slot.waitFor();
  await slot.check();
  await page.locator("#booking-details-title").waitFor();
}

/** The status page of a booking opened with a code, in a fresh page. */
async function openStatus(
  browser: Browser,
  url: string,
  bookingId: string,
  code: string,
) {
  const opened = await openContext(browser);
  await opened.page.goto(
    `${url}/booking/${bookingId}#${encodeURIComponent(code)}`,
  );
  return opened;
}

describe("the desk gives a squatted booking back to the real person, in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let place: Place;
  let squatted: { id: string; startsAt: string };
  let wanted: { id: string; startsAt: string };
  let admin: { username: string; password: string };

  beforeAll(async () => {
    app = await startBrowserApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
    manager = (await signedInStaff(app, "manager")).client;
    const desk = await signedInStaff(app, "administrator", "front-desk");
    admin = { username: desk.account.username, password: desk.password };
    place = await createPlace(manager, 6);
    squatted = await createSlot(app, manager, place, { seatsOffered: 4 });
    wanted = await createSlot(app, manager, place, { seatsOffered: 4 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("finds the booking by IIN with the document, gives a new code and moves it; the squatter's code opens nothing", async () => {
    // A stranger books the person's IIN through the portal, with their own phone.
    const squatter = await openContext(browser);
    await openPortalWithSlot(squatter.page, app.url, squatted.id);
    await squatter.page.getByLabel("ЖСН", { exact: true }).fill(PERSON_IIN!);
    await squatter.page
      .getByLabel("Тегі, аты, әкесінің аты")
      .fill("Бөтен Адам Ұлы");
    await squatter.page
      .getByLabel("Телефон (міндетті емес)")
      .fill(SQUATTER_PHONE);
    await squatter.page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await squatter.page
      .getByRole("button", { name: "Жазылу", exact: true })
      .click();
    const squatterCode =
      (await squatter.page.getByTestId("booking-code").textContent()) ?? "";
    expect(squatterCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);

    // The real person cannot book: the answer says nothing of the booking.
    const real = await openContext(browser);
    await openPortalWithSlot(real.page, app.url, wanted.id);
    await real.page.getByLabel("ЖСН", { exact: true }).fill(PERSON_IIN!);
    await real.page.getByLabel("Тегі, аты, әкесінің аты").fill(PERSON_NAME);
    await real.page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await real.page
      .getByRole("button", { name: "Жазылу", exact: true })
      .click();
    const refusal = real.page
      .getByRole("alert")
      .filter({ hasText: "Бұл ЖСН бойынша осы бағдарламаға жазылу бар." });
    await refusal.waitFor();
    expect(await refusal.textContent()).not.toContain(squatted.id);
    await real.context.close();

    // The person comes to the desk with their passport.
    const console_ = await openContext(browser, {
      acceptDownloads: true,
      bypassCSP: true,
    });
    const page = console_.page;
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Пайдаланушы аты").fill(admin.username);
    await page.getByLabel("Құпиясөз").fill(admin.password);
    await page.getByRole("button", { name: "Кіру", exact: true }).click();
    await page
      .getByRole("navigation", { name: "Консоль бөлімдері" })
      .getByRole("link", { name: "Жазылуды табу" })
      .click();
    await page
      .getByRole("heading", { name: "Жазылуды табу", level: 1 })
      .waitFor();

    await page.getByLabel("ЖСН", { exact: true }).fill(PERSON_IIN!);
    await page
      .getByLabel("Жеке басын куәландыратын құжат")
      .selectOption("passport");
    await page.getByLabel("Құжат нөмірі").fill("N 0451 2277");
    // Not without the document checked.
    await page.getByTestId("desk-find").click();
    await page.getByText("Алдымен құжатты тексеріп, белгі қойыңыз.").waitFor();
    await page.getByTestId("desk-document-checked").check();
    await page.getByTestId("desk-find").click();

    const card = page.locator('[data-testid="desk-booking"]');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    const bookingId = (await card.getAttribute("data-booking")) ?? "";
    expect(bookingId).toMatch(/^[0-9A-Z]{12}$/);
    expect(await card.textContent()).toContain("Бөтен Адам Ұлы");
    expect(await card.textContent()).toContain("+7 *** *** 11 22");
    // The IIN never reached the address bar.
    expect(page.url()).not.toContain(PERSON_IIN!);
    await saveScreenshot(page, "desk-found");
    expect(await axeViolations(page)).toEqual([]);

    // A new code; the name and phone are the squatter's: the person's own
    // name goes in their place, and no phone (the person gives none).
    await card.getByTestId("desk-renew").click();
    const renewDialog = page.getByRole("dialog", {
      name: "Жаңа код беру керек пе?",
    });
    await renewDialog.waitFor();
    expect(await renewDialog.getByTestId("desk-notify").isChecked()).toBe(
      false,
    );
    await renewDialog.getByTestId("desk-replace-holder").check();
    await renewDialog
      .getByLabel("Тегі, аты, әкесінің аты (құжаттағыдай)")
      .fill(PERSON_NAME);
    await saveScreenshot(page, "desk-renew-dialog");
    await renewDialog
      .getByRole("button", { name: "Жаңа код беру", exact: true })
      .click();
    const shownCode = card.getByTestId("desk-new-code");
    await shownCode.waitFor();
    const newCode = (await shownCode.textContent()) ?? "";
    expect(newCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(newCode).not.toBe(squatterCode);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByTestId("desk-receipt").click(),
    ]);
    const receipt = spawnSync(
      "pdftotext",
      ["-layout", await download.path(), "-"],
      { encoding: "utf8" },
    ).stdout;
    expect(receipt).toContain(newCode);
    expect(receipt).toContain(PERSON_NAME);
    expect(receipt).not.toContain("Бөтен");
    expect(await card.textContent()).toContain(PERSON_NAME);
    // The squatter's phone gets nothing more.
    expect(await card.textContent()).toContain(
      "Ешқайда (байланыс көрсетілмеген)",
    );
    await saveScreenshot(page, "desk-new-code");

    // And the time the person wants.
    await card.getByTestId("desk-move").click();
    const panel = card.getByTestId("desk-move-panel");
    await panel.locator(`[data-slot="${wanted.id}"] input`).check();
    await panel.getByTestId("desk-move-confirm").click();
    await card
      .getByText("Жазылу жаңа уақытқа ауыстырылды.", { exact: true })
      .waitFor();
    await saveScreenshot(page, "desk-moved");
    expect(console_.errors).toEqual([]);
    await console_.context.close();

    // The squatter's code opens nothing any more.
    await squatter.page.goto(
      `${app.url}/booking/${bookingId}#${encodeURIComponent(squatterCode)}`,
    );
    await squatter.page
      .getByRole("alert")
      .getByText(
        "Мұндай нөмірі мен коды бар жазылу жоқ. Екеуін де түбіртектен тексеріңіз.",
      )
      .waitFor();
    expect(squatter.errors).toEqual([]);
    await squatter.context.close();

    // The real person's new code opens the booking, at the time they wanted.
    const person = await openStatus(browser, app.url, bookingId, newCode);
    const badge = person.page.locator("[data-status]");
    await badge.waitFor();
    expect(await badge.getAttribute("data-status")).toBe("booked");
    const status = (await (
      await fetch(`${app.url}/api/v1/bookings/${bookingId}`, {
        headers: { "X-Booking-Code": newCode },
      })
    ).json()) as { slot: { id: string } };
    expect(status.slot.id).toBe(wanted.id);
    await saveScreenshot(person.page, "desk-status-new-code");
    expect(person.errors).toEqual([]);
    await person.context.close();

    // Nothing about the new code or the time reached the squatter's phone.
    const found = await manager.post("/staff/bookings/find", {
      iin: PERSON_IIN,
      document: { kind: "passport", number: "N04512277" },
    });
    const kinds = found.body.bookings[0].messages.map(
      (message: { kind: string }) => message.kind,
    );
    expect(kinds).not.toContain("booking.code_renewed");
    expect(kinds).not.toContain("booking.moved");
  });
});
