import type { Caller } from "./client";
import { errorOf } from "./client";
import type { CandidatePlan } from "./plan";
import { sleep } from "./random";
import type { Room } from "./setup";

/**
 * The room's test administrator at the desk, through the console's API:
 * the ID check and admission at the door, the outage reopen, the sign-off
 * (with the operator) and handing over the documents.
 */

export const deskStats = {
  admitted: 0,
  /** Admission repeats that found the candidate already admitted. */
  admittedBefore: 0,
  admissionFailures: [] as string[],
  outageChecks: 0,
  /** The server has no outage-expired list yet (404). */
  outageListMissing: false,
  outageExpired: 0,
  reopened: 0,
  signOffs: 0,
  handedOver: 0,
};

const ADMITTED_BEFORE = new Set(["booking_admitted", "booking_in_progress"]);

/**
 * Admits the room's candidates as they arrive, two clerks at the desk.
 * `seated(index, admitted)` is told when a candidate sits down at their
 * seat (after the walk), or that they were not admitted.
 */
export async function admitArrivals(
  room: Room,
  candidates: readonly CandidatePlan[],
  seated: (index: number, admitted: boolean) => void,
): Promise<void> {
  const queue = [...candidates].sort((a, b) => a.arriveMs - b.arriveMs);
  const clerk = async () => {
    for (let candidate = queue.shift(); candidate; candidate = queue.shift()) {
      await sleep(room.startsAt + candidate.arriveMs - Date.now());
      await sleep(candidate.idCheckMs);
      const admitted = await admit(room, candidate);
      const index = candidate.index;
      if (admitted) setTimeout(() => seated(index, true), candidate.walkMs);
      else seated(index, false);
    }
  };
  await Promise.all([clerk(), clerk()]);
}

async function admit(room: Room, candidate: CandidatePlan): Promise<boolean> {
  let last = "";
  // A person tries again after a refusal they cannot explain (a 500, a timeout).
  for (let tries = 0; tries < 5; tries++) {
    try {
      const reply = await room.administrator.post(
        `/slots/${room.slotId}/admissions`,
        { iin: candidate.iin, seatId: room.seatIds[candidate.seat] },
      );
      if (reply.status === 201) {
        deskStats.admitted++;
        return true;
      }
      if (reply.status === 409 && ADMITTED_BEFORE.has(errorOf(reply))) {
        deskStats.admittedBefore++;
        deskStats.admitted++;
        return true;
      }
      last = `${reply.status} ${errorOf(reply)}`;
      if (reply.status < 500) break;
    } catch (error) {
      last = String(error);
    }
    await sleep(2_000);
  }
  deskStats.admissionFailures.push(`candidate ${candidate.index}: ${last}`);
  return false;
}

/**
 * The console's list of attempts an outage expired, and "reopen all"
 * when it is not empty. Tolerates a server without the list (404).
 */
export async function reopenOutageExpired(room: Room): Promise<void> {
  if (deskStats.outageListMissing) return;
  deskStats.outageChecks++;
  const list = await room.administrator.get(
    `/slots/${room.slotId}/outage-expired`,
  );
  if (list.status === 404) {
    deskStats.outageListMissing = true;
    return;
  }
  if (list.status !== 200)
    throw new Error(`outage-expired: ${list.status} ${errorOf(list)}`);
  const attempts = (list.body as { attempts?: unknown[] }).attempts ?? [];
  if (attempts.length === 0) return;
  deskStats.outageExpired += attempts.length;
  const reopened = await room.administrator.post(
    `/slots/${room.slotId}/outage-expired/reopen`,
  );
  if (reopened.status !== 200)
    throw new Error(
      `outage-expired reopen: ${reopened.status} ${errorOf(reopened)}`,
    );
  deskStats.reopened += (
    (reopened.body as { reopened?: unknown[] }).reopened ?? []
  ).length;
}

interface ResultRow {
  attemptId: string;
  state: string;
  signedAdministrator: unknown;
  signedOperator: unknown;
  officialAt: number | null;
  certificateNumber: string | null;
}

const results = async (room: Room): Promise<ResultRow[]> => {
  const reply = await room.administrator.get(`/slots/${room.slotId}/results`);
  if (reply.status !== 200)
    throw new Error(`results: ${reply.status} ${errorOf(reply)}`);
  return reply.body as ResultRow[];
};

const settled = (row: ResultRow) =>
  row.state === "voided" || row.officialAt !== null;

/**
 * Signs the room's results off, administrator and operator, in rounds
 * until every attempt is official (or voided) or `timeoutMs` passes.
 */
export async function signOffRoom(
  room: Room,
  operator: Caller,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await results(room);
    if (rows.every(settled)) return;
    const scored = rows.filter(
      (row) => row.state === "scored" && row.officialAt === null,
    );
    for (const [signer, field] of [
      [room.administrator, "signedAdministrator"],
      [operator, "signedOperator"],
    ] as const) {
      if (!scored.some((row) => !row[field])) continue;
      // A busy day leaves incidents and latecomers: the desk signs over
      // them, saying why (issue 24).
      const signed = await signer.post(`/slots/${room.slotId}/sign-off`, {
        overrideReason: "simulated day: incidents reviewed after the slot",
      });
      if (signed.status !== 200)
        throw new Error(`sign-off: ${signed.status} ${errorOf(signed)}`);
      deskStats.signOffs++;
    }
    if (Date.now() > until) return;
    await sleep(2_000);
  }
}

/**
 * Hands every issued document over: the desk prints it (downloads the
 * signed PDF) for the candidate and records the hand-over (the compliance
 * report measures it against 20 min). Waits for documents still being made.
 */
const handedOver = new Map<string, Set<string>>();

export async function handOverDocuments(
  room: Room,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const handed = handedOver.get(room.slotId) ?? new Set<string>();
  handedOver.set(room.slotId, handed);
  for (;;) {
    const rows = (await results(room)).filter(
      (row) => row.officialAt !== null && row.state !== "voided",
    );
    for (const row of rows) {
      if (!row.certificateNumber || handed.has(row.certificateNumber)) continue;
      const pdf = await room.administrator.get(
        `/certificates/${row.certificateNumber}/pdf`,
      );
      if (pdf.status !== 200)
        throw new Error(
          `document ${row.certificateNumber}: ${pdf.status} ${errorOf(pdf)}`,
        );
      const recorded = await room.administrator.post(
        `/attempts/${row.attemptId}/handover`,
        { method: "printed" },
      );
      if (recorded.status !== 200)
        throw new Error(
          `hand-over of ${row.certificateNumber}: ${recorded.status} ${errorOf(recorded)}`,
        );
      handed.add(row.certificateNumber);
      deskStats.handedOver++;
    }
    if (
      rows.every(
        (row) => row.certificateNumber && handed.has(row.certificateNumber),
      )
    )
      return;
    if (Date.now() > until) return;
    await sleep(2_000);
  }
}
