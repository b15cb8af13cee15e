/**
 * Public interface of the certificates module.
 *
 * The document registry: official results, numbers, issuing and re-issuing,
 * revocation, verification (number, QR, uploaded PDF), the slot protocol, the
 * center keys; the stubs of an archived slot's documents (archived.ts).
 * Uses documents, slots, programs, audit; signing.
 */
export { reconcileDocumentStubs, writeDocumentStubs } from "./archived";
export { runCertificateIssueJob } from "./jobs";
export {
  certKeys,
  archivedDocKeys,
  findDocument,
  isArchivedDocument,
  loadOfficialResult,
  revokeDocument,
} from "./repository";
export {
  centerOfDocument,
  issueDocument,
  publishOfficialResult,
} from "./service";
export { slotProtocolPdf } from "./protocol";
export type { ProtocolRoster } from "./protocol";
