import { Router } from "express";
import { z } from "zod";
import {
  APPEAL_GROUNDS,
  APPEAL_TEXT_MAX,
  AppealDecisionInput,
  AppealPolicy,
  AppealDetail,
  AppealRequest,
  AppealStats,
  AppealSummary,
  PublicAppeal,
} from "@shared/appeals";
import type { AppContext } from "../../context";
import { clientIp } from "../../http/rate-limit";
import { defineRoute, type StaffPrincipal } from "../../http/route";
import { assertInScope, filterInScope } from "../../http/scope";
import { outOfScope } from "../../errors";
import { BookingStatusView } from "@shared/booking";
import {
  bookingCodeOf,
  CODE_ERRORS,
  findBookingWithCode,
  viewBooking,
} from "../booking";
import { seesAnswerKeys } from "../banks";
import { bookingComplaintsView } from "../complaints";
import { centerOfSlot } from "../slots";
import {
  appealDetail,
  appealStats,
  centerOfAppeal,
  decideAppeal,
  listAppealSummaries,
  startReview,
} from "./service";
import { bookingAppealView, fileAppeal } from "./candidate";

const Id = z.string().min(1).max(64);
/** Who reads appeals (the administrator only the list and the numbers). */
const READERS = [
  "reviewer",
  "manager",
  "administrator",
  "network-manager",
] as const;
/** Who decides (the detail shows keys only to those key-access.ts allows). */
const DECIDERS = ["reviewer", "manager", "network-manager"] as const;

/**
 * Appeals: filed by the candidate with the booking code, decided by
 * reviewers. The booking's status page is served here too: it shows the
 * booking with its appeals and re-issued documents.
 */
