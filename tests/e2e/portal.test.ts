import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  CORPS_B,
  bookingBody,
  createPlace,
  createSlot,
  type Place,
} from "../support/booking";
import {
  hasHorizontalScroll,
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** Synthetic, valid IINs of nobody real (DOMAIN.md). */
const CANDIDATE_IIN = "900102300121";
const SECOND_IIN = "851231405677";
const CANDIDATE_NAME = "Сейітова Әсел Нұрланқызы";

/**
 * Step 1 of the portal: the position's category and the candidate kind
 * (the test's slots are of corps-b-legislation, for every corps B category).
 */
async function answerPersonStep(page: Page) {
  await page
    .getByLabel("Үміткер болып отырған лауазымның санаты")
    .selectOption("B-1");
  await page
    .getByRole("radio", {
      name: "Мемлекеттік қызметке кандидат (алғаш рет кіретін)",
    })
    .check();
}

/** Opens the portal and picks the test's slot, ready for the details. */
async function openPortalWithSlot(page: Page, url: string, slotId: string) {
  await page.goto(`${url}/`);
  await answerPersonStep(page);
  const slot = page.locator(`input[type="radio"][value="${slotId}"]`);
  await slot.waitFor();
  await slot.check();
  await page.locator("#booking-details-title").waitFor();
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

describe("the public booking portal in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let place: Place;
  let slot: { id: string; startsAt: string };

  beforeAll(async () => {
    app = await startBrowserApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
    manager = (await signedInStaff(app, "manager")).client;
    place = await createPlace(manager, 10);
    slot = await createSlot(app, manager, place, { seatsOffered: 5 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("books a seat in Kazakh, gives a code and a Kazakh receipt, and cancels it on the status page", async () => {
    const { context, page, errors } = await openContext(browser, {
      acceptDownloads: true,
    });
    await page.goto(`${app.url}/`);
    expect(await heading(page).textContent()).toBe("Тестілеуге жазылу");
    expect(await page.locator("html").getAttribute("lang")).toBe("kk");
    await saveScreenshot(page, "portal-kk");

    await openPortalWithSlot(page, app.url, slot.id);
    await page.getByLabel("ЖСН", { exact: true }).fill(CANDIDATE_IIN);
    await page.getByLabel("Тегі, аты, әкесінің аты").fill(CANDIDATE_NAME);
    await page.getByLabel("Телефон (міндетті емес)").fill("+7 701 123 45 67");
    // The test language defaults to the interface language, Kazakh.
    expect(
      await page
        .getByRole("radio", { name: "Қазақ тілі", exact: true })
        .isChecked(),
    ).toBe(true);
    await page.getByText("2026-01", { exact: false }).first().waitFor();
    await page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await saveScreenshot(page, "portal-form-kk");
    await page.getByRole("button", { name: "Жазылу", exact: true }).click();

    const code = page.getByTestId("booking-code");
    await code.waitFor();
    const bookingCode = (await code.textContent()) ?? "";
    expect(bookingCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await page.getByText("Сіз тестілеуге жазылдыңыз").waitFor();
    await saveScreenshot(page, "portal-booked");
    // The portal opened a booking form when the search began: the booking
    // is timed from then (the service standard's 5 minutes).
    const bookingIds = await app.redis.zrange(
      `slot:${slot.id}:bookings`,
      0,
      -1,
    );
    const timed = await app.redis.hmget(
      `booking:${bookingIds.at(-1)}`,
      "formOpenedAt",
      "createdAt",
    );
    expect(Number(timed[0])).toBeGreaterThan(0);
    expect(Number(timed[1]) - Number(timed[0])).toBeGreaterThan(0);
    expect(Number(timed[1]) - Number(timed[0])).toBeLessThan(5 * 60_000);

    const receiptLink = page.getByTestId("receipt-link");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      receiptLink.click(),
    ]);
    const receiptFile = await download.path();
    const text = spawnSync("pdftotext", ["-layout", receiptFile, "-"], {
      encoding: "utf8",
    }).stdout;
    expect(text).toContain("Түбіртек нөмірі");
    expect(text).toContain("ЖСН");
    expect(text).toContain(CANDIDATE_NAME);
    expect(text).toContain("қазақ тілі");

    await page.getByRole("link", { name: "Жазылу мәртебесі" }).click();
    await heading(page).getByText("Жазылу мәртебесі").waitFor();
    const badge = page.locator("[data-status]");
    await badge.waitFor();
    expect(await badge.getAttribute("data-status")).toBe("booked");
    expect(await badge.textContent()).toBe("Жазылған");
    expect(page.url()).toContain("/booking/");
    // The code is in the fragment, which the browser never sends.
    expect(new URL(page.url()).search).toBe("");
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(
      `#${bookingCode}`,
    );
    await saveScreenshot(page, "status-booked");

    await page.getByRole("button", { name: "Жазылудан бас тарту" }).click();
    const dialog = page.getByRole("dialog", {
      name: "Жазылудан бас тартасыз ба?",
    });
    await dialog.waitFor();
    await saveScreenshot(page, "status-cancel-dialog");
    await dialog.getByRole("button", { name: "Иә, бас тарту" }).click();
    await page.locator('[data-status="cancelled"]').waitFor();
    expect(await page.locator("[data-status]").textContent()).toBe(
      "Бас тартылды",
    );
    await page.getByText("Жазылудан бас тартылды", { exact: true }).waitFor();
    await saveScreenshot(page, "status-cancelled");

    // The server agrees: the booking is cancelled and the seat is free again.
    const bookingId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const stored = await fetch(`${app.url}/api/v1/bookings/${bookingId}`, {
      headers: { "X-Booking-Code": bookingCode },
    });
    expect(((await stored.json()) as { status: string }).status).toBe(
      "cancelled",
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses a mistyped IIN before sending it, and re-words the reason when the language changes", async () => {
    const { context, page, errors } = await openContext(browser);
    await openPortalWithSlot(page, app.url, slot.id);
    const iin = page.getByLabel("ЖСН", { exact: true });
    await iin.fill("780322300455");
    await iin.blur();
    await page
      .getByText(
        "Соңғы цифр бақылау цифрына сәйкес келмейді: қате терілген болуы мүмкін.",
      )
      .waitFor();
    expect(await iin.getAttribute("aria-invalid")).toBe("true");

    await page.getByRole("button", { name: "Русский" }).click();
    await page
      .getByText(
        "Последняя цифра не совпадает с контрольной: возможно, опечатка.",
      )
      .waitFor();
    await saveScreenshot(page, "portal-invalid-iin-ru");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the server's refusal in the reader's language: a second booking for the same IIN and program", async () => {
    const booked = await manager.post(
      "/staff/bookings",
      bookingBody(slot.id, SECOND_IIN, { programId: CORPS_B }),
    );
    expect(booked.status).toBe(201);

    const { context, page, errors } = await openContext(browser);
    await openPortalWithSlot(page, app.url, slot.id);
    await page.getByLabel("ЖСН", { exact: true }).fill(SECOND_IIN);
    await page
      .getByLabel("Тегі, аты, әкесінің аты")
      .fill("Омаров Дәурен Серікұлы");
    await page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await page.getByRole("button", { name: "Жазылу", exact: true }).click();
    await page
      .getByRole("alert")
      .getByText("Бұл ЖСН бойынша осы бағдарламаға жазылу бар", {
        exact: false,
      })
      .waitFor();
    await saveScreenshot(page, "portal-already-booked");
    expect(await page.getByTestId("booking-code").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("speaks Russian and English and remembers the choice on this device", async () => {
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/`);
    await page.getByRole("button", { name: "Русский" }).click();
    expect(await heading(page).textContent()).toBe("Запись на тестирование");
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    await page.getByRole("heading", { name: "Выберите время" }).waitFor();
    await saveScreenshot(page, "portal-ru");

    await page.getByRole("button", { name: "English" }).click();
    expect(await heading(page).textContent()).toBe("Book a test");
    await page.getByRole("heading", { name: "Choose a time" }).waitFor();
    await page.reload();
    await heading(page).getByText("Book a test").waitFor();
    await saveScreenshot(page, "portal-en");

    await page.goto(`${app.url}/verify`);
    expect(await heading(page).textContent()).toBe("Verify a certificate");
    await saveScreenshot(page, "verify-en");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a phone: the booking form at 390×844 has no horizontal scroll", async () => {
    const { context, page, errors } = await openContext(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${app.url}/`);
    await saveScreenshot(page, "portal-phone-search");
    await openPortalWithSlot(page, app.url, slot.id);
    await page.getByRole("button", { name: "Жалғастыру" }).click();
    expect(await hasHorizontalScroll(page)).toBe(false);
    const form = page
      .locator("form")
      .filter({ has: page.getByLabel("ЖСН", { exact: true }) });
    const box = await form.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, "portal-phone-form");
    expect(errors).toEqual([]);
    await context.close();
  });
});
