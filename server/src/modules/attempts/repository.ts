import type { Redis } from "ioredis";
import type {
  Handover,
  HandoverMethod,
  Incident,
  Signature,
} from "@shared/attempts";
import type { Profile } from "@shared/assessment";
import type { AttemptScore, Form } from "@shared/banks";
import type { AttemptState } from "@shared/enums";
import { archiveKeys } from "../../archive/store";
import { parseLuaReply, type LuaReply } from "../../redis/reply";
import { fieldsOfMany } from "../../redis/fields";
import {
  commandRequest,
  parseRequestReply,
  requestArgs,
  type CommandRequest,
} from "../../redis/request";
import { script } from "../../redis/scripts";
import { centerKeys } from "../centers";

/**
 * Keys:
 *   attempt:<id>             hash: the attempt (state, times, seat, …)
 *   attempt:<id>:items       hash: itemId → allowed option ids "a,b,c"
 *   attempt:<id>:form        JSON: the assembled form (no keys in it)
 *   attempt:<id>:answers     hash: itemId → {"r":[…],"seq":n,"at":ms}
 *   attempt:<id>:incidents   list of incident ids, oldest first
 *   incident:<id>            JSON: one incident (acknowledgement, comments)
 *   slot:<slotId>:incidents  list of incident ids: the operator's queue
 *   slot:<slotId>:attempts   set of attempt ids
 *   seat:<seatId>:attempt    the attempt holding the seat
 * Audit entries go to the slot's stream (audit:slot:<slotId>).
 */
export const attemptKeys = {
  attempt: (id: string) => `attempt:${id}`,
  items: (id: string) => `attempt:${id}:items`,
  form: (id: string) => `attempt:${id}:form`,
  answers: (id: string) => `attempt:${id}:answers`,
  incidents: (id: string) => `attempt:${id}:incidents`,
  slotAttempts: (slotId: string) => `slot:${slotId}:attempts`,
  seatAttempt: (seatId: string) => `seat:${seatId}:attempt`,
};

export interface Attempt {
  id: string;
  bookingId: string;
  slotId: string;
  roomId: string;
  seatId: string;
  programId: string;
  iin: string;
  fullName: string;
  language: "kk" | "ru";
  state: AttemptState;
  durationMs: number;
  extraMs: number;
  instructionsMs: number;
  admittedAt: number;
  instructionsEndsAt: number | null;
  startedAt: number | null;
  deadlineAt: number | null;
  pausedAt: number | null;
  pauseReason: string | null;
  pausedTotalMs: number;
  submittedAt: number | null;
  submitReason: string | null;
  answered: number;
  total: number;
  lastSaveAt: number | null;
  lastSeq: number;
  accommodationNote: string;
  /** A knowledge test's score; null for an assessment. */
  result: AttemptScore | null;
  /** A personal-qualities assessment's profile; null for a knowledge test. */
  profile: Profile | null;
  signedAdministrator: Signature | null;
  signedOperator: Signature | null;
  officialAt: number | null;
  certificateNumber: string | null;
  voidReason: string | null;
  /** The last document hand-over recorded (handover.ts); null before any. */
  handover: Handover | null;
  /** The knowledge test this attempt continues in the same visit (chain.ts). */
  chainedFrom: string | null;
  /** The assessment attempt this one was continued with. */
  chainedTo: string | null;
}

const numberOrNull = (value: string | undefined) =>
  value === undefined || value === "" ? null : Number(value);
const jsonOrNull = <T>(value: string | undefined): T | null =>
  value ? (JSON.parse(value) as T) : null;

/** The hand-over fields (attempt-handover.lua) as one record, or null. */
function handoverOf(hash: Record<string, string>): Handover | null {
  const by = jsonOrNull<Handover["by"]>(hash.handedOverBy);
  if (!hash.handedOverNumber || !hash.handedOverAt || !by) return null;
  return {
    number: hash.handedOverNumber,
    method: hash.handoverMethod === "electronic" ? "electronic" : "printed",
    at: Number(hash.handedOverAt),
    by,
  };
}

