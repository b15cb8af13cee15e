import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../support/app";
import { ENGINE_LONG, ENGINE_BANKS, examRoom } from "../../support/appeals";
import {
  bookingBody,
  eventually,
  freshIp,
  syntheticIins,
} from "../../support/booking";
import {
  launchBrowser,
  openContext,
  saveScreenshot,
  startBrowserApp,
} from "../../support/browser";
import { ApiClient } from "../../support/http";
import { connectKiosk, request, type KioskSocket } from "../../support/kiosk";
import { signedInStaff } from "../../support/staff";

/**
 * The hall on a busy day, incidents: a Wi-Fi blip storm over several
 * kiosks is one line per seat in the operator's queue, acknowledged in
 * one dialog; time is not offered back once the document is issued; the
 * console says it all in Kazakh and Russian, no English incident words.
 * The kiosks are socket clients (what the server sees of a blip is the
 * socket dropping and coming back); the console is Chromium.
 */

const SEATS = 3;
const BLIPS = 4;
/** English words of incidents that a kk or ru console must not show. */
const ENGLISH = [
  /\bdisconnect/i,
  /\breload/i,
  /\bserver\b/i,
  /\bkiosk\b/i,
  /\bincident/i,
  /\backnowledge/i,
  /came back/i,
  /closed automatically/i,
  /give .* back/i,
];

interface Seated {
  attemptId: string;
  seatId: string;
  token: string;
  kiosk: KioskSocket;
}

const englishIn = (text: string) =>
  ENGLISH.filter((pattern) => pattern.test(text)).map(String);

