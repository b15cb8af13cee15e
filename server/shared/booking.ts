/**
 * The booking contract: centers, rooms, seats, slots, bookings, rosters,
 * imports and accommodations. The server validates and documents its API
 * with these schemas and both React clients import their types from here,
 * so this file is the one contract. Instants travel as ISO 8601 UTC strings.
 */
import { z } from "zod";
import { BOOKING_STATUSES, TEST_LANGUAGES, UI_LANGUAGES } from "./enums";
import { LIMITS } from "./limits";
import { AppealWindow, PublicAppeal, ResultRevision } from "./appeals";
import { PublicComplaint } from "./complaints";
import { MessageView, NOTIFY_CHANNELS } from "./notifications";
import {
  CANDIDATE_KINDS,
  PositionCategoryCodeSchema,
  PositionCategorySchema,
} from "./banks";

// ---------------------------------------------------------------------------
// Consent to personal-data processing

/**
 * The version of the consent text below. Stored with every booking; change
 * it whenever the text changes, so each booking names what was agreed to.
 */
export const CONSENT_VERSION = "2026-01";

/** The published consent text, per UI language. */
export const CONSENT_TEXT = {
  kk:
    "Мен тестілеу орталығының менің дербес деректерімді (ЖСН, тегі, аты, " +
    "әкесінің аты, телефон нөмірі, тестілеу нәтижелері) тестілеуге жазылу, " +
    "тестілеуге жіберу, тестілеуді өткізу және нәтижелерді беру мақсатында " +
    "«Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының " +
    "Заңына сәйкес жинауына және өңдеуіне келісім беремін.",
  ru:
    "Я даю согласие тестовому центру на сбор и обработку моих персональных " +
    "данных (ИИН, фамилия, имя, отчество, номер телефона, результаты " +
    "тестирования) в целях записи на тестирование, допуска, проведения " +
    "тестирования и выдачи результатов в соответствии с Законом Республики " +
    "Казахстан «О персональных данных и их защите».",
  en:
    "I consent to the testing center collecting and processing my personal " +
    "data (IIN, full name, phone number, test results) to book, admit and " +
    "test me and to issue my results, in accordance with the Law of the " +
    'Republic of Kazakhstan "On Personal Data and Their Protection".',
} as const;

// ---------------------------------------------------------------------------
// Booking codes

/** Crockford base32: no I, L, O or U, so a code survives being read aloud. */
export const BOOKING_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 characters of base32 carry 100 bits: not guessable at any rate. */
export const BOOKING_CODE_LENGTH = 20;

/**
 * Reads a booking code as a person typed it: any case, with or without
 * dashes and spaces, O read as 0 and I or L as 1. Null when it cannot be a
 * code at all.
 */
export function normalizeBookingCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== BOOKING_CODE_LENGTH) return null;
  for (const char of code) {
    if (!BOOKING_CODE_ALPHABET.includes(char)) return null;
  }
  return code;
}

/** `ABCDE-FGHJK-MNPQR-STVWX`: groups of five, as printed on receipts. */
export function formatBookingCode(code: string): string {
  return (code.match(/.{1,5}/g) ?? []).join("-");
}

// ---------------------------------------------------------------------------
// Shared pieces

const Instant = z.iso
  .datetime()
  .describe("An instant in UTC, ISO 8601 (e.g. 2026-11-22T05:00:00.000Z)");

/** An instant given by a client: an ISO 8601 date-time with a zone. */
export const InstantInput = z.iso
  .datetime({ offset: true })
  .describe(
    "ISO 8601 date-time with Z or an offset, e.g. 2026-11-22T10:00+05:00",
  );

export const LocalizedText = z
  .object({ kk: z.string(), ru: z.string(), en: z.string() })
  .meta({ id: "LocalizedText" });
export type LocalizedText = z.infer<typeof LocalizedText>;

const localizedInput = (max: number) =>
  z.object({
    kk: z.string().trim().min(1).max(max),
    ru: z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max),
  });

export const TestLanguage = z.enum(TEST_LANGUAGES);

