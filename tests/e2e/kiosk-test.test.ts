import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "../support/booking";
import {
  axeViolations,
  countdownSeconds,
  hasHorizontalScroll,
  launchBrowser,
  openContext,
  saveScreenshot,
  startKioskBrowserApp,
} from "../support/browser";
import { ApiClient } from "../support/http";
import { bankIdsOf } from "../support/kiosk";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENGINE_BANKS = path.resolve(ROOT, "tests/fixtures/engine-banks");
const PROGRAM = "engine-long";

interface JournalRow {
  itemId: string;
  response: string[];
  seq: number;
  status: string;
}

/** The kiosk's IndexedDB journal for an attempt, read in the page. */
function readJournal(page: Page, attemptId: string): Promise<JournalRow[]> {
  return page.evaluate(
    (id) =>
      new Promise<JournalRow[]>((resolve, reject) => {
        const open = indexedDB.open("synaq-kiosk");
        open.onerror = () => reject(new Error("no journal"));
        open.onsuccess = () => {
          const request = open.result
            .transaction("answers")
            .objectStore("answers")
            .index("attemptId")
            .getAll(id);
          request.onsuccess = () => {
            resolve(request.result as JournalRow[]);
            open.result.close();
          };
          request.onerror = () => reject(new Error("journal read failed"));
        };
      }),
    attemptId,
  );
}

