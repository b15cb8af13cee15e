import type { Redis } from "ioredis";
import { STAGES, type Stage } from "../../server/src/modules/analytics/stats";
import {
  attemptIdsOfSlot,
  findAttempts,
} from "../../server/src/modules/attempts/repository";
import { listSlotBookings } from "../../server/src/modules/booking/repository";
import { certKeys } from "../../server/src/modules/certificates/repository";
import { listAttentionItems } from "../../server/src/modules/reconciler/repository";
import { lostAnswers, type KioskJournal } from "../faults/support/journal";
import type { Chaos } from "./chaos";
import { errorOf, expectStatus, httpStats } from "./client";
import { deskStats } from "./desk";
import { kioskStats, type KioskOutcome } from "./kiosk";
import { operatorStats } from "./operator";
import type { BookingOutcome } from "./portal";
import { sleep } from "./random";
import type { Center } from "./setup";

/**
 * The end of the day, checked from the server's own records (Redis) and
 * each simulated kiosk's journal, and the one-line JSON CI reads.
 */

export interface DaySummary {
  candidates: number;
  booked: number;
  admitted: number;
  finished: number;
  issued: number;
  acked: number;
  lost: number;
  duplicateDocuments: number;
  stuck: number;
  kills: number;
  compliance: Record<Stage, number>;
}

export interface RecordFindings {
  booked: number;
  admitted: number;
  finished: number;
  issued: number;
  acked: number;
  lostAnswers: string[];
  duplicates: string[];
  stuck: string[];
  states: Record<string, number>;
}

/** Test ended: by the candidate or the timer, scored or not yet. */
const ENDED = new Set(["submitted", "expired", "scored", "issued"]);
/** Nothing more is to happen to it. */
const SETTLED = new Set(["issued", "voided"]);

/** Documents per attempt: the number each owns, and the stored documents naming it. */
async function documentsByAttempt(
  redis: Redis,
): Promise<Map<string, Set<string>>> {
  const byAttempt = new Map<string, Set<string>>();
  const add = (attemptId: string, number: string) => {
    const numbers = byAttempt.get(attemptId) ?? new Set<string>();
    numbers.add(number);
    byAttempt.set(attemptId, numbers);
  };
  for (const [number, attemptId] of Object.entries(
    await redis.hgetall(certKeys.numberOwners),
  ))
    add(attemptId, number);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      certKeys.document("*"),
      "COUNT",
      500,
    );
    cursor = next;
    for (const key of keys) {
      const [number, attemptId] = await redis.hmget(key, "number", "attemptId");
      if (number && attemptId) add(attemptId, number);
    }
  } while (cursor !== "0");
  return byAttempt;
}

export async function checkRecords(
  redis: Redis,
  slotIds: readonly string[],
  journals: readonly KioskJournal[],
): Promise<RecordFindings> {
  const findings: RecordFindings = {
    booked: 0,
    admitted: 0,
    finished: 0,
    issued: 0,
    acked: 0,
    lostAnswers: [],
    duplicates: [],
    stuck: [],
    states: {},
  };
  const documents = await documentsByAttempt(redis);
  for (const slotId of slotIds) {
    const bookings = await listSlotBookings(redis, slotId);
    findings.booked += bookings.filter(
      (booking) => booking.status !== "cancelled",
    ).length;
    const attempts = await findAttempts(
      redis,
      await attemptIdsOfSlot(redis, slotId),
    );
    findings.admitted += attempts.length;
    for (const attempt of attempts) {
      findings.states[attempt.state] =
        (findings.states[attempt.state] ?? 0) + 1;
      const numbers = documents.get(attempt.id) ?? new Set<string>();
      if (numbers.size > 1)
        findings.duplicates.push(`${attempt.id}: ${[...numbers].join(", ")}`);
      if (ENDED.has(attempt.state)) {
        findings.finished++;
        if (numbers.size > 0) findings.issued++;
      }
      if (
        !SETTLED.has(attempt.state) ||
        (attempt.state === "issued" && numbers.size === 0)
      ) {
        findings.stuck.push(
          `attempt ${attempt.id} (slot ${slotId}, seat ${attempt.seatId}): ${attempt.state}${attempt.officialAt === null ? ", not official" : ""}${numbers.size === 0 ? ", no document" : ""}`,
        );
      }
    }
  }
  for (const item of await listAttentionItems(redis)) {
    findings.stuck.push(
      `needs attention: ${item.itemId} (${JSON.stringify(item).slice(0, 200)})`,
    );
  }
  for (const journal of journals) {
    findings.acked += journal.ackedSeqs.size;
    findings.lostAnswers.push(...(await lostAnswers(redis, journal)));
  }
  return findings;
}

