import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import {
  examRoom,
  makeOfficial,
  SETUP_OVERRIDE,
  takeTest,
  type TestedCandidate,
} from "../support/appeals";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import {
  bankIdsOf,
  connectKiosk,
  enrollKiosk,
  request,
} from "../support/kiosk";
import { PQ, pqBanks } from "../support/pq-banks";
import { signedInStaff } from "../support/staff";

/**
 * The personal-qualities assessment (issue 20): the shipped demonstration,
 * requiring a valid certificate of the engine fixture's `engine-long`; 4 scales of 8
 * statements on a 5-point scale, 3 reverse-keyed and one pair per scale.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The answers, chosen so the profile can be worked out by hand: "4"
 * (agree) to every statement, except pq-int-02 left unanswered and
 * pq-com-08 answered "1". A reverse-keyed item scores 6 − point.
 */
const answerOf = (itemId: string): string | null =>
  itemId === "pq-int-02" ? null : itemId === "pq-com-08" ? "1" : "4";

function runCli(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string }>(
    (resolve, reject) => {
      const child = spawn("node", ["--import", "tsx", script, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout }));
    },
  );
}

describe("the personal-qualities assessment", () => {
  let app: TestApp;
  let work: string;
  let outDir: string;
  let dataDir: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  /** Both passed the legislation test; the second's certificate is revoked. */
  let certified: TestedCandidate;
  let revoked: TestedCandidate;
  const [stranger] = syntheticIins(1, 5400);
  let pqSlotId: string;
  const pqTokens = new Map<string, string>();
  let attemptId: string;
  let assessmentBooking: { id: string; code: string };
  let itemCount = 0;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-pq-"));
    outDir = path.join(work, "output");
    dataDir = path.join(work, "data");
    app = await startTestApp({
      BANKS_DIR: pqBanks(work),
      DATA_DIR: dataDir,
      CERT_OUTPUT_DIR: outDir,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    // The first stage: a passed legislation test, its certificate issued.
    const room = await examRoom(app, { manager, operator }, 2);
    const [first, second] = syntheticIins(2, 5410);
    certified = await takeTest(app, room, administrator, {
      iin: first!,
      fullName: "Әсел Нұрланқызы Жұмабаева",
    });
    revoked = await takeTest(app, room, administrator, {
      iin: second!,
      fullName: "Марат Серікұлы Ахметов",
    });
    for (const who of [certified, revoked]) {
      await makeOfficial(app, { administrator, operator }, who.attemptId);
    }

    const place = await createPlace(manager, 2, "Зал 5");
    const now = await redisNowMs(app);
    pqSlotId = (
      await createSlot(app, manager, place, {
        programId: PQ,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      })
    ).id;
    for (const seatId of place.seatIds) {
      pqTokens.set(
        seatId,
        (await enrollKiosk(app.url, operator, seatId)).token,
      );
    }
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("is published with its scales and labels, never its norms or keying", async () => {
    const { body } = await new ApiClient(app.url).get(
      `/programs/${PQ}`,
      freshIp(),
    );
    expect(body).toMatchObject({
      kind: "personal-qualities",
      requires: { programId: "engine-long" },
      rule: { minSten: 3 },
      likert: { points: 5 },
      sections: [
        { id: "integrity", questions: 8 },
        { id: "responsibility", questions: 8 },
        { id: "stress-tolerance", questions: 8 },
        { id: "communication", questions: 8 },
      ],
    });
    expect(body).not.toHaveProperty("validityDays");
    expect(JSON.stringify(body)).not.toMatch(
      /norms|reverse|pairedWith|consistencyMinimum|cutoff/,
    );
  });

  it("books and admits only a holder of a valid certificate of the required program", async () => {
    const refused = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(pqSlotId, stranger!, { programId: PQ }),
      freshIp(),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("not_bookable_now");
    expect(JSON.stringify(refused.body)).not.toContain("engine-long");
    const desk = await administrator.post(
      "/staff/bookings",
      bookingBody(pqSlotId, stranger!, {
        programId: PQ,
        ruleOverride: { reason: "The candidate insists." },
      }),
    );
    expect(desk.status).toBe(409);
    expect(desk.body.error).toMatchObject({
      id: "certificate_required",
      details: { requires: "engine-long" },
    });

    for (const who of [certified, revoked]) {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(pqSlotId, who.iin, {
          programId: PQ,
          fullName: who.fullName,
        }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      if (who === certified) {
        assessmentBooking = { id: booked.body.id, code: booked.body.code };
      }
    }
    // Revoked since the booking: the door checks again.
    const number = await app.redis.hget(
      `attempt:${revoked.attemptId}`,
      "certificateNumber",
    );
    const revoke = await manager.post(`/certificates/${number}/revoke`, {
      reason: "Issued on a forged ID document (test).",
    });
    expect(revoke.status).toBe(200);
    const atDoor = await administrator.post(`/slots/${pqSlotId}/admissions`, {
      iin: revoked.iin,
    });
    expect(atDoor.status).toBe(409);
    expect(atDoor.body.error.id).toBe("certificate_required");

    const admitted = await administrator.post(`/slots/${pqSlotId}/admissions`, {
      iin: certified.iin,
    });
    expect(admitted.status).toBe(201);
    attemptId = admitted.body.attemptId as string;
    expect(pqTokens.has(admitted.body.seatId as string)).toBe(true);
  });

  it("takes the assessment through the socket API and scores the profile by hand", async () => {
    const seatId = await app.redis.hget(`attempt:${attemptId}`, "seatId");
    const kiosk = await connectKiosk(app.url, pqTokens.get(seatId!)!);
    try {
      await request(kiosk, "attempt.confirm", { attemptId });
      const started = await request(kiosk, "attempt.start", { attemptId });
      expect(started.ok).toBe(true);
      const resync = await request(kiosk, "attempt.resync");
      const shown = resync.attempt.items as {
        id: string;
        type: string;
        options: { id: string; text: string }[];
      }[];
      itemCount = shown.length;
      expect(itemCount).toBe(32);
      // Statements with the scale's labels; nothing of the keying.
      expect(shown.every((item) => item.type === "likert")).toBe(true);
      expect(shown[0]!.options).toHaveLength(5);
      expect(JSON.stringify(resync)).not.toMatch(
        /reverse|pairedWith|norms|integrity/,
      );
      const bank = await bankIdsOf(app.redis, attemptId);
      let seq = 1;
      for (const item of shown) {
        const point = answerOf(bank.item(item.id));
        if (point === null) continue;
        const saved = await request(kiosk, "answer.save", {
          attemptId,
          itemId: item.id,
          response: bank.options(item.id, [point]),
          seq: seq++,
        });
        expect(saved.ok).toBe(true);
      }
      const submitted = await request(kiosk, "attempt.submit", { attemptId });
      expect(submitted.ok).toBe(true);
    } finally {
      kiosk.close();
    }
    const profile = await eventually(async () => {
      const stored = await app.redis.hget(`attempt:${attemptId}`, "profile");
      return stored ? JSON.parse(stored) : undefined;
    }, 20_000);
    // integrity: 01 4, 02 unanswered → midpoint 3, 03ʳ 6−4=2, 04 4, 05ʳ 2,
    //   06 4, 07ʳ 2, 08 4 = 25; cutoffs ≤ 25: 18 21 24 → sten 4.
    // responsibility: five plain items 4 × 5 = 20, 03ʳ 05ʳ 07ʳ 2 × 3 = 6
    //   → 26; cutoffs ≤ 26: 19 22 25 → sten 4.
    // stress-tolerance: plain 4 × 5 = 20, 02ʳ 04ʳ 08ʳ 2 × 3 = 6 → 26;
    //   cutoffs ≤ 26: 15 18 21 23 25 → sten 6.
    // communication: plain 01 02 04 06 4 × 4 = 16, 08 answered 1, reversed
    //   2 × 3 = 6 → 23; cutoffs ≤ 23: 16 19 22 → sten 4.
    expect(
      profile.scales.map(
        (scale: {
          scaleId: string;
          raw: number;
          sten: number;
          missing: number;
        }) => [scale.scaleId, scale.raw, scale.sten, scale.missing],
      ),
    ).toEqual([
      ["integrity", 25, 4, 1],
      ["responsibility", 26, 4, 0],
      ["stress-tolerance", 26, 6, 0],
      ["communication", 23, 4, 0],
    ]);
    // Pairs (scored): int 08/01 4–4, res 08/02 4–4, str 08ʳ/04ʳ 2–2,
    // com 08/02 1–4: index 1 − 3 / (4 × 4) = 0.8125 ≥ 0.7.
    expect(profile.consistency).toEqual({
      index: 0.8125,
      pairs: 4,
      minimum: 0.7,
      low: false,
    });
    expect(profile.rule).toEqual({ minSten: 3, met: true });
  });

  it("issues a signed assessment report that cert:verify accepts", async () => {
    const number = await makeOfficial(
      app,
      { administrator, operator },
      attemptId,
    );
    const file = path.join(outDir, `${number}.pdf`);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    }).stdout;
    expect(text).toMatch(/ЖЕКЕ ҚАСИЕТТЕРДІ БАҒАЛАУ/);
    expect(text).not.toMatch(/Жарамдылық мерзімі|Действителен до/);
    const record = (
      await new ApiClient(app.url).get(`/certificates/${number}`, freshIp())
    ).body;
    expect(record).toMatchObject({
      kind: "assessment",
      valid: true,
      expired: false,
    });
    expect(JSON.stringify(record)).not.toMatch(/"sten"|"raw"/);
    const verified = await runCli(
      "server/src/modules/certificates/cli-verify.ts",
      [file],
      { DATA_DIR: dataDir },
    );
    expect(verified.stdout).toContain("✓ PDF signature");
    expect(verified.stdout).toMatch(/stress-tolerance\s+6\b/);
    expect(verified.stdout).toContain("RESULT: VALID");
    expect(verified.status).toBe(0);
  }, 60_000);

  it("takes no wrong-question appeal: statements have no right answers", async () => {
    const form = JSON.parse(
      (await app.redis.get(`attempt:${attemptId}:form`)) ?? "{}",
    ) as { items: { itemId: string }[] };
    const appeal = (body: object) =>
      new ApiClient(app.url).post(
        `/bookings/${assessmentBooking.id}/appeals`,
        body,
        codeHeader(assessmentBooking.code, freshIp()),
      );
    const wrong = await appeal({
      grounds: "question_wrong",
      itemId: form.items[0]!.itemId,
      text: "Statement 1 has no right answer among the options.",
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.id).toBe("appeal_no_key");
    const technical = await appeal({
      grounds: "technical_failure",
      text: "The kiosk froze during the questionnaire.",
    });
    expect(technical.status).toBe(201);
  });
});

describe("reliability", () => {
  let app: TestApp;
  let work: string;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let pqSlotId: string;
  const pqTokens = new Map<string, string>();
  const attemptIds: string[] = [];

  /**
   * Six candidates, each with a certificate of `engine-long`. Only the
   * integrity scale is answered: pq-int-01, 02 and 03ʳ (reverse-keyed) as
   * listed, 04 05ʳ 06 07ʳ 08 "3" (all score 3, reversed or not); the other
   * scales are left unanswered. The fourth kk candidate skips pq-int-08.
   */
  const candidates = [
    {
      name: "Айгерім Болатқызы Сапарова",
      language: "kk",
      points: ["5", "4", "1"],
    },
    {
      name: "Ержан Қайратұлы Төлеуов",
      language: "kk",
      points: ["3", "3", "3"],
    },
    {
      name: "Гүлназ Серікқызы Омарова",
      language: "kk",
      points: ["1", "2", "4"],
    },
    {
      name: "Дәурен Маратұлы Әбдіков",
      language: "kk",
      points: ["2", "2", "2"],
      skip: "pq-int-08",
    },
    { name: "Ольга Викторовна Ким", language: "ru", points: ["4", "4", "2"] },
    { name: "Сергей Петрович Волков", language: "ru", points: ["2", "3", "5"] },
  ] as const;
  const iins = syntheticIins(candidates.length, 5500);

  const pointFor = (
    candidate: (typeof candidates)[number],
    itemId: string,
  ): string | null => {
    if ("skip" in candidate && candidate.skip === itemId) return null;
    const varying = ["pq-int-01", "pq-int-02", "pq-int-03"].indexOf(itemId);
    if (varying !== -1) return candidate.points[varying]!;
    return itemId.startsWith("pq-int-") ? "3" : null;
  };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-pq-reliability-"));
    app = await startTestApp({
      BANKS_DIR: pqBanks(work),
      DATA_DIR: path.join(work, "data"),
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      ANSWER_GRACE_MS: "300",
      ANALYTICS_DELAY_MS: "100",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    // The first stage for all six in one room, signed off as a slot.
    const room = await examRoom(app, { manager, operator }, candidates.length);
    const tested: TestedCandidate[] = [];
    for (const [index, candidate] of candidates.entries()) {
      tested.push(
        await takeTest(app, room, administrator, {
          iin: iins[index]!,
          fullName: candidate.name,
        }),
      );
    }
    for (const signer of [administrator, operator]) {
      // The seat's kiosk reconnected between candidates: signed over it.
      const signed = await signer.post(
        `/slots/${room.slotId}/sign-off`,
        SETUP_OVERRIDE,
      );
      expect(signed.status).toBe(200);
      expect(signed.body.signed).toBe(candidates.length);
    }
    await eventually(async () => {
      const states = await Promise.all(
        tested.map((who) =>
          app.redis.hget(`attempt:${who.attemptId}`, "state"),
        ),
      );
      return states.every((state) => state === "issued") ? true : undefined;
    }, 30_000);

    const place = await createPlace(manager, candidates.length, "Зал 6");
    const now = await redisNowMs(app);
    pqSlotId = (
      await createSlot(app, manager, place, {
        programId: PQ,
        startsAt: now + 5 * 60_000,
        bookingCutoffAt: now + 4 * 60_000,
        lateAdmissionCutoffAt: now + 20 * 60_000,
      })
    ).id;
    for (const seatId of place.seatIds) {
      pqTokens.set(
        seatId,
        (await enrollKiosk(app.url, operator, seatId)).token,
      );
    }
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("runs six candidates through the assessment at the kiosk", async () => {
    for (const [index, candidate] of candidates.entries()) {
      const booked = await new ApiClient(app.url).post(
        "/bookings",
        bookingBody(pqSlotId, iins[index]!, {
          programId: PQ,
          fullName: candidate.name,
          language: candidate.language,
        }),
        freshIp(),
      );
      expect(booked.status).toBe(201);
      const admitted = await administrator.post(
        `/slots/${pqSlotId}/admissions`,
        { iin: iins[index] },
      );
      expect(admitted.status).toBe(201);
      const attemptId = admitted.body.attemptId as string;
      attemptIds.push(attemptId);
      const kiosk = await connectKiosk(
        app.url,
        pqTokens.get(admitted.body.seatId as string)!,
      );
      try {
        await request(kiosk, "attempt.confirm", { attemptId });
        expect((await request(kiosk, "attempt.start", { attemptId })).ok).toBe(
          true,
        );
        const resync = await request(kiosk, "attempt.resync");
        const shown = resync.attempt.items as { id: string }[];
        const bank = await bankIdsOf(app.redis, attemptId);
        let seq = 1;
        for (const item of shown) {
          const point = pointFor(candidate, bank.item(item.id));
          if (point === null) continue;
          const saved = await request(kiosk, "answer.save", {
            attemptId,
            itemId: item.id,
            response: bank.options(item.id, [point]),
            seq: seq++,
          });
          expect(saved.ok).toBe(true);
        }
        expect((await request(kiosk, "attempt.submit", { attemptId })).ok).toBe(
          true,
        );
      } finally {
        kiosk.close();
      }
    }
    await eventually(async () => {
      const states = await Promise.all(
        attemptIds.map((id) => app.redis.hget(`attempt:${id}`, "state")),
      );
      return states.every((state) => state === "scored") ? true : undefined;
    }, 20_000);
    // One official result puts the slot into the program's analytics
    // index; the five others count while merely scored.
    await makeOfficial(app, { administrator, operator }, attemptIds[0]!);
    const slot = await eventually(async () => {
      const reply = await manager.get(`/analytics/slots/${pqSlotId}`);
      return reply.status === 200 ? reply.body : undefined;
    }, 20_000);
    // The knowledge statistics leave the profile out: no candidate, no item.
    expect(slot.distribution.candidates).toBe(0);
    expect(slot.items).toEqual([]);
    expect(slot.candidates).toEqual([]);
    // The same job stores the program's item statistics just after the
    // slot's analytics: a read between the two is "not computed yet".
    const items = await eventually(async () => {
      const reply = await manager.get(`/analytics/programs/${PQ}/items`);
      return reply.status === 404 ? undefined : reply;
    }, 20_000);
    expect(items.status).toBe(200);
    expect(items.body).toMatchObject({ candidates: 0, items: [] });
  }, 60_000);

  it("answers alpha, item–rest r and the kk/ru difference worked out by hand", async () => {
    const { status, body } = await manager.get(
      `/analytics/programs/${PQ}/reliability`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      programId: PQ,
      slots: 1,
      respondents: { kk: 4, ru: 2 },
    });
    const scale = (scaleId: string, language: string) =>
      body.scales.find(
        (entry: { scaleId: string; language: string }) =>
          entry.scaleId === scaleId && entry.language === language,
      );
    type ItemRow = {
      itemId: string;
      mean: number | null;
      sd: number | null;
      itemRest: number | null;
    };
    const item = (entry: { items: ItemRow[] }, itemId: string) =>
      entry.items.find((candidate) => candidate.itemId === itemId)!;

    // Integrity in Kazakh. Item scores (03ʳ reversed: 6 − point):
    //          01  02  03ʳ  04–08   total
    //   K1      5   4  6−1=5  3×5   29
    //   K2      3   3  6−3=3  3×5   24
    //   K3      1   2  6−4=2  3×5   20
    //   K4 skipped pq-int-08: left out (excluded 1).
    // Sample variances (n − 1 = 2): 01: mean 3, SS 4+0+4 = 8 → 4;
    //   02: mean 3, SS 1+0+1 = 2 → 1; 03ʳ: mean 10/3, SS 25/9+1/9+16/9 =
    //   14/3 → 7/3; 04–08: 0. Σ = 4 + 1 + 7/3 = 22/3.
    // Total: mean 73/3, deviations 14/3, −1/3, −13/3, SS (196+1+169)/9 =
    //   122/3 → 61/3.
    // α = 8/7 · (1 − (22/3)/(61/3)) = 8/7 · 39/61 = 312/427 ≈ 0.7307.
    const integrityKk = scale("integrity", "kk");
    expect(integrityKk).toMatchObject({ n: 3, excluded: 1, k: 8 });
    expect(integrityKk.alpha).toBeCloseTo(312 / 427, 10);
    // pq-int-03ʳ against the rest (total − item): 24, 21, 18, mean 21,
    //   deviations 3, 0, −3 (SS 18); the item's 5/3, −1/3, −4/3 (SS 14/3).
    //   Σ products = 5 + 0 + 4 = 9; r = 9 / √(14/3 · 18) = 9 / √84 ≈ 0.982.
    //   Scored as answered (1, 3, 4) it would be −0.982.
    const reversed = item(integrityKk, "pq-int-03");
    expect(reversed.itemRest).toBeCloseTo(9 / Math.sqrt(84), 10);
    expect(reversed.mean).toBeCloseTo(10 / 3, 10);
    expect(reversed.sd).toBeCloseTo(Math.sqrt(7 / 3), 10);
    // A statement everyone answered alike: no SD, no correlation.
    expect(item(integrityKk, "pq-int-04")).toMatchObject({
      sd: 0,
      itemRest: null,
    });

    // Integrity in Russian: R1 4 + 4 + (6−2) + 15 = 27, R2 2 + 3 + (6−5) +
    //   15 = 21: mean 24, SS 9 + 9 = 18 → variance 18.
    // kk − ru = 73/3 − 24 = 1/3. Pooled variance (2 · 61/3 + 1 · 18) / 3 =
    //   176/9, SD 4√11/3; d = (1/3) / (4√11/3) = 1/(4√11) ≈ 0.0754.
    const languages = body.languages.find(
      (entry: { scaleId: string }) => entry.scaleId === "integrity",
    );
    expect(languages.kk.n).toBe(3);
    expect(languages.kk.mean).toBeCloseTo(73 / 3, 10);
    expect(languages.ru).toMatchObject({ n: 2, mean: 24 });
    expect(languages.ru.sd).toBeCloseTo(Math.sqrt(18), 10);
    expect(languages.difference).toBeCloseTo(1 / 3, 10);
    expect(languages.cohensD).toBeCloseTo(1 / (4 * Math.sqrt(11)), 10);

    // Nobody answered the other scales: everyone left out, nothing defined.
    expect(scale("communication", "kk")).toMatchObject({
      n: 0,
      excluded: 4,
      alpha: null,
    });
    expect(scale("communication", "ru")).toMatchObject({
      n: 0,
      excluded: 2,
      alpha: null,
    });
  });

  it("refuses a knowledge program and an unknown one", async () => {
    const knowledge = await manager.get(
      `/analytics/programs/engine-long/reliability`,
    );
    expect(knowledge.status).toBe(422);
    expect(knowledge.body.error.id).toBe("not_an_assessment");
    const unknown = await manager.get(
      `/analytics/programs/no-such-program/reliability`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.id).toBe("program_not_found");
  });
});
