/**
 * The desk's contract: staff find a person's bookings by IIN after
 * checking their ID document, and cancel, move or give a new code. The
 * IIN travels in request bodies only (never a URL), and every request
 * names the document shown, so the audit says who checked what.
 */
import { z } from "zod";
import {
  BOOKING_SOURCES,
  BookingProgram,
  BookingRequest,
  LocalizedText,
} from "./booking";
import { BOOKING_STATUSES, TEST_LANGUAGES } from "./enums";
import { MessageView, NOTIFY_CHANNELS } from "./notifications";

const Instant = z.iso.datetime();

/** The identity documents a desk accepts. */
export const ID_DOCUMENT_KINDS = ["id_card", "passport", "other"] as const;
export type IdDocumentKind = (typeof ID_DOCUMENT_KINDS)[number];

/**
 * The document the staff member checked. Its number is used for the audit
 * only, and only its last four characters are kept.
 */
export const IdDocument = z
  .object({
    kind: z.enum(ID_DOCUMENT_KINDS),
    number: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N} -]{4,32}$/u, "4–32 letters and digits")
      .describe("As printed on the document; only its last 4 are audited"),
  })
  .meta({ id: "IdDocument" });
export type IdDocument = z.infer<typeof IdDocument>;

/** The last four letters or digits of a document number: all the audit keeps. */
export function documentLast4(number: string): string {
  return number
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, "")
    .slice(-4);
}

/** Whose bookings, and which document proved it. */
const Person = {
  iin: z.string().max(32).describe("12-digit IIN, as on the document"),
  document: IdDocument,
};

/**
 * Whether the change is told to the contact on the booking. The desk
 * decides, having asked the person: a squatter's phone or address would
 * learn the new time and place, or the new code.
 */
const Notify = {
  notify: z
    .boolean()
    .describe(
      "Tell the contact on the booking (see `contact` in the find); false when it is not the person's",
    ),
};

/** POST /staff/bookings/find */
export const DeskFindRequest = z.object(Person).meta({ id: "DeskFindRequest" });
export type DeskFindRequest = z.infer<typeof DeskFindRequest>;

/**
 * POST /staff/bookings/:bookingId/cancel: the person again (the booking
 * must be theirs) and the document shown.
 */
export const DeskActionRequest = z
  .object({ ...Person, ...Notify })
  .meta({ id: "DeskActionRequest" });
export type DeskActionRequest = z.infer<typeof DeskActionRequest>;

/** POST /staff/bookings/:bookingId/move */
export const DeskMoveRequest = z
  .object({
    ...Person,
    ...Notify,
    slotId: z
      .string()
      .min(1)
      .max(64)
      .describe(
        "A slot of the same program with a free seat, at a center of your scope",
      ),
  })
  .meta({ id: "DeskMoveRequest" });
export type DeskMoveRequest = z.infer<typeof DeskMoveRequest>;

/**
 * The person's own name (as on the document) and contact, replacing what
 * a squatter typed: their name would reach the certificate and their
 * phone the reminder and the result. Without a phone and an e-mail the
 * booking gets no messages.
 */
export const DeskHolder = z
  .object({
    fullName: BookingRequest.shape.fullName,
    phone: BookingRequest.shape.phone,
    email: BookingRequest.shape.email,
  })
  .meta({ id: "DeskHolder" });
export type DeskHolder = z.infer<typeof DeskHolder>;

/** POST /staff/bookings/:bookingId/code */
export const DeskCodeRequest = z
  .object({
    ...Person,
    ...Notify,
    holder: DeskHolder.optional().describe(
      "When someone else made the booking: the person's name and contact replace theirs (audited)",
    ),
  })
  .meta({ id: "DeskCodeRequest" });
export type DeskCodeRequest = z.infer<typeof DeskCodeRequest>;

/** Where and when, as the desk sees a booking. */
export const DeskSlot = z
  .object({
    id: z.string(),
    startsAt: Instant,
    date: z.string().describe("dd.mm.yyyy in the center's zone"),
    time: z.string().describe("HH:MM in the center's zone"),
    utcOffset: z.string(),
    center: z.object({ id: z.string(), name: LocalizedText }),
    room: z
      .object({ id: z.string(), name: z.string(), names: LocalizedText })
      .optional()
      .describe("Left out for a booking at a center outside your scope"),
  })
  .meta({ id: "DeskSlot" });
export type DeskSlot = z.infer<typeof DeskSlot>;

/** What the desk may do with a booking now. */
export const DeskActions = z
  .object({
    cancel: z.boolean(),
    move: z.boolean(),
    renewCode: z.boolean(),
  })
  .meta({ id: "DeskActions" });
export type DeskActions = z.infer<typeof DeskActions>;

/**
 * A booking as the desk sees it. At a center outside the staff member's
 * scope only what the actions need is shown: no room, no messages (the
 * contact is masked everywhere).
 */
export const DeskBooking = z
  .object({
    id: z.string(),
    status: z.enum(BOOKING_STATUSES),
    fullName: z.string(),
    program: BookingProgram,
    language: z.enum(TEST_LANGUAGES),
    source: z.enum(BOOKING_SOURCES),
    slot: DeskSlot,
    createdAt: Instant,
    cancelledAt: Instant.optional(),
    contact: z
      .object({ channel: z.enum(NOTIFY_CHANNELS), to: z.string() })
      .nullable()
      .describe(
        "Where messages about the booking go, masked (+7 *** *** 45 67): ask the person whether it is theirs",
      ),
    inScope: z
      .boolean()
      .describe("Whether the booking's center is one of your scope"),
    actions: DeskActions,
    messages: z
      .array(MessageView)
      .describe(
        "What the center told the holder, oldest first; empty outside your scope",
      ),
  })
  .meta({ id: "DeskBooking" });
export type DeskBooking = z.infer<typeof DeskBooking>;

export const DeskFindResult = z
  .object({
    maskedIin: z.string(),
    bookings: z
      .array(DeskBooking)
      .describe("Active bookings and those of the last 90 days, newest first"),
  })
  .meta({ id: "DeskFindResult" });
export type DeskFindResult = z.infer<typeof DeskFindResult>;

/** A new code: shown once, like the code of a new booking. */
export const DeskCodeRenewed = z
  .object({
    booking: DeskBooking,
    code: z
      .string()
      .describe("Secret: shown once; the old code no longer works"),
    receiptUrl: z.string(),
    statusUrl: z.string(),
  })
  .meta({ id: "DeskCodeRenewed" });
export type DeskCodeRenewed = z.infer<typeof DeskCodeRenewed>;

/** How far back the desk lists bookings that are over. */
export const DESK_PAST_DAYS = 90;
