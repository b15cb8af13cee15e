/**
 * The complaints contract. Besides appeals on results, a person may
 * complain about a refused admission, a recorded no-show, a technical
 * problem or a staff member's conduct: from the booking's status page
 * (with the booking code) or at a desk (staff write it down, with or
 * without a booking). Each complaint gets a registration number and a
 * decision deadline in working days; a reviewer decides it with a reason.
 * Instants travel as ISO 8601 UTC strings.
 */
import { z } from "zod";
import { UI_LANGUAGES } from "./enums";
import { LIMITS } from "./limits";
import { NOTIFY_CHANNELS } from "./notifications";

/** What a complaint is about. */
export const COMPLAINT_CATEGORIES = [
  "admission_refused",
  "no_show",
  "technical",
  "staff_conduct",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** open → decided. */
export const COMPLAINT_STATES = ["open", "decided"] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_OUTCOMES = ["upheld", "rejected"] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Where a complaint was filed. */
export const COMPLAINT_SOURCES = ["status_page", "desk"] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

/** How long a complaint's text may be (characters). */
export const COMPLAINT_TEXT_MAX = 2000;
/** Complaints one booking may carry: its code cannot flood the reviewers. */
export const COMPLAINTS_PER_BOOKING_MAX = 10;

type Localized = { kk: string; ru: string; en: string };

/** The categories as messages to the person name them. */
export const COMPLAINT_CATEGORY_TITLES: Record<ComplaintCategory, Localized> = {
  admission_refused: {
    kk: "тестілеуге жіберуден бас тарту",
    ru: "отказ в допуске к тестированию",
    en: "refused admission to the test",
  },
  no_show: {
    kk: "келмеді деп белгілеу",
    ru: "отметка о неявке",
    en: "a recorded no-show",
  },
  technical: {
    kk: "техникалық ақау",
    ru: "техническая проблема",
    en: "a technical problem",
  },
  staff_conduct: {
    kk: "қызметкердің әрекеті",
    ru: "поведение сотрудника",
    en: "a staff member's conduct",
  },
};

const Instant = z.iso.datetime();
const Text = z.string().trim().min(10).max(COMPLAINT_TEXT_MAX);

/** A complaint from the status page (the booking code in X-Booking-Code). */
export const ComplaintRequest = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES),
    text: Text,
  })
  .strict()
  .meta({ id: "ComplaintRequest" });
export type ComplaintRequest = z.infer<typeof ComplaintRequest>;

/** The person a desk complaint without a booking is from. */
export const ComplainantInput = z
  .object({
    fullName: z.string().trim().min(1).max(LIMITS.fullNameMaxLength),
    iin: z.string().max(32).describe("12-digit IIN; checked digit by digit"),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,}$/, "digits, spaces, ( ) - and a leading +")
      .max(LIMITS.phoneMaxLength)
      .optional(),
    email: z.email("an e-mail address, e.g. name@mail.kz").max(254).optional(),
    notifyBy: z
      .enum(NOTIFY_CHANNELS)
      .optional()
      .describe(
        'How the person hears the decision. Default: "email" with an e-mail, else "sms" with a phone, else "none"',
      ),
    messageLanguage: z.enum(UI_LANGUAGES).default("kk"),
  })
  .strict()
  .meta({ id: "ComplainantInput" });
export type ComplainantInput = z.infer<typeof ComplainantInput>;

/** The number a refusal slip carries (`REF-2026-000012`). */
export const RefusalNumber = z
  .string()
  .trim()
  .regex(/^REF-\d{4}-\d{6,}$/, "the slip's number, e.g. REF-2026-000012")
  .describe(
    "The number of the refusal slip the complaint is about: the complaint then concerns the slip's slot and center",
  );

/**
 * A complaint written down at a desk: about a booking (its center is the
 * booking's), or — e.g. a person refused admission who is on no roster —
 * from a person named here, at the center of their refusal slip or the
 * one named (of the staff member's scope).
 */
