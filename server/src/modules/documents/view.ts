import type {
  AnyOfficialResult,
  CertificateRecord,
  DocumentKind,
  OfficialResult,
  TestPayloadFields,
} from "@shared/certificates";
import { maskIin } from "@shared/iin";
import { holderNameDigest } from "../../signing";
import { CERTIFICATE_TEXT, type Bilingual } from "./templates/certificate";

/**
 * Pure derivations from an official result: dates in the center's zone,
 * the QR payload fields, what the page shows and the public record. No I/O,
 * so the rules (validity, masking, the reference's wording) are unit-tested
 * without rendering.
 */

const DAY_MS = 24 * 3600 * 1000;

export interface LocalTime {
  /** dd.mm.yyyy, as Kazakh and Russian documents write dates. */
  date: string;
  /** yyyy-mm-dd */
  isoDate: string;
  /** HH:MM, 24-hour. */
  time: string;
  year: number;
  /** e.g. "UTC+5". */
  utcOffset: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as the center's wall clock shows it (formatters cached: they are slow to build). */
export function localTime(instantMs: number, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(instantMs))) {
    parts[part.type] = part.value;
  }
  const year = Number(parts.year);
  const month = parts.month ?? "01";
  const day = parts.day ?? "01";
  const hour = parts.hour ?? "00";
  const minute = parts.minute ?? "00";
  const wallMs = Date.UTC(
    year,
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(parts.second ?? "0"),
  );
  const offsetMinutes = Math.round(
    (wallMs - Math.floor(instantMs / 1000) * 1000) / 60_000,
  );
  const sign = offsetMinutes < 0 ? "−" : "+";
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  const minutes = Math.abs(offsetMinutes) % 60;
  return {
    date: `${day}.${month}.${year}`,
    isoDate: `${year}-${month}-${day}`,
    time: `${hour}:${minute}`,
    year,
    utcOffset: `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`,
  };
}

export interface DocumentDates {
  issuedAt: string;
  /** A certificate's end of validity; absent for a reference and an assessment report. */
  validUntil?: string;
  testedAt: string;
  /** Local dates for the QR payload. */
  testDate: string;
  /** The local date of `validUntil`; absent for a reference. */
  validUntilDate?: string;
}

/**
 * The instant a certificate's validity ends: the one the result carries
 * (a re-issue keeps the replaced certificate's), else the test's start
 * plus the program's validity, else plus the center's default. A
 * reference and an assessment report have none.
 */
export function validUntilOf(
  result: {
    kind: DocumentKind;
    startedAt: string;
    validUntil?: string | undefined;
    validityDays?: number | undefined;
  },
  defaultValidityDays: number,
): number | undefined {
  if (result.kind !== "certificate") return undefined;
  if (result.validUntil !== undefined) return Date.parse(result.validUntil);
  const days = result.validityDays ?? defaultValidityDays;
  return Date.parse(result.startedAt) + days * DAY_MS;
}

/** The dates a document states; validity counts from the test date. */
export function documentDates(
  result: AnyOfficialResult,
  issuedAtMs: number,
  defaultValidityDays: number,
): DocumentDates {
  const validUntilMs = validUntilOf(result, defaultValidityDays);
  const zone = result.center.timezone;
  const startedMs = Date.parse(result.startedAt);
  return {
    issuedAt: new Date(issuedAtMs).toISOString(),
    testedAt: new Date(startedMs).toISOString(),
    testDate: localTime(startedMs, zone).isoDate,
    ...(validUntilMs === undefined
      ? {}
      : {
          validUntil: new Date(validUntilMs).toISOString(),
          validUntilDate: localTime(validUntilMs, zone).isoDate,
        }),
  };
}

/** What the QR code states about the document (signed separately). */
export function payloadFields(
  result: OfficialResult,
  number: string,
  dates: DocumentDates,
  sample: boolean,
): Omit<TestPayloadFields, "keyId"> {
  return {
    number,
    maskedIin: maskIin(result.iin),
    programId: result.programId,
    result: result.passed ? "passed" : "not_passed",
    correct: result.correct,
    total: result.total,
    testDate: dates.testDate,
    ...(dates.validUntilDate === undefined
      ? {}
      : { validUntil: dates.validUntilDate }),
    sample,
    holderDigest: holderNameDigest(result.fullName),
  };
}

/** What every document page shows around its results. */
export interface DocumentView {
  sample: boolean;
  number: string;
  holder: string;
  iin: string;
  programTitles: Bilingual;
  language: OfficialResult["language"];
  centerName: Bilingual;
  centerAddress: Bilingual;
  room: string;
  testDate: string;
  /** "10:00–10:55": the time actually taken. */
  testTime: string;
  /** "10:00": the slot's start; absent in results made before it was kept. */
  scheduledTime?: string;
  utcOffset: string;
  issuedDate: string;
  /** "B-1 — <title>" in both languages, when the booking named a category. */
  positionCategory?: Bilingual;
  /** "candidate" / "civil servant" in both languages, when named. */
  candidateKind?: Bilingual;
  administrator: string;
  operator: string;
  /** Printed under the QR code (without the payload). */
  verifyUrl: string;
  /** Encoded in the QR code: the URL with the signed payload. */
  qrText: string;
  /** The signed payload, also stored in the PDF's Info dictionary. */
  payload: string;
  signer: { commonName: string; demo: boolean };
}

