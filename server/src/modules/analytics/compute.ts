import { programQuestionCount } from "@shared/banks";
import type { AppContext } from "../../context";
import { redisNow } from "../../redis/connection";
import {
  attemptIdsOfSlot,
  countIncidents,
  findAttempts,
  loadAnswers,
  loadForm,
  type Attempt,
} from "../attempts";
import { readAudit, type AuditEntry } from "../audit";
import { isCorrect, voidedItemsOf } from "../banks";
import { listSlotBookings } from "../booking";
import { getSlot } from "../slots";
import {
  compareLanguagesFromCounts,
  itemsOfLanguage,
  itemStatisticsFromCounts,
} from "./item-counts";
import {
  backfillSlotCounts,
  getProgramCounts,
  getSlotAnalytics,
  getSlotAnalyticsMany,
  markProgramCountsReady,
  programSlotIds,
  saveProgramItems,
  saveSlotAnalytics,
  slotsWithoutCounts,
  type CandidateRow,
  type ComplianceRow,
  type SlotAnalytics,
} from "./repository";
import {
  complianceOf,
  describeSummary,
  itemStatistics,
  measureStages,
  summarize,
  timeOnItems,
  type AnalyticsSettings,
  type CandidateResult,
  type CandidateTimeline,
  type ItemKey,
} from "./stats";

export function analyticsSettings(ctx: AppContext): AnalyticsSettings {
  return {
    minDiscrimination: ctx.env.ANALYTICS_MIN_DISCRIMINATION,
    languageMargin: ctx.env.ANALYTICS_LANGUAGE_MARGIN,
    minDrawn: ctx.env.ANALYTICS_MIN_DRAWN,
  };
}

/**
 * The `analytics.compute` job. Idempotent: a request already covered by a
 * run that started after it (a burst of sign-offs) is skipped.
 */
export async function runAnalyticsJob(
  ctx: AppContext,
  payload: { slotId: string; requestedAt: number },
): Promise<void> {
  const stored = await getSlotAnalytics(ctx.redis, payload.slotId);
  if (stored && stored.computedAt >= payload.requestedAt) return;
  const computed = await computeSlotAnalytics(ctx, payload.slotId);
  if (computed) await computeProgramItems(ctx, computed.programId);
}

export interface AttemptEvents {
  instructionsAt: number | null;
  /** The start rule's hold, as the confirmation or the start recorded it. */
  heldUntil: number | null;
  startedAt: number | null;
  endedAt: number | null;
  officialAt: number | null;
  issuedAt: number | null;
  /** The first recorded hand-over of a document to the candidate. */
  handedOverAt: number | null;
  /** Pauses, and the time outages took (given back, or before a reopening). */
  pauses: { from: number; to: number }[];
  /** The outages' part of `pauses`. */
  outageMs: number;
  saves: { itemId: string; at: number }[];
}

const heldUntilOf = (entry: AuditEntry): number | null => {
  const held = Number(entry.data.heldUntil);
  return entry.data.heldUntil !== undefined && Number.isFinite(held)
    ? held
    : null;
};

