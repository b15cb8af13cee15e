import type { ProgramInfo } from "@shared/booking";
import type { AppContext } from "../../context";

/**
 * Booking's one view of the test programs: what a slot needs (duration,
 * instructions time, languages, titles). Everything else about a program
 * belongs to the banks module; this adapter reads the catalog it loads at
 * start (`ctx.catalog`, from question-banks/programs/*.json).
 */
export type ProgramSource = Pick<AppContext, "catalog">;

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