describe("a candidate's test on a kiosk in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let administrator: ApiClient;
  let operator: ApiClient;
  let place: Place;
  let slotId: string;
  const [iin] = syntheticIins(1, 700);

  beforeAll(async () => {
    app = await startKioskBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 2, "Зал 5");
    const now = await redisNowMs(app);
    const slot = await createSlot(app, manager, place, {
      programId: PROGRAM,
      startsAt: now + 5 * 60_000,
      bookingCutoffAt: now + 4 * 60_000,
      lateAdmissionCutoffAt: now + 20 * 60_000,
    });
    slotId = slot.id;
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, iin!, {
        programId: PROGRAM,
        fullName: "Әлия Бекқызы Жақсылықова",
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("confirms, reads, answers through a reload and a network loss, reports, and submits", async () => {
    const { context, page, errors } = await openContext(browser, {
      viewport: { width: 1366, height: 768 },
      // axe-core is injected as an inline script, which the CSP forbids.
      bypassCSP: true,
    });
    // The test's beforeunload guard asks before a reload: the test agrees.
    page.on("dialog", (dialog) => void dialog.accept());

    // Enrollment, then the idle seat.
    const code = await operator.post("/kiosks/enrollment-codes", {
      seatId: place.seatIds[0],
    });
    await page.goto(`${app.url}/kiosk/`);
    await page.getByLabel("Тіркеу коды").fill(code.body.code);
    await page.getByRole("button", { name: "Тіркеу" }).click();
    await page.getByTestId("seat-label").waitFor();

    // The administrator admits the candidate to this seat.
    const admitted = await administrator.post(`/slots/${slotId}/admissions`, {
      iin,
    });
    expect(admitted.status).toBe(201);
    const attemptId = admitted.body.attemptId as string;
    const answersKey = `attempt:${attemptId}:answers`;

    // Identity: name, program, language; "this is me".
    await page.getByRole("heading", { name: "Бұл сізсіз бе?" }).waitFor();
    expect(await page.getByTestId("candidate-name").textContent()).toBe(
      "Әлия Бекқызы Жақсылықова",
    );
    await page.getByText("қазақ тілі").waitFor();
    await saveScreenshot(page, "kiosk-test-identity");
    await page.getByRole("button", { name: "Иә, бұл менмін" }).click();

    // Instructions: sections, duration, rules; start once read.
    await page.getByRole("heading", { name: "Залдағы тәртіп" }).waitFor();
    await page.getByText("Тест ұзақтығы: 55 минут").waitFor();
    await page.getByText("Заң").first().waitFor();
    expect(await page.evaluate(() => document.fullscreenElement !== null)).toBe(
      true,
    );
    const start = page.getByRole("button", { name: "Тестті бастау" });
    expect(await start.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "kiosk-test-instructions");
    await page.getByLabel("Ережелерді оқыдым және түсіндім").check();
    await start.click();

    // The test. Question 1 with the mouse.
    const number = page.getByTestId("question-number");
    const status = page.getByTestId("save-status");
    await number.getByText("1-сұрақ / 6").waitFor();
    await page.locator(".option").nth(1).click();
    await status.getByText("Сақталды ✓").waitFor();
    expect(await status.textContent()).toMatch(/Сақталды ✓ \d\d:\d\d:\d\d/);

    // Question 2 and 3 with the keyboard: → moves, digits choose, F flags.
    await page.keyboard.press("ArrowRight");
    await number.getByText("2-сұрақ / 6").waitFor();
    await page.keyboard.press("2");
    await status.getByText("Сақталды ✓").waitFor();
    await page.keyboard.press("ArrowRight");
    await number.getByText("3-сұрақ / 6").waitFor();
    await page.keyboard.press("f");
    await page.keyboard.press("1");
    await page.keyboard.press("3");
    await status.getByText("Сақталды ✓").waitFor();
    const thirdIsMultiple =
      (await page.locator(".options").getAttribute("data-kind")) === "multiple";
    const thirdChecked = thirdIsMultiple ? [0, 2] : [2];
    expect(await page.getByTestId("nav-3").getAttribute("data-flagged")).toBe(
      "true",
    );
    await eventually(async () =>
      (await app.redis.hlen(answersKey)) === 3 ? true : undefined,
    );
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "kiosk-test-question");

    // The largest text and the high-contrast theme, for those who need them.
    await page.getByRole("button", { name: "Өте үлкен мәтін" }).click();
    await page.getByRole("button", { name: "Жоғары контраст" }).click();
    expect(await axeViolations(page)).toEqual([]);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await saveScreenshot(page, "kiosk-test-contrast");
    await page.getByRole("button", { name: "Қалыпты мәтін" }).click();
    await page.getByRole("button", { name: "Жоғары контраст" }).click();

    // A reload mid-test: same question, every answer, the flag; full
    // screen must be taken back before going on.
    await page.reload();
    await page.getByRole("button", { name: "Толық экранға оралу" }).click();
    await number.getByText("3-сұрақ / 6").waitFor();
    for (const index of [0, 1, 2, 3]) {
      expect(await page.locator(".option input").nth(index).isChecked()).toBe(
        thirdChecked.includes(index),
      );
    }
    for (const nav of ["nav-1", "nav-2", "nav-3"]) {
      expect(await page.getByTestId(nav).getAttribute("data-answered")).toBe(
        "true",
      );
    }
    expect(await page.getByTestId("nav-3").getAttribute("data-flagged")).toBe(
      "true",
    );
    await status.getByText("Сақталды ✓").waitFor();

    // The network goes: answers are kept in IndexedDB, nothing is acked.
    await context.setOffline(true);
    await page.getByTestId("offline-banner").waitFor();
    await page.keyboard.press("ArrowRight");
    await number.getByText("4-сұрақ / 6").waitFor();
    await page.keyboard.press("1");
    await page.getByTestId("nav-5").click();
    await number.getByText("5-сұрақ / 6").waitFor();
    await page.locator(".option").nth(3).click();
    await status.getByText("Осы киоскіде сақталды").waitFor();
    await saveScreenshot(page, "kiosk-test-offline");
    const offlineJournal = await readJournal(page, attemptId);
    const unsent = offlineJournal.filter((row) => row.status === "pending");
    expect(unsent).toHaveLength(2);
    expect(offlineJournal.filter((row) => row.status === "saved")).toHaveLength(
      3,
    );
    // Sequence numbers only grow, across the reload too.
    const seqs = offlineJournal.map((row) => row.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.min(...unsent.map((row) => row.seq))).toBeGreaterThan(
      Math.max(
        ...offlineJournal
          .filter((row) => row.status === "saved")
          .map((row) => row.seq),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await app.redis.hlen(answersKey)).toBe(3);

    // It comes back: the kept answers go out and are acknowledged.
    await context.setOffline(false);
    await page.getByTestId("offline-banner").waitFor({ state: "detached" });
    await status.getByText("Сақталды ✓").waitFor();
    await eventually(async () =>
      (await app.redis.hlen(answersKey)) === 5 ? true : undefined,
    );
    // The journal holds the kiosk's ids; Redis the bank's, mapped on save.
    const bank = await bankIdsOf(app.redis, attemptId);
    for (const row of unsent) {
      const stored = JSON.parse(
        (await app.redis.hget(answersKey, bank.item(row.itemId))) ?? "null",
      );
      expect(stored).toMatchObject({
        r: row.response.map((optionId) =>
          bank.bankOption(row.itemId, optionId),
        ),
        seq: row.seq,
      });
    }
    await eventually(async () => {
      const rows = await readJournal(page, attemptId);
      return rows.every((row) => row.status === "saved") ? rows : undefined;
    });

    // The page is hidden for a moment (headless Chromium never is by
    // itself): the server records it with its duration, and the reload.
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", {
        configurable: true,
        get: () => "hidden",
      });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await page.evaluate(() => {
      delete (document as { visibilityState?: unknown }).visibilityState;
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const incidents = await eventually(async () => {
      const attempt = await administrator.get(`/attempts/${attemptId}`);
      const list = attempt.body.incidents as {
        type: string;
        source: string;
        durationMs: number | null;
      }[];
      return list.some((incident) => incident.type === "page_hidden")
        ? list
        : undefined;
    });
    const hidden = incidents.find(
      (incident) => incident.type === "page_hidden",
    );
    expect(hidden).toMatchObject({ source: "kiosk" });
    expect(hidden!.durationMs).toBeGreaterThanOrEqual(350);
    expect(incidents.map((incident) => incident.type)).toContain("reload");

    // The kiosk's clock jumps an hour: the countdown does not.
    const countdown = page.getByTestId("countdown");
    const before = countdownSeconds((await countdown.textContent()) ?? "");
    await page.evaluate(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 3_600_000;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = countdownSeconds((await countdown.textContent()) ?? "");
    expect(before - after).toBeGreaterThanOrEqual(1);
    expect(before - after).toBeLessThanOrEqual(4);
    const timing = (await administrator.get(`/attempts/${attemptId}`)).body
      .timing as { remainingMs: number };
    expect(Math.abs(after - timing.remainingMs / 1000)).toBeLessThan(3);

    // A pause freezes the time and says why; the resume lifts it.
    const paused = await operator.post(`/attempts/${attemptId}/pause`, {
      reason: "Жарық өшті",
    });
    expect(paused.status).toBe(200);
    await page.getByTestId("paused").getByText("Себебі: Жарық өшті").waitFor();
    const frozen = await countdown.textContent();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await countdown.textContent()).toBe(frozen);
    await saveScreenshot(page, "kiosk-test-paused");
    const resumed = await operator.post(`/attempts/${attemptId}/resume`, {
      reason: "Жарық берілді",
    });
    expect(resumed.status).toBe(200);
    await page.getByTestId("paused").waitFor({ state: "detached" });

    // Submit: the dialog counts what is left open.
    await page.getByRole("button", { name: "Тестті аяқтау" }).click();
    const dialog = page.getByRole("dialog", { name: "Тестті аяқтайсыз ба?" });
    await dialog.waitFor();
    expect(await page.getByTestId("unanswered-count").textContent()).toBe("1");
    expect(await page.getByTestId("flagged-count").textContent()).toBe("1");
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "kiosk-test-submit");
    await dialog.getByRole("button", { name: "Жауаптарымды жіберу" }).click();

    await page.getByTestId("finished").waitFor();
    await page.getByText("Нәтижеңізді тест әкімшісі береді.").waitFor();
    await page.getByText("Жауап берілді: 5 / 6").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "kiosk-test-finished");
    const state = await eventually(async () => {
      const attempt = await administrator.get(`/attempts/${attemptId}`);
      return ["submitted", "scored"].includes(attempt.body.state)
        ? (attempt.body.state as string)
        : undefined;
    });
    expect(["submitted", "scored"]).toContain(state);

    // Offline, Chromium logs the failed websocket dials; nothing else.
    expect(
      errors.filter(
        (error) => !/WebSocket connection to .* failed/.test(error),
      ),
    ).toEqual([]);
    await context.close();
  });
});
