/**
 * Public interface of the programs module.
 *
 * The test programs as the rest of the system sees them (titles, duration,
 * languages, the rules of the procedure) and the registry's position
 * categories, from the banks catalog. Uses no other module.
 */
export {
  getPositionCategory,
  getProgramInfo,
  getProgramRules,
  programSummaries,
} from "./service";
export type { ProgramRules } from "./service";
