import { z } from "zod";
import {
  CANDIDATE_KINDS,
  PositionCategoryCodeSchema,
  type CandidateKind,
  type PositionCategory,
} from "./banks";
import { ProfileSchema } from "./assessment";
import { TEST_LANGUAGES } from "./enums";
import { validateIin } from "./iin";

/**
 * The certificates contract: what the delivery engine hands over when a
 * result becomes official, and what anyone sees when checking a document.
 * Pure (zod and plain functions only), so the /verify page decodes the
 * same QR payload the server signs.
 */

/** Ids end up in Redis keys, job ids and file names: keep them plain. */
const PlainId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "1–64 of A-Z a-z 0-9 _ -");

/** Program ids also travel in the QR payload, which uses "~" as separator. */
const ProgramId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, "1–40 of A-Z a-z 0-9 _ . -");

const Titles = z.object({
  kk: z.string().trim().min(1).max(300),
  ru: z.string().trim().min(1).max(300),
  en: z.string().trim().min(1).max(300),
});

const Instant = z.iso.datetime({ offset: true });

/** What the retention purge leaves of an IIN: the birth date part only. */
export const MASKED_IIN = /^\d{6}\*{6}$/;

const StaffRef = z.object({
  id: z.string().min(1).max(100),
  fullName: z.string().trim().min(1).max(200),
});

export const SectionResultSchema = z
  .object({
    sectionId: z.string().min(1).max(64),
    titles: Titles,
    correct: z.int().min(0),
    total: z.int().min(1),
    minCorrect: z.int().min(0),
    passed: z.boolean(),
  })
  .meta({ id: "SectionResult" });
export type SectionResult = z.infer<typeof SectionResultSchema>;