function toAttempt(hash: Record<string, string>): Attempt | null {
  if (!hash.id) return null;
  return {
    id: hash.id,
    bookingId: hash.bookingId ?? "",
    slotId: hash.slotId ?? "",
    roomId: hash.roomId ?? "",
    seatId: hash.seatId ?? "",
    programId: hash.programId ?? "",
    iin: hash.iin ?? "",
    fullName: hash.fullName ?? "",
    language: hash.language === "ru" ? "ru" : "kk",
    state: hash.state as AttemptState,
    durationMs: Number(hash.durationMs ?? 0),
    extraMs: Number(hash.extraMs ?? 0),
    instructionsMs: Number(hash.instructionsMs ?? 0),
    admittedAt: Number(hash.admittedAt ?? 0),
    instructionsEndsAt: numberOrNull(hash.instructionsEndsAt),
    startedAt: numberOrNull(hash.startedAt),
    deadlineAt: numberOrNull(hash.deadlineAt),
    pausedAt: numberOrNull(hash.pausedAt),
    pauseReason: hash.pauseReason ?? null,
    pausedTotalMs: Number(hash.pausedTotalMs ?? 0),
    submittedAt: numberOrNull(hash.submittedAt),
    submitReason: hash.submitReason ?? null,
    answered: Number(hash.answered ?? 0),
    total: Number(hash.total ?? 0),
    lastSaveAt: numberOrNull(hash.lastSaveAt),
    lastSeq: Number(hash.lastSeq ?? 0),
    accommodationNote: hash.accommodationNote ?? "",
    result: jsonOrNull<AttemptScore>(hash.result),
    profile: jsonOrNull<Profile>(hash.profile),
    signedAdministrator: jsonOrNull<Signature>(hash.signedAdministrator),
    signedOperator: jsonOrNull<Signature>(hash.signedOperator),
    officialAt: numberOrNull(hash.officialAt),
    certificateNumber: hash.certificateNumber ?? null,
    voidReason: hash.voidReason ?? null,
    handover: handoverOf(hash),
    chainedFrom: hash.chainedFrom || null,
    chainedTo: hash.chainedTo || null,
  };
}

export async function findAttempt(
  redis: Redis,
  id: string,
): Promise<Attempt | null> {
  return toAttempt(await redis.hgetall(attemptKeys.attempt(id)));
}

/**
 * Attempts per pipeline in findAttempts: a whole 2,000-seat room in one
 * reply parsed 50-75 ms at a stretch, and every answer of the process
 * waited behind it; chunks of this size keep a stretch to a few ms.
 */
const ATTEMPTS_PER_READ = 200;

export async function findAttempts(
  redis: Redis,
  ids: readonly string[],
): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < ids.length; i += ATTEMPTS_PER_READ) {
    const pipeline = redis.pipeline();
    for (const id of ids.slice(i, i + ATTEMPTS_PER_READ))
      pipeline.hgetall(attemptKeys.attempt(id));
    for (const [, hash] of (await pipeline.exec()) ?? []) {
      const attempt = toAttempt((hash ?? {}) as Record<string, string>);
      if (attempt) attempts.push(attempt);
    }
  }
  return attempts;
}

/** What says which job an attempt waits for next (service.ts followUpOf). */
export type AttemptTimes = Pick<
  Attempt,
  | "id"
  | "state"
  | "instructionsEndsAt"
  | "deadlineAt"
  | "officialAt"
  | "certificateNumber"
>;
const TIMES_FIELDS = [
  "id",
  "state",
  "instructionsEndsAt",
  "deadlineAt",
  "officialAt",
  "certificateNumber",
] as const;

/**
 * Those six fields of each attempt (gone ones left out), a few hundred
 * attempts per call: the reconciler's pass over every attempt of the
 * recent days, which read the whole hashes one command each and made
 * about 50 MB of garbage a minute on a 10,000-attempt day.
 */
