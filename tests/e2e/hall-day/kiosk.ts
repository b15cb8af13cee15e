import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../../support/booking";
import {
  axeViolations,
  countdownSeconds,
  launchBrowser,
  openContext,
  saveScreenshot,
  startKioskBrowserApp,
} from "../../support/browser";
import { ApiClient } from "../../support/http";
import { enrollKiosk } from "../../support/kiosk";
import { signedInStaff } from "../../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SHIPPED = path.join(ROOT, "question-banks");
const PROGRAM = "hall-day";
const CANDIDATE = "Әлия Бекқызы Жақсылықова";

/**
 * The kiosk screens of the issue, the large text on a common one and the
 * largest on the smallest.
 */
const VIEWPORTS = [
  { width: 1024, height: 768, text: "normal" },
  { width: 1280, height: 800, text: "normal" },
  { width: 1366, height: 768, text: "normal" },
  { width: 1920, height: 1080, text: "normal" },
  { width: 1280, height: 800, text: "large" },
  { width: 1024, height: 768, text: "larger" },
] as const;

const TEXT_SIZE_BUTTON = {
  normal: "Қалыпты мәтін",
  large: "Үлкен мәтін",
  larger: "Өте үлкен мәтін",
} as const;

const CASE_KK =
  "Аудандық әкімдіктің бөлім басшысы азаматтың өтінішін қабылдап, оны тіркеуге жіберді. Өтінішке жеке тұлғаның мүлкіне қатысты құжаттар, үш жылдағы хат-хабар және көршілес екі мекеменің қорытындылары қоса берілген. Бөлім басшысы өтініштің бір бөлігі басқа мемлекеттік органның құзыретіне жататынын анықтады, ал қалған бөлігі бойынша қосымша ақпарат сұрау қажет болды.";
const CASE_RU =
  "Руководитель отдела районного акимата принял обращение гражданина и направил его на регистрацию. К обращению приложены документы об имуществе физического лица, переписка за три года и заключения двух соседних учреждений. Руководитель отдела установил, что часть обращения относится к компетенции другого государственного органа, а по остальной части необходимо запросить дополнительные сведения.";

/**
 * A banks folder for the hall: the shipped demonstration legislation bank
 * (real questions in Kazakh and Russian) with, first in the constitution
 * section, one long situational question, and a program that draws every
 * item of that section in the bank's order, so question 1 is the long one.
 */
