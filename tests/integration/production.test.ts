import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccounts } from "../../server/src/modules/accounts/repository";
import { listCenters } from "../../server/src/modules/centers/repository";
import { generateDemoP12, generateQrKeyPem } from "../../server/src/signing";
import { DEMO_ACCOUNTS } from "../../server/src/modules/demo/seed";
import type { TestApp } from "../support/app";
import {
  BOOKING_BANKS_DIR,
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  freshIp,
  startBookingApp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { spawnSynaq, stopAllProcesses } from "../support/processes";
import { startTestRedis } from "../support/redis";
import { signedInStaff } from "../support/staff";

/**
 * Production mode and the edges of a real center: nothing demo in the
 * data, warnings an operator can act on, which keys sign, and what may
 * reach the server at all (origins, bodies, codes in URLs, /metrics).
 */

const scratch: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `synaq-${prefix}-`));
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("NODE_ENV=production", () => {
  it("seeds no demo center, slots or accounts, even with SEED_DEMO=true", async () => {
    const app = await startBookingApp({
      NODE_ENV: "production",
      SEED_DEMO: "true",
      DATA_DIR: scratchDir("production"),
    });
    try {
      expect(await listCenters(app.redis)).toEqual([]);
      expect(await listAccounts(app.redis)).toEqual([]);
      const slots = await new ApiClient(app.url).get("/slots", freshIp());
      expect(slots.status).toBe(200);
      expect(slots.body).toEqual([]);
      const login = await new ApiClient(app.url).post("/auth/login", {
        username: "admin",
        password: "synaq-demo-admin",
      });
      expect(login.status).toBe(401);
    } finally {
      await app.stop();
    }
  });

  it("seeds the demo as before outside production, its accounts marked demo", async () => {
    const app = await startBookingApp({
      NODE_ENV: "development",
      SEED_DEMO: "true",
      DATA_DIR: scratchDir("development"),
    });
    try {
      const centers = await listCenters(app.redis);
      expect(centers.map((center) => center.name.en)).toEqual([
        "Synaq demo testing center",
        "Synaq Almaty testing center",
      ]);
      const accounts = await listAccounts(app.redis);
      expect(accounts.map((account) => account.username).sort()).toEqual(
        DEMO_ACCOUNTS.map((account) => account.username).sort(),
      );
      expect(accounts.every((account) => account.demo === true)).toBe(true);
      const slots = await new ApiClient(app.url).get("/slots", freshIp());
      expect(slots.body.length).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
  });
});

describe("the start log and banner", () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await stopAllProcesses();
    await redis.stop();
  });

  it("warns a production start without PUBLIC_URL, its own keys or with demo accounts left, and prints no password", async () => {
    const production = await spawnSynaq({
      services: "web",
      redisUrl: redis.url,
      env: {
        NODE_ENV: "production",
        SEED_DEMO: "true",
        DATA_DIR: scratchDir("spawn-production"),
        BANKS_DIR: BOOKING_BANKS_DIR,
      },
    });
    try {
      const output = production.output();
      expect(output).toContain("PUBLIC_URL is not set");
      expect(output).toContain("CERT_P12_PATH is not set");
      expect(output).toContain("CERT_QR_KEY_PATH is not set");
      expect(output).toContain("Production installation");
      expect(output).not.toContain("DEMO installation");
      expect(output).not.toContain("npm run account:remove-demo");
      for (const account of DEMO_ACCOUNTS) {
        expect(output).not.toContain(account.password);
      }
    } finally {
      await production.stop();
    }

    // A demo start on the same Redis leaves marked accounts behind …
    const development = await spawnSynaq({
      services: "web",
      redisUrl: redis.url,
      env: {
        NODE_ENV: "development",
        SEED_DEMO: "true",
        DATA_DIR: scratchDir("spawn-development"),
        BANKS_DIR: BOOKING_BANKS_DIR,
      },
    });
    try {
      const output = development.output();
      expect(output).toContain("This is a DEMO installation");
      for (const account of DEMO_ACCOUNTS) {
        expect(output).toContain(`${account.username} / ${account.password}`);
      }
      expect(output).not.toContain("PUBLIC_URL is not set");
    } finally {
      await development.stop();
    }

    // … which the next production start names, with the command.
    const again = await spawnSynaq({
      services: "web",
      redisUrl: redis.url,
      env: {
        NODE_ENV: "production",
        DATA_DIR: scratchDir("spawn-again"),
        BANKS_DIR: BOOKING_BANKS_DIR,
      },
    });
    try {
      const output = again.output();
      expect(output).toMatch(
        new RegExp(
          `${DEMO_ACCOUNTS.length} demo account\\(s\\) found.*npm run account:remove-demo`,
        ),
      );
      for (const account of DEMO_ACCOUNTS) {
        expect(output).not.toContain(account.password);
      }
    } finally {
      await again.stop();
    }
  }, 180_000);
});