export async function findAttemptTimes(
  redis: Redis,
  ids: readonly string[],
): Promise<AttemptTimes[]> {
  const found: AttemptTimes[] = [];
  const rows = await fieldsOfMany(
    redis,
    ids.map((id) => attemptKeys.attempt(id)),
    TIMES_FIELDS,
  );
  for (const [
    id,
    state,
    instructionsEndsAt,
    deadlineAt,
    officialAt,
    number,
  ] of rows) {
    if (!id) continue;
    found.push({
      id,
      state: state as AttemptState,
      instructionsEndsAt: numberOrNull(instructionsEndsAt ?? undefined),
      deadlineAt: numberOrNull(deadlineAt ?? undefined),
      officialAt: numberOrNull(officialAt ?? undefined),
      certificateNumber: number ?? null,
    });
  }
  return found;
}

export async function attemptIdsOfSlot(
  redis: Redis,
  slotId: string,
): Promise<string[]> {
  return redis.smembers(attemptKeys.slotAttempts(slotId));
}

export async function attemptIdOfSeat(
  redis: Redis,
  seatId: string,
): Promise<string | null> {
  return redis.get(attemptKeys.seatAttempt(seatId));
}

/**
 * Links a knowledge test's attempt with the assessment it was continued
 * with (chain.ts). True the first time `to` is linked: the caller then
 * writes the `attempt.chained` audit entry, so a repeat writes none.
 */
export async function linkChain(
  redis: Redis,
  from: string,
  to: string,
): Promise<boolean> {
  const replies = await redis
    .multi()
    .hsetnx(attemptKeys.attempt(to), "chainedFrom", from)
    .hset(attemptKeys.attempt(from), "chainedTo", to)
    .exec();
  const [error, first] = replies?.[0] ?? [new Error("chain link not written")];
  if (error) throw error;
  return first === 1;
}

export async function loadForm(redis: Redis, id: string): Promise<Form | null> {
  return jsonOrNull<Form>((await redis.get(attemptKeys.form(id))) ?? undefined);
}

export interface SavedAnswer {
  response: string[];
  seq: number;
  savedAt: number;
}

export async function loadAnswers(
  redis: Redis,
  id: string,
): Promise<Record<string, SavedAnswer>> {
  const hash = await redis.hgetall(attemptKeys.answers(id));
  const answers: Record<string, SavedAnswer> = {};
  for (const [itemId, json] of Object.entries(hash)) {
    const saved = JSON.parse(json) as { r: unknown; seq: number; at: number };
    // cjson encodes an empty Lua table as {}: an empty response.
    answers[itemId] = {
      response: Array.isArray(saved.r) ? (saved.r as string[]) : [],
      seq: saved.seq,
      savedAt: saved.at,
    };
  }
  return answers;
}

export type ScriptError = { error: string; [key: string]: unknown };
export type AttemptSnapshot = {
  id: string;
  state: AttemptState;
  seatId: string;
  slotId: string;
  deadlineAt?: number;
  pausedAt?: number;
  instructionsEndsAt?: number;
  startedAt?: number;
  extraMs: number;
  durationMs: number;
  pausedTotalMs: number;
};
/** What an attempt script accepts (_attempt.lua): the attempt after it. */
type AttemptChange = {
  attempt: AttemptSnapshot;
  noop?: boolean;
} & Record<string, unknown>;
/** `replayed`: the stored reply of a repeated request (redis/request.ts). */
export type CommandResult =
  ({ ok: true; replayed?: true } & AttemptChange) | ScriptError;

/**
 * An attempt script's reply as its callers read it, flat: `ok: true` beside
 * the attempt, a refusal's details beside its id; `request_id_reused` thrown.
 */
function commandResult(raw: unknown): CommandResult {
  const reply = parseRequestReply<AttemptChange>(raw);
  if ("error" in reply) return { error: reply.error, ...reply.details };
  return {
    ok: true,
    ...reply.ok,
    ...(reply.replayed ? { replayed: true as const } : {}),
  };
}

