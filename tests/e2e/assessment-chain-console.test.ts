import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  ENGINE_LONG,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  createPlace,
  createSlot,
  eventually,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  request,
} from "../support/kiosk";
import { PQ, pqBanks } from "../support/pq-banks";
import { signedInStaff } from "../support/staff";

/**
 * The assessment in the same visit, from the console (issue 20): the
 * administrator opens the seat of a candidate whose legislation-test
 * certificate was issued, continues them with the personal-qualities
 * assessment on the same seat, and later reads their profile on the
 * assessment's results. The console speaks Kazakh, its default.
 */
const MINUTE = 60_000;
const NAME = "Айдана Ерланқызы Сейітова";
const [IIN] = syntheticIins(1, 6300);
const PQ_TITLE = "Жеке қасиеттерді бағалау (демонстрация)";
const TEST_TITLE = "Қозғалтқыш бағдарламасы";
const CONTINUE = "Бағалауды жалғастыру";

/**
 * The answers of tests/integration/personal-qualities.test.ts, whose profile
 * is worked out there by hand: stens 4, 4, 6, 4, consistency 0.8125, the
 * rule (no scale below sten 3) met.
 */
const answerOf = (itemId: string): string | null =>
  itemId === "pq-int-02" ? null : itemId === "pq-com-08" ? "1" : "4";

interface Staff {
  username: string;
  password: string;
}

/** Signs in through the console's own form. */
async function signIn(page: Page, url: string, account: Staff) {
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Қызметкердің кіруі" }).waitFor();
  await page.getByLabel("Пайдаланушы аты").fill(account.username);
  await page.getByLabel("Құпиясөз").fill(account.password);
  await page.getByRole("button", { name: "Кіру", exact: true }).click();
  await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
}

/** Answers and submits an admitted attempt the way its kiosk does. */
async function sitAssessment(
  app: TestApp,
  token: string,
  attemptId: string,
): Promise<void> {
  const kiosk = await connectKiosk(app.url, token);
  try {
    await request(kiosk, "attempt.confirm", { attemptId });
    const started = await request(kiosk, "attempt.start", { attemptId });
    expect(started.ok).toBe(true);
    const resync = await request(kiosk, "attempt.resync");
    const shown = resync.attempt.items as { id: string }[];
    expect(shown).toHaveLength(32);
    const bank = await bankIdsOf(app.redis, attemptId);
    let seq = 1;
    for (const item of shown) {
      const point = answerOf(bank.item(item.id));
      if (point === null) continue;
      const saved = await request(kiosk, "answer.save", {
        attemptId,
        itemId: item.id,
        response: bank.options(item.id, [point]),
        seq: seq++,
      });
      expect(saved.ok).toBe(true);
    }
    const submitted = await request(kiosk, "attempt.submit", { attemptId });
    expect(submitted.ok).toBe(true);
  } finally {
    kiosk.close();
  }
  await eventually(async () => {
    const state = await app.redis.hget(`attempt:${attemptId}`, "state");
    return state === "scored" ? true : undefined;
  }, 20_000);
}

