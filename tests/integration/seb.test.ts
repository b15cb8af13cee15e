import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sebHash } from "../../server/src/modules/kiosks/seb";
import { startTestApp, type TestApp } from "../support/app";
import { createPlace, type Place } from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/**
 * SEB_CONFIG_KEY set: kiosk requests must prove the center's Safe Exam
 * Browser settings, by SEB's own request header or by the page hash from
 * SEB's JavaScript API; a plain browser is refused even with a valid token.
 */
const CONFIG_KEY =
  "81aad4ab9dfd447cc479e6a4a7c9a544e2cafc7f3adeb68b2a21efad68eca4dc";

describe("Safe Exam Browser Config Key", () => {
  let app: TestApp;
  let operator: ApiClient;
  let place: Place;
  let token = "";

  const code = async (seatId: string) =>
    (await operator.post("/kiosks/enrollment-codes", { seatId })).body
      .code as string;
  const enroll = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/v1/kiosks/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const me = (headers: Record<string, string>) =>
    fetch(`${app.url}/api/v1/kiosks/me`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const page = () => `${app.synaq.ctx.publicUrl}/kiosk/`;
  const connect = (auth: Record<string, unknown>) =>
    new Promise<string>((resolve) => {
      const socket = io(`${app.url}/kiosk`, {
        transports: ["websocket"],
        auth,
        reconnection: false,
        forceNew: true,
      });
      socket.once("connect", () => {
        socket.close();
        resolve("connected");
      });
      socket.once("connect_error", (error) => {
        socket.close();
        resolve(error.message);
      });
    });

  beforeAll(async () => {
    app = await startTestApp({ SEB_CONFIG_KEY: CONFIG_KEY });
    const manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 3);
  });
  afterAll(() => app.stop());

  it("refuses to enroll a plain browser, and enrolls classic SEB (its request header)", async () => {
    const first = await code(place.seatIds[0]!);
    const plain = await enroll({ code: first });
    expect(plain.status).toBe(403);
    expect(((await plain.json()) as { error: { id: string } }).error.id).toBe(
      "seb_required",
    );
    const wrong = await enroll(
      { code: first },
      {
        "X-SafeExamBrowser-ConfigKeyHash": sebHash(
          `${app.synaq.ctx.publicUrl}/api/v1/kiosks/enroll`,
          "00".repeat(32),
        ),
      },
    );
    expect(wrong.status).toBe(403);
    // The refused attempts did not spend the one-time code.
    const classic = await enroll(
      { code: first },
      {
        "X-SafeExamBrowser-ConfigKeyHash": sebHash(
          `${app.synaq.ctx.publicUrl}/api/v1/kiosks/enroll`,
          CONFIG_KEY,
        ),
      },
    );
    expect(classic.status).toBe(201);
    token = ((await classic.json()) as { token: string }).token;
  });

  it("takes modern SEB's page hash (JavaScript API) for a kiosk page of this server only", async () => {
    expect((await me({})).status).toBe(403);
    const proof = {
      "X-Synaq-Seb-Page": page(),
      "X-Synaq-Seb-ConfigKeyHash": sebHash(page(), CONFIG_KEY),
    };
    expect((await me(proof)).status).toBe(200);
    const elsewhere = "https://example.org/kiosk/";
    expect(
      (
        await me({
          "X-Synaq-Seb-Page": elsewhere,
          "X-Synaq-Seb-ConfigKeyHash": sebHash(elsewhere, CONFIG_KEY),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await me({
          "X-Synaq-Seb-Page": page(),
          "X-Synaq-Seb-ConfigKeyHash": sebHash(page(), "11".repeat(32)),
        })
      ).status,
    ).toBe(403);
    // A request's own header is bound to its URL: the enroll hash does not open /kiosks/me.
    expect(
      (
        await me({
          "X-SafeExamBrowser-ConfigKeyHash": sebHash(
            `${app.synaq.ctx.publicUrl}/api/v1/kiosks/enroll`,
            CONFIG_KEY,
          ),
        })
      ).status,
    ).toBe(403);
  });

  it("refuses the kiosk socket without the proof, even with a valid token", async () => {
    expect(await connect({ token })).toMatch(/^seb_required/);
    expect(
      await connect({
        token,
        seb: { page: page(), configKeyHash: sebHash(page(), "22".repeat(32)) },
      }),
    ).toMatch(/^seb_required/);
    expect(
      await connect({
        token,
        seb: { page: page(), configKeyHash: sebHash(page(), CONFIG_KEY) },
      }),
    ).toBe("connected");
    expect(
      await connect({
        token: "not-a-token",
        seb: { page: page(), configKeyHash: sebHash(page(), CONFIG_KEY) },
      }),
    ).toMatch(/^unauthorized/);
  });

  it("asks nothing of staff and the public", async () => {
    expect((await new ApiClient(app.url).get("/programs")).status).toBe(200);
    expect((await operator.get("/kiosks")).status).toBe(200);
  });
});
