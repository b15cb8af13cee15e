/**
 * `npm run simulate:day [-- --candidates N | --quick] [--chaos] [--json] [--seed S] [--keep]`
 *
 * A whole testing day through Synaq's public interfaces (README in this
 * folder): candidates book on the portal, are admitted at the desk, take a
 * short program on simulated kiosks, operators handle incidents, the
 * results are signed off, documents issued and handed over; `--chaos`
 * kills Synaq's processes (Redis included) while it runs. At the end the
 * server's records and the kiosks' journals are checked; the exit code is
 * 1 when a check fails. Progress goes to stderr, the summary to stdout,
 * and with `--json` the very last line is the summary as JSON.
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRedis } from "../../server/src/redis/connection";
import { programQuestionCount } from "../../server/shared/banks";
import { serverErrorsIn } from "../faults/support/seed";
import { Chaos } from "./chaos";
import { httpStats } from "./client";
import {
  admitArrivals,
  deskStats,
  handOverDocuments,
  reopenOutageExpired,
  signOffRoom,
} from "./desk";
import { kioskStats, type KioskOutcome } from "./kiosk";
import { operatorStats, superviseSlots } from "./operator";
import { planDay } from "./plan";
import { bookOnPortal, type BookingOutcome } from "./portal";
import { Random, randomSeed, sleep } from "./random";
import {
  checkRecords,
  complianceAfter,
  complianceShares,
  dayChecks,
  errorLogCounts,
  summaryLines,
  type DaySummary,
} from "./report";
import { setUpCenter } from "./setup";
import {
  SIM_BANKS_DIR,
  startStandaloneSynaq,
  startSynaqCluster,
  type SimSynaq,
} from "./synaq";

const TIME_LIMIT_MS = 10 * 60_000;
const MIN_KILLS = 3;

const { values } = parseArgs({
  options: {
    candidates: { type: "string" },
    quick: { type: "boolean", default: false },
    chaos: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    seed: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const candidates = Number(values.candidates ?? (values.quick ? 30 : 200));
if (!Number.isInteger(candidates) || candidates < 2) {
  console.error("--candidates: a whole number, at least 2");
  process.exit(2);
}
const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
const chaosOn = values.chaos;

const began = Date.now();
const log = (line: string) =>
  process.stderr.write(
    `[${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`,
  );

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

async function main(): Promise<number> {
  const random = new Random(seed);
  const program = JSON.parse(
    readFileSync(path.join(SIM_BANKS_DIR, "programs/sim-day.json"), "utf8"),
  ) as Parameters<typeof programQuestionCount>[0];
  const plan = planDay(
    candidates,
    random.fork(),
    programQuestionCount(program),
  );
  log(
    `simulated day: ${candidates} candidates in ${plan.rooms.length} rooms, ${chaosOn ? "chaos (2 web,realtime + 2 worker + Redis)" : "one Synaq process"}, seed ${seed}`,
  );

  const synaq: SimSynaq = chaosOn
    ? await startSynaqCluster()
    : await startStandaloneSynaq();
  log(`Synaq up at ${synaq.urls.join(", ")}; logs in ${synaq.logDir}`);
  let stopped = false;
  const stopSynaq = async () => {
    if (stopped) return;
    stopped = true;
    await synaq
      .stop()
      .catch((error: unknown) => log(`stopping Synaq: ${String(error)}`));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void stopSynaq().then(() => process.exit(130)));
  }

  try {
    const center = await setUpCenter(synaq, plan, log);
    const kiosks = center.rooms.flatMap((room) => room.kiosks);
    const seated = plan.candidates.map(() => deferred<boolean>());
    const testsOver = deferred<void>();
    let dayDone = false;
    let testsDone = false;

    const chaos = chaosOn
      ? new Chaos(synaq, random.fork(), log, MIN_KILLS)
      : undefined;
    chaos?.start(() => dayDone);

    // Everyone's day, all at once.
    const runs: Promise<KioskOutcome>[] = plan.candidates.map((candidate) =>
      center.rooms[candidate.room]!.kiosks[candidate.seat]!.run(
        candidate,
        random.fork(),
        seated[candidate.index]!.promise,
        testsOver.promise,
      ),
    );
    const finishedRuns = new Set<number>();
    runs.forEach((run, index) => void run.then(() => finishedRuns.add(index)));

    const bookings: Promise<BookingOutcome>[] = plan.candidates.map(
      (candidate) =>
        bookOnPortal(
          candidate,
          center.rooms[candidate.room]!,
          synaq.urls,
          center.bookingOpensAt,
        ),
    );
    log(
      `booking opens; slots start ${center.rooms.map((room) => `+${((room.startsAt - Date.now()) / 1000).toFixed(0)} s`).join(", ")}`,
    );

    const operators = center.operators.map((operator, index) =>
      superviseSlots(
        operator,
        center.rooms
          .filter((room) => room.index % center.operators.length === index)
          .map((room) => room.slotId),
        () => dayDone,
      ),
    );
    const outageWatch = (async () => {
      while (!testsDone) {
        await sleep(10_000);
        for (const room of center.rooms)
          await reopenOutageExpired(room).catch((error: unknown) =>
            log(String(error)),
          );
      }
    })();

    const desks = center.rooms.map(async (room) => {
      const ofRoom = plan.candidates.filter(
        (candidate) => candidate.room === room.index,
      );
      const booked = await Promise.all(
        ofRoom.map((candidate) => bookings[candidate.index]!),
      );
      const admissible = ofRoom.filter((_, index) => booked[index]!.booked);
      for (const candidate of ofRoom)
        if (!admissible.includes(candidate))
          seated[candidate.index]!.resolve(false);
      await admitArrivals(room, admissible, (index, admitted) =>
        seated[index]!.resolve(admitted),
      );
    });

    const progress = setInterval(() => {
      const acked = kiosks.reduce(
        (sum, kiosk) => sum + (kiosk.journal?.ackedSeqs.size ?? 0),
        0,
      );
      log(
        `admitted ${deskStats.admitted}, answers acked ${acked}, kiosks done ${finishedRuns.size}/${candidates}, incidents ${operatorStats.incidents}, kills ${chaos?.kills.length ?? 0}, http repeats ${httpStats.repeats}`,
      );
    }, 15_000);

    const bookingOutcomes = await Promise.all(bookings);
    log(
      `booked ${bookingOutcomes.filter((outcome) => outcome.booked).length}/${candidates}`,
    );
    await Promise.all(desks);

    // The tests are over when every kiosk is done or waits for a reopen
    // that the administrator's last look at the outage list does not bring.
    for (;;) {
      await sleep(1_000);
      const waiting = kiosks.filter((kiosk) => kiosk.waitingReopen).length;
      if (finishedRuns.size + waiting < candidates) continue;
      const reopenedBefore = deskStats.reopened;
      for (const room of center.rooms)
        await reopenOutageExpired(room).catch((error: unknown) =>
          log(String(error)),
        );
      if (deskStats.reopened === reopenedBefore) break;
      await sleep(3_000);
    }
    testsDone = true;
    testsOver.resolve();
    const outcomes = await Promise.all(runs);
    await outageWatch;
    log(
      `tests over: ${outcomes.filter((outcome) => outcome.submitted).length} submitted at the kiosk`,
    );

    const finishRooms = () =>
      Promise.all(
        center.rooms.map(async (room) => {
          await signOffRoom(
            room,
            center.operators[room.index % center.operators.length]!,
            6 * 60_000,
          );
          await handOverDocuments(room, 4 * 60_000);
        }),
      );
    await finishRooms();
    log(`signed off and handed over ${deskStats.handedOver} documents`);
    dayDone = true;
    await chaos?.done();
    // A kill after the hand-over may have interrupted something: look again.
    if (chaos) await finishRooms();
    await Promise.all(operators);
    clearInterval(progress);
    const finalAt = Date.now();

    const stages = await complianceAfter(center, finalAt);

    const redis = createRedis(synaq.redisUrl);
    const records = await checkRecords(
      redis,
      center.rooms.map((room) => room.slotId),
      outcomes.flatMap((outcome) => (outcome.journal ? [outcome.journal] : [])),
    );
    redis.disconnect();
    const logs = synaq.logs();
    const serverErrors = serverErrorsIn(logs);
    const errorLogs = errorLogCounts(logs);

    const kioskDisconnects = kioskStats.disconnects;
    for (const kiosk of kiosks) kiosk.close();
    // The kiosks are switched off before the server, not in the same instant.
    await sleep(1_000);
    await stopSynaq();
    const elapsedMs = Date.now() - began;

    const summary: DaySummary = {
      candidates,
      booked: records.booked,
      admitted: records.admitted,
      finished: records.finished,
      issued: records.issued,
      acked: records.acked,
      lost: records.lostAnswers.length,
      duplicateDocuments: records.duplicates.length,
      stuck: records.stuck.length,
      kills: chaos?.kills.length ?? 0,
      compliance: complianceShares(stages),
    };
    const checks = dayChecks(summary, {
      chaos: chaosOn,
      minKills: MIN_KILLS,
      elapsedMs,
      limitMs: TIME_LIMIT_MS,
    });
    console.log(
      summaryLines({
        summary,
        records,
        stages,
        checks,
        rooms: plan.rooms.length,
        seed,
        chaos,
        elapsedMs,
        bookings: bookingOutcomes,
        kiosks: outcomes,
        kioskDisconnects,
        serverErrors,
        errorLogs,
        logDir: synaq.logDir,
      }).join("\n"),
    );
    const ok = checks.every((check) => check.ok);
    if (ok && !values.keep) {
      // The data (AOF, documents) goes; the logs stay for a look.
      rmSync(path.join(synaq.dir, "data"), { recursive: true, force: true });
      rmSync(path.join(synaq.dir, "certificates"), {
        recursive: true,
        force: true,
      });
    }
    if (values.json) console.log(JSON.stringify(summary));
    return ok ? 0 : 1;
  } finally {
    await stopSynaq();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(
      `the simulation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
