import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Queue } from "bullmq";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../server/shared/notifications";
import { toLocalTime } from "../../server/shared/time";
import { readAudit } from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { bookingKeys } from "../../server/src/modules/booking/repository";
import { reminderDueAt } from "../../server/src/modules/booking/notify";
import { runReconcilerPass } from "../../server/src/modules/reconciler/service";
import { queueName } from "../../server/src/queues/queue";
import { createRedis } from "../../server/src/redis/connection";
import { startTestApp, type TestApp } from "../support/app";
import {
  ENGINE_BANKS,
  ENGINE_LONG,
  examRoom,
  makeOfficial,
  takeTest,
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
  type Place,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const SMS_TOKEN = "gateway-token-0123456789abcdef";
const iins = syntheticIins(40, 1300);
let nextIin = 0;
const freshIin = () => iins[nextIin++] ?? "";

// ---------------------------------------------------------------------------
// A real SMTP server, and what it received (decoded as a mail client would)

interface Mail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_all, _charset: string, encoding: string, data: string) =>
        encoding.toUpperCase() === "B"
          ? Buffer.from(data, "base64").toString("utf8")
          : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const body = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < body.length; i++) {
    const hex = body.slice(i + 1, i + 3);
    if (body[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(body[i] ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** A single-part text/plain message as nodemailer writes it. */
function parseMail(raw: string): Mail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : body;
  return {
    to: header("To"),
    subject: decodeWords(header("Subject")),
    text: text.replace(/\r\n/g, "\n").replace(/\s+/g, " ").trim(),
    messageId: header("Message-ID"),
  };
}

class MailServer {
  readonly mails: Mail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          this.mails.push(parseMail(Buffer.concat(chunks).toString("utf8")));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(resolve));
  }

  to(address: string): Mail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }
}

// ---------------------------------------------------------------------------
// The center's SMS gateway, as a local HTTP server

interface GatewayCall {
  authorization: string | undefined;
  contentType: string | undefined;
  body: { id: string; phone: string; text: string };
}

class SmsGateway {
  readonly calls: GatewayCall[] = [];
  /** Phones the gateway refuses (503) for now. */
  readonly refusing = new Set<string>();
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = JSON.parse(
          Buffer.concat(chunks).toString("utf8"),
        ) as GatewayCall["body"];
        if (this.refusing.has(body.phone)) {
          res.writeHead(503).end("busy");
          return;
        }
        this.calls.push({
          authorization: req.headers.authorization,
          contentType: req.headers["content-type"],
          body,
        });
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ accepted: body.id }));
      });
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server)
      await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(phone: string): GatewayCall[] {
    return this.calls.filter((call) => call.body.phone === phone);
  }
}

