import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  anonymizeAuditRecord,
  verifyArchive,
  type SlotArchive,
} from "../../server/src/modules/audit/archive";
import { verifyChain } from "../../server/src/modules/audit/chain";
import {
  anonymizeStreamEntries,
  commitPii,
} from "../../server/src/modules/audit/pii";
import {
  appendAudit,
  auditKeys,
  auditPiiFields,
  auditPiiPurged,
  chainFieldsOf,
  forgetAuditPii,
  readAudit,
  readAuditRaw,
  SALT_POOL_SIZE,
  saltPoolKeys,
  type AuditScope,
} from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { runReconcilerPass } from "../../server/src/modules/reconciler/service";
import { purgePersonalData } from "../../server/src/modules/retention/service";
import { startTestApp, type TestApp } from "../support/app";
import { ENGINE_BANKS, ENGINE_LONG, examRoom } from "../support/appeals";
import {
  bookingBody,
  codeHeader,
  freshIp,
  syntheticIins,
} from "../support/booking";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FULL_NAME = "Әлия Серікқызы Нұрланова";

const [
  first,
  second,
  plain,
  refilled,
  afterPurge,
  gone,
  staying,
  afterPurgeDry,
] = syntheticIins(8, 2600) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

/** The stream as stored: every field of every entry, `pii` included. */
async function rawChain(app: TestApp, scope: AuditScope) {
  const entries = [];
  for await (const raw of readAuditRaw(app.redis, scope))
    entries.push(chainFieldsOf(raw));
  return entries;
}

/** A copy of the stream under another scope, ids kept, one entry changed. */
async function copyStream(
  app: TestApp,
  from: AuditScope,
  to: AuditScope,
  change: (fields: string[]) => string[],
  changedId: string,
) {
  const source = auditKeys(from);
  const target = auditKeys(to);
  for (const [id, fields] of await app.redis.xrange(source.stream, "-", "+"))
    await app.redis.xadd(
      target.stream,
      id,
      ...(id === changedId ? change(fields) : fields),
    );
  await app.redis.set(target.head, (await app.redis.get(source.head)) ?? "");
  await app.redis.set(
    target.piiKey,
    (await app.redis.get(source.piiKey)) ?? "",
  );
}