/** A certificate's or a reference's page. */
export interface CertificateView extends DocumentView {
  kind: OfficialResult["kind"];
  /** dd.mm.yyyy; absent for a reference (it carries no validity). */
  validUntilDate?: string;
  sections: OfficialResult["sections"];
  correct: number;
  total: number;
  minCorrectTotal: number;
  passed: boolean;
}

/** What a document's page is told besides its result. */
export interface DocumentFacts {
  number: string;
  dates: DocumentDates;
  verifyUrl: string;
  qrText: string;
  payload: string;
  signer: { commonName: string; demo: boolean };
  sample: boolean;
}

const bilingual = (titles: { kk: string; ru: string }): Bilingual => ({
  kk: titles.kk,
  ru: titles.ru,
});

/** The position lines of the page; none for what the booking did not name. */
function positionLines(
  position: AnyOfficialResult["position"],
): Pick<DocumentView, "positionCategory" | "candidateKind"> {
  const category = position?.category;
  const kind = position?.candidateKind;
  return {
    ...(category
      ? {
          positionCategory: {
            kk: `${category.code} — ${category.titles.kk}`,
            ru: `${category.code} — ${category.titles.ru}`,
          },
        }
      : {}),
    ...(kind ? { candidateKind: CERTIFICATE_TEXT.candidateKinds[kind] } : {}),
  };
}

/** The holder, program, time, place and signers, formatted for any document. */
export function documentView(
  result: AnyOfficialResult,
  facts: DocumentFacts,
): DocumentView {
  const zone = result.center.timezone;
  const started = localTime(Date.parse(result.startedAt), zone);
  const finished = localTime(Date.parse(result.finishedAt), zone);
  return {
    sample: facts.sample,
    number: facts.number,
    holder: result.fullName,
    iin: result.iin,
    programTitles: bilingual(result.programTitles),
    language: result.language,
    centerName: bilingual(result.center.name),
    centerAddress: bilingual(result.center.address),
    room: result.room,
    testDate: started.date,
    testTime: `${started.time}–${finished.time}`,
    ...(result.scheduledAt === undefined
      ? {}
      : {
          scheduledTime: localTime(Date.parse(result.scheduledAt), zone).time,
        }),
    utcOffset: started.utcOffset,
    issuedDate: localTime(Date.parse(facts.dates.issuedAt), zone).date,
    ...positionLines(result.position),
    administrator: result.administrator.fullName,
    operator: result.operator.fullName,
    verifyUrl: facts.verifyUrl,
    qrText: facts.qrText,
    payload: facts.payload,
    signer: facts.signer,
  };
}

/** Everything the page shows, formatted; the renderer only places it. */
export function certificateView(
  result: OfficialResult,
  facts: DocumentFacts,
): CertificateView {
  const zone = result.center.timezone;
  return {
    ...documentView(result, facts),
    kind: result.kind,
    ...(facts.dates.validUntil === undefined || result.kind === "reference"
      ? {}
      : {
          validUntilDate: localTime(Date.parse(facts.dates.validUntil), zone)
            .date,
        }),
    sections: result.sections,
    correct: result.correct,
    total: result.total,
    minCorrectTotal: result.minCorrectTotal,
    passed: result.passed,
  };
}

/**
 * The public view of an issued document: what checking a paper needs. No
 * full IIN, no staff ids, no scores and no stens (the paper states them;
 * the registry confirms the paper, it does not publish results). An
 * assessment report states no result at all, only its scales' names.
 */
export function publicRecord(
  result: AnyOfficialResult,
  stored: {
    number: string;
    issuedAt: string;
    validUntil?: string;
    revokedAt?: string;
    revokedReason?: string;
    replacedBy?: string;
  },
  nowMs: number,
): CertificateRecord {
  const revoked = stored.revokedAt !== undefined;
  // A reference and an assessment report carry no validity (one stored by
  // an older version is not shown either): they never expire.
  const validUntil =
    result.kind !== "certificate" || !stored.validUntil
      ? undefined
      : stored.validUntil;
  const expired = validUntil !== undefined && nowMs > Date.parse(validUntil);
  return {
    valid: !revoked && !expired,
    revoked,
    ...(revoked
      ? {
          revokedReason: stored.revokedReason ?? "",
          revokedAt: stored.revokedAt,
        }
      : {}),
    expired,
    kind: result.kind,
    number: stored.number,
    holder: result.fullName,
    maskedIin: maskIin(result.iin),
    program: { id: result.programId, titles: result.programTitles },
    ...(result.kind === "assessment"
      ? {
          scales: result.profile.scales.map((scale) => ({
            scaleId: scale.scaleId,
            titles: scale.titles,
          })),
        }
      : { result: result.passed ? "passed" : "not_passed" }),
    testedAt: new Date(Date.parse(result.startedAt)).toISOString(),
    issuedAt: stored.issuedAt,
    ...(validUntil === undefined ? {} : { validUntil }),
    sample: false,
    ...(stored.replacedBy ? { replacedBy: stored.replacedBy } : {}),
  };
}
