import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  examRoom,
  makeOfficial,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import { syntheticIins } from "../support/booking";
import {
  axeViolations,
  launchBrowser,
  openContext,
  startBrowserApp,
} from "../support/browser";
import { signedInStaff } from "../support/staff";

/** Opens pages in a given interface language (the switcher's stored choice). */
async function pageIn(browser: Browser, language: "kk" | "ru" | "en") {
  // axe-core is injected inline; the app itself keeps its CSP.
  const opened = await openContext(browser, { bypassCSP: true });
  await opened.context.addInitScript((lang) => {
    window.localStorage.setItem("synaq.language", lang);
  }, language);
  return opened;
}

async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
) {
  await page.goto(`${url}/admin`);
  await page.getByRole("heading", { name: "Staff sign-in" }).waitFor();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Console sections" }).waitFor();
}

describe("an appeal from the status page to the reviewer's decision (Chromium)", () => {
  let app: TestApp;
  let browser: Browser;
  let work: string;
  let candidate: TestedCandidate;
  let reviewer: { username: string; password: string };
  let centerId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-e2e-appeal-"));
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const signedReviewer = await signedInStaff(app, "reviewer");
    reviewer = {
      username: signedReviewer.account.username,
      password: signedReviewer.password,
    };
    const room = await examRoom(app, { manager, operator }, 1);
    const center = await manager.post("/centers", {
      name: { kk: "Ақтау орталығы", ru: "Актауский центр", en: "Aktau center" },
      address: {
        kk: "Ақтау қ., 14 шағын аудан",
        ru: "г. Актау, 14 микрорайон",
        en: "14th district, Aktau",
      },
      schedule: {
        kk: "Дс–Жм 09:00–18:00",
        ru: "Пн–Пт 09:00–18:00",
        en: "Mon–Fri 09:00–18:00",
      },
      accessibility: {
        kk: "Пандус пен лифт бар",
        ru: "Есть пандус и лифт",
        en: "Ramp and lift",
      },
    });
    centerId = center.body.id;
    const [iin] = syntheticIins(1, 7300);
    candidate = await takeTest(app, room, administrator, {
      iin: iin!,
      fullName: "Әлия Бекқызы Жақсылықова",
    });
    await makeOfficial(app, { administrator, operator }, candidate.attemptId);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("files an appeal naming question 2, decided by the reviewer, and shows the decision", async () => {
    const statusUrl = `${app.url}/booking/${candidate.bookingId}#${candidate.code}`;
    const {
      page: portal,
      errors: portalErrors,
      context: portalContext,
    } = await pageIn(browser, "en");
    await portal.goto(statusUrl);
    const section = portal.getByTestId("appeal-section");
    await section.getByRole("heading", { name: "Appeal" }).waitFor();
    await expect(
      section.getByText(/You can appeal the result until/).isVisible(),
    ).resolves.toBe(true);
    expect(await axeViolations(portal)).toEqual([]);
    await section.getByLabel("Grounds").selectOption("question_wrong");
    const question = section.getByLabel("Which question");
    const options = await question.locator("option").allTextContents();
    expect(options.filter((text) => text.startsWith("Question "))).toHaveLength(
      6,
    );
    await question.selectOption({
      label: options.find((text) => text.startsWith("Question 2 "))!,
    });
    await section
      .getByLabel("Describe what happened")
      .fill("Question 2 has two right answers among its options.");
    await section.getByRole("button", { name: "File the appeal" }).click();
    await section.getByText("Your appeal is filed.").waitFor();
    const appeal = section.getByTestId("appeal");
    await appeal.getByText("A question is wrong · Question 2").waitFor();
    expect(
      await appeal
        .locator("[data-stage]")
        .evaluateAll((items) =>
          items.map((item) => item.getAttribute("data-stage")),
        ),
    ).toEqual(["filed"]);

    // The reviewer finds it in the console, takes it up and rejects it.
    const {
      page: console_,
      errors: consoleErrors,
      context: consoleContext,
    } = await pageIn(browser, "en");
    await signIn(console_, app.url, reviewer.username, reviewer.password);
    await console_.getByRole("link", { name: "Appeals" }).click();
    await console_.getByRole("heading", { name: "Appeals" }).waitFor();
    const stats = console_.getByTestId("appeal-stats");
    await expect(
      stats.locator('[data-stat="filed"] strong').textContent(),
    ).resolves.toBe("1");
    await console_
      .getByTestId("appeals")
      .getByRole("link", { name: "Open" })
      .click();
    await console_.getByRole("heading", { name: /Appeal: Әлия/ }).waitFor();
    // The answers item by item, with the key, and the audit timeline.
    const answers = console_.getByTestId("appeal-answers");
    expect(await answers.locator("tbody tr").count()).toBe(6);
    await expect(
      answers.locator("tbody tr").nth(1).getAttribute("aria-current"),
    ).resolves.toBe("true");
    await console_
      .getByTestId("appeal-timeline")
      // Audit events in words, not their ids (issue 24).
      .getByText("Appeal filed")
      .waitFor();
    expect(await axeViolations(console_)).toEqual([]);
    await console_.getByRole("button", { name: "Take up for review" }).click();
    await console_
      .getByTestId("appeal-status")
      .getByText("Under review")
      .waitFor();

    // The candidate sees the stage at once on reload.
    await portal.reload();
    await portal
      .getByTestId("appeal")
      .locator('[data-stage="under_review"]')
      .waitFor();

    await console_
      .getByRole("combobox", { name: "Decision" })
      .selectOption("rejected");
    await console_
      .getByLabel("Reason")
      .fill("The key is right: only option b answers the question.");
    await console_.getByRole("button", { name: "Record the decision" }).click();
    await console_
      .getByTestId("appeal-status")
      .getByText("Decided · Rejected")
      .waitFor();

    // The decision and its reason on the status page, in Kazakh too.
    await portal.reload();
    const decision = portal.getByTestId("appeal-decision");
    await decision.waitFor();
    expect(await decision.textContent()).toContain(
      "Rejected — Reason: The key is right",
    );
    expect(
      await portal.getByTestId("appeal").locator("[data-stage]").count(),
    ).toBe(3);
    const {
      page: kazakh,
      errors: kazakhErrors,
      context: kazakhContext,
    } = await pageIn(browser, "kk");
    await kazakh.goto(statusUrl);
    await kazakh
      .getByTestId("appeal-decision")
      .getByText("Қабылданбады")
      .waitFor();

    errors.push(...portalErrors, ...consoleErrors, ...kazakhErrors);
    await Promise.all([
      portalContext.close(),
      consoleContext.close(),
      kazakhContext.close(),
    ]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("publishes the procedure, the center's schedule and accessibility on the information page", async () => {
    const { page, errors: pageErrors, context } = await pageIn(browser, "ru");
    await page.goto(`${app.url}/`);
    await page.getByRole("link", { name: "Порядок тестирования" }).click();
    await page
      .getByRole("heading", { name: "Как проходит тестирование" })
      .waitFor();
    // The steps fill in when the program and the center have loaded.
    await page.getByTestId("info-steps").locator("li").nth(5).waitFor();
    const steps = await page
      .getByTestId("info-steps")
      .locator("li")
      .allTextContents();
    expect(steps).toHaveLength(6);
    expect(steps[1]).toContain("до 10 минут");
    expect(steps[2]).toContain("до 10 минут");
    expect(steps[3]).toContain("6 вопросов, 55 минут");
    expect(steps[5]).toContain("2 рабочих дней");
    await page.getByText("Документ, удостоверяющий личность, с ИИН").waitFor();
    await page.getByRole("heading", { name: "Доступность" }).waitFor();
    await page
      .getByRole("combobox", { name: "Центр тестирования" })
      .selectOption(centerId);
    await page.getByText("г. Актау, 14 микрорайон").waitFor();
    await page.getByText("Пн–Пт 09:00–18:00").waitFor();
    await page.getByText("Есть пандус и лифт").waitFor();
    expect(page.url()).toContain(`center=${centerId}`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