/** Local date and time of an instant in the center's zone. */
export const LocalTimeView = z
  .object({
    date: z.string().describe("dd.mm.yyyy"),
    time: z.string().describe("HH:MM, 24-hour"),
    utcOffset: z.string().describe("e.g. UTC+5"),
  })
  .meta({ id: "LocalTime" });

// ---------------------------------------------------------------------------
// Programs (read from question-banks/, shown here as booking needs them)

export const ProgramInfo = z
  .object({
    id: z.string(),
    titles: LocalizedText,
    durationMinutes: z.number().int().positive(),
    instructionsMinutes: z.number().int().min(0),
    languages: z.array(TestLanguage),
  })
  .meta({ id: "ProgramInfo" });
export type ProgramInfo = z.infer<typeof ProgramInfo>;

/** A program as a slot or booking names it. */
export const BookingProgram = z
  .object({ id: z.string(), titles: LocalizedText })
  .meta({ id: "BookingProgram" });

// ---------------------------------------------------------------------------
// Centers, rooms, seats

/** A code a region is filtered by: lower-case letters, digits and dashes. */
export const REGION_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The region a center serves: a code for filters, a title to show. */
export const Region = z
  .object({
    code: z.string().describe("e.g. astana, almaty, turkistan-region"),
    title: LocalizedText,
  })
  .meta({ id: "Region" });
export type Region = z.infer<typeof Region>;

export const RegionInput = z
  .object({
    code: z
      .string()
      .regex(REGION_CODE_PATTERN, "1–32 of a-z 0-9 -, e.g. astana"),
    title: localizedInput(100),
  })
  .meta({ id: "RegionInput" });

/** The regions of some centers, each once, in the order first met. */
export function regionsOf(centers: readonly { region?: Region }[]): Region[] {
  const regions = new Map<string, Region>();
  for (const { region } of centers) {
    if (region && !regions.has(region.code)) regions.set(region.code, region);
  }
  return [...regions.values()];
}

export const Center = z
  .object({
    id: z.string(),
    name: LocalizedText,
    address: LocalizedText,
    region: Region.optional().describe(
      "Left out for a center opened without one",
    ),
    timezone: z.string().describe("IANA time zone, e.g. Asia/Almaty"),
    schedule: LocalizedText.optional().describe(
      "Opening days and hours, as candidates read them",
    ),
    accessibility: LocalizedText.optional().describe(
      "Step-free access, adapted seats, how to ask for arrangements",
    ),
  })
  .meta({ id: "Center" });
export type Center = z.infer<typeof Center>;

export const CenterInput = z
  .object({
    name: localizedInput(200),
    address: localizedInput(300),
    region: RegionInput.optional().describe(
      "Where candidates find the center on the portal's region filter",
    ),
    schedule: localizedInput(500).optional(),
    accessibility: localizedInput(1000).optional(),
    timezone: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("IANA time zone; the server default (Asia/Almaty) if left out"),
  })
  .meta({ id: "CenterInput" });
export type CenterInput = z.infer<typeof CenterInput>;

export const Room = z
  .object({
    id: z.string(),
    centerId: z.string(),
    name: z.string().describe("The room's name in Russian (older clients)"),
    names: LocalizedText.describe(
      "The room's name in each language; a room named in one language only has it in all three",
    ),
    seatCount: z.number().int(),
  })
  .meta({ id: "Room" });
export type Room = z.infer<typeof Room>;

const roomName = z.string().trim().max(100);

/**
 * A new room's name: `names` in Kazakh, Russian and English (a language
 * left empty takes another's), or `name` alone for all three.
 */
export const RoomInput = z
  .object({
    name: roomName.optional(),
    names: z
      .object({
        kk: roomName.optional(),
        ru: roomName.optional(),
        en: roomName.optional(),
      })
      .optional(),
  })
  .refine(
    (input) =>
      Boolean(
        input.name || input.names?.kk || input.names?.ru || input.names?.en,
      ),
    { message: "Give the room a name.", path: ["name"] },
  )
  .meta({ id: "RoomInput" });
export type RoomInput = z.infer<typeof RoomInput>;

/** A room as Kazakh-and-Russian documents print it: "Зал 2" or "2-зал / Зал 2". */
export function roomPair(names: LocalizedText): string {
  return names.kk === names.ru ? names.ru : `${names.kk} / ${names.ru}`;
}