export interface AdmitInput {
  attemptId: string;
  bookingKey: string;
  bookingId: string;
  slotId: string;
  roomId: string;
  /** null: the room's first free seat (admit.lua picks it). */
  seatId: string | null;
  programId: string;
  iin: string;
  fullName: string;
  language: string;
  durationMs: number;
  extraMs: number;
  instructionsMs: number;
  form: Form;
  allowedOptions: [string, string][];
  actor: string;
  accommodationNote: string;
}

/**
 * Creates the attempt and binds the seat in one script (admit.lua), once
 * per request. Without a seat (`null`) the script takes the room's first
 * free one; it refuses `free_seats_unbuilt` for a room whose free seats
 * were never built (`buildFreeSeats`, then again) and `no_free_seat`.
 */
export async function admitAttempt(
  redis: Redis,
  input: AdmitInput,
  request?: CommandRequest,
): Promise<CommandResult> {
  const result = await script("admit").run(
    redis,
    [
      input.bookingKey,
      attemptKeys.attempt(input.attemptId),
      attemptKeys.items(input.attemptId),
      attemptKeys.form(input.attemptId),
      attemptKeys.slotAttempts(input.slotId),
      input.seatId === null ? "" : attemptKeys.seatAttempt(input.seatId),
      `audit:slot:${input.slotId}`,
      `audit:slot:${input.slotId}:head`,
      centerKeys.roomSeatOrder(input.roomId),
    ],
    [
      input.attemptId,
      input.bookingId,
      input.slotId,
      input.roomId,
      input.seatId ?? "",
      input.programId,
      input.iin,
      input.fullName,
      input.language,
      input.durationMs,
      input.extraMs,
      input.instructionsMs,
      JSON.stringify(input.form),
      input.actor,
      JSON.stringify(input.allowedOptions),
      input.accommodationNote,
      ...requestArgs(request),
    ],
  );
  return commandResult(result);
}

export type AttemptCommand =
  | "confirm"
  | "start"
  | "instructions_over"
  | "pause"
  | "resume"
  | "extend"
  | "submit"
  | "expire"
  | "void"
  | "reseat"
  | "reentry"
  | "score"
  | "signoff"
  | "issued"
  | "outage_credit"
  | "reopen";

/** The request of a command on an attempt, by the client's request id. */
export const attemptRequest = (
  requestId: string | undefined,
  attemptId: string,
  command: AttemptCommand,
  actor: string,
  args: Record<string, unknown>,
) => commandRequest(requestId, actor, `attempt.${command}:${attemptId}`, args);

/**
 * Runs one state change (attempt-command.lua). With a request, once: a
 * repeat gets the first reply, marked `replayed`.
 */
export async function runAttemptCommand(
  redis: Redis,
  attemptId: string,
  command: AttemptCommand,
  actor: string,
  args: Record<string, unknown> = {},
  request?: CommandRequest,
): Promise<CommandResult> {
  const result = await script("attempt-command").run(
    redis,
    [attemptKeys.attempt(attemptId)],
    [command, actor, JSON.stringify(args), ...requestArgs(request)],
  );
  return commandResult(result);
}

/**
 * What attempt-handover.lua accepts: the document's hand-over record;
 * `recorded` false when it was recorded before (the first record).
 */
export type HandoverRecorded = { handover: Handover; recorded: boolean };

/**
 * Records the hand-over of the attempt's document `number` with its audit
 * entry (attempt-handover.lua), once per document and per request.
 */
export async function recordHandover(
  redis: Redis,
  input: {
    attemptId: string;
    slotId: string;
    number: string;
    /** The document's key (certificates: revoked documents are not handed over). */
    documentKey: string;
    method: HandoverMethod;
    actor: string;
    staff: { id: string; fullName: string };
  },
  request?: CommandRequest,
): Promise<LuaReply<HandoverRecorded>> {
  const result = await script("attempt-handover").run(
    redis,
    [
      attemptKeys.attempt(input.attemptId),
      input.documentKey,
      `audit:slot:${input.slotId}`,
      `audit:slot:${input.slotId}:head`,
      archiveKeys.pointer(input.slotId),
    ],
    [
      input.number,
      input.method,
      input.actor,
      input.staff.id,
      input.staff.fullName,
      ...requestArgs(request),
    ],
  );
  return parseRequestReply<HandoverRecorded>(result);
}

