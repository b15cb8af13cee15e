/**
 * The console in one language (issue 24): with the console in Kazakh and
 * then Russian, every screen of a slot with some activity (a tested
 * candidate with an appeal, a booked one, a wrong-slot IIN at the desk)
 * shows no string of the English catalogue. Ids, codes and numbers in
 * Latin letters are fine; English words are not.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UI_LANGUAGES, type UiLanguage } from "@shared/enums";
import {
  DICTIONARIES,
  registerMessages,
  translator,
} from "../../../admin-client/src/lib/i18n/index";
import type { Messages } from "../../../admin-client/src/lib/i18n/message";
import type { TestApp } from "../../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  makeOfficial,
  takeTest,
} from "../../support/appeals";
import {
  bookingBody,
  codeHeader,
  createSlot,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../../support/booking";
import {
  launchBrowser,
  openContext,
  startBrowserApp,
} from "../../support/browser";
import { ApiClient } from "../../support/http";
import { signedInStaff } from "../../support/staff";

// Every area's strings, as the console registers them: each file of the
// dictionaries' folder that exports messages in every language.
const I18N_DIR = path.resolve(
  import.meta.dirname,
  "../../../admin-client/src/lib/i18n",
);
for (const file of readdirSync(I18N_DIR)) {
  if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
  const module = (await import(path.join(I18N_DIR, file))) as Record<
    string,
    unknown
  >;
  for (const exported of Object.values(module)) {
    if (
      typeof exported === "object" &&
      exported !== null &&
      UI_LANGUAGES.every((language) => language in exported)
    ) {
      registerMessages(exported as Messages<string>);
    }
  }
}

const forms = (message: unknown): Record<string, string> =>
  typeof message === "string"
    ? { other: message }
    : (message as Record<string, string>);

/**
 * The English catalogue as text a person could read: each message's
 * literal parts (between `{placeholders}`), leaving out those that Kazakh
 * or Russian write the same and short tokens ("OK", "PDF", "A-01").
 */
function englishCatalogue(): Map<string, string> {
  const strings = new Map<string, string>();
  for (const [key, message] of Object.entries(DICTIONARIES.en)) {
    const kk = forms(DICTIONARIES.kk[key as never]);
    const ru = forms(DICTIONARIES.ru[key as never]);
    for (const [form, text] of Object.entries(forms(message))) {
      if (text === kk[form] || text === ru[form]) continue;
      for (const part of text.split(/\{\w+\}/)) {
        const literal = part.trim().replace(/^[^A-Za-z]+|[^A-Za-z.!?]+$/g, "");
        const letters = literal.replace(/[^A-Za-z]/g, "");
        // A capitalised word of five letters or more, or several words:
        // English a person reads. All capitals are codes and
        // abbreviations; a lone lower-case word ("testing") is a token
        // that data (a center's English name, an id) may hold as well.
        if (letters.length < 5 || literal === literal.toUpperCase()) continue;
        if (!/\s/.test(literal) && !/^[A-Z]/.test(literal)) continue;
        if (!/[a-z]{3}/.test(literal)) continue;
        strings.set(literal, key);
      }
    }
  }
  return strings;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The English strings visible on the page, with their message keys. */
async function englishOnPage(
  page: Page,
  catalogue: Map<string, string>,
): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const found: string[] = [];
  for (const [literal, key] of catalogue) {
    if (!text.includes(literal)) continue;
    const whole = new RegExp(
      `(^|[^A-Za-z0-9_-])${escape(literal)}($|[^A-Za-z0-9_-])`,
    );
    if (whole.test(text)) found.push(`${key}: "${literal}"`);
  }
  return found;
}

