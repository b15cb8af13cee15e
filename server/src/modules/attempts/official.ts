import {
  officialPosition,
  verificationUrl,
  type AnyOfficialResult,
  type AssessmentResult,
  type OfficialResult,
} from "@shared/certificates";
import { roomPair } from "@shared/booking";
import type { AppContext } from "../../context";
import { LIMITS } from "@shared/limits";
import {
  requestSlotAnalytics,
  requestSlotAnalyticsAt,
} from "../../queues/requests";
import { getBooking, notifyBooking } from "../booking";
import { getCenter, getRoom } from "../centers";
import { getSlot } from "../slots";
import { runCertificateIssueJob, publishOfficialResult } from "../certificates";
import { findAttempt, runAttemptCommand, type Attempt } from "./repository";
import { afterChange } from "./service";

/**
 * The result as the documents need it: names, titles, the score (a
 * knowledge test) or the profile (an assessment), both signers.
 */
export async function buildOfficialResult(
  ctx: AppContext,
  attempt: Attempt,
): Promise<AnyOfficialResult> {
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === attempt.programId,
  );
  const [slot, booking] = await Promise.all([
    getSlot(ctx.redis, attempt.slotId),
    getBooking(ctx.redis, attempt.bookingId),
  ]);
  const [center, room] = slot
    ? await Promise.all([
        getCenter(ctx.redis, slot.centerId),
        getRoom(ctx.redis, slot.roomId),
      ])
    : [null, null];
  // Who the test was for, when the booking named it (titles from the registry).
  const position = booking
    ? officialPosition(booking, ctx.catalog.positionCategories)
    : undefined;
  const { result, profile, signedAdministrator, signedOperator } = attempt;
  if (
    !program ||
    !center ||
    !room ||
    (!result && !profile) ||
    !signedAdministrator ||
    !signedOperator ||
    attempt.startedAt === null
  ) {
    throw new Error(`attempt ${attempt.id} is not ready to be made official`);
  }
  const common = {
    attemptId: attempt.id,
    bookingId: attempt.bookingId,
    slotId: attempt.slotId,
    fullName: attempt.fullName,
    iin: attempt.iin,
    programId: program.id,
    programTitles: program.titles,
    language: attempt.language,
    startedAt: new Date(attempt.startedAt).toISOString(),
    finishedAt: new Date(
      attempt.submittedAt ?? attempt.startedAt,
    ).toISOString(),
    // The documents print the slot's time beside the time actually taken.
    ...(slot ? { scheduledAt: new Date(slot.startsAt).toISOString() } : {}),
    center: {
      name: center.name,
      address: center.address,
      timezone: center.timezone,
    },
    room: roomPair(room.names),
    administrator: {
      id: signedAdministrator.id,
      fullName: signedAdministrator.fullName,
    },
    operator: { id: signedOperator.id, fullName: signedOperator.fullName },
    signedOffAt: new Date(
      Math.max(signedAdministrator.at, signedOperator.at),
    ).toISOString(),
    ...(position ? { position } : {}),
  };
  if (!result) {
    return {
      ...common,
      kind: "assessment",
      profile: profile!,
    } satisfies AssessmentResult;
  }
  const titlesOf = (sectionId: string) =>
    program.sections.find((section) => section.id === sectionId)?.titles ?? {
      kk: sectionId,
      ru: sectionId,
      en: sectionId,
    };
  return {
    ...common,
    kind: result.passed ? "certificate" : "reference",
    sections: result.sections.map((section) => ({
      ...section,
      titles: titlesOf(section.sectionId),
    })),
    correct: result.correct,
    total: result.total,
    minCorrectTotal: result.minCorrectTotal,
    passed: result.passed,
    // Validity counts from the test date (`startedAt`); the document adds
    // CERT_VALIDITY_DAYS when the program sets none.
    ...(program.validityDays === undefined
      ? {}
      : { validityDays: program.validityDays }),
  } satisfies OfficialResult;
}

/** Official results go to the documents: stored, listed for the protocol, queued. */
export async function publishOfficial(
  ctx: AppContext,
  attemptId: string,
): Promise<void> {
  const attempt = await findAttempt(ctx.redis, attemptId);
  if (!attempt) return;
  await publishOfficialResult(ctx, await buildOfficialResult(ctx, attempt));
  await requestSlotAnalytics(ctx, attempt.slotId);
}

/**
 * The `certificate.issue` job: the document is rendered and signed, then the
 * attempt becomes `issued` and the booking shows the document's number.
 */
export async function issueAttemptDocument(
  ctx: AppContext,
  payload: { attemptId: string },
): Promise<void> {
  const { document, kind } = await runCertificateIssueJob(ctx, payload);
  const result = await runAttemptCommand(
    ctx.redis,
    payload.attemptId,
    "issued",
    "system:documents",
    { number: document.number, kind },
  );
  if (!("error" in result) && !result.noop) {
    await afterChange(ctx, payload.attemptId, { reason: "issued" });
    // The time to the document issued is part of the slot's compliance;
    // so is a hand-over nobody records: look again once its limit passed.
    const issued = await findAttempt(ctx.redis, payload.attemptId);
    if (issued) {
      await requestSlotAnalytics(ctx, issued.slotId);
      await requestSlotAnalyticsAt(
        ctx,
        issued.slotId,
        (issued.submittedAt ?? ctx.clock.now()) +
          LIMITS.maxHandoverMinutes * 60_000 +
          1_000,
      );
    }
  }
  if (!("error" in result)) {
    // Also on a re-run (noop): the message is one per document number.
    const attempt = await findAttempt(ctx.redis, payload.attemptId);
    const booking = attempt && (await getBooking(ctx.redis, attempt.bookingId));
    if (booking) {
      await notifyBooking(
        ctx,
        booking,
        "result.ready",
        {
          document: kind,
          documentNumber: document.number,
          verifyLink: verificationUrl(ctx.publicUrl, document.number),
        },
        document.number,
      );
    }
  }
}