export interface StageShare {
  stage: Stage;
  measured: number;
  within: number;
  share: number | null;
  worst?: {
    attemptId: string;
    ms: number;
    limitMs: number;
    pending: boolean;
  }[];
}

/** Shares per stage for the JSON line: an unmeasured stage counts as 0. */
export function complianceShares(
  stages: readonly StageShare[],
): Record<Stage, number> {
  return Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      stages.find((entry) => entry.stage === stage)?.share ?? 0,
    ]),
  ) as Record<Stage, number>;
}

export interface Check {
  name: string;
  ok: boolean;
}

/** The issue's "done when", as checks. */
export function dayChecks(
  summary: DaySummary,
  options: {
    chaos: boolean;
    minKills: number;
    elapsedMs: number;
    limitMs: number;
  },
): Check[] {
  const checks: Check[] = [
    {
      name: `at least 95 % of candidates finished (${summary.finished}/${summary.candidates})`,
      ok: summary.finished >= 0.95 * summary.candidates,
    },
    { name: `acknowledged answers (${summary.acked})`, ok: summary.acked > 0 },
    {
      name: `no acknowledged answer lost (${summary.lost})`,
      ok: summary.lost === 0,
    },
    { name: `nothing stuck (${summary.stuck})`, ok: summary.stuck === 0 },
    {
      name: `no duplicate document (${summary.duplicateDocuments})`,
      ok: summary.duplicateDocuments === 0,
    },
    {
      name: `every finished candidate has a document (${summary.issued}/${summary.finished})`,
      ok: summary.issued === summary.finished,
    },
    ...STAGES.map((stage) => ({
      name: `compliance ${stage} ≥ 0.99 (${summary.compliance[stage].toFixed(3)})`,
      ok: summary.compliance[stage] >= 0.99,
    })),
    {
      name: `done within ${options.limitMs / 60_000} min (${(options.elapsedMs / 1000).toFixed(0)} s)`,
      ok: options.elapsedMs < options.limitMs,
    },
  ];
  if (options.chaos)
    checks.push({
      name: `at least ${options.minKills} kills (${summary.kills})`,
      ok: summary.kills >= options.minKills,
    });
  return checks;
}

/**
 * The console's "recompute" for each slot, then the center's compliance as
 * the analytics module computed it, from a reading taken after `finalAt`
 * (when the last document was handed over). Instants are compared on this
 * machine's clock, which every process shares: the servers' own clocks
 * (Redis time estimated per process) differ by a few ms.
 */
export async function complianceAfter(
  center: Pick<Center, "centerId" | "rooms" | "manager">,
  finalAt: number,
): Promise<StageShare[]> {
  for (const room of center.rooms) {
    const until = Date.now() + 120_000;
    for (let requestedAt = 0; ;) {
      if (Date.now() - requestedAt > 20_000) {
        const reply = await center.manager.post(
          `/analytics/slots/${room.slotId}/recompute`,
        );
        expectStatus(reply, 202, `recompute ${room.slotId}`);
        requestedAt = Date.now();
      }
      await sleep(1_000);
      const reply = await center.manager.get(
        `/analytics/slots/${room.slotId}/compliance`,
      );
      if (reply.status === 200 && (reply.body.computedAt as number) >= finalAt)
        break;
      if (Date.now() > until) {
        throw new Error(
          `analytics of ${room.slotId} not recomputed in 120 s (${reply.status} ${errorOf(reply)})`,
        );
      }
    }
  }
  const compliance = await center.manager.get(
    `/analytics/centers/${center.centerId}/compliance`,
  );
  return (
    expectStatus(compliance, 200, "center compliance") as {
      stages: StageShare[];
    }
  ).stages;
}

/**
 * The server's error-level log lines (pino level ≥ 50) by message: many
 * are expected while Redis is down (connection errors), others are worth
 * a look (the summary shows the most frequent).
 */
export function errorLogCounts(logs: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of logs.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) < 50) continue;
      const message = entry.msg ?? "(no message)";
      counts[message] = (counts[message] ?? 0) + 1;
    } catch {
      // A line cut short by a kill.
    }
  }
  return counts;
}

export interface SummaryInput {
  summary: DaySummary;
  records: RecordFindings;
  stages: readonly StageShare[];
  checks: readonly Check[];
  rooms: number;
  seed: number;
  chaos: Chaos | undefined;
  elapsedMs: number;
  bookings: readonly BookingOutcome[];
  kiosks: readonly KioskOutcome[];
  kioskDisconnects: number;
  serverErrors: { http: number; socket: number };
  errorLogs: Record<string, number>;
  logDir: string;
}

const counts = (entries: Record<string, number>) =>
  Object.entries(entries)
    .map(([key, count]) => `${key} ${count}`)
    .join(", ") || "none";

