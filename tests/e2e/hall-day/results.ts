import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  takeTest,
  type TestedCandidate,
} from "../../support/appeals";
import {
  bookingBody,
  eventually,
  freshIp,
  syntheticIins,
} from "../../support/booking";
import {
  hasHorizontalScroll,
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../../support/browser";
import { ApiClient } from "../../support/http";
import { signedInStaff } from "../../support/staff";

const REASON = "Инцидент разобран устно";

/**
 * The hall's results at the end of a busy day, with the console in
 * Russian: the administrator lands on "Today" and the menu follows the
 * slot's pages; the sign-off names what is unresolved and asks why; the
 * results fit 1366 px and print on A4 landscape with every column.
 */
describe("hall day: results and sign-off", () => {
  let app: TestApp;
  let browser: Browser;
  let work: string;
  let page: Page;
  let errors: string[];
  let administrator: Awaited<ReturnType<typeof signedInStaff>>;
  let operator: Awaited<ReturnType<typeof signedInStaff>>;
  let room: Awaited<ReturnType<typeof examRoom>>;
  const tested: TestedCandidate[] = [];
  const waiting = "Сәуле Нұрова";

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-e2e-results-"));
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = await signedInStaff(app, "administrator");
    operator = await signedInStaff(app, "operator");
    room = await examRoom(app, { manager, operator: operator.client }, 3);
    const iins = syntheticIins(3, 5200);
    for (const [index, fullName] of [
      "Асан Қасымов",
      "Борис Смирнов",
    ].entries()) {
      tested.push(
        await takeTest(app, room, administrator.client, {
          iin: iins[index]!,
          fullName,
        }),
      );
    }
    // Booked, not come yet; the kiosks' reconnects reviewed, and one
    // incident nobody reviewed.
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(room.slotId, iins[2]!, {
        programId: ENGINE_LONG,
        fullName: waiting,
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    const seen = await operator.client.get(`/slots/${room.slotId}/incidents`);
    for (const { id } of seen.body as { id: string }[]) {
      await operator.client.post(`/incidents/${id}/acknowledge`, {});
    }
    const incident = await operator.client.post(
      `/attempts/${tested[0]!.attemptId}/incidents`,
      { type: "noise", detail: "phone rang" },
    );
    expect(incident.status).toBe(201);

    browser = await launchBrowser();
    ({ page, errors } = await openContext(browser, {
      viewport: { width: 1366, height: 768 },
    }));
    // The console in Russian from the first page on.
    await page.addInitScript(() =>
      window.localStorage.setItem("synaq.language", "ru"),
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const nav = () => page.getByRole("navigation", { name: "Разделы консоли" });
  const currentSection = async () =>
    nav().locator('a[aria-current="page"]').allTextContents();

  it("lands an administrator on Today and highlights Today on the seat map", async () => {
    await page.goto(`${app.url}/admin`);
    await page
      .getByLabel("Имя пользователя")
      .fill(administrator.account.username);
    await page.getByLabel("Пароль").fill(administrator.password);
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.waitForURL("**/admin/today");
    expect(await currentSection()).toEqual(["Сегодня"]);

    await page.goto(`${app.url}/admin/slots/${room.slotId}/seats`);
    await page.locator("[data-seat]").first().waitFor();
    expect(await currentSection()).toEqual(["Сегодня"]);
    // The roster belongs to the slots' section.
    await page.goto(`${app.url}/admin/slots/${room.slotId}`);
    await page.locator("tbody tr[data-booking]").first().waitFor();
    expect(await currentSection()).toEqual(["Сеансы и списки"]);
  });

  it("lists unreviewed incidents and candidates not finished, and signs only with a reason", async () => {
    await page.goto(`${app.url}/admin/slots/${room.slotId}/results`);
    const results = page.getByTestId("results");
    await results.locator("tr", { hasText: "Борис Смирнов" }).waitFor();
    await page
      .getByRole("button", { name: "Подписать все завершённые (2)" })
      .click();
    const dialog = page.locator("dialog[open]");
    const unresolved = dialog.getByTestId("signoff-unresolved");
    await unresolved.getByText("Нерассмотренные инциденты: 1").waitFor();
    await unresolved
      .getByText("Кандидаты, не завершившие тестирование: 1")
      .waitFor();
    await unresolved.getByText(`${waiting} — ещё не тестировался`).waitFor();
    await saveScreenshot(page, "hall-day-signoff-warnings");

    // No reason, no signature: the dialog stays and nothing is signed.
    await dialog
      .getByRole("button", { name: "Подписать все", exact: true })
      .click();
    await dialog.getByLabel("Причина").waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(
      await app.redis.hget(
        `attempt:${tested[0]!.attemptId}`,
        "signedAdministrator",
      ),
    ).toBeNull();

    await dialog.getByLabel("Причина").fill(REASON);
    await dialog
      .getByRole("button", { name: "Подписать все", exact: true })
      .click();
    await dialog.waitFor({ state: "detached" });
    for (const candidate of tested) {
      await results
        .locator("tr", { hasText: candidate.fullName })
        .getByText("Test administrator")
        .waitFor();
    }
    // Nothing finished is left to sign: the button says so and rests.
    const signAll = page.getByRole("button", {
      name: "Подписать все завершённые (0)",
    });
    await signAll.waitFor();
    expect(await signAll.isDisabled()).toBe(true);
  });

  it("fits every column at 1366×768, section titles in Russian", async () => {
    // The operator signs too: the documents are issued.
    const signed = await operator.client.post(
      `/slots/${room.slotId}/sign-off`,
      { overrideReason: REASON },
    );
    expect(signed.body.signed).toBe(2);
    for (const candidate of tested) {
      await eventually(
        async () =>
          (await app.redis.hget(`attempt:${candidate.attemptId}`, "state")) ===
          "issued"
            ? true
            : undefined,
        30_000,
      );
    }
    await page.reload();
    const results = page.getByTestId("results");
    for (const candidate of tested) {
      await results
        .locator("tr", { hasText: candidate.fullName })
        .getByTestId("certificate-pdf")
        .waitFor({ timeout: 30_000 });
    }
    expect(await hasHorizontalScroll(page)).toBe(false);
    const wrap = results.locator("xpath=..");
    expect(
      await wrap.evaluate(
        (element) => element.scrollWidth - element.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    // The signatures and the document are on screen, not beyond its edge.
    for (const name of ["Админ.", "Опер.", "Документ", "Выдача"]) {
      const header = results.locator("thead th", { hasText: name });
      const box = (await header.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
    }
    const download = (await results
      .getByTestId("certificate-pdf")
      .first()
      .boundingBox())!;
    expect(download.x + download.width).toBeLessThanOrEqual(1366);

    // Sections by title in the reader's language, never by id.
    const headers = await results.locator("thead th").allTextContents();
    expect(headers.join(" ")).not.toMatch(/\blaw\b|\bethics\b/);
    expect(
      await results
        .locator("thead abbr")
        .evaluateAll((abbrs) =>
          abbrs.map((abbr) => abbr.getAttribute("title")),
        ),
    ).toEqual(expect.arrayContaining(["Закон", "Этика"]));
    const legend = page.getByTestId("section-legend");
    expect(await legend.textContent()).toContain("1 — Закон");
    expect(await legend.textContent()).toContain("2 — Этика");
    await saveScreenshot(page, "hall-day-results-1366");
    expect(errors).toEqual([]);
  });

  it("prints the results on A4 landscape with every column", async () => {
    await page.emulateMedia({ media: "print" });
    const results = page.getByTestId("results");
    const headers = (await results.locator("thead th").allTextContents())
      .map((text) => text.trim())
      .filter(Boolean);
    expect(headers.length).toBeGreaterThanOrEqual(10);
    const pdf = await page.pdf({ landscape: true, format: "A4" });
    await page.emulateMedia({ media: "screen" });
    const file = path.join(work, "results.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    });
    const flat = text.replace(/\s+/g, "");
    for (const header of headers) {
      expect(flat).toContain(header.replace(/\s+/g, ""));
    }
    for (const candidate of tested) {
      expect(text.replace(/\s+/g, " ")).toContain(candidate.fullName);
      const number = await app.redis.hget(
        `attempt:${candidate.attemptId}`,
        "certificateNumber",
      );
      expect(flat).toContain(number!);
    }
  });
});