describe("salted commitments in audit entries", () => {
  let app: TestApp;
  let administrator: ApiClient;
  let room: Awaited<ReturnType<typeof examRoom>>;
  let scope: `slot:${string}`;
  const book = (iin: string) =>
    new ApiClient(app.url).post(
      "/bookings",
      bookingBody(room.slotId, iin, {
        programId: ENGINE_LONG,
        fullName: FULL_NAME,
      }),
      freshIp(),
    );

  beforeAll(async () => {
    app = await startTestApp({
      BANKS_DIR: ENGINE_BANKS,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    // The pool as boot left it, before anything took from it.
    poolAtBoot = await app.redis.llen(saltPoolKeys.pool);
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    administrator = (await signedInStaff(app, "administrator")).client;
    room = await examRoom(app, { manager, operator }, 4);
    scope = `slot:${room.slotId}`;
  });
  afterAll(() => app.stop());
  let poolAtBoot = 0;

  it("fills the salt pool at boot", () => {
    expect(poolAtBoot).toBe(SALT_POOL_SIZE);
    expect(auditPiiFields).toEqual(
      expect.arrayContaining(["iin", "fullName", "phone"]),
    );
  });

  it("writes a booking's and an admission's IIN as a commitment, with the value beside it", async () => {
    const pool = await app.redis.llen(saltPoolKeys.pool);
    expect((await book(first)).status).toBe(201);
    expect((await book(second)).status).toBe(201);
    const admitted = await administrator.post(
      `/slots/${room.slotId}/admissions`,
      { iin: first },
    );
    expect(admitted.status).toBe(201);

    // The scope took one key from the pool, once.
    const key = await app.redis.get(auditKeys(scope).piiKey);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await app.redis.llen(saltPoolKeys.pool)).toBe(pool - 1);

    const chain = await rawChain(app, scope);
    const personal = chain.filter(
      (entry) =>
        entry.action === "booking.created" ||
        entry.action === "attempt.admitted",
    );
    expect(personal.map((entry) => entry.action)).toEqual([
      "booking.created",
      "booking.created",
      "attempt.admitted",
    ]);
    for (const entry of personal) {
      // No IIN in what the hash covers; the values only beside it.
      expect(entry.data).not.toContain(first);
      expect(entry.data).not.toContain(second);
      const data = JSON.parse(entry.data) as Record<string, unknown>;
      const pii = JSON.parse(entry.pii ?? "null") as Record<string, string>;
      expect(Object.keys(pii)).toEqual(["iin"]);
      // Lua and Node apply one rule.
      expect(
        commitPii({ ...data, ...pii }, entry.prev, key!, auditPiiFields).data,
      ).toEqual(data);
    }
    expect(JSON.parse(personal[2]!.pii!)).toEqual({ iin: first });
    // Entries without personal fields stay as they were.
    expect(chain.find((e) => e.action === "slot.created")?.pii).toBe(undefined);

    // Readers see today's shapes: the values are back in the data.
    const read = await readAudit(app.redis, scope, (entry) =>
      ["booking.created", "attempt.admitted"].includes(entry.action),
    );
    expect(read.map((entry) => entry.data.iin)).toEqual([first, second, first]);
    expect(read[2]?.data).toMatchObject({
      bookingId: expect.any(String),
      iin: first,
    });

    expect(await verifyAuditStream(app.redis, scope)).toMatchObject({
      ok: true,
      entries: chain.length,
    });
  });

  it("a changed value is reported by the verifier and npm run audit:verify", async () => {
    const chain = await rawChain(app, scope);
    const target = chain.find((entry) => entry.action === "attempt.admitted")!;
    const forged: AuditScope = `slot:${room.slotId}-forged`;
    await copyStream(
      app,
      scope,
      forged,
      (fields) => {
        const changed = [...fields];
        changed[changed.indexOf("pii") + 1] = JSON.stringify({ iin: second });
        return changed;
      },
      target.id,
    );
    expect(await verifyAuditStream(app.redis, forged)).toMatchObject({
      ok: false,
      brokenAt: target.id,
      reason: expect.stringContaining('personal value "iin"'),
    });
    const cli = spawnSync(
      "npx",
      [
        "tsx",
        "server/src/modules/audit/cli-verify.ts",
        "--slot",
        `${room.slotId}-forged`,
        "--redis",
        app.redisUrl,
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
    );
    expect(cli.status, cli.stderr).toBe(1);
    expect(cli.stdout).toContain(`BROKEN at entry ${target.id}`);
    expect(cli.stdout).toContain("does not match its commitment");
  });

  it("without its values the chain still verifies and no value is left", async () => {
    const chain = await rawChain(app, scope);
    const key = await app.redis.get(auditKeys(scope).piiKey);
    const record: SlotArchive = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      slotId: room.slotId,
      exportedAt: new Date().toISOString(),
      attempts: [],
      audit: {
        scope,
        head: await app.redis.get(auditKeys(scope).head),
        entries: chain,
        piiKey: key,
      },
    };
    expect(verifyArchive(record)).toMatchObject({ ok: true });

    const anonymized = { ...record, audit: anonymizeAuditRecord(record.audit) };
    const text = JSON.stringify(anonymized);
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
    expect(text).not.toContain(key!);
    expect(anonymized.audit.entries.some((entry) => "pii" in entry)).toBe(
      false,
    );
    expect(verifyArchive(anonymized)).toMatchObject({
      ok: true,
      entries: chain.length,
    });
    // A stream dump loses its `pii` fields the same way, and its ids.
    const dumped = anonymizeStreamEntries(
      await app.redis.xrange(auditKeys(scope).stream, "-", "+"),
    );
    expect(JSON.stringify(dumped)).not.toContain(first);
    expect(dumped.map(([id]) => id)).toEqual(chain.map((entry) => entry.id));

    // A value edited in an archive file is caught as it is live.
    const edited = structuredClone(record);
    const admitted = edited.audit.entries.find(
      (entry) => entry.action === "attempt.admitted",
    )!;
    admitted.pii = JSON.stringify({ iin: second });
    expect(verifyArchive(edited)).toMatchObject({
      ok: false,
      brokenAt: admitted.id,
    });
    // Without the key nothing can be checked but the chain.
    expect(verifyChain(edited.audit.entries, edited.audit.head)).toMatchObject({
      ok: true,
    });
  });

  it("with the pool empty, a booking still goes through with its IIN in plain, counted; the pool refills", async () => {
    // A fresh scope needs a key: the second room's slot has none yet.
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const other = await examRoom(app, { manager, operator }, 2);
    const otherScope: AuditScope = `slot:${other.slotId}`;
    await app.redis.del(saltPoolKeys.pool);
    const booked = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(other.slotId, plain, { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(booked.status).toBe(201);
    expect(await app.redis.get(auditKeys(otherScope).piiKey)).toBeNull();
    const [created] = (await rawChain(app, otherScope)).filter(
      (entry) => entry.action === "booking.created",
    );
    expect(JSON.parse(created!.data)).toMatchObject({ iin: plain });
    expect(created!.pii).toBeUndefined();
    expect(Number(await app.redis.get(saltPoolKeys.empty))).toBe(1);
    const metrics = await fetch(`${app.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^synaq_audit_salt_pool_empty_total 1$/m);
    expect(metrics).toMatch(/^synaq_audit_salt_pool_keys 0$/m);

    // The reconciler's pass tops the pool up; the next entry commits.
    const report = await runReconcilerPass(app.synaq.ctx);
    expect(report.skipped).toBe(false);
    expect(await app.redis.llen(saltPoolKeys.pool)).toBe(SALT_POOL_SIZE);
    const next = await new ApiClient(app.url).post(
      "/bookings",
      bookingBody(other.slotId, refilled, { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(next.status).toBe(201);
    const [, committed] = (await rawChain(app, otherScope)).filter(
      (entry) => entry.action === "booking.created",
    );
    expect(JSON.parse(committed!.pii!)).toEqual({ iin: refilled });
    expect(await app.redis.llen(saltPoolKeys.pool)).toBe(SALT_POOL_SIZE - 1);
    expect((await verifyAuditStream(app.redis, otherScope)).ok).toBe(true);
  });

  it("appendAudit from Node commits with a key of its own, not the pool's", async () => {
    const pool = await app.redis.llen(saltPoolKeys.pool);
    const nodeScope = "slot:node-written" as const;
    await appendAudit(app.redis, nodeScope, {
      actor: "system",
      action: "test.personal",
      subject: "test:1",
      data: { iin: first, fullName: FULL_NAME, count: 2, list: [] },
    });
    expect(await app.redis.llen(saltPoolKeys.pool)).toBe(pool);
    const [entry] = await rawChain(app, nodeScope);
    expect(entry!.data).not.toContain(first);
    expect(entry!.data).not.toContain(FULL_NAME);
    expect(JSON.parse(entry!.pii!)).toEqual({
      iin: first,
      fullName: FULL_NAME,
    });
    const [read] = await readAudit(app.redis, nodeScope);
    expect(read!.data).toMatchObject({
      iin: first,
      fullName: FULL_NAME,
      count: 2,
    });
    expect((await verifyAuditStream(app.redis, nodeScope)).ok).toBe(true);
  });

  it("after the purge forgets a scope's key, its chain verifies and new values are not kept", async () => {
    await forgetAuditPii(app.redis, scope);
    expect(await auditPiiPurged(app.redis, scope)).toBe(true);
    expect(await verifyAuditStream(app.redis, scope)).toMatchObject({
      ok: true,
    });
    expect((await book(afterPurge)).status).toBe(201);
    const last = (await rawChain(app, scope)).at(-1)!;
    expect(last.action).toBe("booking.created");
    expect(last.pii).toBeUndefined();
    expect(last.data).not.toContain(afterPurge);
    expect(JSON.parse(last.data).iin).toEqual({
      c: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(await auditPiiPurged(app.redis, scope)).toBe(true);
    expect((await verifyAuditStream(app.redis, scope)).ok).toBe(true);

    // With the pool empty too, a purged scope still keeps no value: an
    // empty commitment stands for it (never the value in plain).
    const pool = await app.redis.lrange(saltPoolKeys.pool, 0, -1);
    await app.redis.del(saltPoolKeys.pool);
    try {
      expect((await book(afterPurgeDry)).status).toBe(201);
      const dry = (await rawChain(app, scope)).at(-1)!;
      expect(dry.action).toBe("booking.created");
      expect(dry.pii).toBeUndefined();
      expect(dry.data).not.toContain(afterPurgeDry);
      expect(JSON.parse(dry.data).iin).toEqual({ c: "" });
      expect((await verifyAuditStream(app.redis, scope)).ok).toBe(true);
    } finally {
      await app.redis.rpush(saltPoolKeys.pool, ...pool);
    }
  });

  it("the retention purge forgets the key of a slot it purged, not of one it kept", async () => {
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const purged = await examRoom(app, { manager, operator }, 1);
    const keptRoom = await examRoom(app, { manager, operator }, 1);
    const public_ = new ApiClient(app.url);
    const cancelled = await public_.post(
      "/bookings",
      bookingBody(purged.slotId, gone, { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(cancelled.status).toBe(201);
    expect(
      (
        await public_.delete(
          `/bookings/${cancelled.body.id}`,
          codeHeader(cancelled.body.code, freshIp()),
        )
      ).status,
    ).toBeLessThan(300);
    const active = await public_.post(
      "/bookings",
      bookingBody(keptRoom.slotId, staying, { programId: ENGINE_LONG }),
      freshIp(),
    );
    expect(active.status).toBe(201);
    const key = await app.redis.get(
      auditKeys(`slot:${keptRoom.slotId}`).piiKey,
    );

    const report = await purgePersonalData(app.redis, {
      before: "2999-01-01",
      dryRun: false,
      outputDir: mkdtempSync(path.join(tmpdir(), "synaq-commitments-")),
      actor: "system:test",
    });
    expect(report.bookings).toContain(cancelled.body.id);
    expect(report.skipped).toContainEqual({
      bookingId: active.body.id,
      reason: "active",
    });
    expect(await auditPiiPurged(app.redis, `slot:${purged.slotId}`)).toBe(true);
    expect(
      await app.redis.get(auditKeys(`slot:${keptRoom.slotId}`).piiKey),
    ).toBe(key);
    expect(
      (await verifyAuditStream(app.redis, `slot:${purged.slotId}`)).ok,
    ).toBe(true);
  });
});
