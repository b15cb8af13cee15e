import path from "node:path";
import type { TestApp } from "./app";
import {
  bookingBody,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  type Place,
} from "./booking";
import { ApiClient } from "./http";
import { bankIdsOf, connectKiosk, enrollKiosk, request } from "./kiosk";

/** The engine fixture: 3 law and 3 ethics items drawn from 6 each. */
export const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
export const ENGINE_LONG = "engine-long";

/** The engine fixture's key: single → b, multiple → a and c. */
export const correctFor = (item: { id: string; type: string }) =>
  item.type === "multiple" ? ["a", "c"] : ["b"];

export interface TestedCandidate {
  iin: string;
  fullName: string;
  bookingId: string;
  code: string;
  attemptId: string;
  /** Bank item ids of the form, in the order the kiosk showed them. */
  itemIds: string[];
}

/**
 * A room with `seats` enrolled kiosks and a slot of the engine program that
 * is open for admission now (it starts in five minutes).
 */
export async function examRoom(
  app: TestApp,
  staff: { manager: ApiClient; operator: ApiClient },
  seats: number,
) {
  const place: Place = await createPlace(staff.manager, seats);
  const now = await redisNowMs(app);
  const slot = await createSlot(app, staff.manager, place, {
    programId: ENGINE_LONG,
    startsAt: now + 5 * 60_000,
    bookingCutoffAt: now + 4 * 60_000,
    lateAdmissionCutoffAt: now + 20 * 60_000,
  });
  const tokens = new Map<string, string>();
  for (const seatId of place.seatIds) {
    tokens.set(
      seatId,
      (await enrollKiosk(app.url, staff.operator, seatId)).token,
    );
  }
  return { place, slotId: slot.id, tokens };
}

/**
 * Books, admits and runs one candidate's test at a kiosk the way the
 * kiosk does: confirm, start, one answer per item (`answer` picks it in
 * bank ids, the key by default; it is sent in the kiosk's ids), submit.
 * Returns once the attempt is scored.
 */
export async function takeTest(
  app: TestApp,
  room: { slotId: string; tokens: Map<string, string> },
  administrator: ApiClient,
  candidate: { iin: string; fullName: string },
  answer: (item: { id: string; type: string }) => string[] = correctFor,
): Promise<TestedCandidate> {
  const booked = await new ApiClient(app.url).post(
    "/bookings",
    bookingBody(room.slotId, candidate.iin, {
      programId: ENGINE_LONG,
      fullName: candidate.fullName,
    }),
    freshIp(),
  );
  if (booked.status !== 201) throw new Error(JSON.stringify(booked.body));
  const admitted = await administrator.post(
    `/slots/${room.slotId}/admissions`,
    {
      iin: candidate.iin,
    },
  );
  if (admitted.status !== 201) throw new Error(JSON.stringify(admitted.body));
  const attemptId = admitted.body.attemptId as string;
  const token = room.tokens.get(admitted.body.seatId as string);
  if (!token) throw new Error("no kiosk on the admitted seat");
  const kiosk = await connectKiosk(app.url, token);
  try {
    await request(kiosk, "attempt.confirm", { attemptId });
    const started = await request(kiosk, "attempt.start", { attemptId });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const resync = await request(kiosk, "attempt.resync");
    const shown = resync.attempt.items as { id: string; type: string }[];
    const bank = await bankIdsOf(app.redis, attemptId);
    const items = shown.map((item) => ({
      ...item,
      kioskId: item.id,
      id: bank.item(item.id),
    }));
    let seq = 1;
    for (const item of items) {
      const saved = await request(kiosk, "answer.save", {
        attemptId,
        itemId: item.kioskId,
        response: bank.options(
          item.kioskId,
          answer({ id: item.id, type: item.type }),
        ),
        seq: seq++,
      });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
    }
    const submitted = await request(kiosk, "attempt.submit", { attemptId });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    await eventually(async () => {
      const state = await app.redis.hget(`attempt:${attemptId}`, "state");
      return state === "scored" ? true : undefined;
    }, 20_000);
    return {
      ...candidate,
      bookingId: booked.body.id,
      code: booked.body.code,
      attemptId,
      itemIds: items.map((item) => item.id),
    };
  } finally {
    kiosk.close();
  }
}

/** What the setup leaves unreviewed: takeTest's kiosk reconnecting between candidates. */
export const SETUP_OVERRIDE = {
  overrideReason: "test setup: the kiosk reconnected between candidates",
};

/**
 * Both sign-offs, then waits for the signed document. Returns its number.
 * Signs over what the setup left unreviewed (a reconnect of the seat's
 * kiosk), saying why: sign-off asks for a reason then (issue 24).
 */
export async function makeOfficial(
  app: TestApp,
  signers: { administrator: ApiClient; operator: ApiClient },
  attemptId: string,
): Promise<string> {
  for (const signer of [signers.administrator, signers.operator]) {
    const signed = await signer.post(
      `/attempts/${attemptId}/sign-off`,
      SETUP_OVERRIDE,
    );
    if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
  }
  return eventually(async () => {
    const attempt = await app.redis.hgetall(`attempt:${attemptId}`);
    return attempt.state === "issued" ? attempt.certificateNumber : undefined;
  }, 30_000);
}