/** The readable summary: figures, what went wrong (at most a few of each), the checks. */
export function summaryLines(input: SummaryInput): string[] {
  const { summary, records, stages, chaos, bookings } = input;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    "",
    `Synaq simulated day — ${summary.candidates} candidates, ${input.rooms} rooms, seed ${input.seed}${chaos ? ", chaos" : ""}, ${(input.elapsedMs / 1000).toFixed(0)} s`,
    `  booked ${summary.booked} (failed ${bookings.filter((outcome) => !outcome.booked).length}, code lost to a repeat ${bookings.filter((outcome) => outcome.codeLost).length}), admitted ${summary.admitted}, finished ${summary.finished}, documents issued ${summary.issued}, handed over ${deskStats.handedOver}`,
    `  attempts by state: ${counts(records.states)}`,
    `  answers acknowledged ${summary.acked}, lost ${summary.lost}; duplicate documents ${summary.duplicateDocuments}; stuck ${summary.stuck}`,
    `  kiosks: ${kioskStats.connects} connects, ${input.kioskDisconnects} disconnects, ${kioskStats.failovers} failovers, ${kioskStats.heartbeatTimeouts} heartbeat timeouts, ${kioskStats.handshakeRefusals} handshakes refused as unauthorized (${kioskStats.revoked} revoked), ${kioskStats.networkDrops} network drops, ${kioskStats.incidentsReported} incidents reported, ${kioskStats.reopened} reopened${kioskStats.requestIdRefused ? "; requestId refused by the server (sent without)" : ""}`,
    `  kiosk commands refused and repeated: ${counts(kioskStats.commandRefusals)}`,
    `  http: ${httpStats.requests} requests, ${httpStats.repeats} repeats (network ${httpStats.networkFailures}, 502/503/504 ${httpStats.unavailable}), 500s ${httpStats.serverErrors}, gave up ${httpStats.gaveUp}`,
    `  desk: ${deskStats.admitted} admitted (${deskStats.admittedBefore} found admitted by a repeat), ${deskStats.admissionFailures.length} not admitted, ${deskStats.signOffs} sign-offs; outage-expired list: ${deskStats.outageListMissing ? "not available (404)" : `${deskStats.outageChecks} looks, ${deskStats.outageExpired} expired, ${deskStats.reopened} reopened`}`,
    `  operators: ${operatorStats.incidents} incidents (${operatorStats.granted} granted, ${seconds(operatorStats.grantedMs)}; ${operatorStats.acknowledged} acknowledged), ${operatorStats.attentionRetries} "needs attention" retries${operatorStats.errors.length ? `, ${operatorStats.errors.length} errors (first: ${operatorStats.errors[0]})` : ""}`,
    ...(chaos
      ? [
          `  chaos: ${chaos.kills.map((kill) => `${kill.target}@${kill.at.toFixed(0)}s(down ${seconds(kill.downMs)})`).join(" ") || "no kills"}${chaos.errors.length ? `; errors: ${chaos.errors.join("; ")}` : ""}`,
        ]
      : []),
    `  server logs: ${input.serverErrors.http} unhandled HTTP errors, ${input.serverErrors.socket} failed socket handlers; error-level lines: ${counts(
      Object.fromEntries(
        Object.entries(input.errorLogs)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8),
      ),
    )}`,
    `  compliance: ${stages.map((stage) => `${stage.stage} ${stage.share === null ? "n/a" : stage.share.toFixed(3)} (${stage.within}/${stage.measured})`).join(", ")}`,
    ...records.lostAnswers.slice(0, 10).map((line) => `  LOST ${line}`),
    ...records.stuck.slice(0, 10).map((line) => `  STUCK ${line}`),
    ...records.duplicates.slice(0, 10).map((line) => `  DUPLICATE ${line}`),
    ...stages.flatMap((stage) =>
      stage.share !== null && stage.share < 0.99
        ? (stage.worst ?? []).map(
            (worst) =>
              `  OVER ${stage.stage}: ${worst.attemptId} ${seconds(worst.ms)} > ${seconds(worst.limitMs)}${worst.pending ? " (pending)" : ""}`,
          )
        : [],
    ),
    ...input.kiosks
      .filter((outcome) => outcome.error)
      .slice(0, 10)
      .map(
        (outcome) =>
          `  kiosk ${outcome.seatId} (candidate ${outcome.candidate}): ${outcome.error}`,
      ),
    ...deskStats.admissionFailures
      .slice(0, 5)
      .map((line) => `  not admitted: ${line}`),
    ...bookings
      .filter((outcome) => outcome.error)
      .slice(0, 5)
      .map(
        (outcome) =>
          `  booking of candidate ${outcome.candidate}: ${outcome.error}`,
      ),
    "",
    ...input.checks.map(
      (check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}`,
    ),
    "",
    `logs: ${input.logDir}`,
  ];
}