export const DeskComplaintRequest = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES),
    text: Text,
    bookingId: z.string().min(1).max(64).optional(),
    person: ComplainantInput.optional(),
    centerId: z.string().min(1).max(64).optional(),
    refusalNumber: RefusalNumber.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.bookingId) {
      if (value.person) {
        ctx.addIssue({
          code: "custom",
          path: ["person"],
          message: "a complaint about a booking is from its candidate",
        });
      }
      return;
    }
    if (!value.person) {
      ctx.addIssue({
        code: "custom",
        path: ["person"],
        message: "name the person (or the booking)",
      });
    }
    if (!value.centerId && !value.refusalNumber) {
      ctx.addIssue({
        code: "custom",
        path: ["centerId"],
        message: "the center the complaint is about (or the refusal slip)",
      });
    }
  })
  .meta({ id: "DeskComplaintRequest" });
export type DeskComplaintRequest = z.infer<typeof DeskComplaintRequest>;

export const ComplaintDecisionInput = z
  .object({
    outcome: z.enum(COMPLAINT_OUTCOMES),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict()
  .meta({ id: "ComplaintDecisionInput" });
export type ComplaintDecisionInput = z.infer<typeof ComplaintDecisionInput>;

/** A complaint as the booking's status page shows it. */
export const PublicComplaint = z
  .object({
    id: z.string(),
    number: z.string(),
    category: z.enum(COMPLAINT_CATEGORIES),
    text: z.string(),
    state: z.enum(COMPLAINT_STATES),
    filedAt: Instant,
    deadlineAt: Instant.describe(
      "The decision is due before this instant (local midnight ending the last working day)",
    ),
    deadlineDay: z
      .string()
      .describe("The last working day of the deadline, DD.MM.YYYY"),
    decidedAt: Instant.optional(),
    outcome: z.enum(COMPLAINT_OUTCOMES).optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "PublicComplaint" });
export type PublicComplaint = z.infer<typeof PublicComplaint>;

/** One row of the console's list. */
export const ComplaintSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    category: z.enum(COMPLAINT_CATEGORIES),
    source: z.enum(COMPLAINT_SOURCES),
    state: z.enum(COMPLAINT_STATES),
    centerId: z.string(),
    bookingId: z.string().optional(),
    slotId: z.string().optional(),
    fullName: z.string(),
    maskedIin: z.string(),
    refusalNumber: z.string().optional(),
    filedAt: Instant,
    deadlineAt: Instant,
    deadlineDay: z.string(),
    remainingMs: z
      .number()
      .int()
      .describe("Time left to decide (negative: overdue); 0 once decided"),
    overdue: z.boolean().describe("Open past its deadline"),
    decidedAt: Instant.optional(),
    outcome: z.enum(COMPLAINT_OUTCOMES).optional(),
    decidedLate: z.boolean().optional(),
  })
  .meta({ id: "ComplaintSummary" });
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;

export const ComplaintDetail = ComplaintSummary.extend({
  text: z.string(),
  contact: z.object({
    phone: z.string().optional(),
    email: z.string().optional(),
    notifyBy: z.enum(NOTIFY_CHANNELS),
    messageLanguage: z.enum(UI_LANGUAGES),
  }),
  filedBy: z.string().describe("Who wrote it down, or `public`"),
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  timeline: z.array(
    z.object({
      at: Instant,
      actor: z.string(),
      actorName: z
        .string()
        .optional()
        .describe("The staff member's full name when the actor is staff"),
      action: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
}).meta({ id: "ComplaintDetail" });
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

/** `?state=` of the console's list (open by default). */
export const ComplaintListQuery = z.object({
  state: z.enum(["open", "decided", "all"]).default("open"),
  centerId: z.string().min(1).max(64).optional(),
});
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;

/** A center's complaints filed in a period, as analytics counts them. */
export const ComplaintCounts = z
  .object({
    received: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int().describe("Open past the deadline now"),
    decided: z.number().int(),
    upheld: z.number().int(),
    rejected: z.number().int(),
    decidedLate: z.number().int().describe("Decided after the deadline"),
  })
  .meta({ id: "ComplaintCounts" });
export type ComplaintCounts = z.infer<typeof ComplaintCounts>;
