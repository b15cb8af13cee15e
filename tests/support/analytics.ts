import path from "node:path";
import type { TestApp } from "./app";
import {
  bookingBody,
  createPlace,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
  type Place,
} from "./booking";
import { ApiClient } from "./http";
import { bankIdsOf, connectKiosk, enrollKiosk, request } from "./kiosk";
import { signedInStaff } from "./staff";

/**
 * The analytics fixture (tests/fixtures/analytics-banks): the engine bank
 * (12 items, single key b, multiple keys a+c) and a program that draws all
 * 12, so every candidate meets every item and the numbers are exact.
 * Pass: ≥ 7 correct in total and ≥ 3 in each section.
 */
export const ANALYTICS_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/analytics-banks",
);
export const ANALYTICS_PROGRAM = "analytics-all";
/** The planted item: strong candidates choose the distractor c. */
export const PLANTED = "law-1";
/** The translation problem: right in Kazakh, wrong in Russian. */
export const TRANSLATION = "ethics-2";

const keyOf = (item: { type: string }) =>
  item.type === "multiple" ? ["a", "c"] : ["b"];

export interface PlannedCandidate {
  fullName: string;
  language: "kk" | "ru";
  /** How many of the 10 ordinary items (in bank order) this candidate gets right. */
  ordinaryRight: number;
  strong: boolean;
}

/**
 * Eight candidates, four per language. Strong ones (10 or 9 ordinary items
 * right) choose c on the planted item; weak ones (3 or 2) choose its key b.
 * Kazakh candidates get the translation item right, Russian ones wrong.
 * Totals: kk 11, 10, 5, 4; ru 10, 9, 4, 3. Strong pass (≥ 7), weak fail.
 */
export const PLAN: PlannedCandidate[] = [
  {
    fullName: "Айгүл Серікқызы Нұрланова",
    language: "kk",
    ordinaryRight: 10,
    strong: true,
  },
  {
    fullName: "Болат Ерланұлы Қасымов",
    language: "kk",
    ordinaryRight: 9,
    strong: true,
  },
  {
    fullName: "Дәурен Маратұлы Әбенов",
    language: "kk",
    ordinaryRight: 3,
    strong: false,
  },
  {
    fullName: "Гүлнар Асқарқызы Төлеуова",
    language: "kk",
    ordinaryRight: 2,
    strong: false,
  },
  {
    fullName: "Ирина Сергеевна Ким",
    language: "ru",
    ordinaryRight: 10,
    strong: true,
  },
  {
    fullName: "Павел Андреевич Орлов",
    language: "ru",
    ordinaryRight: 9,
    strong: true,
  },
  {
    fullName: "Ольга Викторовна Белова",
    language: "ru",
    ordinaryRight: 3,
    strong: false,
  },
  {
    fullName: "Сергей Иванович Попов",
    language: "ru",
    ordinaryRight: 2,
    strong: false,
  },
];

export const ORDINARY = [
  "law-2",
  "law-3",
  "law-4",
  "law-5",
  "law-6",
  "ethics-1",
  "ethics-3",
  "ethics-4",
  "ethics-5",
  "ethics-6",
];

/** The answer the plan gives a candidate on an item. */
export function plannedResponse(
  candidate: PlannedCandidate,
  item: { id: string; type: string },
): string[] {
  if (item.id === PLANTED) return candidate.strong ? ["c"] : ["b"];
  if (item.id === TRANSLATION)
    return candidate.language === "kk" ? ["b"] : ["a"];
  const index = ORDINARY.indexOf(item.id);
  return index >= 0 && index < candidate.ordinaryRight ? keyOf(item) : ["d"];
}

/** The total the plan gives a candidate: ordinary right + planted + translation. */
export const plannedTotal = (candidate: PlannedCandidate) =>
  candidate.ordinaryRight +
  (candidate.strong ? 0 : 1) +
  (candidate.language === "kk" ? 1 : 0);

export interface FinishedSlot {
  slotId: string;
  place: Place;
  manager: ApiClient;
  administrator: ApiClient;
  operator: ApiClient;
  managerAccount: { username: string; password: string };
  administratorAccount: { username: string; password: string };
  /** attemptId → the planned candidate. */
  attempts: Map<string, PlannedCandidate>;
}

/**
 * Runs a whole slot the way a center does, through the real routes and
 * kiosk sockets: a manager schedules it, candidates book on the portal, the
 * administrator admits each to an enrolled kiosk, each kiosk confirms,
 * starts, saves every answer of the plan and submits; the administrator
 * and the operator sign the slot off. Resolves once the analytics job has
 * stored the slot's analytics with every candidate in them.
 */