/** The documents of a knowledge test: passed, or not. */
export const CERTIFICATE_KINDS = ["certificate", "reference"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/**
 * Every document the registry numbers, signs and verifies: a knowledge
 * test's certificate or reference, and the personal-qualities assessment
 * report (a profile, never pass/fail and never with a validity).
 */
export const DOCUMENT_KINDS = [...CERTIFICATE_KINDS, "assessment"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Who the test was for, as the booking named it: the category of the
 * position applied for (its code and the registry's titles, copied so the
 * document does not change when the registry does) and whether the person
 * is a candidate or a serving civil servant. Either may be absent; the
 * whole object is absent when the booking named neither.
 */
export const OfficialPositionSchema = z
  .object({
    category: z
      .object({ code: PositionCategoryCodeSchema, titles: Titles })
      .optional(),
    candidateKind: z.enum(CANDIDATE_KINDS).optional(),
  })
  .meta({ id: "OfficialPosition" });
export type OfficialPosition = z.infer<typeof OfficialPositionSchema>;

/**
 * The position of an official result from what its booking named: the
 * category's titles come from the registry (the code stands in for a
 * title the registry no longer lists). Undefined when nothing was named.
 */
export function officialPosition(
  named: {
    positionCategory?: string | null | undefined;
    candidateKind?: CandidateKind | null | undefined;
  },
  categories: readonly Pick<PositionCategory, "code" | "titles">[],
): OfficialPosition | undefined {
  const code = named.positionCategory ?? null;
  const kind = named.candidateKind ?? null;
  if (code === null && kind === null) return undefined;
  const titles = categories.find((category) => category.code === code)
    ?.titles ?? { kk: code ?? "", ru: code ?? "", en: code ?? "" };
  return {
    ...(code === null ? {} : { category: { code, titles } }),
    ...(kind === null ? {} : { candidateKind: kind }),
  };
}

/** What every official result must hold whatever its document. */
function checkHolderAndTimes(
  result: {
    iin: string;
    anonymized?: boolean | undefined;
    startedAt: string;
    finishedAt: string;
  },
  ctx: z.core.$RefinementCtx,
): void {
  if (MASKED_IIN.test(result.iin) && result.anonymized !== true) {
    ctx.addIssue({
      code: "custom",
      path: ["iin"],
      message: "a masked IIN only in an anonymized result",
    });
  }
  if (Date.parse(result.finishedAt) < Date.parse(result.startedAt)) {
    ctx.addIssue({
      code: "custom",
      path: ["finishedAt"],
      message: "ends before it starts",
    });
  }
}

/**
 * A knowledge test's official result: a certificate when passed, a
 * reference when not. (A personal-qualities assessment is an
 * `AssessmentResult`; the registry takes either, see `AnyOfficialResult`.)
 */
export const OfficialResultSchema = z
  .object({
    attemptId: PlainId,
    bookingId: z.string().min(1).max(100),
    slotId: PlainId,
    /** A certificate when passed, a reference (справка / анықтама) when not. */
    kind: z.enum(CERTIFICATE_KINDS),
    fullName: z.string().trim().min(1).max(200),
    iin: z
      .string()
      .refine(
        (iin) => validateIin(iin).valid || MASKED_IIN.test(iin),
        "not a valid IIN",
      ),
    /** Set by the retention purge: name and IIN are no longer stored. */
    anonymized: z.boolean().optional(),
    programId: ProgramId,
    programTitles: Titles,
    language: z.enum(TEST_LANGUAGES),
    startedAt: Instant,
    finishedAt: Instant,
    /** The slot's start as booked; absent in results made before it was kept. */
    scheduledAt: Instant.optional(),
    center: z.object({
      name: Titles,
      address: Titles,
      /** IANA zone the times on the document are shown in. */
      timezone: z.string().min(1).max(64),
    }),
    room: z.string().trim().min(1).max(100),
    sections: z.array(SectionResultSchema).min(1).max(20),
    correct: z.int().min(0),
    total: z.int().min(1),
    minCorrectTotal: z.int().min(0),
    passed: z.boolean(),
    administrator: StaffRef,
    operator: StaffRef,
    signedOffAt: Instant,
    /**
     * The program's validity in days, counted from the test date
     * (`startedAt`); CERT_VALIDITY_DAYS applies when absent.
     */
    validityDays: z.int().min(1).max(3650).optional(),
    /**
     * A certificate's end of validity, used as is instead of `startedAt +
     * validityDays`: a re-issued certificate keeps the one it replaces.
     * Never on a reference (a reference carries no validity).
     */
    validUntil: Instant.optional(),
    /** Who the test was for, when the booking named it. */
    position: OfficialPositionSchema.optional(),
  })
  .superRefine((result, ctx) => {
    // A document that says "passed" on a failed result is the worst bug
    // this module could have: refuse inconsistent input outright.
    if ((result.kind === "certificate") !== result.passed) {
      ctx.addIssue({
        code: "custom",
        path: ["kind"],
        message:
          "a certificate is for a passed result, a reference for one that is not",
      });
    }
    checkHolderAndTimes(result, ctx);
    if (result.correct > result.total) {
      ctx.addIssue({
        code: "custom",
        path: ["correct"],
        message: "more correct answers than questions",
      });
    }
    result.sections.forEach((section, index) => {
      if (section.correct > section.total) {
        ctx.addIssue({
          code: "custom",
          path: ["sections", index, "correct"],
          message: "more correct answers than questions",
        });
      }
    });
    if (result.validUntil !== undefined) {
      if (result.kind === "reference") {
        ctx.addIssue({
          code: "custom",
          path: ["validUntil"],
          message: "a reference carries no validity",
        });
      } else if (
        Date.parse(result.validUntil) <= Date.parse(result.startedAt)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["validUntil"],
          message: "validity ends before the test",
        });
      }
    }
  })
  .meta({ id: "OfficialResult" });
export type OfficialResult = z.infer<typeof OfficialResultSchema>;

