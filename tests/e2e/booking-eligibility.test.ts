import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { ROOT_DIR } from "../../server/src/http/clients";
import type { TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  PROGRAM_1,
  createPlace,
  createSlot,
  redisNowMs,
  syntheticIins,
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

/** The shipped program for categories C-O-*, C-R-*, D-*, E-* (corps B). */
const PROGRAM_2 = "program-2-2016";
const [CANDIDATE_IIN, SITTING_IIN] = syntheticIins(2, 7000);
const CANDIDATE_NAME = "Тоқтарова Айгерім Бақытжанқызы";

describe("booking by the position applied for, in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let program1Slot: { id: string };
  let program2Slot: { id: string };

  beforeAll(async () => {
    app = await startBrowserApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000" });
    manager = (await signedInStaff(app, "manager")).client;
    const place = await createPlace(manager, 10);
    program1Slot = await createSlot(app, manager, place, {
      programId: PROGRAM_1,
      seatsOffered: 5,
    });
    program2Slot = await createSlot(app, manager, place, {
      programId: PROGRAM_2,
      seatsOffered: 5,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("offers a candidate for C-O-2 only the programs for it, says why program 1 is not, and books program 2 naming the category", async () => {
    // axe-core is injected inline: the page's CSP is bypassed for it.
    const { context, page, errors } = await openContext(browser, {
      bypassCSP: true,
    });
    await page.goto(`${app.url}/`);
    const slots = page.getByTestId("slot-list");
    // Nothing is offered before the two questions are answered.
    await page.getByTestId("answer-first").waitFor();
    expect(await slots.locator('input[type="radio"]').count()).toBe(0);
    // The list of categories is a demonstration one, and says so.
    await page
      .getByTestId("booking-person")
      .getByText("Санаттардың демонстрациялық тізімі", { exact: false })
      .waitFor();

    const category = page.getByLabel("Үміткер болып отырған лауазымның санаты");
    await category.selectOption("A");
    await page
      .getByRole("radio", {
        name: "Мемлекеттік қызметке кандидат (алғаш рет кіретін)",
      })
      .check();
    // No shipped program is for corps A: the page says so.
    expect(await page.getByTestId("no-program-fits").textContent()).toContain(
      "A санаты",
    );

    await category.selectOption("C-O-2");
    const eligibility = page.getByTestId("program-eligibility");
    await eligibility
      .locator(`[data-program="${PROGRAM_2}"][data-fits="true"]`)
      .waitFor();
    expect(
      await eligibility
        .locator('[data-program="corps-b-legislation"]')
        .getAttribute("data-fits"),
    ).toBe("true");
    const program1 = eligibility.locator(`[data-program="${PROGRAM_1}"]`);
    expect(await program1.getAttribute("data-fits")).toBe("false");
    expect(await program1.getByTestId("program-reason").textContent()).toBe(
      "C-O-2 санаты үшін емес",
    );

    // The search offers only the programs that fit, and only their times.
    const offered = await page
      .getByLabel("Тестілеу бағдарламасы", { exact: true })
      .locator("option")
      .evaluateAll((options) =>
        options.map((option) => (option as HTMLOptionElement).value),
      );
    expect(offered).toContain(PROGRAM_2);
    expect(offered).not.toContain(PROGRAM_1);
    const program2Radio = slots.locator(
      `input[type="radio"][value="${program2Slot.id}"]`,
    );
    await program2Radio.waitFor();
    expect(
      await slots
        .locator(`input[type="radio"][value="${program1Slot.id}"]`)
        .count(),
    ).toBe(0);
    await saveScreenshot(page, "booking-eligibility-kk");
    expect(await axeViolations(page)).toEqual([]);

    // The reason in the reader's language.
    await page.getByRole("button", { name: "English" }).click();
    await program1.getByText("not for category C-O-2").waitFor();
    await page.getByRole("button", { name: "Русский" }).click();
    await program1.getByText("не для категории C-O-2").waitFor();
    await page.getByRole("button", { name: "Қазақша" }).click();
    await program1.getByText("C-O-2 санаты үшін емес").waitFor();

    await program2Radio.check();
    await page.locator("#booking-details-title").waitFor();
    await page.getByLabel("ЖСН", { exact: true }).fill(CANDIDATE_IIN ?? "");
    await page.getByLabel("Тегі, аты, әкесінің аты").fill(CANDIDATE_NAME);
    await page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await page.getByRole("button", { name: "Жазылу", exact: true }).click();

    const code = page.getByTestId("booking-code");
    await code.waitFor();
    const bookingCode = (await code.textContent()) ?? "";
    await page.getByText("Сіз тестілеуге жазылдыңыз").waitFor();
    await page.getByText("C-O-2 — ", { exact: false }).first().waitFor();
    await saveScreenshot(page, "booking-eligibility-booked");

    await page.getByRole("link", { name: "Жазылу мәртебесі" }).click();
    const shown = page.getByTestId("status-category");
    await shown.waitFor();
    expect(await shown.textContent()).toContain("C-O-2");
    await page
      .getByText("Мемлекеттік қызметке кандидат (алғаш рет кіретін)")
      .waitFor();
    await saveScreenshot(page, "booking-eligibility-status");

    // The server stored what the form asked.
    const bookingId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const stored = await fetch(`${app.url}/api/v1/bookings/${bookingId}`, {
      headers: { "X-Booking-Code": bookingCode },
    });
    expect(stored.status).toBe(200);
    const view = (await stored.json()) as {
      program: { id: string };
      positionCategory?: { code: string; corps: string };
      candidateKind?: string;
    };
    expect(view.program.id).toBe(PROGRAM_2);
    expect(view.positionCategory).toMatchObject({ code: "C-O-2", corps: "B" });
    expect(view.candidateKind).toBe("candidate");
    expect(errors).toEqual([]);
    await context.close();
  });
});

const DAY = 24 * 3600_000;

/** dd.mm.yyyy of an instant in Asia/Almaty (the test centers' zone). */
const almatyDate = (ms: number) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Almaty" })
    .format(ms)
    .replaceAll("/", ".");

/**
 * The engine fixture with the shipped list of categories and a retake
 * interval of 30 days on its program (its eligibility: everyone).
 */
function retakeBanks(work: string): string {
  const dir = path.join(work, "banks");
  cpSync(ENGINE_BANKS, dir, { recursive: true });
  copyFileSync(
    path.join(ROOT_DIR, "question-banks/position-categories.json"),
    path.join(dir, "position-categories.json"),
  );
  const file = path.join(dir, "programs", `${ENGINE_LONG}.json`);
  const program = JSON.parse(readFileSync(file, "utf8")) as object;
  writeFileSync(
    file,
    JSON.stringify({ ...program, retakeAfterDays: 30 }, null, 2),
  );
  return dir;
}

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

describe("the booking rules at the desk and in the hall, in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let work: string;
  let admin: { username: string; password: string };
  let examSlotId: string;
  let laterSlotId: string;
  let sitting: TestedCandidate;
  /** The sitting's test date and the first one the interval allows. */
  let testDate: string;
  let earliestDate: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-eligibility-"));
    app = await startBrowserApp({
      BANKS_DIR: retakeBanks(work),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const desk = await signedInStaff(app, "administrator", "hall-admin");
    admin = { username: desk.account.username, password: desk.password };
    const room = await examRoom(app, { manager, operator }, 1);
    examSlotId = room.slotId;
    sitting = await takeTest(app, room, desk.client, {
      iin: SITTING_IIN ?? "",
      fullName: "Серікбаев Асқар Нұрланұлы",
    });
    const startsAt = Number(
      await app.redis.hget(`slot:${examSlotId}`, "startsAt"),
    );
    testDate = almatyDate(startsAt);
    earliestDate = almatyDate(startsAt + 30 * DAY);
    const later = await createPlace(manager, 3, "Зал 2");
    laterSlotId = (
      await createSlot(app, manager, later, {
        programId: ENGINE_LONG,
        startsAt: (await redisNowMs(app)) + 10 * DAY,
      })
    ).id;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("voids an attempt only once its cause is chosen, and records the cause", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, admin.username, admin.password);
    await page.goto(`${app.url}/admin/slots/${examSlotId}/seats`);
    await page.locator('[data-seat="A-01"]').click();
    const panel = page.getByTestId("seat-panel");
    await panel.getByRole("button", { name: "Нәтижені жою" }).click();
    const dialog = page.locator("dialog[open]");
    await dialog.getByLabel("Себебі").fill("Үстелден телефон табылды");
    const confirm = dialog.getByRole("button", {
      name: "Нәтижені жою",
      exact: true,
    });
    // Without a cause the dialog stays open and says what is missing.
    await confirm.click();
    await dialog
      .getByText("Себебін таңдаңыз: техникалық ақау немесе ережені бұзу.")
      .waitFor();
    await saveScreenshot(page, "void-cause-required");
    await dialog
      .getByRole("radio", {
        name: "Ережені бұзу (қайта тапсыру аралығына есептеледі)",
      })
      .check();
    await confirm.click();
    await dialog.waitFor({ state: "detached" });
    await panel
      .getByTestId("timeline")
      .getByText("Жойылды", { exact: true })
      .waitFor();
    await panel.getByTestId("timeline").getByText("(ережені бұзу)").waitFor();

    const voided = await readAudit(
      app.redis,
      `slot:${examSlotId}`,
      (entry) => entry.action === "attempt.voided",
    );
    expect(voided).toEqual([
      expect.objectContaining({
        subject: `attempt:${sitting.attemptId}`,
        data: expect.objectContaining({
          cause: "conduct",
          reason: "Үстелден телефон табылды",
        }),
      }),
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses the same person on the portal in general words, pointing to a desk and to the earlier booking's status page", async () => {
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/`);
    await page
      .getByLabel("Үміткер болып отырған лауазымның санаты")
      .selectOption("C-O-2");
    await page
      .getByRole("radio", { name: "Мемлекеттік қызметші", exact: true })
      .check();
    await page.locator(`input[type="radio"][value="${laterSlotId}"]`).check();
    await page.getByLabel("ЖСН", { exact: true }).fill(SITTING_IIN ?? "");
    await page
      .getByLabel("Тегі, аты, әкесінің аты")
      .fill("Серікбаев Асқар Нұрланұлы");
    await page
      .getByLabel(
        "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
      )
      .check();
    await page.getByRole("button", { name: "Жазылу", exact: true }).click();
    const refusal = page
      .getByRole("alert")
      .filter({ hasText: "Қазір бұл бағдарламаға жазылу мүмкін емес" });
    await refusal.waitFor();
    // Nothing about the person: no dates, no rule.
    const said = (await refusal.textContent()) ?? "";
    expect(said).not.toContain(testDate);
    expect(said).not.toContain(earliestDate);
    expect(said).toContain("Тестілеу орталығының қызметкеріне жүгініңіз");
    await saveScreenshot(page, "portal-not-bookable-now");
    await refusal
      .getByRole("link", { name: "Бұрынғы жазылуымды табу" })
      .click();
    await page.waitForURL(`${app.url}/book/status`);
    expect(await page.getByTestId("booking-code").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the desk the retake interval with the sitting and the earliest date, and books anyway with a reason", async () => {
    const { context, page, errors } = await openContext(browser);
    await signIn(page, app.url, admin.username, admin.password);
    await page.getByRole("link", { name: "Үміткерді жазу" }).first().click();
    await page
      .getByLabel("Үміткер болып отырған лауазымның санаты")
      .selectOption("C-O-2");
    await page
      .getByRole("radio", { name: "Мемлекеттік қызметші", exact: true })
      .check();
    await page.locator(`input[type="radio"][value="${laterSlotId}"]`).check();
    await page.getByLabel("ЖСН", { exact: true }).fill(SITTING_IIN ?? "");
    await page
      .getByLabel("Тегі, аты, әкесінің аты")
      .fill("Серікбаев Асқар Нұрланұлы");
    await page
      .getByLabel(
        "Үміткер мәтінмен танысып, келісімін берді (қызметкер растайды)",
      )
      .check();
    await page
      .getByRole("button", { name: "Үміткерді жазу", exact: true })
      .click();

    const block = page.getByTestId("booking-block");
    await block.waitFor();
    expect(await block.getAttribute("data-rule")).toBe("retake_too_soon");
    await block.getByText("Қайта тапсыру аралығы әлі өтпеген").waitFor();
    const said = (await block.textContent()) ?? "";
    expect(said).toContain(testDate);
    expect(said).toContain(earliestDate);
    await saveScreenshot(page, "desk-retake-block");

    // "Book anyway" needs a reason.
    const anyway = block.getByRole("button", { name: "Бәрібір жазу" });
    await anyway.click();
    await block.getByText("Себебін кемінде 3 таңбамен жазыңыз.").waitFor();
    const reason = "Комиссияның 14-шешімі: алдыңғы тестілеу жойылды";
    await block.getByLabel("Ережеге қарамастан жазу себебі").fill(reason);
    await anyway.click();
    await page.getByText("Үміткер тестілеуге жазылды").waitFor();
    await page.getByText("C-O-2 — ", { exact: false }).first().waitFor();

    const created = await readAudit(
      app.redis,
      `slot:${laterSlotId}`,
      (entry) => entry.action === "booking.created",
    );
    expect(created).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          ruleOverride: { rule: "retake_too_soon", reason },
        }),
      }),
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("tells the holder of the earlier booking's code when the program can be booked again", async () => {
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/booking/${sitting.bookingId}#${sitting.code}`);
    const next = page.getByTestId("next-booking");
    await next.waitFor();
    expect(await next.textContent()).toBe(
      `Бұл бағдарламаға қайта ${earliestDate} және одан кейінгі күндердегі тестілеуге жазылуға болады: ${testDate} тапсырған тестілеуіңізден кейінгі аралық.`,
    );
    await page.getByRole("button", { name: "English" }).click();
    await next
      .getByText(
        `You can book this program again for a test on or after ${earliestDate}: the interval after your sitting of ${testDate}.`,
      )
      .waitFor();
    await saveScreenshot(page, "status-next-booking-en");
    expect(errors).toEqual([]);
    await context.close();
  });
});
