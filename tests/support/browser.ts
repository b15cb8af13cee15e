import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import {
  ensureClientsBuilt,
  isClientStale,
  ROOT_DIR,
} from "../../server/src/http/clients";
import { createLogger } from "../../server/src/logger";
import { startTestApp, type TestApp } from "./app";

/** Debian's Chromium, with the flags that make it quiet and CI-safe. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const SCREENSHOT_DIR = path.resolve(
  import.meta.dirname,
  "../e2e/screenshots",
);

/** Launches headless Chromium (playwright-core drives the system binary). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/**
 * Starts Synaq serving the built clients, building them first when they
 * are missing or older than their sources.
 */
export function startBrowserApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  ensureClientsBuilt(createLogger("silent"));
  return startTestApp(env, { serveStatic: true });
}

/**
 * Starts Synaq serving the built clients, building only the kiosk client
 * when stale: a kiosk test does not wait for (or fail on) the console.
 */
export function startKioskBrowserApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  if (isClientStale("kiosk-client")) {
    const result = spawnSync(
      "npm",
      ["run", "build", "--workspace", "kiosk-client"],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, NODE_ENV: "production" },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    if (result.status !== 0) throw new Error("building kiosk-client failed");
  }
  return startTestApp(env, { serveStatic: true });
}

/**
 * A fresh browser context (own cookies and storage) whose pages fail the
 * test on any uncaught script error: `errors` collects them.
 */
export async function openContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const errors: string[] = [];
  context.on("page", (page) => trackErrors(page, errors));
  const page = await context.newPage();
  trackErrors(page, errors);
  return { context, page, errors };
}

function trackErrors(page: Page, errors: string[]): void {
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A 4xx the page expects (401 before sign-in, 404 for an unknown
    // document) is logged by Chromium too; only script errors count.
    if (message.type() !== "error") return;
    if (message.text().startsWith("Failed to load resource")) return;
    errors.push(`console: ${message.text()}`);
  });
}

/** Saves a full-page PNG to tests/e2e/screenshots/<name>.png (git-ignored). */
export async function saveScreenshot(
  page: Page,
  name: string,
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** True when the page is wider than its viewport (a horizontal scrollbar). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth,
  );
}

const AXE = path.join(ROOT_DIR, "node_modules/axe-core/axe.min.js");

/**
 * Serious and critical axe-core violations on the page as it is now. The
 * script is injected inline, so a page's CSP must be bypassed in its context.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; impact: string; nodes: unknown[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations.map(({ id, impact, nodes }) => ({
      id,
      impact,
      nodes: nodes.length,
    }));
  });
  return violations
    .filter(({ impact }) => impact === "serious" || impact === "critical")
    .map(({ id, impact, nodes }) => `${impact}: ${id} (${nodes})`);
}

/** A countdown as shown (`54:07` or `1:10:00`) in seconds. */
export function countdownSeconds(countdown: string): number {
  return countdown
    .split(":")
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}