/** Most scales an assessment report prints on its one page. */
export const MAX_ASSESSMENT_SCALES = 8;
/** Scale ids travel in the QR payload (`id:sten,…`): plain, like program ids. */
const PAYLOAD_SCALE_ID = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * A personal-qualities assessment's official result (the procedure's
 * second stage): the same holder, program, place, time and signers as an
 * `OfficialResult`, and a profile (a sten per scale, the consistency of the
 * answers, the program's rule when it has one) instead of scores. Its
 * document is the assessment report: never pass/fail unless the program
 * has a rule, never with a validity.
 */
const official = OfficialResultSchema.shape;
export const AssessmentResultSchema = z
  .object({
    attemptId: official.attemptId,
    bookingId: official.bookingId,
    slotId: official.slotId,
    kind: z.literal("assessment"),
    fullName: official.fullName,
    iin: official.iin,
    anonymized: official.anonymized,
    programId: official.programId,
    programTitles: official.programTitles,
    language: official.language,
    startedAt: official.startedAt,
    finishedAt: official.finishedAt,
    scheduledAt: official.scheduledAt,
    center: official.center,
    room: official.room,
    profile: ProfileSchema,
    administrator: official.administrator,
    operator: official.operator,
    signedOffAt: official.signedOffAt,
    position: official.position,
  })
  .superRefine((result, ctx) => {
    checkHolderAndTimes(result, ctx);
    const { scales, rule } = result.profile;
    if (scales.length > MAX_ASSESSMENT_SCALES) {
      ctx.addIssue({
        code: "custom",
        path: ["profile", "scales"],
        message: `at most ${MAX_ASSESSMENT_SCALES} scales fit the report's page`,
      });
    }
    const seen = new Set<string>();
    scales.forEach((scale, index) => {
      if (!PAYLOAD_SCALE_ID.test(scale.scaleId) || seen.has(scale.scaleId)) {
        ctx.addIssue({
          code: "custom",
          path: ["profile", "scales", index, "scaleId"],
          message: "a scale id is unique and 1–40 of A-Z a-z 0-9 _ . -",
        });
      }
      seen.add(scale.scaleId);
      if (!scale.titles.kk.trim() || !scale.titles.ru.trim()) {
        ctx.addIssue({
          code: "custom",
          path: ["profile", "scales", index, "titles"],
          message: "the report prints the Kazakh and the Russian title",
        });
      }
    });
    // As with "passed": a report that says the requirement is met when a
    // scale is below it must never be printed.
    if (
      rule !== undefined &&
      rule.met !== scales.every((scale) => scale.sten >= rule.minSten)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["profile", "rule", "met"],
        message: "met exactly when no scale is below minSten",
      });
    }
  })
  .meta({ id: "AssessmentResult" });
export type AssessmentResult = z.infer<typeof AssessmentResultSchema>;

/**
 * What the registry issues a document for: a knowledge test's result
 * (certificate or reference) or an assessment's (the assessment report),
 * told apart by `kind`. Stored as is at `official:<attemptId>`.
 */
export const AnyOfficialResultSchema = z
  .discriminatedUnion("kind", [OfficialResultSchema, AssessmentResultSchema])
  .meta({ id: "AnyOfficialResult" });
export type AnyOfficialResult = z.infer<typeof AnyOfficialResultSchema>;

/**
 * Where a booked candidate stands on the protocol when they have no
 * official result (yet): not come, not tested yet, testing, being scored,
 * waiting for the signatures, voided; `official` while the signed result
 * is being filed.
 */
export const PROTOCOL_STATUSES = [
  "no_show",
  "not_tested",
  "testing",
  "scoring",
  "not_signed",
  "official",
  "voided",
] as const;
export type ProtocolStatus = (typeof PROTOCOL_STATUSES)[number];

/** One booking (not cancelled) of the slot, as the protocol lists it. */
export const ProtocolCandidateSchema = z.object({
  bookingId: z.string().min(1).max(100),
  fullName: z.string().trim().min(1).max(200),
  iin: z.string().max(32),
  language: z.enum(TEST_LANGUAGES),
  status: z.enum(PROTOCOL_STATUSES),
});
export type ProtocolCandidate = z.infer<typeof ProtocolCandidateSchema>;

/**
 * What a slot's results protocol lists: every booking of the slot that was
 * not cancelled (a candidate with an official result shows it, the others
 * their status; cancelled bookings are only counted), the numbers of the
 * documents issued so far (by attempt id), and the slot as a person names
 * it: program, center, room, date and time. `slotId` names the file; it is
 * never printed.
 */
export const SlotProtocolInputSchema = z
  .object({
    slotId: PlainId,
    /** Absent for a slot whose record is gone: then its first result's. */
    slot: z
      .object({
        programTitles: Titles,
        center: z.object({
          name: Titles,
          address: Titles,
          timezone: z.string().min(1).max(64),
        }),
        room: z.string().trim().min(1).max(100),
        startsAt: Instant,
        endsAt: Instant,
      })
      .optional(),
    candidates: z.array(ProtocolCandidateSchema).default([]),
    cancelled: z.int().min(0).default(0),
    results: z.array(AnyOfficialResultSchema),
    documentNumbers: z.record(z.string(), z.string()).default({}),
  })
  .refine(
    (input) => input.results.length + input.candidates.length > 0,
    "a protocol lists at least one candidate",
  )
  .meta({ id: "SlotProtocolInput" });
export type SlotProtocolInput = z.input<typeof SlotProtocolInputSchema>;

