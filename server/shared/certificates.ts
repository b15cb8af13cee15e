import { z } from "zod";
import {
  CANDIDATE_KINDS,
  PositionCategoryCodeSchema,
  type CandidateKind,
  type PositionCategory,
} from "./banks";
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

export const CERTIFICATE_KINDS = ["certificate", "reference"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

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
    if (MASKED_IIN.test(result.iin) && result.anonymized !== true) {
      ctx.addIssue({
        code: "custom",
        path: ["iin"],
        message: "a masked IIN only in an anonymized result",
      });
    }
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
    if (Date.parse(result.finishedAt) < Date.parse(result.startedAt)) {
      ctx.addIssue({
        code: "custom",
        path: ["finishedAt"],
        message: "ends before it starts",
      });
    }
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

/**
 * What a slot's results protocol lists: the slot's official results and
 * the numbers of the documents issued so far (by attempt id).
 */
export const SlotProtocolInputSchema = z
  .object({
    slotId: PlainId,
    results: z.array(OfficialResultSchema).min(1),
    documentNumbers: z.record(z.string(), z.string()).default({}),
  })
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
 * A reference has no validity: no `validUntil`, and it never expires.
 */
export const CertificateRecordSchema = z
  .object({
    /** Issued, not revoked and not expired. */
    valid: z.boolean(),
    revoked: z.boolean(),
    revokedReason: z.string().optional(),
    revokedAt: Instant.optional(),
    expired: z.boolean(),
    kind: z.enum(CERTIFICATE_KINDS),
    number: z.string(),
    holder: z.string(),
    maskedIin: z.string(),
    program: z.object({ id: z.string(), titles: Titles }),
    result: z.enum(["passed", "not_passed"]),
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
 */
export const QR_PAYLOAD_VERSION = "S2";
const QR_PAYLOAD_VERSIONS = { S1: 11, S2: 12 } as const;

/**
 * The form of a name its digest is taken of: Unicode NFC, upper case,
 * single spaces. The printed name and the record agree on it even when
 * one is typed in another case or with doubled spaces.
 */
export const normalizeHolderName = (name: string) =>
  name.normalize("NFC").toUpperCase().replace(/\s+/g, " ").trim();

export interface QrPayloadFields {
  number: string;
  maskedIin: string;
  programId: string;
  result: "passed" | "not_passed";
  correct: number;
  total: number;
  /** Day of the test in the center's zone, YYYY-MM-DD. */
  testDate: string;
  /**
   * Last day of validity in the center's zone, YYYY-MM-DD; absent for a
   * reference (its field in the body is empty). References issued before
   * carry one, and still verify.
   */
  validUntil?: string;
  /** Which Ed25519 key signed it (see GET /certificates/keys). */
  keyId: string;
  sample: boolean;
  /**
   * base64url of the first 8 bytes of SHA-256(normalizeHolderName(name));
   * absent in S1 payloads.
   */
  holderDigest?: string;
}

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

/** The exact bytes the Ed25519 signature covers. */
export function qrPayloadBody(fields: QrPayloadFields): string {
  const parts = [
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

/** Decodes (does not verify) a QR payload; null when it is malformed. */
export function decodeQrPayload(payload: string): DecodedQrPayload | null {
  const [encodedBody, encodedSignature, extra] = payload.split(".");
  if (!encodedBody || !encodedSignature || extra !== undefined) return null;
  const bodyBytes = fromBase64Url(encodedBody);
  const signature = fromBase64Url(encodedSignature);
  if (!bodyBytes || !signature || signature.length !== 64) return null;
  const parts = new TextDecoder().decode(bodyBytes).split("~");
  const version = parts[0] as keyof typeof QR_PAYLOAD_VERSIONS;
  if (!(version in QR_PAYLOAD_VERSIONS)) return null;
  if (parts.length !== QR_PAYLOAD_VERSIONS[version]) return null;
  const holderDigest = version === "S2" ? parts[11] : undefined;
  if (holderDigest !== undefined && !/^[A-Za-z0-9_-]{11}$/.test(holderDigest))
    return null;
  const [
    ,
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
  ] = parts as [
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
  ];
  if (!/^\d+$/.test(correct) || !/^\d+$/.test(total)) return null;
  if (!/^\d{8}$/.test(tested) || !/^(\d{8})?$/.test(until)) return null;
  if (result !== "P" && result !== "N") return null;
  if (sample !== "0" && sample !== "1") return null;
  return {
    fields: {
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
    },
    bodyBytes,
    signature,
  };
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