/** A room's names with an empty language filled from the others. */
export function roomNames(input: {
  name?: string | undefined;
  names?: Partial<Record<"kk" | "ru" | "en", string | undefined>> | undefined;
}): LocalizedText {
  const any =
    input.names?.ru || input.names?.kk || input.names?.en || input.name || "";
  return {
    kk: input.names?.kk || input.name || any,
    ru: input.names?.ru || input.name || any,
    en: input.names?.en || input.name || any,
  };
}

export const SEAT_LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/;

export const Seat = z
  .object({
    id: z.string(),
    label: z.string(),
    roomId: z.string(),
    centerId: z.string(),
  })
  .meta({ id: "Seat" });
export type Seat = z.infer<typeof Seat>;

/** Either explicit labels, or a row: prefix "A", 1..10 gives A-01..A-10. */
export const SeatsInput = z
  .union([
    z.object({
      labels: z
        .array(z.string().regex(SEAT_LABEL_PATTERN, "1–16 of A-Z 0-9 -"))
        .min(1)
        .max(LIMITS.maxSeatsPerRequest),
    }),
    z
      .object({
        prefix: z.string().regex(/^[A-Za-z0-9]{1,8}$/, "1–8 of A-Z 0-9"),
        from: z.number().int().min(0).max(9999).default(1),
        to: z.number().int().min(0).max(9999),
      })
      .refine((row) => row.to >= row.from, "to must not be below from")
      .refine(
        (row) => row.to - row.from < LIMITS.maxSeatsPerRequest,
        `at most ${LIMITS.maxSeatsPerRequest} seats at once`,
      ),
  ])
  .meta({ id: "SeatsInput" });
export type SeatsInput = z.infer<typeof SeatsInput>;

/** The labels a seats request names, in order: A-01 … A-10. */
export function seatLabels(input: SeatsInput): string[] {
  if ("labels" in input) return input.labels;
  const width = Math.max(2, String(input.to).length);
  const labels: string[] = [];
  for (let n = input.from; n <= input.to; n++) {
    labels.push(`${input.prefix}-${String(n).padStart(width, "0")}`);
  }
  return labels;
}

// ---------------------------------------------------------------------------
// Slots

export const SLOT_STATUSES = ["open", "cancelled"] as const;

/** A slot as staff see it. */
export const Slot = z
  .object({
    id: z.string(),
    centerId: z.string(),
    roomId: z.string(),
    programId: z.string(),
    startsAt: Instant,
    endsAt: Instant.describe("Start + instructions + test duration"),
    bookingCutoffAt: Instant,
    lateAdmissionCutoffAt: Instant,
    seatsOffered: z.number().int(),
    bookedSeats: z.number().int().describe("Bookings not cancelled"),
    freeSeats: z.number().int(),
    status: z.enum(SLOT_STATUSES),
    createdAt: Instant,
  })
  .meta({ id: "Slot" });
export type Slot = z.infer<typeof Slot>;

export const SlotInput = z
  .object({
    roomId: z.string().min(1).max(64),
    programId: z.string().min(1).max(100),
    startsAt: InstantInput,
    seatsOffered: z.number().int().min(1).max(10_000),
    bookingCutoffAt: InstantInput.optional().describe(
      "Default: one hour before the start",
    ),
    lateAdmissionCutoffAt: InstantInput.optional().describe(
      "Default: 15 minutes after the start",
    ),
  })
  .meta({ id: "SlotInput" });
export type SlotInput = z.infer<typeof SlotInput>;

export const SlotUpdate = z
  .object({ seatsOffered: z.number().int().min(1).max(10_000) })
  .meta({ id: "SlotUpdate" });

/** `GET /slots?…`: the open slots searched; an empty filter means any. */
export const SlotSearch = z.object({
  program: z.string().max(100).optional(),
  center: z.string().max(64).optional(),
  region: z
    .string()
    .max(32)
    .optional()
    .describe("Only the centers of this region (its code, e.g. astana)"),
  from: InstantInput.optional(),
  to: InstantInput.optional(),
});
export type SlotSearch = z.infer<typeof SlotSearch>;