// ---------------------------------------------------------------------------
// Document numbers: `SYN-2026-7K3QW9HD2M` + one check character. The ten
// characters after the year are random (50 bits, Crockford's base32: no I,
// L, O or U), so one number says nothing about any other. The check
// character is ISO 7064 MOD 37,36 over the year and the random part: it
// catches every single mistyped character and every swap of two neighbours,
// and the server checks it before any lookup. Numbers issued before are
// sequential (`SYN-2026-000123`) and only verify with the holder's birth
// date; samples use `SAMPLE-<year>-000000`.

/** Crockford's base32 alphabet: the random part of a document number. */
export const NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Random characters after the year. */
export const NUMBER_RANDOM_LENGTH = 10;
const CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const CURRENT_NUMBER =
  /^([A-Z]{2,8})-(\d{4})-([0-9A-HJKMNP-TV-Z]{10})([0-9A-Z])$/;
const LEGACY_NUMBER = /^[A-Z]{2,8}-\d{4}-\d{6}$/;

/** ISO 7064 MOD 37,36 (hybrid): the character that makes `body` check. */
export function numberCheckCharacter(body: string): string {
  let product = 36;
  for (const char of body) {
    const value = CHECK_ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not a number character: ${char}`);
    let sum = (product + value) % 36;
    if (sum === 0) sum = 36;
    product = (sum * 2) % 37;
  }
  return CHECK_ALPHABET[(37 - product) % 36] as string;
}

/** `SYN-2026-` + random part + check character. */
export function composeDocumentNumber(
  prefix: string,
  year: number,
  random: string,
): string {
  return `${prefix}-${year}-${random}${numberCheckCharacter(`${year}${random}`)}`;
}

/** The old sequential form (`SYN-2026-000123`): verified with a second factor. */
export const isLegacyNumber = (number: string) => LEGACY_NUMBER.test(number);

/** A current-form number whose check character is right. */
export function hasValidCheckCharacter(number: string): boolean {
  const match = CURRENT_NUMBER.exec(number);
  if (!match) return false;
  const [, , year = "", random = "", check = ""] = match;
  return numberCheckCharacter(`${year}${random}`) === check;
}

/** Either form; the check character is checked by the service, not here. */
export const CertificateNumberSchema = z
  .string()
  .regex(
    /^[A-Z]{2,8}-\d{4}-(\d{6}|[0-9A-HJKMNP-TV-Z]{10}[0-9A-Z])$/,
    "a document number like SYN-2026-7K3QW9HD2MX",
  );

/** The header that carries an old number's second factor (never the URL). */
export const HOLDER_BIRTH_DATE_HEADER = "X-Holder-Birth-Date";
export const HolderBirthDateSchema = z.iso.date();

/**
 * What an anonymous verifier learns: what checking a paper needs (valid or
 * revoked and why, kind, holder, masked IIN, program, dates), never scores.
 * A reference and an assessment report have no validity: no `validUntil`,
 * and they never expire. An assessment report's record carries no result
 * and no stens (the paper and its signed QR code state them).
 */
export const CertificateRecordSchema = z
  .object({
    /** Issued, not revoked and not expired. */
    valid: z.boolean(),
    revoked: z.boolean(),
    revokedReason: z.string().optional(),
    revokedAt: Instant.optional(),
    expired: z.boolean(),
    kind: z.enum(DOCUMENT_KINDS),
    number: z.string(),
    holder: z.string(),
    maskedIin: z.string(),
    program: z.object({ id: z.string(), titles: Titles }),
    /** A certificate's or a reference's outcome; absent for an assessment report. */
    result: z.enum(["passed", "not_passed"]).optional(),
    /**
     * An assessment report's scales in the order the paper prints them:
     * ids and titles only, so a verifier can name the stens of the QR code
     * (never the stens themselves).
     */
    scales: z
      .array(
        z.object({
          scaleId: z.string(),
          titles: z.object({ kk: z.string(), ru: z.string(), en: z.string() }),
        }),
      )
      .optional(),
    testedAt: Instant,
    issuedAt: Instant,
    /** A certificate's end of validity; absent for a reference. */
    validUntil: Instant.optional(),
    sample: z.boolean(),
    replacedBy: z.string().optional(),
  })
  .meta({ id: "CertificateRecord" });
export type CertificateRecord = z.infer<typeof CertificateRecordSchema>;

/** POST /certificates/:number/revoke: why, and the document replacing it. */
export const CertificateRevokeRequestSchema = z.object({
  reason: z.string().trim().min(3).max(500),
  replacedBy: CertificateNumberSchema.optional(),
});
export type CertificateRevokeRequest = z.infer<
  typeof CertificateRevokeRequestSchema
>;

export const VerifyReasonSchema = z
  .object({ id: z.string(), message: z.string() })
  .meta({ id: "VerifyReason" });
export type VerifyReason = z.infer<typeof VerifyReasonSchema>;

export const VerifyPdfResultSchema = z
  .object({
    valid: z.boolean(),
    /** Why it is not valid; empty when it is. Ids are stable. */
    reasons: z.array(VerifyReasonSchema),
    record: CertificateRecordSchema.optional(),
  })
  .meta({ id: "VerifyPdfResult" });
export type VerifyPdfResult = z.infer<typeof VerifyPdfResultSchema>;

export const CertificateKeysSchema = z
  .object({
    /** Ed25519 keys that sign QR payloads, as JWK; `kid` is in the payload. */
    qrKeys: z.array(
      z.object({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
        kid: z.string(),
        x: z.string(),
        current: z.boolean(),
      }),
    ),
    /** Certificates that sign the PDFs (the current one and earlier ones). */
    signingCertificates: z.array(
      z.object({
        fingerprintSha256: z.string(),
        subject: z.string(),
        notAfter: Instant,
        demo: z.boolean(),
        current: z.boolean(),
        pem: z.string(),
      }),
    ),
  })
  .meta({ id: "CertificateKeys" });
export type CertificateKeys = z.infer<typeof CertificateKeysSchema>;

/** Where a signing key comes from: the center's own file, or made by Synaq. */
export const KeySourceSchema = z.enum(["configured", "generated"]);

/** Which keys sign this installation's documents (the console's configuration page). */
export const ConfigurationKeysSchema = z
  .object({
    /** The PDF signing identity: CERT_P12_PATH, or a demo PKCS#12 under DATA_DIR/keys. */
    signing: z.object({
      source: KeySourceSchema,
      subject: z.string(),
      fingerprintSha256: z.string(),
      notAfter: Instant,
    }),
    /** The Ed25519 QR key: CERT_QR_KEY_PATH, or one made under DATA_DIR/keys. */
    qr: z.object({
      source: KeySourceSchema,
      keyId: z.string(),
      /** SHA-256 of the raw 32-byte public key, lower-case hex. */
      fingerprintSha256: z.string(),
    }),
  })
  .meta({ id: "ConfigurationKeys" });
export type ConfigurationKeys = z.infer<typeof ConfigurationKeysSchema>;

// ---------------------------------------------------------------------------
// The QR payload: `<base64url(body)>.<base64url(Ed25519 signature of body)>`.
// The body is "~"-separated plain fields (a JSON body makes the QR code a
// size larger and harder to scan from paper).

/**
 * S2 adds a digest of the holder's name, so a genuine QR code pasted onto a
 * paper with another name fails the offline check. S1 payloads (no name)
 * on documents issued before still decode and verify.
 *
 * P1 is the assessment report's payload: a profile has no result, no
 * score and no validity, so its body has fields of its own (see
 * `AssessmentPayloadFields`); it always signs the holder's name.
 */
export const QR_PAYLOAD_VERSION = "S2";
/** The payload version of an assessment report. */
export const ASSESSMENT_PAYLOAD_VERSION = "P1";
/** Fields of each version's body, the version included. */
const QR_PAYLOAD_VERSIONS = { S1: 11, S2: 12, P1: 12 } as const;

/**
 * The form of a name its digest is taken of: Unicode NFC, upper case,
 * single spaces. The printed name and the record agree on it even when
 * one is typed in another case or with doubled spaces.
 */
export const normalizeHolderName = (name: string) =>
  name.normalize("NFC").toUpperCase().replace(/\s+/g, " ").trim();

/** What every payload states, whatever the document. */
interface PayloadCommon {
  number: string;
  maskedIin: string;
  programId: string;
  /** Day of the test in the center's zone, YYYY-MM-DD. */
  testDate: string;
  /** Which Ed25519 key signed it (see GET /certificates/keys). */
  keyId: string;
  sample: boolean;
}

/** A certificate's or a reference's payload (S1, S2). */
export interface TestPayloadFields extends PayloadCommon {
  /** Absent: the payloads of knowledge tests predate document kinds in it. */
  kind?: undefined;
  result: "passed" | "not_passed";
  correct: number;
  total: number;
  /**
   * Last day of validity in the center's zone, YYYY-MM-DD; absent for a
   * reference (its field in the body is empty). References issued before
   * carry one, and still verify.
   */
  validUntil?: string;
  /**
   * base64url of the first 8 bytes of SHA-256(normalizeHolderName(name));
   * absent in S1 payloads.
   */
  holderDigest?: string;
}

/** One scale of a profile as the payload states it. */
export interface ScaleSten {
  scaleId: string;
  /** 1–10. */
  sten: number;
}

/**
 * An assessment report's payload (P1): the stens in the order the paper
 * prints them, the program's rule and the consistency as the paper states
 * them, so every statement on the page is signed.
 */
export interface AssessmentPayloadFields extends PayloadCommon {
  kind: "assessment";
  stens: ScaleSten[];
  /** The program's rule and whether the profile meets it; absent: no rule. */
  rule?: { minSten: number; met: boolean };
  /**
   * The consistency index to two decimals and whether it is low; absent
   * when the form had no paired statements.
   */
  consistency?: { index: number; low: boolean };
  /** As in S2: the holder's name digest. */
  holderDigest: string;
}

export type QrPayloadFields = TestPayloadFields | AssessmentPayloadFields;
/** The fields a signer fills (the key id is the signer's). */
export type UnsignedQrPayloadFields =
  Omit<TestPayloadFields, "keyId"> | Omit<AssessmentPayloadFields, "keyId">;

const compactDate = (iso: string) => iso.replaceAll("-", "");
const isoDate = (compact: string) =>
  `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

const STEN_ENTRY = /^([A-Za-z0-9_.-]{1,40}):(10|[1-9])$/;
const HOLDER_DIGEST = /^[A-Za-z0-9_-]{11}$/;

/** `integrity:7,responsibility:5`: the profile as the payload carries it. */
export function formatStens(stens: readonly ScaleSten[]): string {
  return stens
    .map(({ scaleId, sten }) => {
      const entry = `${scaleId}:${sten}`;
      if (!STEN_ENTRY.test(entry)) {
        throw new Error(`not a payload scale and sten: ${entry}`);
      }
      return entry;
    })
    .join(",");
}

function parseStens(text: string): ScaleSten[] | null {
  const stens: ScaleSten[] = [];
  for (const entry of text.split(",")) {
    const match = STEN_ENTRY.exec(entry);
    if (!match) return null;
    stens.push({ scaleId: match[1] as string, sten: Number(match[2]) });
  }
  const ids = new Set(stens.map((scale) => scale.scaleId));
  if (ids.size !== stens.length || stens.length > MAX_ASSESSMENT_SCALES)
    return null;
  return stens;
}

/** The consistency index as hundredths (0–100). */
const hundredths = (index: number) => Math.round(index * 100);

/** The exact bytes the Ed25519 signature covers. */
export function qrPayloadBody(fields: QrPayloadFields): string {
  const parts =
    fields.kind === "assessment"
      ? [
          ASSESSMENT_PAYLOAD_VERSION,
          fields.number,
          fields.maskedIin,
          fields.programId,
          // The kind: A, an assessment report (the only P1 document so far).
          "A",
          formatStens(fields.stens),
          fields.rule === undefined
            ? ""
            : `${fields.rule.met ? "M" : "N"}${fields.rule.minSten}`,
          fields.consistency === undefined
            ? ""
            : `${fields.consistency.low ? "L" : "C"}${hundredths(fields.consistency.index)}`,
          compactDate(fields.testDate),
          fields.keyId,
          fields.sample ? "1" : "0",
          fields.holderDigest,
        ]
      : [
          fields.holderDigest === undefined ? "S1" : QR_PAYLOAD_VERSION,
          fields.number,
          fields.maskedIin,
          fields.programId,
          fields.result === "passed" ? "P" : "N",
          String(fields.correct),
          String(fields.total),
          compactDate(fields.testDate),
          fields.validUntil === undefined ? "" : compactDate(fields.validUntil),
          fields.keyId,
          fields.sample ? "1" : "0",
          ...(fields.holderDigest === undefined ? [] : [fields.holderDigest]),
        ];
  if (parts.some((part) => part.includes("~"))) {
    throw new Error("a QR payload field contains the separator ~");
  }
  return parts.join("~");
}

/** Joins a body and its signature into the text that goes into the QR. */
export function joinQrPayload(body: string, signature: Uint8Array): string {
  return `${toBase64Url(new TextEncoder().encode(body))}.${toBase64Url(signature)}`;
}

export interface DecodedQrPayload {
  fields: QrPayloadFields;
  /** UTF-8 bytes of the body, as signed. */
  bodyBytes: Uint8Array;
  signature: Uint8Array;
}

type Parts = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string?,
];

/** The fields of an S1 or S2 body; null when one is malformed. */
function testFields(parts: Parts): TestPayloadFields | null {
  const [
    version,
    number,
    maskedIin,
    programId,
    result,
    correct,
    total,
    tested,
    until,
    keyId,
    sample,
    holderDigest,
  ] = parts;
  if (version === "S2" && !HOLDER_DIGEST.test(holderDigest ?? "")) return null;
  if (!/^\d+$/.test(correct) || !/^\d+$/.test(total)) return null;
  if (!/^\d{8}$/.test(tested) || !/^(\d{8})?$/.test(until)) return null;
  if (result !== "P" && result !== "N") return null;
  if (sample !== "0" && sample !== "1") return null;
  return {
    number,
    maskedIin,
    programId,
    result: result === "P" ? "passed" : "not_passed",
    correct: Number(correct),
    total: Number(total),
    testDate: isoDate(tested),
    ...(until === "" ? {} : { validUntil: isoDate(until) }),
    keyId,
    sample: sample === "1",
    ...(holderDigest === undefined ? {} : { holderDigest }),
  };
}

/** The fields of a P1 body; null when one is malformed. */
function assessmentFields(parts: Parts): AssessmentPayloadFields | null {
  const [
    ,
    number,
    maskedIin,
    programId,
    kind,
    stensText,
    ruleText,
    consistencyText,
    tested,
    keyId,
    sample,
    holderDigest = "",
  ] = parts;
  if (kind !== "A") return null;
  const stens = parseStens(stensText);
  const rule = /^([MN])(10|[1-9])$/.exec(ruleText);
  const consistency = /^([CL])(100|[1-9]?\d)$/.exec(consistencyText);
  if (!stens) return null;
  if (ruleText !== "" && !rule) return null;
  if (consistencyText !== "" && !consistency) return null;
  if (!/^\d{8}$/.test(tested)) return null;
  if (sample !== "0" && sample !== "1") return null;
  if (!HOLDER_DIGEST.test(holderDigest)) return null;
  return {
    kind: "assessment",
    number,
    maskedIin,
    programId,
    stens,
    ...(rule
      ? { rule: { minSten: Number(rule[2]), met: rule[1] === "M" } }
      : {}),
    ...(consistency
      ? {
          consistency: {
            index: Number(consistency[2]) / 100,
            low: consistency[1] === "L",
          },
        }
      : {}),
    testDate: isoDate(tested),
    keyId,
    sample: sample === "1",
    holderDigest,
  };
}

/** Decodes (does not verify) a QR payload; null when it is malformed. */
export function decodeQrPayload(payload: string): DecodedQrPayload | null {
  const [encodedBody, encodedSignature, extra] = payload.split(".");
  if (!encodedBody || !encodedSignature || extra !== undefined) return null;
  const bodyBytes = fromBase64Url(encodedBody);
  const signature = fromBase64Url(encodedSignature);
  if (!bodyBytes || !signature || signature.length !== 64) return null;
  const parts = new TextDecoder().decode(bodyBytes).split("~");
  const version = parts[0] as keyof typeof QR_PAYLOAD_VERSIONS;
  if (!Object.hasOwn(QR_PAYLOAD_VERSIONS, version)) return null;
  if (parts.length !== QR_PAYLOAD_VERSIONS[version]) return null;
  const fields =
    version === ASSESSMENT_PAYLOAD_VERSION
      ? assessmentFields(parts as Parts)
      : testFields(parts as Parts);
  return fields ? { fields, bodyBytes, signature } : null;
}

/** The address printed under and encoded in the QR code. */
export function verificationUrl(
  publicUrl: string,
  number: string,
  payload?: string,
): string {
  const base = `${publicUrl.replace(/\/+$/, "")}/verify/${encodeURIComponent(number)}`;
  return payload ? `${base}#${payload}` : base;
}