/** What save-answers.lua accepts; `duplicate`: a repeat or an older message. */
export type AnswerSaved =
  | { seq: number; savedAt: number; duplicate: true; answered: number }
  | {
      seq: number;
      savedAt: number;
      duplicate?: undefined;
      answered: number;
      slotId: string;
    };

/** One answer for save-answers.lua, its ids already the banks' ones. */
export interface AnswerToSave {
  attemptId: string;
  seatId: string;
  itemId: string;
  response: readonly string[];
  seq: number;
  actor: string;
}

/**
 * The one write path for answers (save-answers.lua): a batch applied in
 * order in one atomic step, one verdict per answer, in the same order.
 */
export async function saveAnswers(
  redis: Redis,
  answers: readonly AnswerToSave[],
  graceMs: number,
): Promise<LuaReply<AnswerSaved>[]> {
  const keys: string[] = [];
  const args: (string | number)[] = [graceMs];
  for (const answer of answers) {
    keys.push(
      attemptKeys.attempt(answer.attemptId),
      attemptKeys.items(answer.attemptId),
      attemptKeys.answers(answer.attemptId),
    );
    args.push(
      answer.seatId,
      answer.itemId,
      JSON.stringify(answer.response),
      answer.seq,
      answer.actor,
    );
  }
  const result = await script("save-answers").run(redis, keys, args);
  return (result as unknown[]).map((reply) =>
    parseLuaReply<AnswerSaved>(reply),
  );
}

export type { Incident, Signature };

const incidentKey = (id: string) => `incident:${id}`;
const slotIncidents = (slotId: string) => `slot:${slotId}:incidents`;

export async function addIncident(redis: Redis, incident: Incident) {
  await redis
    .multi()
    .set(incidentKey(incident.id), JSON.stringify(incident))
    .rpush(attemptKeys.incidents(incident.attemptId), incident.id)
    .rpush(slotIncidents(incident.slotId), incident.id)
    .exec();
}

export async function findIncident(
  redis: Redis,
  id: string,
): Promise<Incident | null> {
  return jsonOrNull<Incident>((await redis.get(incidentKey(id))) ?? undefined);
}

export async function saveIncident(redis: Redis, incident: Incident) {
  await redis.set(incidentKey(incident.id), JSON.stringify(incident));
}

/**
 * The one right to give an incident's downtime back: true for the first
 * caller only, and for a repeat of its request (the same `owner`, a hash of
 * the request id), so a grant cut off half-way can be finished.
 */
export async function claimIncidentGrant(
  redis: Redis,
  id: string,
  owner = "1",
): Promise<boolean> {
  const key = `${incidentKey(id)}:granted`;
  if ((await redis.set(key, owner, "NX")) === "OK") return true;
  return owner !== "1" && (await redis.get(key)) === owner;
}

export async function releaseIncidentGrant(
  redis: Redis,
  id: string,
): Promise<void> {
  await redis.del(`${incidentKey(id)}:granted`);
}

async function incidentsByIds(
  redis: Redis,
  ids: string[],
): Promise<Incident[]> {
  if (ids.length === 0) return [];
  return (await redis.mget(ids.map(incidentKey)))
    .filter((json): json is string => json !== null)
    .map((json) => JSON.parse(json) as Incident);
}

export async function listIncidents(
  redis: Redis,
  attemptId: string,
): Promise<Incident[]> {
  return incidentsByIds(
    redis,
    await redis.lrange(attemptKeys.incidents(attemptId), 0, -1),
  );
}

export async function listSlotIncidents(
  redis: Redis,
  slotId: string,
): Promise<Incident[]> {
  return incidentsByIds(
    redis,
    await redis.lrange(slotIncidents(slotId), 0, -1),
  );
}

