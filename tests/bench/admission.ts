import path from "node:path";
import { pathToFileURL } from "node:url";
import { NETWORK_SCOPE } from "../../server/shared/accounts";
import type { StaffPrincipal } from "../../server/src/http/route";
import { admitCandidate } from "../../server/src/modules/attempts/admission";
import { startTestApp } from "../support/app";
import { redisNowMs, syntheticIins } from "../support/booking";
import type { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

export interface AdmissionBench {
  /** p99 of one admission without a chosen seat, in ms. */
  admissionP99Ms: number;
  /** Its median, for comparison. */
  admissionP50Ms: number;
  admissions: number;
  /** Enrolled seats of the one room. */
  seats: number;
}

const ENGINE_BANKS = path.resolve(
  import.meta.dirname,
  "../fixtures/engine-banks",
);
const PROGRAM = "engine-long";
/** The API's limits: seats and roster rows per request. */
const SEATS_PER_REQUEST = 500;
const ROSTER_ROWS_PER_IMPORT = 500;
const HTTP_CONCURRENCY = 16;

function expectStatus(
  reply: { status: number; body: unknown },
  status: number,
  what: string,
) {
  if (reply.status !== status)
    throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Every booked candidate's roster import, `ROSTER_ROWS_PER_IMPORT` at a time. */
async function importRoster(
  manager: ApiClient,
  slotId: string,
  iins: readonly string[],
) {
  for (let start = 0; start < iins.length; start += ROSTER_ROWS_PER_IMPORT) {
    const rows = iins
      .slice(start, start + ROSTER_ROWS_PER_IMPORT)
      .map((iin, i) => `${iin},Кандидат Бенчмарк ${start + i},kk`);
    const accepted = await manager.post(`/slots/${slotId}/roster-imports`, {
      csv: rows.join("\n"),
    });
    expectStatus(accepted, 202, "roster import");
    for (;;) {
      const report = await manager.get(
        `/roster-imports/${accepted.body.importId}`,
      );
      if (report.body.status === "done") {
        if (report.body.imported !== rows.length)
          throw new Error(`roster import: ${JSON.stringify(report.body)}`);
        break;
      }
      if (report.body.status !== "queued")
        throw new Error(`roster import: ${JSON.stringify(report.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Admission at the door of a full hall: one room of `seats` seats, each
 * with an enrolled kiosk, one slot booked to the last seat, then every
 * candidate admitted one after another without a chosen seat (the server
 * picks the first free one) through the admission service itself, each
 * admission timed. Against the app's own private redis-server.
 */
export async function benchAdmission(opts: {
  quick: boolean;
}): Promise<AdmissionBench> {
  const seats = opts.quick ? 300 : 2_000;
  const app = await startTestApp({
    BANKS_DIR: ENGINE_BANKS,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
  });
  try {
    const manager = (await signedInStaff(app, "manager")).client;
    const operator = (await signedInStaff(app, "operator")).client;
    const { account } = await signedInStaff(app, "administrator");
    const center = await manager.post("/centers", {
      name: { kk: "Бенчмарк", ru: "Бенчмарк", en: "Benchmark center" },
      address: { kk: "Астана қ.", ru: "г. Астана", en: "Astana" },
    });
    expectStatus(center, 201, "center");
    const room = await manager.post(`/centers/${center.body.id}/rooms`, {
      name: "Зал 1",
    });
    expectStatus(room, 201, "room");
    const seatIds: string[] = [];
    for (let from = 1; from <= seats; from += SEATS_PER_REQUEST) {
      const created = await manager.post(`/rooms/${room.body.id}/seats`, {
        prefix: "A",
        from,
        to: Math.min(seats, from + SEATS_PER_REQUEST - 1),
      });
      expectStatus(created, 201, "seats");
      seatIds.push(...created.body.map((seat: { id: string }) => seat.id));
    }
    const now = await redisNowMs(app);
    const slot = await manager.post("/slots", {
      roomId: room.body.id,
      programId: PROGRAM,
      startsAt: new Date(now + 20 * 60_000).toISOString(),
      seatsOffered: seats,
      bookingCutoffAt: new Date(now + 15 * 60_000).toISOString(),
      lateAdmissionCutoffAt: new Date(now + 35 * 60_000).toISOString(),
    });
    expectStatus(slot, 201, "slot");
    const iins = syntheticIins(seats, 100);
    await importRoster(manager, slot.body.id, iins);
    await pool(seatIds, HTTP_CONCURRENCY, async (seatId) => {
      const code = await operator.post("/kiosks/enrollment-codes", { seatId });
      expectStatus(code, 201, "enrollment code");
      const enrolled = await fetch(`${app.url}/api/v1/kiosks/enroll`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: code.body.code }),
      });
      expectStatus(
        { status: enrolled.status, body: await enrolled.json() },
        201,
        "enroll",
      );
    });

    const actor: StaffPrincipal = {
      kind: "staff",
      accountId: account.id,
      username: account.username,
      fullName: account.fullName,
      role: "administrator",
      scope: NETWORK_SCOPE,
      sessionId: "bench",
    };
    const latencies: number[] = [];
    for (const iin of iins) {
      const started = performance.now();
      await admitCandidate(app.synaq.ctx, actor, {
        slotId: String(slot.body.id),
        iin,
      });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      Math.round(
        (latencies[
          Math.min(latencies.length, Math.ceil(p * latencies.length)) - 1
        ] ?? 0) * 100,
      ) / 100;
    return {
      admissionP99Ms: percentile(0.99),
      admissionP50Ms: percentile(0.5),
      admissions: latencies.length,
      seats,
    };
  } finally {
    await app.stop();
  }
}

// `npx tsx tests/bench/admission.ts [--quick]`: this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await benchAdmission({
    quick: process.argv.includes("--quick"),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
