/**
 * Written refusals: when the desk refuses a person admission to a slot or
 * a booking, it prints a numbered slip in Kazakh and Russian saying who
 * was refused what, why under the regulation, by whom, and how to
 * complain. The reasons are the ids the admission and booking routes
 * answer with (booking ones prefixed `booking_`), plus the one no route
 * can see: no identity document shown.
 */
import { z } from "zod";
import { LIMITS } from "./limits";

export const REFUSAL_KINDS = ["admission", "booking"] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/**
 * Why admission was refused: `POST /slots/{slotId}/admissions`'s refusal
 * ids that mean "this person may not sit this slot" (not a full room or a
 * seat taken, which the desk solves), plus `no_id_document`.
 */
export const ADMISSION_REFUSAL_REASONS = [
  "not_on_roster",
  "admission_not_open",
  "admission_closed",
  "invalid_iin",
  "no_id_document",
  "booking_cancelled",
  "booking_no_show",
  "booking_completed",
  "certificate_required",
] as const;
export type AdmissionRefusalReason = (typeof ADMISSION_REFUSAL_REASONS)[number];

/**
 * The desk booking's refusal ids (`POST /staff/bookings`) that concern the
 * person or the slot, each as `booking_<id>`.
 */
export const BOOKING_ERROR_IDS = [
  "already_booked",
  "slot_full",
  "slot_closed",
  "retake_too_soon",
  "certificate_still_valid",
  "certificate_required",
  "not_eligible",
  "language_not_offered",
] as const;
export type BookingErrorId = (typeof BOOKING_ERROR_IDS)[number];

export const BOOKING_REFUSAL_REASONS = [
  "invalid_iin",
  "no_id_document",
  ...BOOKING_ERROR_IDS.map((id) => `booking_${id}` as const),
] as const;
export type BookingRefusalReason = (typeof BOOKING_REFUSAL_REASONS)[number];

/** Every reason a slip may give, each once. */
export const REFUSAL_REASONS = [
  ...new Set([...ADMISSION_REFUSAL_REASONS, ...BOOKING_REFUSAL_REASONS]),
] as (AdmissionRefusalReason | BookingRefusalReason)[];
export type RefusalReason = AdmissionRefusalReason | BookingRefusalReason;

/**
 * The slip's reason for an API error the desk was shown, or null when that
 * error is no refusal of the person (a taken seat, a network error…).
 */
export function refusalReasonFor(
  kind: RefusalKind,
  errorId: string,
): RefusalReason | null {
  if (kind === "admission") {
    return (ADMISSION_REFUSAL_REASONS as readonly string[]).includes(errorId)
      ? (errorId as AdmissionRefusalReason)
      : null;
  }
  if (errorId === "invalid_iin") return "invalid_iin";
  return (BOOKING_ERROR_IDS as readonly string[]).includes(errorId)
    ? (`booking_${errorId}` as BookingRefusalReason)
    : null;
}

/** How much of a typed IIN a slip shows: the first half, at most six. */
export function maskTypedIin(typed: string): string {
  const clean = typed.replace(/\s+/g, "").slice(0, REFUSAL_IIN_MAX);
  if (!clean) return "";
  const shown = Math.min(6, Math.floor(clean.length / 2));
  return clean.slice(0, shown) + "*".repeat(clean.length - shown);
}

/** The longest IIN a slip takes as typed (a scanner may add junk). */
export const REFUSAL_IIN_MAX = 32;
export const REFUSAL_NOTE_MAX = 500;

/** `REF-2026-000001`: a year and a counter that never wraps (7+ digits later). */
export const REFUSAL_NUMBER_PATTERN = /^REF-\d{4}-\d{6,}$/;

const common = {
  slotId: z.string().min(1).max(100),
  iin: z
    .string()
    .max(REFUSAL_IIN_MAX)
    .describe(
      "As typed or scanned (may be invalid; empty only with no_id_document); printed masked",
    ),
  fullName: z
    .string()
    .trim()
    .max(LIMITS.fullNameMaxLength)
    .optional()
    .describe("As the person stated it; else the name on their booking"),
  note: z.string().trim().max(REFUSAL_NOTE_MAX).optional(),
};

export const RefusalRequest = z
  .discriminatedUnion("kind", [
    z
      .object({
        kind: z.literal("admission"),
        ...common,
        reason: z.enum(ADMISSION_REFUSAL_REASONS),
      })
      .strict(),
    z
      .object({
        kind: z.literal("booking"),
        ...common,
        reason: z.enum(BOOKING_REFUSAL_REASONS),
      })
      .strict(),
  ])
  .meta({ id: "RefusalRequest" });
export type RefusalRequest = z.infer<typeof RefusalRequest>;

export const RefusalIssued = z
  .object({
    id: z.string(),
    number: z.string().describe("REF-<year>-<000001>"),
    issuedAt: z.iso.datetime(),
    slipUrl: z
      .string()
      .describe("/api/v1/refusals/{id}/slip.pdf (staff session)"),
  })
  .meta({ id: "RefusalIssued" });
export type RefusalIssued = z.infer<typeof RefusalIssued>;

/** A refusal as staff list it (never the full IIN: Synaq does not keep it). */
export const RefusalSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(REFUSAL_KINDS),
    reason: z.enum(REFUSAL_REASONS as [RefusalReason, ...RefusalReason[]]),
    slotId: z.string(),
    centerId: z.string(),
    fullName: z.string(),
    maskedIin: z.string(),
    note: z.string(),
    issuedAt: z.iso.datetime(),
    staff: z.object({
      accountId: z.string(),
      fullName: z.string(),
      role: z.string(),
    }),
    slipUrl: z.string(),
  })
  .meta({ id: "RefusalSummary" });
export type RefusalSummary = z.infer<typeof RefusalSummary>;

/** How many refusals a list without a slot shows, newest first. */
export const REFUSAL_LIST_LIMIT = 200;

export const RefusalListQuery = z.object({
  slotId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("One slot's refusals; without it, the newest of your centers"),
});
