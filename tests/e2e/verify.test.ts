import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numberCheckCharacter } from "../../server/shared/certificates";
import { allocateNumber } from "../../server/src/modules/certificates/repository";
import { sampleOfficialResult } from "../../server/src/modules/documents/sample-data";
import { issueDocument } from "../../server/src/modules/certificates/service";
import type { TestApp } from "../support/app";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/** The text of the QR code on page 1, as a phone camera would read it. */
function scanQr(pdf: string, work: string): string {
  const prefix = path.join(work, "page");
  spawnSync("pdftoppm", [
    "-png",
    "-r",
    "150",
    "-f",
    "1",
    "-l",
    "1",
    pdf,
    prefix,
  ]);
  const png = readdirSync(work).find(
    (name) => name.startsWith("page") && name.endsWith(".png"),
  );
  if (!png) throw new Error("pdftoppm wrote no image");
  return spawnSync("zbarimg", ["--raw", "-q", path.join(work, png)], {
    encoding: "utf8",
  }).stdout.trim();
}

const verdict = (page: Page) => page.locator("[data-verdict]");

describe("the public certificate check in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let manager: ApiClient;
  let work: string;
  let number: string;
  let pdf: string;
  let scanned: URL;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-e2e-verify-"));
    app = await startBrowserApp({
      CERT_OUTPUT_DIR: path.join(work, "output"),
      DATA_DIR: path.join(work, "data"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    manager = (await signedInStaff(app, "manager")).client;
    const issued = await issueDocument(
      app.synaq.ctx,
      sampleOfficialResult({
        kind: "certificate",
        fullName: "Төлеңқожа Шәкәрім Бағланұлы",
      }),
    );
    number = issued.number;
    pdf = issued.file;
    scanned = new URL(scanQr(pdf, work));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("opens from the document's QR code: valid, with the signed QR data matching the registry", async () => {
    expect(scanned.pathname).toBe(`/verify/${number}`);
    expect(scanned.hash.length).toBeGreaterThan(20);
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}${scanned.pathname}${scanned.hash}`);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute("data-verdict")).toBe("valid");
    expect(await verdict(page).textContent()).toContain("Жарамды");
    await page.getByText("QR коды түпнұсқа").waitFor();
    await page.getByText("Төлеңқожа Шәкәрім Бағланұлы").waitFor();
    // What checking the paper needs, never the scores.
    expect(await page.getByRole("table").count()).toBe(0);
    expect(await page.locator("main").textContent()).not.toContain(
      "Бөлімдер бойынша нәтижелер",
    );
    await saveScreenshot(page, "verify-valid-qr");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("flags a QR payload whose signature does not verify", async () => {
    const [body = "", signature = ""] = scanned.hash.slice(1).split(".");
    const forged = `${body}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}${scanned.pathname}#${forged}`);
    await page.getByText("QR коды жарамсыз").waitFor();
    await saveScreenshot(page, "verify-forged-qr");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("checks an uploaded PDF, and says 'not found' for a number never issued", async () => {
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/verify`);
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByRole("tab", { name: "По файлу PDF" }).click();
    await page.getByLabel("Файл PDF").setInputFiles(pdf);
    await page.getByRole("button", { name: "Проверить" }).click();
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute("data-verdict")).toBe("valid");
    expect(await verdict(page).textContent()).toContain("Действителен");
    await saveScreenshot(page, "verify-pdf-ru");

    await page.goto(`${app.url}/verify`);
    await page.getByRole("tab", { name: "По номеру" }).click();
    // A well-formed number (right check character) that was never issued.
    await page
      .getByLabel("Номер документа")
      .fill(`SYN-2026-7K3QW9HD2M${numberCheckCharacter("20267K3QW9HD2M")}`);
    await page.getByRole("button", { name: "Проверить" }).click();
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute("data-verdict")).toBe("not_found");
    expect(await verdict(page).textContent()).toContain("Не найден");
    await saveScreenshot(page, "verify-not-found-ru");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks for the holder's birth date for an old sequential number, then answers", async () => {
    const result = sampleOfficialResult({
      kind: "certificate",
      attemptId: "att-legacy-e2e",
      fullName: "Айгерім Болатқызы Сәрсенова",
    });
    // Issued before numbers were random: the attempt holds a sequential one.
    await allocateNumber(
      app.redis,
      result.attemptId,
      () => "SYN-2025-000042",
      Date.now(),
    );
    const legacy = await issueDocument(app.synaq.ctx, result);
    expect(legacy.number).toBe("SYN-2025-000042");

    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/verify/SYN-2025-000042`);
    await page.getByText("Иесінің туған күні қажет").waitFor();
    expect(await page.locator("[data-verdict]").count()).toBe(0);
    await saveScreenshot(page, "verify-legacy-birth-date");

    // A wrong birth date reads like a number never issued.
    await page.getByLabel("Иесінің туған күні").fill("1990-01-03");
    await page.getByRole("button", { name: "Тексеру" }).click();
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute("data-verdict")).toBe("not_found");

    // sampleOfficialResult's IIN starts 900102: born 2 January 1990.
    await page.getByLabel("Иесінің туған күні").fill("1990-01-02");
    await page.getByRole("button", { name: "Тексеру" }).click();
    await page.locator('[data-verdict="valid"]').waitFor();
    await page.getByText("Айгерім Болатқызы Сәрсенова").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a revoked document as revoked, with the reason", async () => {
    const revoked = await manager.post(`/certificates/${number}/revoke`, {
      reason: "Қате тұлға көрсетілген",
    });
    expect(revoked.status).toBe(200);
    const { context, page, errors } = await openContext(browser);
    await page.goto(`${app.url}/verify/${number}`);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute("data-verdict")).toBe("revoked");
    expect(await verdict(page).textContent()).toContain("Күші жойылған");
    await page.getByText("Қате тұлға көрсетілген", { exact: false }).waitFor();
    await saveScreenshot(page, "verify-revoked");
    expect(errors).toEqual([]);
    await context.close();
  });
});