export function appealRoutes(ctx: AppContext): Router {
  const router = Router();
  const appealCenter = ({ appealId }: { appealId: string }) =>
    centerOfAppeal(ctx, appealId);
  /**
   * An appeal shows the answer key: a manager of some centers reads the
   * list and the numbers, reviewers and network managers decide. Checked
   * (as the routes' guard) before the body is read, like the center.
   */
  const requireKeys = (actor: StaffPrincipal) => {
    if (!seesAnswerKeys(actor)) {
      throw outOfScope(
        "An appeal shows the answer key: reviewers and managers of the whole network decide appeals.",
      );
    }
  };
  /** The appeals of the centers in the staff member's scope. */
  const inScope = async (actor: StaffPrincipal, appeals: AppealSummary[]) => {
    if (actor.scope.kind === "network") return appeals;
    const slotIds = [...new Set(appeals.map((appeal) => appeal.slotId))];
    const centers = new Map(
      await Promise.all(
        slotIds.map(
          async (slotId) => [slotId, await centerOfSlot(ctx, slotId)] as const,
        ),
      ),
    );
    return filterInScope(actor, appeals, (appeal) =>
      centers.get(appeal.slotId),
    );
  };

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/bookings/:bookingId/appeals",
    summary:
      "Appeal the official result (the booking code in the X-Booking-Code header) within the appeal window",
    tags: ["appeals"],
    access: "public",
    status: 201,
    params: z.object({ bookingId: Id }),
    body: AppealRequest,
    response: PublicAppeal,
    errors: {
      404: "No booking with this id and code (booking_not_found)",
      409: "Not official yet (appeal_not_official), window closed (appeal_window_closed), an appeal is open (appeal_already_open)",
      422: "No question named (appeal_item_required), not on the form (appeal_item_not_on_form), or a question_wrong appeal on an assessment, whose statements have no right answers (appeal_no_key)",
      429: "Rate limited, or too many wrong codes",
    },
    handler: async ({ params, body, req }) =>
      fileAppeal(
        ctx,
        await findBookingWithCode(ctx, {
          bookingId: params.bookingId,
          code: bookingCodeOf(req),
          clientIp: clientIp(req),
        }),
        body,
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/appeals/policy",
    summary:
      "The appeal rules: the window in working days, the holidays skipped, the grounds",
    tags: ["appeals"],
    access: "public",
    response: AppealPolicy,
    handler: () =>
      Promise.resolve({
        workingDays: ctx.env.APPEAL_WINDOW_WORKING_DAYS,
        holidays: ctx.env.APPEAL_HOLIDAYS,
        grounds: [...APPEAL_GROUNDS],
        textMaxLength: APPEAL_TEXT_MAX,
      }),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/appeals",
    summary: "Appeals, newest first; `itemId` lists those naming one question",
    tags: ["appeals"],
    access: READERS,
    query: z.object({ itemId: z.string().min(1).max(64).optional() }),
    response: z.array(AppealSummary),
    handler: async ({ query, actor }) =>
      inScope(
        actor,
        await listAppealSummaries(
          ctx,
          query.itemId ? { itemId: query.itemId } : {},
        ),
      ),
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/appeals/stats",
    summary:
      "Appeals filed, open, upheld and rejected (of one's centers), and items voided (program-wide)",
    tags: ["appeals"],
    access: READERS,
    response: AppealStats,
    handler: async ({ actor }) => {
      const stats = await appealStats(ctx);
      if (actor.scope.kind === "network") return stats;
      // Voiding a question is program-wide: that count stays the network's.
      const appeals = await inScope(actor, await listAppealSummaries(ctx, {}));
      const upheld = appeals.filter((a) => a.decision === "upheld").length;
      const rejected = appeals.filter((a) => a.decision === "rejected").length;
      return {
        filed: appeals.length,
        open: appeals.length - upheld - rejected,
        upheld,
        rejected,
        itemsVoided: stats.itemsVoided,
      };
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/appeals/:appealId",
    summary:
      "An appeal with the attempt's answers item by item (with the keys) and its audit timeline",
    tags: ["appeals"],
    access: DECIDERS,
    params: z.object({ appealId: Id }),
    center: appealCenter,
    guard: requireKeys,
    response: AppealDetail,
    errors: { 404: "Unknown appeal (appeal_not_found)" },
    handler: ({ params }) => appealDetail(ctx, params.appealId),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/appeals/:appealId/review",
    summary: "Take a filed appeal up: the candidate sees it under review",
    tags: ["appeals"],
    access: DECIDERS,
    params: z.object({ appealId: Id }),
    center: appealCenter,
    guard: requireKeys,
    response: AppealDetail,
    errors: {
      404: "Unknown appeal (appeal_not_found)",
      409: "Already under review or decided (appeal_not_filed)",
    },
    handler: ({ params, actor }) => startReview(ctx, params.appealId, actor),
  });

  defineRoute(router, ctx.registry, {
    method: "post",
    path: "/appeals/:appealId/decision",
    summary:
      "Decide with a reason: rejected, or upheld (voids the question and re-scores, or grants a retest on the chosen slot)",
    tags: ["appeals"],
    access: DECIDERS,
    params: z.object({ appealId: Id }),
    center: appealCenter,
    guard: requireKeys,
    body: AppealDecisionInput,
    idempotent: true,
    response: AppealDetail,
    errors: {
      404: "Unknown appeal or slot",
      409: "Already decided (appeal_already_decided), retest slot cancelled (slot_closed) or full (slot_full), or the candidate is booked on it (already_booked)",
      422: "No retest slot (retest_slot_required) or one of another program",
    },
    handler: async ({ params, body, actor, requestId }) => {
      // A retest is booked in a center of the decider's scope too.
      if (body.retestSlotId)
        assertInScope(actor, await centerOfSlot(ctx, body.retestSlotId));
      return decideAppeal(ctx, params.appealId, body, actor, requestId);
    },
  });

  defineRoute(router, ctx.registry, {
    method: "get",
    path: "/bookings/:bookingId",
    summary:
      "A booking's status, for the holder of its code (in the X-Booking-Code header)",
    tags: ["booking"],
    access: "public",
    params: z.object({ bookingId: Id }),
    response: BookingStatusView,
    errors: CODE_ERRORS,
    handler: async ({ params, req }) => {
      const booking = await findBookingWithCode(ctx, {
        bookingId: params.bookingId,
        code: bookingCodeOf(req),
        clientIp: clientIp(req),
      });
      const view = await viewBooking(ctx, booking);
      const appealView = await bookingAppealView(ctx, booking);
      const complaints = await bookingComplaintsView(ctx, booking);
      // The booking was read before the revisions: a re-issue recorded in
      // between (one script writes both) shows in the revisions first, and
      // the result names the latest revision's document, never an older one.
      const latest = appealView.revisions.reduce<
        (typeof appealView.revisions)[number] | undefined
      >(
        (newest, revision) =>
          !newest || revision.revision > newest.revision ? revision : newest,
        undefined,
      );
      const result =
        view.result && latest?.certificateNumber
          ? { ...view.result, certificateNumber: latest.certificateNumber }
          : view.result;
      return {
        ...view,
        ...(result ? { result } : {}),
        ...appealView,
        complaints,
      };
    },
  });

  return router;
}