/** `GET /centers/:centerId/slots?…`: a center's slots in a period. */
export const CenterSlotSearch = z.object({
  from: InstantInput.optional(),
  to: InstantInput.optional(),
  program: z.string().max(100).optional(),
});
export type CenterSlotSearch = z.infer<typeof CenterSlotSearch>;

/** A bookable slot as the public portal sees it. */
export const PublicSlot = z
  .object({
    id: z.string(),
    program: BookingProgram,
    languages: z.array(TestLanguage),
    center: Center,
    room: z.object({ id: z.string(), name: z.string(), names: LocalizedText }),
    startsAt: Instant,
    endsAt: Instant,
    bookingCutoffAt: Instant,
    local: LocalTimeView.describe("The start in the center's time zone"),
    seatsOffered: z.number().int(),
    freeSeats: z.number().int(),
    open: z.boolean().describe("Bookable now: not cancelled, before cutoff"),
  })
  .meta({ id: "PublicSlot" });
export type PublicSlot = z.infer<typeof PublicSlot>;

// ---------------------------------------------------------------------------
// Bookings

export const BookingStatus = z.enum(BOOKING_STATUSES);

export const BookingRequest = z
  .object({
    iin: z.string().max(32).describe("12-digit IIN; checked digit by digit"),
    fullName: z.string().trim().min(1).max(LIMITS.fullNameMaxLength),
    programId: z.string().min(1).max(100),
    slotId: z.string().min(1).max(64),
    language: TestLanguage,
    consent: z
      .boolean()
      .optional()
      .describe(
        `Must be true: the candidate agreed to the consent text (version ${CONSENT_VERSION}, GET /api/v1/consent)`,
      ),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,}$/, "digits, spaces, ( ) - and a leading +")
      .max(LIMITS.phoneMaxLength)
      .optional(),
    email: z
      .email("an e-mail address, e.g. name@mail.kz")
      .max(254)
      .optional()
      .describe("Where e-mail messages about the booking go"),
    notifyBy: z
      .enum(NOTIFY_CHANNELS)
      .optional()
      .describe(
        'How the candidate hears about the booking. Default: "email" with an e-mail, else "sms" with a phone, else "none"',
      ),
    messageLanguage: z
      .enum(UI_LANGUAGES)
      .optional()
      .describe("The language of the messages; default: the test language"),
    formId: z
      .uuid()
      .optional()
      .describe(
        "From POST /api/v1/booking-forms when the form was opened: the center then measures how long booking took (the service standard's limit)",
      ),
    positionCategory: PositionCategoryCodeSchema.optional().describe(
      "The category of the position applied for (GET /api/v1/position-categories); the program must be for it",
    ),
    candidateKind: z
      .enum(CANDIDATE_KINDS)
      .optional()
      .describe(
        "candidate (first entry to the service) or civil-servant; the program must be for it",
      ),
  })
  .meta({ id: "BookingRequest" });
export type BookingRequest = z.infer<typeof BookingRequest>;

/** The two rules a desk may set aside for one booking, with a reason. */
export const BOOKING_RULES = [
  "retake_too_soon",
  "certificate_still_valid",
] as const;
export type BookingRule = (typeof BOOKING_RULES)[number];

/** POST /staff/bookings: a desk booking may override the program's rules. */
export const StaffBookingRequest = BookingRequest.extend({
  ruleOverride: z
    .object({
      reason: z
        .string()
        .trim()
        .min(3, "say why (at least 3 characters)")
        .max(500),
    })
    .optional()
    .describe(
      "Book despite the retake interval or a valid certificate; the reason is audited",
    ),
}).meta({ id: "StaffBookingRequest" });
export type StaffBookingRequest = z.infer<typeof StaffBookingRequest>;

/**
 * Why a person cannot book a program now and from when they can: shown to
 * the desk and to the holder of an earlier booking's code, never to the
 * public booking API (it answers `not_bookable_now`).
 */
export const BookingBlock = z
  .object({
    rule: z.enum(BOOKING_RULES),
    programId: z.string().describe("The program booked"),
    earliestDate: z
      .string()
      .describe("yyyy-mm-dd: the first test date the rule allows"),
    since: z
      .object({
        programId: z.string(),
        testDate: z.string().describe("yyyy-mm-dd of the sitting that counts"),
        certificateNumber: z.string().optional(),
      })
      .describe("The sitting or certificate the rule counts from"),
  })
  .meta({ id: "BookingBlock" });
