import type { ProgramInfo } from "@shared/booking";
import {
  resolveEligibility,
  toProgramSummary,
  validityDaysOf,
  type PositionCategory,
  type ProgramKind,
  type ProgramSummary,
  type ResolvedEligibility,
} from "@shared/banks";
import type { AppContext } from "../../context";

/**
 * The test programs as the rest of the system sees them: what a slot needs
 * (duration, instructions time, languages, titles) and the rules of the
 * procedure (who a program is for, how often it may be taken, how long its
 * certificate is valid). Everything else about a program belongs to the
 * banks module; this adapter reads the catalog it loads at start
 * (`ctx.catalog`, from question-banks/).
 */
export type ProgramSource = Pick<AppContext, "catalog">;
export type ProgramRulesSource = Pick<AppContext, "catalog" | "env">;

/** A program as booking sees it, or undefined when there is none. */
export function getProgramInfo(
  source: ProgramSource,
  programId: string,
): ProgramInfo | undefined {
  const program = source.catalog.programs.find(
    (candidate) => candidate.id === programId,
  );
  if (!program) return undefined;
  return {
    id: program.id,
    titles: {
      kk: program.titles.kk,
      ru: program.titles.ru,
      en: program.titles.en,
    },
    durationMinutes: program.durationMinutes,
    instructionsMinutes: program.instructionsMinutes,
    languages: [...program.languages],
  };
}

/** Every program booking can offer, in catalog order. */
export function listProgramInfos(source: ProgramSource): ProgramInfo[] {
  return source.catalog.programs
    .map((program) => getProgramInfo(source, program.id))
    .filter((info): info is ProgramInfo => info !== undefined);
}

/** Every program as `GET /programs` publishes it, defaults resolved. */
export function programSummaries(source: ProgramRulesSource): ProgramSummary[] {
  return source.catalog.programs.map((program) =>
    toProgramSummary(program, {
      categories: source.catalog.positionCategories,
      defaultValidityDays: source.env.CERT_VALIDITY_DAYS,
    }),
  );
}

/** The rules of the procedure for one program. */
export interface ProgramRules {
  id: string;
  kind: ProgramKind;
  eligibility: ResolvedEligibility;
  retakeAfterDays: number;
  /** The program itself and its equivalents: sittings of any count. */
  family: string[];
  /** Days a certificate is valid (knowledge programs). */
  validityDays: number | null;
  bookableWhileValid: boolean;
  /** The knowledge program whose valid certificate a booking needs. */
  requires: string | null;
}

export function getProgramRules(
  source: ProgramRulesSource,
  programId: string,
): ProgramRules | undefined {
  const program = source.catalog.programs.find(
    (candidate) => candidate.id === programId,
  );
  if (!program) return undefined;
  return {
    id: program.id,
    kind: program.kind,
    eligibility: resolveEligibility(
      program.eligibility,
      source.catalog.positionCategories,
    ),
    retakeAfterDays: program.retakeAfterDays,
    family: [program.id, ...program.retakeEquivalents],
    validityDays:
      program.kind === "knowledge"
        ? validityDaysOf(program, source.env.CERT_VALIDITY_DAYS)
        : null,
    bookableWhileValid: program.bookableWhileValid,
    requires: program.requires?.programId ?? null,
  };
}

/** A position category of the registry by its code, or undefined. */
export function getPositionCategory(
  source: ProgramSource,
  code: string,
): PositionCategory | undefined {
  return source.catalog.positionCategories.find(
    (category) => category.code === code,
  );
}