describe("GET /api/v1/configuration/keys", () => {
  const sha256 = (data: Buffer) =>
    createHash("sha256").update(data).digest("hex");

  /** The current keys as the public key list gives them. */
  async function publishedKeys(app: TestApp) {
    const { body } = await new ApiClient(app.url).get(
      "/certificates/keys",
      freshIp(),
    );
    const qr = (
      body.qrKeys as { kid: string; x: string; current: boolean }[]
    ).find((key) => key.current);
    const signer = (
      body.signingCertificates as {
        fingerprintSha256: string;
        subject: string;
        current: boolean;
      }[]
    ).find((certificate) => certificate.current);
    return { qr, signer };
  }

  it("shows keys Synaq generated, with their fingerprints, to managers only", async () => {
    const app = await startBookingApp({
      DATA_DIR: scratchDir("keys-generated"),
    });
    try {
      const { client: manager } = await signedInStaff(app, "manager");
      const { status, body } = await manager.get("/configuration/keys");
      expect(status).toBe(200);
      const { qr, signer } = await publishedKeys(app);
      expect(body).toEqual({
        signing: {
          source: "generated",
          subject: signer?.subject,
          fingerprintSha256: signer?.fingerprintSha256,
          notAfter: expect.any(String),
        },
        qr: {
          source: "generated",
          keyId: qr?.kid,
          fingerprintSha256: sha256(Buffer.from(qr?.x ?? "", "base64url")),
        },
      });
      expect(body.signing.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);

      const { client: admin } = await signedInStaff(app, "administrator");
      expect((await admin.get("/configuration/keys")).status).toBe(403);
      expect(
        (await new ApiClient(app.url).get("/configuration/keys", freshIp()))
          .status,
      ).toBe(401);
    } finally {
      await app.stop();
    }
  });

  it("shows the center's own PKCS#12 and QR key as configured", async () => {
    const dir = scratchDir("keys-configured");
    const p12Path = path.join(dir, "center.p12");
    const qrPath = path.join(dir, "qr.pem");
    writeFileSync(
      p12Path,
      generateDemoP12({
        commonName: "Astana Testing Center",
        organization: "Astana Testing Center LLP",
        passphrase: "center-secret",
      }),
    );
    writeFileSync(qrPath, generateQrKeyPem());
    const app = await startBookingApp({
      DATA_DIR: dir,
      CERT_P12_PATH: p12Path,
      CERT_P12_PASSPHRASE: "center-secret",
      CERT_QR_KEY_PATH: qrPath,
    });
    try {
      const { client: manager } = await signedInStaff(app, "manager");
      const { body } = await manager.get("/configuration/keys");
      const { qr, signer } = await publishedKeys(app);
      expect(body.signing).toMatchObject({
        source: "configured",
        subject: expect.stringContaining("Astana Testing Center"),
        fingerprintSha256: signer?.fingerprintSha256,
      });
      expect(body.qr).toEqual({
        source: "configured",
        keyId: qr?.kid,
        fingerprintSha256: sha256(Buffer.from(qr?.x ?? "", "base64url")),
      });
      // Nothing was generated beside the configured keys.
      expect(readdirSync(dir).sort()).toEqual(["center.p12", "qr.pem"]);
    } finally {
      await app.stop();
    }
  });
});