function hallBanks(dir: string): string {
  const banks = path.join(dir, "banks");
  mkdirSync(path.join(banks, "hall"), { recursive: true });
  mkdirSync(path.join(banks, "programs"), { recursive: true });
  const bank = JSON.parse(
    readFileSync(path.join(SHIPPED, "kz-legislation/bank.json"), "utf8"),
  ) as Record<string, unknown>;
  writeFileSync(
    path.join(banks, "hall/bank.json"),
    JSON.stringify({ ...bank, id: "hall" }),
  );
  const constitution = JSON.parse(
    readFileSync(
      path.join(SHIPPED, "kz-legislation/constitution.json"),
      "utf8",
    ),
  ) as { items: unknown[] };
  const long = {
    id: "con-long-case",
    type: "single",
    options: ["a", "b", "c", "d"],
    correct: ["b"],
    text: {
      kk: {
        stem: [1, 2, 3, 4, 5, 6]
          .map((part) => `${part}. ${CASE_KK}`)
          .join(" ")
          .concat(" Бөлім басшысы қалай әрекет етуі тиіс?"),
        options: {
          a: `Өтінішті толығымен қайтару. ${CASE_KK}`,
          b: `Өз құзыретіндегі бөлігін қарап, қалғанын бес жұмыс күні ішінде тиісті органға жіберу. ${CASE_KK}`,
          c: `Өтінішті қарамай, өтініш берушіге ауызша жауап беру. ${CASE_KK}`,
          d: `Барлық мәселені өз бетінше шешу. ${CASE_KK}`,
        },
      },
      ru: {
        stem: [1, 2, 3, 4, 5, 6]
          .map((part) => `${part}. ${CASE_RU}`)
          .join(" ")
          .concat(" Как должен поступить руководитель отдела?"),
        options: {
          a: `Вернуть обращение полностью. ${CASE_RU}`,
          b: `Рассмотреть часть в своей компетенции, остальное в течение пяти рабочих дней направить в уполномоченный орган. ${CASE_RU}`,
          c: `Не рассматривать обращение и ответить заявителю устно. ${CASE_RU}`,
          d: `Решить все вопросы самостоятельно. ${CASE_RU}`,
        },
      },
    },
  };
  writeFileSync(
    path.join(banks, "hall/constitution.json"),
    // Twelve items for twelve questions: every one is drawn, in this order.
    JSON.stringify({
      ...constitution,
      items: [long, ...constitution.items.slice(0, 11)],
    }),
  );
  copyFileSync(
    path.join(SHIPPED, "kz-legislation/civil-service.json"),
    path.join(banks, "hall/civil-service.json"),
  );
  const shipped = JSON.parse(
    readFileSync(
      path.join(SHIPPED, "programs/corps-b-legislation.json"),
      "utf8",
    ),
  ) as {
    titles: unknown;
    sections: { id: string; titles: unknown }[];
  };
  const section = (id: string) => ({
    ...shipped.sections.find((candidate) => candidate.id === id),
    bank: "hall",
    bankSection: id,
    questions: 12,
    minCorrect: 4,
  });
  writeFileSync(
    path.join(banks, "programs", `${PROGRAM}.json`),
    JSON.stringify({
      id: PROGRAM,
      titles: shipped.titles,
      durationMinutes: 55,
      instructionsMinutes: 10,
      languages: ["kk", "ru"],
      shuffle: { items: false, options: false },
      sections: [section("constitution"), section("civil-service")],
      minCorrectTotal: 12,
      bookableWhileValid: true,
    }),
  );
  return banks;
}

type Box = { x: number; y: number; width: number; height: number };

/** The box of an element, failing the test when it is not rendered. */
async function boxOf(page: Page, locator: ReturnType<Page["locator"]>) {
  const box = await locator.boundingBox();
  expect(box, "the element is rendered").not.toBeNull();
  return box as Box;
}

/** True when the box lies wholly inside the window. */
function insideWindow(
  box: Box,
  viewport: { width: number; height: number },
): boolean {
  return (
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width + 0.5 &&
    box.y + box.height <= viewport.height + 0.5
  );
}

/** The page as a whole does not scroll, either way. */
function documentScroll(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return {
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      scrollTop: root.scrollTop,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
    };
  });
}

/** Nothing covers the control: the point at its centre is the control. */
function uncovered(page: Page, locator: ReturnType<Page["locator"]>) {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(
      rect.left + rect.width / 2,
      rect.top + rect.height / 2,
    );
    return hit !== null && (hit === element || element.contains(hit));
  });
}

/** A locked attempt needs full screen; a resize may have left it. */
async function backToFullscreen(page: Page): Promise<void> {
  const overlay = page.getByRole("button", { name: "Толық экранға оралу" });
  if (await overlay.isVisible()) await overlay.click();
  await overlay.waitFor({ state: "detached" });
}

