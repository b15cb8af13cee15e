import type { z } from "zod";
import type {
  AnalyticsRange,
  AnalyticsRequested,
  CenterCompliance,
  ProgramAnalytics,
  ProgramItems,
  SlotAnalyticsSchema,
  SlotCompliance,
} from "@shared/analytics";
import type { Form } from "@shared/banks";
import type { ProgramReliability } from "@shared/reliability";
import type { AppContext } from "../../context";
import { badRequest, conflict, notFound, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { filterInScope } from "../../http/scope";
import { archiveDir, isArchived, readSlotArchive } from "../../archive/store";
import { redisNow } from "../../redis/connection";
import { requestSlotAnalytics } from "../../queues/requests";
import {
  attemptIdsOfSlot,
  findAttempts,
  loadAnswers,
  loadForm,
  type Attempt,
} from "../attempts";
import { appendAudit } from "../audit";
import { seesAnswerKeys } from "../banks";
import { getCenter } from "../centers";
import { complaintCounts } from "../complaints";
import { getSlot } from "../slots";
import { centerCompliance } from "./center-compliance";
import { itemStatisticsTable, slotResultsTable, type Table } from "./exports";
import { respondentOf, scalesOf } from "./program-reliability";
import { reliabilityReport, type Respondent } from "./reliability";
import {
  analyticsKeys,
  getProgramItems,
  getSlotAnalytics,
  getSlotSummaries,
  programSlotIds,
  type SlotAnalytics,
} from "./repository";
import { describeSummary, mergeSummaries, type ItemStatistics } from "./stats";

// What the analytics API reads: every view comes from what the
// `analytics.compute` job stored; nothing is computed from raw results in
// a request, except a personal-qualities program's reliability
// (programReliability, at the end).

type Viewer = Pick<StaffPrincipal, "role" | "scope">;
type ItemLanguage = ProgramItems["language"];

function rangeOf(query: AnalyticsRange) {
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  if (from > to)
    throw badRequest("invalid_range", "The period ends before it begins.");
  return { from, to };
}

/**
 * Item statistics as a role may see them: for hall staff every option's
 * share stays, only the marking of the key goes (banks/key-access.ts).
 */
function itemsFor(viewer: Viewer, items: ItemStatistics[]) {
  if (seesAnswerKeys(viewer)) return items;
  return items.map((item) => ({
    ...item,
    optionShares: item.optionShares.map(({ key: _key, ...share }) => share),
  }));
}

/**
 * An archived slot's stored analytics, from its archive file (read on
 * demand): the key as it was dumped, else the record's copy.
 */
async function archivedSlotAnalytics(
  ctx: AppContext,
  slotId: string,
): Promise<SlotAnalytics | null> {
  if (!(await isArchived(ctx.redis, slotId))) return null;
  const file = await readSlotArchive(ctx.redis, archiveDir(ctx.env), slotId);
  if (!file) return null;
  const key = analyticsKeys.slot(slotId);
  const dumped = file.keys.find((entry) => entry.key === key);
  if (dumped?.type === "string") {
    return JSON.parse(dumped.value) as SlotAnalytics;
  }
  const recorded = file.record.analytics as SlotAnalytics | null | undefined;
  return recorded ?? null;
}

/**
 * An archived slot's center, from its archive file, for the routes' scope
 * check (the slot's key is gone); null when the slot is not archived.
 */
export async function centerOfArchivedSlot(
  ctx: AppContext,
  slotId: string,
): Promise<string | null> {
  if (!(await isArchived(ctx.redis, slotId))) return null;
  const file = await readSlotArchive(ctx.redis, archiveDir(ctx.env), slotId);
  const slot = file?.record.slot as { centerId?: string } | undefined;
  return slot?.centerId || null;
}

async function storedSlot(
  ctx: AppContext,
  slotId: string,
): Promise<SlotAnalytics> {
  const analytics =
    (await getSlotAnalytics(ctx.redis, slotId)) ??
    (await archivedSlotAnalytics(ctx, slotId));
  if (!analytics) {
    throw notFound(
      "analytics_not_ready",
      "There are no analytics for this slot yet: they are computed when its results become official.",
    );
  }
  return analytics;
}

async function storedProgramItems(ctx: AppContext, programId: string) {
  const analytics = await getProgramItems(ctx.redis, programId);
  if (!analytics)
    throw notFound(
      "analytics_not_ready",
      "There are no item statistics for this program yet.",
    );
  return analytics;
}

/** A slot's analytics as the viewer may see them, without raw results. */
export async function slotAnalyticsView(
  ctx: AppContext,
  slotId: string,
  viewer: Viewer,
): Promise<z.infer<typeof SlotAnalyticsSchema>> {
  const { results: _results, ...analytics } = await storedSlot(ctx, slotId);
  return { ...analytics, items: itemsFor(viewer, analytics.items) };
}

/** A slot's service-standard compliance. */
export async function slotComplianceView(
  ctx: AppContext,
  slotId: string,
): Promise<SlotCompliance> {
  const analytics = await storedSlot(ctx, slotId);
  return {
    slotId: analytics.slotId,
    computedAt: analytics.computedAt,
    ...analytics.compliance,
  };
}

/** Queues a slot's analytics again (audited); only once a result is official. */
export async function requestSlotRecompute(
  ctx: AppContext,
  slotId: string,
  actor: string,
): Promise<AnalyticsRequested> {
  const slot = await getSlot(ctx.redis, slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  const attempts = await findAttempts(
    ctx.redis,
    await attemptIdsOfSlot(ctx.redis, slot.id),
  );
  if (
    !attempts.some(
      (attempt) => attempt.officialAt !== null && attempt.state !== "voided",
    )
  ) {
    throw conflict(
      "results_not_official",
      "No result of this slot is official yet; analytics are computed from official results.",
    );
  }
  const requestedAt = await requestSlotAnalytics(ctx, slot.id, 0);
  await appendAudit(ctx.redis, `slot:${slot.id}`, {
    actor,
    action: "analytics.requested",
    subject: `slot:${slot.id}`,
  });
  return { slotId: slot.id, requestedAt };
}

/** A program over a period: the stored slot summaries in scope, added up. */
export async function programAnalytics(
  ctx: AppContext,
  programId: string,
  query: AnalyticsRange,
  viewer: Viewer,
): Promise<ProgramAnalytics> {
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === programId,
  );
  if (!program)
    throw notFound("program_not_found", `There is no program "${programId}".`);
  const { from, to } = rangeOf(query);
  // Each slot's small stored summary (counts, no results), added up.
  const slots = filterInScope(
    viewer,
    await getSlotSummaries(
      ctx.redis,
      await programSlotIds(ctx.redis, program.id, from, to),
    ),
    (slot) => slot.centerId,
  );
  const sectionIds = program.sections.map((section) => section.id);
  return {
    programId: program.id,
    from: query.from ?? null,
    to: query.to ?? null,
    minCorrectTotal: program.minCorrectTotal,
    sectionIds,
    distribution: describeSummary(
      mergeSummaries(slots.map((slot) => slot.summary)),
      sectionIds,
    ),
    slots: slots.map((slot) => ({
      slotId: slot.slotId,
      centerId: slot.centerId,
      startsAt: slot.startsAt,
      computedAt: slot.computedAt,
      candidates: slot.candidates,
      passRate: slot.passRate,
    })),
  };
}

/** A program's item statistics in one language view, as the viewer may see them. */
export async function programItemsView(
  ctx: AppContext,
  programId: string,
  language: ItemLanguage,
  viewer: Viewer,
): Promise<ProgramItems> {
  const analytics = await storedProgramItems(ctx, programId);
  return {
    ...analytics,
    language,
    items: itemsFor(viewer, analytics.items[language]),
  };
}

/** A center's service-standard compliance over a period. */
export async function centerComplianceReport(
  ctx: AppContext,
  centerId: string,
  query: AnalyticsRange,
): Promise<CenterCompliance> {
  const center = await getCenter(ctx.redis, centerId);
  if (!center) throw notFound("center_not_found", "There is no such center.");
  const { from, to } = rangeOf(query);
  const { stages, slots } = await centerCompliance(
    ctx.redis,
    center.id,
    from,
    to,
  );
  const complaints = await complaintCounts(ctx, center.id, from, to);
  return {
    centerId: center.id,
    from: query.from ?? null,
    to: query.to ?? null,
    stages,
    slots: slots.map((slot) => ({
      slotId: slot.slotId,
      programId: slot.programId,
      startsAt: slot.startsAt,
      stages: slot.compliance.stages,
    })),
    complaints,
  };
}

/** A slot's official results as a table (one row per candidate). */
export async function slotResultsExport(
  ctx: AppContext,
  slotId: string,
): Promise<Table> {
  return slotResultsTable(await storedSlot(ctx, slotId));
}

/** A program's item statistics as a table; the keys only for who may see them. */
export async function programItemsExport(
  ctx: AppContext,
  programId: string,
  language: ItemLanguage,
  viewer: Viewer,
): Promise<Table> {
  return itemStatisticsTable(
    await storedProgramItems(ctx, programId),
    language,
    { keys: seesAnswerKeys(viewer) },
  );
}

/** Attempts whose forms and answers are read at once (bounded memory). */
const RELIABILITY_BATCH = 200;

/**
 * A personal-qualities program's reliability report, computed at the
 * request from its scored attempts (scored or issued; voided ones are
 * neither) in every slot of the program with stored analytics: the
 * program's slot index of the `analytics.compute` job, then each slot's
 * attempt set. Unlike the other views it is not stored: only
 * network-wide staff read it, and the job keeps no profile's answers.
 */
export async function programReliability(
  ctx: AppContext,
  programId: string,
): Promise<ProgramReliability> {
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === programId,
  );
  if (!program)
    throw notFound("program_not_found", `There is no program "${programId}".`);
  if (program.kind !== "personal-qualities")
    throw unprocessable(
      "not_an_assessment",
      `Program "${programId}" is a knowledge test: its items have item statistics, not scale reliability.`,
    );
  const computedAt = await redisNow(ctx.redis);
  const slotIds = await programSlotIds(ctx.redis, program.id);
  const attemptIds = (
    await Promise.all(
      slotIds.map((slotId) => attemptIdsOfSlot(ctx.redis, slotId)),
    )
  ).flat();
  const scored: Attempt[] = [];
  for (let start = 0; start < attemptIds.length; start += RELIABILITY_BATCH) {
    const batch = await findAttempts(
      ctx.redis,
      attemptIds.slice(start, start + RELIABILITY_BATCH),
    );
    scored.push(
      ...batch.filter(
        (attempt) =>
          attempt.programId === program.id &&
          (attempt.state === "scored" || attempt.state === "issued"),
      ),
    );
  }
  scored.sort(
    (a, b) => a.admittedAt - b.admittedAt || a.id.localeCompare(b.id),
  );

  const respondents: Respondent[] = [];
  const forms: Form[] = [];
  for (let start = 0; start < scored.length; start += RELIABILITY_BATCH) {
    const batch = scored.slice(start, start + RELIABILITY_BATCH);
    const read = await Promise.all(
      batch.map((attempt) =>
        Promise.all([
          loadForm(ctx.redis, attempt.id),
          loadAnswers(ctx.redis, attempt.id),
        ]),
      ),
    );
    batch.forEach((attempt, index) => {
      const [form, answers] = read[index]!;
      if (!form) return;
      forms.push(form);
      const responses = Object.fromEntries(
        Object.entries(answers).map(([itemId, saved]) => [
          itemId,
          saved.response,
        ]),
      );
      respondents.push(
        respondentOf(attempt.language, form, responses, ctx.catalog.itemsById),
      );
    });
  }
  const itemOrder = new Map(
    [...ctx.catalog.itemsById.keys()].map((itemId, index) => [itemId, index]),
  );
  const report = reliabilityReport(
    scalesOf(program, forms, itemOrder),
    respondents,
  );
  return {
    programId: program.id,
    computedAt,
    slots: slotIds.length,
    respondents: {
      kk: respondents.filter((respondent) => respondent.language === "kk")
        .length,
      ru: respondents.filter((respondent) => respondent.language === "ru")
        .length,
    },
    ...report,
  };
}
