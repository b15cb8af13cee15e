/**
 * Public interface of the refusals module.
 *
 * Written refusals: a refused admission or desk booking recorded with a
 * registration number, audited, and printed as a slip in Kazakh and
 * Russian. Uses slots, centers, booking, programs, documents, audit.
 */
export {
  findRefusalByNumber,
  getRefusal,
  listSlotRefusals,
  refusalKeys,
} from "./repository";
export type { RefusalRecord } from "./repository";
export { refusalRoutes } from "./routes";
export {
  issueRefusal,
  presentRefusal,
  refusalSlipPdf,
  requireRefusal,
} from "./service";