describe("the kiosk on a busy hall day", () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let administrator: ApiClient;
  let operator: ApiClient;
  let attemptId: string;
  const [iin] = syntheticIins(1, 2400);

  beforeAll(async () => {
    const banks = hallBanks(mkdtempSync(path.join(tmpdir(), "synaq-hall-")));
    app = await startKioskBrowserApp({
      BANKS_DIR: banks,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    const place = await createPlace(manager, 1, "Зал 3");
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: PROGRAM,
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 20 * 60_000,
    });
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, iin!, { programId: PROGRAM, fullName: CANDIDATE }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const { token } = await enrollKiosk(app.url, operator, place.seatIds[0]!);
    const admitted = await administrator.post(`/slots/${slot.id}/admissions`, {
      iin,
    });
    expect(admitted.status).toBe(201);
    attemptId = admitted.body.attemptId as string;
    // The administrator starts the seat (allowed before the slot's start).
    const started = await administrator.post(
      `/attempts/${attemptId}/start`,
      {},
    );
    expect(started.status).toBe(200);

    browser = await launchBrowser();
    ({ context, page, errors } = await openContext(browser, {
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
    }));
    // The kiosk as enrolled on this seat (the enrollment screen is
    // kiosk.test.ts's business).
    await context.addInitScript((deviceToken) => {
      if (!window.localStorage.getItem("synaq.kiosk.token")) {
        window.localStorage.setItem("synaq.kiosk.token", deviceToken);
      }
    }, token);
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${app.url}/kiosk/`);
    await backToFullscreen(page);
    await page
      .getByTestId("question-number")
      .getByText("1-сұрақ / 24")
      .waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  describe("the kiosk fits its screen", () => {
    it("keeps the action bar and the saved mark in sight at every kiosk screen and the large text, the long question scrolling on its own", async () => {
      const header = page.locator(".frame__top");
      const question = page.locator(".question");
      const status = page.getByTestId("save-status");
      const actions = [
        page.getByRole("button", { name: "← Алдыңғы" }),
        page.getByRole("button", { name: "Белгілеу" }),
        page.getByRole("button", { name: "Келесі →" }),
        page.getByRole("button", { name: "Тестті аяқтау" }),
      ];
      // The header names the seat and the candidate beside the time.
      expect(await header.getByTestId("header-seat").textContent()).toContain(
        "A-01",
      );
      expect(await header.getByTestId("header-candidate").textContent()).toBe(
        CANDIDATE,
      );
      await header.getByTestId("countdown").waitFor();

      for (const [round, viewport] of VIEWPORTS.entries()) {
        const where = `${viewport.width}×${viewport.height} ${viewport.text}`;
        await page.setViewportSize(viewport);
        await backToFullscreen(page);
        await page
          .getByRole("button", {
            name: TEXT_SIZE_BUTTON[viewport.text],
            exact: true,
          })
          .click();
        await page.getByTestId("nav-1").click();
        await page
          .getByTestId("question-number")
          .getByText("1-сұрақ / 24")
          .waitFor();

        // The long question is taller than its area: it scrolls there,
        // the page does not, and the action bar does not move.
        const area = await question.evaluate((element) => ({
          scrollHeight: element.scrollHeight,
          clientHeight: element.clientHeight,
        }));
        expect(area.scrollHeight, where).toBeGreaterThan(area.clientHeight);
        const finishBefore = await boxOf(page, actions[3]!);
        const questionBox = await boxOf(page, question);
        await page.mouse.move(
          questionBox.x + questionBox.width / 2,
          questionBox.y + questionBox.height / 2,
        );
        await page.mouse.wheel(0, 5_000);
        await expect
          .poll(() => question.evaluate((element) => element.scrollTop))
          .toBeGreaterThan(0);
        expect(await boxOf(page, actions[3]!), where).toEqual(finishBefore);

        // Its last option, scrolled into sight, is answered: saved ✓.
        const option = page.locator(".option").nth(round % 4);
        if (viewport.text !== "normal") {
          await saveScreenshot(
            page,
            `hall-day-kiosk-${viewport.width}x${viewport.height}-${viewport.text}`,
          );
        }
        await option.scrollIntoViewIfNeeded();
        await option.click();
        await option.locator("input:checked").waitFor();
        await expect
          .poll(() => status.getAttribute("data-status"))
          .toBe("saved");
        expect(await status.textContent(), where).toMatch(
          /^Сақталды ✓ \d\d:\d\d:\d\d$/,
        );

        // Saved mark, ←, flag, → and finish: inside the window, on top.
        for (const control of [status, ...actions]) {
          expect(
            insideWindow(await boxOf(page, control), viewport),
            `${where}: ${await control.textContent()}`,
          ).toBe(true);
        }
        for (const control of actions) {
          expect(await uncovered(page, control), where).toBe(true);
        }
        const scroll = await documentScroll(page);
        expect(scroll.scrollHeight, where).toBeLessThanOrEqual(
          scroll.innerHeight,
        );
        expect(scroll.scrollWidth, where).toBeLessThanOrEqual(
          scroll.innerWidth,
        );
        expect(scroll.scrollTop, where).toBe(0);

        // The navigator stays reachable: its last number, in its own
        // scroll, opens the last question.
        const last = page.getByTestId("nav-24");
        await last.scrollIntoViewIfNeeded();
        await last.click();
        await page
          .getByTestId("question-number")
          .getByText("24-сұрақ / 24")
          .waitFor();
        expect(insideWindow(await boxOf(page, last), viewport), where).toBe(
          true,
        );

        if (viewport.width === 1280 && viewport.text === "normal") {
          // The README's picture: a question answered and saved.
          await page.getByTestId("nav-2").click();
          await page
            .getByTestId("question-number")
            .getByText("2-сұрақ / 24")
            .waitFor();
          await page.locator(".option").nth(2).click();
          await status.getByText("Сақталды ✓").waitFor();
          await page.getByTestId("nav-3").click();
          await page.keyboard.press("f");
          await page.getByTestId("nav-2").click();
          await status.getByText("Сақталды ✓").waitFor();
          expect(await axeViolations(page)).toEqual([]);
          const shot = await saveScreenshot(page, "hall-day-kiosk-1280x800");
          if (process.env.UPDATE_DOC_SCREENSHOTS === "1") {
            const docShot = path.join(ROOT, "docs/kiosk-test-screen.png");
            copyFileSync(shot, docShot);
            expect(statSync(docShot).size).toBeLessThan(250_000);
          }
        }
      }
      await page
        .getByRole("button", { name: "Қалыпты мәтін", exact: true })
        .click();
      expect(errors).toEqual([]);
    });
  });

  describe("the kiosk speaks about time", () => {
    it("shows and announces the minutes an administrator adds, a pause and a resume", async () => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await backToFullscreen(page);
      const notice = page.getByTestId("time-notice");
      const countdown = page.getByTestId("countdown");
      expect(await notice.getAttribute("aria-live")).toBe("polite");
      expect(await notice.getAttribute("role")).toBe("status");

      // Ad hoc extra time: the countdown jumps and the kiosk says why.
      const before = countdownSeconds((await countdown.textContent()) ?? "");
      const extended = await administrator.post(
        `/attempts/${attemptId}/extend`,
        { minutes: 5, reason: "Кандидаттың өтініші бойынша" },
      );
      expect(extended.status).toBe(200);
      await notice.getByText("Уақытыңызға 5 минут қосылды").waitFor();
      const after = countdownSeconds((await countdown.textContent()) ?? "");
      expect(after - before).toBeGreaterThan(290);
      expect(after - before).toBeLessThanOrEqual(300);
      // In sight with the action bar, and never called an accommodation.
      const viewport = { width: 1366, height: 768 };
      expect(insideWindow(await boxOf(page, notice), viewport)).toBe(true);
      expect(
        insideWindow(
          await boxOf(
            page,
            page.getByRole("button", { name: "Тестті аяқтау" }),
          ),
          viewport,
        ),
      ).toBe(true);
      expect((await notice.textContent())?.toLowerCase()).not.toMatch(
        /ерекше|accommodation/,
      );
      await saveScreenshot(page, "hall-day-kiosk-time-added");

      // In Russian, a pause and a resume, each in words, to the reader too.
      await page.getByRole("button", { name: "Русский" }).click();
      const paused = await operator.post(`/attempts/${attemptId}/pause`, {
        reason: "Жарық өшті",
      });
      expect(paused.status).toBe(200);
      await notice.getByText("Тест приостановлен администратором").waitFor();
      await page.getByTestId("paused").waitFor();
      // The pause makes the test inert; the live region stays outside it.
      expect(
        await notice.evaluate((element) => element.closest("[inert]") === null),
      ).toBe(true);
      expect(await uncovered(page, notice.locator("p"))).toBe(true);
      await saveScreenshot(page, "hall-day-kiosk-paused");
      const resumed = await operator.post(`/attempts/${attemptId}/resume`, {
        reason: "Жарық берілді",
      });
      expect(resumed.status).toBe(200);
      await notice.getByText("Тест продолжается").waitFor();
      await page.getByTestId("paused").waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Қазақша" }).click();
      expect(errors).toEqual([]);
    });
  });
});