export type BookingBlock = z.infer<typeof BookingBlock>;

/** GET /position-categories: the registry's categories a portal asks for. */
export const PositionCategories = z
  .object({
    notice: LocalizedText.optional().describe(
      "Present when the list is a demonstration",
    ),
    categories: z.array(PositionCategorySchema),
  })
  .meta({ id: "PositionCategories" });
export type PositionCategories = z.infer<typeof PositionCategories>;

/** A booking form opened: its id goes with the booking that follows. */
export const BookingFormOpened = z
  .object({
    formId: z.uuid(),
    openedAt: z.number().describe("Server time, epoch ms"),
  })
  .meta({ id: "BookingFormOpened" });
export type BookingFormOpened = z.infer<typeof BookingFormOpened>;

/** Where and when: what a receipt and a status page show. */
export const BookingSlot = z
  .object({
    id: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    bookingCutoffAt: Instant.describe("Cancelling is possible until then"),
    timezone: z.string(),
    date: z.string().describe("dd.mm.yyyy in the center's zone"),
    time: z.string().describe("HH:MM in the center's zone"),
    utcOffset: z.string(),
    place: z.object({
      centerId: z.string(),
      name: LocalizedText,
      address: LocalizedText,
    }),
    room: z.object({ id: z.string(), name: z.string(), names: LocalizedText }),
  })
  .meta({ id: "BookingSlot" });
export type BookingSlot = z.infer<typeof BookingSlot>;

export const BookingCreated = z
  .object({
    id: z.string().describe("The receipt number"),
    code: z
      .string()
      .describe("Secret: shown once, needed to view or cancel the booking"),
    status: z.literal("booked"),
    slot: BookingSlot,
    /** The receipt PDF; send the code in the X-Booking-Code header. */
    receiptUrl: z.string(),
    /** The status page, the code in its fragment (`…/booking/<id>#<code>`). */
    statusUrl: z.string(),
  })
  .meta({ id: "BookingCreated" });
export type BookingCreated = z.infer<typeof BookingCreated>;

export const BookingStatusView = z
  .object({
    id: z.string(),
    status: BookingStatus,
    fullName: z.string(),
    maskedIin: z.string(),
    program: BookingProgram,
    language: TestLanguage,
    slot: BookingSlot,
    consentVersion: z.string(),
    consentCollectedBy: z
      .string()
      .optional()
      .describe("The staff member who collected the consent at the desk"),
    createdAt: Instant,
    cancelledAt: Instant.optional(),
    result: z
      .object({
        passed: z.boolean(),
        certificateNumber: z.string().optional(),
      })
      .optional()
      .describe("Present once the result is official"),
    appealWindow: AppealWindow.optional().describe(
      "Present once the test was taken",
    ),
    appeals: z.array(PublicAppeal).default([]),
    complaints: z
      .array(PublicComplaint)
      .optional()
      .describe("Complaints about the booking, oldest first (the status page)"),
    revisions: z
      .array(ResultRevision)
      .default([])
      .describe("Result changes after an upheld appeal"),
    retestOf: z
      .string()
      .optional()
      .describe("The booking whose appeal granted this retest"),
    positionCategory: PositionCategorySchema.optional().describe(
      "The category applied for, when the booking named one",
    ),
    candidateKind: z.enum(CANDIDATE_KINDS).optional(),
    nextBooking: BookingBlock.optional().describe(
      "Present when the program cannot be booked again yet: why, and the earliest test date",
    ),
    anonymized: z.boolean().optional(),
    messages: z
      .array(MessageView)
      .default([])
      .describe(
        "What the center told the candidate, oldest first (addresses masked)",
      ),
  })
  .meta({ id: "BookingStatusView" });
export type BookingStatusView = z.infer<typeof BookingStatusView>;

/**
 * The request header that carries a booking code. Never a URL: proxies,
 * access logs and browser histories keep URLs. The receipt's link carries
 * the code in the fragment (`/booking/<bookingId>#<code>`), which browsers
 * never send.
 */
