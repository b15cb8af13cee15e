/**
 * Public interface of the programs module.
 *
 * The test programs as the rest of the system sees them (titles, duration,
 * languages), from the banks catalog. Uses no other module.
 */
export { getProgramInfo } from "./service";