/** Reads one attempt's day from its entries in the slot's audit stream. */
export function eventsOf(entries: readonly AuditEntry[]): AttemptEvents {
  const events: AttemptEvents = {
    instructionsAt: null,
    heldUntil: null,
    startedAt: null,
    endedAt: null,
    officialAt: null,
    issuedAt: null,
    handedOverAt: null,
    pauses: [],
    outageMs: 0,
    saves: [],
  };
  let pausedAt: number | null = null;
  for (const entry of entries) {
    switch (entry.action) {
      case "attempt.instructions":
        events.instructionsAt ??= entry.at;
        events.heldUntil ??= heldUntilOf(entry);
        break;
      case "attempt.started":
        events.startedAt ??= entry.at;
        events.heldUntil ??= heldUntilOf(entry);
        break;
      case "attempt.paused":
        pausedAt = entry.at;
        break;
      case "attempt.resumed":
        if (pausedAt !== null)
          events.pauses.push({ from: pausedAt, to: entry.at });
        pausedAt = null;
        break;
      case "attempt.submitted":
      case "attempt.expired":
        events.endedAt ??= entry.at;
        if (pausedAt !== null)
          events.pauses.push({ from: pausedAt, to: entry.at });
        pausedAt = null;
        break;
      case "attempt.outage_credited": {
        // The outage's time came back on the deadline: like a pause, it
        // was no working time (from when the outage took it).
        const from = Number(entry.data.from);
        const ms = Number(entry.data.ms);
        if (Number.isFinite(from) && ms > 0) {
          events.pauses.push({ from, to: from + ms });
          events.outageMs += ms;
        }
        break;
      }
      case "attempt.reopened": {
        // An outage expired it; from the outage's start to the reopening
        // nobody could work, and the test ends again later.
        const stoppedMs = Number(entry.data.stoppedMs);
        if (stoppedMs > 0) {
          events.pauses.push({ from: entry.at - stoppedMs, to: entry.at });
          events.outageMs += stoppedMs;
        }
        events.endedAt = null;
        break;
      }
      case "attempt.official":
        events.officialAt ??= entry.at;
        break;
      case "attempt.issued":
        events.issuedAt ??= entry.at;
        break;
      case "document.handed_over":
        events.handedOverAt ??= entry.at;
        break;
      case "answer.saved":
        if (typeof entry.data.itemId === "string")
          events.saves.push({ itemId: entry.data.itemId, at: entry.at });
        break;
    }
  }
  return events;
}

/** Time the test clock did not count against the candidate: pauses, outages. */
const pausedMsOf = (events: AttemptEvents) =>
  events.pauses.reduce((sum, pause) => sum + pause.to - pause.from, 0);

/**
 * Computes and stores a slot's analytics from its official results and
 * audit stream; null when there is no such slot or a newer run stored its own.
 */