describe("the edges", () => {
  let app: TestApp;
  const METRICS_TOKEN = "metrics-token-for-the-scraper";
  const PUBLIC_URL = "https://exam.example.kz";

  beforeAll(async () => {
    app = await startBookingApp({
      METRICS_TOKEN,
      PUBLIC_URL,
      DATA_DIR: scratchDir("edges"),
    });
  });
  afterAll(() => app.stop());

  it("serves /metrics only with the bearer token when METRICS_TOKEN is set", async () => {
    const without = await fetch(`${app.url}/metrics`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { id: string } }).error.id).toBe(
      "unauthorized",
    );
    const wrong = await fetch(`${app.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("synaq_connected_kiosks");
  });

  it("refuses a browser socket handshake from another origin, and takes one from PUBLIC_URL's", async () => {
    const { client: admin } = await signedInStaff(app, "administrator");
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${app.url}/console`, {
          transports: ["websocket"],
          extraHeaders: { cookie: admin.cookieHeader(), origin },
          reconnection: false,
          forceNew: true,
        });
        socket.once("connect", () => {
          socket.close();
          resolve("connected");
        });
        socket.once("connect_error", () => {
          socket.close();
          resolve("refused");
        });
      });
    expect(await connect("https://evil.example.com")).toBe("refused");
    expect(await connect("http://exam.example.kz")).toBe("refused");
    expect(await connect(PUBLIC_URL)).toBe("connected");
  });

  it("answers an anonymous 7 MB roster import 401 without reading it as JSON", async () => {
    const csv = "x".repeat(7 * 1024 * 1024);
    const started = Date.now();
    const response = await fetch(`${app.url}/api/v1/slots/any/roster-imports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csv }),
    });
    expect(response.status).toBe(401);
    expect(
      ((await response.json()) as { error: { id: string } }).error.id,
    ).toBe("unauthorized");
    expect(Date.now() - started).toBeLessThan(5_000);
    // Other routes keep the 64 KB limit.
    const big = await fetch(`${app.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "x".repeat(100_000), password: "y" }),
    });
    expect(big.status).toBe(413);
  });

  describe("booking codes never in a URL", () => {
    let booked: {
      id: string;
      code: string;
      receiptUrl: string;
      statusUrl: string;
    };

    beforeAll(async () => {
      const { client: manager } = await signedInStaff(app, "manager");
      const place = await createPlace(manager);
      const slot = await createSlot(app, manager, place);
      const [iin = ""] = syntheticIins(1, 4242);
      const response = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(slot.id, iin),
        freshIp(),
      );
      expect(response.status).toBe(201);
      booked = response.body;
    });

    it("gives a receipt link and QR code with the code in the fragment only", () => {
      const receipt = new URL(booked.receiptUrl);
      expect(receipt.search).toBe("");
      expect(booked.receiptUrl).not.toContain(booked.code);
      const status = new URL(booked.statusUrl);
      expect(status.origin).toBe(PUBLIC_URL);
      expect(status.pathname).toBe(`/booking/${booked.id}`);
      expect(status.search).toBe("");
      expect(decodeURIComponent(status.hash)).toBe(`#${booked.code}`);
    });

    it("prints the status link on the receipt with the code after #", async () => {
      const pdf = await new ApiClient(app.url).get(
        `/bookings/${booked.id}/receipt.pdf`,
        codeHeader(booked.code, freshIp()),
      );
      expect(pdf.status).toBe(200);
      const dir = scratchDir("receipt");
      const file = path.join(dir, "receipt.pdf");
      writeFileSync(file, pdf.body as Buffer);
      spawnSync("pdfimages", ["-png", file, path.join(dir, "image")]);
      const image = readdirSync(dir).find((name) => name.startsWith("image"));
      const qr = spawnSync(
        "zbarimg",
        ["--raw", "-q", path.join(dir, image ?? "")],
        {
          encoding: "utf8",
        },
      ).stdout.trim();
      expect(qr).toBe(booked.statusUrl);
      expect(new URL(qr).search).toBe("");
    });

    it("answers the status with the X-Booking-Code header, and refuses a wrong one or a code in the query", async () => {
      const client = new ApiClient(app.url);
      const ok = await client.get(
        `/bookings/${booked.id}`,
        codeHeader(booked.code, freshIp()),
      );
      expect(ok.status).toBe(200);
      expect(ok.body.id).toBe(booked.id);

      const wrong = await client.get(
        `/bookings/${booked.id}`,
        codeHeader("AAAAA-AAAAA-AAAAA-AAAAA", freshIp()),
      );
      expect(wrong.status).toBe(404);
      expect(wrong.body.error.id).toBe("booking_not_found");

      const missing = await client.get(`/bookings/${booked.id}`, freshIp());
      expect(missing.status).toBe(404);

      // The right code, but in the URL: refused, so no client learns to.
      const inQuery = await client.get(
        `/bookings/${booked.id}?code=${encodeURIComponent(booked.code)}`,
        freshIp(),
      );
      expect(inQuery.status).toBe(400);
      expect(inQuery.body.error.id).toBe("booking_code_in_url");
      const cancel = await client.delete(
        `/bookings/${booked.id}?code=${encodeURIComponent(booked.code)}`,
        freshIp(),
      );
      expect(cancel.status).toBe(400);
      expect(
        (
          await client.get(
            `/bookings/${booked.id}`,
            codeHeader(booked.code, freshIp()),
          )
        ).body.status,
      ).toBe("booked");
    });
  });
});