export const BOOKING_CODE_HEADER = "X-Booking-Code";

/** The status page's address for a booking: the code rides in the fragment. */
export const bookingStatusPath = (bookingId: string, code: string) =>
  `/booking/${encodeURIComponent(bookingId)}#${encodeURIComponent(code)}`;

// ---------------------------------------------------------------------------
// Accommodations

export const AccommodationInput = z
  .object({
    extraMinutes: z.number().int().min(0).max(LIMITS.maxExtraMinutes),
    note: z.string().trim().max(500).default(""),
    approvedBy: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe("Who approved it, e.g. the commission decision"),
  })
  .meta({ id: "AccommodationInput" });
export type AccommodationInput = z.infer<typeof AccommodationInput>;

/** A candidate named by IIN in a request body: IINs never go in URL paths. */
export const AccommodationLookup = z
  .object({ iin: z.string().max(32) })
  .meta({ id: "AccommodationLookup" });

export const AccommodationSet = z
  .object({ iin: z.string().max(32), ...AccommodationInput.shape })
  .meta({ id: "AccommodationSet" });
export type AccommodationSet = z.infer<typeof AccommodationSet>;

export const Accommodation = z
  .object({
    iin: z.string(),
    extraMinutes: z.number().int(),
    note: z.string(),
    approvedBy: z.string(),
    setBy: z
      .object({ id: z.string(), fullName: z.string() })
      .describe("The staff member who entered it"),
    setAt: Instant,
  })
  .meta({ id: "Accommodation" });
export type Accommodation = z.infer<typeof Accommodation>;

// ---------------------------------------------------------------------------
// Roster

export const BOOKING_SOURCES = ["online", "staff", "import"] as const;

export const RosterEntry = z
  .object({
    bookingId: z.string(),
    status: BookingStatus,
    iin: z.string(),
    fullName: z.string(),
    language: TestLanguage,
    phone: z.string().optional(),
    source: z.enum(BOOKING_SOURCES),
    consent: z
      .object({
        version: z.string(),
        collectedBy: z
          .object({ id: z.string(), fullName: z.string() })
          .nullable()
          .describe("Staff who collected it; null when given online"),
      })
      .describe("The consent the booking was made with"),
    accommodation: z
      .object({ extraMinutes: z.number().int(), note: z.string() })
      .nullable(),
    seatId: z.string().optional(),
    createdAt: Instant,
  })
  .meta({ id: "RosterEntry" });
export type RosterEntry = z.infer<typeof RosterEntry>;

export const Roster = z
  .object({ slot: Slot, entries: z.array(RosterEntry) })
  .meta({ id: "Roster" });
export type Roster = z.infer<typeof Roster>;

// ---------------------------------------------------------------------------
// Roster imports

export const RosterImportRequest = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(LIMITS.maxRosterCsvBytes)
      .describe(
        "CSV text, columns iin,fullName,language[,phone]; header optional",
      ),
  })
  .meta({ id: "RosterImportRequest" });

export const RosterImportAccepted = z
  .object({ importId: z.string() })
  .meta({ id: "RosterImportAccepted" });
export type RosterImportAccepted = z.infer<typeof RosterImportAccepted>;

const ErrorInfo = z.object({ id: z.string(), message: z.string() });

export const RosterImportRow = z
  .object({
    line: z.number().int(),
    iin: z.string(),
    ok: z.boolean(),
    error: ErrorInfo.optional(),
  })
  .meta({ id: "RosterImportRow" });
export type RosterImportRow = z.infer<typeof RosterImportRow>;

export const ROSTER_IMPORT_STATUSES = ["queued", "done", "rejected"] as const;

export const RosterImport = z
  .object({
    id: z.string(),
    slotId: z.string(),
    status: z.enum(ROSTER_IMPORT_STATUSES),
    rows: z.array(RosterImportRow),
    imported: z.number().int(),
    error: ErrorInfo.optional().describe("Why the whole file was refused"),
    createdAt: Instant,
    finishedAt: Instant.optional(),
  })
  .meta({ id: "RosterImport" });
export type RosterImport = z.infer<typeof RosterImport>;

export const Consent = z
  .object({ version: z.string(), text: LocalizedText })
  .meta({ id: "Consent" });