describe("the hall on a busy day: incidents that don't flood", () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let administrator: ApiClient;
  let operator: ApiClient;
  let operatorLogin: { username: string; password: string };
  let room: Awaited<ReturnType<typeof examRoom>>;
  const seated: Seated[] = [];
  let errors: string[] = [];

  const seatMap = async () =>
    (await operator.get(`/slots/${room.slotId}/seats`)).body as {
      seatId: string;
      kiosk: { connected: boolean } | null;
    }[];
  const incidentCount = async (seat: Seated) =>
    (
      (await administrator.get(`/attempts/${seat.attemptId}`)).body
        .incidents as unknown[]
    ).length;

  /** The kiosk's Wi-Fi drops and comes back; the server records its return. */
  async function blip(seat: Seated, awayMs = 0) {
    const before = await incidentCount(seat);
    seat.kiosk.close();
    await eventually(async () =>
      (await seatMap()).find((tile) => tile.seatId === seat.seatId)?.kiosk
        ?.connected === false
        ? true
        : undefined,
    );
    if (awayMs > 0) await new Promise((resolve) => setTimeout(resolve, awayMs));
    seat.kiosk = await connectKiosk(app.url, seat.token);
    await eventually(async () =>
      (await incidentCount(seat)) > before ? true : undefined,
    );
  }

  /** The seat map with its incident queue, the console in `language`. */
  async function showIn(language: "kk" | "ru") {
    await page.evaluate(
      (chosen) => window.localStorage.setItem("synaq.language", chosen),
      language,
    );
    await page.goto(`${app.url}/admin/slots/${room.slotId}/seats`);
    await page.getByTestId("incident-queue").waitFor();
  }

  /** Signs the operator in through the console's own form (in Kazakh). */
  async function signIn() {
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("Пайдаланушы аты").fill(operatorLogin.username);
    await page.getByLabel("Құпиясөз").fill(operatorLogin.password);
    await page.getByRole("button", { name: "Кіру", exact: true }).click();
    await page.getByRole("navigation", { name: "Консоль бөлімдері" }).waitFor();
  }

  beforeAll(async () => {
    app = await startBrowserApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      // Every blip waits for staff here: the storm is what is shown.
      INCIDENT_AUTOCLOSE_SECONDS: "0",
    });
    const manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    const hall = await signedInStaff(app, "operator", "hall-operator");
    operator = hall.client;
    operatorLogin = {
      username: hall.account.username,
      password: hall.password,
    };
    room = await examRoom(app, { manager, operator }, SEATS);
    for (const [index, iin] of syntheticIins(SEATS, 8800).entries()) {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(room.slotId, iin, {
          programId: ENGINE_LONG,
          fullName: `Үміткер ${index + 1}`,
        }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      const admitted = await administrator.post(
        `/slots/${room.slotId}/admissions`,
        { iin },
      );
      expect(admitted.status).toBe(201);
      const { attemptId, seatId } = admitted.body as {
        attemptId: string;
        seatId: string;
      };
      const token = room.tokens.get(seatId)!;
      const kiosk = await connectKiosk(app.url, token);
      await request(kiosk, "attempt.confirm", { attemptId });
      const started = await request(kiosk, "attempt.start", { attemptId });
      expect(started.ok).toBe(true);
      seated.push({ attemptId, seatId, token, kiosk });
    }
    browser = await launchBrowser();
    const opened = await openContext(browser, {
      viewport: { width: 1366, height: 900 },
    });
    page = opened.page;
    errors = opened.errors;
    await signIn();
  }, 120_000);
  afterAll(async () => {
    for (const seat of seated) seat.kiosk.close();
    await browser?.close();
    await app?.stop();
  });

  describe("a reconnect storm folded into one line per seat", () => {
    it("shows each seat's blips as one line with a count, and the seat badge counts one", async () => {
      for (let round = 0; round < BLIPS; round += 1) {
        // were away long enough once to have time to give back.
        for (const [index, seat] of seated.entries())
          await blip(seat, round === 0 && index < 2 ? 1_200 : 0);
      }
      // The kiosk on A-01 also reloaded its page during the storm.
      const reloaded = await request(seated[0]!.kiosk, "incident.report", {
        attemptId: seated[0]!.attemptId,
        type: "reload",
        detail: "The kiosk page was loaded again (reload).",
      });
      expect(reloaded.ok).toBe(true);

      await showIn("kk");
      const queue = page.getByTestId("incident-queue");
      await eventually(async () =>
        (await queue.locator("tr[data-episode]").count()) === SEATS
          ? true
          : undefined,
      );
      for (const label of ["A-01", "A-02", "A-03"]) {
        const row = queue.locator(`tr[data-seat-label="${label}"]`);
        expect(await row.count()).toBe(1);
        await row.getByText("Байланыс үзілді", { exact: false }).waitFor();
        await row
          .getByTestId("episode-count")
          .filter({
            hasText: `${label === "A-01" ? BLIPS + 1 : BLIPS} оқиға`,
          })
          .waitFor();
        const badge = page.locator(
          `[data-seat="${label}"] .seat-tile__incidents`,
        );
        await badge.getByText("1 оқиға").waitFor();
      }
      await queue
        .locator('tr[data-seat-label="A-01"]')
        .getByText("Бет қайта жүктелді", { exact: false })
        .waitFor();
      const text = (await queue.innerText()) ?? "";
      expect(englishIn(text)).toEqual([]);
      await saveScreenshot(page, "hall-day-incidents-storm");
    });
  });

  describe("bulk acknowledge", () => {
    it("acknowledges every seat's connection drops in one dialog with one comment", async () => {
      const queue = page.getByTestId("incident-queue");
      await page
        .getByRole("button", {
          name: `Барлық байланыс үзілістерін қабылдау (${SEATS})`,
        })
        .click();
      const dialog = page.locator("dialog[open]");
      await dialog
        .getByText(`${SEATS} эпизодты бірге қабылдайсыз ба?`)
        .waitFor();
      await dialog.getByText("A-01, A-02, A-03", { exact: false }).waitFor();
      await dialog
        .getByLabel("Түсініктеме (міндетті емес)")
        .fill("Залдағы Wi-Fi үзілді");
      await dialog
        .getByRole("button", { name: "Қабылдау", exact: true })
        .click();
      await dialog.waitFor({ state: "detached" });
      await page.getByText(`Қабылданды: ${SEATS} эпизод.`).waitFor();
      await eventually(async () =>
        (await queue.locator('tr[data-status="acknowledged"]').count()) ===
        SEATS
          ? true
          : undefined,
      );
      // No acknowledge button left to press, no badge on the map.
      expect(
        await queue
          .getByRole("button", { name: "Қабылдау", exact: true })
          .count(),
      ).toBe(0);
      await eventually(async () =>
        (await page.locator(".seat-tile__incidents").count()) === 0
          ? true
          : undefined,
      );
      await queue.getByText("Залдағы Wi-Fi үзілді").first().waitFor();
      // Each incident has its own audit entry.
      const timeline = (
        await administrator.get(`/attempts/${seated[1]!.attemptId}`)
      ).body.timeline as { action: string }[];
      expect(
        timeline.filter((entry) => entry.action === "incident.acknowledged"),
      ).toHaveLength(BLIPS);
    });
  });

  describe("no time back after the document is issued", () => {
    it("offers the lost time while the test runs, not once the document is issued, and the server refuses it", async () => {
      const seat = seated[0]!;
      const row = page
        .getByTestId("incident-queue")
        .locator('tr[data-seat-label="A-01"]');
      const grant = row.getByRole("button", { name: /қайтару$/ });
      await grant.waitFor();

      const submitted = await request(seat.kiosk, "attempt.submit", {
        attemptId: seat.attemptId,
      });
      expect(submitted.ok).toBe(true);
      await eventually(async () =>
        (await app.redis.hget(`attempt:${seat.attemptId}`, "state")) ===
        "scored"
          ? true
          : undefined,
      );
      for (const signer of [administrator, operator]) {
        // Its incidents are still unreviewed: signing over them needs a
        // reason (the sign-off warnings).
        const signed = await signer.post(
          `/attempts/${seat.attemptId}/sign-off`,
          { overrideReason: "The disconnects are reviewed after the slot." },
        );
        expect(signed.status).toBe(200);
      }
      await eventually(
        async () =>
          (await app.redis.hget(`attempt:${seat.attemptId}`, "state")) ===
          "issued"
            ? true
            : undefined,
        30_000,
      );
      // The seat map hears of it live; the queue no longer offers time.
      await grant.waitFor({ state: "detached", timeout: 15_000 });
      const episodes = (
        await operator.get(`/slots/${room.slotId}/incident-episodes`)
      ).body as { attemptId: string; incidentIds: string[] }[];
      const incidentId = episodes.find(
        (episode) => episode.attemptId === seat.attemptId,
      )!.incidentIds[0]!;
      const refused = await operator.post(`/incidents/${incidentId}/grant`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.id).toBe("grant_closed");
      // The other seats still run: their time is still offered.
      await page
        .getByTestId("incident-queue")
        .locator('tr[data-seat-label="A-02"]')
        .getByRole("button", { name: /қайтару$/ })
        .waitFor();
    });
  });

  describe("the console in Russian", () => {
    it("names every incident in Russian, the queue and the seat panel alike", async () => {
      await showIn("ru");
      const queue = page.getByTestId("incident-queue");
      await page.getByRole("heading", { name: "Очередь инцидентов" }).waitFor();
      const row = queue.locator('tr[data-seat-label="A-02"]');
      await row.getByText("Обрыв связи", { exact: false }).waitFor();
      await row.getByText(`${BLIPS} события`).waitFor();
      await row.getByText("Принял: Test operator").waitFor();
      await queue
        .locator('tr[data-seat-label="A-01"]')
        .getByText("Страница киоска загружена заново.", { exact: false })
        .waitFor();
      expect(englishIn(await queue.innerText())).toEqual([]);

      await page.locator('button[data-seat="A-02"]').click();
      const panel = page.getByTestId("seat-panel");
      const incidents = panel.getByTestId("seat-incidents");
      await incidents.getByText("Обрыв связи", { exact: false }).waitFor();
      expect(await incidents.locator("li").count()).toBe(1);
      expect(englishIn(await incidents.innerText())).toEqual([]);
      await saveScreenshot(page, "hall-day-incidents-ru");
      expect(errors).toEqual([]);
    });
  });
});
