import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import type { PurgeReport } from "../../server/src/modules/retention/service";
import type { TestApp } from "../support/app";
import {
  bookingBody,
  codeHeader,
  createPlace,
  createSlot,
  eventually,
  freshIp,
  redisNowMs,
  startBookingApp,
  syntheticIins,
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run data:purge` (its script) without blocking the app under test. */
function dataPurge(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        "node",
        [
          "--import",
          "tsx",
          "server/src/modules/retention/cli-purge.ts",
          ...args,
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    },
  );
}

/** A person the records name, and every string that identifies them. */
interface Person {
  fullName: string;
  iin: string;
  phone: string;
  email: string;
  /** Further words only this person's records hold (text, reason, note). */
  words: string[];
}

// Not the masked IIN: a booking keeps it for certificate verification.
const traces = (person: Person) => [
  person.fullName,
  person.iin,
  person.phone,
  person.email,
  ...person.words,
];

/**
 * The retention purge and the records issue 21 added: complaints, written
 * refusals and the messages sent to people. They are purged by the
 * bookings' clock, keep their numbers and what the counts need, and an open
 * complaint is never purged.
 */
describe("npm run data:purge: complaints, refusals and messages", () => {
  let app: TestApp;
  let work: string;
  let place: Place;
  let manager: ApiClient;
  let desk: ApiClient;
  let reviewer: ApiClient;
  let slotId: string;
  let laterSlotId: string;
  let before: string;
  const iins = syntheticIins(6, 5300);

  // Purged: B1's candidate (booking, status-page complaint c1, messages),
  // R1's person (refusal, desk complaint c2 from the slip, messages), C3's
  // person (desk complaint at the center, no slot).
  const candidate: Person = {
    fullName: "Гүлнар Бақытжанқызы Әбдірахманова",
    iin: iins[0]!,
    phone: "+7 705 111 22 33",
    email: "gulnar.purge@example.kz",
    words: ["Кезекші Ержан Төлеуұлы", "киоск үш рет қатып қалды"],
  };
  const refused: Person = {
    fullName: "Данияр Серікұлы Омаров",
    iin: iins[1]!,
    phone: "+7 707 333 44 55",
    email: "daniyar.purge@example.kz",
    words: ["паспорты ағасы Ерлан", "Әкімші Сәуле Бекова"],
  };
  const atCenter: Person = {
    fullName: "Айжан Маратқызы Қасымова",
    iin: iins[2]!,
    phone: "+7 708 555 66 77",
    email: "aizhan.purge@example.kz",
    words: ["пандус жабық болды", "күзетші Бақыт"],
  };
  // Kept: B2's candidate with an open complaint c5; R3's person with an
  // open complaint c4 naming the slip; R2 on a slot far ahead.
  const waiting: Person = {
    fullName: "Бауыржан Нұрланұлы Жұмабаев",
    iin: iins[3]!,
    phone: "+7 701 777 88 99",
    email: "bauyrzhan.kept@example.kz",
    words: ["экран қараңғы болды"],
  };
  const objecting: Person = {
    fullName: "Мәди Асқарұлы Тұрсынов",
    iin: iins[4]!,
    phone: "+7 702 999 00 11",
    email: "madi.kept@example.kz",
    words: ["тізімде болуым керек еді"],
  };

  const ids = {
    b1: "",
    b2: "",
    c1: "",
    c2: "",
    c3: "",
    c4: "",
    c5: "",
    r1: "",
    r2: "",
    r3: "",
  };
  const numbers = { c1: "", c2: "", c3: "", r1: "" };

  const cli = (...args: string[]) =>
    dataPurge([...args, "--redis", app.redisUrl, "--json"], {
      CERT_OUTPUT_DIR: path.join(work, "output"),
      REDIS_URL: "",
    });
  const purge = async (...args: string[]) => {
    const run = await cli("--before", before, ...args);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as PurgeReport;
  };

  const book = async (person: Person) => {
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slotId, person.iin, {
        fullName: person.fullName,
        phone: person.phone,
        email: person.email,
        notifyBy: "email",
        messageLanguage: "ru",
      }),
      freshIp(),
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    return { id: booked.body.id as string, code: booked.body.code as string };
  };
  const fileOnStatusPage = async (
    booking: { id: string; code: string },
    text: string,
  ) => {
    const filed = await new ApiClient(app.url).post(
      `/bookings/${booking.id}/complaints`,
      { category: "technical", text },
      codeHeader(booking.code, freshIp()),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    return filed.body as { id: string; number: string };
  };
  const cancel = async (booking: { id: string; code: string }) => {
    const cancelled = await new ApiClient(app.url).delete(
      `/bookings/${booking.id}`,
      codeHeader(booking.code, freshIp()),
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  };
  const refuse = async (slot: string, person: Person, note: string) => {
    const issued = await desk.post("/refusals", {
      kind: "admission",
      slotId: slot,
      iin: person.iin,
      fullName: person.fullName,
      reason: "no_id_document",
      note,
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return issued.body as { id: string; number: string };
  };
  const fileAtDesk = async (body: Record<string, unknown>) => {
    const filed = await desk.post("/complaints", {
      category: "admission_refused",
      ...body,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    return filed.body as { id: string; number: string };
  };
  const personOf = (person: Person) => ({
    fullName: person.fullName,
    iin: person.iin,
    phone: person.phone,
    email: person.email,
    notifyBy: "email",
    messageLanguage: "kk",
  });
  const decide = async (id: string, reason: string) => {
    const decided = await reviewer.post(`/complaints/${id}/decision`, {
      outcome: "rejected",
      reason,
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  };

  /** Every hash of the records in question, raw, by key. */
  const records = async () => {
    const keys = (await app.redis.keys("*")).filter((key) =>
      /^(booking|complaint|refusal|message):[^:]+$/.test(key),
    );
    const entries = await Promise.all(
      keys
        .sort()
        .map(async (key) => [key, await app.redis.hgetall(key)] as const),
    );
    return Object.fromEntries(entries);
  };
  /** Every value in Redis outside the audit streams and the job queues. */
  const everything = async () => {
    const parts: string[] = [];
    for (const key of await app.redis.keys("*")) {
      if (/^(audit|bull):/.test(key)) continue;
      const type = await app.redis.type(key);
      if (type === "string") parts.push((await app.redis.get(key)) ?? "");
      if (type === "hash") {
        parts.push(...Object.values(await app.redis.hgetall(key)));
        parts.push(...(await app.redis.hkeys(key)));
      }
      if (type === "list") parts.push(...(await app.redis.lrange(key, 0, -1)));
      if (type === "set") parts.push(...(await app.redis.smembers(key)));
      if (type === "zset") parts.push(...(await app.redis.zrange(key, 0, -1)));
      parts.push(key);
    }
    return parts.join("\n");
  };
  const messagesOf = async (listId: string) =>
    app.redis.lrange(`booking:${listId}:messages`, 0, -1);
  /** The outbox delivers on its own: waits until `count` messages are sent. */
  const allMessagesSent = (count: number) =>
    eventually(async () => {
      const keys = (await app.redis.keys("message:*")).filter(
        (key) => key.split(":").length === 2,
      );
      const states = await Promise.all(
        keys.map((key) => app.redis.hget(key, "state")),
      );
      return keys.length === count && states.every((state) => state === "sent")
        ? true
        : undefined;
    }, 30_000);
  const complaintCounts = async () =>
    (await manager.get(`/analytics/centers/${place.centerId}/compliance`)).body
      .complaints;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-purge-records-"));
    app = await startBookingApp();
    manager = (await signedInStaff(app, "manager")).client;
    desk = (await signedInStaff(app, "administrator")).client;
    reviewer = (await signedInStaff(app, "reviewer")).client;
    place = await createPlace(manager, 6);
    const now = await redisNowMs(app);
    slotId = (
      await createSlot(app, manager, place, {
        startsAt: now + 2 * 24 * 3600_000,
      })
    ).id;
    laterSlotId = (
      await createSlot(app, manager, place, {
        startsAt: now + 30 * 24 * 3600_000,
      })
    ).id;
    // The slot ends within three days: four days ahead, it is old enough.
    before = new Date(now + 4 * 24 * 3600_000).toISOString().slice(0, 10);

    const b1 = await book(candidate);
    ids.b1 = b1.id;
    const c1 = await fileOnStatusPage(
      b1,
      `Мен ${candidate.fullName}, ${candidate.words[1]}; ${candidate.phone}.`,
    );
    ids.c1 = c1.id;
    numbers.c1 = c1.number;
    await decide(c1.id, `${candidate.words[0]} киоскіні ауыстырды.`);
    await cancel(b1);

    const r1 = await refuse(slotId, refused, refused.words[0]!);
    ids.r1 = r1.id;
    numbers.r1 = r1.number;
    const c2 = await fileAtDesk({
      text: `Мен ${refused.fullName}, құжатым болды, ${refused.email}.`,
      refusalNumber: r1.number,
      person: personOf(refused),
    });
    ids.c2 = c2.id;
    numbers.c2 = c2.number;
    await decide(c2.id, `${refused.words[1]} құжатты тексерді.`);

    const c3 = await fileAtDesk({
      category: "technical",
      text: `Кіреберісте ${atCenter.words[0]}, ${atCenter.phone}.`,
      centerId: place.centerId,
      person: personOf(atCenter),
    });
    ids.c3 = c3.id;
    numbers.c3 = c3.number;
    await decide(c3.id, `${atCenter.words[1]} кілтті тапты.`);

    const b2 = await book(waiting);
    ids.b2 = b2.id;
    ids.c5 = (await fileOnStatusPage(b2, `${waiting.words[0]} 10:15-те.`)).id;
    await cancel(b2);

    const r3 = await refuse(slotId, objecting, "");
    ids.r3 = r3.id;
    ids.c4 = (
      await fileAtDesk({
        text: `${objecting.words[0]}, ${objecting.fullName}.`,
        refusalNumber: r3.number,
        person: personOf(objecting),
      })
    ).id;
    ids.r2 = (await refuse(laterSlotId, objecting, "")).id;

    await allMessagesSent(12);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("holds the people's data before the purge (the test's premise)", async () => {
    const text = await everything();
    for (const person of [candidate, refused, atCenter]) {
      for (const trace of [person.fullName, person.email, ...person.words]) {
        expect(text).toContain(trace);
      }
    }
    expect(await messagesOf(ids.c2)).toHaveLength(2);
    expect(await messagesOf(ids.c3)).toHaveLength(2);
  });

  it("reports on a dry run what it would change, and changes nothing", async () => {
    const recordsBefore = await records();
    const report = await purge("--dry-run");
    expect(report).toMatchObject({
      dryRun: true,
      bookings: [ids.b1],
      complaints: [ids.c1, ids.c2, ids.c3].sort(),
      refusals: [ids.r1],
    });
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { bookingId: ids.b2, reason: "complaint_open" },
        { complaintId: ids.c4, reason: "open" },
        { complaintId: ids.c5, reason: "open" },
        { refusalId: ids.r3, reason: "complaint_open" },
      ]),
    );
    expect(report.skipped).toHaveLength(4);
    expect(await records()).toEqual(recordsBefore);
  });

  let recordsBefore: Awaited<ReturnType<typeof records>>;
  let countsBefore: unknown;
  let report: PurgeReport;

  it("leaves no name, IIN, phone, e-mail or text of the purged in Redis", async () => {
    recordsBefore = await records();
    countsBefore = await complaintCounts();
    report = await purge();
    expect(report).toMatchObject({
      dryRun: false,
      bookings: [ids.b1],
      complaints: [ids.c1, ids.c2, ids.c3].sort(),
      refusals: [ids.r1],
    });

    const text = await everything();
    for (const person of [candidate, refused, atCenter]) {
      for (const trace of traces(person)) {
        expect(text, `${person.fullName}: ${trace}`).not.toContain(trace);
      }
    }
    // The complaint keeps its number, category, state, outcome and dates.
    const c1 = await app.redis.hgetall(`complaint:${ids.c1}`);
    expect(c1).toMatchObject({
      number: numbers.c1,
      category: "technical",
      state: "decided",
      outcome: "rejected",
      fullName: "—",
      filedAt: recordsBefore[`complaint:${ids.c1}`]!.filedAt,
      decidedAt: recordsBefore[`complaint:${ids.c1}`]!.decidedAt,
      anonymizedAt: expect.stringMatching(/^\d+$/),
    });
    for (const field of ["iin", "phone", "email", "text", "reason"]) {
      expect(c1, field).not.toHaveProperty(field);
    }
    // The refusal keeps its number, kind, reason and the staff member.
    const r1 = await app.redis.hgetall(`refusal:${ids.r1}`);
    expect(r1).toMatchObject({
      number: numbers.r1,
      kind: "admission",
      reason: "no_id_document",
      fullName: "—",
      staffName: recordsBefore[`refusal:${ids.r1}`]!.staffName,
      issuedAt: recordsBefore[`refusal:${ids.r1}`]!.issuedAt,
      anonymizedAt: expect.stringMatching(/^\d+$/),
    });
    expect(r1).not.toHaveProperty("maskedIin");
    expect(r1).not.toHaveProperty("note");
    expect(await app.redis.hget("refusals:numbers", numbers.r1)).toBe(ids.r1);
    // The messages keep their kind and state; the address and text go.
    const messages = [
      ...(await messagesOf(ids.b1)),
      ...(await messagesOf(ids.c2)),
      ...(await messagesOf(ids.c3)),
    ];
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const id of messages) {
      const message = await app.redis.hgetall(`message:${id}`);
      expect(message).toMatchObject({
        kind: recordsBefore[`message:${id}`]!.kind,
        state: "sent",
      });
      for (const field of ["to", "subject", "text"]) {
        expect(message, field).not.toHaveProperty(field);
      }
    }
  });

  it("keeps the numbers and the counts", async () => {
    expect(await complaintCounts()).toEqual(countsBefore);
    expect(countsBefore).toMatchObject({ received: 5, open: 2, decided: 3 });
    const list = await manager.get("/complaints?state=all");
    expect(list.status).toBe(200);
    const rows = list.body as {
      id: string;
      number: string;
      fullName: string;
    }[];
    expect(rows).toHaveLength(5);
    expect(rows.find((row) => row.id === ids.c2)).toMatchObject({
      number: numbers.c2,
      fullName: "—",
      maskedIin: "",
      refusalNumber: numbers.r1,
    });
    const refusals = await manager.get(`/refusals?slotId=${slotId}`);
    expect(
      (refusals.body as { id: string; number: string; fullName: string }[])
        .map((row) => [row.number, row.fullName])
        .sort(),
    ).toEqual(
      [
        [numbers.r1, "—"],
        [recordsBefore[`refusal:${ids.r3}`]!.number, objecting.fullName],
      ].sort(),
    );
    // The slip reprints under its number, without the person.
    const slip = await manager.get(`/refusals/${ids.r1}/slip.pdf`);
    expect(slip.status).toBe(200);
    const file = path.join(work, "slip.pdf");
    writeFileSync(file, slip.body as Buffer);
    const printed = spawnSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    }).stdout;
    expect(printed).toContain(numbers.r1);
    for (const trace of traces(refused)) {
      expect(printed.replace(/\s+/g, " ")).not.toContain(trace);
    }
  });

  it("keeps an open complaint, its booking and the refusal it names", async () => {
    const after = await records();
    for (const key of [
      `complaint:${ids.c4}`,
      `complaint:${ids.c5}`,
      `booking:${ids.b2}`,
      `refusal:${ids.r3}`,
      `refusal:${ids.r2}`,
    ]) {
      expect(after[key], key).toEqual(recordsBefore[key]);
    }
    expect(after[`complaint:${ids.c5}`]).toMatchObject({
      state: "open",
      fullName: waiting.fullName,
      iin: waiting.iin,
    });
    for (const id of await messagesOf(ids.b2)) {
      expect(after[`message:${id}`]).toEqual(recordsBefore[`message:${id}`]);
    }
  });

  it("audits each record without naming anyone", async () => {
    const slotEntries = await readAudit(app.redis, `slot:${slotId}`, (entry) =>
      /\.anonymized$/.test(entry.action),
    );
    expect(
      slotEntries.map((entry) => `${entry.action} ${entry.subject}`).sort(),
    ).toEqual(
      [
        `booking.anonymized booking:${ids.b1}`,
        `complaint.anonymized complaint:${ids.c1}`,
        `complaint.anonymized complaint:${ids.c2}`,
        `refusal.anonymized refusal:${ids.r1}`,
      ].sort(),
    );
    const centerEntries = await readAudit(
      app.redis,
      `center:${place.centerId}`,
      (entry) => entry.action === "complaint.anonymized",
    );
    expect(centerEntries.map((entry) => entry.subject)).toEqual([
      `complaint:${ids.c3}`,
    ]);
    expect(centerEntries[0]!.data).toMatchObject({
      before,
      number: numbers.c3,
      messages: 2,
    });
    const written = JSON.stringify([...slotEntries, ...centerEntries]);
    for (const person of [candidate, refused, atCenter]) {
      for (const trace of traces(person)) expect(written).not.toContain(trace);
    }
    const network = await readAudit(
      app.redis,
      "network",
      (entry) => entry.action === "retention.purged",
    );
    expect(network.at(-1)!.data).toMatchObject({
      before,
      bookings: 1,
      complaints: 3,
      refusals: 1,
      skipped: 4,
    });
    for (const scope of [
      `slot:${slotId}`,
      `center:${place.centerId}`,
      "network",
    ] as const) {
      expect((await verifyAuditStream(app.redis, scope)).ok, scope).toBe(true);
    }
  });

  it("changes nothing when it runs again", async () => {
    const afterFirst = await records();
    const again = await purge();
    expect(again).toMatchObject({
      bookings: [],
      complaints: [],
      refusals: [],
    });
    expect(again.skipped).toHaveLength(4);
    expect(await records()).toEqual(afterFirst);
  });

  it("purges an open complaint's records once it is decided", async () => {
    await decide(ids.c4, "Тізімде жоқ, бас тарту дұрыс.");
    await decide(ids.c5, "Экран ақауы тіркелмеген.");
    await allMessagesSent(14);
    const report = await purge();
    expect(report).toMatchObject({
      bookings: [ids.b2],
      complaints: [ids.c4, ids.c5].sort(),
      refusals: [ids.r3],
      skipped: [],
    });
    const text = await everything();
    for (const trace of traces(waiting)) expect(text).not.toContain(trace);
    // R2's slot is weeks ahead: its refusal still names the person.
    expect(await app.redis.hget(`refusal:${ids.r2}`, "fullName")).toBe(
      objecting.fullName,
    );
  });
});