export async function runFinishedSlot(
  app: TestApp,
  iinOffset: number,
  plan: PlannedCandidate[] = PLAN,
): Promise<FinishedSlot> {
  const manager = await signedInStaff(app, "manager");
  const administrator = await signedInStaff(app, "administrator");
  const operator = (await signedInStaff(app, "operator")).client;
  const place = await createPlace(manager.client, plan.length);
  const now = await redisNowMs(app);
  const slot = await manager.client.post("/slots", {
    roomId: place.roomId,
    programId: ANALYTICS_PROGRAM,
    startsAt: new Date(now + 5 * 60_000).toISOString(),
    seatsOffered: plan.length,
    bookingCutoffAt: new Date(now + 4 * 60_000).toISOString(),
    lateAdmissionCutoffAt: new Date(now + 20 * 60_000).toISOString(),
  });
  if (slot.status !== 201) throw new Error(JSON.stringify(slot.body));
  const slotId = slot.body.id as string;
  const iins = syntheticIins(plan.length, iinOffset);
  const attempts = new Map<string, PlannedCandidate>();
  for (const [index, candidate] of plan.entries()) {
    // The first six book through a form the portal opened (their booking
    // time is measured); the last two as an external portal would, without.
    const portal = new ApiClient(app.url);
    const form =
      index < 6
        ? ((await portal.post("/booking-forms", {}, freshIp())).body as {
            formId: string;
          })
        : null;
    const booked = await portal.post(
      "/bookings",
      bookingBody(slotId, iins[index]!, {
        programId: ANALYTICS_PROGRAM,
        fullName: candidate.fullName,
        language: candidate.language,
        ...(form ? { formId: form.formId } : {}),
      }),
      freshIp(),
    );
    if (booked.status !== 201) throw new Error(JSON.stringify(booked.body));
    const seatId = place.seatIds[index]!;
    const { token } = await enrollKiosk(app.url, operator, seatId);
    const admitted = await administrator.client.post(
      `/slots/${slotId}/admissions`,
      { iin: iins[index], seatId },
    );
    if (admitted.status !== 201) throw new Error(JSON.stringify(admitted.body));
    const attemptId = admitted.body.attemptId as string;
    attempts.set(attemptId, candidate);
    const kiosk = await connectKiosk(app.url, token);
    try {
      await request(kiosk, "attempt.confirm", { attemptId });
      const started = await request(kiosk, "attempt.start", { attemptId });
      if (!started.ok) throw new Error(JSON.stringify(started));
      const { attempt } = await request(kiosk, "attempt.resync");
      const bank = await bankIdsOf(app.redis, attemptId);
      let seq = 0;
      for (const item of attempt.items as { id: string; type: string }[]) {
        const response = bank.options(
          item.id,
          plannedResponse(candidate, {
            id: bank.item(item.id),
            type: item.type,
          }),
        );
        const saved = await request(kiosk, "answer.save", {
          attemptId,
          itemId: item.id,
          response,
          seq: ++seq,
        });
        if (!saved.ok) throw new Error(JSON.stringify(saved));
      }
      const submitted = await request(kiosk, "attempt.submit", { attemptId });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    } finally {
      kiosk.close();
    }
  }
  await eventually(async () => {
    const results = (await administrator.client.get(`/slots/${slotId}/results`))
      .body as { state: string }[];
    return results.length === plan.length &&
      results.every((row) => row.state === "scored")
      ? true
      : undefined;
  }, 30_000);
  for (const signer of [administrator.client, operator]) {
    const signed = await signer.post(`/slots/${slotId}/sign-off`);
    if (signed.status !== 200 || signed.body.signed !== plan.length)
      throw new Error(JSON.stringify(signed.body));
  }
  const slotComputedAt = await eventually(async () => {
    const stored = await manager.client.get(`/analytics/slots/${slotId}`);
    return stored.status === 200 &&
      stored.body.distribution.candidates === plan.length
      ? (stored.body.computedAt as number)
      : undefined;
  }, 30_000);
  // The same job stores the program's item statistics just after the slot's.
  await eventually(async () => {
    const items = await manager.client.get(
      `/analytics/programs/${ANALYTICS_PROGRAM}/items`,
    );
    return items.status === 200 && items.body.computedAt >= slotComputedAt
      ? true
      : undefined;
  }, 30_000);
  return {
    slotId,
    place,
    manager: manager.client,
    administrator: administrator.client,
    operator,
    managerAccount: {
      username: manager.account.username,
      password: manager.password,
    },
    administratorAccount: {
      username: administrator.account.username,
      password: administrator.password,
    },
    attempts,
  };
}
