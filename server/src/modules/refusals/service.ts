import { randomUUID } from "node:crypto";
import { maskIin, validateIin } from "@shared/iin";
import {
  maskTypedIin,
  REFUSAL_LIST_LIMIT,
  type RefusalIssued,
  type RefusalRequest,
  type RefusalSummary,
} from "@shared/refusals";
import { utcOffsetMinutes } from "@shared/time";
import type { AppContext } from "../../context";
import { conflict, notFound, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { commandRequest, storedReply } from "../../redis/request";
import { actorOf } from "../audit";
import { findSlotBookingByIin } from "../booking";
import { getCenter, getRoom } from "../centers";
import { renderRefusalSlip, type RefusalSlipContent } from "../documents";
import { getProgramInfo } from "../programs";
import { getSlot, type SlotRecord } from "../slots";
import {
  getRefusal,
  insertRefusal,
  listRecentRefusals,
  listSlotRefusals,
  type RefusalRecord,
  type RefusalSlipFacts,
} from "./repository";

/**
 * The complaint deadline a slip promises: COMPLAINT_DEADLINE_WORKING_DAYS
 * where the installation sets it (the complaints module reads the same),
 * else the regulation's five working days.
 */
function complaintWorkingDays(ctx: AppContext): number {
  const days = (ctx.env as { COMPLAINT_DEADLINE_WORKING_DAYS?: unknown })
    .COMPLAINT_DEADLINE_WORKING_DAYS;
  return typeof days === "number" && Number.isInteger(days) && days > 0
    ? days
    : 5;
}

const slipUrl = (id: string) =>
  `/api/v1/refusals/${encodeURIComponent(id)}/slip.pdf`;

const mismatch = (status: 409 | 422, message: string) =>
  status === 409
    ? conflict("refusal_reason_mismatch", message)
    : unprocessable("refusal_reason_mismatch", message);

/**
 * A slip must state what is true: the checks Synaq can make of a reason
 * are made again here (a valid IIN is not refused as invalid, a person on
 * the roster is not refused as absent from it, the admission times are the
 * slot's). The booking rules depend on what the desk typed into the form
 * and are the desk's to state; the audit names who stated them.
 */
async function checkReason(
  ctx: AppContext,
  input: RefusalRequest,
  slot: SlotRecord,
  iin: ReturnType<typeof validateIin>,
  typed: string,
): Promise<void> {
  if (input.reason === "no_id_document") return;
  if (input.reason === "invalid_iin") {
    if (!typed || iin.valid) {
      throw mismatch(
        422,
        typed
          ? "This IIN is valid: the refusal cannot say it is invalid."
          : "Type the number the person gave to refuse it as an invalid IIN.",
      );
    }
    return;
  }
  if (!iin.valid) {
    throw mismatch(
      422,
      `The IIN is invalid (${iin.message}): give the reason invalid_iin.`,
    );
  }
  const now = ctx.clock.now();
  if (
    input.reason === "not_on_roster" &&
    (await findSlotBookingByIin(ctx.redis, slot.id, iin.iin))
  ) {
    throw mismatch(409, "This IIN is on the slot's roster.");
  }
  if (
    input.reason === "admission_not_open" &&
    now >= admissionOpensAt(ctx, slot)
  ) {
    throw mismatch(409, "Admission to this slot is open now.");
  }
  if (
    input.reason === "admission_closed" &&
    now <= slot.lateAdmissionCutoffAt
  ) {
    throw mismatch(409, "Admission to this slot is still open.");
  }
}

const admissionOpensAt = (ctx: AppContext, slot: SlotRecord) =>
  slot.startsAt - ctx.env.ADMISSION_LEAD_MINUTES * 60_000;

/** What the slip prints of the slot, its place and the rules, now. */
async function slipFacts(
  ctx: AppContext,
  slot: SlotRecord,
): Promise<RefusalSlipFacts> {
  const [center, room] = await Promise.all([
    getCenter(ctx.redis, slot.centerId),
    getRoom(ctx.redis, slot.roomId),
  ]);
  const program = getProgramInfo(ctx, slot.programId);
  return {
    programId: slot.programId,
    program: {
      kk: program?.titles.kk ?? slot.programId,
      ru: program?.titles.ru ?? slot.programId,
    },
    center: { kk: center?.name.kk ?? "", ru: center?.name.ru ?? "" },
    address: { kk: center?.address.kk ?? "", ru: center?.address.ru ?? "" },
    room: { kk: room?.names.kk ?? "", ru: room?.names.ru ?? "" },
    timezone: center?.timezone || ctx.env.CENTER_TIMEZONE,
    startsAt: slot.startsAt,
    admissionOpensAt: admissionOpensAt(ctx, slot),
    lateAdmissionCutoffAt: slot.lateAdmissionCutoffAt,
    complaintWorkingDays: complaintWorkingDays(ctx),
  };
}

const issued = (ok: {
  id: string;
  number: string;
  issuedAt: number;
}): RefusalIssued => ({
  id: ok.id,
  number: ok.number,
  issuedAt: new Date(Number(ok.issuedAt)).toISOString(),
  slipUrl: slipUrl(ok.id),
});

/**
 * Records a refusal the desk made (admission or a booking) with the next
 * registration number, audited as `refusal.issued` in the slot's stream
 * with the staff account. Checked for truth where Synaq can (checkReason).
 * With the client's request id, once: a repeat gets the same slip. The
 * caller has checked the slot's center is in the actor's scope.
 */
export async function issueRefusal(
  ctx: AppContext,
  actor: StaffPrincipal,
  input: RefusalRequest,
  requestId?: string,
): Promise<RefusalIssued> {
  const by = actorOf(actor);
  const request = commandRequest(requestId, by, "refusal.issue", input);
  const first = await storedReply<{
    ok: { id: string; number: string; issuedAt: number };
  }>(ctx.redis, request);
  if (first) return issued(first.ok);

  const slot = await getSlot(ctx.redis, input.slotId);
  if (!slot) throw notFound("slot_not_found", "There is no such slot.");
  const typed = input.iin.replace(/\s+/g, "");
  const iin = validateIin(typed);
  await checkReason(ctx, input, slot, iin, typed);

  // The name the person gave, else the one on their booking of the slot.
  const booking = iin.valid
    ? await findSlotBookingByIin(ctx.redis, slot.id, iin.iin)
    : null;
  const fullName = input.fullName || booking?.fullName || "";
  const slip = await slipFacts(ctx, slot);
  const reply = await insertRefusal(
    ctx.redis,
    {
      id: randomUUID(),
      kind: input.kind,
      reason: input.reason,
      slotId: slot.id,
      centerId: slot.centerId,
      fullName,
      maskedIin: iin.valid ? maskIin(iin.iin) : maskTypedIin(typed),
      iinValid: iin.valid,
      note: input.note ?? "",
      staff: {
        accountId: actor.accountId,
        fullName: actor.fullName,
        role: actor.role,
      },
      actor: by,
      slip,
    },
    utcOffsetMinutes(ctx.clock.now(), slip.timezone),
    request,
  );
  // 122 random bits make a taken id practically impossible; be loud if not.
  if ("error" in reply) throw new Error(`refusal ${reply.error}`);
  return issued(reply.ok);
}

/** A stored refusal, or 404 `refusal_not_found`. */
export async function requireRefusal(
  ctx: AppContext,
  id: string,
): Promise<RefusalRecord> {
  const refusal = await getRefusal(ctx.redis, id);
  if (!refusal) {
    throw notFound("refusal_not_found", "There is no such refusal.");
  }
  return refusal;
}

/** What the slip of a stored refusal prints. */
export function slipContent(refusal: RefusalRecord): RefusalSlipContent {
  const { slip } = refusal;
  return {
    number: refusal.number,
    kind: refusal.kind,
    reason: refusal.reason,
    issuedAt: refusal.issuedAt,
    timezone: slip.timezone,
    person: {
      fullName: refusal.fullName,
      maskedIin: refusal.maskedIin,
      iinValid: refusal.iinValid,
    },
    slot: {
      program: slip.program,
      center: slip.center,
      address: slip.address,
      room:
        typeof slip.room === "string"
          ? { kk: slip.room, ru: slip.room }
          : slip.room,
      startsAt: slip.startsAt,
      admissionOpensAt: slip.admissionOpensAt,
      lateAdmissionCutoffAt: slip.lateAdmissionCutoffAt,
    },
    staff: { fullName: refusal.staff.fullName, role: refusal.staff.role },
    note: refusal.note,
    complaintWorkingDays: slip.complaintWorkingDays,
  };
}

/**
 * The slip's PDF, rendered from the stored refusal: the same bytes at
 * every reprint, so nothing but the record needs keeping.
 */
export async function refusalSlipPdf(
  ctx: AppContext,
  id: string,
): Promise<{ number: string; pdf: Buffer }> {
  const refusal = await requireRefusal(ctx, id);
  return {
    number: refusal.number,
    pdf: await renderRefusalSlip(slipContent(refusal)),
  };
}

/** A refusal as staff list it. */
export function presentRefusal(refusal: RefusalRecord): RefusalSummary {
  return {
    id: refusal.id,
    number: refusal.number,
    kind: refusal.kind,
    reason: refusal.reason,
    slotId: refusal.slotId,
    centerId: refusal.centerId,
    fullName: refusal.fullName,
    maskedIin: refusal.maskedIin,
    note: refusal.note,
    issuedAt: new Date(refusal.issuedAt).toISOString(),
    staff: refusal.staff,
    slipUrl: slipUrl(refusal.id),
  };
}

/**
 * One slot's refusals (its center in the actor's scope: checked by the
 * caller), or the newest of the centers the actor serves; newest first.
 */
export async function listRefusals(
  ctx: AppContext,
  actor: StaffPrincipal,
  slotId: string | undefined,
): Promise<RefusalSummary[]> {
  if (slotId !== undefined) {
    const slot = await getSlot(ctx.redis, slotId);
    if (!slot) throw notFound("slot_not_found", "There is no such slot.");
    return (await listSlotRefusals(ctx.redis, slotId)).map(presentRefusal);
  }
  const refusals = await listRecentRefusals(
    ctx.redis,
    actor.scope.kind === "network" ? null : actor.scope.centerIds,
    REFUSAL_LIST_LIMIT,
  );
  return refusals.map(presentRefusal);
}