/** Signs in through the console's own form (in Kazakh, the default). */
async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
) {
  await page.goto(`${url}/admin`);
  await page.getByLabel("Пайдаланушы аты").fill(username);
  await page.getByLabel("Құпиясөз").fill(password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
  await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
}

/** Opens a console screen in a language and waits for it to settle. */
async function visit(page: Page, url: string, language: UiLanguage) {
  await page.evaluate(
    (chosen) => window.localStorage.setItem("synaq.language", chosen),
    language,
  );
  await page.goto(url);
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle").catch(() => undefined);
  // Queries still loading show a spinner: let them finish.
  await page
    .locator(".loading, [aria-busy='true']")
    .first()
    .waitFor({ state: "detached", timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForTimeout(200);
}

describe("the console in one language (hall day)", () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let adminPage: Page;
  let managerPage: Page;
  let slotId: string;
  let laterSlotId: string;
  let appealId: string;
  const [TESTED, BOOKED, ELSEWHERE] = syntheticIins(3, 7300);
  const catalogue = englishCatalogue();

  beforeAll(async () => {
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    const manager = await signedInStaff(app, "manager");
    const administrator = await signedInStaff(app, "administrator");
    const operator = await signedInStaff(app, "operator");
    // The names the console shows (header, sign-offs): no English in them.
    for (const [who, fullName] of [
      [administrator, "Ержан Әбдіков"],
      [manager, "Гүлнар Сейітова"],
      [operator, "Марат Қасымов"],
    ] as const) {
      const key = `account:${who.account.id}`;
      const stored = JSON.parse((await app.redis.get(key))!);
      await app.redis.set(key, JSON.stringify({ ...stored, fullName }));
    }
    const room = await examRoom(
      app,
      { manager: manager.client, operator: operator.client },
      3,
    );
    slotId = room.slotId;
    const tested = await takeTest(app, room, administrator.client, {
      iin: TESTED!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    await makeOfficial(
      app,
      { administrator: administrator.client, operator: operator.client },
      tested.attemptId,
    );
    const appeal = await new ApiClient(app.url).post(
      `/bookings/${tested.bookingId}/appeals`,
      { grounds: "technical_failure", text: "Киоск бір минут қатып қалды." },
      codeHeader(tested.code, freshIp()),
    );
    expect(appeal.status).toBe(201);
    appealId = appeal.body.id;
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, BOOKED!, {
        programId: ENGINE_LONG,
        fullName: "Иван Петрович Сидоров",
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    // A later slot the same day, where the third IIN is booked.
    const now = await redisNowMs(app);
    const later = await createSlot(app, manager.client, room.place, {
      programId: ENGINE_LONG,
      startsAt: now + 3 * 3600_000,
      bookingCutoffAt: now + 2 * 3600_000,
      lateAdmissionCutoffAt: now + 3 * 3600_000 + 15 * 60_000,
    });
    laterSlotId = later.id;
    const elsewhere = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(laterSlotId, ELSEWHERE!, {
        programId: ENGINE_LONG,
        fullName: "Дана Серікқызы",
      }),
      freshIp(),
    );
    expect(elsewhere.status).toBe(201);

    browser = await launchBrowser();
    context = (
      await openContext(browser, { viewport: { width: 1366, height: 900 } })
    ).context;
    adminPage = context.pages()[0]!;
    await signIn(
      adminPage,
      app.url,
      administrator.account.username,
      administrator.password,
    );
    const managerContext = (
      await openContext(browser, { viewport: { width: 1366, height: 900 } })
    ).context;
    managerPage = managerContext.pages()[0]!;
    await signIn(
      managerPage,
      app.url,
      manager.account.username,
      manager.password,
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("finds English to look for (the catalogue is read)", () => {
    expect(catalogue.size).toBeGreaterThan(500);
    expect(catalogue.has("Booking created")).toBe(true);
  });

  for (const language of ["kk", "ru"] as const) {
    it(`shows no English on the console's screens in ${language}`, async () => {
      const found: string[] = [];
      const check = async (page: Page, path: string) => {
        await visit(page, `${app.url}${path}`, language);
        for (const hit of await englishOnPage(page, catalogue)) {
          found.push(`${path} → ${hit}`);
        }
      };
      for (const path of [
        "/admin/today",
        "/admin/slots",
        `/admin/slots/${slotId}`,
        `/admin/slots/${slotId}/seats`,
        `/admin/slots/${slotId}/desk`,
        `/admin/slots/${slotId}/results`,
        "/admin/appeals",
        "/admin/complaints",
        "/admin/outbox",
        "/admin/analytics",
        "/admin/desk",
      ]) {
        await check(adminPage, path);
      }
      // The desk's wrong-slot refusal: the place in this language, with a
      // link to that slot's desk.
      await visit(adminPage, `${app.url}/admin/slots/${slotId}/desk`, language);
      await adminPage
        .getByLabel(translator(language).t("desk.iin"), { exact: true })
        .fill(ELSEWHERE!);
      await adminPage.keyboard.press("Enter");
      const places = adminPage.getByTestId("desk-elsewhere");
      await places.waitFor();
      const link = places.getByRole("link");
      expect(await link.getAttribute("href")).toBe(
        `/admin/slots/${laterSlotId}/desk`,
      );
      for (const hit of await englishOnPage(adminPage, catalogue)) {
        found.push(`desk refusal → ${hit}`);
      }
      // The appeal itself is for those who decide it (a manager here).
      for (const path of [
        "/admin/kiosks",
        "/admin/config",
        `/admin/appeals/${appealId}`,
      ]) {
        await check(managerPage, path);
      }
      expect(found).toEqual([]);
    }, 90_000);
  }

  it("words the appeal's audit timeline: actions and people, not ids", async () => {
    await visit(managerPage, `${app.url}/admin/appeals/${appealId}`, "kk");
    const timeline = managerPage.getByTestId("appeal-timeline");
    await timeline.locator("li").first().waitFor();
    const text = await timeline.innerText();
    expect(text).toContain("Жазылу жасалды");
    expect(text).toContain("Тест әкімшісі Ержан Әбдіков");
    expect(text).not.toMatch(/staff:|booking\.created|attempt\./);
    // The date sits in its own column: it does not overlap the words.
    const row = timeline.locator("li").first();
    const date = await row.locator("time").boundingBox();
    const words = await row.locator("span").first().boundingBox();
    expect(date!.x + date!.width).toBeLessThanOrEqual(words!.x);
  });
});