/** Polls a check of what the test servers received. */
const until = <T>(check: () => T | undefined, timeoutMs?: number) =>
  eventually(() => Promise.resolve(check()), timeoutMs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("notifications", () => {
  const mail = new MailServer();
  const gateway = new SmsGateway();
  let app: TestApp;
  let manager: ApiClient;
  let administrator: ApiClient;
  let operator: ApiClient;
  let place: Place;
  let slot: Awaited<ReturnType<typeof createSlot>>;
  const publicClient = () => new ApiClient(`${app.url}`);

  const book = async (
    slotId: string,
    extra: Record<string, unknown>,
  ): Promise<{ id: string; code: string }> => {
    const response = await publicClient().post(
      "/bookings",
      bookingBody(slotId, freshIin(), { programId: ENGINE_LONG, ...extra }),
      freshIp(),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; code: string };
  };
  const statusOf = async (booking: { id: string; code: string }) => {
    const response = await publicClient().get(
      `/bookings/${booking.id}`,
      codeHeader(booking.code, freshIp()),
    );
    expect(response.status).toBe(200);
    return response.body as { status: string; messages: MessageView[] };
  };
  const mailsTo = (address: string) =>
    until(() => {
      const found = mail.to(address);
      return found.length > 0 ? found : undefined;
    }, 15_000);
  /** After the first arrived: nothing more comes (a repeat would be quick). */
  const settle = () => sleep(1_500);

  beforeAll(async () => {
    await mail.start();
    await gateway.start();
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      MAIL_FROM: "Synaq test center <noreply@synaq.test>",
      SMS_WEBHOOK_URL: `http://127.0.0.1:${gateway.port}/sms`,
      SMS_WEBHOOK_TOKEN: SMS_TOKEN,
      NOTIFY_TIMEOUT_MS: "3000",
      NOTIFY_MAX_ATTEMPTS: "6",
      NOTIFY_RETRY_DELAY_MS: "300",
    });
    manager = (await signedInStaff(app, "manager")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    operator = (await signedInStaff(app, "operator")).client;
    place = await createPlace(manager, 20);
    slot = await createSlot(app, manager, place, { programId: ENGINE_LONG });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await mail.stop();
    await gateway.stop();
  });

  describe("booking made", () => {
    it("e-mails the booking once, in the language the candidate reads (kk, ru, en)", async () => {
      const local = toLocalTime(Date.parse(slot.startsAt), "Asia/Almaty");
      const kk = await book(slot.id, {
        language: "kk",
        email: "aigerim@mail.test",
      });
      const ru = await book(slot.id, {
        language: "ru",
        email: "sergey@mail.test",
      });
      const en = await book(slot.id, {
        language: "kk",
        email: "john@mail.test",
        messageLanguage: "en",
      });

      const [kkMail] = await mailsTo("aigerim@mail.test");
      expect(kkMail?.subject).toBe(
        `Тестілеуге жазылдыңыз: ${local.date}, ${local.time}`,
      );
      expect(kkMail?.text).toContain(
        "Сіз «Қозғалтқыш бағдарламасы» тестілеуіне жазылдыңыз",
      );
      expect(kkMail?.text).toContain("Астана тестілеу орталығы");
      expect(kkMail?.text).toContain(`Жазылу коды: ${kk.code}`);
      expect(kkMail?.text).toContain(
        `${app.synaq.ctx.publicUrl}/booking/${kk.id}#${kk.code}`,
      );

      const [ruMail] = await mailsTo("sergey@mail.test");
      expect(ruMail?.subject).toBe(
        `Вы записаны на тестирование: ${local.date}, ${local.time}`,
      );
      expect(ruMail?.text).toContain("«Программа движка»");
      expect(ruMail?.text).toContain("Астанинский центр тестирования");
      expect(ruMail?.text).toContain(`Код записи: ${ru.code}`);

      const [enMail] = await mailsTo("john@mail.test");
      expect(enMail?.subject).toContain("You are booked for the test");
      expect(enMail?.text).toContain("Astana testing center");
      expect(enMail?.text).toContain(`Booking code: ${en.code}`);

      await settle();
      for (const address of [
        "aigerim@mail.test",
        "sergey@mail.test",
        "john@mail.test",
      ]) {
        expect(mail.to(address)).toHaveLength(1);
      }

      // The booking's timeline: sent, the address masked, no text.
      const view = await statusOf(ru);
      expect(view.messages).toEqual([
        expect.objectContaining({
          kind: "booking.made",
          channel: "email",
          language: "ru",
          to: "s***@mail.test",
          state: "sent",
          attempts: 1,
        }),
      ]);
      expect(view.messages[0]).not.toHaveProperty("text");
      expect(ruMail?.messageId).toBe(`<${view.messages[0]?.id}@synaq>`);

      // Redis never keeps the code once the message is delivered.
      const stored = await app.redis.hgetall(`message:${view.messages[0]?.id}`);
      expect(JSON.stringify(stored)).not.toContain(ru.code);
      expect(stored.text).toContain("Код записи: •••");
    });

    it("sends an SMS through the gateway with the bearer token and JSON {id, phone, text}", async () => {
      const booking = await book(slot.id, {
        language: "ru",
        phone: "8 (701) 555-12-34",
      });
      const call = await until(() => gateway.to("+77015551234")[0]);
      expect(call.authorization).toBe(`Bearer ${SMS_TOKEN}`);
      expect(call.contentType).toBe("application/json");
      expect(Object.keys(call.body).sort()).toEqual(["id", "phone", "text"]);
      expect(call.body.text).toContain("Вы записаны на тестирование");
      expect(call.body.text).toContain(booking.code);

      await settle();
      expect(gateway.to("+77015551234")).toHaveLength(1);
      const view = await statusOf(booking);
      expect(view.messages[0]).toMatchObject({
        id: call.body.id,
        channel: "sms",
        state: "sent",
        to: "8 *** *** 12 34",
      });
    });

    it("is retried while the mail server is down, and arrives once it is back", async () => {
      const port = mail.port;
      await mail.stop();
      const booking = await book(slot.id, {
        language: "ru",
        email: "late@mail.test",
      });
      // The booking is made; its message waits, with the attempts counted.
      const waiting = await eventually(async () => {
        const [message] = (await statusOf(booking)).messages;
        return message && message.attempts >= 1 ? message : undefined;
      });
      expect(waiting).toMatchObject({ kind: "booking.made", state: "queued" });
      const outbox = await administrator.get("/notifications?state=queued");
      expect(outbox.status).toBe(200);
      const seen = (outbox.body.messages as MessageView[]).find(
        (message) => message.id === waiting.id,
      );
      expect(seen?.to).toBe("late@mail.test");
      expect(seen?.error).toMatch(/ECONNREFUSED|connect/i);

      await mail.start(port);
      const [arrived] = await mailsTo("late@mail.test");
      expect(arrived?.text).toContain(booking.code);
      await eventually(async () =>
        (await statusOf(booking)).messages[0]?.state === "sent"
          ? true
          : undefined,
      );
      await settle();
      expect(mail.to("late@mail.test")).toHaveLength(1);

      const audit = await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (entry) => entry.data.messageId === waiting.id,
      );
      expect(audit.map((entry) => entry.action)).toEqual([
        "message.queued",
        "message.sent",
      ]);
      expect((await verifyAuditStream(app.redis, `slot:${slot.id}`)).ok).toBe(
        true,
      );
    }, 40_000);

    it("fails after the last attempt, and a staff retry delivers it", async () => {
      gateway.refusing.add("+77015550000");
      const booking = await book(slot.id, {
        language: "kk",
        phone: "+7 701 555 00 00",
      });
      const failed = await eventually(async () => {
        const [message] = (await statusOf(booking)).messages;
        return message?.state === "failed" ? message : undefined;
      }, 30_000);
      expect(failed.attempts).toBe(6);
      expect(failed.failedAt).toBeDefined();
      const audit = await readAudit(
        app.redis,
        `slot:${slot.id}`,
        (entry) => entry.data.messageId === failed.id,
      );
      expect(audit.map((entry) => entry.action)).toEqual([
        "message.queued",
        "message.failed",
      ]);
      const listed = await operator.get("/notifications?state=failed");
      expect(
        (listed.body.messages as MessageView[]).find((m) => m.id === failed.id),
      ).toMatchObject({ error: "the SMS gateway answered 503" });

      gateway.refusing.delete("+77015550000");
      const retried = await operator.post(
        `/notifications/${failed.id}/retry`,
        {},
        { "Idempotency-Key": crypto.randomUUID() },
      );
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: failed.id, state: "queued" });
      await until(() => gateway.to("+77015550000")[0]);
      await eventually(async () =>
        (await statusOf(booking)).messages[0]?.state === "sent"
          ? true
          : undefined,
      );
      // Retrying a sent message changes nothing.
      const again = await operator.post(
        `/notifications/${failed.id}/retry`,
        {},
        { "Idempotency-Key": crypto.randomUUID() },
      );
      expect(again.body).toMatchObject({ state: "sent" });
      await settle();
      expect(gateway.to("+77015550000")).toHaveLength(1);
      expect(
        (
          await readAudit(
            app.redis,
            `slot:${slot.id}`,
            (entry) => entry.data.messageId === failed.id,
          )
        ).map((entry) => entry.action),
      ).toEqual([
        "message.queued",
        "message.failed",
        "message.retried",
        "message.sent",
      ]);
    }, 60_000);
  });

  it("sends a message whose job was lost at the reconciler's next pass, once", async () => {
    gateway.refusing.add("+77015550001");
    const booking = await book(slot.id, {
      language: "ru",
      phone: "+7 701 555 00 01",
    });
    const [queued] = (await statusOf(booking)).messages;
    expect(queued?.state).toBe("queued");
    // The process died between writing the message and adding its job: the
    // job is gone, the message still says queued (a minute ago and more).
    const connection = createRedis(app.redisUrl, "blocking");
    const queue = new Queue(queueName("notification.send"), { connection });
    try {
      await eventually(async () => {
        const job = await queue.getJob(`notification-${queued?.id}`);
        if (!job) return true;
        if ((await job.getState()) !== "delayed") return undefined;
        return job.remove().then(
          () => true,
          () => undefined,
        );
      });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    gateway.refusing.delete("+77015550001");
    // Nothing else sends it (the reconciler leaves a message younger than a
    // minute to its job).
    await sleep(1_500);
    expect(gateway.to("+77015550001")).toHaveLength(0);

    const earlier = (await redisNowMs(app)) - 120_000;
    await app.redis.hset(`message:${queued?.id}`, "queuedAt", earlier);
    await app.redis.zadd("outbox:messages", earlier, queued?.id ?? "");
    const report = await eventually(async () => {
      const pass = await runReconcilerPass(app.synaq.ctx);
      return pass.skipped ? undefined : pass;
    });
    // This pass found it, unless the worker's own minutely pass did first.
    expect(report.messages.filter((id) => id !== queued?.id)).toEqual([]);
    await until(() => gateway.to("+77015550001")[0]);
    expect((await runReconcilerPass(app.synaq.ctx)).messages).toEqual([]);
    await settle();
    expect(gateway.to("+77015550001")).toHaveLength(1);
    expect((await statusOf(booking)).messages[0]?.state).toBe("sent");
  }, 40_000);

  it("tells a candidate who cancelled that their code did it", async () => {
    const booking = await book(slot.id, {
      language: "ru",
      email: "cancel@mail.test",
    });
    await mailsTo("cancel@mail.test");
    const cancelled = await publicClient().delete(
      `/bookings/${booking.id}`,
      codeHeader(booking.code, freshIp()),
    );
    expect(cancelled.status).toBe(200);
    const mails = await until(() =>
      mail.to("cancel@mail.test").length >= 2
        ? mail.to("cancel@mail.test")
        : undefined,
    );
    expect(mails[1]?.subject).toContain("Запись отменена");
    expect(mails[1]?.text).toContain("Запись отменена с вашим кодом");
    expect(mails[1]?.text).not.toContain(booking.code);
  });

  it("tells a candidate recorded as a no-show how to complain", async () => {
    const now = await redisNowMs(app);
    const soon = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
      startsAt: now + 3_000,
      bookingCutoffAt: now + 3_000,
      lateAdmissionCutoffAt: now + 4_000,
    });
    const booking = await book(soon.id, {
      language: "kk",
      email: "absent@mail.test",
      messageLanguage: "ru",
    });
    const mails = await until(() =>
      mail.to("absent@mail.test").length >= 2
        ? mail.to("absent@mail.test")
        : undefined,
    );
    expect(mails[1]?.subject).toBe("Отмечена неявка на тестирование");
    expect(mails[1]?.text).toContain("подайте жалобу на странице записи");
    expect(mails[1]?.text).toContain(
      `${app.synaq.ctx.publicUrl}/booking/${booking.id}`,
    );
    // No reminder: the slot started before its evening came.
    expect((await statusOf(booking)).messages.map((m) => m.kind)).toEqual([
      "booking.made",
      "booking.no_show",
    ]);
  });

  it("reminds the evening before, only a booking still booked on that slot", async () => {
    const later = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
    });
    const kept = await book(later.id, {
      language: "ru",
      email: "remind@mail.test",
    });
    const dropped = await book(later.id, {
      language: "ru",
      email: "dropped@mail.test",
    });
    await publicClient().delete(
      `/bookings/${dropped.id}`,
      codeHeader(dropped.code, freshIp()),
    );

    const connection = createRedis(app.redisUrl, "blocking");
    const queue = new Queue(queueName("booking.remind"), { connection });
    try {
      const job = await queue.getJob(`remind-${kept.id}-${later.id}`);
      expect(await job?.getState()).toBe("delayed");
      const dueAt = (job?.timestamp ?? 0) + (job?.delay ?? 0);
      const expected = reminderDueAt(Date.parse(later.startsAt), "Asia/Almaty");
      expect(Math.abs(dueAt - expected)).toBeLessThan(5_000);
      const evening = toLocalTime(expected, "Asia/Almaty");
      expect(evening.time).toBe("18:00");
      expect(Date.parse(later.startsAt) - expected).toBeLessThan(
        2 * 24 * 3600_000,
      );

      // The evening comes.
      await job?.promote();
      await (await queue.getJob(`remind-${dropped.id}-${later.id}`))?.promote();
      const mails = await until(() =>
        mail.to("remind@mail.test").length >= 2
          ? mail.to("remind@mail.test")
          : undefined,
      );
      const local = toLocalTime(Date.parse(later.startsAt), "Asia/Almaty");
      expect(mails[1]?.subject).toContain("Завтра тестирование");
      expect(mails[1]?.text).toContain(
        `Напоминаем: завтра, ${local.date}, в ${local.time}`,
      );
      await settle();
      expect(
        mail.to("dropped@mail.test").map((m) => m.subject.split(":")[0]),
      ).toEqual(["Вы записаны на тестирование", "Запись отменена"]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it("tells the candidate the result is ready, with the document's number and verification link", async () => {
    const room = await examRoom(app, { manager, operator }, 1);
    const candidate = await takeTest(app, room, administrator, {
      iin: freshIin(),
      fullName: "Дана Ержанқызы Сапарова",
    });
    // As booked with an e-mail (the support's booking gives none).
    await app.redis.hset(bookingKeys.booking(candidate.bookingId), {
      email: "result@mail.test",
      notifyBy: "email",
      messageLanguage: "ru",
    });
    const number = await makeOfficial(
      app,
      { administrator, operator },
      candidate.attemptId,
    );
    const [ready] = await mailsTo("result@mail.test");
    expect(ready?.subject).toBe("Результат тестирования готов");
    expect(ready?.text).toContain(`№ ${number}`);
    expect(ready?.text).toContain(
      `${app.synaq.ctx.publicUrl}/verify/${number}`,
    );
    await settle();
    expect(mail.to("result@mail.test")).toHaveLength(1);
  }, 90_000);
});

