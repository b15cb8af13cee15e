import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReconcilerPass } from "../../server/src/modules/reconciler/service";
import type { TestApp } from "../support/app";
import { ENGINE_BANKS, examRoom, takeTest } from "../support/appeals";
import { eventually, syntheticIins } from "../support/booking";
import {
  axeViolations,
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import { signedInStaff } from "../support/staff";

/**
 * A document that cannot be written (the folder is a file, as on a broken
 * disk) fails its five attempts and the reconciler's three; the operator
 * finds it under "needs attention" on the Kiosks page, fixes the disk and
 * presses Retry: the document is issued and the list goes away.
 */
describe("the operator's needs-attention list", () => {
  let app: TestApp;
  let browser: Browser;
  let work: string;
  let outDir: string;
  let operator: Awaited<ReturnType<typeof signedInStaff>>;
  let attemptId: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-e2e-attention-"));
    writeFileSync(path.join(work, "blocked"), "not a folder");
    outDir = path.join(work, "blocked", "output");
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    const administrator = (await signedInStaff(app, "administrator")).client;
    operator = await signedInStaff(app, "operator");
    const room = await examRoom(app, { manager, operator: operator.client }, 1);
    const [iin] = syntheticIins(1, 4800);
    attemptId = (
      await takeTest(app, room, administrator, {
        iin: iin!,
        fullName: "Дана Серікқызы",
      })
    ).attemptId;
    for (const signer of [administrator, operator.client]) {
      expect(
        (await signer.post(`/attempts/${attemptId}/sign-off`)).status,
      ).toBe(200);
    }
    // Its own attempts, then the reconciler's, until it asks a person.
    const jobFailed = async () =>
      (
        await app.synaq.ctx.queues.find({
          name: "certificate.issue",
          payload: { attemptId },
        })
      )?.state === "failed"
        ? true
        : undefined;
    for (let pass = 0; pass < 8; pass++) {
      await eventually(jobFailed, 40_000);
      const report = await runReconcilerPass(app.synaq.ctx);
      if (report.attention.length > 0) break;
    }
    browser = await launchBrowser();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("shows the stuck document with its error, and Retry issues it once the disk is fixed", async () => {
    // axe-core is injected as a script: the CSP would refuse it.
    const { page, errors } = await openContext(browser, { bypassCSP: true });
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Пайдаланушы аты").fill(operator.account.username);
    await page.getByLabel("Құпиясөз").fill(operator.password);
    await page.getByRole("button", { name: "Кіру", exact: true }).click();
    await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
    await page.goto(`${app.url}/admin/kiosks`);

    const list = page.getByTestId("needs-attention");
    await list
      .getByRole("heading", { name: "Назар аударуды қажет етеді" })
      .waitFor();
    const row = list.locator(`tr[data-item="certificate.issue:${attemptId}"]`);
    await expect.poll(() => row.textContent()).toContain("Құжат беру");
    expect(await row.textContent()).toContain("ENOTDIR");
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, "needs-attention");

    rmSync(path.join(work, "blocked"));
    mkdirSync(outDir, { recursive: true });
    await row.getByRole("button", { name: "Қайталау" }).click();
    await list.waitFor({ state: "detached", timeout: 10_000 });
    await eventually(
      async () =>
        (await app.redis.hget(`attempt:${attemptId}`, "state")) === "issued"
          ? true
          : undefined,
      30_000,
    );
    expect(errors).toEqual([]);
  }, 90_000);
});
