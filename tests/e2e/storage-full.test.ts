import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import {
  bookingBody,
  eventually,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { examRoom } from "../support/appeals";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../support/browser";
import { ApiClient } from "../support/http";
import { ENGINE_BANKS_DIR } from "../support/processes";
import { signedInStaff } from "../support/staff";

/**
 * Redis reaches `maxmemory` (noeviction) in the middle of a test: the kiosk
 * keeps the answer and says the server could not save it yet, the console
 * raises an alarm; once memory is freed the answer is saved and the alarm
 * goes away.
 */
describe("a full Redis, seen by the candidate and the staff", () => {
  let app: TestApp;
  let browser: Browser;
  let administrator: { client: ApiClient; username: string; password: string };
  let operator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  const [iin] = syntheticIins(1, 4700);

  beforeAll(async () => {
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS_DIR,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    const admin = await signedInStaff(app, "administrator");
    administrator = {
      client: admin.client,
      username: admin.account.username,
      password: admin.password,
    };
    room = await examRoom(app, { manager, operator }, 1);
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(room.slotId, iin!, { programId: "engine-long" }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await app?.redis.config("SET", "maxmemory", "0").catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  it("the kiosk keeps the answer and says so, the console shows an alarm, and both recover", async () => {
    // The console, signed in on the slot's seat map.
    const staff = await openContext(browser);
    await staff.page.goto(`${app.url}/admin`);
    await staff.page.getByLabel("Пайдаланушы аты").fill(administrator.username);
    await staff.page.getByLabel("Құпиясөз").fill(administrator.password);
    await staff.page.getByRole("button", { name: "Кіру", exact: true }).click();
    await staff.page
      .getByRole("navigation", { name: "Консоль бөлімдері" })
      .waitFor();

    // The kiosk on the seat, enrolled with the code the operator made.
    const kiosk = await openContext(browser, {
      viewport: { width: 1366, height: 768 },
    });
    kiosk.page.on("dialog", (dialog) => void dialog.accept());
    const seatId = [...room.tokens.keys()][0]!;
    const code = await operator.post("/kiosks/enrollment-codes", { seatId });
    await kiosk.page.goto(`${app.url}/kiosk/`);
    await kiosk.page.getByLabel("Тіркеу коды").fill(code.body.code);
    await kiosk.page.getByRole("button", { name: "Тіркеу" }).click();
    await kiosk.page.getByTestId("seat-label").waitFor();
    const admitted = await administrator.client.post(
      `/slots/${room.slotId}/admissions`,
      { iin, seatId },
    );
    expect(admitted.status).toBe(201);
    const attemptId = admitted.body.attemptId as string;
    await kiosk.page.getByRole("button", { name: "Иә, бұл менмін" }).click();
    await kiosk.page.getByLabel("Ережелерді оқыдым және түсіндім").check();
    await kiosk.page.getByRole("button", { name: "Тестті бастау" }).click();
    const status = kiosk.page.getByTestId("save-status");
    await kiosk.page
      .getByTestId("question-number")
      .getByText("1-сұрақ / 6")
      .waitFor();

    // Redis is full: the answer is refused, kept, and the candidate told.
    await app.redis.config("SET", "maxmemory", "1");
    await kiosk.page.locator(".option").nth(1).click();
    await status
      .getByText("Әзірге сақталмады: сервер қазір жауаптарды сақтай алмайды")
      .waitFor();
    expect(await status.getAttribute("data-status")).toBe("held");
    expect(await app.redis.hlen(`attempt:${attemptId}:answers`)).toBe(0);
    const banner = staff.page
      .getByRole("alert")
      .filter({ hasText: "Сервер деректерді сақтай алмайды" });
    await banner.waitFor({ timeout: 10_000 });
    await saveScreenshot(kiosk.page, "storage-full-kiosk");
    await saveScreenshot(staff.page, "storage-full-console");

    // Memory is freed: the kept answer goes out again and is saved.
    await app.redis.config("SET", "maxmemory", "0");
    await status.getByText("Сақталды ✓").waitFor({ timeout: 20_000 });
    await eventually(async () =>
      (await app.redis.hlen(`attempt:${attemptId}:answers`)) === 1
        ? true
        : undefined,
    );
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    expect(kiosk.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
  }, 120_000);
});