describe("notifications without SMTP or an SMS gateway", () => {
  let app: TestApp;
  let manager: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    manager = (await signedInStaff(app, "manager")).client;
  }, 60_000);
  afterAll(() => app?.stop());

  it("keeps each message in the console's outbox, for the center's staff only", async () => {
    const place = await createPlace(manager, 5);
    const other = await createPlace(manager, 5);
    const slot = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
    });
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, freshIin(), {
        programId: ENGINE_LONG,
        email: "demo@mail.test",
        phone: "+77010000001",
        notifyBy: "sms",
      }),
      freshIp(),
    );
    expect(booked.status).toBe(201);

    const here = (
      await signedInStaff(app, "administrator", undefined, {
        kind: "centers",
        centerIds: [place.centerId],
      })
    ).client;
    const elsewhere = (
      await signedInStaff(app, "administrator", undefined, {
        kind: "centers",
        centerIds: [other.centerId],
      })
    ).client;

    const message = await eventually(async () => {
      const listed = await here.get("/notifications?limit=10");
      expect(listed.status).toBe(200);
      const found = (listed.body.messages as MessageView[]).find(
        (m) => m.bookingId === booked.body.id,
      );
      return found?.state === "sent" ? found : undefined;
    });
    expect(message).toMatchObject({
      kind: "booking.made",
      channel: "outbox",
      to: "+77010000001",
      language: "kk",
    });
    expect(message.text).toContain("Жазылу коды: •••");
    expect(message.text).not.toContain(booked.body.code);

    const hidden = await elsewhere.get("/notifications");
    expect(
      (hidden.body.messages as MessageView[]).some(
        (m) => m.bookingId === booked.body.id,
      ),
    ).toBe(false);
    expect(
      (await elsewhere.post(`/notifications/${message.id}/retry`, {})).status,
    ).toBe(403);
    expect((await new ApiClient(app.url).get("/notifications")).status).toBe(
      401,
    );

    const view = await new ApiClient(app.url).get(
      `/bookings/${booked.body.id}`,
      codeHeader(booked.body.code, freshIp()),
    );
    expect(view.body.messages).toEqual([
      expect.objectContaining({
        channel: "outbox",
        state: "sent",
        to: "+7 *** *** 00 01",
      }),
    ]);
  });

  it("refuses a channel without its address, and books without messages when none is wanted", async () => {
    const place = await createPlace(manager, 5);
    const slot = await createSlot(app, manager, place, {
      programId: ENGINE_LONG,
    });
    const refused = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, freshIin(), {
        programId: ENGINE_LONG,
        notifyBy: "email",
      }),
      freshIp(),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.id).toBe("email_required");

    const quiet = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(slot.id, freshIin(), { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(quiet.status).toBe(201);
    const view = await new ApiClient(app.url).get(
      `/bookings/${quiet.body.id}`,
      codeHeader(quiet.body.code, freshIp()),
    );
    expect(view.body.messages).toEqual([]);
  });
});
