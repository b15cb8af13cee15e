/**
 * Public interface of the certificates module.
 *
 * The document registry: official results, numbers, issuing and re-issuing,
 * revocation, verification (number, QR, uploaded PDF), the slot protocol, the
 * center keys. Uses documents, slots, audit; signing.
 */
export { runCertificateIssueJob } from "./jobs";
export {
  certKeys,
  findDocument,
  loadOfficialResult,
  revokeDocument,
} from "./repository";
export { issueDocument, publishOfficialResult } from "./service";
export { slotProtocolPdf } from "./protocol";
export type { ProtocolRoster } from "./protocol";