describe("continuing with the assessment from the console, in Chromium", () => {
  let work: string;
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let administrator: ApiClient;
  let operator: ApiClient;
  let admin: Staff;
  let place: Place;
  let testSlotId: string;
  let pqSlotId: string;
  const tokens = new Map<string, string>();
  let tested: TestedCandidate;
  let seatId: string;
  let seatLabel: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-chain-console-"));
    app = await startBrowserApp({
      BANKS_DIR: pqBanks(work),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
      // The assessment starts when the 65-minute test ends: its admission
      // opens two hours before, so both admit now.
      ADMISSION_LEAD_MINUTES: "120",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const desk = await signedInStaff(app, "administrator", "chain-admin");
    administrator = desk.client;
    admin = { username: desk.account.username, password: desk.password };
    operator = (await signedInStaff(app, "operator")).client;

    // One room: the legislation test now, the assessment right after it.
    place = await createPlace(manager, 2, "Зал 9");
    const now = await redisNowMs(app);
    const testStart = now + 5 * MINUTE;
    testSlotId = (
      await createSlot(app, manager, place, {
        programId: ENGINE_LONG,
        startsAt: testStart,
        bookingCutoffAt: now + 4 * MINUTE,
        lateAdmissionCutoffAt: now + 20 * MINUTE,
      })
    ).id;
    const pqStart = testStart + 65 * MINUTE;
    pqSlotId = (
      await createSlot(app, manager, place, {
        programId: PQ,
        startsAt: pqStart,
        bookingCutoffAt: pqStart,
        lateAdmissionCutoffAt: pqStart + 20 * MINUTE,
      })
    ).id;
    for (const id of place.seatIds) {
      tokens.set(id, (await enrollKiosk(app.url, operator, id)).token);
    }

    tested = await takeTest(
      app,
      { slotId: testSlotId, tokens },
      administrator,
      { iin: IIN!, fullName: NAME },
    );
    await makeOfficial(app, { administrator, operator }, tested.attemptId);
    seatId = (await app.redis.hget(`attempt:${tested.attemptId}`, "seatId"))!;
    seatLabel = `A-0${place.seatIds.indexOf(seatId) + 1}`;

    browser = await launchBrowser();
    ({ context, page, errors } = await openContext(browser));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("continues a certified candidate with the assessment from the test's seat map, on the same seat", async () => {
    await signIn(page, app.url, admin);
    await page.goto(`${app.url}/admin/slots/${testSlotId}/seats`);
    await page
      .getByRole("heading", { name: "Орындар картасы", level: 1 })
      .waitFor();
    await page.locator(".slot-summary").getByText(TEST_TITLE).waitFor();
    const tile = page.locator(`[data-seat="${seatLabel}"]`);
    await tile.getByText(NAME).waitFor();
    await tile.getByText("Құжат берілді").waitFor();
    await tile.click();

    const panel = page.getByTestId("seat-panel");
    await panel.getByRole("heading", { name: `${seatLabel} орны` }).waitFor();
    const chain = panel.getByRole("region", { name: "Сол келуде бағалау" });
    await chain.waitFor();
    expect(await chain.innerText()).toContain(`«${PQ_TITLE}» осы аудиторияда`);
    await chain
      .getByText("Үміткер кіру бекетінде жазылады", { exact: false })
      .waitFor();
    await saveScreenshot(page, "console-chain-offer");
    await chain.getByRole("button", { name: CONTINUE }).click();

    const dialog = page.getByRole("dialog", {
      name: `${NAME} бағалауды жалғастырсын ба?`,
    });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      `Ол «${PQ_TITLE}» бағдарламасына жазылып, ${seatLabel} орнына кіргізіледі.`,
    );
    await dialog.getByRole("button", { name: CONTINUE, exact: true }).click();
    await dialog.waitFor({ state: "detached" });

    const done = panel.getByRole("region", { name: "Сол келуде бағалау" });
    await done
      .getByRole("status")
      .getByText(
        `${NAME} «${PQ_TITLE}» бағдарламасына ${seatLabel} орнына кіргізілді.`,
      )
      .waitFor();
    await done.getByText("Бағалауға жазылу коды", { exact: false }).waitFor();
    await done.getByText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/).waitFor();
    await saveScreenshot(page, "console-chain-done");

    // The panel's link leads to the assessment's map, the same seat open.
    await done
      .getByRole("link", { name: "Бағалаудың орындар картасын ашу" })
      .click();
    await page.waitForURL(`**/admin/slots/${pqSlotId}/seats?seat=*`);
    await page.locator(".slot-summary").getByText(PQ_TITLE).waitFor();
    const pqTile = page.locator(`[data-seat="${seatLabel}"]`);
    await pqTile.getByText(NAME).waitFor();
    await pqTile.getByText("Кірді, күтуде").waitFor();
    // The other seat of the room stays free.
    const other = place.seatIds.findIndex((id) => id !== seatId);
    await page
      .locator(`[data-seat="A-0${other + 1}"]`)
      .getByText("Бос орын")
      .waitFor();
    const pqPanel = page.getByTestId("seat-panel");
    await pqPanel.getByRole("heading", { name: `${seatLabel} орны` }).waitFor();
    await pqPanel.getByText(NAME).waitFor();
    await pqPanel
      .getByText("Бұл бағалау сол келудегі білім тестінің жалғасы.")
      .waitFor();
    await pqPanel
      .getByTestId("timeline")
      .getByText("Білім тестінен кейін жалғастырылды")
      .waitFor();
    await saveScreenshot(page, "console-chain-seat-map");
    expect(errors).toEqual([]);
  });

  it("shows the candidate's stens per scale and the rule on the assessment's results", async () => {
    const attemptId = (await app.redis.get(`seat:${seatId}:attempt`))!;
    expect(attemptId).not.toBe(tested.attemptId);
    await sitAssessment(app, tokens.get(seatId)!, attemptId);
    await makeOfficial(app, { administrator, operator }, attemptId);

    await page
      .getByRole("navigation", { name: "Сеанс бөлімдері" })
      .getByRole("link", { name: "Нәтижелер" })
      .click();
    await page
      .getByRole("heading", { name: "Сеанс нәтижелері", level: 1 })
      .waitFor();
    const table = page.getByRole("table", { name: "Сеанс нәтижелері" });
    const row = table.getByRole("row").filter({ hasText: NAME });
    await row.getByText("Бағалау анықтамасы · Жарамды").waitFor();

    const headers = await table.locator("thead th").allInnerTexts();
    const cells = await row.locator(":scope > th, :scope > td").allInnerTexts();
    const shown = Object.fromEntries(
      headers.map((header, index) => [
        header.trim(),
        (cells[index] ?? "").replace(/\s+/g, " ").trim(),
      ]),
    );
    expect(shown).toMatchObject({
      Орын: seatLabel,
      "Адалдық (стен)": "4 / 10",
      "Жауапкершілік (стен)": "4 / 10",
      "Стресске төзімділік (стен)": "6 / 10",
      "Коммуникативтілік (стен)": "4 / 10",
    });
    // Kazakh writes a decimal comma, even in a browser without Kazakh
    // number data (Debian's Chromium), which would print "0.81".
    expect(shown["Жауаптардың сәйкестігі"]).toBe("0,81 Сәйкес");
    // Eleven columns: the rule and the signatures are scrolled to, as a user would.
    const rule = row.getByText("Талапқа сай: барлық шкала 3 стеннен кем емес");
    await rule.scrollIntoViewIfNeeded();
    expect(await rule.isVisible()).toBe(true);
    await row.getByText("Test administrator").waitFor();
    await row.getByText("Test operator").waitFor();
    await saveScreenshot(page, "console-chain-results");
    expect(errors).toEqual([]);
  });
});