export async function computeSlotAnalytics(
  ctx: AppContext,
  slotId: string,
): Promise<SlotAnalytics | null> {
  // Redis TIME, before anything is read: a request made before this run
  // started is covered by it (runAnalyticsJob), whichever process made it.
  const computedAt = await redisNow(ctx.redis);
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) return null;
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === slot.programId,
  );
  if (!program)
    throw new Error(
      `analytics: program ${slot.programId} of slot ${slotId} is not loaded`,
    );
  const settings = analyticsSettings(ctx);
  const [attempts, audit, bookings, voided] = await Promise.all([
    findAttempts(ctx.redis, await attemptIdsOfSlot(ctx.redis, slotId)),
    readAudit(ctx.redis, `slot:${slotId}`, (entry) =>
      entry.subject.startsWith("attempt:"),
    ),
    listSlotBookings(ctx.redis, slotId),
    voidedItemsOf(ctx.redis, slot.programId),
  ]);
  const bySubject = new Map<string, AuditEntry[]>();
  for (const entry of audit) {
    const list = bySubject.get(entry.subject) ?? [];
    list.push(entry);
    bySubject.set(entry.subject, list);
  }
  const bookingOf = new Map(bookings.map((booking) => [booking.id, booking]));
  const counted = attempts
    .filter((attempt) => attempt.state !== "voided")
    .sort((a, b) => a.admittedAt - b.admittedAt || a.id.localeCompare(b.id));
  const incidentCounts = await countIncidents(
    ctx.redis,
    counted.map((attempt) => attempt.id),
  );
  const events = new Map(
    counted.map((attempt) => [
      attempt.id,
      eventsOf(bySubject.get(`attempt:${attempt.id}`) ?? []),
    ]),
  );

  const official = counted.filter(
    (
      attempt,
    ): attempt is Attempt & {
      result: NonNullable<Attempt["result"]>;
      officialAt: number;
    } => attempt.officialAt !== null && attempt.result !== null,
  );
  const results: CandidateResult[] = [];
  const candidates: CandidateRow[] = [];
  for (const attempt of official) {
    const [form, answers] = await Promise.all([
      loadForm(ctx.redis, attempt.id),
      loadAnswers(ctx.redis, attempt.id),
    ]);
    if (!form) continue;
    const attemptEvents = events.get(attempt.id)!;
    const startedAt =
      attempt.startedAt ?? attemptEvents.startedAt ?? attempt.admittedAt;
    const times = timeOnItems(
      startedAt,
      attemptEvents.saves,
      attemptEvents.pauses,
    );
    const endedAt = attempt.submittedAt ?? attemptEvents.endedAt ?? startedAt;
    const timeUsedMs = Math.max(
      0,
      endedAt - startedAt - attempt.pausedTotalMs - attemptEvents.outageMs,
    );
    const incidents = incidentCounts.get(attempt.id) ?? 0;
    const pauses = (bySubject.get(`attempt:${attempt.id}`) ?? []).filter(
      (entry) => entry.action === "attempt.paused",
    ).length;
    const sections = attempt.result.sections.map(
      ({ sectionId, correct, total, passed }) => ({
        sectionId,
        correct,
        total,
        passed,
      }),
    );
    results.push({
      attemptId: attempt.id,
      language: attempt.language,
      correct: attempt.result.correct,
      total: attempt.result.total,
      passed: attempt.result.passed,
      sections,
      timeUsedMs,
      incidents,
      pauses,
      items: form.items.map((formItem) => {
        const chosen = answers[formItem.itemId]?.response ?? [];
        const bankItem = ctx.catalog.itemsById.get(formItem.itemId);
        return {
          itemId: formItem.itemId,
          sectionId: formItem.sectionId,
          chosen,
          correct: bankItem ? isCorrect(bankItem, chosen) : false,
          timeMs: times.get(formItem.itemId) ?? null,
          ...(voided.has(formItem.itemId) ? { voided: true } : {}),
        };
      }),
    });
    candidates.push({
      attemptId: attempt.id,
      bookingId: attempt.bookingId,
      fullName: attempt.fullName,
      iin: attempt.iin,
      language: attempt.language,
      seatId: attempt.seatId,
      correct: attempt.result.correct,
      total: attempt.result.total,
      passed: attempt.result.passed,
      sections,
      timeUsedMs,
      incidents,
      pauses,
      officialAt: attempt.officialAt,
      certificateNumber: attempt.certificateNumber,
    });
  }

  const complianceRows: ComplianceRow[] = counted.map((attempt) => {
    const attemptEvents = events.get(attempt.id)!;
    const timeline: CandidateTimeline = {
      attemptId: attempt.id,
      fullName: attempt.fullName,
      seatId: attempt.seatId,
      bookingSource: bookingOf.get(attempt.bookingId)?.source ?? "online",
      bookingFormOpenedAt:
        bookingOf.get(attempt.bookingId)?.formOpenedAt ?? null,
      bookedAt: bookingOf.get(attempt.bookingId)?.createdAt ?? 0,
      slotStartsAt: slot.startsAt,
      admittedAt: attempt.admittedAt,
      instructionsAt: attemptEvents.instructionsAt,
      heldUntil: attemptEvents.heldUntil,
      startedAt: attemptEvents.startedAt,
      endedAt: attemptEvents.endedAt,
      pausedMs: pausedMsOf(attemptEvents),
      entitledMs: attempt.durationMs + attempt.extraMs,
      officialAt: attemptEvents.officialAt,
      issuedAt: attemptEvents.issuedAt,
      handedOverAt: attemptEvents.handedOverAt,
    };
    return {
      attemptId: attempt.id,
      fullName: attempt.fullName,
      slotId,
      stages: measureStages(timeline, computedAt, ctx.env.ANSWER_GRACE_MS),
    };
  });

  const maxScore = programQuestionCount(program);
  const sectionIds = program.sections.map((section) => section.id);
  const summary = summarize(results, maxScore);
  const analytics: SlotAnalytics = {
    slotId,
    centerId: slot.centerId,
    programId: slot.programId,
    startsAt: slot.startsAt,
    computedAt,
    settings,
    maxScore,
    minCorrectTotal: program.minCorrectTotal,
    sectionIds,
    summary,
    distribution: describeSummary(summary, sectionIds),
    candidates,
    results,
    items: itemStatistics(results, itemKeys(ctx), settings),
    compliance: {
      stages: complianceOf(complianceRows),
      candidates: complianceRows,
    },
  };
  if (!(await saveSlotAnalytics(ctx.redis, analytics))) {
    // A run that started later stored a newer reading, and does the program.
    return null;
  }
  ctx.logger.info({ slotId, candidates: results.length }, "analytics computed");
  return analytics;
}

