import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryHash } from "../../server/src/modules/audit/chain";
import { checkpointAuditStreams } from "../../server/src/modules/audit/checkpoint";
import {
  auditKeys,
  type AuditScope,
} from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import {
  ANALYTICS_BANKS,
  PLAN,
  runFinishedSlot,
  type FinishedSlot,
} from "../support/analytics";
import { startTestApp, type TestApp } from "../support/app";
import { eventually } from "../support/booking";
import { recordScenario } from "./support/report";

/**
 * Someone with direct Redis access (the embedded Redis had no password)
 * rewrites audit history the thorough way: every later hash and the head
 * recomputed, so the chain is consistent with itself. The signed
 * checkpoints outside Redis must still catch it, and `npm run audit:verify`
 * must name the first bad entry. Each case runs after a forced checkpoint.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

let app: TestApp;
let work: string;
let dataDir: string;
/** Rewrites done, and rewrites audit:verify failed naming the right place. */
let tampered = 0;
let caught = 0;

/** `npm run audit:verify -- <args>` as a real child process: exit code and output. */
async function auditVerify(
  ...args: string[]
): Promise<{ code: number; output: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, REDIS_URL: app.redisUrl };
  try {
    const { stdout, stderr } = await run(
      "npm",
      ["run", "--silent", "audit:verify", "--", ...args],
      { cwd: ROOT, env, timeout: 60_000 },
    );
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

const verifySlot = (slotId: string) =>
  auditVerify("--slot", slotId, "--redis", app.redisUrl);

interface StoredEntry {
  id: string;
  /** Field/value pairs in the order the script wrote them. */
  flat: string[];
}

const field = (entry: StoredEntry, name: string) =>
  entry.flat[entry.flat.indexOf(name) + 1] ?? "";
function setField(entry: StoredEntry, name: string, value: string) {
  entry.flat[entry.flat.indexOf(name) + 1] = value;
}

async function readStream(scope: AuditScope): Promise<StoredEntry[]> {
  return (await app.redis.xrange(auditKeys(scope).stream, "-", "+")).map(
    ([id, flat]) => ({ id, flat: [...flat] }),
  );
}

/**
 * What a careful forger does: rewrite the stream with the same entry ids,
 * every hash recomputed from the first entry on, and the head set to match.
 */
async function rewriteStream(scope: AuditScope, entries: StoredEntry[]) {
  let prev = "0";
  for (const entry of entries) {
    setField(entry, "prev", prev);
    prev = entryHash({
      prev,
      at: field(entry, "at"),
      actor: field(entry, "actor"),
      action: field(entry, "action"),
      subject: field(entry, "subject"),
      data: field(entry, "data"),
    });
    setField(entry, "hash", prev);
  }
  const keys = auditKeys(scope);
  const multi = app.redis.multi().del(keys.stream);
  for (const entry of entries) multi.xadd(keys.stream, entry.id, ...entry.flat);
  await multi.set(keys.head, prev).exec();
  // The forgery is consistent with itself: the chain alone cannot tell.
  expect(await verifyAuditStream(app.redis, scope)).toMatchObject({ ok: true });
}

/** Changes the response of an `answer.saved` entry's data (JSON). */
function editAnswer(data: string): string {
  const parsed = JSON.parse(data) as { response: string[] };
  parsed.response = parsed.response[0] === "a" ? ["b"] : ["a"];
  return JSON.stringify(parsed);
}

/** A slot run through the real routes and kiosk sockets, one candidate, its certificate issued. */
async function finishedSlot(offset: number): Promise<FinishedSlot> {
  const slot = await runFinishedSlot(app, offset, [PLAN[0]!]);
  await eventually(
    async () =>
      (await readStream(`slot:${slot.slotId}`)).some(
        (entry) => field(entry, "action") === "certificate.issued",
      )
        ? true
        : undefined,
    60_000,
  );
  return slot;
}

describe("audit history rewritten with direct Redis access", () => {
  const slots: Record<
    "untouched" | "edited" | "cut" | "headless",
    FinishedSlot
  > = {} as never;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "synaq-tamper-"));
    dataDir = path.join(work, "data");
    app = await startTestApp({
      BANKS_DIR: ANALYTICS_BANKS,
      DATA_DIR: dataDir,
      CERT_OUTPUT_DIR: path.join(work, "output"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "1000",
      // The test forces its checkpoints; the timer must not add any.
      AUDIT_CHECKPOINT_SECONDS: "3600",
    });
    slots.untouched = await finishedSlot(7100);
    slots.edited = await finishedSlot(7200);
    slots.cut = await finishedSlot(7300);
    slots.headless = await finishedSlot(7400);
    const outcome = await checkpointAuditStreams(app.synaq.ctx);
    expect(outcome.refused).toEqual([]);
    expect(outcome.signed.map((checkpoint) => checkpoint.scope)).toEqual(
      expect.arrayContaining([
        "network",
        ...Object.values(slots).flatMap((slot) => [
          `slot:${slot.slotId}`,
          `center:${slot.place.centerId}`,
        ]),
      ]),
    );
  }, 600_000);

  afterAll(async () => {
    recordScenario({
      scenario: "audit history rewritten with direct Redis access",
      acked: 0,
      lost: 0,
      badInputs: tampered,
      serverErrors: 0,
      passed: caught === tampered && tampered === 6,
      notes: `${caught} of ${tampered} rewrites (edit+rehash, tail cut, head deleted, archive edit+rehash, a center's stream, the network stream) caught by audit:verify, named at the first bad entry`,
    });
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("passes an untouched slot and says how much is checkpointed", async () => {
    const result = await verifySlot(slots.untouched.slotId);
    expect(result.output).toMatch(/intact, \d+ entries/);
    expect(result.output).toMatch(
      /\d+ signed checkpoints?, 0 entries since the last/,
    );
    expect(result.code).toBe(0);
  });

  it("(a) fails an answer entry edited with every later hash and the head recomputed, naming it", async () => {
    tampered++;
    const scope = `slot:${slots.edited.slotId}` as const;
    const entries = await readStream(scope);
    const answer = entries.find(
      (entry) => field(entry, "action") === "answer.saved",
    )!;
    setField(answer, "data", editAnswer(field(answer, "data")));
    await rewriteStream(scope, entries);

    const result = await verifySlot(slots.edited.slotId);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`BROKEN at entry ${answer.id}`);
    expect(result.output).toContain("signed in a checkpoint outside Redis");
    caught++;
  });

  it("(b) fails a stream whose last entries were deleted and head reset, naming the first deleted entry", async () => {
    tampered++;
    const scope = `slot:${slots.cut.slotId}` as const;
    const entries = await readStream(scope);
    const removed = entries.slice(-3);
    await app.redis.xdel(
      auditKeys(scope).stream,
      ...removed.map((entry) => entry.id),
    );
    await app.redis.set(auditKeys(scope).head, field(entries.at(-4)!, "hash"));
    expect(await verifyAuditStream(app.redis, scope)).toMatchObject({
      ok: true,
    });

    const result = await verifySlot(slots.cut.slotId);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`BROKEN at entry ${removed[0]!.id}`);
    expect(result.output).toContain("the stream was cut back");
    caught++;
  });

  it("(c) fails a stream whose head key was deleted", async () => {
    tampered++;
    const scope = `slot:${slots.headless.slotId}` as const;
    await app.redis.del(auditKeys(scope).head);

    const result = await verifySlot(slots.headless.slotId);
    expect(result.code).toBe(1);
    expect(result.output).toContain("BROKEN at entry head");
    expect(result.output).toContain(
      `the head key ${auditKeys(scope).head} is missing`,
    );
    caught++;
  });

  it("(d) fails an exported archive edited with its chain and head recomputed, naming the entry", async () => {
    tampered++;
    const response = await slots.untouched.administrator.get(
      `/analytics/slots/${slots.untouched.slotId}/archive.json`,
    );
    expect(response.status).toBe(200);
    const intact = path.join(work, "intact.json");
    writeFileSync(intact, JSON.stringify(response.body));
    const good = await auditVerify("--file", intact);
    expect(good.output).toMatch(/intact, \d+ entries/);
    expect(good.code).toBe(0);

    const archive = response.body as {
      attempts: {
        id: string;
        answers: Record<string, { response: string[] }>;
      }[];
      audit: {
        head: string;
        entries: {
          id: string;
          action: string;
          subject: string;
          data: string;
          at: string;
          actor: string;
          prev: string;
          hash: string;
        }[];
      };
    };
    // The answer changed in the chain and in the attempt, so the two agree.
    const entry = archive.audit.entries.find(
      (candidate) => candidate.action === "answer.saved",
    )!;
    entry.data = editAnswer(entry.data);
    const { itemId, response: edited } = JSON.parse(entry.data) as {
      itemId: string;
      response: string[];
    };
    const attempt = archive.attempts.find(
      (candidate) => entry.subject === `attempt:${candidate.id}`,
    )!;
    if (attempt.answers[itemId]) attempt.answers[itemId].response = edited;
    let prev = "0";
    for (const each of archive.audit.entries) {
      each.prev = prev;
      each.hash = prev = entryHash(each);
    }
    archive.audit.head = prev;
    const forged = path.join(work, "forged.json");
    writeFileSync(forged, JSON.stringify(archive));

    const result = await auditVerify("--file", forged);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`BROKEN at ${entry.id}`);
    caught++;
  });

  it("(e) fails a rewritten center stream (its rooms, seats, kiosks), naming the first bad entry", async () => {
    tampered++;
    const { centerId } = slots.cut.place;
    const scope = `center:${centerId}` as const;
    const entries = await readStream(scope);
    const target = entries.find(
      (entry) => field(entry, "action") === "kiosk.enrolled",
    )!;
    setField(target, "actor", "staff:someone-else:operator");
    await rewriteStream(scope, entries);

    const result = await auditVerify(
      "--center",
      centerId,
      "--redis",
      app.redisUrl,
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(`BROKEN at entry ${target.id}`);
    // Another center's stream is its own chain: untouched, it passes.
    const other = await auditVerify(
      "--center",
      slots.untouched.place.centerId,
      "--redis",
      app.redisUrl,
    );
    expect(other.output).toMatch(/intact, \d+ entries/);
    expect(other.code).toBe(0);
    caught++;
  });

  it("(f) fails a rewritten network stream (logins, accounts, centers), naming the first bad entry", async () => {
    tampered++;
    const entries = await readStream("network");
    const target = entries[Math.floor(entries.length / 2)]!;
    setField(target, "actor", "staff:someone-else:manager");
    await rewriteStream("network", entries);

    const result = await auditVerify("--network", "--redis", app.redisUrl);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`BROKEN at entry ${target.id}`);
    caught++;
  });
});
