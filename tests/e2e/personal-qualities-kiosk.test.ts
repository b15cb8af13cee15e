import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Form } from "../../server/shared/banks";
import type { TestApp } from "../support/app";
import { examRoom, makeOfficial, takeTest } from "../support/appeals";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import {
  axeViolations,
  hasHorizontalScroll,
  launchBrowser,
  openContext,
  saveScreenshot,
  startKioskBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { pqBanks } from "../support/pq-banks";
import { signedInStaff } from "../support/staff";

/** The engine program and the demonstration assessment that requires it. */
const PQ_BANKS = pqBanks(mkdtempSync(path.join(tmpdir(), "synaq-pq-kiosk-")));
const ASSESSMENT = "personal-qualities-demo";
const STATEMENTS = 32;
/** The assessment's scales, in every language: never on the kiosk. */
const SCALE_NAMES = [
  "Адалдық",
  "Жауапкершілік",
  "Стресске төзімділік",
  "Коммуникативтілік",
  "Честность",
  "Ответственность",
  "Стрессоустойчивость",
  "Коммуникабельность",
  "Integrity",
  "Responsibility",
  "Stress tolerance",
  "Communication",
];
const KK_LABELS = [
  "Мүлдем келіспеймін",
  "Келіспеймін",
  "Жауап беруге қиналамын",
  "Келісемін",
  "Толық келісемін",
];

/** What has the keyboard focus: its accessible name, roughly. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return "";
    const input = element as HTMLInputElement;
    return (
      element.getAttribute("aria-label") ??
      input.labels?.[0]?.textContent ??
      element.textContent ??
      ""
    ).trim();
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on the control whose name
 * matches: proof that the keyboard reaches it. Fails after `limit` presses.
 */
async function tabTo(
  page: Page,
  name: string | RegExp,
  options: { back?: boolean; limit?: number } = {},
): Promise<void> {
  const matches = (text: string) =>
    typeof name === "string" ? text === name : name.test(text);
  const seen: string[] = [];
  for (let presses = 0; presses < (options.limit ?? 80); presses++) {
    const current = await focusedName(page);
    if (matches(current)) return;
    seen.push(current);
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
  }
  throw new Error(
    `Tab never reached ${String(name)}; it went through: ${seen.join(" | ")}`,
  );
}

/** The point (1–5) a statement is given: varied, every point used. */
const pointFor = (index: number) => ((index * 3) % 5) + 1;

describe("the personal-qualities assessment at a kiosk, keyboard only", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let slotId: string;
  let seatId: string;
  const [iin] = syntheticIins(1, 820);
  const fullName = "Нұрлан Серікұлы Әбенов";

  beforeAll(async () => {
    app = await startKioskBrowserApp({
      BANKS_DIR: PQ_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;

    // The assessment requires a valid certificate of the engine program:
    // the candidate passes it first (through the API) and it is signed.
    const engineRoom = await examRoom(app, { manager, operator }, 1);
    const engine = await takeTest(app, engineRoom, administrator, {
      iin: iin!,
      fullName,
    });
    await makeOfficial(app, { administrator, operator }, engine.attemptId);

    // Then the desk books the assessment in another room.
    const place = await createPlace(manager, 1, "Зал 7");
    seatId = place.seatIds[0]!;
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: ASSESSMENT,
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 20 * 60_000,
    });
    slotId = slot.id;
    const booked = await administrator.post(
      "/staff/bookings",
      bookingBody(slotId, iin!, { programId: ASSESSMENT, fullName }),
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("starts, rates every statement with the number keys, finishes; the server holds every answer", async () => {
    const { context, page, errors } = await openContext(browser, {
      viewport: { width: 1366, height: 768 },
      // axe-core is injected as an inline script, which the CSP forbids.
      bypassCSP: true,
    });

    // The operator enrolls the kiosk on the seat (typed, then Enter).
    const code = await operator.post("/kiosks/enrollment-codes", { seatId });
    expect(code.status).toBe(201);
    await page.goto(`${app.url}/kiosk/`);
    await page.getByLabel("Тіркеу коды").fill(code.body.code);
    await page.keyboard.press("Enter");
    await page.getByTestId("seat-label").waitFor();

    const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
      iin,
    });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
    const attemptId = admitted.body.attemptId as string;

    // From here on the candidate has only the keyboard.
    await page.getByRole("heading", { name: "Бұл сізсіз бе?" }).waitFor();
    await tabTo(page, "Иә, бұл менмін");
    await page.keyboard.press("Enter");

    // Instructions in the words of a questionnaire: statements, the
    // scale, no right answers; the scales themselves are not named.
    await page.getByRole("heading", { name: "Залдағы тәртіп" }).waitFor();
    expect(await page.evaluate(() => document.fullscreenElement !== null)).toBe(
      true,
    );
    await page.getByText("Барлығы: 32 тұжырым").waitFor();
    const scale = page.getByTestId("instructions-scale");
    await scale.waitFor();
    expect(
      (await scale.locator("li").allTextContents()).map((text) =>
        text.replace(/^\d/, ""),
      ),
    ).toEqual(KK_LABELS);
    await page.getByText("Мұнда дұрыс немесе бұрыс жауап жоқ").waitFor();
    await page.getByText("1–5 цифрлары шкаладағы жауапты таңдайды").waitFor();
    const instructionsText = (await page.locator("main").textContent()) ?? "";
    for (const name of SCALE_NAMES)
      expect(instructionsText).not.toContain(name);
    expect(instructionsText).not.toContain("сұрақ");
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "pq-kiosk-instructions");
    await tabTo(page, "Ережелерді оқыдым және түсіндім");
    await page.keyboard.press("Space");
    await tabTo(page, "Тестті бастау");
    await page.keyboard.press("Enter");

    // The first statement: a radio group named by the statement, its
    // five points in one row, each with its label and key.
    const number = page.getByTestId("question-number");
    const status = page.getByTestId("save-status");
    const saved = page.locator(
      '[data-testid="save-status"][data-status="saved"]',
    );
    /** The statement number as shown, exactly (12 is not 2). */
    const numbered = (n: number) =>
      number.getByText(`${n}-тұжырым, барлығы ${STATEMENTS}`, { exact: true });
    const radios = page.locator(".option input");
    await numbered(1).waitFor();
    const stem = (
      (await page.locator("#question-stem").textContent()) ?? ""
    ).trim();
    const group = page.getByRole("radiogroup", { name: stem });
    await group.waitFor();
    expect(await group.getByRole("radio").count()).toBe(5);
    expect(await page.locator(".option__text").allTextContents()).toEqual(
      KK_LABELS,
    );
    expect(await page.locator(".option__key").allTextContents()).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
    const tops = await page
      .locator(".option")
      .evaluateAll((labels) =>
        labels.map((label) => Math.round(label.getBoundingClientRect().top)),
      );
    expect(new Set(tops).size).toBe(1);
    await page.getByText("Келісу дәрежеңізді таңдаңыз").waitFor();
    await page.getByRole("heading", { name: "Тұжырымдар" }).waitFor();
    expect(await page.locator(".navigator h3").count()).toBe(0);
    const testText = (await page.locator("main").textContent()) ?? "";
    for (const name of SCALE_NAMES) expect(testText).not.toContain(name);
    expect(testText).not.toContain("Бөлім:");

    // 2 chooses the second point; 4 replaces it; 6 and 9 are not on the
    // scale and change nothing.
    const checked = () =>
      radios.evaluateAll((inputs) =>
        inputs.map((input) => (input as HTMLInputElement).checked),
      );
    await page.keyboard.press("2");
    await status.getByText("Сақталды ✓").waitFor();
    expect(await checked()).toEqual([false, true, false, false, false]);
    await page.keyboard.press("4");
    await page.locator(".option").nth(3).locator("input:checked").waitFor();
    await saved.waitFor();
    await page.keyboard.press("6");
    await page.keyboard.press("9");
    expect(await checked()).toEqual([false, false, false, true, false]);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "pq-kiosk-statement");

    // Every other statement: a number key, "saved ✓", then →. The second
    // is flagged with F on the way.
    const points: number[] = [4];
    for (let index = 1; index < STATEMENTS; index++) {
      await page.keyboard.press("ArrowRight");
      await numbered(index + 1).waitFor();
      if (index === 1) await page.keyboard.press("f");
      const point = pointFor(index);
      await page.keyboard.press(String(point));
      await saved.waitFor();
      points.push(point);
    }
    expect(await page.getByTestId("nav-2").getAttribute("data-flagged")).toBe(
      "true",
    );
    for (let index = 1; index <= STATEMENTS; index++) {
      expect(
        await page.getByTestId(`nav-${index}`).getAttribute("data-answered"),
      ).toBe("true");
    }

    // ← goes back; the navigator, reached with Tab, goes anywhere.
    await page.keyboard.press("ArrowLeft");
    await numbered(31).waitFor();
    await tabTo(page, /^2, жауап берілді, белгіленді$/, { back: true });
    await page.keyboard.press("Enter");
    await numbered(2).waitFor();
    expect(await checked()).toEqual(
      [1, 2, 3, 4, 5].map((point) => point === points[1]),
    );

    // Tab reaches the scale at its chosen point, with a visible ring; a
    // number key still chooses (and replaces) from there.
    const chosen = points[1]!;
    await tabTo(page, `${chosen}${KK_LABELS[chosen - 1]}`);
    const ring = await page.evaluate(() => {
      const option = document.activeElement?.closest(".option");
      if (!option) return null;
      const style = getComputedStyle(option);
      return {
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
      };
    });
    expect(ring?.style).not.toBe("none");
    expect(ring?.width).toBeGreaterThanOrEqual(3);
    const replacement = chosen === 5 ? 1 : 5;
    await page.keyboard.press(String(replacement));
    await page
      .locator(".option")
      .nth(replacement - 1)
      .locator("input:checked")
      .waitFor();
    await saved.waitFor();
    expect(await focusedName(page)).toBe(
      `${replacement}${KK_LABELS[replacement - 1]}`,
    );
    points[1] = replacement;
    await saveScreenshot(page, "pq-kiosk-focus");

    // The largest text and high contrast (chosen with the keyboard too)
    // keep the scale readable, without sideways scroll.
    await tabTo(page, "Өте үлкен мәтін", { back: true });
    await page.keyboard.press("Enter");
    await tabTo(page, "Жоғары контраст");
    await page.keyboard.press("Enter");
    expect(
      await page.evaluate(() => document.documentElement.dataset.theme),
    ).toBe("contrast");
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "pq-kiosk-statement-larger");
    await page.keyboard.press("Enter");
    await tabTo(page, "Қалыпты мәтін", { back: true });
    await page.keyboard.press("Enter");

    // Finish: Tab to the button, Enter; the dialog counts statements.
    await tabTo(page, "Тестті аяқтау");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Тестті аяқтайсыз ба?" });
    await dialog.waitFor();
    await dialog.getByText("Жауап берілмеген тұжырымдар").waitFor();
    expect(await page.getByTestId("unanswered-count").textContent()).toBe("0");
    expect(await page.getByTestId("flagged-count").textContent()).toBe("1");
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "pq-kiosk-submit");
    await tabTo(page, "Жауаптарымды жіберу");
    await page.keyboard.press("Enter");

    await page.getByTestId("finished").waitFor();
    await page
      .getByText(`Жауап берілген тұжырымдар: ${STATEMENTS} / ${STATEMENTS}`)
      .waitFor();
    await saveScreenshot(page, "pq-kiosk-finished");

    // The server holds every answer: the point pressed, one per statement.
    const state = await eventually(async () => {
      const attempt = await administrator.get(`/attempts/${attemptId}`);
      return ["submitted", "scored"].includes(attempt.body.state)
        ? (attempt.body.state as string)
        : undefined;
    });
    expect(["submitted", "scored"]).toContain(state);
    const form = JSON.parse(
      (await app.redis.get(`attempt:${attemptId}:form`)) ?? "null",
    ) as Form;
    expect(form.items).toHaveLength(STATEMENTS);
    const answers = await app.redis.hgetall(`attempt:${attemptId}:answers`);
    expect(Object.keys(answers)).toHaveLength(STATEMENTS);
    form.items.forEach((formItem, index) => {
      // The points keep their order: the key's digit is the point's id.
      expect(formItem.optionOrder).toEqual(["1", "2", "3", "4", "5"]);
      const saved = JSON.parse(answers[formItem.itemId] ?? "null") as {
        r: string[];
      } | null;
      expect(saved?.r, `statement ${index + 1}`).toEqual([
        String(points[index]),
      ]);
    });

    expect(errors).toEqual([]);
    await context.close();
  });
});
