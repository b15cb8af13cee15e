import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { createPlace, eventually, type Place } from "../support/booking";
import type { ApiClient } from "../support/http";
import {
  connectKiosk,
  enrollKiosk,
  request,
  type KioskSocket,
} from "../support/kiosk";
import { signedInStaff } from "../support/staff";

/**
 * A kiosk's "connected" is counted per realtime process, each alive while
 * it keeps saying so. A process that stalls past its liveness stops
 * counting (a dead one never comes back); once it is alive again, the next
 * heartbeat over its socket counts the kiosk again.
 */
describe("kiosk presence", () => {
  let app: TestApp;
  let operator: ApiClient;
  let place: Place;
  let kiosk: KioskSocket;
  let kioskId = "";

  const connected = async () => {
    const list = (await operator.get("/kiosks")).body as {
      id: string;
      connected: boolean;
    }[];
    return list.find((entry) => entry.id === kioskId)?.connected;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const manager = (await signedInStaff(app, "manager")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 1);
    const enrolled = await enrollKiosk(app.url, operator, place.seatIds[0]!);
    kioskId = enrolled.kiosk.id;
    kiosk = await connectKiosk(app.url, enrolled.token);
  });
  afterAll(async () => {
    kiosk?.close();
    await app?.stop();
  });

  it("drops a lapsed process's sockets and counts them again at the next heartbeat once it is alive", async () => {
    await eventually(async () =>
      (await connected()) === true ? true : undefined,
    );
    // The process stalled: its liveness ran out (as after 15 s without a word).
    const processes = await app.redis.zrange("realtime:alive", 0, -1);
    expect(processes).toHaveLength(1);
    await app.redis.zadd("realtime:alive", 1, processes[0]!);
    expect((await request(kiosk, "kiosk.heartbeat")).ok).toBe(true);
    expect(await connected()).toBe(false);
    // It says "alive" again within 5 s; the kiosk's next heartbeat counts it.
    await eventually(
      async () =>
        Number(await app.redis.zscore("realtime:alive", processes[0]!)) > 1
          ? true
          : undefined,
      10_000,
    );
    expect((await request(kiosk, "kiosk.heartbeat")).ok).toBe(true);
    expect(await connected()).toBe(true);
    // And a real goodbye still counts down to zero.
    kiosk.close();
    await eventually(async () =>
      (await connected()) === false ? true : undefined,
    );
  });
});