function itemKeys(ctx: AppContext): Map<string, ItemKey> {
  const keys = new Map<string, ItemKey>();
  for (const [itemId, item] of ctx.catalog.itemsById)
    keys.set(itemId, { itemId, options: item.options, correct: item.correct });
  return keys;
}

/**
 * Adds the counts of the program's slots stored before counts existed
 * (analytics stored by an older version), once: each slot only if it has
 * none (backfillSlotCounts), then the program's counts are marked ready.
 * Idempotent, and safe beside runs of new slots (they add their own counts
 * whether or not the program's are ready). Returns the slots it read.
 */
async function backfillProgramCounts(
  ctx: AppContext,
  programId: string,
): Promise<number> {
  const missing = await slotsWithoutCounts(
    ctx.redis,
    await programSlotIds(ctx.redis, programId),
  );
  let read = 0;
  for (let start = 0; start < missing.length; start += BACKFILL_BATCH) {
    const slots = await getSlotAnalyticsMany(
      ctx.redis,
      missing.slice(start, start + BACKFILL_BATCH),
    );
    read += slots.length;
    for (const slot of slots) await backfillSlotCounts(ctx.redis, slot);
  }
  await markProgramCountsReady(ctx.redis, programId);
  if (missing.length > 0)
    ctx.logger.info(
      { programId, slots: missing.length },
      "analytics: program item counts backfilled",
    );
  return read;
}

/** Older slots whose stored analytics are read at once in a backfill. */
const BACKFILL_BATCH = 50;

/**
 * A program's item statistics over every slot with stored analytics, in
 * all languages and per language, with the kk/ru comparison: from the
 * program's merged item counts (each slot's run replaced its own share in
 * them), so the cost does not grow with the number of slots. Returns how
 * many slots' stored analytics it read: none, but once for slots stored
 * before the counts existed.
 */
export async function computeProgramItems(
  ctx: AppContext,
  programId: string,
): Promise<{ slotsRead: number }> {
  const computedAt = ctx.clock.now();
  const settings = analyticsSettings(ctx);
  const [counted, voided] = await Promise.all([
    getProgramCounts(ctx.redis, programId),
    voidedItemsOf(ctx.redis, programId),
  ]);
  let stored = counted;
  let slotsRead = 0;
  if (!stored.ready) {
    slotsRead = await backfillProgramCounts(ctx, programId);
    stored = await getProgramCounts(ctx.redis, programId);
  }
  const { counts, version } = stored;
  const keys = itemKeys(ctx);
  await saveProgramItems(
    ctx.redis,
    {
      programId,
      computedAt,
      settings,
      slots: counts.slots,
      candidates: counts.candidates,
      voidedItemIds: [...voided].sort(),
      items: {
        all: itemStatisticsFromCounts(
          itemsOfLanguage(counts, "all"),
          keys,
          settings,
        ),
        kk: itemStatisticsFromCounts(counts.items.kk, keys, settings),
        ru: itemStatisticsFromCounts(counts.items.ru, keys, settings),
      },
      languages: compareLanguagesFromCounts(counts, keys, settings),
    },
    version,
  );
  return { slotsRead };
}
