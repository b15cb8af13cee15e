import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffScope } from "../../server/shared/accounts";
import { entryHash } from "../../server/src/modules/audit/chain";
import { checkpointAuditStreams } from "../../server/src/modules/audit/checkpoint";
import {
  appendAudit,
  auditKeys,
  readAudit,
  type AuditEntry,
  type AuditScope,
  type AuditWriteScope,
} from "../../server/src/modules/audit/repository";
import { verifyAuditStream } from "../../server/src/modules/audit/service";
import { startTestApp, type TestApp } from "../support/app";
import { createPlace, type Place } from "../support/booking";
import { ApiClient } from "../support/http";
import { enrollKiosk } from "../support/kiosk";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The app's and the command's DATA_DIR (checkpoints, keys): the test's own. */
const work = mkdtempSync(path.join(tmpdir(), "synaq-audit-centers-"));
const dataDir = path.join(work, "data");

/** `npm run audit:verify -- <args>` as a child process, as an operator runs it. */
function auditVerify(redisUrl: string, ...args: string[]) {
  return spawnSync(
    "npx",
    [
      "tsx",
      "server/src/modules/audit/cli-verify.ts",
      ...args,
      "--redis",
      redisUrl,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

const only = (centerId: string): StaffScope => ({
  kind: "centers",
  centerIds: [centerId],
});

/**
 * Two centers, A and B: what happens in a center is audited in that
 * center's stream (`audit:center:<id>`), what belongs to no one center in
 * the network's (`audit:network`); the stream of installations before
 * (`audit:system`) gets nothing new.
 */
describe("audit streams per center and for the network", () => {
  let app: TestApp;
  let networkManager: Awaited<ReturnType<typeof signedInStaff>>;
  let placeA: Place;
  let placeB: Place;
  let operatorA: ApiClient;
  let adminA: Awaited<ReturnType<typeof signedInStaff>>;

  const streamOf = (
    scope: AuditScope,
    filter: (entry: AuditEntry) => boolean,
  ) => readAudit(app.redis, scope, filter);
  const centerA = () => `center:${placeA.centerId}` as const;
  const centerB = () => `center:${placeB.centerId}` as const;

  /** `count` entries of a test's own to a scope's stream, one at a time. */
  const appendEntries = async (
    scope: AuditWriteScope,
    action: string,
    count: number,
  ) => {
    for (let n = 0; n < count; n++) {
      await appendAudit(app.redis, scope, {
        actor: "system:test",
        action,
        subject: "test",
        data: { n },
      });
    }
  };

  beforeAll(async () => {
    app = await startTestApp({
      DATA_DIR: dataDir,
      // The test signs its checkpoints itself.
      AUDIT_CHECKPOINT_SECONDS: "3600",
    });
    networkManager = await signedInStaff(app, "network-manager");
    placeA = await createPlace(networkManager.client, 2);
    placeB = await createPlace(networkManager.client, 2);
    operatorA = (
      await signedInStaff(app, "operator", undefined, only(placeA.centerId))
    ).client;
    adminA = await signedInStaff(
      app,
      "administrator",
      undefined,
      only(placeA.centerId),
    );
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes a kiosk's enrollment and revocation to its center's stream only", async () => {
    const { kiosk } = await enrollKiosk(app.url, operatorA, placeA.seatIds[0]!);
    expect((await operatorA.post(`/kiosks/${kiosk.id}/revoke`)).status).toBe(
      200,
    );
    const aboutKiosk = (entry: AuditEntry) =>
      entry.subject === `kiosk:${kiosk.id}`;
    expect(
      (await streamOf(centerA(), aboutKiosk)).map((entry) => entry.action),
    ).toEqual(["kiosk.enrolled", "kiosk.revoked"]);
    expect(await streamOf(centerB(), aboutKiosk)).toEqual([]);
    expect(await streamOf("network", aboutKiosk)).toEqual([]);
  });

  it("writes a center's opening to the network's stream, its rooms and seats to its own", async () => {
    const opened = await streamOf(
      "network",
      (entry) => entry.action === "center.created",
    );
    expect(opened.map((entry) => entry.subject)).toEqual(
      expect.arrayContaining([
        `center:${placeA.centerId}`,
        `center:${placeB.centerId}`,
      ]),
    );
    const ownA = await streamOf(centerA(), () => true);
    expect(ownA.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["room.created", "seats.created"]),
    );
    expect(ownA.map((entry) => entry.subject)).toContain(
      `room:${placeA.roomId}`,
    );
    expect(
      await streamOf(
        centerB(),
        (entry) => entry.subject === `room:${placeA.roomId}`,
      ),
    ).toEqual([]);
  });

  it("writes a network account's sign-in to the network's stream, a center account's to its center's", async () => {
    const signIn = (accountId: string) => (entry: AuditEntry) =>
      entry.action === "login" && entry.subject === `account:${accountId}`;
    expect(
      await streamOf("network", signIn(networkManager.account.id)),
    ).toHaveLength(1);
    expect(
      await streamOf(centerA(), signIn(networkManager.account.id)),
    ).toEqual([]);
    expect(await streamOf(centerA(), signIn(adminA.account.id))).toHaveLength(
      1,
    );
    expect(await streamOf("network", signIn(adminA.account.id))).toEqual([]);
  });

  it("writes an account made for one center to that center's stream, one for two centers to the network's", async () => {
    const create = (username: string, scope: StaffScope) =>
      networkManager.client.post("/accounts", {
        username,
        fullName: username,
        role: "operator",
        password: "a-long-enough-passphrase-2026",
        scope,
      });
    const hall = await create("hall-a", only(placeA.centerId));
    expect(hall.status).toBe(201);
    const region = await create("region-ab", {
      kind: "centers",
      centerIds: [placeA.centerId, placeB.centerId],
    });
    expect(region.status).toBe(201);
    const made = (accountId: string) => (entry: AuditEntry) =>
      entry.action === "account.created" &&
      entry.subject === `account:${accountId}`;
    expect(
      await streamOf(centerA(), made(hall.body.id as string)),
    ).toHaveLength(1);
    expect(await streamOf("network", made(hall.body.id as string))).toEqual([]);
    expect(
      await streamOf("network", made(region.body.id as string)),
    ).toHaveLength(1);
    expect(await streamOf(centerA(), made(region.body.id as string))).toEqual(
      [],
    );
    expect(await streamOf(centerB(), made(region.body.id as string))).toEqual(
      [],
    );
  });

  it("writes a wrong password to the account's center's stream, an unknown username to the network's", async () => {
    const login = (username: string) =>
      new ApiClient(app.url).post("/auth/login", {
        username,
        password: "not-the-password-at-all",
      });
    expect((await login(adminA.account.username)).status).toBe(401);
    expect((await login("nobody-here")).status).toBe(401);
    const failed = (username: string) => (entry: AuditEntry) =>
      entry.action === "login.failed" &&
      entry.subject === `username:${username}`;
    expect(
      await streamOf(centerA(), failed(adminA.account.username)),
    ).toHaveLength(1);
    expect(await streamOf("network", failed(adminA.account.username))).toEqual(
      [],
    );
    expect(await streamOf("network", failed("nobody-here"))).toHaveLength(1);
  });

  it("writes an out-of-scope refusal of A's administrator to A's stream", async () => {
    const refused = await adminA.client.get(
      `/centers/${placeB.centerId}/rooms`,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("out_of_scope");
    const byAdminA = (entry: AuditEntry) =>
      entry.action === "access.refused" &&
      entry.actor === `staff:${adminA.account.id}:administrator`;
    expect(await streamOf(centerA(), byAdminA)).toEqual([
      expect.objectContaining({
        subject: `GET /api/v1/centers/${placeB.centerId}/rooms`,
        data: { error: "out_of_scope" },
      }),
    ]);
    expect(await streamOf(centerB(), byAdminA)).toEqual([]);
    expect(await streamOf("network", byAdminA)).toEqual([]);
  });

  it("writes nothing new to the system stream of installations before", async () => {
    expect(await app.redis.xlen("audit:system")).toBe(0);
    const legacy = auditVerify(app.redisUrl, "--system");
    expect(legacy.status, legacy.stderr).toBe(0);
    expect(legacy.stdout).toContain("audit system: intact, 0 entries");
  });

  it("signs a stream up to the head it read while entries keep being appended", async () => {
    let appending = true;
    let appended = 0;
    const writer = (async () => {
      while (appending) {
        await appendAudit(app.redis, "network", {
          actor: "system:test",
          action: "test.busy",
          subject: "test",
          data: { n: appended++ },
        });
      }
    })();
    try {
      for (let round = 0; round < 10; round++) {
        const outcome = await checkpointAuditStreams(app.synaq.ctx, {
          scopes: ["network"],
        });
        expect(outcome.refused).toEqual([]);
      }
    } finally {
      appending = false;
      await writer;
    }
    expect(appended).toBeGreaterThan(10);
  });

  it("npm run audit:verify -- --center and --network pass signed streams and name an edited entry", async () => {
    const outcome = await checkpointAuditStreams(app.synaq.ctx);
    expect(outcome.refused).toEqual([]);
    expect(outcome.signed.map((checkpoint) => checkpoint.scope)).toEqual(
      expect.arrayContaining([centerA(), centerB(), "network"]),
    );
    const intact = auditVerify(app.redisUrl, "--center", placeA.centerId);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(
      new RegExp(
        `audit center:${placeA.centerId}: intact, \\d+ entries.*1 signed checkpoints?, 0 entries since the last`,
      ),
    );
    const network = auditVerify(app.redisUrl, "--network");
    expect(network.status, network.stderr).toBe(0);
    expect(network.stdout).toMatch(/audit network: intact, \d+ entries/);

    // Someone with Redis access blames A's refusal on another account and
    // recomputes every later hash and the head: the chain agrees with itself.
    const { stream, head } = auditKeys(centerA());
    const entries = await app.redis.xrange(stream, "-", "+");
    const index = entries.findIndex(([, flat]) =>
      flat.includes("access.refused"),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const [editedId, editedFlat] = entries[index]!;
    editedFlat[editedFlat.indexOf("actor") + 1] = "staff:someone-else:manager";
    const rewrite = app.redis.multi().del(stream);
    let prev = "0";
    for (const [id, flat] of entries) {
      const value = (name: string) => flat[flat.indexOf(name) + 1] ?? "";
      flat[flat.indexOf("prev") + 1] = prev;
      prev = entryHash({
        prev,
        at: value("at"),
        actor: value("actor"),
        action: value("action"),
        subject: value("subject"),
        data: value("data"),
      });
      flat[flat.indexOf("hash") + 1] = prev;
      rewrite.xadd(stream, id, ...flat);
    }
    await rewrite.set(head, prev).exec();
    expect((await verifyAuditStream(app.redis, centerA())).ok).toBe(true);

    const broken = auditVerify(app.redisUrl, "--center", placeA.centerId);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at entry ${editedId}`);
    expect(broken.stdout).toContain("signed in a checkpoint outside Redis");
    // B's stream is a chain of its own: still intact.
    const other = auditVerify(app.redisUrl, "--center", placeB.centerId);
    expect(other.status, other.stderr).toBe(0);
  }, 120_000);

  it("checks a stream of many pages entry by entry, and refuses one with an entry edited on a later page", async () => {
    // The checkpointer reads and checks a page of entries at a time, keeping
    // only ids and hashes: every page must be checked, not just the first.
    const scope: AuditScope = "slot:checkpoint-pages";
    const { stream, head } = auditKeys(scope);
    const append = (count: number) => appendEntries(scope, "test.page", count);
    await append(620);
    const [first] = (
      await checkpointAuditStreams(app.synaq.ctx, { scopes: [scope] })
    ).signed;
    const entries = await app.redis.xrange(stream, "-", "+");
    expect(first).toMatchObject({
      scope,
      count: 620,
      entryId: entries.at(-1)![0],
      hash: await app.redis.get(head),
    });

    // 620 more, one of them (on the checkpointer's third page) edited in
    // place: its hash no longer matches it, though every link still holds.
    await append(620);
    const added = (await app.redis.xrange(stream, "-", "+")).slice(620);
    const [editedId, editedFlat] = added[555]!;
    editedFlat[editedFlat.indexOf("data") + 1] = JSON.stringify({ n: -1 });
    // XDEL leaves the stream's last id: re-adding the same ids needs it set back.
    const rewrite = app.redis
      .multi()
      .xdel(stream, ...added.map(([id]) => id))
      .xsetid(stream, entries.at(-1)![0]);
    for (const [id, flat] of added) rewrite.xadd(stream, id, ...flat);
    await rewrite.exec();
    expect((await app.redis.xrange(stream, editedId, editedId))[0]![1]).toEqual(
      editedFlat,
    );
    const outcome = await checkpointAuditStreams(app.synaq.ctx, {
      scopes: [scope],
    });
    expect(outcome.signed).toEqual([]);
    expect(outcome.refused).toEqual([
      {
        scope,
        reason:
          "the entries since the last checkpoint do not chain up to the head",
      },
    ]);
  });

  it("refuses a head the stream does not reach, and an entry gone from the middle", async () => {
    // What the checkpointer checks before it signs: the entries continue
    // the last checkpoint, link one to the next, and end at the head.
    const scope: AuditScope = "slot:checkpoint-links";
    const { stream, head } = auditKeys(scope);
    const append = (count: number) => appendEntries(scope, "test.link", count);
    const checkpoint = () =>
      checkpointAuditStreams(app.synaq.ctx, { scopes: [scope] });
    const refused = [
      {
        scope,
        reason:
          "the entries since the last checkpoint do not chain up to the head",
      },
    ];
    await append(300);
    expect((await checkpoint()).signed).toMatchObject([{ scope, count: 300 }]);

    // A head no entry has: every entry checks, the stream ends first.
    await append(20);
    const realHead = (await app.redis.get(head))!;
    await app.redis.set(head, "f".repeat(40));
    expect(await checkpoint()).toEqual({ signed: [], refused });

    // The real head again, but an entry deleted on the way to it: the one
    // after it no longer links.
    await app.redis.set(head, realHead);
    const added = (await app.redis.xrange(stream, "-", "+")).slice(300);
    await app.redis.xdel(stream, added[7]![0]);
    expect(await checkpoint()).toEqual({ signed: [], refused });
  });

  it("refuses more than one stream at a time", () => {
    const both = auditVerify(app.redisUrl, "--network", "--center", "x");
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--center <centerId>");
  });
});