export async function countIncidents(
  redis: Redis,
  attemptIds: readonly string[],
): Promise<Map<string, number>> {
  const pipeline = redis.pipeline();
  for (const id of attemptIds) pipeline.llen(attemptKeys.incidents(id));
  const results = (await pipeline.exec()) ?? [];
  return new Map(attemptIds.map((id, i) => [id, Number(results[i]?.[1] ?? 0)]));
}

// ---------------------------------------------------------------------------
// Incident handling (incidents.ts): short disconnects that settle by
// themselves, acknowledgements one by one or many at once

/**
 *   attempt:<id>:incidents:settling  zset: incident id → the time its
 *     kiosk came back; short disconnects waiting to be closed automatically
 */
const settlingKey = (attemptId: string) =>
  `attempt:${attemptId}:incidents:settling`;
const slotAudit = (slotId: string) =>
  [`audit:slot:${slotId}`, `audit:slot:${slotId}:head`] as const;
/** cjson encodes an empty list as `{}`. */
const idList = (value: unknown): string[] =>
  Array.isArray(value) ? (value as string[]) : [];

/** A short disconnect to close once the kiosk shows it recovered. */
export async function markSettling(
  redis: Redis,
  incident: Pick<Incident, "id" | "attemptId" | "at">,
): Promise<void> {
  await redis.zadd(settlingKey(incident.attemptId), incident.at, incident.id);
}

/** The settling incidents of an attempt whose kiosk came back by `upTo`. */
export function settlingIncidents(
  redis: Redis,
  attemptId: string,
  upTo: number,
): Promise<string[]> {
  return redis.zrangebyscore(settlingKey(attemptId), "-inf", upTo);
}

/** Settling incidents that will not be closed automatically: they stay open. */
export async function dropSettling(
  redis: Redis,
  attemptId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length > 0) await redis.zrem(settlingKey(attemptId), ...ids);
}

/**
 * Closes the open incidents among `ids` measured under `limitMs`, each
 * with its `incident.auto_closed` entry (incident-autoclose.lua); returns
 * the ids it closed.
 */
export async function autoCloseIncidents(
  redis: Redis,
  input: {
    attemptId: string;
    slotId: string;
    ids: readonly string[];
    limitMs: number;
  },
): Promise<string[]> {
  if (input.ids.length === 0) return [];
  const reply = parseLuaReply<{ closed: unknown }>(
    await script("incident-autoclose").run(
      redis,
      [
        settlingKey(input.attemptId),
        ...slotAudit(input.slotId),
        ...input.ids.map(incidentKey),
      ],
      ["server", input.limitMs, ...input.ids],
    ),
  );
  return "error" in reply ? [] : idList(reply.ok.closed);
}

/**
 * Acknowledges incidents of one slot with one comment, each audited
 * (incident-acknowledge.lua); `episodes`: how many episodes a bulk
 * acknowledgement covered (0 for one incident). Once per request.
 */
export async function acknowledgeIncidentRecords(
  redis: Redis,
  input: {
    slotId: string;
    ids: readonly string[];
    actor: string;
    staffName: string;
    comment: string;
    episodes: number;
  },
  request?: CommandRequest,
): Promise<{ incidentIds: string[]; episodes: number; replayed: boolean }> {
  const reply = parseRequestReply<{ incidentIds: unknown; episodes: number }>(
    await script("incident-acknowledge").run(
      redis,
      [...slotAudit(input.slotId), ...input.ids.map(incidentKey)],
      [
        input.actor,
        input.staffName,
        input.comment,
        input.episodes,
        ...requestArgs(request),
      ],
    ),
  );
  if ("error" in reply) throw new Error(`acknowledge refused: ${reply.error}`);
  return {
    incidentIds: idList(reply.ok.incidentIds),
    episodes: Number(reply.ok.episodes ?? 0),
    replayed: reply.replayed === true,
  };
}
