/**
 * Who may book which program, in words: the programs that fit the position
 * category and the candidate kind asked for (the server's own rule,
 * `eligibilityProblems` of server/shared/banks.ts, on each program's
 * published eligibility), why the others do not, and the booking rules'
 * blocks (the retake interval, a valid certificate) as sentences.
 */
import {
  CORPS,
  eligibilityProblems,
  type CandidateKind,
  type Corps,
  type IneligibleReason,
  type PositionCategory,
  type ProgramSummary,
} from "@shared/banks";
import type { BookingBlock } from "@shared/booking";
import type { MessageKey, Values } from "../../lib/i18n";

type Translate = (key: MessageKey, values?: Values) => string;

/**
 * The two answers a booking starts with. An installation without a list of
 * categories (no position-categories.json) asks only the kind.
 */
export interface Person {
  category: PositionCategory | null;
  candidateKind: CandidateKind;
}

export interface ProgramFit {
  program: ProgramSummary;
  /** Empty when the person may book it. */
  reasons: IneligibleReason[];
}

/** Each program with why the person may not book it (nothing: they may). */
export function fitPrograms(
  programs: readonly ProgramSummary[],
  person: Person,
): ProgramFit[] {
  const { category, candidateKind } = person;
  return programs.map((program) => ({
    program,
    // A server without eligibility (older than the rule) refuses nothing.
    reasons: !program.eligibility
      ? []
      : category
        ? eligibilityProblems(program.eligibility, { category, candidateKind })
        : program.eligibility.candidateKinds.includes(candidateKind)
          ? []
          : ["candidate_kind"],
  }));
}

/** The ids of the programs the person may book. */
export function fittingProgramIds(fits: readonly ProgramFit[]): Set<string> {
  return new Set(
    fits.filter((fit) => fit.reasons.length === 0).map((fit) => fit.program.id),
  );
}

/**
 * Why a program is not for the person: "for corps A only; for civil
 * servants only". The program's own lists say whom it is for.
 */
export function reasonWords(
  t: Translate,
  reasons: readonly IneligibleReason[],
  person: Person,
  program: ProgramSummary | undefined,
): string {
  const words = reasons.map((reason) => {
    switch (reason) {
      case "corps": {
        const corps = program?.eligibility?.corps ?? [];
        const only = corps.length === 1 ? corps[0] : undefined;
        return only
          ? t(`person.reason.corps.${only}`)
          : t("person.reason.category", { code: person.category?.code ?? "" });
      }
      case "category":
        return t("person.reason.category", {
          code: person.category?.code ?? "",
        });
      case "candidate_kind": {
        const kinds = program?.eligibility?.candidateKinds ?? [];
        const only: CandidateKind =
          kinds.length === 1 && kinds[0]
            ? kinds[0]
            : person.candidateKind === "candidate"
              ? "civil-servant"
              : "candidate";
        return t(`person.reason.${only}`);
      }
    }
  });
  return words.join("; ");
}

/** The reasons a `not_eligible` refusal carries (`details.reasons`). */
export function refusalReasons(details: unknown): IneligibleReason[] {
  const reasons = (details as { reasons?: unknown } | undefined)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.filter(
    (reason): reason is IneligibleReason =>
      reason === "corps" ||
      reason === "category" ||
      reason === "candidate_kind",
  );
}

/** Categories by corps, in the registry's order: A first, then B. */
export function categoriesByCorps(
  categories: readonly PositionCategory[],
): [Corps, PositionCategory[]][] {
  return CORPS.map(
    (corps) =>
      [corps, categories.filter((category) => category.corps === corps)] as [
        Corps,
        PositionCategory[],
      ],
  ).filter(([, list]) => list.length > 0);
}

/** "2027-01-12" as Kazakh documents write it: "12.01.2027". */
export function isoDateText(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
}

/** A booking rule's block (409 at the desk) with what it counts from. */
export function isBookingBlock(details: unknown): details is BookingBlock {
  const block = details as Partial<BookingBlock> | undefined;
  return (
    typeof block === "object" &&
    block !== null &&
    (block.rule === "retake_too_soon" ||
      block.rule === "certificate_still_valid") &&
    typeof block.earliestDate === "string" &&
    typeof block.since === "object" &&
    block.since !== null &&
    typeof block.since.testDate === "string"
  );
}

/** The desk's words for a block: the sitting it counts from, the date. */
export function blockText(
  t: Translate,
  block: BookingBlock,
  programTitle: (programId: string) => string,
): string {
  const values = {
    date: isoDateText(block.earliestDate),
    since: isoDateText(block.since.testDate),
    sinceProgram: programTitle(block.since.programId),
  };
  if (block.rule === "retake_too_soon") return t("block.retake", values);
  return block.since.certificateNumber
    ? t("block.certificate", {
        ...values,
        number: block.since.certificateNumber,
      })
    : t("block.certificateNoNumber", values);
}

/** The status page's words: when this program can be booked again, why. */
export function nextBookingText(
  t: Translate,
  block: BookingBlock,
  programTitle: (programId: string) => string,
): string {
  const date = isoDateText(block.earliestDate);
  const since = isoDateText(block.since.testDate);
  if (block.rule === "retake_too_soon") {
    return block.since.programId === block.programId
      ? t("status.next.retake", { date, since })
      : t("status.next.retakeOther", {
          date,
          since,
          sinceProgram: programTitle(block.since.programId),
        });
  }
  return block.since.certificateNumber
    ? t("status.next.certificate", {
        date,
        number: block.since.certificateNumber,
      })
    : t("status.next.certificateNoNumber", { date, since });
}
